"""Atom feeds of the scrutiny journey: each entry is one status change of a published initiative.

There is a feed of everything, and one per organisation, committee and initiative, so people
can follow what they care about in a feed reader without giving anyone an email address.
"""

import datetime
import io
from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, linebreaks
from django.utils.http import http_date

from portal import page_data
from portal_sites.current import current_site
from priorities.lifecycle import InitiativeStatus
from priorities.models import Committee, Initiative, Organisation, StatusChange

#: The most recent entries each feed carries.
FEED_LENGTH = 50


#: A status's words, looked up once (``get_to_status_display`` rebuilds its choices each call,
#: three times an entry).
STATUS_LABELS = {status.value: status.label for status in InitiativeStatus}


def status_label(status) -> str:
    return STATUS_LABELS.get(status, status)


def status_change_title(change: StatusChange) -> str:
    """Return e.g. "Power to Connect: under scrutiny → adopted"."""
    return (
        f"{change.initiative.title}: {status_label(change.from_status).lower()}"
        f" → {status_label(change.to_status).lower()}"
    )


@dataclass(frozen=True)
class FeedEntry:
    """One status change as a feed shows it (kept per data generation: ``portal.page_data``)."""

    title: str
    description: str
    link: str
    changed_at: datetime.datetime
    author_name: str
    category: str


def entry_description(change: StatusChange) -> str:
    """The reason, and where it was decided, as HTML (feed readers show it)."""
    parts = [linebreaks(change.reason, autoescape=True)]
    if change.meeting:
        parts.append(format_html("<p>Decided at {}.</p>", str(change.meeting)))
    if change.evidence_url:
        parts.append(format_html('<p><a href="{}">Evidence</a></p>', change.evidence_url))
    return "\n".join(parts)


class StatusChangesFeed(Feed):
    """Every status change of every published initiative, newest first."""

    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        """Django's feed view, with the XML written into a string and given to the response at
        once (written into the response itself it went in some two thousand small writes, a
        fifth of the feed's time)."""
        try:
            obj = self.get_object(request, *args, **kwargs)
        except ObjectDoesNotExist:
            raise Http404("Feed object does not exist.") from None
        feedgen = self.get_feed(obj, request)
        buffer = io.StringIO()
        feedgen.write(buffer, "utf-8")
        response = HttpResponse(buffer.getvalue(), content_type=feedgen.content_type)
        response.headers["Last-Modified"] = http_date(feedgen.latest_post_date().timestamp())
        return response

    def author_name(self):
        site = current_site()
        return site.owner_name if site else settings.PORTAL_OWNER_NAME

    def title(self, obj):
        site = current_site()
        name = site.name_shown if site and not site.is_neutral else settings.PORTAL_NAME
        return f"Initiative status changes – {name}"

    def subtitle(self, obj):
        return (
            "Each change in the status of a published initiative as it goes through committee "
            "scrutiny, with the reason for it."
        )

    def link(self, obj):
        return reverse("priorities:home")

    def status_changes(self, obj):
        # published(): of initiatives in public_objects, so of the request's site only.
        return StatusChange.objects.published()

    def items(self, obj):
        site = current_site()
        return page_data.remembered(
            (
                f"{type(self).__module__}.{type(self).__qualname__}",
                getattr(obj, "pk", None),
                getattr(site, "site_id", None),
                getattr(site, "domain", ""),
            ),
            lambda: self.entries(obj),
        )

    def entries(self, obj):
        """The feed's entries, each already in the words and address it is shown with."""
        changes = (
            self.status_changes(obj)
            .select_related("initiative__organisation", "meeting__committee__organisation")
            .order_by("-changed_at", "-pk")[:FEED_LENGTH]
        )
        addresses = {}  # each initiative's address reversed once, not once an entry
        entries = []
        for change in changes:
            initiative = change.initiative
            if initiative.pk not in addresses:
                addresses[initiative.pk] = initiative.get_absolute_url()
            entries.append(
                FeedEntry(
                    title=status_change_title(change),
                    description=entry_description(change),
                    # The fragment makes each entry's link, and so its Atom id, unique; it
                    # points at the change on the initiative's timeline.
                    link=f"{addresses[initiative.pk]}#status-change-{change.pk}",
                    changed_at=change.changed_at,
                    author_name=initiative.organisation.name,
                    category=status_label(change.to_status),
                )
            )
        return entries

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.description

    def item_link(self, item):
        return item.link

    def item_pubdate(self, item):
        return item.changed_at

    def item_updateddate(self, item):
        return item.changed_at

    def item_author_name(self, item):
        return item.author_name

    def item_categories(self, item):
        return [item.category]


class OrganisationStatusChangesFeed(StatusChangesFeed):
    """Status changes of the published initiatives an organisation leads."""

    def get_object(self, request, slug):
        return get_object_or_404(Organisation.objects.on_current_site(), slug=slug)

    def title(self, obj):
        return f"{obj.name}: initiative status changes"

    def subtitle(self, obj):
        return f"Each change in the status of an initiative {obj.name} leads, with the reason."

    def link(self, obj):
        return obj.get_absolute_url()

    def status_changes(self, obj):
        return StatusChange.objects.published().filter(initiative__organisation=obj)


class CommitteeStatusChangesFeed(StatusChangesFeed):
    """Status changes decided at a committee's meetings."""

    def get_object(self, request, organisation_slug, slug):
        return get_object_or_404(
            Committee.objects.on_current_site().select_related("organisation"),
            organisation__slug=organisation_slug,
            slug=slug,
        )

    def title(self, obj):
        return f"{obj.name}, {obj.organisation.name}: decisions on initiatives"

    def subtitle(self, obj):
        return f"Each change in the status of an initiative decided at the {obj.name}."

    def link(self, obj):
        return obj.get_absolute_url()

    def status_changes(self, obj):
        return StatusChange.objects.published().filter(meeting__committee=obj)


class InitiativeStatusChangesFeed(StatusChangesFeed):
    """The scrutiny journey of one published initiative."""

    def get_object(self, request, organisation_slug, slug):
        return get_object_or_404(
            Initiative.public_objects.select_related("organisation"),
            organisation__slug=organisation_slug,
            slug=slug,
        )

    def title(self, obj):
        return f"{obj.title}: status changes"

    def subtitle(self, obj):
        return f"Each change in the status of {obj.title}, with the reason for it."

    def link(self, obj):
        return obj.get_absolute_url()

    def status_changes(self, obj):
        return StatusChange.objects.published().filter(initiative=obj)
