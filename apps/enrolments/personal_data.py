from .models import Enrolment, EnrolmentInvitation


def enrolments(user):
    return [
        {
            "programme": e.offering.version.title_en,
            "provider": e.offering.version.programme.provider.legal_name_en,
            "offering_starts": e.offering.start_date.isoformat(),
            "status": e.status,
            "funding_source": e.funding_source,
            "applied_at": e.applied_at.isoformat(),
        }
        for e in Enrolment.objects.filter(learner=user).select_related("offering__version__programme__provider")
    ]


def enrolment_invitations(user):
    """Invitations addressed to the user, with what the provider typed about them."""
    fields = ("first_name_ka", "last_name_ka", "first_name_en", "last_name_en", "personal_number")
    return [
        {
            "programme": i.offering.version.title_en,
            "provider": i.offering.version.programme.provider.legal_name_en,
            "email": i.email,
            **{field: getattr(i, field) for field in fields},
            "date_of_birth": i.date_of_birth.isoformat() if i.date_of_birth else None,
            "status": i.status,
            "sent_at": i.created_at.isoformat(),
        }
        for i in EnrolmentInvitation.objects.filter(email=user.email.lower()).select_related(
            "offering__version__programme__provider"
        )
    ]
