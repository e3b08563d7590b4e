import os

from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

application = get_wsgi_application()

# Refuse to serve on a deployment the cache checks reject (production without a shared cache:
# portal/checks.py). gunicorn runs no system checks of its own.
_cache_errors = [
    message for message in checks.run_checks(tags=[checks.Tags.caches]) if message.is_serious()
]
if _cache_errors:
    raise ImproperlyConfigured("\n".join(str(message) for message in _cache_errors))
