"""The API's endpoints: one read-only viewset per kind of public record.

Every queryset starts from ``public_objects`` (or the model's ``published()``), and every
related record a serializer names is prefetched from ``public_objects`` too, so nothing a page
would hide appears here. Each endpoint runs the same number of queries however many records
there are (``tests/api/test_query_counts.py``).
"""

from django.db.models import Prefetch, Q
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from api import conditional, serializers
from api.filters import IdFilter, SearchFiltersBackend, StableOrderingFilter, UpdatedSinceFilter
from api.throttling import ApiRateThrottle
from priorities import models as p
from priorities.search.engine import public_priorities_with_themes
from safeguarding import models as s


class ApiPagination(PageNumberPagination):
    """Pages of 25 records by default, at most 100 (``page_size``)."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


class NotModified(Exception):
    """The client's copy is current: answer 304."""


class PublicViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only endpoint of public records, with the caching headers and the rate limit."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ApiRateThrottle]
    pagination_class = ApiPagination
    filter_backends = [SearchFiltersBackend, IdFilter, UpdatedSinceFilter, StableOrderingFilter]
    lookup_value_regex = r"[^/]+"

    #: The search filters this endpoint takes, and how they apply (see api.filters).
    search_parameters: tuple[str, ...] = ("q", "organisation")
    organisation_field = "organisation__slug"
    status_field = "status"
    rag_field = "rag"
    text_fields = [("title", "A")]
    id_filters: dict[str, str] = {}
    updated_field = "updated_at"
    updated_parts: list = []
    ordering_fields = ["id", "updated_at"]

    def theme_filter(self, queryset, slugs):
        raise NotImplementedError

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.validators = conditional.validators(request)
        if conditional.not_modified(request, self.validators):
            raise NotModified

    def handle_exception(self, exc):
        if isinstance(exc, NotModified):
            return Response(status=304)
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 304:
            response.data = None
            if "Content-Type" in response:
                del response["Content-Type"]
        return conditional.add_headers(response, getattr(self, "validators", None))


def _themed_priorities(slugs):
    return public_priorities_with_themes(slugs)


meeting_with_committee = p.Meeting.objects.select_related("committee")


@extend_schema_view(
    list=extend_schema(
        summary="List organisations",
        description="Councils, safeguarding "
        "partnerships, police forces, NHS bodies, boards and charities.",
    ),
    retrieve=extend_schema(summary="One organisation, with its partnership members"),
)
class OrganisationViewSet(PublicViewSet):
    serializer_class = serializers.OrganisationSerializer
    organisation_field = "slug"
    text_fields = [("name", "A"), ("short_name", "A"), ("description", "B")]
    updated_parts = [(p.PartnershipMembership.objects.all(), "partnership_id")]
    ordering_fields = ["id", "name", "updated_at"]

    def get_queryset(self):
        return p.Organisation.objects.on_current_site().prefetch_related(
            Prefetch(
                "memberships_as_partnership",
                queryset=p.PartnershipMembership.objects.select_related("member"),
            ),
            "partnerships",
        )


@extend_schema_view(
    list=extend_schema(
        summary="List themes",
        description="Cross-cutting themes such as "
        "mental health or early help; filter other endpoints by `theme`.",
    ),
    retrieve=extend_schema(summary="One theme"),
)
class ThemeViewSet(PublicViewSet):
    serializer_class = serializers.ThemeSerializer
    search_parameters = ("q",)
    text_fields = [("name", "A"), ("description", "B")]
    ordering_fields = ["id", "name", "updated_at"]

    def get_queryset(self):
        return p.Theme.objects.all()


