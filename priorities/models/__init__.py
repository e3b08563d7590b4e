"""The priorities domain: who promises what, how it is delivered, and how committees decide."""

from priorities.lifecycle import InitiativeStatus
from priorities.models.committees import (
    AgendaItem,
    AgendaItemPaper,
    AgendaOutcome,
    Committee,
    CommitteeKind,
    CommitteeMember,
    CommitteeRole,
    ExemptParagraph,
    Meeting,
    MeetingStatus,
    PaperKind,
)
from priorities.models.consultations import Consultation
from priorities.models.exports import ReportExport, ReportExportState, ReportScope
from priorities.models.health import Heartbeat, ServiceRole
from priorities.models.initiatives import (
    EvidenceLink,
    Initiative,
    Milestone,
    MilestoneState,
    Rag,
    StatusChange,
    Target,
)
from priorities.models.organisations import (
    OfficerMembership,
    OfficerRole,
    Organisation,
    OrganisationKind,
    PartnershipMembership,
)
from priorities.models.plans import Aim, Plan, PlanStatus, Priority, Theme
from priorities.models.report_templates import WordReportTemplate
from priorities.models.reviews import ReviewAction, ReviewEvent
from priorities.models.revisions import Revision, RevisionKind, RevisionState
from priorities.models.stored_reports import StoredReportBuild, StoredReportBuildState
from priorities.models.subscriptions import (
    Delivery,
    DeliveryKind,
    Frequency,
    Notification,
    NotificationState,
    Subscriber,
    Subscription,
    SubscriptionScope,
)
from priorities.models.updates import InitiativeUpdate, UpdateRound
from priorities.querysets import PublicationState

__all__ = [
    "AgendaItem",
    "AgendaItemPaper",
    "AgendaOutcome",
    "Aim",
    "Committee",
    "CommitteeKind",
    "CommitteeMember",
    "CommitteeRole",
    "Consultation",
    "Delivery",
    "DeliveryKind",
    "EvidenceLink",
    "ExemptParagraph",
    "Frequency",
    "Heartbeat",
    "Initiative",
    "InitiativeStatus",
    "InitiativeUpdate",
    "Meeting",
    "MeetingStatus",
    "Milestone",
    "MilestoneState",
    "Notification",
    "NotificationState",
    "OfficerMembership",
    "OfficerRole",
    "Organisation",
    "OrganisationKind",
    "PaperKind",
    "PartnershipMembership",
    "Plan",
    "PlanStatus",
    "Priority",
    "PublicationState",
    "Rag",
    "ReportExport",
    "ReportExportState",
    "ReportScope",
    "ReviewAction",
    "ReviewEvent",
    "Revision",
    "RevisionKind",
    "RevisionState",
    "ServiceRole",
    "StatusChange",
    "StoredReportBuild",
    "StoredReportBuildState",
    "Subscriber",
    "Subscription",
    "SubscriptionScope",
    "Target",
    "Theme",
    "UpdateRound",
    "WordReportTemplate",
]
