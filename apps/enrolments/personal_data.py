def enrolments(user):
    from .models import Enrolment

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
