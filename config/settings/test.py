"""The test suite: SQLite unless DATABASE_URL is set; a real Redis only when REDIS_URL is set."""

from .base import *

DEBUG = False
# Sites' tests ask for councils at <name>.localhost, as the quick start serves them.
ALLOWED_HOSTS = ["127.0.0.1", "localhost", ".localhost"]
SECRET_KEY = "test-only-secret-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PORTAL_CREATE_DEMO_OFFICERS = True
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
CELERY_TASK_ALWAYS_EAGER = True
# Serve static files straight from the finders: no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Most tests change records with update() or between requests: the page cache is off, and
# tests/priorities/test_page_cache.py turns it on.
PORTAL_PAGE_CACHE_SECONDS = 0
PORTAL_PAGE_DATA_CACHE_SECONDS = 0
