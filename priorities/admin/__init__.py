from django.contrib import admin

from priorities.admin.date_fields import DayAndOptionalTimeModelForm, day_or_moment
from priorities.admin.plan_files import PlanImportAdminMixin
from priorities.admin.publication import PublicationAdminMixin
from priorities.admin.report_templates import WordReportTemplateAdmin  # noqa: F401 (registers)
from priorities.admin.reports import ReportDownloadAdminMixin
from priorities.admin.rounds import UpdateRoundAdmin
from priorities.admin.scoping import (
    GlobalRecordAdmin,
    OrganisationScopedAdmin,
    ReadOnlyAdmin,
    ScopedReadOnlyAdmin,
    SuperuserOnlyMixin,
    TabularInline,
)
from priorities.admin.status import InitiativeStatusAdminMixin
from priorities.admin.updates import InitiativeProgressAdminMixin  # registers updates too
from priorities.models import (
    AgendaItem,
    AgendaItemPaper,
    Aim,
    Committee,
    CommitteeMember,
    Consultation,
    EvidenceLink,
    Initiative,
    Meeting,
    Milestone,
    Notification,
    OfficerMembership,
    OfficerRole,
    Organisation,
    PartnershipMembership,
    Plan,
    Priority,
    ReportScope,
    StatusChange,
    Subscriber,
    Subscription,
    Target,
    Theme,
    UpdateRound,
)


class PartnershipMembershipInline(TabularInline):
    model = PartnershipMembership
    fk_name = "partnership"
    extra = 0
    autocomplete_fields = ["member"]


@admin.register(Organisation)
class OrganisationAdmin(OrganisationScopedAdmin):
    list_display = ["name", "short_name", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PartnershipMembershipInline]

    def has_add_permission(self, request, *args):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


@admin.register(PartnershipMembership)
class PartnershipMembershipAdmin(OrganisationScopedAdmin):
    list_display = ["partnership", "member", "is_lead_partner", "role"]
    list_filter = ["is_lead_partner", "partnership"]
    search_fields = ["partnership__name", "member__name", "role"]
    autocomplete_fields = ["partnership", "member"]


@admin.register(OfficerMembership)
class OfficerMembershipAdmin(OrganisationScopedAdmin):
    # Administrators of an organisation manage who its officers are.
    edit_roles = delete_roles = frozenset({OfficerRole.ADMINISTRATOR})

    list_display = ["user", "organisation", "role"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__username", "user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]

    def get_autocomplete_fields(self, request):
        fields = super().get_autocomplete_fields(request)
        if request.user.is_superuser:
            return fields
        # An organisation administrator picks from a short list of colleagues (the officers of
        # their organisations): searching every account needs the permission to view them all,
        # which only superusers have, so an autocomplete would answer them 403.
        return [name for name in fields if name != "user"]


@admin.register(Theme)
class ThemeAdmin(GlobalRecordAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


class AimInline(TabularInline):
    model = Aim
    extra = 0
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Plan)
class PlanAdmin(
    ReportDownloadAdminMixin, PlanImportAdminMixin, PublicationAdminMixin, OrganisationScopedAdmin
):
    report_scope = ReportScope.PLAN
    list_display = ["title", "organisation", "status", "publication_state", "period_start"]
    list_filter = ["publication_state", "status", "organisation"]
    search_fields = ["title", "summary", "source_title"]
    date_hierarchy = "period_start"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["organisation", "adopted_at_meeting", "overseen_by"]
    inlines = [AimInline]


@admin.register(Aim)
class AimAdmin(OrganisationScopedAdmin):
    list_display = ["title", "plan", "order"]
    list_filter = ["plan__organisation"]
    search_fields = ["title", "description", "plan__title"]
    autocomplete_fields = ["plan"]


