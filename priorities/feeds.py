"""Atom feeds of the scrutiny journey: each entry is one status change of a published initiative.

There is a feed of everything, and one per organisation, committee and initiative, so people
can follow what they care about in a feed reader without giving anyone an email address.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, linebreaks

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


class StatusChangesFeed(Feed):
    """Every status change of every published initiative, newest first."""

    feed_type = Atom1Feed

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
        changes = list(
            self.status_changes(obj)
            .select_related("initiative__organisation", "meeting__committee__organisation")
            .order_by("-changed_at", "-pk")[:FEED_LENGTH]
        )
        # Each initiative's address reversed once, not once an entry.
        addresses = {}
        for change in changes:
            initiative = change.initiative
            if initiative.pk not in addresses:
                addresses[initiative.pk] = initiative.get_absolute_url()
            change.initiative_url = addresses[initiative.pk]
        return changes

    def item_title(self, item):
        return status_change_title(item)

    def item_description(self, item):
        """Return the reason, and where it was decided, as HTML (feed readers show it)."""
        parts = [linebreaks(item.reason, autoescape=True)]
        if item.meeting:
            parts.append(format_html("<p>Decided at {}.</p>", str(item.meeting)))
        if item.evidence_url:
            parts.append(format_html('<p><a href="{}">Evidence</a></p>', item.evidence_url))
        return "\n".join(parts)

    def item_link(self, item):
        # The fragment makes each entry's link, and so its Atom id, unique; it points at the
        # change on the initiative's timeline.
        return f"{item.initiative_url}#status-change-{item.pk}"

    def item_pubdate(self, item):
        return item.changed_at

    def item_updateddate(self, item):
        return item.changed_at

    def item_author_name(self, item):
        return item.initiative.organisation.name

    def item_categories(self, item):
        return [status_label(item.to_status)]


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
