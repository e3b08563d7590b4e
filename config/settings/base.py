"""Settings shared by every environment. Values that differ come from environment variables."""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-local-only-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
# Sites (portal_sites, docs/operations.md): each request is answered as the site its host
# belongs to; a host no site has gets the neutral portal, or, with PORTAL_REFUSE_UNKNOWN_HOSTS
# (production), a 400 unless it is in PORTAL_EXTRA_HOSTS (e.g. the name health checks use).
PORTAL_REFUSE_UNKNOWN_HOSTS = env.bool("PORTAL_REFUSE_UNKNOWN_HOSTS", default=False)
PORTAL_EXTRA_HOSTS = list(ALLOWED_HOSTS)

INSTALLED_APPS = [
    # Django's admin with the portal's admin site (two-factor sign-in): docs/staff-sign-in.md.
    "staff_auth.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # Sites (portal_sites): one per council or partnership, and the neutral portal.
    "django.contrib.sites",
    "crispy_forms",
    "crispy_forms_gds",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "portal",
    "portal_sites",
    "staff_auth",
    "priorities",
    "safeguarding",
    "demo",
    "opendata",
    # The open data API (/api/v1/, docs/api.md).
    "rest_framework",
    "drf_spectacular",
    "corsheaders",
    "api",
]

MIDDLEWARE = [
    # First: which site the request came to (portal_sites), refusing unknown hosts where asked.
    "portal_sites.middleware.CurrentSiteMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # CORS for the API only (CORS_URLS_REGEX), before anything that may answer a request.
    "corsheaders.middleware.CorsMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A public report downloaded again, from the copy of its stored build (priorities/reports/).
    "priorities.reports.stored.StoredReportCopyMiddleware",
    # Cookieless visitors' public pages from the page cache (or 304), before anything that
    # reads a session or the user: a hit skips the rest. Its answers get the headers of every
    # middleware above it afresh and those of the ones below it as they were when stored.
    "portal.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "staff_auth.middleware.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Content Security Policy (django-csp): every page's scripts, styles, images and fonts come from
# the portal itself; no inline script or style, no frames, no plugins, forms post only here.
# GOV.UK Frontend's stylesheet uses data: images (e.g. for icons).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "portal.context_processors.portal",
                "portal_sites.context_processors.site_brand",
            ],
        },
    },
]


def with_sqlite_page_cache(database: dict) -> dict:
    """Give a SQLite database a page cache of ``SQLITE_CACHE_MIB`` (default 64) MiB a
    connection, in place of SQLite's 2 MiB: a search at fifty councils' data reads thousands
    of rows, and with the small cache most of them are read from the file again on every
    request (the initiatives' part of a search for "mental health" at 100x: 3.0 to 1.9 ms).
    Memory is taken only as pages are read, up to the database's size. Other databases are
    returned unchanged."""
    if database.get("ENGINE") == "django.db.backends.sqlite3":
        cache_kib = env.int("SQLITE_CACHE_MIB", default=64) * 1024
        options = database.setdefault("OPTIONS", {})
        options.setdefault("init_command", f"PRAGMA cache_size = -{cache_kib}")
    return database


