"""Settings, read from the environment.

With nothing set the portal runs on the embedded default (SQLite, Celery tasks eager, e-mail to the
console). Everything that weakens security needs DEBUG=1, which only `make run` sets.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
# Previous secret keys: sessions and signed values made with them stay valid while they are listed here.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-make-run"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")
# The name people see in e-mails (allauth's greeting and signature) and page titles.
PORTAL_NAME = os.environ.get("PORTAL_NAME", "Alliance Portal")

INSTALLED_APPS = [
    # Before the admin: it registers the translated reference data's columns (name_en, name_fr, ...).
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rules.apps.AutodiscoverRulesConfig",
    "django_countries",
    "csp",
    # Ours, named after the domain.
    "portal",
    "accounts",
    "audit",
    "documents",
    "common",
    "notifications",
    "organisations",
    "alliances",
    "declarations",
    "applications",
    "reviews",
    "memberships",
    "workinggroups",
    "deliverables",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.PrivateResponseHeadersMiddleware",
    # After the session's or the browser's language (LocaleMiddleware): a signed-in user's saved preference wins.
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.RequireStaffMFAMiddleware",
    "accounts.names.AskForNameMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "accounts.context_processors.roles",
            ],
        },
    },
]

# Choice lists (selects, checkboxes, radio buttons) written in Python, each option otherwise a template render.
FORM_RENDERER = "common.renderers.ChoiceListRenderer"

# Database: PostgreSQL in production (DATABASE_URL), SQLite when nothing is set.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
# The application connects with a role that owns no table (DATABASE_URL); migrations run with the owner
# role (MIGRATION_DATABASE_URL, used by `manage.py migrate_as_owner`). APP_DB_ROLE names the application's
# role, to which the migrations grant what it needs (and only SELECT and INSERT on the audit trail).
MIGRATION_DATABASE_URL = os.environ.get("MIGRATION_DATABASE_URL", "")
APP_DB_ROLE = os.environ.get("APP_DB_ROLE", "")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")


def redis_caches(url):
    """With Redis down, pages and logins keep working: the cache falls back to memory (portal/cache.py)."""
    return {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


if REDIS_URL:
    CACHES = redis_caches(REDIS_URL)
else:
    # A real cache (not a dummy one): allauth's login rate limits count in it.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions are read from the cache and written through to the database: a signed-in request no longer costs a
# query for its session, and a session outlives a cache restart. (Templates: with DEBUG off and no `loaders`
# given, Django already uses the cached template loader.)
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Signed-in people's pages are kept in the cache while nothing they show changes (common.page_cache), for at
# most this many seconds; 0 turns that off. Every worker must see the versions the others move, so the cache
# must be shared: with the in-memory cache it runs only where one process serves (runserver, the tests).
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", "60"))
PAGE_CACHE_IN_PROCESS_MEMORY = DEBUG

# Celery: Redis as broker when configured; without a broker, tasks run in-process.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A message a worker took but did not acknowledge (killed mid-task) is delivered again after the visibility
# timeout: it must exceed the longest task (the hard time limit), or a running task is delivered twice.
# Sending e-mail is idempotent anyway (notifications/services.py: a lock, the status, a stable Message-ID).
CELERY_TASK_TIME_LIMIT = int(os.environ.get("CELERY_TASK_TIME_LIMIT", "300"))
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 30
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 2 * CELERY_TASK_TIME_LIMIT,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
# With the broker down, enqueuing gives up quickly; the action has committed and a sweep enqueues it later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_TIMEZONE = "Europe/Brussels"
CELERY_BEAT_SCHEDULE = {
    "review-reminders": {"task": "reviews.tasks.send_reminders", "schedule": crontab(minute=0, hour=7)},
    "close-due-ballots": {"task": "workinggroups.tasks.close_due_ballots", "schedule": 60.0},
    "close-due-comment-rounds": {"task": "deliverables.tasks.close_due_rounds", "schedule": 60.0},
    "closing-reminders": {"task": "deliverables.tasks.send_closing_reminders", "schedule": crontab(minute=5)},
    "resend-failed-email": {"task": "notifications.tasks.resend_failed", "schedule": crontab(minute="*/15")},
    "anchor-audit-trail": {"task": "audit.tasks.anchor_head", "schedule": crontab(minute=30, hour=0)},
    "render-missing-declaration-pdfs": {
        "task": "declarations.tasks.render_missing_pdfs",
        "schedule": crontab(minute="*/10"),
    },
}

# E-mail: SMTP when EMAIL_HOST is set, otherwise the console.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Alliance Portal <no-reply@alliances.example.eu>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who answers people, named on the contact, privacy and accessibility pages.
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "alliances-secretariat@alliances.example.eu")
DATA_PROTECTION_EMAIL = os.environ.get("DATA_PROTECTION_EMAIL", "data-protection@alliances.example.eu")
ACCESSIBILITY_EMAIL = os.environ.get("ACCESSIBILITY_EMAIL", CONTACT_EMAIL)
# The function under the deciding person's name on decision letters.
DECISION_SIGNATORY_FUNCTION = os.environ.get(
    "DECISION_SIGNATORY_FUNCTION", "Authorising officer for the EU Industrial Alliances, European Commission"
)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    # Django's and allauth's, loading the signed-in person and their roles in one statement (accounts.backends).
    "accounts.backends.PersonModelBackend",
    "accounts.backends.PersonAuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "/"
SITE_ID = 1

# allauth: e-mail login, mandatory verification, rate-limited login, TOTP + recovery codes.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# People have names: sign-up asks for the full name (accounts.names).
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.names.SignupForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Alliance Portal] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# allauth's e-mails in the recipient's saved language; rate limits per real client IP.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# Our reverse proxies (CIDRs): X-Forwarded-For is believed only as far as they appended it.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
# Limits per account (key) and per real client IP (accounts/client_ip.py), never per proxy.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
# An invitation to act for an organisation expires after this many days.
INVITATION_VALID_DAYS = int(os.environ.get("INVITATION_VALID_DAYS", "14"))
# Users who must have MFA (they see other organisations' data) are logged out after a working day.
MFA_USER_SESSION_AGE = int(os.environ.get("MFA_USER_SESSION_AGE", str(8 * 3600)))
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Alliance Portal"
# Accept the previous and the next 30-second code: one step of clock drift, as RFC 6238 (section 6) recommends.
MFA_TOTP_TOLERANCE = 1

# Languages: the signed-in user's saved preference, else the browser's (Accept-Language), else English.
# Adding one: its code here, `make messages`, translate locale/<code>/, `manage.py makemigrations` (README).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("de", _("German")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
# Dates, times and numbers follow the active language's locale formats (Django's USE_L10N is always on): the
# portal's own date formats first (portal/formats/<language>/formats.py), then Django's.
FORMAT_MODULE_PATH = ["portal.formats"]
# Reference data (alliances, criteria, Declarations, working groups) has a column per language; an empty one
# shows the English text, never an empty string, and a new object always gets its English column filled.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
MODELTRANSLATION_AUTO_POPULATE = "default"

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"  # never served directly: every file goes through a permission-checked view
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Uploads: PDF only, checked by content, at most this many bytes.
MAX_UPLOAD_SIZE = int(os.environ.get("MAX_UPLOAD_SIZE", str(10 * 1024 * 1024)))
# A PDF with more pages is refused (read from the page tree's root, never by walking it), and checking one
# stops after this many seconds of wall-clock time: an upload never holds a web worker for long.
MAX_UPLOAD_PAGES = int(os.environ.get("MAX_UPLOAD_PAGES", "2000"))
MAX_UPLOAD_OBJECTS = int(os.environ.get("MAX_UPLOAD_OBJECTS", "50000"))
UPLOAD_CHECK_SECONDS = float(os.environ.get("UPLOAD_CHECK_SECONDS", "2"))
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_SIZE + 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# Security headers. HTTPS-only behaviour is on unless DEBUG.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# A strict Content-Security-Policy: no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# The audit trail's head is signed daily with this key (never stored in the database) and e-mailed here.
AUDIT_ANCHOR_KEY = os.environ.get("AUDIT_ANCHOR_KEY", "")
AUDIT_AUDITOR_EMAIL = os.environ.get("AUDIT_AUDITOR_EMAIL", "")
# Secret ballots: the key that links a secret choice to its organisation while the ballot is open, and seals
# the chain of choices. Its own setting, so that SECRET_KEY can rotate; after rotating this key, keep the old
# one in BALLOT_SEAL_KEY_FALLBACKS until every ballot sealed with it is closed and verified.
BALLOT_SEAL_KEY = os.environ.get("BALLOT_SEAL_KEY", "") or SECRET_KEY
BALLOT_SEAL_KEY_FALLBACKS = env_list("BALLOT_SEAL_KEY_FALLBACKS") or (
    [] if os.environ.get("BALLOT_SEAL_KEY") else SECRET_KEY_FALLBACKS
)

# Domain settings.
REVIEW_REMINDER_AFTER_DAYS = int(os.environ.get("REVIEW_REMINDER_AFTER_DAYS", "7"))
PAGINATE_BY = 20
# Where the Commission receives adopted working-group deliverables (besides its decision makers).
DELIVERABLES_COMMISSION_EMAIL = os.environ.get("DELIVERABLES_COMMISSION_EMAIL", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint reports every rendering step at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # One line per eager task drowns the console of `make run`; the worker logs its own.
        "celery.app.trace": {"level": "WARNING"},
    },
}
