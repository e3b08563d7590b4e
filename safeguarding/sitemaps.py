"""Sitemaps of the safeguarding pages: published records only, like every public view.

``sitemaps`` maps a section name to each sitemap, ready for the portal's sitemap index.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from priorities.models import Organisation
from safeguarding.models import Ambition, Indicator, Inspection, PartnershipProfile


class PartnershipSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return (
            PartnershipProfile.objects.on_current_site()
            .select_related("organisation")
            .order_by("organisation__slug")
        )

    def location(self, item):
        return reverse("safeguarding:partnership", kwargs={"slug": item.organisation.slug})

    def lastmod(self, item):
        return item.updated_at


class AmbitionSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Ambition.public_objects.select_related("partnership__organisation").order_by(
            "partnership__organisation__slug", "order", "slug"
        )

    def lastmod(self, item):
        return item.updated_at


class IndicatorSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Indicator.public_objects.select_related("organisation").order_by(
            "organisation__slug", "slug"
        )

    def lastmod(self, item):
        return item.updated_at


class InspectionSitemap(Sitemap):
    changefreq = "yearly"

    def items(self):
        return (
            Inspection.objects.on_current_site()
            .select_related("organisation")
            .order_by("organisation__slug", "published_on", "slug")
        )

    def lastmod(self, item):
        return item.updated_at


class InspectionHistorySitemap(Sitemap):
    changefreq = "yearly"

    def items(self):
        return (
            Organisation.objects.on_current_site()
            .filter(inspections__isnull=False)
            .annotate(last_inspection_change=Max("inspections__updated_at"))
            .order_by("slug")
        )

    def location(self, item):
        return reverse("safeguarding:inspections", kwargs={"organisation_slug": item.slug})

    def lastmod(self, item):
        return item.last_inspection_change


class AlignmentSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return ["safeguarding:alignment"]

    def location(self, item):
        return reverse(item)


sitemaps = {
    "partnerships": PartnershipSitemap,
    "ambitions": AmbitionSitemap,
    "indicators": IndicatorSitemap,
    "inspections": InspectionSitemap,
    "inspection-histories": InspectionHistorySitemap,
    "alignment": AlignmentSitemap,
}
