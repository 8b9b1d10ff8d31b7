"""The certificates' own fixture: an NSS database that trusts the development CA, for checking signed PDFs."""

import subprocess

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from apps.certificates import keys


@pytest.fixture
def nss_trusting_dev_ca(tmp_path, signing_identity):
    """An NSS database (made with certutil) that trusts the development CA, for pdfsig."""
    nssdir = tmp_path / "nss"
    nssdir.mkdir()
    subprocess.run(["certutil", "-N", "--empty-password", "-d", f"sql:{nssdir}"], check=True, capture_output=True)
    ca = tmp_path / "ca.pem"
    ca.write_bytes(keys.dev_ca_certificate().public_bytes(Encoding.PEM))
    subprocess.run(
        ["certutil", "-A", "-n", "MicroCred development CA", "-t", "CT,C,C", "-i", str(ca), "-d", f"sql:{nssdir}"],
        check=True,
        capture_output=True,
    )
    return nssdir
