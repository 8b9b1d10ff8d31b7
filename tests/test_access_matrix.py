"""The role × route matrix: every HTML route from the URL resolver and every API operation from the OpenAPI schema,
requested by every kind of user, against the demo world.

The policy (apps/providers/access.py): another provider's object is a 404, exactly as an id never used; your own
provider's object with the wrong role is a 403; a learner's own things are theirs alone; the Center reads through
the admin and decides there. A new route that is not in the matrix fails `test_every_route_is_in_the_matrix`.

Each request runs in a transaction that is rolled back, so that an allowed change (a revocation, a withdrawal)
leaves the world as it was for the next request.

Many actions answer with a redirect both when they do the thing and when they refuse (with a message saying why),
so for those the matrix also reads the object the request acts on (`world["effects"]`): a role that may has changed
it, a role that may not has left it as it was."""

import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator

from apps.accounts.models import User
from apps.certificates.models import Credential, IssuanceBatch, SigningIdentity, StatusList
from apps.enrolments.models import EnrolmentInvitation
from apps.programmes import services as programmes
from apps.programmes.models import ProgrammeVersion
from apps.providers import authorizing
from apps.providers.models import AuthorizationApplication, ProviderMembership, Role
from tests.factories import EnrolmentInvitationFactory, InvitationFactory, IssuanceBatchFactory, NotificationFactory
from tests.helpers import approve, complete_application, new_complete_version

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "owner", "stranger", "admin", "author", "assessor", "other_admin", "reviewer"]

# What a response may be, by what it means to the person who made it.
OK = "ok"  # allowed: the page, a redirect after the change, or a form that explains what is missing
LOGIN = "login"  # sent to sign in (HTML) or "not authenticated" (API)
FORBIDDEN = "403"
NOT_FOUND = "404"
INVALID = "400"  # the API answers "does not exist" for an id the user may not know, word for word as for none


def row(anonymous, owner, stranger, admin, author, assessor, other_admin, reviewer):
    return dict(zip(ROLES, [anonymous, owner, stranger, admin, author, assessor, other_admin, reviewer], strict=True))


PUBLIC = row(OK, OK, OK, OK, OK, OK, OK, OK)
SIGNED_IN = row(LOGIN, OK, OK, OK, OK, OK, OK, OK)
MEMBERS = row(LOGIN, NOT_FOUND, NOT_FOUND, OK, OK, OK, NOT_FOUND, NOT_FOUND)
ADMINS = row(LOGIN, NOT_FOUND, NOT_FOUND, OK, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND)
AUTHORS = row(LOGIN, NOT_FOUND, NOT_FOUND, OK, OK, FORBIDDEN, NOT_FOUND, NOT_FOUND)
ASSESSORS = row(LOGIN, NOT_FOUND, NOT_FOUND, OK, FORBIDDEN, OK, NOT_FOUND, NOT_FOUND)
OWNER = row(LOGIN, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND)
# The learner's PDF: the learner, the provider's issuers and the Center; the provider's other staff are told no.
PDF = row(NOT_FOUND, OK, NOT_FOUND, OK, FORBIDDEN, FORBIDDEN, NOT_FOUND, OK)
DOCUMENT = row(LOGIN, NOT_FOUND, NOT_FOUND, OK, FORBIDDEN, FORBIDDEN, NOT_FOUND, OK)
# allauth's own pages: anyone may open them; some send a signed-in user on.
AUTH_PAGE = PUBLIC
# A second factor's pages are about one's own authenticator: the demo users have none yet.
OWN_AUTHENTICATOR = row(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND)

