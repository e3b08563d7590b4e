"""Reads that span models, tuned once and shared by pages, feeds, exports and the API.

Every selector here starts from ``public_objects`` or ``.published()``: they serve the public.
Records without a publication state (organisations, committees, meetings) start from
``.on_current_site()``: like ``public_objects``, the request's site's organisations only.
Each returns data in a fixed number of queries, however much data there is.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from priorities.journey import scrutiny_journey
from priorities.lifecycle import USUAL_JOURNEY, InitiativeStatus
from priorities.models import (
    AgendaItem,
    AgendaItemPaper,
    Aim,
    Committee,
    CommitteeMember,
    Consultation,
    Initiative,
    InitiativeUpdate,
    Meeting,
    Organisation,
    Plan,
    Priority,
    PublicationState,
    Rag,
    StatusChange,
)
from priorities.progress.checks import contradictions
from priorities.progress.staleness import last_updated
from priorities.promise_cards import card_initiatives, with_card_details


def average_progress(initiatives):
    """Return the initiatives' average progress as a whole percentage, or None for none."""
    initiatives = list(initiatives)
    if not initiatives:
        return None
    return round(sum(initiative.progress for initiative in initiatives) / len(initiatives))


def public_priorities():
    return Priority.public_objects.select_related("plan__organisation")


def public_initiatives():
    return Initiative.public_objects.select_related("organisation")


#: The RAG ratings in the order the home page counts them: on track first.
HOME_RAG_ORDER = (Rag.GREEN, Rag.AMBER, Rag.RED, Rag.NOT_RATED)


@dataclass
class OrganisationSummary:
    """What one organisation has promised, for the home page: its published initiatives
    counted by stage and by RAG rating, and its published plans."""

    organisation: Organisation
    total: int = 0
    #: (status, label, count) for each stage with promises, the usual journey first.
    by_stage: list = field(default_factory=list)
    #: (rating, count) for every RAG rating, on track first.
    by_rag: list = field(default_factory=list)
    plans: list = field(default_factory=list)

    @property
    def on_track(self) -> int:
        return dict(self.by_rag).get(Rag.GREEN, 0)


def _stage_order():
    usual = list(USUAL_JOURNEY)
    return usual + [status for status in InitiativeStatus.values if status not in usual]


#: The home page shows this many organisations' summaries at most: those with the most
#: published promises (a council's site has fewer; the neutral portal of a deployment hosting
#: fifty councils would otherwise list every one of them).
HOME_ORGANISATIONS = 4


@dataclass
class HomeSummaries:
    """The home page's summaries and what the site has in all."""

    #: An ``OrganisationSummary`` of each organisation shown, by name.
    shown: list
    #: How many of the site's organisations publish plans or initiatives.
    organisation_count: int
    #: {organisation id: (promises, on track)} for every one of them, shown or not.
    totals: dict

    @property
    def not_shown(self) -> int:
        return self.organisation_count - len(self.shown)


def home_summaries(limit=HOME_ORGANISATIONS):
    """Return ``HomeSummaries``: an ``OrganisationSummary`` for at most ``limit`` of the site's
    organisations that publish plans or initiatives (those with the most published promises,
    then by name; shown by name), and every such organisation's totals; drafts and other
    sites' organisations are never counted.

    Three queries however many initiatives and organisations there are: the counts are one
    aggregate (over an index that holds every column it reads), and only the plans of the
    organisations shown are loaded."""
    public_plans = Plan.public_objects.all()
    # {organisation id: [(status, rating, count), ...]}
    counts = {}
    totals = {}
    for organisation, status, rag, n in (
        Initiative.public_objects.order_by()
        .values("organisation", "status", "rag")
        .annotate(n=Count("pk"))
        .values_list("organisation", "status", "rag", "n")
    ):
        counts.setdefault(organisation, []).append((status, rag, n))
        total, on_track = totals.get(organisation, (0, 0))
        totals[organisation] = (total + n, on_track + (n if rag == Rag.GREEN else 0))
    organisations = list(
        Organisation.objects.on_current_site()
        .filter(Q(pk__in=list(totals)) | Q(pk__in=public_plans.values("organisation")))
        # What the page shows of them (a deployment of fifty councils has a hundred or more).
        .only("pk", "name", "short_name", "slug")
        .order_by("name")
    )
    for organisation in organisations:
        totals.setdefault(organisation.pk, (0, 0))
    biggest = {org.pk for org in sorted(organisations, key=lambda org: -totals[org.pk][0])[:limit]}
    summaries = {org.pk: OrganisationSummary(org) for org in organisations if org.pk in biggest}
    for plan in public_plans.filter(organisation__in=list(summaries)).order_by(
        "-period_start", "title"
    ):
        summaries[plan.organisation_id].plans.append(plan)
    labels = dict(InitiativeStatus.choices)
    for pk, summary in summaries.items():
        for plan in summary.plans:
            plan.organisation = summary.organisation
        by_stage, by_rag = Counter(), Counter()
        for status, rag, n in counts.get(pk, ()):
            by_stage[status] += n
            by_rag[rag] += n
        summary.by_stage = [
            (status, labels[status], by_stage[status])
            for status in _stage_order()
            if by_stage[status]
        ]
        summary.by_rag = [(rating, by_rag[rating]) for rating in HOME_RAG_ORDER]
        summary.total = sum(count for _, _, count in summary.by_stage)
    return HomeSummaries(
        shown=list(summaries.values()),
        organisation_count=len(organisations),
        totals={pk: totals[pk] for pk in (org.pk for org in organisations)},
    )


