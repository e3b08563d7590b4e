from django.contrib import admin

from priorities.admin.publication import PublicationAdminMixin
from priorities.admin.scoping import OrganisationScopedAdmin, TabularInline
from safeguarding.models import Ambition, Indicator, Inspection, Measurement, PartnershipProfile


@admin.register(PartnershipProfile)
class PartnershipProfileAdmin(OrganisationScopedAdmin):
    list_display = ["organisation"]
    search_fields = ["organisation__name", "responsibilities", "leadership_arrangements"]
    autocomplete_fields = ["organisation"]


@admin.register(Ambition)
class AmbitionAdmin(PublicationAdminMixin, OrganisationScopedAdmin):
    list_display = ["title", "partnership", "order", "publication_state"]
    list_filter = ["publication_state", "partnership"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["partnership", "priorities"]


class MeasurementInline(TabularInline):
    model = Measurement
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(PublicationAdminMixin, OrganisationScopedAdmin):
    list_display = ["title", "organisation", "measured_by", "unit", "publication_state"]
    list_filter = ["publication_state", "organisation", "measured_by"]
    search_fields = ["title", "description", "measure_code"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["organisation", "measured_by", "ambition"]
    inlines = [MeasurementInline]


@admin.register(Measurement)
class MeasurementAdmin(OrganisationScopedAdmin):
    list_display = ["indicator", "period_end", "period_label", "value", "target_value"]
    list_filter = ["indicator__organisation", "indicator"]
    search_fields = ["indicator__title", "period_label", "note"]
    date_hierarchy = "period_end"
    autocomplete_fields = ["indicator"]


@admin.register(Inspection)
class InspectionAdmin(OrganisationScopedAdmin):
    list_display = ["title", "organisation", "inspectorate", "kind", "judgement", "published_on"]
    list_filter = ["inspectorate", "kind", "judgement", "organisation"]
    search_fields = ["title", "summary", "findings"]
    date_hierarchy = "published_on"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["organisation"]