# HTML routes: route name → {method: expectations}. Paths are filled from the world below.
HTML = {
    "verification:start": {"GET": PUBLIC},
    "verification:upload": {"POST": PUBLIC},
    "verification:result": {"GET": PUBLIC},
    "core:home": {"GET": PUBLIC},
    "core:privacy": {"GET": PUBLIC},
    "core:set_language": {"POST": PUBLIC},
    "core:switch_language": {"GET": PUBLIC},
    "healthz": {"GET": PUBLIC},
    "account_login": {"GET": AUTH_PAGE},
    "account_logout": {"GET": AUTH_PAGE},
    "account_inactive": {"GET": AUTH_PAGE},
    "account_signup": {"GET": AUTH_PAGE},
    "account_reauthenticate": {"GET": SIGNED_IN},
    "account_request_reauthentication_code": {"GET": SIGNED_IN},
    "account_confirm_reauthentication_code": {"GET": SIGNED_IN},
    "account_email": {"GET": SIGNED_IN},
    "account_email_verification_sent": {"GET": AUTH_PAGE},
    "account_change_password": {"GET": SIGNED_IN},
    "account_set_password": {"GET": SIGNED_IN},
    "account_reset_password": {"GET": AUTH_PAGE},
    "account_confirm_login_code": {"GET": SIGNED_IN},  # only in the middle of a login
    "account_confirm_email": {"GET": AUTH_PAGE},
    "account_reset_password_from_key_done": {"GET": AUTH_PAGE},
    "account_reset_password_from_key": {"GET": AUTH_PAGE},
    "account_reset_password_done": {"GET": AUTH_PAGE},
    "mfa_index": {"GET": SIGNED_IN},
    "mfa_authenticate": {"GET": SIGNED_IN},  # only in the middle of a login
    "mfa_reauthenticate": {"GET": SIGNED_IN},
    "mfa_activate_totp": {"GET": SIGNED_IN},
    "mfa_deactivate_totp": {"GET": OWN_AUTHENTICATOR},
    "mfa_view_recovery_codes": {"GET": OWN_AUTHENTICATOR},
    "mfa_generate_recovery_codes": {"GET": SIGNED_IN},
    "mfa_download_recovery_codes": {"GET": OWN_AUTHENTICATOR},
    "accounts:profile": {"GET": SIGNED_IN},
    "accounts:profile_edit": {"GET": SIGNED_IN},
    "accounts:data_export": {"GET": SIGNED_IN},
    "accounts:notifications": {"GET": SIGNED_IN, "POST": SIGNED_IN},  # one's own; a POST marks them read
    "accounts:notification_read": {"POST": OWNER},  # the learner's notification: nobody else's to touch
    "providers:home": {"GET": SIGNED_IN},
    "providers:register": {"GET": SIGNED_IN},
    "providers:invitation": {"GET": PUBLIC},
    "providers:document": {"GET": DOCUMENT},
    "providers:dashboard": {"GET": MEMBERS},
    "providers:edit": {"GET": ADMINS, "POST": ADMINS},
    "providers:staff": {"GET": ADMINS, "POST": ADMINS},
    "providers:staff_remove": {"POST": ADMINS},
    "providers:applications": {"GET": ADMINS, "POST": ADMINS},
    "providers:application": {"GET": ADMINS, "POST": ADMINS},
    "providers:application_document_add": {"POST": ADMINS},
    "providers:application_document_remove": {"POST": ADMINS},
    "providers:application_submit": {"POST": ADMINS},
    "providers:application_withdraw": {"POST": ADMINS},
    "providers:decisions": {"GET": MEMBERS},
    "programmes:list": {"GET": MEMBERS, "POST": AUTHORS},
    "programmes:version": {"GET": MEMBERS, "POST": AUTHORS},
    "programmes:preview": {"GET": MEMBERS},
    "programmes:specimen": {"GET": MEMBERS},
    "programmes:submit": {"POST": AUTHORS},
    "programmes:withdraw": {"POST": AUTHORS},
    "programmes:publish": {"POST": AUTHORS},
    "programmes:archive": {"POST": AUTHORS},
    "programmes:new_version": {"POST": AUTHORS},
    "enrolments:offering_new": {"GET": ADMINS},
    "enrolments:offerings": {"GET": MEMBERS},  # the Offerings tab
    "enrolments:gradebooks": {"GET": ASSESSORS},  # the gradebooks waiting for results
    "enrolments:offering": {"GET": MEMBERS},
    "enrolments:import": {"GET": ADMINS},
    "enrolments:export": {"GET": ADMINS},
    "enrolments:csv_template": {"GET": PUBLIC},  # a blank file of column headings
    "enrolments:invitation_withdraw": {"POST": ADMINS},
    "assessments:gradebook": {"GET": ASSESSORS, "POST": ASSESSORS},
    "assessments:finalise": {"POST": ASSESSORS},
    "assessments:scores_import": {"GET": ASSESSORS},
    "assessments:correct": {"POST": ASSESSORS},
    "certificates:offering": {"GET": MEMBERS},
    "certificates:issue_one": {"POST": ADMINS},
    "certificates:issue_bulk": {"POST": ADMINS},
    "certificates:batch": {"GET": MEMBERS},
    "certificates:revoke": {"GET": ADMINS, "POST": ADMINS},
    "certificates:reissue": {"GET": ADMINS, "POST": ADMINS},
    "certificates:retry": {"POST": ADMINS},
    "certificates:signatories": {"GET": ADMINS},
    "credential_pdf": {"GET": PDF},
    "ob3_json": {"GET": PUBLIC},
    "ob3_jwt": {"GET": PUBLIC},
    "ob3_status_list": {"GET": PUBLIC},
    "ob3_issuer": {"GET": PUBLIC},
    "ob3_achievement": {"GET": PUBLIC},
    "ob3_key": {"GET": PUBLIC},
    "ob3_jwks": {"GET": PUBLIC},
    "learner:home": {"GET": SIGNED_IN},
    "learner:enrol": {"GET": SIGNED_IN, "POST": SIGNED_IN},
    "learner:withdraw": {"POST": OWNER},
    "learner:credential_visibility": {"POST": OWNER},
    "learner:invitation": {"GET": PUBLIC},  # the addressee's link: the token is the key
    "registry:providers": {"GET": PUBLIC},
    "registry:provider": {"GET": PUBLIC},
    "registry:programmes": {"GET": PUBLIC},
    "registry:programme": {"GET": PUBLIC},
    "registry:programme_version": {"GET": PUBLIC},
    "api-root": {"GET": PUBLIC},
    "api-schema": {"GET": PUBLIC},
    "api-docs": {"GET": PUBLIC},
}

