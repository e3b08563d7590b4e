"""The colour of each status and RAG tag, in one place for pages, emails and report exports.

Colour is never the only signal: every tag also says its status in words.
"""

#: GOV.UK Frontend tag modifiers (``govuk-tag--<colour>``); no entry means the default (blue).
#: Statuses are neutral (blue on the usual journey, grey off it and for plans' drafts and
#: superseded plans): green, yellow and red belong to the RAG rating alone, so where a promise
#: stands is never mistaken for how well it is going.
STATUS_COLOURS = {
    "deferred": "grey",
    "referred_back": "grey",
    "called_in": "grey",
    "rejected": "grey",
    "withdrawn": "grey",
    "draft": "grey",
    "superseded": "grey",
}

RAG_COLOURS = {
    "green": "green",
    "amber": "yellow",
    "red": "red",
    "not_rated": "grey",
}

#: The shape of each RAG rating's marker on the public pages, so the rating never depends on
#: colour alone: a circle, a triangle, a square; an empty circle for "not rated".
RAG_SHAPES = {
    "green": "circle",
    "amber": "triangle",
    "red": "square",
    "not_rated": "none",
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


def rag_shape(rag):
    """Return the marker shape of a RAG rating ("none" when it has none)."""
    return RAG_SHAPES.get(rag, "none")
