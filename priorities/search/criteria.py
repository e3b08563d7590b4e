"""The search filters a visitor chose, as plain values: what the search form
(``filters.SearchFilterSet``) hands to each search provider (``engine``).

Apart from the form so that the providers need not import it (the form lists the providers'
kinds of record as its choices). ``priorities.search.filters`` still offers ``SearchFilters``.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class SearchFilters:
    """The filters a visitor chose, as plain values: each is a tuple of choice values (slugs for
    organisations and themes), empty when the filter is not used."""

    types: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    rags: tuple[str, ...] = ()

    #: Filter names as providers declare them (``SearchProvider.filters``), with their fields.
    FIELDS = {
        "organisation": "organisations",
        "theme": "themes",
        "status": "statuses",
        "rag": "rags",
    }

    def uses(self, name) -> bool:
        return bool(getattr(self, self.FIELDS[name]))