def changed_recently(limit=5):
    """Return the latest recorded steps of published initiatives, newest first: each
    initiative once, with its latest step. The steps are read newest first (an index) until
    ``limit`` of them are their initiative's latest (``published()`` asks each step whether
    its initiative is public rather than listing every public initiative first)."""
    latest_of_initiative = (
        StatusChange.objects.filter(initiative=OuterRef("initiative"))
        .order_by("-changed_at", "-pk")
        .values("pk")[:1]
    )
    return list(
        StatusChange.objects.published()
        .filter(pk=Subquery(latest_of_initiative))
        .select_related("initiative__organisation", "meeting__committee__organisation")
        .order_by("-changed_at", "-pk")[:limit]
    )


def going_to_committee_next(limit=3, now=None):
    """Return the next meetings with published initiatives on their agenda, soonest first,
    each with ``promise_items``: those agenda items, in agenda order.

    One query whether or not any meeting is coming (a prefetch would run only when one is,
    so the page's query count would depend on the calendar)."""
    public_items = AgendaItem.objects.filter(
        Exists(Initiative.public_objects.filter(pk=OuterRef("initiative")))
    )
    # The meetings still to come are read soonest first (an index on the time) until
    # ``limit`` of them have such an item, each asked in turn (``Exists``).
    next_meetings = (
        Meeting.objects.on_current_site()
        .upcoming(now)
        .filter(Exists(public_items.filter(meeting=OuterRef("pk"))))
        .values("pk")[:limit]
    )
    items = (
        public_items.filter(meeting__in=next_meetings)
        .select_related("meeting__committee__organisation", "initiative__organisation")
        .order_by("meeting__starts_at", "meeting__pk", "order", "pk")
    )
    meetings = {}
    for item in items:
        meeting = meetings.setdefault(item.meeting_id, item.meeting)
        meeting.__dict__.setdefault("promise_items", []).append(item)
    return list(meetings.values())


#: The order organisations are listed in: councils, then partnerships, then the others.
KIND_ORDER = ["council", "safeguarding_partnership"]


def organisations_page():
    """Return the site's organisations with their published plans: councils first, then
    partnerships, then partner agencies, each by name."""
    organisations = list(
        Organisation.objects.on_current_site().prefetch_related(
            Prefetch(
                "plans",
                queryset=Plan.public_objects.order_by("-period_start", "title"),
                to_attr="public_plans",
            )
        )
    )

    def rank(organisation):
        kind = organisation.kind
        return (
            KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER),
            organisation.name,
        )

    return {"organisations": sorted(organisations, key=rank)}


def upcoming_meetings(limit=5, now=None):
    return (
        Meeting.objects.on_current_site()
        .upcoming(now)
        .select_related("committee__organisation")[:limit]
    )


