"""One search across the portal's published records (its page and CSV download: ``views.py``).

Each kind of result comes from a ``SearchProvider``: this module has those for plans,
priorities, initiatives, consultations and meetings, and other apps register theirs in
``priorities.extensions`` (the safeguarding app adds partnership ambitions). A provider takes
the search text and the chosen ``SearchFilters`` and returns ``SearchResult`` rows built from
public records only.

On PostgreSQL the text is matched with full-text search (``websearch`` syntax: quotes for a
phrase, ``-word`` to leave a word out, ``or``) and results are ranked, title matches first. On
SQLite every word must appear in one of the fields searched (``icontains``). Either way a
straight apostrophe finds a typographic one and a hyphen between numbers finds a dash, as
visitors type "People's" and "2025-2028" for a title written "People’s" and "2025–2028".

Results are gathered in memory and paginated there, which suits a portal of a few thousand
published records; each provider runs a fixed number of queries however many there are.
"""

import datetime
import operator
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import Case, F, FloatField, Q, Value, When
from django.utils import timezone
from django.utils.text import Truncator

from priorities import extensions
from priorities.models import AgendaItem, Consultation, Initiative, Meeting, Plan, Priority
from priorities.search.criteria import SearchFilters

#: The text search configuration PostgreSQL uses: English stemming and stop words.
SEARCH_CONFIG = "english"
#: On SQLite at most this many words of the search text are matched.
MAX_FALLBACK_WORDS = 12
SUMMARY_WORDS = 40


@dataclass(frozen=True)
class SearchResult:
    """One row of search results, the same for every kind of record."""

    result_type: str
    type_label: str
    title: str
    url: str
    organisation: str = ""
    status: str = ""
    status_label: str = ""
    rag: str = ""
    rag_label: str = ""
    summary: str = ""
    #: What the record is part of, e.g. the plan a priority belongs to.
    part_of: str = ""
    date: datetime.date | None = None
    updated_at: datetime.datetime | None = None
    rank: float = 0.0


@dataclass(frozen=True)
class SearchProvider:
    """A kind of search result and the function that finds them.

    ``filters`` names the filters that mean something for this kind of record
    ("organisation", "theme", "status", "rag"): when a visitor uses another one, this kind
    is left out of the results rather than shown unfiltered.
    """

    result_type: str
    label: str
    label_plural: str
    search: Callable[[str, SearchFilters], Iterable[SearchResult]]
    filters: frozenset[str] = frozenset({"organisation", "theme"})
    #: Where this kind comes in the list of types and among equally ranked results.
    order: int = 100

    def applies_to(self, filters: SearchFilters) -> bool:
        if filters.types and self.result_type not in filters.types:
            return False
        return all(name in self.filters for name in SearchFilters.FIELDS if filters.uses(name))


# Helpers that providers, here and in other apps, share.


def text_search(queryset, text: str, fields: list[tuple[str, str]]):
    """Return ``queryset`` narrowed to records matching ``text``, each annotated with ``rank``.

    ``fields`` lists (lookup, weight) pairs, most important first; weights are PostgreSQL's
    "A" (highest) to "D". With no text, every record matches with rank 0.
    """
    if not text:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    if connections[queryset.db].vendor == "postgresql":
        # PostgreSQL's parser splits words at either apostrophe and at a dash, but reads a
        # hyphen before a number as a minus sign: "2025-2028" is searched as "2025 2028".
        text = _NUMBER_RANGE.sub(" ", text)
        vector = reduce(
            operator.add,
            [
                SearchVector(lookup, weight=weight, config=SEARCH_CONFIG)
                for lookup, weight in fields
            ],
        )
        query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
        return (
            queryset.annotate(search_document=vector)
            .filter(search_document=query)
            .annotate(rank=SearchRank(F("search_document"), query))
        )
    words = [word.strip("\"'") for word in text.split()]
    words = [word for word in words if word and word != "-" and word.lower() != "or"]
    condition = Q()
    for word in words[:MAX_FALLBACK_WORDS]:
        condition &= reduce(
            operator.or_,
            [
                Q(**{f"{lookup}__icontains": spelling})
                for lookup, _ in fields
                for spelling in spellings(word)
            ],
        )
    title_lookup = fields[0][0]
    title_matches = reduce(
        operator.or_,
        [Q(**{f"{title_lookup}__icontains": spelling}) for spelling in spellings(text)],
    )
    return queryset.filter(condition).annotate(
        rank=Case(
            When(title_matches, then=Value(1.0)),
            default=Value(0.5),
            output_field=FloatField(),
        )
    )


#: A hyphen or dash between two numbers, as in "2025-2028" or "2025–2028".
_NUMBER_RANGE = re.compile(r"(?<=\d)[-\u2010-\u2015](?=\d)")
_APOSTROPHES = "'\u2019"


