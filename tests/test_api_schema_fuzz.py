"""The OpenAPI schema (/api/schema/) is the API: schemathesis generates requests from it and sends them to a live
server on the test database, anonymously and signed in (a provider administrator of the demo provider with an issued
credential, the learner who holds that credential, an NCEQE reviewer), and every answer must be what the schema says.

The checks (schemathesis 4.x): no server error; every status code, content type, response header and response body
as documented; and requests the schema says are invalid are refused (negative_data_rejection; a query string is
read as the pages read it, so a case whose only invalid part is there is counted, not failed). Not checked:
positive_data_acceptance, since a request the schema calls well formed is still refused, rightly and with a 400, by
rules no schema can hold (an id of a row that does not exist or that the user may not know, a closed enrolment, a
programme the provider is not authorized for, ECTS outside the national range).

Bounded for CI: a fixed seed, a few cases per operation and role in each mode (positive and negative), each mode
once with random path ids and once with the ids of real objects of the demo world (and real ids in the body), so
that requests reach the services and not only the 404s."""

import os
import time
from collections import Counter

import pytest
import requests
import schemathesis
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from hypothesis import HealthCheck, Phase, given, seed
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.core.failures import AcceptedNegativeData, FailureGroup
from schemathesis.core.parameters import ParameterLocation

from apps.accounts.models import User
from apps.certificates.models import Credential, IssuanceBatch
from apps.providers.models import ProviderMembership, Role
from tests.factories import IssuanceBatchFactory

pytestmark = pytest.mark.django_db(transaction=True)

SEED = 20261203
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "5"))
ROLES = ["anonymous", "admin", "learner", "reviewer"]
BODY_IDS = ("provider", "offering", "enrolment", "component")


def _checks():
    from schemathesis import checks

    return [
        checks.not_a_server_error,
        checks.status_code_conformance,
        checks.content_type_conformance,
        checks.response_schema_conformance,
        checks.response_headers_conformance,
        checks.negative_data_rejection,
    ]


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    """The demo world: providers, programmes, offerings, enrolments, results and signed credentials."""
    began = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    credential = (
        Credential.objects.filter(status="issued", expires_at__isnull=True)
        .select_related("enrolment", "offering__version__programme", "provider")
        .order_by("pk")
        .first()
    )
    provider = credential.provider
    admin = ProviderMembership.objects.get(provider=provider, role=Role.ADMIN).user
    version = credential.offering.version
    batch = IssuanceBatch.objects.filter(offering=credential.offering).first() or IssuanceBatchFactory(
        offering=credential.offering, created_by=admin
    )
    ids = {
        "/api/v1/providers/": provider.pk,
        "/api/v1/applications/": provider.applications.order_by("-pk").first().pk,
        "/api/v1/programme-versions/": version.pk,
        "/api/v1/programmes/": version.programme_id,
        "/api/v1/offerings/": credential.offering_id,
        "/api/v1/enrolments/": credential.enrolment_id,
        "/api/v1/results/": credential.enrolment.results.first().pk,
        "/api/v1/issuance-batches/": batch.pk,
        "/api/v1/credentials/": credential.code,
        "/api/v1/verify/": credential.code,
    }
    body_ids = {
        "provider": provider.pk,
        "offering": credential.offering_id,
        "enrolment": credential.enrolment_id,
        "component": version.components.first().pk,
    }
    users = {
        "anonymous": None,
        "admin": admin,
        "learner": credential.learner,
        "reviewer": User.objects.get(email="reviewer@microcred.localhost"),
    }
    return {"ids": ids, "body_ids": body_ids, "users": users, "seconds": time.monotonic() - began}


CSRF = "fuzz" * 8  # any 32 letters and digits are a valid CSRF secret


def _signed_in(schema, user):
    """Requests of this schema carry the user's session cookie, and the CSRF cookie with its header, as a
    browser's requests do (the API's only authentication is Django's session)."""
    if user is None:
        return schema
    client = Client()
    client.force_login(user)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value

    @schema.auth(refresh_interval=None, retry_on=[])
    class Session:
        def get(self, case, ctx):
            return session_key

        def set(self, case, data, ctx):
            case.cookies = {**(case.cookies or {}), settings.SESSION_COOKIE_NAME: data, settings.CSRF_COOKIE_NAME: CSRF}
            case.headers = {**(case.headers or {}), "X-CSRFToken": CSRF}

    return schema


def _path_ids(operation, ids) -> dict:
    for prefix, value in ids.items():
        if operation.path.startswith(prefix):
            return {name: value for name in ("id", "code", "programme_id") if "{" + name + "}" in operation.path}
    return {}


def _with_body_ids(body_ids):
    def fill(case):
        if isinstance(case.body, dict):
            for key, value in body_ids.items():
                if isinstance(case.body.get(key), int) and not isinstance(case.body.get(key), bool):
                    case.body[key] = value
        return case

    return fill


def _only_query_negated(case) -> bool:
    """A negative case whose only invalid part is in the query string. The API reads query strings as the
    portal's pages and HTML forms do, shared with them (the catalogue filter is the page's): an empty value is no
    filter and the last of repeated values counts, so such a request is answered, not refused."""
    negated = {location for location, component in case.meta.components.items() if component.mode.is_negative}
    return negated == {ParameterLocation.QUERY}


