"""What the safeguarding app adds to the priorities pages (registered at start-up).

``priorities`` knows nothing of this app: it calls whatever providers are registered in
``priorities.extensions``. Each provider returns ``extra_sections``, (template, context) pairs
the priorities page includes with ``section`` set to the context.
"""

from priorities import extensions
from safeguarding import selectors


def priority_ambitions(priority):
    """Add to a priority's page the published partnership ambitions it serves."""
    ambitions = selectors.ambitions_served_by(priority)
    if not ambitions:
        return {"extra_sections": []}
    return {
        "extra_sections": [
            ("safeguarding/includes/priority_ambitions.html", {"ambitions": ambitions})
        ]
    }


def organisation_safeguarding(organisation):
    """Add to an organisation's page its partnership page, inspections and indicators."""
    section = selectors.organisation_safeguarding(organisation)
    if not (section["is_partnership"] or section["inspections"] or section["indicators"]):
        return {"extra_sections": []}
    return {"extra_sections": [("safeguarding/includes/organisation_safeguarding.html", section)]}


extensions.register_priority_page_provider(priority_ambitions)
extensions.register_organisation_page_provider(organisation_safeguarding)
