"""The public's subscription pages.

Nothing on these pages says whether an address is new, waiting for confirmation, confirmed or
unsubscribed: a request always ends on the same "check your email" page, and everything else
the address needs to know is in the email.

Pages reached from an email link carry a signed token in the URL; they are never cached and
send a Referer to this site only (``Referrer-Policy: same-origin``), so the token stays out of
other sites' logs. Not ``no-referrer``: with it, browsers send ``Origin: null`` with the page's
own forms, and CSRF protection rightly refuses them.
"""

from axes.helpers import get_client_ip_address
from django.core import signing
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from portal import ratelimit
from portal_sites.resolution import request_origin
from priorities.models import Frequency, Subscriber, SubscriptionScope
from priorities.subscribing import services, targets
from priorities.subscribing.forms import SubscribeForm
from priorities.subscribing.links import (
    CONFIRMATION_MAX_AGE,
    make_token,
    read_token,
    subscriber_site,
)


def _private(response):
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


class BadLink(Exception):
    def __init__(self, status):
        self.status = status


def _subscriber(token: str, purpose: str, max_age=None) -> Subscriber:
    try:
        pk = read_token(token, purpose, max_age=max_age)
    except signing.SignatureExpired as error:
        raise BadLink(410) from error
    except (signing.BadSignature, ValueError) as error:
        raise BadLink(400) from error
    subscriber = Subscriber.objects.filter(pk=pk).first()
    if subscriber is None:
        raise BadLink(410)
    return subscriber


def _bad_link(request, status, purpose):
    return _private(
        render(
            request,
            "subscriptions/bad_link.html",
            {"expired": status == 410, "purpose": purpose},
            status=status,
        )
    )


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    if request.method == "POST":
        form = SubscribeForm(request.POST, target=targets.from_value(request.POST.get("follow")))
        if form.is_valid():
            verdict = ratelimit.allow_ip(get_client_ip_address(request))
            if not verdict:
                return ratelimit.too_many_requests(
                    render(request, "subscriptions/too_many_requests.html", {"verdict": verdict}),
                    verdict,
                )
            email = form.cleaned_data["email"]
            if ratelimit.allow_address(email):
                target = form.cleaned_data["follow"]
                site = getattr(request, "portal_site", None)
                services.subscription_request(
                    email=email,
                    scope=target.scope,
                    target=target.record,
                    frequency=form.cleaned_data["frequency"],
                    site=site,
                    origin=request_origin(request, site) if site else "",
                )
            return redirect("subscriptions:check_email")
    else:
        target, asked = targets.from_query(request.GET)
        if asked and target is None:
            raise Http404("Nothing to follow with that id")
        form = SubscribeForm(target=target, initial={"frequency": Frequency.IMMEDIATE})
    return render(request, "subscriptions/subscribe.html", {"form": form})


def check_email(request):
    return render(request, "subscriptions/check_email.html")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    try:
        subscriber = _subscriber(token, "confirm", max_age=CONFIRMATION_MAX_AGE)
    except BadLink as bad:
        return _bad_link(request, bad.status, "confirm")
    if request.method == "POST":
        services.subscriber_confirm(subscriber=subscriber)
        subscriber.refresh_from_db()
        if subscriber.is_active:
            manage = reverse("subscriptions:manage", args=[make_token(subscriber, "manage")])
            return _private(HttpResponseRedirect(f"{manage}?confirmed=1"))
        return _bad_link(request, 410, "confirm")
    return _private(render(request, "subscriptions/confirm.html"))


MANAGE_NOTICES = {
    "confirmed": "Your email address is confirmed. Your updates are set up.",
    "changed": "How often you get emails has been changed.",
    "removed": "You will no longer get those updates.",
}


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    try:
        subscriber = _subscriber(token, "manage")
    except BadLink as bad:
        return _bad_link(request, 400 if bad.status == 410 else bad.status, "manage")
    if request.method == "POST":
        subscription_id = request.POST.get("subscription", "")
        if not subscription_id.isascii() or not subscription_id.isdigit():
            return _bad_link(request, 400, "manage")
        subscription = get_object_or_404(subscriber.subscriptions, pk=int(subscription_id))
        action = request.POST.get("action")
        if action == "remove":
            services.subscription_remove(subscription=subscription)
            notice = "removed"
        elif action == "frequency" and request.POST.get("frequency") in Frequency.values:
            services.subscription_change_frequency(
                subscription=subscription, frequency=request.POST["frequency"]
            )
            notice = "changed"
        else:
            return _bad_link(request, 400, "manage")
        return _private(HttpResponseRedirect(f"{request.path}?{notice}=1"))

    subscriptions = subscriber.subscriptions.select_related(
        "initiative", "priority", "committee", "organisation"
    ).order_by("scope", "pk")
    site = subscriber_site(subscriber)  # "everything" is its site's, wherever this is opened
    rows = [
        {"subscription": s, "following": targets.of_subscription(s, site).label}
        for s in subscriptions
    ]
    notice = next((text for key, text in MANAGE_NOTICES.items() if key in request.GET), None)
    context = {
        "subscriber": subscriber,
        "rows": rows,
        "frequencies": Frequency.choices,
        "notice": notice,
        "unsubscribe_path": reverse(
            "subscriptions:unsubscribe", args=[make_token(subscriber, "unsubscribe")]
        ),
        "everything": SubscriptionScope.EVERYTHING,
    }
    return _private(render(request, "subscriptions/manage.html", context))


@csrf_exempt  # authorised by the signed token; RFC 8058 one-click POSTs carry no cookies
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """RFC 8058 one-click unsubscribe: any POST ends every subscription; GET asks first."""
    try:
        subscriber = _subscriber(token, "unsubscribe")
    except BadLink as bad:
        return _bad_link(request, 400 if bad.status == 410 else bad.status, "unsubscribe")
    if request.method == "POST":
        services.subscriber_unsubscribe(subscriber=subscriber)
        return _private(render(request, "subscriptions/unsubscribed.html"))
    return _private(render(request, "subscriptions/unsubscribe.html"))