def _fuzz(strategy, examples, *, base_url, session, label, cases, failures, skipped, tolerated):
    @seed(SEED)
    @hypothesis_settings(
        max_examples=examples,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        cases[label] += 1
        try:
            case.call_and_validate(base_url=base_url, session=session, checks=_checks(), timeout=60)
        except FailureGroup as group:
            for failure in group.exceptions:
                if isinstance(failure, AcceptedNegativeData) and _only_query_negated(case):
                    tolerated[label] += 1
                    continue
                curl = next((line for line in str(group).splitlines() if "curl " in line), "")
                failures.append(
                    (label, type(failure).__name__, failure.title, [*failure.message.splitlines()[:8], curl.strip()])
                )

    try:
        run()
    except Unsatisfiable:
        skipped.append(label)  # a negative case of an operation with nothing the schema forbids


def _needs_sign_in(operation) -> bool:
    return {} not in (operation.definition.raw.get("security") or [{}])


def _variants(operation, path_ids, body_ids, *, anonymous):
    """The strategies for one operation: positive and negative cases with the ids of real objects in the path
    (and, for positive ones, in the body), and a positive case with whatever ids the schema allows. Anonymous
    requests to what needs a sign-in all get the same 403, so a couple of them are enough."""
    examples = 1 if anonymous and _needs_sign_in(operation) else EXAMPLES
    positive = operation.as_strategy(generation_mode=GenerationMode.POSITIVE, path_parameters=path_ids or None)
    yield "positive, real ids", positive.map(_with_body_ids(body_ids)), examples
    negative = operation.as_strategy(generation_mode=GenerationMode.NEGATIVE, path_parameters=path_ids or None)
    yield "negative, real ids", negative, max(1, examples * 3 // 5)
    if path_ids:
        yield "positive, random ids", operation.as_strategy(generation_mode=GenerationMode.POSITIVE), 1


def test_the_api_answers_as_its_schema_says(world, live_server):
    raw = requests.get(f"{live_server.url}/api/schema/?format=json", timeout=60).json()
    cases, tolerated, seconds, failures, skipped = Counter(), Counter(), Counter(), [], []
    started = time.monotonic()
    for role in ROLES:
        http = requests.Session()
        user = world["users"][role]
        schema = _signed_in(schemathesis.openapi.from_dict(raw), user)
        operations = [result.ok() for result in schema.get_all_operations()]
        for operation in operations:
            path_ids = _path_ids(operation, world["ids"])
            for variant, strategy, examples in _variants(
                operation, path_ids, world["body_ids"], anonymous=user is None
            ):
                label = f"{role:9} {operation.label} [{variant}]"
                began = time.monotonic()
                _fuzz(
                    strategy,
                    examples,
                    base_url=live_server.url,
                    session=http,
                    label=label,
                    cases=cases,
                    failures=failures,
                    skipped=skipped,
                    tolerated=tolerated,
                )
                seconds[operation.label] += time.monotonic() - began
    elapsed = time.monotonic() - started
    kinds = Counter(kind for _, kind, _, _ in failures)
    summary = (
        f"schemathesis: {len(operations)} operations x {len(ROLES)} roles, {sum(cases.values())} cases in "
        f"{elapsed:.0f} s (world: {world['seconds']:.0f} s); {len(failures)} failures {dict(kinds)}; "
        f"{sum(tolerated.values())} negative cases with only the query string invalid answered; "
        f"{len(skipped)} variants with nothing to generate"
    )
    print(summary)
    print("slowest:", ", ".join(f"{label} {value:.1f} s" for label, value in seconds.most_common(6)))
    report = "\n".join(
        f"{label}: {kind}: {title}\n    " + "\n    ".join(lines) for label, kind, title, lines in failures
    )
    assert not failures, f"{summary}\n{report}"


# --- What the fuzzing found, pinned down ------------------------------------------------------------------------


@pytest.fixture
def openapi():
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


@pytest.mark.django_db
def test_every_operation_documents_the_errors_it_gives(openapi):
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            if {} not in operation.get("security", [{}]):
                assert "403" in responses, f"{method} {path}: a request without a session is a 403"
            if "{" in path:
                assert "404" in responses, f"{method} {path}: an object that is not there is a 404"
            if method in ("post", "put", "patch"):
                assert "400" in responses, f"{method} {path}: a body that is not valid is a 400"


@pytest.mark.django_db
def test_what_the_api_returns_is_in_the_schema(openapi):
    schemas = openapi["components"]["schemas"]
    # A programme version's outcomes and components are sent back as they were saved.
    assert not schemas["Version"]["properties"]["outcomes"].get("writeOnly")
    assert not schemas["Version"]["properties"]["components"].get("writeOnly")
    # A credential that was never re-issued has no successor.
    assert schemas["Credential"]["properties"]["superseded_by"]["nullable"] is True


@pytest.mark.django_db
def test_a_path_no_api_route_matches_answers_json(client):
    response = client.get("/api/v1/credentials/not-a-code/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}
    # The pages still answer with the portal's own page.
    assert "text/html" in client.get("/no-such-page/")["Content-Type"]
