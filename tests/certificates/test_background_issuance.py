"""Issue all returns at once, in the embedded default (no REDIS_URL, no worker: a background thread of the web
process does the work) and with a broker and a real worker: the request only counts the learners and queues one
task, so it costs the same few queries for 60 learners as for 6, and the batch page shows 0 of 60 before any
certificate exists; then the bar moves to the end."""

import os
import signal
import threading
import time

import pytest
from django.urls import reverse

from apps.certificates import batch_tasks
from apps.certificates.models import Credential, IssuanceBatch
from config.celery import _background, wait_for_background
from tests.helpers import finalise_with, start_worker

# The background thread and the worker read what the request committed: these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)

LEARNERS = 60
# The queries of the whole request (session, user, access, the offering's lock, the count, the batch): a few,
# whatever the number of learners. Creating the credentials in the request cost several queries a learner.
REQUEST_QUERIES = 25


def issue_all(client, offering, django_assert_max_num_queries):
    url = reverse("certificates:issue_bulk", args=[offering.version.programme.provider_id, offering.pk])
    with django_assert_max_num_queries(REQUEST_QUERIES):
        response = client.post(url)
    assert response.status_code == 302 and "/credential-batches/" in response["Location"]
    return response["Location"]


def assert_shows_none_done_yet(client, batch_url):
    """The batch page, before a single credential is created: 0 of 60 and 0 %."""
    batch = IssuanceBatch.objects.get()
    assert batch.total == LEARNERS and batch.credentials.count() == 0
    page = client.get(batch_url).content.decode()
    assert f'<progress id="batch-bar" max="{LEARNERS}" value="0">0%</progress>' in page
    assert f'<span data-field="done">0</span> / <span data-field="total">{LEARNERS}</span>' in page
    assert '(<span data-field="percent">0</span>%)' in page
    progress = client.get(batch_url + "?format=json").json()
    assert progress["done"] == 0 and progress["percent"] == 0 and progress["pending"] == LEARNERS
    assert not progress["finished"]


def follow_to_the_end(client, batch_url, timeout: float = 180) -> list[dict]:
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        seen.append(client.get(batch_url + "?format=json").json())
        if seen[-1]["finished"]:
            return seen
        time.sleep(0.2)
    pytest.fail(f"the batch did not finish: {seen[-1]}")


def assert_all_issued_once(offering, seen):
    final = seen[-1]
    assert final["percent"] == 100 and final["done"] == final["issued"] == final["total"] == LEARNERS, final
    assert [p["done"] for p in seen] == sorted(p["done"] for p in seen)  # the bar only moves forward
    credentials = Credential.objects.filter(offering=offering)
    assert credentials.filter(status="issued").count() == credentials.count() == LEARNERS
    assert credentials.values("enrolment").distinct().count() == LEARNERS


@pytest.fixture
def sixty_passed(approval_offering, admin_a, assessor, signing_identity):
    approval_offering.capacity = LEARNERS
    approval_offering.save(update_fields=["capacity"])
    finalise_with(approval_offering, admin_a, assessor, [(90, 85)] * LEARNERS)
    return approval_offering


def test_embedded_issue_all_returns_before_any_certificate_exists_and_the_bar_moves_from_zero(
    client, settings, sixty_passed, admin_a, django_assert_max_num_queries
):
    settings.REDIS_URL = ""  # the embedded default: tasks run in a background thread of this process
    client.force_login(admin_a)
    # The one background thread is busy with earlier work (it works in order, like one worker) until we say.
    earlier_work = threading.Event()
    _background().submit(earlier_work.wait, 60)
    try:
        batch_url = issue_all(client, sixty_passed, django_assert_max_num_queries)
        assert_shows_none_done_yet(client, batch_url)
        earlier_work.set()
        seen = follow_to_the_end(client, batch_url)
    finally:
        earlier_work.set()
        wait_for_background(timeout=180)
    assert_all_issued_once(sixty_passed, seen)


def test_with_a_worker_issue_all_returns_at_once_and_a_second_run_of_its_task_adds_nothing(
    client, sixty_passed, admin_a, tasks_through_broker, django_assert_max_num_queries
):
    client.force_login(admin_a)
    # No worker yet: the request has queued the work and returned; nothing is created until a worker takes it.
    batch_url = issue_all(client, sixty_passed, django_assert_max_num_queries)
    assert_shows_none_done_yet(client, batch_url)
    # A second click while it is under way lands on the same batch, which is not started twice.
    again = issue_all(client, sixty_passed, django_assert_max_num_queries)
    assert again == batch_url and IssuanceBatch.objects.count() == 1

    worker = start_worker()  # it also resumes, at start, the batch it finds unfinished: one more run of the task
    try:
        seen = follow_to_the_end(client, batch_url)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)
    assert_all_issued_once(sixty_passed, seen)

    batch = IssuanceBatch.objects.get()
    assert batch_tasks.create_batch_credentials.apply(args=[batch.pk]).get() == 0  # a message delivered once more
    assert Credential.objects.filter(offering=sixty_passed).count() == LEARNERS
