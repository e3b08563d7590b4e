"""Building the emails sent to subscribers.

Every email has a plain-text and an HTML part rendered from ``templates/emails/<name>.txt`` and
``<name>.html`` (both extend the emails' base templates, which add the footer with the manage
and unsubscribe links), and carries the List-Unsubscribe headers (RFC 2369, RFC 8058).

Subjects are seen by anyone glancing at an inbox, so they stay neutral: never a record's title,
never a word that would alarm (``build_email`` refuses one that contains ``ALARMING_WORDS``).
"""

import re

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from portal_sites.models import DEFAULT_HEADER_COLOUR
from priorities.subscribing.links import (
    base_url,
    list_unsubscribe_headers,
    manage_url,
    subscriber_site,
    unsubscribe_url,
)

#: Words that must never appear in a subject line.
ALARMING_WORDS = (
    "abuse",
    "safeguarding",
    "child protection",
    "police",
    "violence",
    "domestic",
    "neglect",
    "exploitation",
    "harm",
    "risk",
    "social worker",
    "social care",
    "court",
    "care order",
    "urgent",
)

PORTAL_NAME = "Children’s Services Priorities Portal"


class UnsafeSubjectError(ValueError):
    """A subject contains a word that could alarm someone who sees the inbox."""


def check_subject(subject: str) -> str:
    lowered = subject.lower()
    for word in ALARMING_WORDS:
        if re.search(rf"\b{re.escape(word)}", lowered):
            raise UnsafeSubjectError(f"Email subject must stay neutral: {subject!r} has {word!r}")
    return subject


def whose(subscriber, organisation=None) -> str:
    """Whose email this is, for the start of its subject: the council's site ``subscriber``
    subscribed on; on the neutral portal the organisation the email is about (when there is
    one) or the portal's name shown; "" for a subscriber without a site (a portal with no
    sites has one owner). A name that would alarm in an inbox (a "Safeguarding Children
    Partnership") is not used: the sender's name still says whose it is."""
    site = subscriber_site(subscriber)
    if site is None:
        return ""
    names = [site.name_shown]
    if site.is_neutral and organisation is not None:
        names.insert(0, organisation.display_name)
    for name in names:
        try:
            return check_subject(name)
        except UnsafeSubjectError:
            continue
    return ""


def subject_for(subscriber, subject: str, organisation=None) -> str:
    """``subject`` preceded by whose email it is (``whose``): "Telford & Wrekin Council: An
    update you follow"."""
    name = whose(subscriber, organisation)
    return f"{name}: {subject}" if name else subject


def build_email(*, subscriber, subject: str, template: str, context=None) -> EmailMultiAlternatives:
    """Return the email ``template`` (a name in templates/emails/, e.g. "confirm") to
    ``subscriber``, with a text and an HTML part, the footer links and List-Unsubscribe headers.

    ``context`` is passed to both templates, with ``subscriber``, ``manage_url``,
    ``unsubscribe_url``, ``portal_name``, ``updates_from``, ``portal_url``, ``header_colour``
    and ``subject`` added. The name, colour, links and sender are those of the site the
    subscriber subscribed on (``Subscriber.site``), or the portal's own without one.
    """
    check_subject(subject)
    site = subscriber_site(subscriber)
    council = site is not None and not site.is_neutral
    the_portal = getattr(settings, "PORTAL_NAME", PORTAL_NAME)
    portal_name = site.name_shown if site else the_portal
    full_context = {
        "subscriber": subscriber,
        "subject": subject,
        "manage_url": manage_url(subscriber),
        "unsubscribe_url": unsubscribe_url(subscriber),
        "portal_name": portal_name,
        # "… updates from Telford & Wrekin Council" / "… from the Children’s … Portal" (the
        # neutral portal's name shown, "All councils and partnerships", is no sender's name)
        "updates_from": site.name_shown if council else f"the {the_portal}",
        "portal_url": base_url(subscriber) + "/",
        "header_colour": site.header_colour if site else DEFAULT_HEADER_COLOUR,
        **(context or {}),
    }
    text = render_to_string(f"emails/{template}.txt", full_context)
    html = render_to_string(f"emails/{template}.html", full_context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=(site.email_sender if site else "") or settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
        headers=list_unsubscribe_headers(subscriber),
    )
    message.attach_alternative(html, "text/html")
    return message