def organisation_page(slug):
    """Return an organisation with everything its public page lists."""
    organisation = get_object_or_404(Organisation.objects.on_current_site(), slug=slug)
    return {
        "organisation": organisation,
        "plans": list(
            Plan.public_objects.filter(organisation=organisation).select_related("organisation")
        ),
        "priorities_led": list(
            public_priorities().filter(lead_organisation=organisation).order_by("title")
        ),
        "initiatives": card_initiatives(
            Initiative.public_objects.filter(organisation=organisation)
        ),
        # A partner agency's page lists what it works on with others, published only.
        "initiatives_partnered": list(
            with_card_details(
                Initiative.public_objects.filter(partner_organisations=organisation).exclude(
                    organisation=organisation
                )
            ).order_by("title", "organisation__name")
        ),
        "committees": list(organisation.committees.all()),
        "partnerships": list(
            organisation.memberships_as_member.select_related("partnership").order_by(
                "partnership__name"
            )
        ),
        "members": list(
            organisation.memberships_as_partnership.select_related("member").order_by(
                "-is_lead_partner", "order", "member__name"
            )
        ),
        "consultations": list(
            Consultation.public_objects.filter(organisation=organisation).select_related(
                "organisation"
            )
        ),
    }


def plan_page(organisation_slug, slug, *, records=None):
    """Return a published plan with its priorities grouped by aim (every aim, with or without
    published priorities) and an initiative summary."""
    plan = get_object_or_404(
        (records or Plan.public_objects).select_related(
            "organisation",
            "adopted_at_meeting__committee__organisation",
            "overseen_by__organisation",
        ),
        organisation__slug=organisation_slug,
        slug=slug,
    )
    priorities = list(
        Priority.public_objects.filter(plan=plan)
        .select_related("aim", "plan__organisation")
        .prefetch_related(
            "themes",
            Prefetch(
                "initiatives",
                queryset=with_card_details(Initiative.public_objects.order_by("title", "pk")),
                to_attr="public_initiatives",
            ),
        )
        .order_by("aim__order", "order", "title")
    )
    groups = []
    for aim in Aim.objects.filter(plan=plan).order_by("order", "title"):
        groups.append((aim, [priority for priority in priorities if priority.aim_id == aim.pk]))
    unaimed = [priority for priority in priorities if priority.aim_id is None]
    if unaimed:
        groups.append((None, unaimed))
    initiatives = {
        initiative.pk: initiative
        for priority in priorities
        for initiative in priority.public_initiatives
    }.values()
    status_counts = Counter(initiative.status for initiative in initiatives)
    return {
        "plan": plan,
        "organisation": plan.organisation,
        # Every aim, those with no published priorities yet too: the page says so.
        "groups": groups,
        "priority_count": len(priorities),
        "initiative_count": len(initiatives),
        "status_counts": [
            (InitiativeStatus(status).label, status, status_counts[status])
            for status in InitiativeStatus.values
            if status_counts[status]
        ],
        "average_progress": average_progress(initiatives),
        "consultations": list(
            Consultation.public_objects.filter(shaped_plans=plan).select_related("organisation")
        ),
        "agenda_items": list(
            AgendaItem.objects.filter(plan=plan).select_related("meeting__committee__organisation")
        ),
    }


def priority_page(organisation_slug, plan_slug, slug, *, records=None):
    """Return a published priority with its initiatives, organisations and consultations.

    The partnership ambitions it serves are added by the safeguarding app's view.
    """
    priority = get_object_or_404(
        (records or Priority.public_objects).select_related(
            "plan__organisation", "aim", "lead_organisation"
        ),
        plan__organisation__slug=organisation_slug,
        plan__slug=plan_slug,
        slug=slug,
    )
    return {
        "priority": priority,
        "plan": priority.plan,
        "organisation": priority.plan.organisation,
        "themes": list(priority.themes.all()),
        "contributing_organisations": list(priority.contributing_organisations.all()),
        "initiatives": card_initiatives(Initiative.public_objects.filter(priorities=priority)),
        "consultations": list(
            Consultation.public_objects.filter(shaped_priorities=priority).select_related(
                "organisation"
            )
        ),
    }


