"""Development: `make run`. Safe local defaults, debug on, e-mail to the console."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# A development-only key, never used in production (prod.py requires DJANGO_SECRET_KEY).
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
(BASE_DIR / "var").mkdir(exist_ok=True)