API_SIGNED_IN = SIGNED_IN
API_MEMBERS_OR_CENTER = row(LOGIN, NOT_FOUND, NOT_FOUND, OK, OK, OK, NOT_FOUND, OK)
API_VERSION_WRITE = row(LOGIN, NOT_FOUND, NOT_FOUND, OK, OK, FORBIDDEN, NOT_FOUND, FORBIDDEN)
API_APPLICATION_READ = row(LOGIN, NOT_FOUND, NOT_FOUND, OK, FORBIDDEN, FORBIDDEN, NOT_FOUND, OK)
API_APPLICATION_WRITE = row(LOGIN, NOT_FOUND, NOT_FOUND, OK, FORBIDDEN, FORBIDDEN, NOT_FOUND, FORBIDDEN)
# Creating with a provider or enrolment named in the body: someone else's reads "does not exist".
API_APPLICATION_CREATE = row(LOGIN, INVALID, INVALID, OK, FORBIDDEN, FORBIDDEN, INVALID, INVALID)
API_VERSION_CREATE = row(LOGIN, INVALID, INVALID, OK, OK, FORBIDDEN, INVALID, INVALID)
API_RESULT_CREATE = row(LOGIN, INVALID, INVALID, OK, FORBIDDEN, OK, INVALID, INVALID)
API_ISSUE = row(LOGIN, NOT_FOUND, NOT_FOUND, OK, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND)
API_DECIDE = row(LOGIN, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, OK)
API_INVITE = row(LOGIN, INVALID, INVALID, OK, FORBIDDEN, FORBIDDEN, INVALID, INVALID)
API_RUN = row(LOGIN, NOT_FOUND, NOT_FOUND, OK, FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND)
API_OWN_OR_STAFF = row(LOGIN, OK, NOT_FOUND, OK, OK, OK, NOT_FOUND, NOT_FOUND)
API_RESULT_READ = row(LOGIN, OK, NOT_FOUND, OK, FORBIDDEN, OK, NOT_FOUND, NOT_FOUND)
API_CREDENTIAL_READ = row(LOGIN, OK, NOT_FOUND, OK, OK, OK, NOT_FOUND, OK)
API_CREDENTIAL_CHANGE = row(LOGIN, FORBIDDEN, NOT_FOUND, OK, FORBIDDEN, FORBIDDEN, NOT_FOUND, OK)

