"""The file-check sandbox answers the web process in a few capped fields, never with the parsed file: a huge
upload gets its verdict without the web process growing by the size of what the child parsed."""

import gc
import json
import pickle
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import encode_multipart

from apps.certificates import keys, ob3_build, ob3_keys, ob3_sign
from apps.verification import files, sandbox
from tests.helpers import pdf_bytes

from .probes import echo, loads

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
BOUNDARY = "huge-upload-boundary"


def huge_badge(credential, size: int = int(9.9 * MB)) -> bytes:
    """The credential's own JSON with a padding field of short strings: 6 bytes each in the file, some 60 once
    parsed, so that the parsed file is well over 100 MB."""
    document = ob3_build.credential_json(credential)
    base = len(json.dumps(document | {"padding": []}).encode())
    document["padding"] = ["ab"] * ((size - base) // 6)
    return json.dumps(document).encode()


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) * 1024
    raise AssertionError(f"no {field} in /proc/self/status")


def measure_memory(action):
    """(what action returned, peak and lasting growth of this process's resident memory while it ran, in bytes).
    The peak is the kernel's high-water mark (VmHWM), reset just before: transient copies count too."""
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")  # reset VmHWM to the current VmRSS
    before = _status("VmRSS")
    result = action()
    gc.collect()
    return result, _status("VmHWM") - before, _status("VmRSS") - before


def post_file(client, data: bytes, name: str):
    """The upload as a function answering (status, page), its multipart body made once, beforehand: so that only
    the server's side of the request is measured, and nothing of the request outlives it (as in a web server)."""
    body = encode_multipart(BOUNDARY, {"file": _named(data, name)})
    content_type = f"multipart/form-data; boundary={BOUNDARY}"
    client.cookies["django_language"] = "en"

    def send():
        response = client.post("/verify/file/", body, content_type=content_type)
        return response.status_code, response.content.decode()

    return send


def _named(data, name):
    return SimpleUploadedFile(name, data, content_type="application/json")


def test_a_huge_json_upload_gets_a_verdict_and_the_web_process_stays_small(client, issued):
    data = huge_badge(issued)
    assert 9.8 * MB < len(data) < 10 * MB
    # Once, small, so that the fork server, the templates and the lookups are warm before measuring.
    _status_code, small = post_file(client, json.dumps(ob3_build.credential_json(issued)).encode(), "small.json")()
    assert "carries no signature" in small

    (status_code, page), peak, lasting = measure_memory(post_file(client, data, "badge.json"))

    assert status_code == 200
    assert "Does not match this portal&#x27;s record" in page and issued.code in page
    # The upload itself is held once or twice (the request body, the file); the parsed file never arrives.
    assert peak < 40 * MB, f"the web process grew by {peak / MB:.0f} MB at its peak"
    assert lasting < 40 * MB, f"the web process kept {lasting / MB:.0f} MB more"


def test_the_childs_answer_is_a_few_capped_fields(issued):
    data = huge_badge(issued)
    answer = sandbox.run_limited(files._json_facts, data, reply=files.JSON_FACTS)
    assert set(answer) == {"badge", "code", "digest"} and answer["badge"] is True
    assert answer["code"] == issued.code and len(answer["digest"]) == 64
    assert len(pickle.dumps(answer)) < 300  # for a file of 9.9 MB that parses into some 200 MB


def test_each_kind_of_file_answers_in_its_own_fields(issued):
    pdf = pdf_bytes(issued)
    facts = sandbox.run_limited(files._pdf_facts, pdf, reply=files.PDF_FACTS)
    assert facts == {"code": issued.code, "sha256": issued.pdf_sha256, "signatures": 1}
    roots = [root.public_bytes(Encoding.DER) for root in keys.trust_roots()]
    signature = sandbox.run_limited(files._pdf_signature, pdf, roots, issued.signed_at, reply=files.PDF_SIGNATURE)
    assert set(signature) == set(files.PDF_SIGNATURE) and signature["intact"] and signature["signing_time"]
    token = ob3_sign.credential_jwt(issued).encode()
    jwt = sandbox.run_limited(files._jwt_check, token, ob3_keys.public_keys(), reply=files.JWT_FACTS)
    assert jwt["valid"] and jwt["code"] == issued.code
    assert jwt["digest"] == files.digest(ob3_build.credential_json(issued))
    for answer in (facts, signature, jwt):
        assert len(pickle.dumps(answer)) < 1000


def test_an_answer_over_the_cap_or_out_of_shape_is_no_answer(signing_identity):
    assert sandbox.run_limited(echo, b"short", reply={"text": (str, 100)}) == {"text": "short"}
    # Cut to the agreed length in the child,
    assert sandbox.run_limited(echo, b"x" * 500, reply={"text": (str, 100)}) == {"text": "x" * 100}
    # refused whole past REPLY_MAX_BYTES, unread by the web process,
    big = b"x" * (sandbox.REPLY_MAX_BYTES + 1)
    assert sandbox.run_limited(echo, big, reply={"text": (str, 10 * MB)}) is None
    # and nothing but the agreed fields, of the agreed types.
    assert sandbox.run_limited(loads, b'{"text": 1}', reply={"text": (str, 100)}) is None
    assert sandbox.run_limited(loads, b'{"text": "a", "more": "b"}', reply={"text": (str, 100)}) is None
    assert sandbox.run_limited(loads, b'[{"text": "a"}]', reply={"text": (str, 100)}) is None


@pytest.mark.parametrize(
    "data, verdict",
    [
        (b'{"type": ["OpenBadgeCredential"], "id": "\xff"}', "ფაილის წაკითხვა ვერ მოხერხდა"),  # not UTF-8
        (b'{"type": ["OpenBadgeCredential"], "name": "unfinished', "ფაილის წაკითხვა ვერ მოხერხდა"),
        (b'{"type": 5}', "Not a certificate file"),
    ],
)
def test_a_json_file_the_child_cannot_read_is_a_clear_verdict(client, signing_identity, data, verdict):
    if verdict.isascii():
        client.cookies["django_language"] = "en"
    response = client.post("/verify/file/", {"file": _named(data, "badge.json")})
    assert response.status_code == 200 and verdict in response.content.decode()
