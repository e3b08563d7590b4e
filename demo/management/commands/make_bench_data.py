"""Add a benchmark data set: councils shaped like the demo's, ``--scale`` times the demo's volume.

``--scale 100`` is a deployment hosting about 50 councils (issue 17's hundred-fold data set):
2,000 priorities, 20,000 initiatives, 100,000 status changes and 5,000 meetings, with the
plans, aims, committees, agenda items, consultations and safeguarding partnerships (ambitions,
indicators, measurements) around them. Everything is written with ``bulk_create`` in one
transaction, so it takes seconds, not minutes; bulk writes send no signals, so no history rows
are written and the page cache's generation is not moved (run it before serving). It adds to
whatever is there, the demo data usually (``tests/benchmarks/pages.py`` measures the demo's
pages with this around them), and refuses to run twice on one database.

Then it has the database gather its statistics (``ANALYZE``), as a live database has them: a
PostgreSQL's autovacuum analyses tables as they grow. Without them SQLite's planner takes any
indexed ``publication_state = 'published'`` to be rare and reads nine in ten initiatives first.

The data is deterministic (no randomness): the same scale always gives the same records.
"""

import datetime
import itertools

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from priorities.lifecycle import InitiativeStatus
from priorities.models import (
    AgendaItem,
    AgendaOutcome,
    Aim,
    Committee,
    CommitteeKind,
    Consultation,
    Initiative,
    Meeting,
    MeetingStatus,
    Organisation,
    OrganisationKind,
    PartnershipMembership,
    Plan,
    PlanStatus,
    Priority,
    PublicationState,
    Rag,
    StatusChange,
    Theme,
)
from safeguarding.models import Ambition, Indicator, Measurement, PartnershipProfile

#: Per unit of ``--scale``: the issue's hundred-fold set divided by 100.
PER_SCALE = {
    "councils": 0.5,
    "plans": 2,
    "priorities": 20,
    "initiatives": 200,
    "status_changes": 1000,
    "meetings": 50,
}
COMMITTEES_PER_COUNCIL = 2
AIMS_PER_PLAN = 2
AGENDA_ITEMS_PER_MEETING = 2
AMBITIONS_PER_PARTNERSHIP = 5
INDICATORS_PER_PARTNERSHIP = 3
MEASUREMENTS_PER_INDICATOR = 6
#: Every tenth priority and initiative is a draft: the public never sees it.
DRAFT_EVERY = 10

S = InitiativeStatus
#: Scrutiny journeys of five allowed steps each (priorities.lifecycle): an initiative's status
#: changes are one of these, and its status is where the journey ends.
JOURNEYS = [
    [S.PROPOSED, S.AWAITING_SCRUTINY, S.UNDER_SCRUTINY, S.ADOPTED, S.IN_DELIVERY, S.COMPLETED],
    [S.PROPOSED, S.AWAITING_SCRUTINY, S.DEFERRED, S.UNDER_SCRUTINY, S.ADOPTED, S.IN_DELIVERY],
    [S.PROPOSED, S.AWAITING_SCRUTINY, S.UNDER_SCRUTINY, S.CALLED_IN, S.ADOPTED, S.IN_DELIVERY],
    [S.PROPOSED, S.AWAITING_SCRUTINY, S.REFERRED_BACK, S.AWAITING_SCRUTINY, S.UNDER_SCRUTINY,
     S.ADOPTED],
    [S.PROPOSED, S.AWAITING_SCRUTINY, S.UNDER_SCRUTINY, S.REFERRED_BACK, S.PROPOSED, S.WITHDRAWN],
]  # fmt: skip
STEPS = len(JOURNEYS[0]) - 1

#: What priorities and initiatives are about; "mental health" among them, as in the demo, so
#: searching for it finds a hundred times as much at a hundred times the data.
SUBJECTS = [
    "mental health support in schools",
    "early help for families",
    "family safeguarding",
    "support for young carers",
    "tackling domestic abuse",
    "children's mental health services",
    "special educational needs and disabilities",
    "school attendance",
    "youth services",
    "health inequalities",
    "care leavers' housing",
    "digital inclusion for pupils",
]
RAGS = [Rag.GREEN, Rag.GREEN, Rag.AMBER, Rag.RED, Rag.NOT_RATED]


def counts_for(scale):
    """The number of each kind of record ``scale`` asks for (at least one council and plan)."""
    counts = {name: round(per * scale) for name, per in PER_SCALE.items()}
    counts["councils"] = max(1, counts["councils"])
    counts["plans"] = max(1, counts["plans"])
    return counts


