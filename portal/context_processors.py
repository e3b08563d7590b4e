from django.conf import settings


def portal(request):
    """Give every template the portal's name, owner and the Exit this page destination."""
    return {
        "portal_name": settings.PORTAL_NAME,
        "portal_owner_name": settings.PORTAL_OWNER_NAME,
        "exit_this_page_url": settings.EXIT_THIS_PAGE_URL,
    }
