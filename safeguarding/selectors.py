"""Reads for the safeguarding pages: the partnership, its ambitions, indicators and inspections.

Everything here serves the public, so ambitions, indicators and priorities come from
``public_objects`` (and measurements from ``.published()``), never from a reverse relation,
which would include drafts. Each selector answers in a fixed number of queries, however much
data there is: related records are fetched with ``select_related`` or a ``Prefetch`` whose
queryset is itself public, and grouping happens in Python.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from priorities.models import Organisation, PartnershipMembership, Plan, Priority
from safeguarding.models import (
    Ambition,
    Indicator,
    Inspection,
    Judgement,
    Measurement,
    PartnershipProfile,
)


def public_priorities():
    """Published priorities of published plans, ready to link to and to name their owner."""
    return Priority.public_objects.select_related("plan__organisation", "lead_organisation")


def public_ambitions():
    """Published ambitions, ready to link to (their URL needs the partnership's slug)."""
    return Ambition.public_objects.select_related("partnership__organisation").order_by(
        "partnership__organisation__name", "order", "title"
    )


def _prefetch_public_priorities(to_attr="public_priorities"):
    return Prefetch(
        "priorities",
        queryset=public_priorities().order_by("plan__organisation__name", "plan__title", "order"),
        to_attr=to_attr,
    )


def _prefetch_public_ambitions(to_attr="public_ambitions"):
    return Prefetch("ambitions", queryset=public_ambitions(), to_attr=to_attr)


def _attach_public_ambition(indicator):
    """Give an indicator ``public_ambition``: its ambition, unless that is not published."""
    ambition = indicator.ambition
    indicator.public_ambition = ambition if ambition is not None and ambition.is_published else None
    return indicator


def group_by_organisation(priorities):
    """Return ``[(organisation, [priority, ...]), ...]`` in the order the priorities came."""
    groups = {}
    for priority in priorities:
        organisation = priority.plan.organisation
        groups.setdefault(organisation.pk, (organisation, []))[1].append(priority)
    return list(groups.values())


def public_indicators():
    return (
        Indicator.public_objects.select_related(
            "organisation", "measured_by", "ambition__partnership__organisation"
        )
        .prefetch_related(
            Prefetch(
                "measurements",
                queryset=Measurement.objects.order_by("period_end"),
                to_attr="ordered_measurements",
            )
        )
        .order_by("title")
    )


def _with_latest_measurement(indicators):
    for indicator in indicators:
        _attach_public_ambition(indicator)
        measurements = indicator.ordered_measurements
        indicator.latest_measurement = measurements[-1] if measurements else None
        indicator.track = track_of(indicator, indicator.latest_measurement)
        indicator.latest_is_old = is_over_a_year_old(indicator.latest_measurement)
    return indicators


# --- The partnership -------------------------------------------------------------------------


def partnership_page(slug):
    """Return a partnership with its leaders, members, ambitions, priorities, data and
    inspections.

    A partnership is an organisation with a partnership profile or with member organisations.
    """
    organisation = get_object_or_404(
        Organisation.objects.on_current_site().select_related("partnership_profile"), slug=slug
    )
    profile = getattr(organisation, "partnership_profile", None)
    memberships = list(
        PartnershipMembership.objects.filter(partnership=organisation)
        .select_related("member")
        .order_by("-is_lead_partner", "order", "member__name")
    )
    if profile is None and not memberships:
        raise Http404("This organisation is not a partnership.")

    ambitions = []
    if profile is not None:
        ambitions = list(
            Ambition.public_objects.filter(partnership=profile)
            .order_by("order", "title")
            .prefetch_related(_prefetch_public_priorities())
        )
    for ambition in ambitions:
        ambition.partnership = profile  # saves a query per ambition when building its URL

    plans = list(
        Plan.public_objects.filter(organisation=organisation)
        .order_by("-period_start", "title")
        .prefetch_related(
            Prefetch(
                "priorities",
                queryset=Priority.public_objects.order_by("order", "title").prefetch_related(
                    _prefetch_public_ambitions()
                ),
                to_attr="public_priorities",
            )
        )
    )
    for plan in plans:
        plan.organisation = organisation
        for priority in plan.public_priorities:
            priority.plan = plan

    indicator_filter = Q(organisation=organisation)
    if profile is not None:
        indicator_filter |= Q(ambition__in=Ambition.public_objects.filter(partnership=profile))
    indicators = _with_latest_measurement(list(public_indicators().filter(indicator_filter)))

    inspected = [organisation.pk] + [membership.member_id for membership in memberships]
    inspections = list(
        Inspection.objects.filter(organisation__in=inspected)
        .select_related("organisation")
        .order_by("organisation__name", "-published_on", "title")
    )
    inspection_groups = {}
    for inspection in inspections:
        inspection_groups.setdefault(inspection.organisation_id, (inspection.organisation, []))[
            1
        ].append(inspection)

    return {
        "organisation": organisation,
        "profile": profile,
        "lead_partners": [m for m in memberships if m.is_lead_partner],
        "other_members": [m for m in memberships if not m.is_lead_partner],
        "ambitions": ambitions,
        "plans": [plan for plan in plans if plan.public_priorities],
        "indicators": indicators,
        "inspection_groups": list(inspection_groups.values()),
    }


def ambition_page(partnership_slug, slug, *, records=None):
    """Return a published ambition with the published priorities (of any organisation) that
    serve it, grouped by organisation, and the indicators that track it."""
    ambition = get_object_or_404(
        (records or Ambition.public_objects).select_related("partnership__organisation"),
        partnership__organisation__slug=partnership_slug,
        slug=slug,
    )
    priorities = list(
        public_priorities()
        .filter(ambitions=ambition)
        .order_by("plan__organisation__name", "plan__title", "order", "title")
    )
    other_ambitions = list(
        Ambition.public_objects.filter(partnership=ambition.partnership)
        .exclude(pk=ambition.pk)
        .order_by("order", "title")
    )
    for other in other_ambitions:
        other.partnership = ambition.partnership
    indicators = list(
        Indicator.public_objects.filter(ambition=ambition)
        .select_related("organisation", "measured_by")
        .order_by("title")
    )
    return {
        "ambition": ambition,
        "partnership": ambition.partnership,
        "organisation": ambition.partnership.organisation,
        "priority_groups": group_by_organisation(priorities),
        "priority_count": len(priorities),
        "indicators": indicators,
        "other_ambitions": other_ambitions,
    }


# --- Indicators ------------------------------------------------------------------------------


@dataclass
class ComparatorSeries:
    """Another series of figures for the same measure, period by period: England's, the
    statistical neighbours' or another organisation's published indicator."""

    name: str
    values: dict = field(default_factory=dict)  # period end -> value
    url: str = ""


@dataclass
class Track:
    """Whether a measurement meets its target, given which way is better."""

    on_track: bool
    value: Decimal
    target: Decimal


def target_of(indicator, measurement):
    """The target a measurement is judged against: its period's own, else the indicator's."""
    if measurement.target_value is not None:
        return measurement.target_value
    return indicator.target_value


def track_of(indicator, measurement):
    """Return the ``Track`` of a measurement against its target, or None without a target."""
    if measurement is None:
        return None
    target = target_of(indicator, measurement)
    if target is None:
        return None
    if indicator.higher_is_better:
        on_track = measurement.value >= target
    else:
        on_track = measurement.value <= target
    return Track(on_track=on_track, value=measurement.value, target=target)


def a_year_before(day):
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def is_over_a_year_old(measurement, today=None):
    """Whether a measurement's period ended more than 12 months before ``today``."""
    if measurement is None:
        return False
    return measurement.period_end < a_year_before(today or timezone.localdate())


def comparator_series(indicator, measurements):
    """Return the comparator series of an indicator, each only where it has figures for the
    indicator's own periods: England, the statistical neighbours, then each other
    organisation's published indicator with the same measure code (in two queries)."""
    periods = {measurement.period_end for measurement in measurements}
    series = [
        ComparatorSeries(
            "England",
            {m.period_end: m.england_value for m in measurements if m.england_value is not None},
        ),
        ComparatorSeries(
            "Statistical neighbours",
            {
                m.period_end: m.statistical_neighbours_value
                for m in measurements
                if m.statistical_neighbours_value is not None
            },
        ),
    ]
    if indicator.measure_code and periods:
        same_measure = (
            Indicator.public_objects.filter(measure_code=indicator.measure_code)
            .exclude(pk=indicator.pk)
            .select_related("organisation")
            .prefetch_related(
                Prefetch(
                    "measurements",
                    queryset=Measurement.objects.filter(period_end__in=periods),
                    to_attr="comparable_measurements",
                )
            )
            .order_by("organisation__name", "title")
        )
        for other in same_measure:
            series.append(
                ComparatorSeries(
                    other.organisation.name,
                    {m.period_end: m.value for m in other.comparable_measurements},
                    other.get_absolute_url(),
                )
            )
    return [one for one in series if one.values]


def indicator_page(organisation_slug, slug, *, records=None):
    """Return a published indicator with its measurements in date order, whether the latest
    is on track against its target and over a year old, and its comparators."""
    indicator = get_object_or_404(
        (records or Indicator.public_objects).select_related(
            "organisation", "measured_by", "ambition__partnership__organisation"
        ),
        organisation__slug=organisation_slug,
        slug=slug,
    )
    _attach_public_ambition(indicator)
    measurements = list(
        # A preview (``records`` given) shows a draft indicator's own measurements.
        (Measurement.objects if records is not None else Measurement.objects.published())
        .filter(indicator=indicator)
        .order_by("period_end")
    )
    for measurement in measurements:
        measurement.indicator = indicator
    comparators = comparator_series(indicator, measurements)
    for measurement in measurements:
        measurement.comparisons = [one.values.get(measurement.period_end) for one in comparators]
    notes = {measurement.note for measurement in measurements}
    common_note = next(iter(notes)) if len(notes) == 1 else ""
    latest = measurements[-1] if measurements else None
    return {
        "indicator": indicator,
        "organisation": indicator.organisation,
        "measurements": measurements,
        "latest_measurement": latest,
        "track": track_of(indicator, latest),
        "latest_is_old": is_over_a_year_old(latest),
        "comparators": comparators,
        "has_targets": indicator.target_value is not None
        or any(m.target_value is not None for m in measurements),
        # A note every measurement shares is shown once, under the table.
        "common_note": common_note,
        "has_notes": len(notes) > 1,
    }


# --- Inspections -----------------------------------------------------------------------------


def inspection_page(organisation_slug, slug):
    inspection = get_object_or_404(
        Inspection.objects.on_current_site().select_related("organisation"),
        organisation__slug=organisation_slug,
        slug=slug,
    )
    return {
        "inspection": inspection,
        "organisation": inspection.organisation,
        "other_inspections": list(
            Inspection.objects.filter(organisation=inspection.organisation)
            .exclude(pk=inspection.pk)
            .order_by("published_on", "title")
        ),
    }


def inspection_history_page(organisation_slug):
    """Return an organisation's inspections, oldest first, and its latest graded judgement."""
    organisation = get_object_or_404(Organisation.objects.on_current_site(), slug=organisation_slug)
    inspections = list(
        Inspection.objects.filter(organisation=organisation).order_by("published_on", "title")
    )
    for inspection in inspections:
        inspection.organisation = organisation
    return {
        "organisation": organisation,
        "inspections": inspections,
        "latest_graded": latest_graded(inspections),
        "latest": inspections[-1] if inspections else None,
    }


def latest_graded(inspections):
    """Return the most recent inspection that gave a judgement (focused and monitoring visits
    are not graded), or None."""
    graded = [i for i in inspections if i.judgement != Judgement.NOT_GRADED]
    return max(graded, key=lambda i: (i.published_on, i.pk), default=None)


def latest_visit_since_graded(inspections):
    """Return the most recent ungraded visit made after the latest graded inspection (or at
    all, when none was graded), or None: its findings are shown apart from the judgement."""
    graded = latest_graded(inspections)
    visits = [
        i
        for i in inspections
        if i.judgement == Judgement.NOT_GRADED
        and (graded is None or i.published_on > graded.published_on)
    ]
    return max(visits, key=lambda i: (i.published_on, i.pk), default=None)


# --- Alignment -------------------------------------------------------------------------------


def alignment_page():
    """Return, for each partnership with published ambitions, every ambition with the
    published priorities that serve it (grouped by organisation), the ambitions no published
    priority serves (the gaps), and the published priorities of the partnership and its
    members that serve none of its ambitions."""
    profiles = list(
        PartnershipProfile.objects.on_current_site()
        .select_related("organisation")
        .order_by("organisation__name")
        .prefetch_related(
            Prefetch(
                "ambitions",
                queryset=Ambition.public_objects.order_by("order", "title").prefetch_related(
                    _prefetch_public_priorities()
                ),
                to_attr="public_ambitions",
            ),
            Prefetch(
                "organisation__memberships_as_partnership",
                queryset=PartnershipMembership.objects.select_related("member").order_by(
                    "-is_lead_partner", "order", "member__name"
                ),
                to_attr="ordered_memberships",
            ),
        )
    )
    profiles = [profile for profile in profiles if profile.public_ambitions]

    # Every published priority of a partnership or one of its members, with the published
    # ambitions it serves: one query, then sorted out per partnership below.
    organisations_by_partnership = {
        profile.pk: {profile.organisation_id}
        | {m.member_id for m in profile.organisation.ordered_memberships}
        for profile in profiles
    }
    all_organisations = set().union(*organisations_by_partnership.values())
    candidate_priorities = list(
        public_priorities()
        .filter(plan__organisation__in=all_organisations)
        .prefetch_related(
            Prefetch(
                "ambitions",
                queryset=Ambition.public_objects.only("pk", "partnership_id"),
                to_attr="served_ambitions",
            )
        )
        .order_by("plan__organisation__name", "plan__title", "order", "title")
    )

    partnerships = []
    for profile in profiles:
        rows = []
        for ambition in profile.public_ambitions:
            ambition.partnership = profile
            rows.append(
                {
                    "ambition": ambition,
                    "priority_groups": group_by_organisation(ambition.public_priorities),
                    "priority_count": len(ambition.public_priorities),
                }
            )
        unaligned = [
            priority
            for priority in candidate_priorities
            if priority.plan.organisation_id in organisations_by_partnership[profile.pk]
            and not any(a.partnership_id == profile.pk for a in priority.served_ambitions)
        ]
        partnerships.append(
            {
                "profile": profile,
                "organisation": profile.organisation,
                "members": profile.organisation.ordered_memberships,
                "rows": rows,
                "gaps": [row["ambition"] for row in rows if not row["priority_count"]],
                "served_count": sum(1 for row in rows if row["priority_count"]),
                "unaligned_groups": group_by_organisation(unaligned),
                "unaligned_count": len(unaligned),
            }
        )
    return {"partnerships": partnerships}


# --- Additions to the priorities pages -------------------------------------------------------


def ambitions_served_by(priority):
    """Return the published ambitions a (published) priority serves."""
    return list(public_ambitions().filter(priorities=priority))


def organisation_safeguarding(organisation):
    """Return what the safeguarding app shows on an organisation's page."""
    inspections = list(
        Inspection.objects.filter(organisation=organisation).order_by("-published_on", "title")
    )
    for inspection in inspections:
        inspection.organisation = organisation
    indicators = list(
        Indicator.public_objects.filter(organisation=organisation)
        .select_related("measured_by")
        .order_by("title")
    )
    for indicator in indicators:
        indicator.organisation = organisation
    return {
        "organisation": organisation,
        "is_partnership": PartnershipProfile.objects.filter(organisation=organisation).exists(),
        "inspections": inspections,
        "latest_graded": latest_graded(inspections),
        "latest_visit": latest_visit_since_graded(inspections),
        "indicators": indicators,
    }
