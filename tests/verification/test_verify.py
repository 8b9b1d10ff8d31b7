"""Public verification by code, by file and through the API: verdicts, what is shown and what never is."""

import gzip
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pyhanko.pdf_utils.generic import pdf_string
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from apps.certificates import codes, ob3_build, ob3_sign, preparation, revocation
from apps.core.pdf import minimal_pdf
from apps.providers.authorizing import authorization_change
from apps.providers.models import Outcome
from apps.verification.models import VerificationEvent
from apps.verification.tasks import flush_verification_events
from tests.helpers import pdf_bytes

pytestmark = pytest.mark.django_db


def en(client):
    client.cookies["django_language"] = "en"
    return client


def test_a_valid_certificate_reads_valid_with_its_checks_and_elements(client, issued):
    page = en(client).get(f"/verify/{issued.code}/")
    text = page.content.decode()
    assert page.status_code == 200 and ">Valid<" in text
    assert "The Center had authorized the provider" in text and "✗" not in text
    assert "Nino Beridze" in text and issued.snapshot["title"]["en"] in text
    assert issued.learner.email not in text and "1999" not in text  # no e-mail, no date of birth
    assert "Download the signed PDF" not in text and "/100" not in text  # not shared by the learner


def test_the_grade_and_pdf_show_only_when_the_learner_shares_them(client, issued):
    issued.show_grade = issued.show_pdf = True
    issued.save()
    text = en(client).get(f"/verify/{issued.code}/").content.decode()
    assert "/100" in text and "Download the signed PDF" in text


@pytest.mark.parametrize("spelling", ["{lower}", "{bare}", "{spaced}", "{confused}"])
def test_any_spelling_redirects_to_the_canonical_page(client, issued, spelling):
    code = issued.code
    typed = spelling.format(
        lower=code.lower(),
        bare=code.replace("-", ""),
        spaced=code.replace("-", " "),
        confused=code.replace("0", "O").replace("1", "I"),
    )
    response = en(client).post("/verify/", {"code": typed})
    assert response.status_code == 302 and response["Location"] == f"/verify/{code}/"
    assert ">Valid<" in client.get(response["Location"]).content.decode()


def test_a_wrong_check_symbol_says_mistyped_not_not_found(client, issued):
    wrong = issued.code[:-1] + ("0" if issued.code[-1] != "0" else "1")
    text = en(client).post("/verify/", {"code": wrong}).content.decode()
    assert "mistyped" in text and "Not found" not in text
    # Typed the way people copy a code by hand, it is still the check symbol that catches it.
    response = en(client).post("/verify/", {"code": wrong.lower().replace("-", " ")})
    assert "mistyped" in response.content.decode()
    page = en(client).get(f"/verify/{wrong}/")
    assert page.status_code == 404 and "mistyped" in page.content.decode()


