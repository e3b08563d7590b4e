"""Extension points that let apps built on ``priorities`` add to its pages.

``priorities`` never imports those apps; they register here when Django starts (in their
``AppConfig.ready``). For example the safeguarding app adds, to a priority's page, the
partnership ambitions the priority serves.
"""

from collections.abc import Callable

#: Each provider takes a published Priority and returns extra context for its page, including
#: ``extra_sections``: a list of (template name, context) pairs rendered at the end of the page.
priority_page_providers: list[Callable[..., dict]] = []


def register_priority_page_provider(provider):
    if provider not in priority_page_providers:
        priority_page_providers.append(provider)
    return provider


def priority_page_extras(priority) -> dict:
    return _page_extras(priority_page_providers, priority)


#: Each provider takes an Organisation and returns extra context for its public page, including
#: ``extra_sections``: a list of (template name, context) pairs rendered near the end of the page
#: (the safeguarding app adds the organisation's inspections and indicators this way).
organisation_page_providers: list[Callable[..., dict]] = []


def register_organisation_page_provider(provider):
    if provider not in organisation_page_providers:
        organisation_page_providers.append(provider)
    return provider


def organisation_page_extras(organisation) -> dict:
    return _page_extras(organisation_page_providers, organisation)


def _page_extras(providers, record) -> dict:
    """Merge what each provider gives for ``record``, its ``extra_sections`` in order."""
    extras = {"extra_sections": []}
    for provider in providers:
        provided = provider(record)
        extras["extra_sections"] += provided.pop("extra_sections", [])
        extras.update(provided)
    return extras


#: Search providers, one per kind of result, each a ``SearchProvider`` (see
#: priorities.search.engine): the safeguarding app adds partnership ambitions to the portal
#: search this way.
search_providers: list = []


def register_search_provider(provider):
    """Add ``provider`` to the portal search, replacing any provider of the same result type."""
    search_providers[:] = [
        registered
        for registered in search_providers
        if registered.result_type != provider.result_type
    ]
    search_providers.append(provider)
    search_providers.sort(key=lambda registered: registered.order)
    return provider
