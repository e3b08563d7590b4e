"""The quick start: SQLite, tasks run in-process, emails written to var/emails/."""

from .base import *

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# The neutral portal at 127.0.0.1 and localhost, each seed council at <name>.localhost
# (browsers send *.localhost to this machine).
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", ".localhost"])
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = BASE_DIR / "var" / "emails"
PORTAL_CREATE_DEMO_OFFICERS = env.bool("PORTAL_CREATE_DEMO_OFFICERS", default=True)
# Links in emails and reports point at the port the quick start serves (`PORT=8811 make run`).
PORTAL_BASE_URL = env(
    "PORTAL_BASE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}"
)
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# Serve static files straight from the finders: no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
