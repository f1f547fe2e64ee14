"""Settings for the test suite: the real settings, with what a test client over HTTP needs."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-used-anywhere-else-0123456789abcdef")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from portal.settings import *  # noqa: E402,F403

# Tests create hundreds of users: a fast hasher keeps the suite quick, and it is never used outside tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_USE_FINDERS = True
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run in-process in the suite; tests/test_celery_wiring.py sends them through the real broker.
CELERY_TASK_ALWAYS_EAGER = True
# The live server of the browser tests speaks plain HTTP.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
# Live-server request threads (browser tests) must not keep connections open past their request, or the
# test database cannot be dropped at the end of the run.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Audit anchors are signed with a key of their own (production: AUDIT_ANCHOR_KEY in the environment).
AUDIT_ANCHOR_KEY = "test-only-audit-anchor-key-0123456789"  # noqa: S105
AUDIT_AUDITOR_EMAIL = "auditor@example.eu"
# One process runs the suite: the in-memory cache may keep signed-in pages, so every test meets them.
PAGE_CACHE_IN_PROCESS_MEMORY = True
