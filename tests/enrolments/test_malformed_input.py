"""Malformed enrolment CSV files get a clear message in the user's language, never a server error (finding 10 of
issue 12)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.enrolments.models import EnrolmentInvitation

pytestmark = pytest.mark.django_db

HEADER = "email,first_name_ka,last_name_ka,first_name_en,last_name_en,date_of_birth,personal_number,funding_source\n"
LONG_CELL_KA = "სტრიქონი 2: უჯრა 131,072 სიმბოლოზე გრძელია."


def url(offering, suffix):
    return f"/provider/{offering.version.programme.provider_id}/offerings/{offering.pk}/{suffix}"


def test_the_enrolment_csv_refuses_a_cell_longer_than_the_limit(client, offering, admin_a):
    client.force_login(admin_a)
    text = HEADER + "a@example.ge," + "ა" * 140_000 + ",,,,,,self\n"
    response = client.post(url(offering, "import/"), {"file": SimpleUploadedFile("l.csv", text.encode())})
    assert response.status_code == 200
    assert LONG_CELL_KA in " ".join(response.context["form"].errors["file"])


def test_the_enrolment_csv_reads_cr_only_line_endings(client, offering, admin_a):
    client.force_login(admin_a)
    text = HEADER.replace("\n", "\r") + "a@example.ge,,,Ana,,,,self\rb@example.ge,,,,,,,self\r"
    preview = client.post(url(offering, "import/"), {"file": SimpleUploadedFile("l.csv", text.encode())})
    assert preview.context["preview"]["count"] == 2 and preview.context["preview"]["problems"] == []
    client.post(url(offering, "import/"), {"confirm": preview.context["preview"]["token"]})
    assert sorted(EnrolmentInvitation.objects.values_list("email", flat=True)) == ["a@example.ge", "b@example.ge"]
