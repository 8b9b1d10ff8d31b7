"""The certificate's PDF writes its dates as every page does (config/formats/): "17 მაისი 2001" in the Georgian
column, "17 May 2001" in the English one, never a numeric date."""

import datetime

import pytest
from django.utils import timezone

from apps.certificates import issuing
from tests.core.test_date_formats import NUMERIC_DATE, written
from tests.helpers import pdf_bytes

from .test_pdf import poppler

pytestmark = pytest.mark.django_db


def test_the_pdf_reads_one_date_format_per_language(passed_two, admin_a, tmp_path, django_capture_on_commit_callbacks):
    enrolment = passed_two[0]
    enrolment.learner.date_of_birth = datetime.date(2001, 5, 17)
    enrolment.learner.save()
    with django_capture_on_commit_callbacks(execute=True):
        credential = issuing.credential_issue(enrolment=enrolment, acting_user=admin_a)
    credential.refresh_from_db()

    text = " ".join(poppler("pdftotext", pdf_bytes(credential), tmp_path).split())

    offering = enrolment.offering
    issued_on = timezone.localtime(credential.issued_at).date()
    for day in (datetime.date(2001, 5, 17), issued_on, offering.start_date, offering.end_date):
        for language in ("ka", "en"):
            assert written(day, language) in text, (written(day, language), text)
    assert not NUMERIC_DATE.findall(text)
