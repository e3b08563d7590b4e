"""The colour of each status and RAG tag, in one place for pages, emails and report exports.

Colour is never the only signal: every tag also says its status in words.
"""

#: GOV.UK Frontend tag modifiers (``govuk-tag--<colour>``); no entry means the default (blue).
STATUS_COLOURS = {
    "adopted": "green",
    "completed": "green",
    "in_delivery": "teal",
    "consultation": "yellow",
    "awaiting_scrutiny": "yellow",
    "under_scrutiny": "purple",
    "called_in": "purple",
    "referred_back": "orange",
    "deferred": "orange",
    "rejected": "red",
    "draft": "grey",
    "superseded": "grey",
    "withdrawn": "grey",
}

RAG_COLOURS = {
    "green": "green",
    "amber": "yellow",
    "red": "red",
    "not_rated": "grey",
}


MILESTONE_COLOURS = {
    "done": "green",
    "overdue": "red",
    "not_done": "grey",
}


def status_colour(status):
    """Return the tag colour of a plan or initiative status ("blue" when it has none)."""
    return STATUS_COLOURS.get(status, "blue")


def rag_colour(rag):
    """Return the tag colour of a RAG rating."""
    return RAG_COLOURS.get(rag, "grey")


def milestone_colour(state):
    """Return the tag colour of a milestone's state (``Milestone.state()``)."""
    return MILESTONE_COLOURS.get(state, "grey")