def spellings(text: str) -> list[str]:
    """Return ``text`` as it may be written: with a straight or a typographic apostrophe, and
    with a hyphen or an en dash between numbers (at most four spellings)."""
    found = []
    for apostrophe in _APOSTROPHES:
        with_apostrophe = re.sub(f"[{_APOSTROPHES}]", apostrophe, text)
        for dash in "-\u2013":
            spelling = _NUMBER_RANGE.sub(dash, with_apostrophe)
            if spelling not in found:
                found.append(spelling)
    if text not in found:
        found.insert(0, text)
    return found


def ordered(queryset, text: str, *fallback_order: str):
    """Order by rank when there is search text, otherwise by ``fallback_order``."""
    if text:
        return queryset.order_by("-rank", *fallback_order)
    return queryset.order_by(*fallback_order)


def public_priorities_with_themes(theme_slugs):
    """Return the ids of published priorities with any of the themes, as a subquery."""
    return Priority.public_objects.filter(themes__slug__in=theme_slugs).values("pk")


def summarise(text: str) -> str:
    """A result's summary: the opening paragraph of its text, cut at ``SUMMARY_WORDS`` words
    (later paragraphs, such as notes about where the text comes from, are for its page)."""
    text = (text or "").replace("\r\n", "\n").strip()
    opening = text.split("\n\n", 1)[0]
    return Truncator(" ".join(opening.split())).words(SUMMARY_WORDS)


# The providers for the priorities app's own records.


def search_plans(text: str, filters: SearchFilters) -> list[SearchResult]:
    """Published plans, by title, summary and source document. A plan has a theme when one of
    its published priorities does."""
    queryset = Plan.public_objects.select_related("organisation")
    if filters.organisations:
        queryset = queryset.filter(organisation__slug__in=filters.organisations)
    if filters.themes:
        queryset = queryset.filter(
            pk__in=Priority.public_objects.filter(
                pk__in=public_priorities_with_themes(filters.themes)
            ).values("plan_id")
        )
    queryset = text_search(
        queryset, text, [("title", "A"), ("summary", "B"), ("source_title", "C")]
    )
    return [
        SearchResult(
            result_type="plan",
            type_label="Plan",
            title=plan.title,
            url=plan.get_absolute_url(),
            organisation=plan.organisation.name,
            status=plan.status,
            status_label=plan.get_status_display(),
            summary=summarise(plan.summary),
            updated_at=plan.updated_at,
            rank=plan.rank,
        )
        for plan in ordered(queryset, text, "organisation__name", "-period_start", "title", "pk")
    ]


def search_consultations(text: str, filters: SearchFilters) -> list[SearchResult]:
    """Published consultations, by title, who was asked, what they said, what was done and how
    they were asked. A consultation has a theme when a published priority it shaped has it, or a
    published initiative or plan it shaped serves such a priority."""
    queryset = Consultation.public_objects.select_related("organisation")
    if filters.organisations:
        queryset = queryset.filter(organisation__slug__in=filters.organisations)
    if filters.themes:
        themed = public_priorities_with_themes(filters.themes)
        shaped = Consultation.shaped_priorities.through.objects.filter(priority__in=themed)
        shaped_initiatives = Consultation.shaped_initiatives.through.objects.filter(
            initiative__in=Initiative.public_objects.filter(priorities__in=themed)
        )
        shaped_plans = Consultation.shaped_plans.through.objects.filter(
            plan__in=Plan.public_objects.filter(priorities__in=themed)
        )
        queryset = queryset.filter(
            Q(pk__in=shaped.values("consultation_id"))
            | Q(pk__in=shaped_initiatives.values("consultation_id"))
            | Q(pk__in=shaped_plans.values("consultation_id"))
        )
    queryset = text_search(
        queryset,
        text,
        [
            ("title", "A"),
            ("audience", "B"),
            ("you_said", "B"),
            ("we_did", "B"),
            ("method", "C"),
        ],
    )
    return [
        SearchResult(
            result_type="consultation",
            type_label="Consultation",
            title=consultation.title,
            url=consultation.get_absolute_url(),
            organisation=consultation.organisation.name,
            summary=summarise(consultation.you_said or consultation.we_did),
            date=consultation.closed_on or consultation.opened_on,
            updated_at=consultation.updated_at,
            rank=consultation.rank,
        )
        for consultation in ordered(
            queryset, text, "organisation__name", "-closed_on", "-opened_on", "title", "pk"
        )
    ]


def search_priorities(text: str, filters: SearchFilters) -> list[SearchResult]:
    queryset = Priority.public_objects.select_related("plan__organisation")
    if filters.organisations:
        queryset = queryset.filter(plan__organisation__slug__in=filters.organisations)
    if filters.themes:
        queryset = queryset.filter(pk__in=public_priorities_with_themes(filters.themes))
    queryset = text_search(
        queryset,
        text,
        [
            ("title", "A"),
            ("summary", "B"),
            ("young_people_summary", "B"),
            ("lead_member", "C"),
            ("portfolio", "C"),
        ],
    )
    return [
        SearchResult(
            result_type="priority",
            type_label="Priority",
            title=priority.title,
            url=priority.get_absolute_url(),
            organisation=priority.plan.organisation.name,
            summary=summarise(priority.summary or priority.young_people_summary),
            part_of=priority.plan.title,
            updated_at=priority.updated_at,
            rank=priority.rank,
        )
        for priority in ordered(queryset, text, "plan__organisation__name", "title", "pk")
    ]


