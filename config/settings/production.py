"""Production: everything from the environment, HTTPS only, no demo officers."""

from .base import *

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
# Every site's addresses are served without editing settings (docs/operations.md, "Adding a
# council's domain"): Django lets every host through to portal_sites' middleware, which comes
# first and answers 400 to a host that is neither a configured site's address nor one of
# DJANGO_ALLOWED_HOSTS (still required: the names health checks and the operators use).
PORTAL_EXTRA_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
ALLOWED_HOSTS = ["*"]
PORTAL_REFUSE_UNKNOWN_HOSTS = True
DATABASES = {"default": with_sqlite_page_cache(env.db("DATABASE_URL"))}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
PORTAL_CREATE_DEMO_OFFICERS = False
# Every process must share one cache (REDIS_URL): portal/checks.py refuses to start without.
PORTAL_REQUIRE_SHARED_CACHE = True
# Every staff user signs in with a second factor, whatever the environment says.
PORTAL_REQUIRE_TWO_FACTOR = True
# One TLS-terminating reverse proxy in front by default: the client address comes from
# X-Forwarded-For (docs/staff-sign-in.md). Set 0 where gunicorn faces the browsers directly.
PORTAL_REVERSE_PROXY_COUNT = env.int("PORTAL_REVERSE_PROXY_COUNT", default=1)
AXES_IPWARE_META_PRECEDENCE_ORDER, AXES_IPWARE_PROXY_COUNT = axes_client_address(
    PORTAL_REVERSE_PROXY_COUNT
)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)

LOGGING["root"]["level"] = env("LOG_LEVEL", default="INFO")