@pytest.mark.parametrize("junk", ["", "x" * 300, "<script>alert(1)</script>", "' OR '1'='1", "../../etc/passwd"])
def test_junk_codes_get_a_clear_answer_never_an_error(client, junk):
    response = en(client).post("/verify/", {"code": junk})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_a_revocation_shows_on_the_very_next_request(client, issued, admin_a, django_capture_on_commit_callbacks):
    assert ">Valid<" in en(client).get(f"/verify/{issued.code}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # as when the revoking request's transaction commits
        revocation.credential_revoke(credential=issued, acting_user=admin_a, reason="Exam fraud")
    text = en(client).get(f"/verify/{issued.code}/").content.decode()
    assert ">Revoked<" in text and "Other reason" in text
    assert "Exam fraud" not in text  # the words staff typed are for the learner, the provider and the Center


def test_superseded_links_to_the_new_one_and_not_found_is_404(client, issued, admin_a):
    new = revocation.credential_reissue(credential=issued, acting_user=admin_a, reason="Name")
    preparation.credential_prepare(credential_id=new.pk)
    text = en(client).get(f"/verify/{issued.code}/").content.decode()
    assert "Replaced by a corrected certificate" in text and f"/verify/{new.code}/" in text
    assert en(client).get(f"/verify/{codes.new_code()}/").status_code == 404


def test_lookups_are_logged_without_personal_data(client, issued):
    client.get(f"/verify/{issued.code}/", REMOTE_ADDR="203.0.113.7")
    flush_verification_events()  # the periodic task that moves the queued events into the table
    event = VerificationEvent.objects.get(code=issued.code)
    assert event.result == "valid" and event.code == issued.code
    assert "203.0.113.7" not in event.client and len(event.client) == 64


def test_every_lookup_reaches_the_log_once_kept_page_or_not(client, issued, settings):
    settings.VERIFY_RATE_LIMIT = "100/m"
    for _ in range(3):  # the page made, then kept pages
        client.get(f"/verify/{issued.code}/")
    client.get(f"/api/v1/verify/{issued.code}/")
    client.get("/verify/NOT-A-CODE/")
    assert not VerificationEvent.objects.exists()  # queued off the request's path until the task runs
    assert flush_verification_events() == 5
    assert flush_verification_events() == 0  # moved once, not twice
    logged = list(VerificationEvent.objects.order_by("at").values_list("channel", "result"))
    assert logged == [("page", "valid")] * 3 + [("api", "valid"), ("page", "malformed")]


def test_without_redis_lookups_are_logged_at_once_and_still_limited(client, issued, settings):
    settings.REDIS_URL = ""  # the embedded default: one process, the cache counts
    settings.VERIFY_RATE_LIMIT = "2/m"
    assert ">Valid<" in en(client).get(f"/verify/{issued.code}/").content.decode()
    assert ">Valid<" in en(client).get(f"/verify/{issued.code}/").content.decode()
    assert client.get(f"/verify/{issued.code}/").status_code == 429
    assert VerificationEvent.objects.filter(code=issued.code, result="valid").count() == 2


def test_lookups_are_rate_limited_with_a_translated_429(client, issued, settings):
    settings.VERIFY_RATE_LIMIT = "3/m"
    for _ in range(3):
        assert client.get(f"/verify/{issued.code}/").status_code == 200
    response = client.get(f"/verify/{issued.code}/")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "ზედმეტად ბევრი გადამოწმება" in response.content.decode()  # Georgian, the default
    assert "Too many checks" in en(client).get(f"/verify/{issued.code}/").content.decode()
    client.cookies["django_language"] = "ka"
    api = client.get(f"/api/v1/verify/{issued.code}/")  # the page and the API count together
    assert api.status_code == 429 and int(api["Retry-After"]) == api.json()["retry_after"] > 0
    assert "ზედმეტად ბევრი გადამოწმება" in api.json()["detail"]  # in the reader's language there too


def test_the_print_view(client, issued):
    text = en(client).get(f"/verify/{issued.code}/?print=1").content.decode()
    assert "Valid" in text and issued.code in text and "<nav" not in text


# --- Files -----------------------------------------------------------------------------------------------------


def upload(client, data: bytes, name="certificate.pdf"):
    return en(client).post("/verify/file/", {"file": io.BytesIO(data)} | {"file": _named(data, name)})


def _named(data, name):
    return SimpleUploadedFile(name, data)


def test_the_genuine_pdf_is_authentic_and_unchanged(client, issued):
    text = upload(client, pdf_bytes(issued)).content.decode()
    assert "Authentic and unchanged" in text and issued.code in text


def test_one_changed_byte_is_changed_after_signing(client, issued):
    data = bytearray(pdf_bytes(issued))
    position = data.index(b"stream") + 300
    data[position] ^= 0x01
    assert "Changed after signing" in upload(client, bytes(data)).content.decode()


def test_an_incremental_update_after_signing_is_changed(client, issued):
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes(issued)))
    writer.root["/Forged"] = pdf_string("appended")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    assert "Changed after signing" in upload(client, out.getvalue()).content.decode()


