"""What every seed document's data shares: how invented facts and drafts are marked, and how a
status journey's steps are written."""

from priorities.lifecycle import InitiativeStatus

#: Ends the text of every fact the seed documents do not give.
ILLUSTRATIVE = "(Illustrative demo data: not from the source documents.)"

#: Starts the title of every draft, so that a leak would be obvious (and embarrassing).
DRAFT_PREFIX = "DRAFT – not for publication: "

DRAFT_NOTE = (
    "Demo draft: this record exists so the tests can prove drafts never reach the public "
    "site, feeds, exports or API. It is not from the source documents."
)

JOURNEY_NOTE = (
    "Steps in its status journey that cite a source come from the seed documents; every other "
    "step, and its milestones, progress and RAG rating, are illustrative demo data."
)

S = InitiativeStatus


def demo(text: str) -> str:
    """Mark ``text`` as illustrative: the seed documents do not give it."""
    return f"{text} {ILLUSTRATIVE}"


def step(to, when, reason, meeting=None):
    """One step of a status journey: to status ``to`` at ``when`` ("YYYY-MM-DD HH:MM")."""
    return {"to": to, "at": when, "reason": reason, "meeting": meeting}


INVENTED_MEETING = demo("A meeting invented for the demo, with its date, time, place and business.")

NO_LEAD_MEMBER = ("", "")