def spread(count, groups):
    """Split ``range(count)`` into ``groups`` runs of as equal size as can be."""
    return [range(count * n // groups, count * (n + 1) // groups) for n in range(groups)]


class Command(BaseCommand):
    help = (
        "Add benchmark councils with SCALE times the demo data's volume (100: 2,000 priorities, "
        "20,000 initiatives, 100,000 status changes, 5,000 meetings). Not for a live portal."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=100.0)
        parser.add_argument(
            "--quiet", action="store_true", help="Print nothing unless something goes wrong."
        )

    def handle(self, *args, scale, quiet=False, verbosity=1, **options):
        if scale <= 0:
            raise CommandError("--scale must be more than 0.")
        if Organisation.objects.filter(slug__startswith="bench-").exists():
            raise CommandError("This database already has the benchmark data.")
        started = timezone.now()
        with transaction.atomic():
            made = Generator(counts_for(scale)).run()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        if quiet or verbosity == 0:
            return
        seconds = (timezone.now() - started).total_seconds()
        summary = ", ".join(f"{name.replace('_', ' ')} {count:,}" for name, count in made.items())
        self.stdout.write(self.style.SUCCESS(f"Benchmark data added in {seconds:.1f} s: {summary}"))


class Generator:
    """Writes the records for ``counts`` (see ``counts_for``), council by council."""

    def __init__(self, counts):
        self.counts = counts
        self.now = timezone.now()
        self.published = {
            "publication_state": PublicationState.PUBLISHED,
            "published_at": self.now,
        }

    def run(self):
        councils = self.organisations()
        committees, meetings = self.committees(councils)
        plans, aims = self.plans(councils)
        priorities = self.priorities(plans, aims)
        initiatives = self.initiatives(councils, plans, priorities)
        changes = self.status_changes(initiatives, meetings)
        agenda_items = self.agenda_items(meetings, initiatives)
        self.consultations(councils, priorities)
        self.partnerships(councils, priorities)
        return {
            "councils": len(councils),
            "committees": len(committees),
            "meetings": sum(map(len, meetings.values())),
            "agenda_items": agenda_items,
            "plans": len(plans),
            "priorities": len(priorities),
            "initiatives": len(initiatives),
            "status_changes": changes,
        }

    def organisations(self):
        return Organisation.objects.bulk_create(
            Organisation(
                name=f"Benchmark Borough {n} Council",
                short_name=f"Benchmark {n}",
                slug=f"bench-borough-{n}",
                kind=OrganisationKind.COUNCIL,
                description="A council of the benchmark data set.",
            )
            for n in range(1, self.counts["councils"] + 1)
        )

    def committees(self, councils):
        """Committees for each council, and the meetings spread over them (a quarter still to
        come), as {committee id: [meetings]}."""
        committees = Committee.objects.bulk_create(
            Committee(
                organisation=council,
                name=name,
                slug=slug,
                kind=kind,
                description=f"{name} of {council.name}.",
            )
            for council in councils
            for name, slug, kind in [
                ("Children's Services Scrutiny Committee", "scrutiny", CommitteeKind.SCRUTINY),
                ("Cabinet", "cabinet", CommitteeKind.CABINET),
            ][:COMMITTEES_PER_COUNCIL]
        )
        first = self.now - datetime.timedelta(days=3 * 365)
        new = []
        for committee, run in zip(
            committees, spread(self.counts["meetings"], len(committees)), strict=True
        ):
            for number in range(len(run)):
                # Every 3 weeks from three years ago: the last quarter or so are still to come.
                starts_at = (first + datetime.timedelta(weeks=3 * number)).replace(
                    hour=18, minute=30, second=0, microsecond=0
                )
                new.append(
                    Meeting(
                        committee=committee,
                        starts_at=starts_at,
                        slug=f"{timezone.localtime(starts_at):%Y-%m-%d}",
                        status=MeetingStatus.HELD
                        if starts_at < self.now
                        else MeetingStatus.SCHEDULED,
                        location="Town Hall",
                    )
                )
        meetings = {committee.pk: [] for committee in committees}
        for meeting in Meeting.objects.bulk_create(new, batch_size=2000):
            meetings[meeting.committee_id].append(meeting)
        return committees, meetings

    def plans(self, councils):
        plans = Plan.private_objects.bulk_create(
            Plan(
                organisation=councils[n % len(councils)],
                title=f"Children and young people's plan {n + 1}",
                slug=f"children-and-young-people-{n + 1}",
                summary="What the council will do for children and families, and how.",
                status=PlanStatus.ADOPTED,
                period_start=datetime.date(2025, 4, 1),
                period_end=datetime.date(2028, 3, 31),
                **self.published,
            )
            for n in range(self.counts["plans"])
        )
        aims = Aim.objects.bulk_create(
            Aim(plan=plan, title=title, slug=slug, order=order)
            for plan in plans
            for order, (title, slug) in enumerate(
                [("Start well", "start-well"), ("Keep safe", "keep-safe")][:AIMS_PER_PLAN]
            )
        )
        return plans, aims

    def priorities(self, plans, aims):
        aims_by_plan = {}
        for aim in aims:
            aims_by_plan.setdefault(aim.plan_id, []).append(aim)
        new = []
        for plan, run in zip(plans, spread(self.counts["priorities"], len(plans)), strict=True):
            for order, n in enumerate(run):
                subject = SUBJECTS[n % len(SUBJECTS)]
                new.append(
                    Priority(
                        plan=plan,
                        aim=aims_by_plan[plan.pk][order % AIMS_PER_PLAN],
                        title=f"Improve {subject} ({n + 1})",
                        slug=f"priority-{n + 1}",
                        summary=f"We will improve {subject} for every child who needs it.",
                        lead_organisation=plan.organisation,
                        order=order,
                        **self.draft_or_published(n),
                    )
                )
        priorities = Priority.private_objects.bulk_create(new, batch_size=2000)
        themes = list(Theme.objects.order_by("pk")) or Theme.objects.bulk_create(
            Theme(name=f"Benchmark theme {n}", slug=f"bench-theme-{n}") for n in range(4)
        )
        Priority.themes.through.objects.bulk_create(
            (
                Priority.themes.through(priority=priority, theme=themes[n % len(themes)])
                for n, priority in enumerate(priorities)
            ),
            batch_size=2000,
        )
        return priorities

    def draft_or_published(self, n):
        if n % DRAFT_EVERY == DRAFT_EVERY - 1:
            return {"publication_state": PublicationState.DRAFT}
        return self.published

    def initiatives(self, councils, plans, priorities):
        """Initiatives spread over the councils, each delivering one of its council's
        priorities (and every third one a second)."""
        priorities_by_council = {}
        plan_council = {plan.pk: plan.organisation_id for plan in plans}
        for priority in priorities:
            priorities_by_council.setdefault(plan_council[priority.plan_id], []).append(priority)
        new, links = [], []
        for council, run in zip(
            councils, spread(self.counts["initiatives"], len(councils)), strict=True
        ):
            own = priorities_by_council.get(council.pk, [])
            for n in run:
                subject = SUBJECTS[(n * 7) % len(SUBJECTS)]
                journey = JOURNEYS[n % len(JOURNEYS)]
                new.append(
                    Initiative(
                        organisation=council,
                        title=f"Programme {n + 1}: {subject}",
                        slug=f"programme-{n + 1}",
                        summary=f"A programme for {subject} across the borough.",
                        status=journey[-1],
                        status_changed_at=self.now,
                        rag=RAGS[n % len(RAGS)],
                        progress=(n * 13) % 101,
                        start_date=datetime.date(2025, 4, 1),
                        end_date=datetime.date(2027, 3, 31),
                        **self.draft_or_published(n),
                    )
                )
                if own:
                    links.append(
                        [own[n % len(own)]] + ([own[(n + 1) % len(own)]] if n % 3 == 0 else [])
                    )
                else:
                    links.append([])
        initiatives = Initiative.private_objects.bulk_create(new, batch_size=2000)
        Initiative.priorities.through.objects.bulk_create(
            (
                Initiative.priorities.through(initiative=initiative, priority=priority)
                for initiative, delivers in zip(initiatives, links, strict=True)
                for priority in delivers
            ),
            batch_size=2000,
        )
        return initiatives

    def status_changes(self, initiatives, meetings):
        """Each initiative's journey as status changes, a month or two apart, the committee
        steps decided at one of its council's meetings; the total is what ``counts`` asks for
        (five a initiative at any scale)."""
        past_meetings = {}
        for committee_meetings in meetings.values():
            for meeting in committee_meetings:
                if meeting.starts_at < self.now:
                    organisation_id = meeting.committee.organisation_id
                    past_meetings.setdefault(organisation_id, []).append(meeting)
        wanted = self.counts["status_changes"]
        first = self.now - datetime.timedelta(days=3 * 365)

        def rows():
            made = 0
            for n, initiative in enumerate(initiatives):
                journey = JOURNEYS[n % len(JOURNEYS)]
                own_meetings = past_meetings.get(initiative.organisation_id, [])
                for step in range(STEPS):
                    if made == wanted:
                        return
                    made += 1
                    decided_at = (
                        own_meetings[(n + step) % len(own_meetings)]
                        if (own_meetings and journey[step + 1] != S.AWAITING_SCRUTINY)
                        else None
                    )
                    yield StatusChange(
                        initiative=initiative,
                        from_status=journey[step],
                        to_status=journey[step + 1],
                        changed_at=first + datetime.timedelta(days=(n % 365) + 50 * step),
                        reason=f"Step {step + 1} of the journey: {journey[step + 1].label}.",
                        meeting=decided_at,
                    )

        created = 0
        for batch in batched(rows(), 5000):
            created += len(StatusChange.objects.bulk_create(batch))
        return created

    def agenda_items(self, meetings, initiatives):
        initiatives_by_council = {}
        for initiative in initiatives:
            initiatives_by_council.setdefault(initiative.organisation_id, []).append(initiative)
        new = []
        for committee_meetings in meetings.values():
            for number, meeting in enumerate(committee_meetings):
                own = initiatives_by_council.get(meeting.committee.organisation_id, [])
                for order in range(min(AGENDA_ITEMS_PER_MEETING, len(own))):
                    initiative = own[(number * AGENDA_ITEMS_PER_MEETING + order) % len(own)]
                    new.append(
                        AgendaItem(
                            meeting=meeting,
                            item_number=str(order + 1),
                            order=order,
                            title=initiative.title,
                            initiative=initiative,
                            outcome=AgendaOutcome.NOTED
                            if meeting.starts_at < self.now
                            else AgendaOutcome.PENDING,
                        )
                    )
        return len(AgendaItem.objects.bulk_create(new, batch_size=2000))

    def consultations(self, councils, priorities):
        consultations = Consultation.private_objects.bulk_create(
            Consultation(
                organisation=council,
                title="Have your say: mental health support for young people",
                slug="have-your-say",
                audience="families and young people",
                opened_on=datetime.date(2024, 9, 1),
                closed_on=datetime.date(2024, 11, 30),
                you_said="Support should be easier to find.",
                we_did="One front door for every service.",
                **self.published,
            )
            for council in councils
        )
        by_council = {consultation.organisation_id: consultation for consultation in consultations}
        Consultation.shaped_priorities.through.objects.bulk_create(
            Consultation.shaped_priorities.through(
                consultation=by_council[priority.lead_organisation_id], priority=priority
            )
            for priority in priorities[::5]
        )

    def partnerships(self, councils, priorities):
        """A safeguarding partnership for each council, led by it, with its ambitions (served
        by the council's priorities), indicators and their measurements."""
        partnerships = Organisation.objects.bulk_create(
            Organisation(
                name=f"Benchmark Borough {n} Safeguarding Children Partnership",
                short_name=f"BSCP {n}",
                slug=f"bench-partnership-{n}",
                kind=OrganisationKind.SAFEGUARDING_PARTNERSHIP,
            )
            for n in range(1, len(councils) + 1)
        )
        PartnershipMembership.objects.bulk_create(
            PartnershipMembership(
                partnership=partnership, member=council, is_lead_partner=True, role="Lead"
            )
            for partnership, council in zip(partnerships, councils, strict=True)
        )
        profiles = PartnershipProfile.objects.bulk_create(
            PartnershipProfile(organisation=partnership, responsibilities="Keeping children safe.")
            for partnership in partnerships
        )
        ambitions = Ambition.private_objects.bulk_create(
            Ambition(
                partnership=profile,
                title=f"Ambition {order + 1}: {SUBJECTS[order]}",
                slug=f"ambition-{order + 1}",
                order=order,
                **self.published,
            )
            for profile in profiles
            for order in range(AMBITIONS_PER_PARTNERSHIP)
        )
        priorities_by_council = {}
        for priority in priorities:
            priorities_by_council.setdefault(priority.lead_organisation_id, []).append(priority)
        council_of = {
            profile.pk: council.pk for profile, council in zip(profiles, councils, strict=True)
        }
        Ambition.priorities.through.objects.bulk_create(
            (
                Ambition.priorities.through(ambition=ambition, priority=priority)
                for ambition in ambitions
                for priority in priorities_by_council.get(council_of[ambition.partnership_id], [])[
                    ambition.order :: AMBITIONS_PER_PARTNERSHIP
                ]
            ),
            batch_size=2000,
        )
        indicators = Indicator.private_objects.bulk_create(
            Indicator(
                organisation=profile.organisation,
                measured_by=councils[n],
                ambition=ambitions[n * AMBITIONS_PER_PARTNERSHIP + order],
                title=f"Children waiting for {SUBJECTS[order]}",
                slug=f"indicator-{order + 1}",
                unit="%",
                higher_is_better=False,
                target_value=10,
                **self.published,
            )
            for n, profile in enumerate(profiles)
            for order in range(INDICATORS_PER_PARTNERSHIP)
        )
        Measurement.objects.bulk_create(
            (
                Measurement(
                    indicator=indicator,
                    period_end=datetime.date(2021 + year, 3, 31),
                    period_label=f"{2020 + year}–{21 + year}",
                    value=20 - year,
                    target_value=10,
                )
                for indicator in indicators
                for year in range(MEASUREMENTS_PER_INDICATOR)
            ),
            batch_size=2000,
        )


def batched(iterable, size):
    iterator = iter(iterable)
    while batch := list(itertools.islice(iterator, size)):
        yield batch