def search_initiatives(text: str, filters: SearchFilters) -> list[SearchResult]:
    queryset = Initiative.public_objects.select_related("organisation")
    if filters.organisations:
        queryset = queryset.filter(organisation__slug__in=filters.organisations)
    if filters.themes:
        queryset = queryset.filter(
            pk__in=Initiative.priorities.through.objects.filter(
                priority__in=public_priorities_with_themes(filters.themes)
            ).values("initiative_id")
        )
    if filters.statuses:
        queryset = queryset.filter(status__in=filters.statuses)
    if filters.rags:
        queryset = queryset.filter(rag__in=filters.rags)
    queryset = text_search(queryset, text, [("title", "A"), ("summary", "B")])
    return [
        SearchResult(
            result_type="initiative",
            type_label="Initiative",
            title=initiative.title,
            url=initiative.get_absolute_url(),
            organisation=initiative.organisation.name,
            status=initiative.status,
            status_label=initiative.get_status_display(),
            rag=initiative.rag,
            rag_label=initiative.get_rag_display(),
            summary=summarise(initiative.summary),
            updated_at=initiative.updated_at,
            rank=initiative.rank,
        )
        for initiative in ordered(queryset, text, "organisation__name", "title", "pk")
    ]


def search_meetings(text: str, filters: SearchFilters) -> list[SearchResult]:
    queryset = Meeting.objects.on_current_site().select_related("committee__organisation")
    if filters.organisations:
        queryset = queryset.filter(committee__organisation__slug__in=filters.organisations)
    if filters.themes:
        # Meetings that considered a published initiative or plan serving a priority with the
        # theme. Items about drafts do not count, and agenda text is not searched: an item's
        # title may name a draft.
        themed = public_priorities_with_themes(filters.themes)
        queryset = queryset.filter(
            pk__in=AgendaItem.objects.filter(
                Q(initiative__in=Initiative.public_objects.filter(priorities__in=themed))
                | Q(plan__in=Plan.public_objects.filter(priorities__in=themed))
            ).values("meeting_id")
        )
    queryset = text_search(
        queryset,
        text,
        [("committee__name", "A"), ("description", "B"), ("location", "C")],
    )
    return [
        SearchResult(
            result_type="meeting",
            type_label="Committee meeting",
            title=str(meeting),
            url=meeting.get_absolute_url(),
            organisation=meeting.committee.organisation.name,
            status=meeting.status,
            status_label=meeting.get_status_display(),
            summary=summarise(meeting.description),
            date=timezone.localdate(meeting.starts_at),
            updated_at=meeting.updated_at,
            rank=meeting.rank,
        )
        for meeting in ordered(queryset, text, "-starts_at", "pk")
    ]


BUILT_IN_PROVIDERS = [
    SearchProvider(
        result_type="plan",
        label="Plan",
        label_plural="Plans",
        search=search_plans,
        order=5,
    ),
    SearchProvider(
        result_type="priority",
        label="Priority",
        label_plural="Priorities",
        search=search_priorities,
        order=10,
    ),
    SearchProvider(
        result_type="initiative",
        label="Initiative",
        label_plural="Initiatives",
        search=search_initiatives,
        filters=frozenset({"organisation", "theme", "status", "rag"}),
        order=20,
    ),
    SearchProvider(
        result_type="consultation",
        label="Consultation",
        label_plural="Consultations",
        search=search_consultations,
        order=35,
    ),
    SearchProvider(
        result_type="meeting",
        label="Committee meeting",
        label_plural="Committee meetings",
        search=search_meetings,
        order=40,
    ),
]


def all_search_providers() -> list[SearchProvider]:
    """Return the built-in providers and those other apps registered, in their order."""
    registered = {provider.result_type: provider for provider in extensions.search_providers}
    built_in = [p for p in BUILT_IN_PROVIDERS if p.result_type not in registered]
    return sorted([*built_in, *registered.values()], key=lambda provider: provider.order)


def run_search(text: str, filters: SearchFilters) -> list[SearchResult]:
    """Return every result for the search: best match first when there is search text,
    otherwise grouped by kind in the providers' order."""
    providers = all_search_providers()
    results = []
    for provider in providers:
        if provider.applies_to(filters):
            results.extend(provider.search(text, filters))
    if text:
        position = {provider.result_type: index for index, provider in enumerate(providers)}
        # A stable sort: equally ranked results keep each provider's own order.
        results.sort(key=lambda result: (-result.rank, position[result.result_type]))
    return results
