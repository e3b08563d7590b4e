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
    """A sitemap of records that know their own address and when they last changed.

    ``records()`` builds its query when the sitemap is asked for, never at import: the public
    managers apply the site of the request being answered then (``portal_sites``), and a
    query built at import would keep whichever site first loaded the URLconf."""

    def records(self):
        raise NotImplementedError

    def items(self):
        return self.records().on_current_site().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class PlanSitemap(RecordSitemap):
    priority = 0.8

    def records(self):
        return Plan.public_objects.select_related("organisation")


class PrioritySitemap(RecordSitemap):
    priority = 0.7

    def records(self):
        return Priority.public_objects.select_related("plan__organisation")


class InitiativeSitemap(RecordSitemap):
    priority = 0.7
    changefreq = "weekly"

    def records(self):
        return Initiative.public_objects.select_related("organisation")


class ConsultationSitemap(RecordSitemap):
    priority = 0.5

    def records(self):
        return Consultation.public_objects.select_related("organisation")


class OrganisationSitemap(RecordSitemap):
    priority = 0.6

    def records(self):
        return Organisation.objects.all()


class CommitteeSitemap(RecordSitemap):
    priority = 0.5

    def records(self):
        return Committee.objects.select_related("organisation")


class MeetingSitemap(RecordSitemap):
    priority = 0.4

    def records(self):
        return Meeting.objects.select_related("committee__organisation")


class StaticPagesSitemap(Sitemap):
    """The portal's fixed pages."""

    priority = 0.5

    def items(self):
        return [
            "priorities:home",
            "priorities:committees",
            "priorities:stages",
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