@extend_schema_view(
    list=extend_schema(
        summary="List plans",
        description="Published strategies and policy "
        "statements. A plan has a theme when one of its priorities has it.",
    ),
    retrieve=extend_schema(summary="One plan"),
)
class PlanViewSet(PublicViewSet):
    serializer_class = serializers.PlanSerializer
    search_parameters = ("q", "organisation", "theme")
    text_fields = [("title", "A"), ("summary", "B"), ("source_title", "C")]
    ordering_fields = ["id", "title", "period_start", "updated_at"]

    def theme_filter(self, queryset, slugs):
        return queryset.filter(
            pk__in=p.Priority.public_objects.filter(pk__in=_themed_priorities(slugs)).values(
                "plan_id"
            )
        )

    def get_queryset(self):
        return p.Plan.public_objects.select_related(
            "organisation", "overseen_by", "adopted_at_meeting__committee"
        ).prefetch_related("aims")


@extend_schema_view(
    list=extend_schema(summary="List aims", description="The aims of published plans."),
    retrieve=extend_schema(summary="One aim"),
)
class AimViewSet(PublicViewSet):
    serializer_class = serializers.AimSerializer
    organisation_field = "plan__organisation__slug"
    text_fields = [("title", "A"), ("description", "B")]
    id_filters = {"plan": "plan_id"}
    ordering_fields = ["id", "order", "title", "updated_at"]

    def get_queryset(self):
        return p.Aim.objects.published().select_related("plan__organisation")


@extend_schema_view(
    list=extend_schema(
        summary="List priorities", description="The published commitments in published plans."
    ),
    retrieve=extend_schema(summary="One priority, with the initiatives that deliver it"),
)
class PriorityViewSet(PublicViewSet):
    serializer_class = serializers.PrioritySerializer
    search_parameters = ("q", "organisation", "theme")
    organisation_field = "plan__organisation__slug"
    text_fields = [
        ("title", "A"),
        ("summary", "B"),
        ("young_people_summary", "B"),
        ("lead_member", "C"),
        ("portfolio", "C"),
    ]
    id_filters = {"plan": "plan_id"}
    ordering_fields = ["id", "order", "title", "updated_at"]

    def theme_filter(self, queryset, slugs):
        return queryset.filter(pk__in=_themed_priorities(slugs))

    def get_queryset(self):
        return p.Priority.public_objects.select_related(
            "plan__organisation", "aim", "lead_organisation"
        ).prefetch_related(
            "themes",
            "contributing_organisations",
            Prefetch(
                "initiatives",
                queryset=p.Initiative.public_objects.order_by("pk"),
                to_attr="public_initiatives",
            ),
        )


@extend_schema_view(
    list=extend_schema(
        summary="List initiatives",
        description="Published programmes and service changes: status in the scrutiny journey, "
        "RAG rating, progress, dates, targets, milestones, evidence, the priorities they "
        "deliver, their status changes and the meetings that considered them.",
    ),
    retrieve=extend_schema(summary="One initiative, with its scrutiny journey"),
)
class InitiativeViewSet(PublicViewSet):
    serializer_class = serializers.InitiativeSerializer
    search_parameters = ("q", "organisation", "theme", "status", "rag")
    text_fields = [("title", "A"), ("summary", "B")]
    id_filters = {"priority": "priorities"}
    updated_parts = [
        (p.Target.objects.all(), "initiative_id"),
        (p.Milestone.objects.all(), "initiative_id"),
        (p.EvidenceLink.objects.all(), "initiative_id"),
        (p.AgendaItem.objects.all(), "initiative_id"),
    ]
    ordering_fields = ["id", "title", "status_changed_at", "start_date", "end_date", "updated_at"]

    def theme_filter(self, queryset, slugs):
        return queryset.filter(
            pk__in=p.Initiative.priorities.through.objects.filter(
                priority__in=_themed_priorities(slugs)
            ).values("initiative_id")
        )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if "priority" in self.request.query_params:
            queryset = queryset.distinct()
        return queryset

    def get_queryset(self):
        return p.Initiative.public_objects.select_related("organisation").prefetch_related(
            "partner_organisations",
            Prefetch(
                "priorities",
                queryset=p.Priority.public_objects.order_by("pk"),
                to_attr="public_priorities",
            ),
            "targets",
            "milestones",
            "evidence_links",
            Prefetch(
                "status_changes",
                queryset=p.StatusChange.objects.select_related("meeting__committee"),
            ),
            Prefetch(
                "agenda_items",
                queryset=p.AgendaItem.objects.select_related("meeting__committee").order_by(
                    "meeting__starts_at", "order", "pk"
                ),
            ),
            Prefetch(
                "consultations",
                queryset=p.Consultation.public_objects.order_by("pk"),
                to_attr="public_consultations",
            ),
        )


