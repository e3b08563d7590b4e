"""What the API says about each kind of public record.

Related records appear as links (``{"id", "url", "title"}``); the parts that only exist inside a
record (an initiative's targets, milestones and evidence; an indicator's measurements) appear in
full. Every related record shown is public: the viewsets prefetch related records from
``public_objects`` (see ``api.views``), so a draft priority is never named by an initiative.
"""

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.links import LinkField, RecordSerializer, api_url
from priorities import models as p
from safeguarding import models as s


def meeting_title(meeting) -> str:
    return f"{meeting.committee.name}, {timezone.localdate(meeting.starts_at):%-d %B %Y}"


def status_change_title(change) -> str:
    return f"{change.get_from_status_display()} to {change.get_to_status_display()}"


class OrganisationLink(LinkField):
    def __init__(self, **kwargs):
        super().__init__("organisation", title="name", **kwargs)


class MeetingLink(LinkField):
    def __init__(self, **kwargs):
        super().__init__("meeting", title=meeting_title, **kwargs)


class MembershipSerializer(serializers.ModelSerializer):
    organisation = OrganisationLink(source="member")

    class Meta:
        model = p.PartnershipMembership
        fields = ["organisation", "is_lead_partner", "role"]


class OrganisationSerializer(RecordSerializer):
    basename = "organisation"
    members = MembershipSerializer(
        source="memberships_as_partnership",
        many=True,
        read_only=True,
        help_text="A partnership's members; lead partners share its leadership.",
    )
    partnerships = OrganisationLink(many=True, help_text="The partnerships it is a member of.")

    class Meta:
        model = p.Organisation
        fields = [
            "id",
            "url",
            "web_url",
            "slug",
            "name",
            "short_name",
            "kind",
            "description",
            "website",
            "members",
            "partnerships",
            "updated_at",
        ]


class ThemeSerializer(RecordSerializer):
    basename = "theme"

    class Meta:
        model = p.Theme
        fields = ["id", "url", "web_url", "slug", "name", "description", "updated_at"]

    def web_path(self, record) -> str:
        return f"{reverse('discovery:search')}?theme={record.slug}"


class PlanSerializer(RecordSerializer):
    basename = "plan"
    organisation = OrganisationLink()
    adopted_at_meeting = MeetingLink(allow_null=True)
    overseen_by = LinkField("committee", title="name", allow_null=True)
    aims = LinkField("aim", many=True)

    class Meta:
        model = p.Plan
        fields = [
            "id",
            "url",
            "web_url",
            "slug",
            "title",
            "organisation",
            "summary",
            "status",
            "period_start",
            "period_end",
            "source_title",
            "source_url",
            "source_date",
            "adopted_at_meeting",
            "overseen_by",
            "aims",
            "published_at",
            "updated_at",
        ]


class AimSerializer(RecordSerializer):
    basename = "aim"
    plan = LinkField("plan")

    class Meta:
        model = p.Aim
        fields = ["id", "url", "web_url", "slug", "title", "description", "order", "plan"]
        fields += ["updated_at"]

    def web_path(self, record) -> str:
        return f"{record.plan.get_absolute_url()}#priorities"


class PrioritySerializer(RecordSerializer):
    basename = "priority"
    plan = LinkField("plan")
    aim = LinkField("aim", allow_null=True)
    organisation = OrganisationLink(source="plan.organisation")
    themes = LinkField("theme", title="name", many=True)
    lead_organisation = OrganisationLink(allow_null=True)
    contributing_organisations = OrganisationLink(many=True)
    initiatives = LinkField(
        "initiative",
        many=True,
        source="public_initiatives",
        help_text="The published initiatives that deliver it.",
    )

    class Meta:
        model = p.Priority
        fields = [
            "id",
            "url",
            "web_url",
            "slug",
            "title",
            "summary",
            "young_people_summary",
            "plan",
            "aim",
            "organisation",
            "themes",
            "lead_member",
            "portfolio",
            "lead_organisation",
            "contributing_organisations",
            "initiatives",
            "order",
            "published_at",
            "updated_at",
        ]


class TargetSerializer(serializers.ModelSerializer):
    progress_towards_target = serializers.IntegerField(
        allow_null=True,
        read_only=True,
        help_text="The share (0-100) of the way from baseline to target, when known.",
    )

    class Meta:
        model = p.Target
        fields = [
            "description",
            "unit",
            "baseline_value",
            "baseline_date",
            "current_value",
            "current_value_date",
            "target_value",
            "target_date",
            "progress_towards_target",
        ]


