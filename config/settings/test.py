"""Tests: fast hashing, mail kept in memory, PostgreSQL and Redis come from `make test`."""

import os
import re
import tempfile
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, REDIS_URL, STORAGES, env

# On SQLite `select_for_update` does nothing and several constraints behave otherwise, so a race test there would
# pass without proving anything: the suite runs on PostgreSQL, which `make test` starts.
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("The tests run on PostgreSQL only: run them with `make test`, which starts one.")

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105 - used only by the test suite
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = env("DJANGO_EMAIL_FILE_PATH", default="")
# Tests run tasks in-process unless a test sends them to a real worker on purpose.
CELERY_TASK_ALWAYS_EAGER = True
# Uploaded and generated files of a test run go to a throwaway folder.
_files = Path(tempfile.mkdtemp(prefix="microcred-test-files-"))
# A worker process started by a test is given the same folders through the environment.
MEDIA_ROOT = env("DJANGO_MEDIA_ROOT", default=str(_files / "media"))
PRIVATE_MEDIA_ROOT = env("DJANGO_PRIVATE_MEDIA_ROOT", default=str(_files / "private"))
STORAGES = {
    **STORAGES,
    "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": PRIVATE_MEDIA_ROOT}},
}
SIGNING_KEYS_DIR = env("SIGNING_KEYS_DIR", default=str(_files / "keys"))

# Under pytest-xdist each test process has a Redis database of its own (gw0 → 1, gw1 → 2, ...), so that one
# process's cache.clear() or task queue never touches another's. A worker process a test starts inherits the
# variable, and so lands in the same database.
_xdist = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _xdist.startswith("gw"):
    REDIS_URL = re.sub(r"(/\d*)?$", f"/{int(_xdist[2:]) + 1}", REDIS_URL.rstrip("/"), count=1)
    CACHES = {"default": {**CACHES["default"], "LOCATION": REDIS_URL}}
    CELERY_BROKER_URL = CELERY_RESULT_BACKEND = REDIS_URL
