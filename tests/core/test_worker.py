"""E-mail leaves the web process through Redis and a real Celery worker process."""

import pytest

from apps.core.tasks import send_email

pytestmark = [pytest.mark.worker, pytest.mark.django_db]


def test_an_email_goes_through_redis_to_a_worker_that_sends_it(celery_worker_process, tasks_through_broker):
    result = send_email.apply_async(
        kwargs={"subject": "ელ. ფოსტის დადასტურება", "body": "გამარჯობა, თამარ!", "to": ["tamar@example.ge"]}
    )
    result.get(timeout=60)

    sent = [p.read_text() for p in celery_worker_process.iterdir()]
    assert len(sent) == 1
    assert "tamar@example.ge" in sent[0]
    assert result.successful()
