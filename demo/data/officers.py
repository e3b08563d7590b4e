"""The demo accounts: one publisher per organisation that publishes, and what the "Officers"
group may do."""

from demo.data.slugs import TELFORD, WANDSWORTH, WESTMINSTER, WSCP
from priorities.models import (
    AgendaItem,
    Aim,
    Committee,
    Consultation,
    EvidenceLink,
    Initiative,
    Meeting,
    Milestone,
    Organisation,
    PartnershipMembership,
    Plan,
    Priority,
    StatusChange,
    Target,
    Theme,
)

#: The one password of every demo account (local and test settings only).
DEMO_PASSWORD = "demo-password-please-change"  # noqa: S105

DEMO_ADMIN_USERNAME = "demo-admin"

OFFICERS_GROUP = "Officers"

#: One demo publisher per organisation that publishes: (username, organisation).
DEMO_OFFICERS = [
    ("officer-wandsworth", WANDSWORTH),
    ("officer-wscp", WSCP),
    ("officer-telford", TELFORD),
    ("officer-westminster", WESTMINSTER),
]

ALL_ACTIONS = ("add", "change", "view", "delete")

#: What the "Officers" group may do with this app's models. Subscribers, subscriptions,
#: notifications and officer memberships are not officers' to edit; status changes are
#: recorded, never edited; organisations and themes are shared, so not deleted.
OFFICER_PERMISSIONS = {
    Organisation: ("change", "view"),
    PartnershipMembership: ALL_ACTIONS,
    Theme: ("add", "change", "view"),
    Plan: ALL_ACTIONS,
    Aim: ALL_ACTIONS,
    Priority: ALL_ACTIONS,
    Initiative: ALL_ACTIONS,
    Milestone: ALL_ACTIONS,
    Target: ALL_ACTIONS,
    EvidenceLink: ALL_ACTIONS,
    StatusChange: ("add", "view"),
    Consultation: ALL_ACTIONS,
    Committee: ALL_ACTIONS,
    Meeting: ALL_ACTIONS,
    AgendaItem: ALL_ACTIONS,
}