# API operations: (path in the schema, method) → expectations.
API = {
    ("/api/v1/verify/file/", "POST"): PUBLIC,
    ("/api/v1/verify/{code}/", "GET"): PUBLIC,
    ("/api/v1/providers/", "GET"): PUBLIC,
    ("/api/v1/providers/{id}/", "GET"): PUBLIC,
    ("/api/v1/applications/", "GET"): API_SIGNED_IN,
    ("/api/v1/applications/", "POST"): API_APPLICATION_CREATE,
    ("/api/v1/applications/{id}/", "GET"): API_APPLICATION_READ,
    ("/api/v1/applications/{id}/", "PUT"): API_APPLICATION_WRITE,
    ("/api/v1/applications/{id}/", "PATCH"): API_APPLICATION_WRITE,
    ("/api/v1/applications/{id}/documents/", "POST"): API_APPLICATION_WRITE,
    ("/api/v1/applications/{id}/submit/", "POST"): API_APPLICATION_WRITE,
    ("/api/v1/applications/{id}/withdraw/", "POST"): API_APPLICATION_WRITE,
    ("/api/v1/programmes/", "GET"): PUBLIC,
    ("/api/v1/programmes/{programme_id}/", "GET"): PUBLIC,
    ("/api/v1/programme-versions/", "GET"): API_SIGNED_IN,
    ("/api/v1/programme-versions/", "POST"): API_VERSION_CREATE,
    ("/api/v1/programme-versions/{id}/", "GET"): API_MEMBERS_OR_CENTER,
    ("/api/v1/programme-versions/{id}/", "PUT"): API_VERSION_WRITE,
    ("/api/v1/programme-versions/{id}/", "PATCH"): API_VERSION_WRITE,
    ("/api/v1/programme-versions/{id}/decide/", "POST"): API_DECIDE,
    ("/api/v1/programme-versions/{id}/publish/", "POST"): API_VERSION_WRITE,
    ("/api/v1/programme-versions/{id}/submit/", "POST"): API_VERSION_WRITE,
    ("/api/v1/offerings/", "GET"): PUBLIC,
    ("/api/v1/offerings/{id}/", "GET"): PUBLIC,
    ("/api/v1/enrolments/", "GET"): API_SIGNED_IN,
    ("/api/v1/enrolments/", "POST"): API_SIGNED_IN,
    ("/api/v1/enrolments/{id}/", "GET"): API_OWN_OR_STAFF,
    ("/api/v1/enrolment-invitations/", "GET"): API_SIGNED_IN,
    ("/api/v1/enrolment-invitations/", "POST"): API_INVITE,
    ("/api/v1/enrolment-invitations/{id}/", "GET"): API_RUN,
    ("/api/v1/enrolment-invitations/{id}/withdraw/", "POST"): API_RUN,
    ("/api/v1/results/", "GET"): API_SIGNED_IN,
    ("/api/v1/results/", "POST"): API_RESULT_CREATE,
    ("/api/v1/results/{id}/", "GET"): API_RESULT_READ,
    ("/api/v1/credentials/", "GET"): API_SIGNED_IN,
    ("/api/v1/credentials/", "POST"): API_ISSUE,
    ("/api/v1/credentials/bulk-issue/", "POST"): API_ISSUE,
    ("/api/v1/credentials/{code}/", "GET"): API_CREDENTIAL_READ,
    ("/api/v1/credentials/{code}/open-badge/", "GET"): API_CREDENTIAL_READ,
    ("/api/v1/credentials/{code}/reissue/", "POST"): API_CREDENTIAL_CHANGE,
    ("/api/v1/credentials/{code}/revoke/", "POST"): API_CREDENTIAL_CHANGE,
    ("/api/v1/issuance-batches/{id}/", "GET"): API_MEMBERS_OR_CENTER,
}


