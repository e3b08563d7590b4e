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
    extras = {"extra_sections": []}
    for provider in priority_page_providers:
        provided = provider(priority)
        extras["extra_sections"] += provided.pop("extra_sections", [])
        extras.update(provided)
    return extras
