import pytest
from django.core.cache import cache
from django.utils import translation

from apps.certificates import issuing, keys
from apps.enrolments import services as enrolments

from .factories import PASSWORD, MembershipFactory, ProviderFactory, ReviewerFactory, UserFactory
from .helpers import authorize, finalise_with, new_complete_version, offering_data, publish


@pytest.fixture(autouse=True)
def _clean_cache():
    """Rate limits and used TOTP codes live in the cache (Redis under `make test`): start each test clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """A test client's request activates its language in the thread and leaves it active: each test starts in the
    default language (Georgian), as every request does, whatever the test before it asked for."""
    translation.deactivate()
    yield


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def learner(db):
    return UserFactory()


@pytest.fixture
def reviewer(db):
    return ReviewerFactory()


# --- The shared world: two providers and their staff, an authorized provider's published programme, an offering,
# its results and a certificate. Each step goes through the service a person would use (tests/helpers.py).


@pytest.fixture
def provider_a(db):
    return ProviderFactory(legal_name_en="Alpha University", legal_name_ka="ალფა უნივერსიტეტი")


@pytest.fixture
def provider_b(db):
    return ProviderFactory(legal_name_en="Beta College", legal_name_ka="ბეტა კოლეჯი", kind="college")


@pytest.fixture
def admin_a(provider_a):
    return MembershipFactory(provider=provider_a, role="admin").user


@pytest.fixture
def author_a(provider_a):
    return MembershipFactory(provider=provider_a, role="author").user


@pytest.fixture
def assessor_a(provider_a):
    return MembershipFactory(provider=provider_a, role="assessor").user


@pytest.fixture
def admin_b(provider_b):
    return MembershipFactory(provider=provider_b, role="admin").user


@pytest.fixture
def authorized_a(provider_a, admin_a, reviewer):
    authorize(provider_a, admin_a, reviewer, levels=(6, 7), fields=("061",))
    return provider_a


@pytest.fixture
def author(authorized_a):
    return MembershipFactory(provider=authorized_a, role="author").user


@pytest.fixture
def published(authorized_a, author, reviewer):
    return publish(new_complete_version(authorized_a, author), author, reviewer)


@pytest.fixture
def offering(published, admin_a):
    return enrolments.offering_create(version=published, acting_user=admin_a, data=offering_data())


@pytest.fixture
def assessor(offering):
    return MembershipFactory(provider=offering.version.programme.provider, role="assessor").user


@pytest.fixture
def signing_identity(db):
    return keys.ensure_platform_identity()[0]


@pytest.fixture
def approval_offering(offering):
    offering.credential_issuance = "approval"
    offering.save(update_fields=["credential_issuance"])
    return offering


@pytest.fixture
def passed_two(approval_offering, admin_a, assessor, signing_identity):
    """An offering (issuance after approval) whose results are final: two passed, one failed."""
    return finalise_with(approval_offering, admin_a, assessor, [(95, 90), (75, 80), (30, 30)])


@pytest.fixture
def issued(passed_two, admin_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        credential = issuing.credential_issue(enrolment=passed_two[0], acting_user=admin_a)
    credential.refresh_from_db()
    return credential


@pytest.fixture
def ka(client):
    client.cookies["django_language"] = "ka"
    return client


@pytest.fixture
def en(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, tmp_path_factory):
    """A real Celery worker process, consuming from the test Redis and using the test database.

    Yields the folder where the worker's file e-mail backend writes the messages it sends."""
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    from django.conf import settings
    from django.db import connection

    from config.celery import app

    if not settings.REDIS_URL:
        pytest.fail("A real worker needs Redis: run the suite with `make test`.")
    mail_dir = tmp_path_factory.mktemp("worker-mail")
    database = dict(connection.settings_dict)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
        ),
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "DJANGO_EMAIL_FILE_PATH": str(mail_dir),
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency", "1", "--loglevel", "warning"],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=1):
            if worker.poll() is not None or time.monotonic() > deadline:
                pytest.fail("The Celery worker did not start.")
        yield mail_dir
    finally:
        worker.terminate()
        worker.wait(timeout=30)


@pytest.fixture
def tasks_through_broker(settings):
    """Send tasks through Redis instead of running them in-process, for this test."""
    from config.celery import app

    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True


@pytest.fixture
def superuser_factory(db, django_user_model):
    def make(email="root@example.ge"):
        return django_user_model.objects.create_superuser(email=email, password="x")

    return make


def _rerun_data_migrations() -> None:
    """Run the data migrations of the project's apps again, in order: they are idempotent, as data migrations
    should be."""
    from django.apps import apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    loader = MigrationLoader(connection)
    ours = {config.label for config in apps.get_app_configs() if config.name.startswith("apps.")}
    done = set()
    for leaf in sorted(loader.graph.leaf_nodes()):
        for node in loader.graph.forwards_plan(leaf):
            if node in done or node[0] not in ours:
                continue
            done.add(node)
            for operation in loader.graph.nodes[node].operations:
                if isinstance(operation, RunPython):
                    operation.code(apps, None)


@pytest.fixture(autouse=True)
def _data_from_migrations(request):
    """A transactional test ends by emptying every table, and with them what the data migrations wrote (the
    reviewers group, the NQF levels, the fields of study). Around each transactional test, run those data
    migrations again: before it, since an earlier one emptied the tables, and after it, since under pytest-xdist
    a process may be handed ordinary tests after a transactional one (pytest-django's own ordering, ordinary tests
    first, holds only within what one process is given)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"live_server", "transactional_db"} & set(request.fixturenames)
    )
    if not transactional:
        yield
        return
    request.getfixturevalue("transactional_db")
    _rerun_data_migrations()
    request.node.stash[_FLUSHES] = True  # the hook below fills the tables again once the test's flush has run
    yield


_FLUSHES = pytest.StashKey[bool]()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After every fixture of a transactional test is torn down (its flush included, whichever fixture asked for
    the transactional database first), run the data migrations again for the tests that follow."""
    yield
    # After the last test the session's teardown has already removed the test database: nothing follows to need it.
    if nextitem is not None and item.stash.get(_FLUSHES, False):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            _rerun_data_migrations()
