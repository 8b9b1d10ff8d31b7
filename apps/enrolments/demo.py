"""Demo offerings of the pilots with learners (Georgian names): two finalised with passes and failures, one in
progress, one open for enrolment (with a learner who enrolled herself and two invitations awaiting an answer).
Staff enrol by invitation: the learners of the cohorts accepted theirs."""

import datetime
from decimal import Decimal

from django.utils import timezone

from apps.accounts.demo import demo_user
from apps.accounts.models import User
from apps.assessments import services as assessments
from apps.core.demo_support import Login
from apps.programmes.models import ProgrammeVersion
from apps.reference.models import Language

from . import services
from .models import Offering

LEARNERS = [
    ("ანა", "გელაშვილი", "Ana", "Gelashvili", "learner@microcred.localhost"),
    ("ლუკა", "მაისურაძე", "Luka", "Maisuradze", "luka.maisuradze@example.ge"),
    ("მარიამ", "ქავთარაძე", "Mariam", "Kavtaradze", "mariam.kavtaradze@example.ge"),
    ("ნიკოლოზ", "ჯავახიშვილი", "Nikoloz", "Javakhishvili", "nikoloz.javakhishvili@example.ge"),
    ("სალომე", "კვირიკაშვილი", "Salome", "Kvirikashvili", "salome.kvirikashvili@example.ge"),
    ("დავით", "ლორთქიფანიძე", "Davit", "Lortkipanidze", "davit.lortkipanidze@example.ge"),
    ("ელენე", "ცხადაძე", "Elene", "Tskhadadze", "elene.tskhadadze@example.ge"),
    ("გიორგი", "აბაშიძე", "Giorgi", "Abashidze", "giorgi.abashidze@example.ge"),
]
# Scores per learner for each component, in order; None = not yet assessed.
FINALISED = {
    "MC-NET-01": [(95, 92), (78, 84), (60, 55), (45, 62), (30, 35), (88, 71)],
    "MC-GIS-01": [(80, 90), (55, 48), (40, 45), (92, 97)],
}
IN_PROGRESS = {"MC-DAM-01": [(70, None), (85, None), (None, None)]}


def _learners() -> list[User]:
    return [
        demo_user(email=email, role="learner", first_name_ka=fk, last_name_ka=lk, first_name_en=fe, last_name_en=le)
        for fk, lk, fe, le, email in LEARNERS
    ]


def _offering(version, admin, *, start, days, opens, closes, capacity=25):
    return services.offering_create(
        version=version,
        acting_user=admin,
        data={
            "start_date": start,
            "end_date": start + datetime.timedelta(days=days),
            "enrolment_opens": opens,
            "enrolment_closes": closes,
            "capacity": capacity,
            "waiting_list": True,
            "language": Language.objects.get(pk=version.languages.first().pk),
            "participation_mode": version.participation_mode,
            "place": "თბილისი" if version.participation_mode != "online" else "",
            "place_en": "Tbilisi" if version.participation_mode != "online" else "",
            "fee": Decimal("150.00"),
            "funding_sources": ["self", "state_grant", "employer", "voucher"],
        },
    )


def _person(learner: User) -> dict:
    """What a provider administrator types to invite a learner: the address and the names."""
    fields = ("email", "first_name_ka", "last_name_ka", "first_name_en", "last_name_en")
    return {field: getattr(learner, field) for field in fields}


def _enrol(offering, admin, learners, scores, *, finalise):
    """The administrator invites the cohort; each learner accepts in their learning area; then the scores."""
    assessor = offering.version.programme.provider.memberships.get(role="assessor").user
    components = list(offering.version.components.order_by("order"))
    people = [
        {**_person(learner), "funding_source": "state_grant" if learner.pk % 2 else "self"}
        for learner, _row in zip(learners, scores, strict=False)
    ]
    invitations = services.enrolment_invite_many(offering=offering, acting_user=admin, people=people)
    typed = {}
    for learner, invitation, row in zip(learners, invitations, scores, strict=False):
        enrolment = services.enrolment_invitation_accept(invitation=invitation, learner=learner)
        for component, score in zip(components, row, strict=False):
            if score is not None:
                typed[(enrolment.pk, component.pk)] = str(score)
    # Scores are entered while the offering runs; enrolment has closed by the time results are final.
    assessments.gradebook_save(offering=offering, assessor=assessor, scores=typed)
    if finalise:
        assessments.offering_finalise(offering=offering, acting_user=assessor)


def seed() -> list[Login]:
    learners = _learners()
    if Offering.objects.exists():
        return []
    today = timezone.localdate()
    for code, scores in FINALISED.items():
        version = ProgrammeVersion.objects.get(programme__code=code, status="published")
        admin = version.programme.provider.memberships.get(role="admin").user
        offering = _offering(
            version,
            admin,
            start=today - datetime.timedelta(days=120),
            days=60,
            opens=today - datetime.timedelta(days=150),
            closes=today - datetime.timedelta(days=121),
        )
        _enrol(offering, admin, learners, scores, finalise=True)
    for code, scores in IN_PROGRESS.items():
        version = ProgrammeVersion.objects.get(programme__code=code, status="published")
        admin = version.programme.provider.memberships.get(role="admin").user
        offering = _offering(
            version,
            admin,
            start=today - datetime.timedelta(days=20),
            days=60,
            opens=today - datetime.timedelta(days=40),
            closes=today + datetime.timedelta(days=10),
        )
        _enrol(offering, admin, learners[:3], scores, finalise=False)
    version = ProgrammeVersion.objects.get(programme__code="MC-UAV-01", status="published")
    admin = version.programme.provider.memberships.get(role="admin").user
    upcoming = _offering(
        version,
        admin,
        start=today + datetime.timedelta(days=30),
        days=45,
        opens=today - datetime.timedelta(days=5),
        closes=today + datetime.timedelta(days=25),
        capacity=20,
    )
    # Open for enrolment: one learner enrolled herself; the demo learner has an invitation waiting in her learning
    # area, and so has someone with no account yet (the provider's list shows both alike, as it typed them).
    services.enrol_self(offering=upcoming, learner=learners[4], funding_source="self")
    services.enrolment_invite_many(
        offering=upcoming,
        acting_user=admin,
        people=[
            {**_person(learners[0]), "funding_source": "employer"},
            {
                "email": "tamar.beridze@example.ge",
                "first_name_ka": "თამარ",
                "last_name_ka": "ბერიძე",
                "first_name_en": "Tamar",
                "last_name_en": "Beridze",
                "funding_source": "voucher",
            },
        ],
    )
    return [Login(LEARNERS[1][4], "demo-password-2026", "learner with finalised results")]
