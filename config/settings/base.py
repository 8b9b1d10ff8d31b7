"""Settings shared by every environment. Values come from environment variables (django-environ)."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
APPS_DIR = BASE_DIR / "apps"

env = environ.Env()
env_file = BASE_DIR / ".env"
if env_file.exists():
    env.read_env(str(env_file))

# --- Core -------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
# The portal's public address: printed on certificates and QR codes, used in e-mails sent by workers.
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
THIRD_PARTY_APPS = [
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
]
LOCAL_APPS = [
    "apps.core",
    "apps.accounts",
    "apps.reference",
    "apps.providers",
    "apps.programmes",
    "apps.enrolments",
    "apps.assessments",
    "apps.certificates",
    "apps.verification",
    "apps.registry",
    "apps.learner",
]
# Local apps first so that their templates and translations override the third-party ones.
INSTALLED_APPS = LOCAL_APPS + DJANGO_APPS + THIRD_PARTY_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "apps.accounts.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "apps.accounts.middleware.RequireMFAMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Storage ----------------------------------------------------------------
# SQLite is the embedded default; PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
}
# Every request is one transaction: a view that fails half-way leaves nothing half-saved.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default runs background work in a thread beside the requests: a writer takes the lock when its
    # transaction begins, and waits for another rather than failing ("database is locked").
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # django-redis keeps one connection pool per process and hands it out (get_redis_connection) to the few hot
    # paths that pipeline their commands (apps/verification/kept_pages.py).
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("DJANGO_CACHE_PREFIX", default="microcred"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

STATIC_URL = "/static/"
STATIC_ROOT = env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))
# Private files (application documents, later certificates) live outside MEDIA_ROOT and are served only
# through views that check who is asking.
PRIVATE_MEDIA_ROOT = env("DJANGO_PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": PRIVATE_MEDIA_ROOT}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Languages ----------------------------------------------------------------
# Georgian is the default; no language prefix in URLs (codes and QR links printed on paper never change).
# The choice is kept in a cookie, then Accept-Language decides, then LANGUAGE_CODE.
LANGUAGE_CODE = "ka"
LANGUAGES = [("ka", _("Georgian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "django_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
FORMAT_MODULE_PATH = ["config.formats"]
# Forms render each field as label, help, errors, input (Django's "div" layout), so an error sits under the
# label of the field it concerns.
FORM_RENDERER = "apps.core.forms.FormRenderer"
TIME_ZONE = "Asia/Tbilisi"
USE_I18N = True
USE_TZ = True

# --- Accounts and authentication ------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"

ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_UNIQUE_EMAIL = True
# Nothing on screen tells whether an address has an account: a sign-up with a known address looks exactly like a
# new one ("we have sent you an e-mail") and mails the owner that someone tried, with a link to reset the password;
# a password reset says the same for known and unknown addresses.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SIGNUP_FORM_CLASS = "apps.accounts.forms.SignupForm"
ACCOUNT_ADAPTER = "apps.accounts.adapters.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Per client address (behind the proxies TRUSTED_PROXY_COUNT trusts: the adapter's get_client_ip). For failed
# logins, "key" is the account and the address together (the adapter's login attempts key): failures from one
# address lock that address out of that account, never the account for everyone.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "MicroCred Georgia"
# Staff, NCEQE reviewers and provider staff must turn on two-factor authentication before they do anything
# signed in beyond their own account and the public pages, on every path and through the API
# (apps.accounts.middleware, apps.accounts.authentication). Always on in production; off by default in
# development so that the demo logins work at once.
MFA_REQUIRED_FOR_STAFF = env.bool("MFA_REQUIRED_FOR_STAFF", default=False)

# --- E-mail ---------------------------------------------------------------------
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="MicroCred Georgia <noreply@microcred.localhost>")
SERVER_EMAIL = env("DJANGO_SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
EMAIL_TIMEOUT = 10

# --- Celery -----------------------------------------------------------------------
# With REDIS_URL the tasks go through Redis to worker processes; without it they run in-process (eager),
# so the embedded default needs no server.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A worker process is replaced after this many tasks: WeasyPrint's and Pango's caches grow slowly (about 10 % of
# resident memory over 10,000 certificates, bench/certificates.py), and a new process costs a second of warm-up.
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=1000)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Certificates have a queue of their own, so that rendering many of them never holds up e-mail, and their
# workers can be scaled on their own: `celery -A config worker -Q celery,certificates`.
CELERY_TASK_ROUTES = {
    "apps.certificates.tasks.prepare_credential": {"queue": "certificates"},
    "apps.certificates.batch_tasks.create_batch_credentials": {"queue": "certificates"},
}
# Task modules other than the apps' tasks.py (which autodiscovery finds): the worker imports these at start.
CELERY_IMPORTS = ["apps.certificates.batch_tasks"]
CELERY_BEAT_SCHEDULE = {
    "delete-unverified-accounts": {"task": "apps.accounts.tasks.delete_unverified_accounts", "schedule": 24 * 60 * 60},
    "credential-expiry-reminders": {"task": "apps.certificates.tasks.send_expiry_reminders", "schedule": 6 * 60 * 60},
    "requeue-stuck-credentials": {"task": "apps.certificates.tasks.requeue_stuck_credentials", "schedule": 60},
    "requeue-stuck-batches": {"task": "apps.certificates.batch_tasks.requeue_stuck_batches", "schedule": 60},
    "flush-verification-events": {"task": "apps.verification.tasks.flush_verification_events", "schedule": 60},
}

# --- API ----------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Every authentication class of the API refuses staff without a second factor when it is required.
    "DEFAULT_AUTHENTICATION_CLASSES": ["apps.accounts.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "apps.core.api.AutoSchema",
    "EXCEPTION_HANDLER": "apps.core.api.exception_handler",
}
# The schema is generated per request in the reader's language (cookie, then Accept-Language, or ?lang=): the
# description, the tags and every operation's summary and description are translated (apps/*/api.py, `documented`).
SPECTACULAR_SETTINGS = {
    "TITLE": "MicroCred Georgia API",
    "DESCRIPTION": _(
        "The API of MicroCred Georgia, the national portal of micro-credentials in Georgian higher education.\n\n"
        "**Signing in.** The catalogue, the registry of providers and verification are public. Everything else uses "
        "the portal's session: sign in at `/account/login/` (staff with two-factor authentication turned on) and "
        "send the session cookie; a change (POST, PUT, PATCH) also sends the `X-CSRFToken` header with the value of "
        "the `csrftoken` cookie.\n\n"
        "**Errors.** 400 with the messages by field; 403 when not signed in or when your role does not allow it; 404 "
        "for an object that does not exist or that belongs to another provider (the same answer); 429 with "
        "`Retry-After` past a rate limit.\n\n"
        "**Languages.** Texts come in Georgian and English (fields ending in `_ka` and `_en`). Messages, and these "
        "docs, follow the `Accept-Language` header or the `lang` parameter of `/api/schema/`."
    ),
    "VERSION": "1.0.0",
    # One tag per area; every operation names one of them (a test holds it).
    "TAGS": [
        {"name": _("Catalogue"), "description": _("Published programmes and their offerings. Public.")},
        {"name": _("Providers"), "description": _("The public registry of authorized providers.")},
        {
            "name": _("Authorization"),
            "description": _("Providers' applications to NCEQE for authorization, and the Center's decisions."),
        },
        {
            "name": _("Programmes"),
            "description": _("Authoring programme versions, NCEQE's review, and publication in the catalogue."),
        },
        {"name": _("Enrolments"), "description": _("Learners' enrolments and providers' invitations to enrol.")},
        {"name": _("Results"), "description": _("Assessment results, component by component.")},
        {
            "name": _("Certificates"),
            "description": _("Issuing, revoking and re-issuing credentials; Open Badges 3.0."),
        },
        {
            "name": _("Verification"),
            "description": _("Public checks of a certificate by code or file, for employers' systems. Rate-limited."),
        },
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs are the same public document for everyone, so they are served without
    # authentication (and so without the API's second-factor check, which would refuse staff without one).
    "SERVE_AUTHENTICATION": [],
    # Swagger UI is served from the portal itself: no CDN, so the docs work on a closed network.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No deep links: Swagger UI puts each operation's link inside the button that opens it (a link in a button
    # fails the accessibility audit). The examples' highlighting theme with enough contrast: see api-docs.css.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "syntaxHighlight": {"activated": True, "theme": "idea"}},
    "REDOC_DIST": "SIDECAR",
}

# --- Security defaults that hold everywhere ------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- Content-Security-Policy and Permissions-Policy -------------------------------------
# Every page serves its own scripts, styles, fonts and images: no inline script or event handler, no eval, no
# inline style, nothing from another origin. Page data reaches scripts through data- attributes or json_script
# (a <script type="application/json"> is data, never run). img-src allows data: for the TOTP QR code that
# allauth draws as a data: URI. The one exception, Swagger UI at /api/docs/, is scoped in config/urls.py.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
# Powerful browser features the portal never uses are off, for its pages and anything framed in them. Nothing
# scans QR codes in the page (a phone's camera app opens the printed link), so the camera is off too; the copy
# buttons only write to the clipboard, which stays allowed. Turning on WebAuthn in allauth.mfa needs
# publickey-credentials-create and -get set to "self".
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "clipboard-read",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "otp-credentials",
        "payment",
        "publickey-credentials-create",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "window-management",
        "xr-spatial-tracking",
    )
}

# How long the portal keeps things about people; shown on the privacy notice.
PRIVACY_CONTACT_EMAIL = env("PRIVACY_CONTACT_EMAIL", default="privacy@microcred.localhost")
UNVERIFIED_ACCOUNT_RETENTION_DAYS = env.int("UNVERIFIED_ACCOUNT_RETENTION_DAYS", default=30)
# National rules for micro-credentials (settings, not literals: the Ministry may change them).
MICROCREDENTIAL_MIN_ECTS = env.float("MICROCREDENTIAL_MIN_ECTS", default=1.0)
MICROCREDENTIAL_MAX_ECTS = env.float("MICROCREDENTIAL_MAX_ECTS", default=30.0)
HOURS_PER_ECTS = env.int("HOURS_PER_ECTS", default=25)
# How far the stated workload may differ from ECTS x hours per credit, in percent.
WORKLOAD_TOLERANCE_PERCENT = env.int("WORKLOAD_TOLERANCE_PERCENT", default=10)
# The NQF levels at which micro-credentials may be offered (HEIs: levels 6 and 7 first).
MICROCREDENTIAL_NQF_LEVELS = env.list("MICROCREDENTIAL_NQF_LEVELS", cast=int, default=[6, 7])

# Certificates. Private signing keys are files an operator installs here (never in the repository or database);
# the web and worker processes read them.
SIGNING_KEYS_DIR = env("SIGNING_KEYS_DIR", default=str(BASE_DIR / "var" / "keys"))
# An RFC 3161 timestamp authority (its URL): with one, every certificate's signature carries a signed timestamp
# (PAdES B-T), and a certificate the TSA cannot timestamp waits and is tried again; empty, signatures are B-B. The
# roots file (PEM) names the certificate authorities trusted to vouch for the TSA, for timestamps only.
SIGNING_TSA_URL = env("SIGNING_TSA_URL", default="")
SIGNING_TSA_ROOTS_FILE = env("SIGNING_TSA_ROOTS_FILE", default="")
CREDENTIAL_EXPIRY_REMINDER_DAYS = env.int("CREDENTIAL_EXPIRY_REMINDER_DAYS", default=30)
# A credential still being prepared this long after it was queued is queued again (a worker died holding it).
CREDENTIAL_REQUEUE_AFTER_SECONDS = env.int("CREDENTIAL_REQUEUE_AFTER_SECONDS", default=300)

# Public verification: rate limits per client address ("count/period", period s, m, h or d; counted by
# django-ratelimit in the default cache, see apps.core.ratelimit), uploads, and the limits of the child process
# that parses an uploaded file.
VERIFY_RATE_LIMIT = env("VERIFY_RATE_LIMIT", default="60/m")
VERIFY_UPLOAD_RATE_LIMIT = env("VERIFY_UPLOAD_RATE_LIMIT", default="10/m")
VERIFY_FILE_MAX_MB = env.int("VERIFY_FILE_MAX_MB", default=10)
VERIFY_FILE_CPU_SECONDS = env.int("VERIFY_FILE_CPU_SECONDS", default=5)
VERIFY_FILE_MEMORY_MB = env.int("VERIFY_FILE_MEMORY_MB", default=512)
# The other public lookups, per client address: a credential's files by code (PDF, Open Badges JSON and JWT),
# and the Open Badges documents wallets and verifiers fetch (issuers, achievements, keys, status lists).
CREDENTIAL_FILE_RATE_LIMIT = env("CREDENTIAL_FILE_RATE_LIMIT", default="30/m")
OPEN_BADGES_RATE_LIMIT = env("OPEN_BADGES_RATE_LIMIT", default="120/m")
# How many reverse proxies in front of the portal add to X-Forwarded-For (0: use the socket's address). Every
# per-address limit uses it (apps.core.ratelimit.client_address), allauth's login limits included.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# How long an invitation to join a provider's staff stays open.
PROVIDER_INVITATION_DAYS = env.int("PROVIDER_INVITATION_DAYS", default=14)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "celery": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
