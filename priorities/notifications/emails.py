"""The emails to subscribers: a status change (rendered once, merged per subscriber),
and the subjects, which never name what is followed but always say whose email it is: the
council's site it was subscribed on ("Telford & Wrekin Council: An update you follow"), or on
the neutral portal the organisation the update is about."""

from urllib.parse import quote

from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import make_msgid
from django.core.mail.utils import DNS_NAME
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from priorities.notifications.cards import email_cards
from priorities.subscribing.emails import build_email, check_subject, subject_for
from priorities.subscribing.links import (
    absolute,
    make_token,
    manage_url,
    unsubscribe_url,
)

# Building emails ---------------------------------------------------------------------------


def build_subscriber_email(*, subscriber, subject, template, context, organisation=None):
    """Build an email to a subscriber, with manage and one-click unsubscribe links, its subject
    naming whose email it is (``subject_for``)."""
    check_subject(subject)
    return build_email(
        subscriber=subscriber,
        subject=subject_for(subscriber, subject, organisation),
        template=template,
        context=context,
    )


#: Subjects never name an initiative, meeting or committee: someone else may see the inbox, and a
#: title can say more than the recipient would want shown ("domestic abuse", "child protection").
STATUS_CHANGE_SUBJECT = "An update you follow"
REMINDER_SUBJECT = "An initiative you own needs an update"


def meeting_pack_subject(meeting) -> str:
    return f"A meeting you follow: {timezone.localtime(meeting.starts_at):%-d %B %Y}"


def status_change_url(status_change, subscriber=None) -> str:
    """The status change on its initiative's page, on ``subscriber``'s site."""
    return absolute(
        f"{status_change.initiative.get_absolute_url()}#status-change-{status_change.pk}",
        subscriber,
    )


def status_change_email(notification, url=None):
    status_change = notification.status_change
    initiative = status_change.initiative
    subscriber = notification.subscriber
    card = email_cards([initiative.pk]).get(initiative.pk)
    return build_subscriber_email(
        subscriber=notification.subscriber,
        subject=STATUS_CHANGE_SUBJECT,
        organisation=initiative.organisation,
        template="notify_status_change",
        context={
            "status_change": status_change,
            "initiative": initiative,
            "meeting": status_change.meeting,
            "from_label": status_change.get_from_status_display(),
            "to_label": status_change.get_to_status_display(),
            "url": url or status_change_url(status_change, notification.subscriber),
            # Where the initiative stands now, as its card on the public pages shows it.
            "card": card.at(lambda path: absolute(path, subscriber)) if card else None,
        },
    )


class PreparedEmail(EmailMultiAlternatives):
    """An email whose MIME bytes are made already (see ``StatusChangeMail``): every backend
    sends those bytes; ``body``, ``alternatives`` and the headers are kept for the others."""

    def __init__(self, raw, **kwargs):
        super().__init__(**kwargs)
        self.raw = raw

    def message(self, **kwargs):
        return _RawMessage(self.raw)


class _RawMessage:
    def __init__(self, raw):
        self.raw = raw

    def as_bytes(self, unixfrom=False, linesep="\n", **kwargs):
        return self.raw if linesep == "\r\n" else self.raw.replace(b"\r\n", linesep.encode())

    def as_string(self, unixfrom=False, linesep="\n", **kwargs):
        return self.as_bytes(linesep=linesep).decode()

    def get_charset(self):
        return None