def initiative_page(organisation_slug, slug, *, records=None, previewed_update=None):
    """Return a published initiative with its scrutiny journey (newest first, by meeting), its
    latest published progress update, how current it is and the contradictions it shows.

    ``previewed_update`` (an officer's preview of an unpublished update) stands in for the
    latest published update.
    """
    initiative = get_object_or_404(
        (records or Initiative.public_objects).select_related("organisation"),
        organisation__slug=organisation_slug,
        slug=slug,
    )
    latest_update = initiative.updates.published().newest_first().first()
    if previewed_update is not None:
        if latest_update is None or previewed_update.as_of >= latest_update.as_of:
            # Published, it would set the initiative's progress and RAG (``on_published``).
            initiative.progress, initiative.rag = previewed_update.progress, previewed_update.rag
        latest_update = previewed_update
    milestones = list(initiative.milestones.all())
    targets = list(initiative.targets.all())
    status_changes = list(
        initiative.status_changes.select_related("meeting__committee__organisation").order_by(
            "changed_at", "pk"
        )
    )
    agenda_items = list(initiative.agenda_items.select_related("meeting__committee__organisation"))
    return {
        "initiative": initiative,
        "organisation": initiative.organisation,
        "priorities": list(public_priorities().filter(initiatives=initiative).order_by("title")),
        "partner_organisations": list(initiative.partner_organisations.all()),
        "journey": scrutiny_journey(status_changes, agenda_items),
        "milestones": milestones,
        "targets": targets,
        "latest_update": latest_update,
        "last_updated": last_updated(
            initiative, latest_update_on=latest_update.as_of if latest_update else None
        ),
        "contradictions": contradictions(initiative, milestones=milestones, targets=targets),
        "evidence_links": list(initiative.evidence_links.all()),
        "consultations": list(
            Consultation.public_objects.filter(shaped_initiatives=initiative).select_related(
                "organisation"
            )
        ),
    }


def committees_page(now=None):
    return {
        "committees": list(
            Committee.objects.on_current_site()
            .select_related("organisation")
            .order_by("organisation__name", "name")
        ),
        "upcoming_meetings": list(upcoming_meetings(limit=20, now=now)),
    }


def public_agenda_items():
    """The agenda items the public may see (``AgendaItem.objects.published()``: about a public
    initiative or plan), each item asked whether its subject is public (``Exists``) rather than
    matched against a list of every public initiative and plan: a meeting's page reads its own
    few items, however many the portal has."""
    return AgendaItem.objects.filter(
        Exists(Initiative.public_objects.filter(pk=OuterRef("initiative")))
        | Exists(Plan.public_objects.filter(pk=OuterRef("plan")))
    )


def members_by_role(members):
    """Return ``members`` (a list) chair first, then vice-chairs, members and co-opted members,
    each role in name order."""
    return sorted(members, key=lambda member: (member.role_rank, member.name))


def committee_page(organisation_slug, slug, now=None):
    """Return a committee with its current members and its meetings, each meeting with the
    number of public items on its agenda."""
    committee = get_object_or_404(
        Committee.objects.on_current_site().select_related("organisation"),
        organisation__slug=organisation_slug,
        slug=slug,
    )
    now = now or timezone.now()
    # Each meeting's public items counted on their own (is each item's initiative or plan
    # public?), not matched against a list of every public item on the portal.
    public_items = (
        public_agenda_items()
        .filter(meeting=OuterRef("pk"))
        .order_by()
        .values("meeting")
        .annotate(n=Count("pk"))
        .values("n")
    )
    meetings = (
        Meeting.objects.filter(committee=committee)
        .select_related("committee__organisation")
        .annotate(public_item_count=Coalesce(Subquery(public_items), 0))
    )
    today = timezone.localdate(now)
    past_meetings = list(meetings.past(now))
    return {
        "committee": committee,
        "organisation": committee.organisation,
        "members": members_by_role(
            CommitteeMember.objects.filter(committee=committee).serving_on(today)
        ),
        "today": today,
        "upcoming_meetings": list(meetings.upcoming(now)),
        "past_meetings": past_meetings,
        # A column that would say "not recorded" on every row is left out.
        "minutes_recorded": any(meeting.minutes_url for meeting in past_meetings),
    }


@dataclass
class AgendaEntry:
    """One item on a meeting's page: the item, and the status changes decided on it there."""

    item: AgendaItem
    status_changes: list = field(default_factory=list)
    #: False for an exempt item: the public sees its title and its exemption only.
    shown_in_full: bool = True

    @property
    def papers(self):
        """The item's documents on the council's site: its report first, then the rest."""
        papers = [("Report", self.item.report_url)] if self.item.report_url else []
        papers += [
            (f"{paper.get_kind_display()}: {paper.title}", paper.url)
            for paper in self.item.papers.all()
        ]
        return papers

    @property
    def background_papers(self):
        """The background papers, one a line, each as (words, web address or "")."""
        lines = [line.strip() for line in self.item.background_papers.splitlines()]
        return [
            (line, line if line.lower().startswith(("https://", "http://")) else "")
            for line in lines
            if line
        ]


