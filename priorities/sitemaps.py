"""The sitemap of the portal's public pages: published records only, never drafts.

``sitemaps`` is combined with other apps' sitemaps in the project's URLconf.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from priorities.models import (
    Committee,
    Consultation,
    Initiative,
    Meeting,
    Organisation,
    Plan,
    Priority,
)


class RecordSitemap(Sitemap):
    """A sitemap of records that know their own address and when they last changed."""

    queryset = None

    def items(self):
        # The request's site is applied here, at request time: ``queryset`` was built at import.
        return self.queryset.on_current_site().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class PlanSitemap(RecordSitemap):
    queryset = Plan.public_objects.select_related("organisation")
    priority = 0.8


class PrioritySitemap(RecordSitemap):
    queryset = Priority.public_objects.select_related("plan__organisation")
    priority = 0.7


class InitiativeSitemap(RecordSitemap):
    queryset = Initiative.public_objects.select_related("organisation")
    priority = 0.7
    changefreq = "weekly"


class ConsultationSitemap(RecordSitemap):
    queryset = Consultation.public_objects.select_related("organisation")
    priority = 0.5


class OrganisationSitemap(RecordSitemap):
    queryset = Organisation.objects.all()
    priority = 0.6


class CommitteeSitemap(RecordSitemap):
    queryset = Committee.objects.select_related("organisation")
    priority = 0.5


class MeetingSitemap(RecordSitemap):
    queryset = Meeting.objects.select_related("committee__organisation")
    priority = 0.4


class StaticPagesSitemap(Sitemap):
    """The portal's fixed pages."""

    priority = 0.5

    def items(self):
        return [
            "priorities:home",
            "priorities:committees",
            "discovery:search",
            "pages:covering_your_tracks",
            "pages:accessibility",
            "pages:cookies",
        ]

    def location(self, item):
        return reverse(item)


sitemaps = {
    "pages": StaticPagesSitemap,
    "organisations": OrganisationSitemap,
    "plans": PlanSitemap,
    "priorities": PrioritySitemap,
    "initiatives": InitiativeSitemap,
    "consultations": ConsultationSitemap,
    "committees": CommitteeSitemap,
    "meetings": MeetingSitemap,
}
