"""The search page and its CSV download: read the form, run the search, show a page of results."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from portal import page_data
from priorities.models import Initiative
from priorities.promise_cards import card_details_of
from priorities.reports.streaming import streaming_csv_response
from priorities.search import engine
from priorities.search.engine import MAX_PAGE, all_search_providers, run_search
from priorities.search.filters import SearchFilterSet

RESULTS_PER_PAGE = 20


def page_number(raw, num_pages: int) -> int:
    """Return the page asked for, kept within 1 to ``num_pages``: a mistyped or stale page
    number shows the nearest real page rather than an error."""
    try:
        number = int(str(raw).strip())
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), num_pages)


def pagination_items(page, link) -> list[dict]:
    """Return GOV.UK pagination items: the first and last pages, the current one and its
    neighbours, with ellipses for the gaps. ``link(number)`` gives a page's address."""
    current, last = page.number, page.paginator.num_pages
    shown = sorted({1, last, current - 1, current, current + 1} & set(range(1, last + 1)))
    items, previous = [], None
    for number in shown:
        if previous is not None and number - previous > 1:
            items.append({"ellipsis": True})
        items.append({"number": number, "href": link(number), "current": number == current})
        previous = number
    return items


def initiatives_of(found) -> dict:
    """Return the initiatives of a page of results (``engine.SearchPage``) by address, loaded
    for their promise cards: three queries, even when the page has none."""
    initiatives = card_details_of(
        Initiative.public_objects.filter(pk__in=found.pks.get("initiative") or [0])
    )
    return {initiative.get_absolute_url(): initiative for initiative in initiatives}


class FoundResults:
    """What the paginator pages: as long as the search's results, holding only the page asked
    for (``search_page`` numbered and fetched it in the database)."""

    def __init__(self, found):
        self.found = found

    def __len__(self):
        return self.found.count

    def __getitem__(self, window):
        return self.found.results


def _search(request):
    filterset = SearchFilterSet(request.GET, request=request)
    text = filterset.search_text()
    filters = filterset.search_filters()
    return filterset, text, filters


def requested_page(raw) -> int | None:
    try:
        return int(str(raw).strip())
    except (TypeError, ValueError):
        return None


def search_page(request):
    filterset, text, filters = _search(request)
    query_items = filterset.query_items()
    search_url = reverse("discovery:search")

    def link(number=None, items=query_items):
        pairs = list(items) + ([("page", number)] if number and number > 1 else [])
        return f"{search_url}?{urlencode(pairs)}" if pairs else search_url

    raw_page = request.GET.get("page")
    requested = requested_page(raw_page)
    number = page_number(raw_page, MAX_PAGE)

    def gather():
        found = engine.search_page(text, filters, number, per_page=RESULTS_PER_PAGE)
        return found, initiatives_of(found)

    # The page of results and its cards, kept for the data generation as the other public
    # pages' records are (``portal.page_data``): the same search again costs no query of its own.
    site = getattr(request, "portal_site", None)
    found, result_initiatives = page_data.remembered(
        (
            "search",
            text,
            filters,
            number,
            getattr(site, "site_id", None),
            getattr(site, "domain", ""),
        ),
        gather,
    )
    results = found.results
    paginator = Paginator(FoundResults(found), RESULTS_PER_PAGE)
    page = paginator.page(found.number)
    page_was_moved = raw_page not in (None, "") and requested != found.number

    groups = filterset.groups()
    chosen = []
    for group in groups:
        for option in group["options"]:
            if option["checked"]:
                chosen.append(
                    {
                        "legend": group["legend"],
                        "label": option["label"],
                        "remove_href": link(
                            items=filterset.query_items(without=(group["name"], option["value"]))
                        ),
                    }
                )

    providers = {provider.result_type: provider for provider in all_search_providers()}
    counts = found.type_counts
    kinds = [provider.label_plural.lower() for provider in providers.values()]
    context = {
        "searchable_kinds": " and ".join(
            [", ".join(kinds[:-1]), kinds[-1]] if len(kinds) > 1 else kinds
        ),
        "filterset": filterset,
        "search_text": text,
        "text_was_shortened": filterset.text_was_shortened(),
        "ignored_values": filterset.ignored_values()[:5],
        "filter_groups": groups,
        "chosen_filters": chosen,
        "clear_filters_href": link(items=[("q", text)] if text else []),
        "results": results,
        # The cards' details of the page's initiatives, in the same queries whichever kinds of
        # result the page shows.
        "result_initiatives": result_initiatives,
        "page": page,
        "result_count": found.count,
        "type_counts": [
            (count, provider.label if count == 1 else provider.label_plural)
            for result_type, provider in providers.items()
            if (count := counts.get(result_type, 0))
        ],
        "page_was_moved": page_was_moved,
        "requested_page": Truncator(str(raw_page or "")).chars(20),
        "pagination_items": pagination_items(page, link) if paginator.num_pages > 1 else [],
        "previous_href": link(page.previous_page_number()) if page.has_previous() else "",
        "next_href": link(page.next_page_number()) if page.has_next() else "",
        "csv_href": reverse("discovery:search_csv")
        + (f"?{urlencode(query_items)}" if query_items else ""),
    }
    return render(request, "priorities/search.html", context)


CSV_HEADER = [
    "Type",
    "Title",
    "Organisation",
    "Status",
    "RAG rating",
    "Summary",
    "Part of",
    "Date",
    "Last updated",
    "Web address",
]


def search_csv(request):
    """Download every result of the search the query string describes, as CSV."""
    _filterset, text, filters = _search(request)
    results = run_search(text, filters)

    def rows():
        for result in results:
            yield [
                result.type_label,
                result.title,
                result.organisation,
                result.status_label,
                result.rag_label,
                result.summary,
                result.part_of,
                result.date.isoformat() if result.date else "",
                timezone.localtime(result.updated_at).date().isoformat()
                if result.updated_at
                else "",
                request.build_absolute_uri(result.url),
            ]

    filename = f"search-results-{timezone.localdate().isoformat()}.csv"
    return streaming_csv_response(filename, CSV_HEADER, rows())