@extend_schema_view(
    list=extend_schema(
        summary="List status changes",
        description="Each step of each published initiative's scrutiny journey: from, to, "
        "when, why and the meeting that decided it. `updated_since` reads when the step was "
        "recorded.",
    ),
    retrieve=extend_schema(summary="One status change"),
)
class StatusChangeViewSet(PublicViewSet):
    serializer_class = serializers.StatusChangeSerializer
    search_parameters = ("organisation",)
    organisation_field = "initiative__organisation__slug"
    id_filters = {"initiative": "initiative_id", "meeting": "meeting_id"}
    updated_field = "recorded_at"
    ordering_fields = ["id", "changed_at", "recorded_at"]

    def get_queryset(self):
        return p.StatusChange.objects.published().select_related(
            "initiative__organisation", "meeting__committee"
        )


@extend_schema_view(
    list=extend_schema(
        summary="List committees",
        description="Committees, cabinets, scrutiny committees and partnership boards.",
    ),
    retrieve=extend_schema(summary="One committee"),
)
class CommitteeViewSet(PublicViewSet):
    serializer_class = serializers.CommitteeSerializer
    text_fields = [("name", "A"), ("description", "B")]
    ordering_fields = ["id", "name", "updated_at"]

    def get_queryset(self):
        return p.Committee.objects.on_current_site().select_related("organisation")


@extend_schema_view(
    list=extend_schema(
        summary="List meetings",
        description="Committee meetings, with the items about published initiatives and plans "
        "and their outcomes. A meeting has a theme when it considered a published initiative "
        "or plan serving a priority with it.",
    ),
    retrieve=extend_schema(summary="One meeting, with its agenda items"),
)
class MeetingViewSet(PublicViewSet):
    serializer_class = serializers.MeetingSerializer
    search_parameters = ("q", "organisation", "theme")
    organisation_field = "committee__organisation__slug"
    text_fields = [("committee__name", "A"), ("description", "B"), ("location", "C")]
    id_filters = {"committee": "committee_id"}
    updated_parts = [(p.AgendaItem.objects.all(), "meeting_id")]
    ordering_fields = ["id", "starts_at", "updated_at"]

    def theme_filter(self, queryset, slugs):
        themed = _themed_priorities(slugs)
        return queryset.filter(
            pk__in=p.AgendaItem.objects.filter(
                Q(initiative__in=p.Initiative.public_objects.filter(priorities__in=themed))
                | Q(plan__in=p.Plan.public_objects.filter(priorities__in=themed))
            ).values("meeting_id")
        )

    def get_queryset(self):
        return (
            p.Meeting.objects.on_current_site()
            .select_related("committee__organisation")
            .prefetch_related(
                Prefetch(
                    "agenda_items",
                    queryset=p.AgendaItem.objects.published().select_related("initiative", "plan"),
                    to_attr="public_agenda_items",
                )
            )
        )


@extend_schema_view(
    list=extend_schema(
        summary="List agenda items",
        description="Items that put a published "
        "initiative or plan before a committee, and the outcome.",
    ),
    retrieve=extend_schema(summary="One agenda item"),
)
class AgendaItemViewSet(PublicViewSet):
    serializer_class = serializers.AgendaItemSerializer
    search_parameters = ("organisation",)
    organisation_field = "meeting__committee__organisation__slug"
    id_filters = {"meeting": "meeting_id", "initiative": "initiative_id", "plan": "plan_id"}
    ordering_fields = ["id", "meeting__starts_at", "updated_at"]

    def get_queryset(self):
        return p.AgendaItem.objects.published().select_related(
            "meeting__committee__organisation", "initiative", "plan"
        )