@admin.register(Priority)
class PriorityAdmin(PublicationAdminMixin, OrganisationScopedAdmin):
    list_display = ["title", "plan", "aim", "lead_organisation", "publication_state"]
    list_filter = ["publication_state", "plan__organisation", "themes"]
    search_fields = ["title", "summary", "young_people_summary", "lead_member"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["plan", "aim", "lead_organisation", "contributing_organisations"]
    filter_horizontal = ["themes"]
    list_select_related = ["plan", "aim", "lead_organisation"]


class MilestoneInline(TabularInline):
    model = Milestone
    extra = 0


class TargetInline(TabularInline):
    model = Target
    extra = 0


class EvidenceLinkInline(TabularInline):
    model = EvidenceLink
    extra = 0


@admin.register(Initiative)
class InitiativeAdmin(
    InitiativeProgressAdminMixin,
    InitiativeStatusAdminMixin,
    PublicationAdminMixin,
    OrganisationScopedAdmin,
):
    list_display = [
        "title",
        "organisation",
        "status",
        "rag",
        "progress",
        "publication_state",
        "updated_at",
    ]
    list_filter = ["status", "rag", "publication_state", "organisation"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["organisation", "priorities", "partner_organisations"]
    filter_horizontal = ["owners"]
    readonly_fields = ["status", "status_changed_at"]
    list_select_related = ["organisation"]
    inlines = [MilestoneInline, TargetInline, EvidenceLinkInline]


@admin.register(StatusChange)
class StatusChangeAdmin(ScopedReadOnlyAdmin):
    list_display = [
        "initiative",
        "from_status",
        "to_status",
        "took_effect",
        "meeting",
        "recorded_by",
    ]
    list_filter = ["to_status", "initiative__organisation"]
    search_fields = ["initiative__title", "reason"]
    date_hierarchy = "changed_at"
    list_select_related = ["initiative", "meeting__committee", "recorded_by"]

    @admin.display(description="took effect", ordering="changed_at")
    def took_effect(self, status_change):
        return day_or_moment(status_change.changed_at, time_known=status_change.time_known)


class CommitteeMemberInline(TabularInline):
    model = CommitteeMember
    extra = 0
    fields = ["name", "role", "portfolio", "served_from", "served_until"]


@admin.register(Committee)
class CommitteeAdmin(ReportDownloadAdminMixin, OrganisationScopedAdmin):
    report_scope = ReportScope.COMMITTEE
    list_display = ["name", "organisation", "kind"]
    list_filter = ["kind", "organisation"]
    search_fields = ["name", "description", "organisation__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organisation"]
    inlines = [CommitteeMemberInline]


class AgendaItemInline(TabularInline):
    model = AgendaItem
    extra = 0
    autocomplete_fields = ["initiative", "plan"]
    # The item's papers and report details (contact, wards, exemption) are on its own page.
    fields = ["item_number", "order", "title", "initiative", "plan", "outcome", "outcome_notes"]
    show_change_link = True


@admin.register(Meeting)
class MeetingAdmin(ReportDownloadAdminMixin, OrganisationScopedAdmin):
    report_scope = ReportScope.MEETING
    form = DayAndOptionalTimeModelForm
    exclude = ["time_known"]
    list_display = ["__str__", "committee", "date_and_time", "status"]
    list_filter = ["status", "committee__organisation", "committee"]
    search_fields = ["committee__name", "description", "location"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["committee"]
    list_select_related = ["committee__organisation"]
    inlines = [AgendaItemInline]

    @admin.display(description="date and time", ordering="starts_at")
    def date_and_time(self, meeting):
        return day_or_moment(meeting.starts_at, time_known=meeting.time_known)


class AgendaItemPaperInline(TabularInline):
    model = AgendaItemPaper
    extra = 0
    fields = ["title", "url", "kind", "order"]


@admin.register(AgendaItem)
class AgendaItemAdmin(OrganisationScopedAdmin):
    # One column for what the item is about (an initiative or a plan), so the titles fit.
    list_display = ["__str__", "meeting", "outcome", "subject"]
    list_filter = ["outcome", "meeting__committee"]
    search_fields = ["title", "outcome_notes", "initiative__title", "plan__title"]
    autocomplete_fields = ["meeting", "initiative", "plan"]
    list_select_related = ["meeting__committee", "initiative", "plan"]
    inlines = [AgendaItemPaperInline]
    fieldsets = [
        (None, {"fields": ["meeting", "item_number", "order", "title", "initiative", "plan"]}),
        ("Decision", {"fields": ["outcome", "outcome_notes"]}),
        (
            "The report",
            {
                "fields": [
                    "report_url",
                    "contact_name",
                    "contact_role",
                    "contact_email",
                    "contact_phone",
                    "wards_affected",
                    "key_decision",
                    "exempt_paragraph",
                    "background_papers",
                ]
            },
        ),
    ]

    @admin.display(description="about")
    def subject(self, agenda_item):
        return agenda_item.subject


@admin.register(Consultation)
class ConsultationAdmin(PublicationAdminMixin, OrganisationScopedAdmin):
    list_display = ["title", "organisation", "opened_on", "closed_on", "publication_state"]
    list_filter = ["publication_state", "organisation"]
    search_fields = ["title", "audience", "you_said", "we_did"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = [
        "organisation",
        "shaped_priorities",
        "shaped_initiatives",
        "shaped_plans",
    ]


class SubscriptionInline(TabularInline):
    model = Subscription
    extra = 0
    autocomplete_fields = ["organisation", "committee", "priority", "initiative"]


@admin.register(Subscriber)
class SubscriberAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    list_display = ["email", "site", "confirmed_at", "unsubscribed_at", "created_at"]
    list_filter = [("confirmed_at", admin.EmptyFieldListFilter), "unsubscribed_at", "site"]
    list_select_related = ["site"]
    search_fields = ["email"]
    readonly_fields = ["site", "site_origin"]
    inlines = [SubscriptionInline]


@admin.register(Notification)
class NotificationAdmin(SuperuserOnlyMixin, ReadOnlyAdmin):
    """The outbox, for superusers: each email's delivery state, tries and last error."""

    list_display = [
        "status_change",
        "subscriber",
        "state",
        "attempts",
        "created_at",
        "next_attempt_at",
        "sent_at",
        "short_error",
    ]
    list_filter = ["state", "attempts", "created_at"]
    date_hierarchy = "created_at"

    @admin.display(description="last error")
    def short_error(self, notification):
        error = notification.last_error
        return error if len(error) <= 80 else error[:79] + "…"

    search_fields = ["subscriber__email", "status_change__initiative__title"]
    list_select_related = ["status_change__initiative", "subscriber"]


# Update rounds: priorities/admin/rounds.py.
admin.site.register(UpdateRound, UpdateRoundAdmin)
