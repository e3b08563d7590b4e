"""What the safeguarding app adds to the portal search (registered at start-up).

Published partnership ambitions are found by their title and description. They belong to the
partnership's organisation, and have a theme when a published priority serving them does.
Status and delivery rating are initiatives' filters: when a visitor uses one, ambitions are
left out.
"""

from priorities import extensions
from priorities.search.engine import (
    SearchProvider,
    SearchResult,
    ordered,
    public_priorities_with_themes,
    summarise,
    text_search,
)
from priorities.search.filters import SearchFilters
from safeguarding.models import Ambition


def ambition_matches(text: str, filters: SearchFilters):
    queryset = Ambition.public_objects.select_related("partnership__organisation")
    if filters.organisations:
        queryset = queryset.filter(partnership__organisation__slug__in=filters.organisations)
    if filters.themes:
        queryset = queryset.filter(
            pk__in=Ambition.priorities.through.objects.filter(
                priority__in=public_priorities_with_themes(filters.themes)
            ).values("ambition_id")
        )
    queryset = text_search(queryset, text, [("title", "A"), ("description", "B")])
    return ordered(queryset, text, "partnership__organisation__name", "order", "title", "pk")


def ambition_result(ambition) -> SearchResult:
    return SearchResult(
        result_type="ambition",
        type_label="Partnership ambition",
        title=ambition.title,
        url=ambition.get_absolute_url(),
        organisation=ambition.partnership.organisation.name,
        summary=summarise(ambition.description),
        updated_at=ambition.updated_at,
        rank=ambition.rank,
    )


extensions.register_search_provider(
    SearchProvider(
        result_type="ambition",
        label="Partnership ambition",
        label_plural="Partnership ambitions",
        matches=ambition_matches,
        result=ambition_result,
        filters=frozenset({"organisation", "theme"}),
        order=30,
    )
)