# --- Enumerating the routes ------------------------------------------------------------------------------------


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = ":".join(part for part in (namespace, pattern.name or "") if part)
            yield prefix + str(pattern.pattern), name


def html_routes() -> dict[str, str]:
    """Every named route outside the admin and the API router (whose operations the schema lists)."""
    routes = {}
    for path, name in _walk(get_resolver().url_patterns):
        if path.startswith(("admin/", "^media/")) or (path.startswith("api/v1/") and path != "api/v1/"):
            continue
        routes[name] = path
    return routes


def api_operations() -> set[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (path, method.upper())
        for path, operations in schema["paths"].items()
        for method in operations
        if method in ("get", "post", "put", "patch", "delete")
    }


def test_every_route_is_in_the_matrix():
    routes = set(html_routes())
    assert routes == set(HTML), f"not in the matrix: {routes - set(HTML)}; gone: {set(HTML) - routes}"
    assert api_operations() == set(API), "API operations and the matrix differ"


# --- The world ---------------------------------------------------------------------------------------------------


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    credential = (
        Credential.objects.filter(status="issued", expires_at__isnull=True)
        .select_related("enrolment", "offering__version__programme", "provider")
        .order_by("pk")
        .first()
    )
    provider = credential.provider
    members = {m.role: m.user for m in ProviderMembership.objects.filter(provider=provider).select_related("user")}
    other = (
        ProviderMembership.objects.filter(role=Role.ADMIN, provider__decisions__outcome="authorized")
        .exclude(provider=provider)
        .select_related("user")
        .first()
    )
    owner = credential.learner
    stranger = User.objects.filter(provider_memberships__isnull=True, is_staff=False).exclude(pk=owner.pk).first()
    application = provider.applications.order_by("-pk").first()
    version = credential.offering.version
    batch = IssuanceBatch.objects.filter(offering=credential.offering).first() or IssuanceBatchFactory(
        offering=credential.offering, created_by=members[Role.ADMIN]
    )
    enrolment_invitation = EnrolmentInvitationFactory(
        offering=credential.offering, token="matrix-enrolment-invitation", invited_by=members[Role.ADMIN]
    )
    invitation = InvitationFactory(provider=provider, role=Role.AUTHOR, invited_by=members[Role.ADMIN])
    notification = NotificationFactory(recipient=owner)
    reviewer = User.objects.get(email="reviewer@microcred.localhost")
    values = {
        "code": credential.code,
        "provider_id": provider.pk,
        "application_id": application.pk,
        "document_id": application.documents.first().pk,
        "membership_id": ProviderMembership.objects.get(provider=provider, role=Role.AUTHOR).pk,
        "programme_id": version.programme_id,
        "number": version.number,
        "offering_id": credential.offering_id,
        "enrolment_id": credential.enrolment_id,
        "batch_id": batch.pk,
        "list_id": StatusList.objects.first().pk,
        "kid": SigningIdentity.objects.first().key_id,
        "token": invitation.token,
        "invitation_id": enrolment_invitation.pk,
        "language": "en",
        "key": "nothing-here",
        "uidb36": "zz",
        "version_id": version.pk,
        "result_id": credential.enrolment.results.first().pk,
        "component_id": version.components.first().pk,
        "notification_id": notification.pk,
    }
    users = {
        "anonymous": None,
        "owner": owner,
        "stranger": stranger,
        "admin": members[Role.ADMIN],
        "author": members[Role.AUTHOR],
        "assessor": members[Role.ASSESSOR],
        "other_admin": other.user,
        "reviewer": reviewer,
    }
    return {"values": values, "users": users, "effects": _effects(credential, members, reviewer, enrolment_invitation)}


