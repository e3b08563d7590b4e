"""The API's filters: the portal search's own, plus ``updated_since``, ids and ordering.

``q``, ``organisation``, ``theme``, ``status`` and ``rag`` are read by the search form itself
(``priorities.search.filters.SearchFilterSet``: the same parameter names, choices and cleaning)
and applied as the search applies them to each kind of record (``priorities.search.engine``:
the same full-text search, and a theme reached through published priorities).
``tests/api/test_filters.py`` checks that each endpoint finds what the search finds.

One difference: the search sets aside a value it does not know (a mistyped organisation) and
says so on the page; the API answers 400 instead, so that a script never mistakes "every
council" for "the council I asked for".
"""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend, OrderingFilter

from priorities.lifecycle import InitiativeStatus
from priorities.models import Rag
from priorities.search.engine import text_search
from priorities.search.filters import SearchFilterSet


def _parameter_description(name) -> str:
    return {
        "q": "Search text, as in the portal search: every word must match (on PostgreSQL, "
        "full-text search with quotes for a phrase and -word to leave a word out). With no "
        "`ordering`, the best matches come first.",
        "organisation": "An organisation's slug (e.g. `wandsworth`); repeat the parameter for "
        "any of several.",
        "theme": "A theme's slug (e.g. `mental-health`), reached through published "
        "priorities; repeat for any of several.",
        "status": "The initiative's status in the scrutiny journey; repeat for any of several.",
        "rag": "The delivery rating (red, amber, green); repeat for any of several.",
    }[name]


class SearchFiltersBackend(BaseFilterBackend):
    """The portal search's filters, for the parameters the view names in ``search_parameters``:
    ``organisation_field``, ``theme_filter(queryset, slugs)``, ``status_field``, ``rag_field``
    and ``text_fields`` (lookup, weight) say how each applies to the view's records."""

    def filter_queryset(self, request, queryset, view):
        names = view.search_parameters
        if not names:
            return queryset
        filterset = SearchFilterSet(request.query_params, request=request)
        labels = {str(filterset.form.fields[name].label): name for name in names if name != "q"}
        ignored = [
            f"{labels[label]}={value}"
            for label, value in filterset.ignored_values()
            if label in labels and value.strip()
        ]
        if ignored:
            raise ValidationError({"detail": f"Unknown filter values: {', '.join(ignored)}."})
        filters = filterset.search_filters()
        if "organisation" in names and filters.organisations:
            queryset = queryset.filter(**{f"{view.organisation_field}__in": filters.organisations})
        if "theme" in names and filters.themes:
            queryset = view.theme_filter(queryset, filters.themes)
        if "status" in names and filters.statuses:
            queryset = queryset.filter(**{f"{view.status_field}__in": filters.statuses})
        if "rag" in names and filters.rags:
            queryset = queryset.filter(**{f"{view.rag_field}__in": filters.rags})
        if "q" in names:
            text = filterset.search_text()
            queryset = text_search(queryset, text, view.text_fields)
            request.search_text = text
        return queryset

    def get_schema_operation_parameters(self, view):
        choices = {"status": InitiativeStatus.values, "rag": Rag.values}
        parameters = []
        for name in view.search_parameters:
            many = name != "q"
            schema = {"type": "string"}
            if name in choices:
                schema["enum"] = choices[name]
            parameters.append(
                {
                    "name": name,
                    "in": "query",
                    "required": False,
                    "description": _parameter_description(name),
                    "schema": {"type": "array", "items": schema} if many else schema,
                    **({"style": "form", "explode": True} if many else {}),
                }
            )
        return parameters


#: ``updated_since`` before this reads as this.
EARLIEST = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)


def parse_updated_since(raw: str) -> datetime.datetime:
    """Read an ISO 8601 date or date and time; a date means its start, a time without a zone
    the portal's time zone (Europe/London)."""
    raw = raw.strip().replace(" ", "+")  # a "+01:00" offset arrives as " 01:00" unescaped
    try:
        moment = parse_datetime(raw)
        if moment is None:
            day = parse_date(raw)
            if day is None:
                raise ValueError(raw)
            moment = datetime.datetime.combine(day, datetime.time())
    except ValueError as error:
        raise ValidationError(
            {
                "updated_since": "Give an ISO 8601 date or date and time, e.g. 2025-06-01 or "
                "2025-06-01T09:00:00Z."
            }
        ) from error
    if moment.year < EARLIEST.year:
        return EARLIEST  # nothing in the portal is older; far-off dates cannot be converted
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    try:
        # In UTC: databases refuse unusual offsets (PostgreSQL's end at 15:59).
        return moment.astimezone(datetime.UTC)
    except OverflowError as error:
        raise ValidationError({"updated_since": "Give a date between 1900 and 9998."}) from error


class UpdatedSinceFilter(BaseFilterBackend):
    """``updated_since``: records changed at or after a moment, for incremental sync. A record
    counts as changed when it or one of the parts shown inside it was (the view's
    ``updated_field`` and ``updated_parts``: (queryset, foreign key to the record))."""

    def filter_queryset(self, request, queryset, view):
        raw = request.query_params.get("updated_since")
        if not raw:
            return queryset
        since = parse_updated_since(raw)
        changed = Q(**{f"{view.updated_field}__gte": since})
        for parts, key in view.updated_parts:
            changed |= Q(pk__in=parts.filter(updated_at__gte=since).values(key))
        return queryset.filter(changed)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "updated_since",
                "in": "query",
                "required": False,
                "description": "Only records changed at or after this moment (ISO 8601 date, "
                "or date and time; without a zone, UK time), including changes to the parts "
                "shown inside a record (an initiative's targets, its status changes...). "
                "Withdrawn records are not listed: compare ids to notice them.",
                "schema": {"type": "string", "format": "date-time"},
            }
        ]


class IdFilter(BaseFilterBackend):
    """Exact filters by a related record's id, as the view's ``id_filters`` name them
    (parameter: lookup)."""

    def filter_queryset(self, request, queryset, view):
        for name, lookup in view.id_filters.items():
            values = request.query_params.getlist(name)
            if not values:
                continue
            try:
                ids = [int(value) for value in values]
            except ValueError as error:
                raise ValidationError({name: "Give a record's id (a whole number)."}) from error
            # An id no database column can hold matches nothing (and must not reach SQLite).
            ids = [pk for pk in ids if 0 < pk < 2**63]
            queryset = queryset.filter(**{f"{lookup}__in": ids})
        return queryset

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": name,
                "in": "query",
                "required": False,
                "description": f"Only those of the {name.replace('_', ' ')} with this id; "
                "repeat for any of several.",
                "schema": {"type": "array", "items": {"type": "integer"}},
                "style": "form",
                "explode": True,
            }
            for name in view.id_filters
        ]


class StableOrderingFilter(OrderingFilter):
    """``ordering``: one or more of the view's ``ordering_fields``, ``-`` for descending; ties
    are broken by id, so pages never overlap. Default: best match first with ``q``, else id."""

    def get_default_ordering(self, view):
        if getattr(view.request, "search_text", ""):
            return ["-rank"]
        return ["id"]

    def get_ordering(self, request, queryset, view):
        ordering = list(super().get_ordering(request, queryset, view) or [])
        if not {"id", "-id"} & set(ordering):
            ordering.append("id")
        return ordering