class StatusChangeMail:
    """A status change's email, rendered and encoded once per batch.

    Followers' copies differ only in the address, the manage and unsubscribe links (in both
    parts and in List-Unsubscribe) and the Message-ID: each copy is the first one's bytes with
    those filled in. ``prepare`` returns None when that can't be done safely (a part encoded so
    that a link could be split, an address that needs encoding, the address in the text), and
    each email is then rendered on its own.
    """

    TO = "merge-recipient-7c1e@example.invalid"
    MANAGE = "MERGEMANAGEURL7c1e"
    UNSUBSCRIBE = "MERGEUNSUBSCRIBEURL7c1e"

    def __init__(self, template, raw, message_id, links):
        self.template = template
        self.raw = raw
        self.message_id = message_id
        self.links = links  # placeholder -> (purpose, URL before the token, URL after it)

    @classmethod
    def prepare(cls, message, subscriber):
        links = {cls.MANAGE: manage_url(subscriber), cls.UNSUBSCRIBE: unsubscribe_url(subscriber)}
        html = message.alternatives[0][0] if len(message.alternatives) == 1 else None
        parts = [message.body, html, *message.extra_headers.values()]
        if html is None or not subscriber.email.isascii() or subscriber.email in message.subject:
            return None
        if any(
            subscriber.email in part or escape(url) != url
            for part in parts
            for url in links.values()
        ):
            return None

        def template(text):
            for placeholder, url in links.items():
                text = text.replace(url, placeholder)
            return text

        merged = EmailMultiAlternatives(
            subject=message.subject,
            body=template(message.body),
            from_email=message.from_email,
            to=[cls.TO],
            headers={name: template(value) for name, value in message.extra_headers.items()},
        )
        merged.attach_alternative(template(html), "text/html")
        mime = merged.message()
        message_id = mime["Message-ID"]
        raw = mime.as_bytes(linesep="\r\n")
        expected = [merged.body, merged.alternatives[0][0], *merged.extra_headers.values()]
        for placeholder in links:
            if raw.count(placeholder.encode()) != sum(p.count(placeholder) for p in expected):
                return None
        if raw.count(cls.TO.encode()) != 1 or raw.count(message_id.encode()) != 1:
            return None
        # Each follower's links: the URL around the token is the same for all (no reverse()).
        link_parts = {}
        for placeholder, purpose, name in (
            (cls.MANAGE, "manage", "subscriptions:manage"),
            (cls.UNSUBSCRIBE, "unsubscribe", "subscriptions:unsubscribe"),
        ):
            before, _, after = absolute(reverse(name, args=[placeholder]), subscriber).partition(
                placeholder
            )
            url = links[placeholder]
            token = url[len(before) : len(url) - len(after)]
            if not (url.startswith(before) and url.endswith(after)) or quote(token, ":") != token:
                return None
            link_parts[placeholder] = (purpose, before, after)
        return cls(merged, raw, message_id, link_parts)

    def for_subscriber(self, subscriber):
        if not subscriber.email.isascii():
            return None
        values = {}
        for placeholder, (purpose, before, after) in self.links.items():
            token = make_token(subscriber, purpose)
            if quote(token, ":") != token:
                return None
            values[placeholder] = before + token + after

        def fill(text):
            for placeholder, value in values.items():
                text = text.replace(placeholder, value)
            return text

        raw = self.raw.replace(self.TO.encode(), subscriber.email.encode())
        for placeholder, value in values.items():
            raw = raw.replace(placeholder.encode(), value.encode())
        raw = raw.replace(self.message_id.encode(), make_msgid(domain=DNS_NAME).encode())
        template = self.template
        message = PreparedEmail(
            raw,
            subject=template.subject,
            body=fill(template.body),
            from_email=template.from_email,
            to=[subscriber.email],
            headers={name: fill(value) for name, value in template.extra_headers.items()},
        )
        message.attach_alternative(fill(template.alternatives[0][0]), "text/html")
        return message


def _status_change_message(notification, merges):
    """The email for ``notification``: the status change's first on each site is rendered (and
    kept, in ``merges``, as the template of the others on that site: its brand, sender and
    links); the others are filled in from it."""
    subscriber = notification.subscriber
    key = (notification.status_change_id, subscriber.site_id, subscriber.site_origin)
    if key not in merges:
        message = status_change_email(notification)
        merges[key] = StatusChangeMail.prepare(message, subscriber)
        return message
    merge = merges[key]
    message = merge.for_subscriber(notification.subscriber) if merge else None
    return message or status_change_email(notification)
