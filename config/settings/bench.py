"""Benchmarks: production-like (no debug, real cache and database), without HTTPS redirects."""

from .base import *  # noqa: F403
from .base import DATABASES, env

DEBUG = False
SECRET_KEY = "bench-only-key"  # noqa: S105 - used only by the benchmarks
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ROOT_URLCONF = "config.bench_urls"
# All the load comes from one address: the benchmark raises the verification limit for its run.
VERIFY_RATE_LIMIT = env("VERIFY_RATE_LIMIT", default="100000000/m")
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)  # as in production