@dataclass
class DecisionGroup:
    """Status changes decided at a meeting with the same step and the same reason, told once."""

    from_status: str
    from_label: str
    to_status: str
    to_label: str
    reason: str
    initiatives: list = field(default_factory=list)


def group_decisions(status_changes):
    """Return ``status_changes`` as groups of the same step for the same reason, in order."""
    groups = {}
    for change in status_changes:
        key = (change.from_status, change.to_status, change.reason.strip())
        if key not in groups:
            groups[key] = DecisionGroup(
                change.from_status,
                change.get_from_status_display(),
                change.to_status,
                change.get_to_status_display(),
                change.reason.strip(),
            )
        groups[key].initiatives.append(change.initiative)
    return list(groups.values())


def meeting_page(organisation_slug, committee_slug, slug, now=None):
    """Return a meeting with its public agenda in order, each item with its papers and the
    decision on it (once), the other decisions taken there, and the committee's members on
    the meeting's day: items about drafts are left out; an exempt item shows its title and
    exemption only."""
    meeting = get_object_or_404(
        Meeting.objects.on_current_site().select_related("committee__organisation"),
        committee__organisation__slug=organisation_slug,
        committee__slug=committee_slug,
        slug=slug,
    )
    public_items = list(
        public_agenda_items()
        .filter(meeting=meeting)
        .select_related("initiative__organisation", "plan__organisation")
        .prefetch_related(
            Prefetch("papers", queryset=AgendaItemPaper.objects.order_by("order", "pk"))
        )
        .order_by("order", "item_number", "pk")
    )
    status_changes = list(
        StatusChange.objects.published()
        .filter(meeting=meeting)
        .select_related("initiative__organisation")
        .order_by("changed_at", "pk")
    )
    entries, told = [], set()
    for item in public_items:
        entry = AgendaEntry(item, shown_in_full=not item.is_exempt)
        if item.initiative_id and item.initiative_id not in told:
            told.add(item.initiative_id)
            entry.status_changes = [
                change for change in status_changes if change.initiative_id == item.initiative_id
            ]
        entries.append(entry)
    meeting_day = timezone.localdate(meeting.starts_at)
    return {
        "meeting": meeting,
        "committee": meeting.committee,
        "organisation": meeting.committee.organisation,
        "is_past": meeting.has_happened(now),
        "agenda": entries,
        "other_decisions": group_decisions(
            [change for change in status_changes if change.initiative_id not in told]
        ),
        "members": members_by_role(
            CommitteeMember.objects.filter(committee=meeting.committee).serving_on(meeting_day)
        ),
    }


def consultation_page(organisation_slug, slug, *, records=None):
    consultation = get_object_or_404(
        (records or Consultation.public_objects).select_related("organisation"),
        organisation__slug=organisation_slug,
        slug=slug,
    )
    return {
        "consultation": consultation,
        "organisation": consultation.organisation,
        "plans": list(
            Plan.public_objects.filter(consultations=consultation).select_related("organisation")
        ),
        "priorities": list(public_priorities().filter(consultations=consultation)),
        "initiatives": list(public_initiatives().filter(consultations=consultation)),
    }


def initiatives_due_a_reminder(now=None):
    """Return the live initiatives with owners that have not been updated for longer than their
    organisation's threshold (the rule of ``progress.staleness``), longest idle first, each with
    ``last_updated`` set and its owners and organisation loaded."""
    today = timezone.localdate(now or timezone.now())
    latest_update_on = (
        InitiativeUpdate.private_objects.filter(
            initiative=OuterRef("pk"), publication_state=PublicationState.PUBLISHED
        )
        .order_by("-as_of")
        .values("as_of")[:1]
    )
    candidates = (
        Initiative.private_objects.live()
        .filter(owners__isnull=False)
        .distinct()
        .annotate(latest_update_on=Subquery(latest_update_on))
        .select_related("organisation")
        .prefetch_related("owners")
    )
    due = []
    for initiative in candidates:
        initiative.last_updated = last_updated(
            initiative, latest_update_on=initiative.latest_update_on, today=today
        )
        if initiative.last_updated.stale:
            due.append(initiative)
    return sorted(due, key=lambda initiative: (initiative.last_updated.on, initiative.pk))
