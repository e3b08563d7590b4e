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

The search page asks for one page of results (``search_page``): the database finds every
match and counts them by kind, sorts out of each kind only its best rows up to the page's end,
and only those come back, so a page costs the same queries and about the same time however
many records match. The CSV download takes every result (``run_search``). On SQLite, trigram
indexes narrow the initiatives, priorities and meetings to search first (``trigram``, ``narrowed``).
"""

import datetime
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import Case, F, FloatField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.text import Truncator

from priorities import extensions
from priorities.models import AgendaItem, Consultation, Initiative, Meeting, Plan, Priority
from priorities.search import trigram
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
    """A kind of search result and the functions that find them.

    ``matches(text, filters)`` returns a queryset of the public records found, each annotated
    with ``rank`` (``text_search``), in this kind's order (``ordered``); ``result(record)``
    makes a record of it a ``SearchResult`` (reading only what the queryset loaded).

    ``filters`` names the filters that mean something for this kind of record
    ("organisation", "theme", "status", "rag"): when a visitor uses another one, this kind
    is left out of the results rather than shown unfiltered.
    """

    result_type: str
    label: str
    label_plural: str
    matches: Callable[[str, SearchFilters], QuerySet]
    result: Callable[[object], SearchResult]
    filters: frozenset[str] = frozenset({"organisation", "theme"})
    #: Where this kind comes in the list of types and among equally ranked results.
    order: int = 100

    def applies_to(self, filters: SearchFilters) -> bool:
        if filters.types and self.result_type not in filters.types:
            return False
        return all(name in self.filters for name in SearchFilters.FIELDS if filters.uses(name))

    def search(self, text: str, filters: SearchFilters) -> list[SearchResult]:
        """Every result of this kind, in its order."""
        return [self.result(record) for record in narrowed(self.matches(text, filters))]


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
    found = queryset.filter(condition).annotate(
        rank=Case(
            When(title_matches, then=Value(1.0)),
            default=Value(0.5),
            output_field=FloatField(),
        )
    )
    # What a trigram index may narrow the matches to first (``narrowed``), where it has the
    # fields searched.
    table = queryset.model._meta.db_table
    if {lookup for lookup, _ in fields} <= set(trigram.INDEXED.get(table, ())):
        expression = trigram.match_expression(
            [spellings(word) for word in words[:MAX_FALLBACK_WORDS]]
        )
        if expression:
            found.query.search_trigram = (table, expression)
    return found


def narrowed(queryset):
    """Return ``queryset`` (``text_search``'s matches) narrowed first to the rows its SQLite
    trigram index finds (``trigram``), when it has one: the same rows, found faster. The
    condition costs a look-up in the index, so a query for records already known (by pk)
    goes without it."""
    table, expression = getattr(queryset.query, "search_trigram", (None, ""))
    if not expression or not trigram.ready(connections[queryset.db], table):
        return queryset
    index = trigram.index_name(table)
    # The index's name is this module's own; the words are a parameter.
    return queryset.filter(
        pk__in=RawSQL(f"SELECT rowid FROM {index} WHERE {index} MATCH %s", [expression])  # noqa: S608, S611
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


def plan_matches(text: str, filters: SearchFilters):
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
    return ordered(queryset, text, "organisation__name", "-period_start", "title", "pk")


def plan_result(plan) -> SearchResult:
    return SearchResult(
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


def consultation_matches(text: str, filters: SearchFilters):
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
    return ordered(queryset, text, "organisation__name", "-closed_on", "-opened_on", "title", "pk")


def consultation_result(consultation) -> SearchResult:
    return SearchResult(
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


def priority_matches(text: str, filters: SearchFilters):
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
    return ordered(queryset, text, "plan__organisation__name", "title", "pk")


def priority_result(priority) -> SearchResult:
    return SearchResult(
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


def initiative_matches(text: str, filters: SearchFilters):
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
    return ordered(queryset, text, "organisation__name", "title", "pk")


def initiative_result(initiative) -> SearchResult:
    return SearchResult(
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


def meeting_matches(text: str, filters: SearchFilters):
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
    return ordered(queryset, text, "-starts_at", "pk")


def meeting_result(meeting) -> SearchResult:
    return SearchResult(
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


BUILT_IN_PROVIDERS = [
    SearchProvider(
        result_type="plan",
        label="Plan",
        label_plural="Plans",
        matches=plan_matches,
        result=plan_result,
        order=5,
    ),
    SearchProvider(
        result_type="priority",
        label="Priority",
        label_plural="Priorities",
        matches=priority_matches,
        result=priority_result,
        order=10,
    ),
    SearchProvider(
        result_type="initiative",
        label="Initiative",
        label_plural="Initiatives",
        matches=initiative_matches,
        result=initiative_result,
        filters=frozenset({"organisation", "theme", "status", "rag"}),
        order=20,
    ),
    SearchProvider(
        result_type="consultation",
        label="Consultation",
        label_plural="Consultations",
        matches=consultation_matches,
        result=consultation_result,
        order=35,
    ),
    SearchProvider(
        result_type="meeting",
        label="Committee meeting",
        label_plural="Committee meetings",
        matches=meeting_matches,
        result=meeting_result,
        order=40,
    ),
]


def all_search_providers() -> list[SearchProvider]:
    """Return the built-in providers and those other apps registered, in their order."""
    registered = {provider.result_type: provider for provider in extensions.search_providers}
    built_in = [p for p in BUILT_IN_PROVIDERS if p.result_type not in registered]
    return sorted([*built_in, *registered.values()], key=lambda provider: provider.order)


def run_search(text: str, filters: SearchFilters) -> list[SearchResult]:
    """Return every result for the search (the CSV download): best match first when there is
    search text, otherwise grouped by kind in the providers' order."""
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


@dataclass(frozen=True)
class SearchPage:
    """One page of a search's results, and what the whole search found."""

    #: The page's results, in the order ``run_search`` would list them.
    results: list[SearchResult]
    #: The primary keys of the page's records of each kind (by result type).
    pks: dict[str, list[int]]
    #: The page shown: the one asked for, or the last when that is past the end.
    number: int
    #: How many results the whole search found, and how many of each kind (by result type).
    count: int
    type_counts: dict[str, int]


#: A page number past any real one: a larger page asked for is read as this (then the last).
MAX_PAGE = 10**9
#: The provider's row numbers and ranks, named apart from any model field.
_PK, _RANK, _KEY = "search_pk", "search_rank", "search_key"


def _ranked(matches):
    """The SQL (and parameters) of a provider's ``matches`` as rows of (pk, rank, then the
    values of its order, one column each), and that order as SQL over those columns: rank
    first, then the provider's own order."""
    columns = {_PK: F("pk"), _RANK: F("rank")}
    order = [f"{_RANK} DESC"]
    for position, item in enumerate(matches.query.order_by):
        if item == "-rank":  # the rank comes first already
            continue
        name = f"{_KEY}{position}"
        if isinstance(item, str):
            expression, descending = F(item.removeprefix("-")), item.startswith("-")
            nulls = ""
        else:  # an OrderBy expression
            expression, descending = item.expression, item.descending
            nulls = " NULLS FIRST" if item.nulls_first else " NULLS LAST" if item.nulls_last else ""
        columns[name] = expression
        order.append(f"{name}{' DESC' if descending else ''}{nulls}")
    sql, params = matches.annotate(**columns).order_by().values(*columns).query.sql_with_params()
    return sql, params, ", ".join(order)


def search_page(text: str, filters: SearchFilters, number: int, per_page: int) -> SearchPage:
    """Return page ``number`` (from 1; past the end: the last page) of the search's results.

    One query counts the matches by kind and finds the page's rows in the results' order
    (best first when there is text, ties in the providers' order, then each provider's own
    order: ``run_search``'s order); then each provider loads its rows of the page (one query
    each, run even for none, so that the page's query count never depends on what it shows).
    """
    providers = [provider for provider in all_search_providers() if provider.applies_to(filters)]
    matches = [provider.matches(text, filters) for provider in providers]
    number = min(max(number, 1), MAX_PAGE)
    counts, wanted = [], []
    if providers:
        counts, wanted = _page_rows(matches, (number - 1) * per_page, per_page)
    count = sum(counts)
    # The page shown: the one asked for, or the last when that is past the end.
    number = min(number, max(1, -(-count // per_page)))
    type_counts = {
        provider.result_type: counts[position]
        for position, provider in enumerate(providers)
        if counts[position]
    }
    found = {}
    for position, provider in enumerate(providers):
        pks = [pk for row_position, pk in wanted if row_position == position]
        # No rows of this kind on the page: the query runs all the same (no record has pk 0).
        for record in matches[position].filter(pk__in=pks or [0]):
            found[position, record.pk] = provider.result(record)
    pks = {}
    for position, pk in wanted:
        if (position, pk) in found:
            pks.setdefault(providers[position].result_type, []).append(pk)
    return SearchPage(
        results=[found[key] for key in wanted if key in found],
        pks=pks,
        number=number,
        count=count,
        type_counts=type_counts,
    )


def _page_rows(matches, offset, per_page):
    """Return the number of each provider's ``matches`` (a list) and the page's rows as
    (provider's index, pk), in the results' order. The page starts at match ``offset`` (from
    0), or at the last page's first match when that is past the end.

    One statement: the matches of each kind are gathered once (a materialised ``WITH``: their
    pk, rank and the values they are ordered by), and counted; of each kind only its best
    rows up to the page's end are sorted out (a sort that keeps only those, not a numbering
    of every match), and they are merged here in the results' order (rank, then the kinds'
    order, then each kind's own order)."""
    connection = connections[Initiative.public_objects.db]
    materialized = "MATERIALIZED" if _can_materialise(connection) else ""
    found, counts, params, orders = [], [], [], []
    for index, provider_matches in enumerate(matches):
        sql, part_params, order = _ranked(narrowed(provider_matches))
        # Every name and number put into the SQL here is this module's own; the search text
        # is in the parameters of each provider's query.
        found.append(f"found{index} AS {materialized} ({sql})")
        counts.append(f"SELECT {index} AS kind_index, COUNT(*) AS n FROM found{index}")  # noqa: S608
        params.extend(part_params)
        orders.append(order)
    # The page's end: the one asked for, or the last page's when that is past the end.
    last = "(CASE WHEN total > 0 THEN total - 1 ELSE 0 END) / %s * %s"
    tops = [
        f"SELECT 0 AS is_count, {index} AS kind_index, {_PK}, {_RANK}, "  # noqa: S608
        f"ROW_NUMBER() OVER (ORDER BY {order}) AS place FROM (SELECT * FROM found{index} "
        f"ORDER BY {order} LIMIT (SELECT n FROM page_end)) top{index}"
        for index, order in enumerate(orders)
    ]
    sql = (
        f"WITH {', '.join(found)}, "  # noqa: S608
        f"counts AS ({' UNION ALL '.join(counts)}), "
        # An integer on PostgreSQL too (its SUM of counts is numeric, whose division is not a
        # whole number's).
        "total AS (SELECT CAST(SUM(n) AS BIGINT) AS total FROM counts), "
        f"page_end AS (SELECT (CASE WHEN %s > {last} THEN {last} ELSE %s END) + %s AS n "
        "FROM total) "
        f"{' UNION ALL '.join(tops)} "
        "UNION ALL SELECT 1, kind_index, n, 0, 0 FROM counts"
    )
    params += [offset, per_page, per_page, per_page, per_page, offset, per_page]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    counts = [0] * len(matches)
    candidates = []
    for is_count, index, value, rank, place in rows:
        if is_count:
            counts[index] = value
        else:
            candidates.append((-rank, index, place, value))
    candidates.sort()
    total = sum(counts)
    start = min(offset, (max(total, 1) - 1) // per_page * per_page)
    page = candidates[start : start + per_page]
    return counts, [(index, pk) for _rank, index, _place, pk in page]


def _can_materialise(connection) -> bool:
    """Whether the database takes ``WITH … AS MATERIALIZED`` (PostgreSQL 12, SQLite 3.35)."""
    if connection.vendor == "sqlite":
        return connection.Database.sqlite_version_info >= (3, 35, 0)
    return connection.vendor == "postgresql"
