"""Open Badges 3.0: the credential against the official schema, the VC-JWT against the published keys with
another JOSE library (jwcrypto), the status list, and the portal's own verifier against forgeries."""

import base64
import json
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django.urls import reverse
from jwcrypto import jwk, jws
from jwcrypto import jwt as jwcrypto_jwt

from apps.certificates import issuing, keys, ob3_build, ob3_schema, ob3_sign, ob3_verify, revocation, status_lists
from apps.certificates.models import Credential

pytestmark = pytest.mark.django_db


def fetch_json(client, url):
    response = client.get(url, HTTP_ACCEPT="application/json")
    assert response.status_code == 200, url
    return json.loads(response.content)


def verify_with_jwcrypto(client, token: str) -> dict:
    """Verify as an outside wallet would: take `kid` from the header, fetch the JWKS, check with jwcrypto."""
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    keyset = jwk.JWKSet.from_json(client.get("/.well-known/jwks.json").content)
    key = keyset.get_key(header["kid"])
    assert key is not None, "the kid is not in the published JWKS"
    verified = jwcrypto_jwt.JWT(jwt=token, key=key, algs=["RS256"], check_claims=False)
    return json.loads(verified.claims)


@pytest.fixture
def demo(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return list(Credential.objects.all())


def test_every_demo_credential_validates_against_the_official_schema(demo):
    for credential in demo:
        data = ob3_build.credential_json(credential)
        assert ob3_schema.schema_errors(data) == [], credential.code
        subject = data["credentialSubject"]
        assert subject["id"] == f"urn:uuid:{credential.subject_id}"
        assert subject["identifier"][0]["identityType"] == "name"
        assert subject["achievement"]["achievementType"] == "MicroCredential"
        assert subject["achievement"]["related"][0]["inLanguage"] == "ka"
        text = json.dumps(data, ensure_ascii=False)
        assert "personal" not in text.lower() and "date_of_birth" not in text


def test_the_jwt_verifies_with_the_published_keys_and_its_claims_match(client, issued):
    client.force_login(issued.learner)
    token = client.get(reverse("ob3_jwt", args=[issued.code])).content.decode()
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header["alg"] == "RS256" and set(header) <= {"alg", "kid", "typ"}
    assert header["kid"].endswith(f"/keys/{issued.signed_by.key_id}.jwk")
    assert client.get(urlparse(header["kid"]).path).json()["kid"] == header["kid"]
    claims = verify_with_jwcrypto(client, token)
    data = fetch_json(client, reverse("ob3_json", args=[issued.code]))
    assert claims["iss"] == data["issuer"]["id"] and claims["jti"] == data["id"]
    assert claims["sub"] == data["credentialSubject"]["id"]
    assert "vc" not in claims and claims["type"] == data["type"]
    assert ob3_verify.verify_jwt(token).valid


def test_the_status_list_flips_a_revoked_bit_at_once(client, issued, admin_a, django_capture_on_commit_callbacks):
    data = ob3_build.credential_json(issued)
    entry = data["credentialStatus"]
    assert entry["type"] == "BitstringStatusListEntry" and entry["statusPurpose"] == "revocation"
    assert isinstance(entry["statusListIndex"], str)
    path = reverse("ob3_status_list", args=[issued.status_list_id])

    def bit():
        token = client.get(path).content.decode()
        claims = verify_with_jwcrypto(client, token)
        bits = status_lists.decode(claims["credentialSubject"]["encodedList"])
        assert len(bits) * 8 >= 131_072
        return status_lists.bit_is_set(bits, int(entry["statusListIndex"]))

    assert bit() is False
    with django_capture_on_commit_callbacks(execute=True):
        revocation.credential_revoke(credential=issued, acting_user=admin_a, reason="Revoked for the test")
    assert bit() is True


def test_the_demo_revoked_and_superseded_bits_are_set_and_no_others(client, demo):
    for status_list_id in {c.status_list_id for c in demo}:
        data = fetch_json(client, reverse("ob3_status_list", args=[status_list_id]))
        bits = status_lists.decode(data["credentialSubject"]["encodedList"])
        for credential in (c for c in demo if c.status_list_id == status_list_id):
            expected = credential.status in ("revoked", "superseded")
            assert status_lists.bit_is_set(bits, credential.status_list_index) is expected, credential.code


def test_indexes_are_spread_not_sequential(demo):
    indexes = [c.status_list_index for c in sorted(demo, key=lambda c: c.pk)]
    assert len(set(indexes)) == len(indexes)
    assert indexes != sorted(indexes) and max(indexes) > 1000


def test_forged_jwts_are_rejected_by_the_portals_verifier(issued, tmp_path):
    token = ob3_sign.credential_jwt(issued)
    header, payload, signature = token.split(".")
    # One character of the payload changed.
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["name"] = claims["name"] + "!"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    assert ob3_verify.verify_jwt(f"{header}.{forged}.{signature}").problem == "signature"
    # alg: none
    none_header = base64.urlsafe_b64encode(json.dumps({"alg": "none", "typ": "JWT"}).encode()).decode().rstrip("=")
    assert ob3_verify.verify_jwt(f"{none_header}.{payload}.").problem == "algorithm"
    # Signed by a key the portal does not know, even with the portal's kid.
    outsider = jwk.JWK.generate(kty="RSA", size=2048)
    original_header = json.loads(base64.urlsafe_b64decode(header + "=="))
    signed = jws.JWS(json.dumps(json.loads(base64.urlsafe_b64decode(payload + "=="))).encode())
    signed.add_signature(outsider, alg="RS256", protected=json.dumps(original_header))
    assert ob3_verify.verify_jwt(signed.serialize(compact=True)).problem == "signature"
    own_kid = dict(original_header, kid="https://elsewhere.example/keys/abc.jwk")
    other = jws.JWS(json.dumps(claims).encode())
    other.add_signature(outsider, alg="RS256", protected=json.dumps(own_kid))
    assert ob3_verify.verify_jwt(other.serialize(compact=True)).problem == "unknown_key"
    assert ob3_verify.verify_jwt("not a jwt").problem == "malformed"


def test_a_rotated_key_still_verifies_what_it_signed(issued):
    token = ob3_sign.credential_jwt(issued)
    keys.create_development_identity()  # rotation: a new platform key signs from now on
    assert ob3_verify.verify_jwt(token).valid
    newer = ob3_sign.credential_jwt(issued)
    assert newer != token and ob3_verify.verify_jwt(newer).valid


def test_a_reissue_sets_the_old_bit_and_the_new_one_is_clear(issued, admin_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        new = revocation.credential_reissue(credential=issued, acting_user=admin_a, reason="Grade corrected")
    issued.refresh_from_db()
    bits = status_lists.decode(ob3_build.status_list_credential(issued.status_list)["credentialSubject"]["encodedList"])
    assert status_lists.bit_is_set(bits, issued.status_list_index)
    new_bits = status_lists.decode(
        ob3_build.status_list_credential(new.status_list)["credentialSubject"]["encodedList"]
    )
    assert not status_lists.bit_is_set(new_bits, new.status_list_index)


def test_optional_fields_are_omitted_and_georgian_text_survives(
    passed_two, admin_a, django_capture_on_commit_callbacks
):
    version = passed_two[0].offering.version
    version.prerequisites_en = version.prerequisites_ka = ""
    version.validity_months = None
    version.save()
    outcome = version.outcomes.first()
    outcome.text_ka = 'პროგრამის „ქსელის" ადმინისტრირება\nახალ ხაზზე'
    outcome.esco_uri = ""
    outcome.save()
    with django_capture_on_commit_callbacks(execute=True):
        credential = issuing.credential_issue(enrolment=passed_two[0], acting_user=admin_a)
    credential.refresh_from_db()
    data = ob3_build.credential_json(credential)
    assert ob3_schema.schema_errors(data) == []
    assert "validUntil" not in data and "exp" not in ob3_sign.jwt_claims(data)
    assert all(value not in (None, "") for value in data.values())
    georgian = ob3_build.achievement(credential.snapshot, "ka")
    assert 'პროგრამის „ქსელის" ადმინისტრირება\nახალ ხაზზე' in georgian["criteria"]["narrative"]
    assert ob3_verify.verify_jwt(ob3_sign.credential_jwt(credential)).valid


def test_issuer_and_achievement_answer_json_to_clients_and_html_to_browsers(client, issued):
    issuer_path = reverse("ob3_issuer", args=[issued.provider_id])
    profile = fetch_json(client, issuer_path)
    assert profile["type"] == ["Profile"] and "NCEQE" in profile["description"]
    assert client.get(issuer_path, HTTP_ACCEPT="text/html").status_code == 302
    path = reverse("ob3_achievement", args=[issued.version.programme_id, issued.version.number])
    achievement = fetch_json(client, path)
    assert achievement["achievementType"] == "MicroCredential"
    assert fetch_json(client, path + "?lang=ka")["inLanguage"] == "ka"
    assert client.get(path, HTTP_ACCEPT="text/html")["Location"].endswith(f"/v{issued.version.number}/")


def test_anyone_with_the_code_gets_the_open_badge_without_the_grade_unless_shown(client, issued, learner):
    """As the verification page: the grade is the learner's to show (tests/certificates/test_sharing.py)."""
    assert not issued.show_grade
    for who in (None, learner, issued.learner):
        client.logout()
        if who is not None:
            client.force_login(who)
        data = fetch_json(client, reverse("ob3_json", args=[issued.code]))
        token = client.get(reverse("ob3_jwt", args=[issued.code])).content.decode()
        claims = verify_with_jwcrypto(client, token)
        owner = who == issued.learner
        assert ("result" in data["credentialSubject"]) == owner and ("result" in claims["credentialSubject"]) == owner
        assert ob3_schema.schema_errors(data) == [] and ob3_verify.verify_jwt(token).valid


def test_the_learner_gets_the_open_badge_in_the_page_and_the_api(client, issued):
    client.force_login(issued.learner)
    page = client.get(reverse("learner:home")).content.decode()
    assert reverse("ob3_json", args=[issued.code]) in page and reverse("ob3_jwt", args=[issued.code]) in page
    body = client.get(f"/api/v1/credentials/{issued.code}/open-badge/").json()
    assert ob3_schema.schema_errors(body["credential"]) == [] and ob3_verify.verify_jwt(body["jwt"]).valid
