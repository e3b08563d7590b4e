"""The portal's error pages (``handler404`` and ``handler500`` in the project's URLconf) and
the fixed pages that need more than a template."""

import logging

from django.conf import settings
from django.http import HttpResponseForbidden, HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import TemplateView

logger = logging.getLogger(__name__)

PLAIN_SERVER_ERROR = (
    '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
    "<title>Sorry, there is a problem with the service</title></head>"
    "<body><h1>Sorry, there is a problem with the service</h1><p>Try again later.</p>"
    "<p>If you think a child is in immediate danger, call 999.</p></body></html>"
)


@requires_csrf_token
def page_not_found(request, exception):
    """Render templates/404.html with the usual context (the portal's name, Exit this page)."""
    body = loader.render_to_string("404.html", {"request_path": request.path}, request)
    return HttpResponseNotFound(body)


def portal_settings_context(request=None):
    """The context base.html needs, from settings and the site the request came to (which the
    sites' middleware resolved before anything failed: no query)."""
    context = {
        "portal_name": settings.PORTAL_NAME,
        "portal_owner_name": settings.PORTAL_OWNER_NAME,
        "exit_this_page_url": settings.EXIT_THIS_PAGE_URL,
    }
    site = getattr(request, "portal_site", None)
    if site is not None:
        context.update(
            portal_site=site, portal_owner_name=site.owner_name, site_name_shown=site.name_shown
        )
    return context


def csrf_failure(request, reason=""):
    """Render templates/403_csrf.html (``CSRF_FAILURE_VIEW``): a form that could not be
    accepted, said in the portal's own words, with what to do next."""
    body = loader.render_to_string("403_csrf.html", {}, request)
    return HttpResponseForbidden(body)


@requires_csrf_token
def server_error(request):
    """Render templates/500.html without touching the database, which may be what failed:
    no request context and no context processors, only values from settings. If even that
    fails, answer with a plain page."""
    try:
        body = loader.get_template("500.html").render(portal_settings_context(request))
    except Exception:  # the error page itself must never fail
        logger.exception("The 500 page could not be rendered")
        body = PLAIN_SERVER_ERROR
    return HttpResponseServerError(body)


def duration(seconds: int) -> str:
    """Seconds in words, in the largest whole unit: "30 minutes", "12 hours", "1 day"."""
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    minutes = max(1, round(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


class CookiesView(TemplateView):
    """The cookies page: the names and lifetimes come from settings, so the page stays true."""

    template_name = "pages/cookies.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            session_cookie_name=settings.SESSION_COOKIE_NAME,
            session_idle_limit=duration(settings.SESSION_COOKIE_AGE),
            session_absolute_limit=duration(settings.PORTAL_SESSION_MAX_AGE),
            session_cookie_ends_with_browser=settings.SESSION_EXPIRE_AT_BROWSER_CLOSE,
            csrf_cookie_name=settings.CSRF_COOKIE_NAME,
            csrf_cookie_days=round((settings.CSRF_COOKIE_AGE or 0) / 86400),
        )
        return context