@pytest.mark.parametrize(
    "data, verdict",
    [
        (b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF", "could not be read"),
        (b"%PDF-1.7\n" + b"0" * 100, "could not be read"),
        (b"\x89PNG\r\n\x1a\n" + b"0" * 100, "Not a certificate file"),
        (b'{"hello": "world"}', "Not a certificate file"),
        (b"eyJhbGciOiJub25lIn0.eyJ4IjoxfQ.", "does not hold"),
    ],
)
def test_files_that_are_not_certificates_get_a_clear_verdict(client, data, verdict, signing_identity):
    response = upload(client, data)
    assert response.status_code == 200 and verdict in response.content.decode()


def test_a_pdf_that_is_not_a_certificate_was_not_issued_here(client, signing_identity):
    assert "Not issued here" in upload(client, minimal_pdf()).content.decode()


def test_a_truncated_pdf_and_a_zip_renamed_pdf(client, issued):
    data = pdf_bytes(issued)
    text = upload(client, data[: len(data) // 2]).content.decode()
    assert "Authentic" not in text
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("x.txt", "hello")
    assert "Not a certificate file" in upload(client, buffer.getvalue(), "x.pdf").content.decode()


def test_a_pdf_bomb_is_refused_and_the_server_stays_responsive(client, issued):
    bomb_stream = gzip.compress(b"\0" * 300_000_000)[10:-8]  # raw deflate of 300 MB of zeros
    bomb = (
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        b"3 0 obj << /Length "
        + str(len(bomb_stream)).encode()
        + b" /Filter /FlateDecode >> stream\n"
        + bomb_stream
        + b"\nendstream endobj\ntrailer << /Root 1 0 R /Info 3 0 R >>\n%%EOF"
    )
    text = upload(client, bomb).content.decode()
    assert "Authentic" not in text
    assert en(client).get(f"/verify/{issued.code}/").status_code == 200


def test_a_file_over_the_limit_is_refused(client, settings):
    settings.VERIFY_FILE_MAX_MB = 1
    text = upload(client, b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 10)).content.decode()
    assert "larger than 1 MB" in text


def test_open_badges_files(client, issued):
    token = ob3_sign.credential_jwt(issued).encode()
    assert "A genuine Open Badges credential" in upload(client, token, "badge.jwt").content.decode()
    plain = json.dumps(ob3_build.credential_json(issued)).encode()
    assert "carries no signature" in upload(client, plain, "badge.json").content.decode()
    changed = ob3_build.credential_json(issued)
    changed["name"] = "Something else"
    assert "Does not match" in upload(client, json.dumps(changed).encode(), "badge.json").content.decode()


def test_the_public_open_badges_files_an_employer_downloads_match_the_record(client, issued):
    """With the grade hidden the public JSON and JWT carry no result; an employer who uploads them is told they
    are the record, exactly as for the learner's own."""
    assert not issued.show_grade
    public = client.get(f"/credentials/{issued.code}/ob3.json").content
    assert b'"result"' not in public and b'"result"' in json.dumps(ob3_build.credential_json(issued)).encode()
    assert "carries no signature" in upload(client, public, "badge.json").content.decode()
    token = client.get(f"/credentials/{issued.code}/ob3.jwt").content
    assert "A genuine Open Badges credential" in upload(client, token, "badge.jwt").content.decode()


# --- API ---------------------------------------------------------------------------------------------------------


def test_api_verify_by_code_and_file(client, issued):
    body = client.get(f"/api/v1/verify/{issued.code.lower()}/").json()
    assert body["verdict"] == "valid" and body["credential"]["learner"]["last_name_en"] == "Beridze"
    assert "grade" not in body["credential"] and "date_of_birth" not in json.dumps(body)
    assert client.get("/api/v1/verify/not-a-code/").json()["verdict"] == "malformed"
    response = client.post("/api/v1/verify/file/", {"file": _named(pdf_bytes(issued), "c.pdf")})
    body = response.json()
    assert body["verdict"] == "valid" and body["file_verdict"] == "authentic" and body["record"]["verdict"] == "valid"
    schema = client.get("/api/schema/").content.decode()
    assert "/api/v1/verify/{code}/" in schema and "/api/v1/verify/file/" in schema


def test_a_kept_page_costs_no_query_and_a_change_shows_at_once(
    client, issued, admin_a, django_assert_num_queries, django_capture_on_commit_callbacks
):
    url = f"/verify/{issued.code}/"
    first = en(client).get(url).content.decode()
    with django_assert_num_queries(0):
        again = en(client).get(url).content.decode()
    assert again == first and ">Valid<" in again
    with django_capture_on_commit_callbacks(execute=True):
        revocation.credential_revoke(credential=issued, acting_user=admin_a, reason="Found void")
    assert ">Revoked<" in en(client).get(url).content.decode()
    issued.refresh_from_db()
    assert issued.status == "revoked"


def test_the_kept_page_carries_no_token_and_switches_language_by_link(client, issued):
    text = client.get(f"/verify/{issued.code}/").content.decode()
    assert "csrfmiddlewaretoken" not in text
    response = client.get(f"/i18n/en/?next=/verify/{issued.code}/")
    assert response.status_code == 302 and response["Location"] == f"/verify/{issued.code}/"
    assert ">Valid<" in client.get(f"/verify/{issued.code}/").content.decode()  # now in English
    assert client.get("/i18n/en/?next=https://evil.example/")["Location"] == "/"


def test_a_suspended_authorization_shows_on_the_next_request(
    client, issued, reviewer, django_capture_on_commit_callbacks
):
    assert "✗" not in en(client).get(f"/verify/{issued.code}/").content.decode()
    authorization = issued.provider.decisions.get(outcome=Outcome.AUTHORIZED)
    with django_capture_on_commit_callbacks(execute=True):
        authorization_change(
            authorization=authorization,
            reviewer=reviewer,
            outcome=Outcome.SUSPENDED,
            reasons_ka="შეჩერდა",
            reasons_en="Suspended",
        )
    text = en(client).get(f"/verify/{issued.code}/").content.decode()
    assert '<li class="fail">' in text and "still authorized" in text