def _status(model, pk):
    return lambda: model.objects.values_list("status", flat=True).get(pk=pk)


def _effects(credential, members, reviewer, enrolment_invitation) -> dict:
    """For each action that redirects whether it acts or refuses: the object to make the request on (one in the
    state the action starts from, named by the values that override the world's) and how to read its state.
    Keyed by HTML route name, or by (API path, method)."""
    provider, version = credential.provider, credential.offering.version
    author, admin = members[Role.AUTHOR], members[Role.ADMIN]
    scope = {"nqf_level": version.nqf_level, "field_of_study": version.field_of_study}  # what the provider may issue
    draft = new_complete_version(provider, author, code="MATRIX-DRAFT", **scope)
    submitted = new_complete_version(provider, author, code="MATRIX-SUBMITTED", **scope)
    programmes.version_submit(version=submitted, acting_user=author)
    approved = approve(new_complete_version(provider, author, code="MATRIX-APPROVED", **scope), author, reviewer)
    draft_application = complete_application(provider, admin)
    submitted_application = complete_application(provider, admin)
    authorizing.application_submit(application=submitted_application, acting_user=admin)

    def on_version(v):
        return {"programme_id": v.programme_id, "number": v.number, "version_id": v.pk}, _status(ProgrammeVersion, v.pk)

    def on_application(application):
        return {"application_id": application.pk}, _status(AuthorizationApplication, application.pk)

    open_invitation = ({}, _status(EnrolmentInvitation, enrolment_invitation.pk))
    return {
        "programmes:submit": on_version(draft),
        "programmes:withdraw": on_version(submitted),
        "programmes:publish": on_version(approved),
        "programmes:archive": on_version(version),
        "programmes:new_version": ({}, lambda: version.programme.versions.count()),
        "providers:application_submit": on_application(draft_application),
        "providers:application_withdraw": on_application(submitted_application),
        "enrolments:invitation_withdraw": open_invitation,
        ("/api/v1/programme-versions/{id}/submit/", "POST"): on_version(draft),
        ("/api/v1/programme-versions/{id}/publish/", "POST"): on_version(approved),
        ("/api/v1/applications/{id}/submit/", "POST"): on_application(draft_application),
        ("/api/v1/applications/{id}/withdraw/", "POST"): on_application(submitted_application),
        ("/api/v1/enrolment-invitations/{id}/withdraw/", "POST"): open_invitation,
    }


def _fill(path: str, values: dict) -> str:
    path = re.sub(r"\^|\$", "", path)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m.group(1)]), path)
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), path)


def _fill_api(path: str, values: dict) -> str:
    ids = {
        "/api/v1/providers/": values["provider_id"],
        "/api/v1/applications/": values["application_id"],
        "/api/v1/programme-versions/": values["version_id"],
        "/api/v1/offerings/": values["offering_id"],
        "/api/v1/enrolments/": values["enrolment_id"],
        "/api/v1/enrolment-invitations/": values["invitation_id"],
        "/api/v1/results/": values["result_id"],
        "/api/v1/issuance-batches/": values["batch_id"],
    }
    for prefix, value in ids.items():
        if path.startswith(prefix):
            path = path.replace("{id}", str(value))
    return path.replace("{code}", values["code"]).replace("{programme_id}", str(values["programme_id"]))


def _api_body(path: str, values: dict) -> dict:
    bodies = {
        "/api/v1/applications/": {"provider": values["provider_id"]},
        "/api/v1/programme-versions/": {"provider": values["provider_id"], "programme": {"code": "MATRIX-1"}},
        "/api/v1/enrolments/": {"offering": values["offering_id"], "funding_source": "self"},
        "/api/v1/results/": {"enrolment": values["enrolment_id"], "component": values["component_id"], "score": 80},
        "/api/v1/credentials/": {"enrolment": values["enrolment_id"]},
        "/api/v1/enrolment-invitations/": {
            "offering": values["offering_id"],
            "email": "someone@example.ge",
            "funding_source": "self",
        },
        "/api/v1/credentials/bulk-issue/": {"offering": values["offering_id"]},
    }
    if path.endswith(("/revoke/", "/reissue/")):
        return {"reason": "Matrix probe"}
    if path.endswith("/decide/"):
        return {"outcome": "approved", "reasons_ka": "", "reasons_en": ""}
    return bodies.get(path, {})