@extend_schema_view(
    list=extend_schema(
        summary="List consultations",
        description='Who was asked, what they said and what it shaped ("you said, we did").',
    ),
    retrieve=extend_schema(summary="One consultation"),
)
class ConsultationViewSet(PublicViewSet):
    serializer_class = serializers.ConsultationSerializer
    search_parameters = ("q", "organisation", "theme")
    text_fields = [
        ("title", "A"),
        ("audience", "B"),
        ("you_said", "B"),
        ("we_did", "B"),
        ("method", "C"),
    ]
    ordering_fields = ["id", "opened_on", "closed_on", "updated_at"]

    def theme_filter(self, queryset, slugs):
        themed = _themed_priorities(slugs)
        through = p.Consultation
        return queryset.filter(
            Q(
                pk__in=through.shaped_priorities.through.objects.filter(priority__in=themed).values(
                    "consultation_id"
                )
            )
            | Q(
                pk__in=through.shaped_initiatives.through.objects.filter(
                    initiative__in=p.Initiative.public_objects.filter(priorities__in=themed)
                ).values("consultation_id")
            )
            | Q(
                pk__in=through.shaped_plans.through.objects.filter(
                    plan__in=p.Plan.public_objects.filter(priorities__in=themed)
                ).values("consultation_id")
            )
        )

    def get_queryset(self):
        def public(name, queryset):
            return Prefetch(name, queryset=queryset.order_by("pk"), to_attr=f"public_{name}")

        return p.Consultation.public_objects.select_related("organisation").prefetch_related(
            public("shaped_priorities", p.Priority.public_objects.all()),
            public("shaped_initiatives", p.Initiative.public_objects.all()),
            public("shaped_plans", p.Plan.public_objects.all()),
        )


@extend_schema_view(
    list=extend_schema(
        summary="List partnership ambitions",
        description="What safeguarding "
        "partnerships want for children, and the priorities serving it.",
    ),
    retrieve=extend_schema(summary="One ambition"),
)
class AmbitionViewSet(PublicViewSet):
    serializer_class = serializers.AmbitionSerializer
    search_parameters = ("q", "organisation", "theme")
    organisation_field = "partnership__organisation__slug"
    text_fields = [("title", "A"), ("description", "B")]
    ordering_fields = ["id", "order", "title", "updated_at"]

    def theme_filter(self, queryset, slugs):
        return queryset.filter(
            pk__in=s.Ambition.priorities.through.objects.filter(
                priority__in=_themed_priorities(slugs)
            ).values("ambition_id")
        )

    def get_queryset(self):
        return s.Ambition.public_objects.select_related(
            "partnership__organisation"
        ).prefetch_related(
            Prefetch(
                "priorities",
                queryset=p.Priority.public_objects.order_by("pk"),
                to_attr="public_priorities",
            )
        )


@extend_schema_view(
    list=extend_schema(
        summary="List indicators",
        description="Multi-agency measures with their measurements over time against targets.",
    ),
    retrieve=extend_schema(summary="One indicator, with its measurements"),
)
class IndicatorViewSet(PublicViewSet):
    serializer_class = serializers.IndicatorSerializer
    text_fields = [("title", "A"), ("description", "B")]
    updated_parts = [(s.Measurement.objects.all(), "indicator_id")]
    ordering_fields = ["id", "title", "updated_at"]

    def get_queryset(self):
        return s.Indicator.public_objects.select_related(
            "organisation", "measured_by"
        ).prefetch_related(
            # An indicator may point at an ambition still in draft: it then shows none.
            Prefetch("ambition", queryset=s.Ambition.public_objects.all()),
            "measurements",
        )


@extend_schema_view(
    list=extend_schema(
        summary="List inspections",
        description="Inspectorates' visits and judgements, the history per organisation.",
    ),
    retrieve=extend_schema(summary="One inspection"),
)
class InspectionViewSet(PublicViewSet):
    serializer_class = serializers.InspectionSerializer
    text_fields = [("title", "A"), ("summary", "B")]
    ordering_fields = ["id", "published_on", "updated_at"]

    def get_queryset(self):
        return s.Inspection.objects.on_current_site().select_related("organisation")
