"""Tests: fast hashing, mail kept in memory, PostgreSQL and Redis come from `make test`."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import STORAGES, env

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