def _meaning(response, *, api: bool) -> str:
    status = response.status_code
    if status == 302 and "/account/login/" in response.get("Location", ""):
        return LOGIN
    if api and status in (401, 403) and "credentials were not provided" in response.content.decode(errors="ignore"):
        return LOGIN
    if status == 403:
        return FORBIDDEN
    if status == 404:
        return NOT_FOUND
    if api and status == 400 and (b"does not exist" in response.content or b"Invalid pk" in response.content):
        return INVALID
    if status >= 500:
        return f"server error {status}"
    return OK


def _probe(world, requests) -> list[str]:
    """Make each request as each role, in a transaction rolled back after it; return the mismatches."""
    mismatches = []
    for role in ROLES:
        client = Client(raise_request_exception=False)
        client.cookies["django_language"] = "en"  # the messages read below are the English ones
        if world["users"][role] is not None:
            client.force_login(world["users"][role])
        for method, path, expected, body, api, state in requests:
            cache.clear()  # rate limits are not what this matrix is about
            with transaction.atomic():
                before = state() if state else None
                if method == "GET":
                    response = client.get(path)
                elif api:
                    response = client.generic(
                        method, path, data=__import__("json").dumps(body), content_type="application/json"
                    )
                else:
                    response = client.post(path, body)
                after = state() if state else None
                transaction.set_rollback(True)
            got = _meaning(response, api=api)
            if got != expected[role]:
                mismatches.append(f"{role:12} {method:5} {path}: expected {expected[role]}, got {got}")
            elif state and (before != after) != (got == OK):
                done = f"changed it ({before} → {after})" if before != after else f"left it {before}"
                mismatches.append(f"{role:12} {method:5} {path}: answered {got} and {done}")
    return mismatches


def test_html_routes_answer_each_role_as_the_policy_says(world):
    routes = html_routes()
    # Two routes take a token: a staff invitation's and an enrolment invitation's.
    overrides = {"learner:invitation": {"token": "matrix-enrolment-invitation"}}
    requests = []
    for name, methods in HTML.items():
        for method, expected in methods.items():
            values, state = world["effects"].get(name, ({}, None)) if method == "POST" else ({}, None)
            path = _fill(routes[name], world["values"] | overrides.get(name, {}) | values)
            requests.append((method, path, expected, {}, False, state))
    mismatches = _probe(world, requests)
    assert not mismatches, "\n".join(mismatches)


def test_api_operations_answer_each_role_as_the_policy_says(world):
    requests = []
    for (path, method), expected in API.items():
        values, state = world["effects"].get((path, method), ({}, None))
        filled = _fill_api(path, world["values"] | values)
        requests.append((method, filled, expected, _api_body(path, world["values"]), True, state))
    mismatches = _probe(world, requests)
    assert not mismatches, "\n".join(mismatches)


def test_the_admin_is_for_the_center_only(world):
    """Every admin page sends people who do not work for the Center to sign in, never shows them anything."""
    values = {"object_id": 1, "app_label": "providers", "content_type_id": 1, "pk": 1, "id": 1, "path": "x"}
    paths = sorted(
        {
            _fill(path, values)
            for path, _name in _walk(get_resolver().url_patterns)
            if path.startswith("admin/") and "(?P<url>" not in path and "login" not in path and "logout" not in path
        }
    )
    assert len(paths) > 50
    mismatches = []
    for role in ("anonymous", "owner", "admin", "other_admin"):
        client = Client(raise_request_exception=False)
        if world["users"][role] is not None:
            client.force_login(world["users"][role])
        for path in paths:
            response = client.get(path)
            if response.status_code == 200 or response.status_code >= 500:
                mismatches.append(f"{role} GET {path}: {response.status_code}")
    assert not mismatches, "\n".join(mismatches)
