"""Demo providers: the white paper's three pilot institutions (authorized at NQF 6–7 for the pilots' fields),
one with an application awaiting review and one rejected, each with staff accounts. The identification codes
are made up for the demo."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.accounts.demo import DEMO_PASSWORD, demo_user
from apps.accounts.models import User
from apps.certificates.models import Signatory
from apps.core.demo_support import Login
from apps.core.pdf import minimal_pdf
from apps.reference.models import FieldOfStudy, NQFLevel

from . import authorizing, services
from .models import AuthorizationApplication, Outcome, Provider, ProviderKind, ProviderMembership, Role

PROVIDERS = [
    {
        "slug": "gtu",
        "legal_name_ka": "საქართველოს ტექნიკური უნივერსიტეტი",
        "legal_name_en": "Georgian Technical University",
        "short_name": "GTU",
        "identification_code": "211349892",
        "kind": ProviderKind.UNIVERSITY,
        "address": "თბილისი, მ. კოსტავას ქ. 77",
        "website": "https://gtu.ge",
        "fields": ["061", "0714", "0716"],
        "outcome": Outcome.AUTHORIZED,
        "staff": [("ლაშა", "ჯაფარიძე", "Lasha", "Japaridze")],
    },
    {
        "slug": "gu",
        "legal_name_ka": "საქართველოს უნივერსიტეტი",
        "legal_name_en": "Georgian University",
        "short_name": "GU",
        "identification_code": "204448551",
        "kind": ProviderKind.UNIVERSITY,
        "address": "თბილისი, კოსტავას ქ. 77ა",
        "website": "https://gu.edu.ge",
        "fields": ["0532", "1015", "0542", "0912", "0613"],
        "outcome": Outcome.AUTHORIZED,
        "staff": [("თამარ", "ხუციშვილი", "Tamar", "Khutsishvili")],
    },
    {
        "slug": "grena",
        "legal_name_ka": "საქართველოს სამეცნიერო-საგანმანათლებლო კომპიუტერული ქსელების ასოციაცია „გრენა“",
        "legal_name_en": "Georgian Research and Educational Networking Association GRENA",
        "short_name": "GRENA",
        "identification_code": "204971556",
        "kind": ProviderKind.LEGAL_ENTITY,
        "address": "თბილისი, ჭავჭავაძის გამზ. 1",
        "website": "https://grena.ge",
        "fields": ["061"],
        "outcome": Outcome.AUTHORIZED,
        "staff": [("დავით", "მაღრაძე", "Davit", "Maghradze")],
    },
    {
        "slug": "ilia",
        "legal_name_ka": "ილიას სახელმწიფო უნივერსიტეტი",
        "legal_name_en": "Ilia State University",
        "short_name": "ISU",
        "identification_code": "204865842",
        "kind": ProviderKind.UNIVERSITY,
        "address": "თბილისი, ქაქუცა ჩოლოყაშვილის გამზ. 3/5",
        "website": "https://iliauni.edu.ge",
        "fields": ["0531", "0588"],
        "outcome": None,  # submitted, awaiting review
        "staff": [("ეკა", "ლომიძე", "Eka", "Lomidze")],
    },
    {
        "slug": "skills",
        "legal_name_ka": "შპს „ციფრული უნარების ცენტრი“",
        "legal_name_en": "Digital Skills Centre LLC",
        "short_name": "DSC",
        "identification_code": "405112233",
        "kind": ProviderKind.LEGAL_ENTITY,
        "address": "ქუთაისი, რუსთაველის გამზ. 12",
        "website": "",
        "fields": ["0613"],
        "outcome": Outcome.REJECTED,
        "staff": [("გიორგი", "ბერიძე", "Giorgi", "Beridze")],
    },
]

AUTHORIZED_FOR_DAYS = datetime.timedelta(days=3 * 365)

# One text in the language the institution submits in (a Georgian institution writes Georgian to the Center), shown
# as submitted: not two halves joined by a slash that every reader sees whole.
SELF_EVALUATION = (
    "დაწესებულებას აქვს აკრედიტებული საბაკალავრო და სამაგისტრო პროგრამები მოთხოვნილ სფეროებში, "
    "შიდა ხარისხის უზრუნველყოფის სამსახური და ონლაინ სწავლების პლატფორმა."
)


def _staff(spec) -> list[tuple[User, str]]:
    people = []
    first_ka, last_ka, first_en, last_en = spec["staff"][0]
    for role in (Role.ADMIN, Role.AUTHOR, Role.ASSESSOR):
        if role != Role.ADMIN and spec["outcome"] != Outcome.AUTHORIZED:
            continue
        email = f"{spec['slug']}-{role}@microcred.localhost"
        names = (first_ka, last_ka, first_en, last_en) if role == Role.ADMIN else _other_names(role)
        user = demo_user(
            email=email,
            role=role,
            first_name_ka=names[0],
            last_name_ka=names[1],
            first_name_en=names[2],
            last_name_en=names[3],
        )
        people.append((user, role))
    return people


def _other_names(role):
    return {
        Role.AUTHOR: ("მარიამ", "გოგიჩაიშვილი", "Mariam", "Gogichaishvili"),
        Role.ASSESSOR: ("ნიკა", "წერეთელი", "Nika", "Tsereteli"),
    }[role]


def _reviewer() -> User:
    return User.objects.get(email="reviewer@microcred.localhost")


def _seed_provider(spec) -> Provider:
    staff = _staff(spec)
    admin = staff[0][0]
    provider = Provider.objects.filter(identification_code=spec["identification_code"]).first()
    if provider is None:
        data = {k: v for k, v in spec.items() if k in services.PROVIDER_FIELDS}
        data["contact_email"] = f"info@{spec['slug']}.microcred.localhost"
        provider = services.provider_register(acting_user=admin, data=data)
    for user, role in staff:
        ProviderMembership.objects.get_or_create(provider=provider, user=user, defaults={"role": role})
    if not AuthorizationApplication.objects.filter(provider=provider).exists():
        _apply(provider, admin, spec)
    return provider


def _apply(provider, admin, spec):
    application = authorizing.application_create(provider=provider, acting_user=admin)
    authorizing.application_update(
        application=application,
        acting_user=admin,
        levels=NQFLevel.objects.filter(level__in=[6, 7]),
        fields_of_study=FieldOfStudy.objects.filter(code__in=spec["fields"]),
        self_evaluation=SELF_EVALUATION,
    )
    authorizing.application_add_document(
        application=application,
        acting_user=admin,
        title="თვითშეფასების ანგარიში / Self-evaluation report",
        upload=SimpleUploadedFile("self-evaluation.pdf", minimal_pdf(f"{spec['short_name']} self-evaluation")),
    )
    authorizing.application_submit(application=application, acting_user=admin)
    if spec["outcome"] is None:
        return
    today = timezone.localdate()
    reasons = {
        Outcome.AUTHORIZED: (
            "დაწესებულება აკმაყოფილებს მიკროკრედიტების შეთავაზების სტანდარტებს მოთხოვნილ სფეროებში.",
            "The institution meets the standards for offering micro-credentials in the requested fields.",
        ),
        Outcome.REJECTED: (
            "დაწესებულებას არ აქვს ხარისხის უზრუნველყოფის შიდა მექანიზმები და კვალიფიციური აკადემიური პერსონალი.",
            "The organisation lacks internal quality assurance and qualified academic staff.",
        ),
    }[spec["outcome"]]
    authorizing.application_decide(
        application=application,
        reviewer=_reviewer(),
        outcome=spec["outcome"],
        reasons_ka=reasons[0],
        reasons_en=reasons[1],
        # In force for three years already (so it covers the demo's certificate issued two years ago and now
        # expired) and for three more.
        valid_from=today - AUTHORIZED_FOR_DAYS if spec["outcome"] == Outcome.AUTHORIZED else None,
        valid_until=today + AUTHORIZED_FOR_DAYS if spec["outcome"] == Outcome.AUTHORIZED else None,
    )


# Who signs each demo provider's certificates (made-up people, the usual positions).
SIGNATORIES = {
    "GTU": [("ნინო ლომიძე", "Nino Lomidze", "რექტორი", "Rector")],
    "GU": [("დავით კაპანაძე", "Davit Kapanadze", "რექტორი", "Rector")],
    "GRENA": [("თამარ გელაშვილი", "Tamar Gelashvili", "აღმასრულებელი დირექტორი", "Executive Director")],
}
QA_HEAD = ("ლევან აბაშიძე", "Levan Abashidze", "ხარისხის უზრუნველყოფის სამსახურის უფროსი", "Head of Quality Assurance")


def _seed_signatories() -> None:
    for short_name, people in SIGNATORIES.items():
        provider = Provider.objects.filter(short_name=short_name).first()
        if provider is None or provider.signatories.exists():
            continue
        for order, (name_ka, name_en, position_ka, position_en) in enumerate([*people, QA_HEAD], 1):
            Signatory.objects.create(
                provider=provider,
                order=order,
                name_ka=name_ka,
                name_en=name_en,
                position_ka=position_ka,
                position_en=position_en,
            )


def seed() -> list[Login]:
    for spec in PROVIDERS:
        _seed_provider(spec)
    _seed_signatories()
    logins = []
    for spec in PROVIDERS:
        for role in (Role.ADMIN, Role.AUTHOR, Role.ASSESSOR):
            email = f"{spec['slug']}-{role}@microcred.localhost"
            if User.objects.filter(email=email).exists():
                logins.append(Login(email, DEMO_PASSWORD, f"{spec['short_name']} {Role(role).label}"))
    return logins
