"""Who a committee report is for, and what it may show them.

The public gets published records only; an officer also gets the unpublished records of their
own organisations, and the report is then marked DRAFT. A record the public cannot see has no
public address, so its links are left out.
"""

from dataclasses import dataclass

from priorities.querysets import PublicationState, is_public
from priorities.reports.document import Link
from priorities.reports.links import absolute_url


@dataclass(frozen=True)
class ReportAudience:
    """Who a report is for. ``user=None`` is the public: published records only."""

    user: object = None

    @property
    def is_public(self):
        return self.user is None

    def visible(self, model):
        """Return the ``model`` records (Plan, Priority or Initiative) this audience may see.

        An officer sees what is published plus their own organisations' records that are not
        archived; never another organisation's drafts.
        """
        if self.is_public:
            return model.public_objects.all()
        return model.private_objects.visible_to(self.user, with_own_archived=False)


PUBLIC = ReportAudience()


def shows_as_draft(record):
    """Return True when the public cannot see ``record`` (itself or its plan unpublished)."""
    return not is_public(record)


def public_url(record):
    """Return the address of ``record``'s public page, or "" while the public cannot see it."""
    if shows_as_draft(record):
        return ""
    return absolute_url(record.get_absolute_url())


def page_link(record, text=None):
    url = public_url(record)
    text = text or str(record)
    return Link(text, url) if url else text


def web_page(record):
    """The "Web page" cell: a link to the public page, empty while the public cannot see it."""
    url = public_url(record)
    return Link("Portal page", url) if url else ""


def publication_text(record):
    """Say whether the public can see ``record`` and, if not, why: "DRAFT (in review)"."""
    if record.publication_state != PublicationState.PUBLISHED:
        return f"DRAFT ({record.get_publication_state_display().lower()})"
    if shows_as_draft(record):
        return "DRAFT (plan not published)"
    return "Published"