class MilestoneSerializer(serializers.ModelSerializer):
    state = serializers.SerializerMethodField()

    class Meta:
        model = p.Milestone
        fields = ["title", "due_date", "completed_on", "state"]

    @extend_schema_field(serializers.ChoiceField(choices=p.MilestoneState.choices))
    def get_state(self, milestone) -> str:
        return milestone.state()


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = p.EvidenceLink
        fields = ["title", "url", "published_on"]


class StatusStepSerializer(serializers.ModelSerializer):
    """A status change as listed in its initiative."""

    id = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField()
    meeting = MeetingLink(allow_null=True)

    class Meta:
        model = p.StatusChange
        fields = ["id", "url", "from_status", "to_status", "changed_at", "time_known", "meeting"]

    def get_url(self, change) -> str:
        return api_url(self.context["request"], "status-change", change.pk)


class InitiativeItemSerializer(serializers.ModelSerializer):
    """An agenda item as listed in its initiative: the meeting and the outcome."""

    id = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField()
    meeting = MeetingLink()

    class Meta:
        model = p.AgendaItem
        fields = ["id", "url", "meeting", "item_number", "title", "outcome"]

    def get_url(self, item) -> str:
        return api_url(self.context["request"], "agenda-item", item.pk)


class InitiativeSerializer(RecordSerializer):
    basename = "initiative"
    organisation = OrganisationLink()
    partner_organisations = OrganisationLink(many=True)
    priorities = LinkField(
        "priority", many=True, source="public_priorities", help_text="The priorities it delivers."
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    rag_label = serializers.CharField(source="get_rag_display", read_only=True)
    targets = TargetSerializer(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    evidence = EvidenceSerializer(source="evidence_links", many=True, read_only=True)
    status_changes = StatusStepSerializer(
        many=True, read_only=True, help_text="Its scrutiny journey, oldest step first."
    )
    agenda_items = InitiativeItemSerializer(
        many=True, read_only=True, help_text="The meetings that considered it, and the outcomes."
    )
    consultations = LinkField(
        "consultation",
        many=True,
        source="public_consultations",
        help_text="The published consultations that shaped it.",
    )

    class Meta:
        model = p.Initiative
        fields = [
            "id",
            "url",
            "web_url",
            "slug",
            "title",
            "summary",
            "organisation",
            "partner_organisations",
            "priorities",
            "status",
            "status_label",
            "status_changed_at",
            "rag",
            "rag_label",
            "progress",
            "start_date",
            "end_date",
            "targets",
            "milestones",
            "evidence",
            "status_changes",
            "agenda_items",
            "consultations",
            "published_at",
            "updated_at",
        ]


class StatusChangeSerializer(RecordSerializer):
    basename = "status-change"
    initiative = LinkField("initiative")
    meeting = MeetingLink(allow_null=True, help_text="The meeting that decided it.")

    class Meta:
        model = p.StatusChange
        fields = [
            "id",
            "url",
            "web_url",
            "initiative",
            "from_status",
            "to_status",
            "changed_at",
            "time_known",
            "reason",
            "evidence_url",
            "meeting",
            "recorded_at",
        ]

    def web_path(self, record) -> str:
        return f"{record.initiative.get_absolute_url()}#status-change-{record.pk}"


class CommitteeSerializer(RecordSerializer):
    basename = "committee"
    organisation = OrganisationLink()
    calendar_url = serializers.SerializerMethodField(
        help_text="Its meetings as an iCalendar feed (RFC 5545), for a calendar to subscribe to."
    )

    class Meta:
        model = p.Committee
        fields = ["id", "url", "web_url", "calendar_url", "slug", "name", "kind", "description"]
        fields += ["website", "organisation", "updated_at"]

    def get_calendar_url(self, committee) -> str:
        path = reverse(
            "opendata:committee_calendar",
            kwargs={"organisation_slug": committee.organisation.slug, "slug": committee.slug},
        )
        return self.context["request"].build_absolute_uri(path)


class MeetingItemSerializer(serializers.ModelSerializer):
    """An agenda item as listed in its meeting."""

    id = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField()
    initiative = LinkField("initiative", allow_null=True)
    plan = LinkField("plan", allow_null=True)

    class Meta:
        model = p.AgendaItem
        fields = ["id", "url", "item_number", "title", "initiative", "plan", "outcome"]

    def get_url(self, item) -> str:
        return api_url(self.context["request"], "agenda-item", item.pk)


class MeetingSerializer(RecordSerializer):
    basename = "meeting"
    title = serializers.SerializerMethodField()
    committee = LinkField("committee", title="name")
    organisation = OrganisationLink(source="committee.organisation")
    agenda_items = MeetingItemSerializer(
        source="public_agenda_items",
        many=True,
        read_only=True,
        help_text="The items about published initiatives and plans.",
    )

    class Meta:
        model = p.Meeting
        fields = [
            "id",
            "url",
            "web_url",
            "slug",
            "title",
            "committee",
            "organisation",
            "starts_at",
            "time_known",
            "status",
            "location",
            "description",
            "agenda_url",
            "minutes_url",
            "agenda_items",
            "updated_at",
        ]

    def get_title(self, meeting) -> str:
        return meeting_title(meeting)


class AgendaItemSerializer(RecordSerializer):
    basename = "agenda-item"
    meeting = MeetingLink()
    initiative = LinkField("initiative", allow_null=True)
    plan = LinkField("plan", allow_null=True)
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)

    class Meta:
        model = p.AgendaItem
        fields = [
            "id",
            "url",
            "web_url",
            "meeting",
            "item_number",
            "order",
            "title",
            "initiative",
            "plan",
            "outcome",
            "outcome_label",
            "outcome_notes",
            "report_url",
            "updated_at",
        ]

    def web_path(self, record) -> str:
        return f"{record.meeting.get_absolute_url()}#agenda"

    def to_representation(self, record):
        # An exempt item's notes and report are withheld (AgendaItem.public_value).
        data = super().to_representation(record)
        for name in ("outcome_notes", "report_url"):
            data[name] = record.public_value(name)
        return data


class ConsultationSerializer(RecordSerializer):
    basename = "consultation"
    organisation = OrganisationLink()
    shaped_priorities = LinkField("priority", many=True, source="public_shaped_priorities")
    shaped_initiatives = LinkField("initiative", many=True, source="public_shaped_initiatives")
    shaped_plans = LinkField("plan", many=True, source="public_shaped_plans")

    class Meta:
        model = p.Consultation
        fields = [
            "id",
            "url",
            "web_url",
            "slug",
            "title",
            "organisation",
            "audience",
            "opened_on",
            "closed_on",
            "method",
            "you_said",
            "we_did",
            "source_url",
            "shaped_priorities",
            "shaped_initiatives",
            "shaped_plans",
            "published_at",
            "updated_at",
        ]


class AmbitionSerializer(RecordSerializer):
    basename = "ambition"
    partnership = OrganisationLink(source="partnership.organisation")
    priorities = LinkField(
        "priority", many=True, source="public_priorities", help_text="The priorities serving it."
    )

    class Meta:
        model = s.Ambition
        fields = ["id", "url", "web_url", "slug", "title", "description", "order"]
        fields += ["partnership", "priorities", "published_at", "updated_at"]


class MeasurementSerializer(serializers.ModelSerializer):
    class Meta:
        model = s.Measurement
        fields = ["period_end", "period_label", "value", "target_value", "note"]


class IndicatorSerializer(RecordSerializer):
    basename = "indicator"
    organisation = OrganisationLink()
    measured_by = OrganisationLink(allow_null=True, help_text="The agency whose data this is.")
    ambition = LinkField("ambition", allow_null=True)
    measurements = MeasurementSerializer(many=True, read_only=True, help_text="Oldest first.")

    class Meta:
        model = s.Indicator
        fields = [
            "id",
            "url",
            "web_url",
            "slug",
            "title",
            "description",
            "unit",
            "higher_is_better",
            "target_value",
            "source_note",
            "organisation",
            "measured_by",
            "ambition",
            "measurements",
            "published_at",
            "updated_at",
        ]


class InspectionSerializer(RecordSerializer):
    basename = "inspection"
    organisation = OrganisationLink()
    findings = serializers.ListField(
        child=serializers.CharField(), source="findings_list", read_only=True
    )

    class Meta:
        model = s.Inspection
        fields = [
            "id",
            "url",
            "web_url",
            "slug",
            "title",
            "organisation",
            "inspectorate",
            "kind",
            "published_on",
            "date_is_approximate",
            "judgement",
            "summary",
            "findings",
            "report_url",
            "updated_at",
        ]