DATABASES = {
    "default": with_sqlite_page_cache(
        env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="portal"),
            # A cache that is down or hangs costs a request at most this long
            # (portal/shared_cache.py: the web process then carries on without it).
            "OPTIONS": {
                "socket_connect_timeout": env.float("CACHE_CONNECT_TIMEOUT", default=0.5),
                "socket_timeout": env.float("CACHE_TIMEOUT", default=0.5),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    # NCSC: length over composition, and a check against common passwords.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]
# No composition rules and no forced expiry, also as the NCSC advises.

# --- Staff sign-in (docs/staff-sign-in.md) -----------------------------------------------------
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
# django-axes first: it refuses a locked-out username and address before any password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Every staff user must pass a second factor (authenticator app or recovery code) to use the
# admin. Off by default so the quick start's demo officers sign in with a password; always on
# in production.
PORTAL_REQUIRE_TWO_FACTOR = env.bool("PORTAL_REQUIRE_TWO_FACTOR", default=False)
# After a wrong code, each device makes the next try wait 1, 2, 4, 8... seconds.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Lockout (django-axes): this many failed passwords or codes in a row for one username from one
# address locks that username at that address (not the username everywhere, not the address for
# everyone) for the cool-off time; each further try during it starts the time again.
AXES_FAILURE_LIMIT = env.int("PORTAL_SIGN_IN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("PORTAL_SIGN_IN_LOCKOUT_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "staff_auth.views.locked_out"
AXES_HTTP_RESPONSE_CODE = 429


def axes_client_address(reverse_proxies: int) -> tuple[list[str], int | None]:
    """Where django-axes reads the client's address (``AXES_IPWARE_META_PRECEDENCE_ORDER``,
    ``AXES_IPWARE_PROXY_COUNT``). With no reverse proxy: the connection's address. Behind N
    proxies that each append the address they were connected from to X-Forwarded-For, the
    client is the Nth address from the right of that header (the last proxy is the connection);
    anything further left was sent by the client and is ignored."""
    if reverse_proxies <= 0:
        return ["REMOTE_ADDR"], None
    return ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"], reverse_proxies - 1


# How many reverse proxies (load balancer, nginx...) stand between the internet and the portal.
# 0 by default; 1 in production.
PORTAL_REVERSE_PROXY_COUNT = env.int("PORTAL_REVERSE_PROXY_COUNT", default=0)
AXES_IPWARE_META_PRECEDENCE_ORDER, AXES_IPWARE_PROXY_COUNT = axes_client_address(
    PORTAL_REVERSE_PROXY_COUNT
)
# Count the proxies from the right of X-Forwarded-For even when the client added addresses of
# its own on the left (django-ipware's strict mode would ignore the whole header then).
IPWARE_STRICT = False
# Sessions: signed out after 30 minutes without a request and 12 hours after signing in.
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"
SESSION_COOKIE_AGE = env.int("PORTAL_SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = True
PORTAL_SESSION_MAX_AGE = env.int("PORTAL_SESSION_MAX_HOURS", default=12) * 3600

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="updates@priorities.example.org")

# Where every email goes (priorities/notifications/mailers.py): "smtp" is Django's
# EMAIL_BACKEND above (SMTP in production); "notify" is GOV.UK Notify
# (priorities/notifications/notify.py),
# through one email template whose subject is ((subject)) and message ((body)).
PORTAL_EMAIL_DELIVERY = env("PORTAL_EMAIL_DELIVERY", default="smtp")
GOVUK_NOTIFY_API_KEY = env("GOVUK_NOTIFY_API_KEY", default="")
GOVUK_NOTIFY_EMAIL_TEMPLATE_ID = env("GOVUK_NOTIFY_EMAIL_TEMPLATE_ID", default="")
# A reply-to address set up in the Notify service (its id); empty: the service's default.
GOVUK_NOTIFY_REPLY_TO_ID = env("GOVUK_NOTIFY_REPLY_TO_ID", default="")
GOVUK_NOTIFY_BASE_URL = env(
    "GOVUK_NOTIFY_BASE_URL", default="https://api.notifications.service.gov.uk"
)
# How long one request to Notify may wait (to connect, and for the answer): shorter than the
# outbox's lease, like EMAIL_TIMEOUT.
GOVUK_NOTIFY_TIMEOUT = env.float("GOVUK_NOTIFY_TIMEOUT", default=10.0)
# Requests a minute to Notify from all workers together (Notify's limit is per service: 3,000 a
# minute unless Notify agreed another). 0 turns the pacing off.
GOVUK_NOTIFY_RATE_PER_MINUTE = env.int("GOVUK_NOTIFY_RATE_PER_MINUTE", default=3000)

# Celery: the broker is Redis on the full stack; without one, tasks run in-process.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Saving a status change queues its emails after commit; with the broker down that must fail
# fast (the relay sends the outbox rows later), never hold up the officer's save.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    # Publishing: one quick retry, then give up (the relay re-queues what was missed).
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BEAT_SCHEDULE = {
    # Sends outbox rows whose queued task never ran (broker down, worker killed) or that are
    # due a retry.
    "relay-pending-notifications": {
        "task": "priorities.tasks.relay_pending_notifications",
        "schedule": float(env.int("PORTAL_RELAY_EVERY_SECONDS", default=15)),
    },
    "weekly-digests": {
        "task": "priorities.tasks.send_weekly_digests",
        "schedule": crontab(minute=0, hour=7, day_of_week="mon"),
    },
    "meeting-packs": {
        "task": "priorities.tasks.send_meeting_packs",
        "schedule": crontab(minute=0, hour=7),
    },
    "stale-initiative-reminders": {
        "task": "priorities.tasks.send_stale_reminders",
        "schedule": crontab(minute=30, hour=7, day_of_week="mon"),
    },
    # Update rounds (priorities/rounds/): reminders due before a round's deadline, and any
    # opening emails a lost task did not send. Each email goes once, however often this runs.
    "update-round-reminders": {
        "task": "priorities.tasks.send_round_reminders",
        "schedule": crontab(minute=45, hour="7-19"),
    },
    # Report builds that never started (broker down) or whose worker died.
    "relay-report-exports": {
        "task": "priorities.tasks.relay_report_exports",
        "schedule": 60.0,
    },
    "delete-expired-report-exports": {
        "task": "priorities.tasks.delete_expired_report_exports",
        "schedule": crontab(minute=15),
    },
    # The open data set (opendata/builds.py): rebuilt only when the public data changed.
    "build-data-set": {
        "task": "opendata.tasks.build_data_set",
        "schedule": float(env.int("PORTAL_DATA_SET_EVERY_SECONDS", default=300)),
    },
}

# Public pages sent to visitors without cookies are kept this long (portal/page_cache.py);
# any change to the portal's records makes them stale at once. 0 turns the cache off.
PORTAL_PAGE_CACHE_SECONDS = env.int("PORTAL_PAGE_CACHE_SECONDS", default=300)
# Those pages (and the API's answers) say that browsers may keep them this long and shared
# caches (a CDN, a caching proxy) this long, then ask again with their ETag (docs/operations.md,
# "A CDN or caching proxy in front"). Everything else is private.
PORTAL_BROWSER_CACHE_SECONDS = env.int("PORTAL_BROWSER_CACHE_SECONDS", default=60)
PORTAL_CDN_CACHE_SECONDS = env.int("PORTAL_CDN_CACHE_SECONDS", default=300)
# The records a public page shows, for visitors the page cache does not answer (a cookie, an
# officer), are kept per data generation this long (portal/page_data.py). 0 turns it off.
PORTAL_PAGE_DATA_CACHE_SECONDS = env.int("PORTAL_PAGE_DATA_CACHE_SECONDS", default=300)
# After an error from the shared cache, each process leaves it alone this long before trying
# again (pages are rendered afresh and rate limits count per process meanwhile).
PORTAL_CACHE_RETRY_SECONDS = env.float("PORTAL_CACHE_RETRY_SECONDS", default=5.0)

# Committee report exports (priorities/reports/). A report with more rows than this is built by
# a Celery worker while the page shows its progress; smaller ones download at once.
PORTAL_REPORT_BACKGROUND_ROWS = env.int("PORTAL_REPORT_BACKGROUND_ROWS", default=200)
# A worker holds a report build for this long; after it another worker may take it over.
PORTAL_REPORT_EXPORT_BUILD_SECONDS = env.int("PORTAL_REPORT_EXPORT_BUILD_SECONDS", default=600)
PORTAL_REPORT_EXPORT_MAX_ATTEMPTS = env.int("PORTAL_REPORT_EXPORT_MAX_ATTEMPTS", default=3)
# The same public report asked for again within this time is served from the earlier build.
PORTAL_REPORT_EXPORT_REUSE_SECONDS = env.int("PORTAL_REPORT_EXPORT_REUSE_SECONDS", default=300)
# Built reports are deleted after this many hours.
PORTAL_REPORT_EXPORT_KEEP_HOURS = env.int("PORTAL_REPORT_EXPORT_KEEP_HOURS", default=24)
# Report downloads per visitor (IP address) per hour: building a report is work for the server.
PORTAL_REPORT_RATE_PER_IP = (env.int("PORTAL_REPORT_RATE_PER_IP", default=60), 3600)

# Email delivery from the notification outbox (priorities/notifications/outbox.py).
# A failed email is retried with exponential backoff and jitter, then given up ("dead").
PORTAL_NOTIFICATION_MAX_ATTEMPTS = env.int("PORTAL_NOTIFICATION_MAX_ATTEMPTS", default=8)
PORTAL_NOTIFICATION_RETRY_BASE_SECONDS = env.int(
    "PORTAL_NOTIFICATION_RETRY_BASE_SECONDS", default=60
)
# A worker holds the rows it is sending for this long, renewing the lease each time a third of
# it has passed while it sends; once a lease has run out (the worker was killed or is stuck)
# the relay hands the rows to another worker. With the relay every
# PORTAL_RELAY_EVERY_SECONDS, a killed worker's emails resume within about 45 seconds.
PORTAL_NOTIFICATION_CLAIM_SECONDS = env.int("PORTAL_NOTIFICATION_CLAIM_SECONDS", default=30)
# How long one SMTP operation may wait (connect, a reply) before the connection counts as
# broken: never longer than the lease.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
PORTAL_NOTIFICATION_BATCH_SIZE = env.int("PORTAL_NOTIFICATION_BATCH_SIZE", default=100)
# How often beat runs the relay (see CELERY_BEAT_SCHEDULE).
PORTAL_RELAY_EVERY_SECONDS = env.int("PORTAL_RELAY_EVERY_SECONDS", default=15)
# The relay sends pending rows at least this old: their own task should have sent them by then.
PORTAL_RELAY_AFTER_SECONDS = env.int("PORTAL_RELAY_AFTER_SECONDS", default=60)
# /readyz says the outbox is "degraded" when the oldest email waiting is older than this...
PORTAL_OUTBOX_DEGRADED_AFTER_SECONDS = env.int("PORTAL_OUTBOX_DEGRADED_AFTER_SECONDS", default=180)
# ... or when more emails than this were given up (dead) in the last day.
PORTAL_OUTBOX_DEAD_PER_DAY = env.int("PORTAL_OUTBOX_DEAD_PER_DAY", default=20)
# Workers and beat record a heartbeat this often; /readyz calls them down when none is fresher
# than PORTAL_HEALTH_SILENT_AFTER_SECONDS.
PORTAL_HEARTBEAT_SECONDS = env.int("PORTAL_HEARTBEAT_SECONDS", default=15)
PORTAL_HEALTH_SILENT_AFTER_SECONDS = env.int("PORTAL_HEALTH_SILENT_AFTER_SECONDS", default=60)
# How long /readyz waits for the broker to accept a connection.
PORTAL_HEALTH_BROKER_TIMEOUT = env.float("PORTAL_HEALTH_BROKER_TIMEOUT", default=2.0)
# Committee followers get the meeting's pack this many days before it.
PORTAL_MEETING_PACK_DAYS_BEFORE = env.int("PORTAL_MEETING_PACK_DAYS_BEFORE", default=5)

# Open data (opendata/): how often beat checks whether the data set must be rebuilt, and how
# long shared caches may keep its files and the calendars of meetings.
PORTAL_DATA_SET_EVERY_SECONDS = env.int("PORTAL_DATA_SET_EVERY_SECONDS", default=300)
PORTAL_DATA_SET_MAX_AGE = env.int("PORTAL_DATA_SET_MAX_AGE", default=300)
PORTAL_CALENDAR_MAX_AGE = env.int("PORTAL_CALENDAR_MAX_AGE", default=600)
# A meeting's length in calendars (its end time is not recorded).
PORTAL_MEETING_DEFAULT_MINUTES = env.int("PORTAL_MEETING_DEFAULT_MINUTES", default=120)

# The portal's own settings.
PORTAL_NAME = env("PORTAL_NAME", default="Children's Services Priorities Portal")
# The name authenticator apps show beside an officer's code.
OTP_TOTP_ISSUER = PORTAL_NAME
PORTAL_OWNER_NAME = env("PORTAL_OWNER_NAME", default="Wandsworth Council")
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")
# Exit this page sends a visitor here: a neutral site that gives nothing away in history.
EXIT_THIS_PAGE_URL = env("EXIT_THIS_PAGE_URL", default="https://www.bbc.co.uk/weather")
# Demo officer accounts are created by load_demo_data only where this is true.
PORTAL_CREATE_DEMO_OFFICERS = env.bool("PORTAL_CREATE_DEMO_OFFICERS", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# --- The open data API (/api/v1/, docs/api.md) --------------------------------------------------
# Read-only JSON; no browsable API (it needs inline script), no sessions or sign-in.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
    "URL_FORMAT_OVERRIDE": None,
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Children's Services Priorities Portal API",
    "DESCRIPTION": (
        "Every public record of the portal as JSON: organisations, plans, aims, themes, "
        "priorities, initiatives with their scrutiny journey, committees, meetings, agenda "
        "items, consultations, partnership ambitions, indicators and inspections. Drafts never "
        "appear. Read-only, no key needed; answers carry ETag and Last-Modified for conditional "
        "requests. See /api/v1/docs/ for examples."
    ),
    "VERSION": "1",
    "LICENSE": {
        "name": "Open Government Licence v3.0",
        "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    },
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # One name per choice set, whatever the field is called (status, from_status, to_status).
    "ENUM_NAME_OVERRIDES": {
        "InitiativeStatusEnum": "priorities.lifecycle.InitiativeStatus",
        "PlanStatusEnum": "priorities.models.plans.PlanStatus",
        "MeetingStatusEnum": "priorities.models.committees.MeetingStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_common_responses",
    ],
}
# Anyone may read the API from a web page on another site: GET only, no credentials.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]
# API requests per client address: (requests, window in seconds); then 429 with Retry-After.
PORTAL_API_RATE_PER_IP = (env.int("PORTAL_API_RATE_PER_MINUTE", default=300), 60)
