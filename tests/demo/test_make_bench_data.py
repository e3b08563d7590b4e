"""The benchmark data command (make_bench_data): the counts asked for, valid journeys, pages
that render; ``make bench`` runs it at --scale 100 (tests/benchmarks/pages.py)."""

import itertools
from collections import defaultdict

import pytest
from django.core.management import CommandError, call_command

from demo.management.commands.make_bench_data import counts_for
from priorities.lifecycle import is_allowed_transition
from priorities.models import (
    AgendaItem,
    Committee,
    Initiative,
    Meeting,
    Organisation,
    Plan,
    Priority,
    PublicationState,
    StatusChange,
)
from safeguarding.models import Ambition, Indicator, Measurement, PartnershipProfile

pytestmark = pytest.mark.django_db


def test_a_hundred_times_is_the_issues_data_set():
    counts = counts_for(100)
    assert counts["councils"] == 50
    assert counts["priorities"] == 2_000
    assert counts["initiatives"] == 20_000
    assert counts["status_changes"] == 100_000
    assert counts["meetings"] == 5_000


def test_scale_one_makes_the_counts_asked_for_with_valid_journeys(client):
    call_command("make_bench_data", "--scale=1", "--quiet")

    assert Organisation.objects.filter(slug__startswith="bench-borough-").count() == 1
    assert Plan.private_objects.count() == 2
    assert Priority.private_objects.count() == 20
    assert Initiative.private_objects.count() == 200
    assert StatusChange.objects.count() == 1_000
    assert Meeting.objects.count() == 50
    assert Committee.objects.count() == 2
    assert AgendaItem.objects.count() == 100
    assert PartnershipProfile.objects.count() == 1
    assert Ambition.public_objects.count() == 5
    assert Indicator.public_objects.count() == 3
    assert Measurement.objects.count() == 18
    # Some drafts, which the public never sees.
    assert Initiative.public_objects.count() == 180
    assert Priority.private_objects.filter(publication_state=PublicationState.DRAFT).count() == 2

    journeys = defaultdict(list)
    for change in StatusChange.objects.order_by("initiative", "changed_at", "pk"):
        assert is_allowed_transition(change.from_status, change.to_status), change
        journeys[change.initiative_id].append(change)
    for initiative in Initiative.private_objects.all():
        steps = journeys[initiative.pk]
        assert len(steps) == 5
        assert steps[0].from_status == "proposed"
        assert initiative.status == steps[-1].to_status
        assert all(a.to_status == b.from_status for a, b in itertools.pairwise(steps))
    assert Initiative.private_objects.filter(priorities=None).count() == 0

    initiative = Initiative.public_objects.order_by("pk").first()
    plan = Plan.public_objects.order_by("pk").first()
    meeting = Meeting.objects.filter(agenda_items__isnull=False).order_by("pk").first()
    for url in (
        "/",
        "/organisations/bench-borough-1/",
        plan.get_absolute_url(),
        initiative.get_absolute_url(),
        meeting.get_absolute_url(),
        "/partnerships/bench-partnership-1/",
        "/search/?q=mental+health",
    ):
        assert client.get(url).status_code == 200, url


def test_it_adds_to_the_demo_data_once_only():
    call_command("load_demo_data", "--quiet")
    demo_initiatives = Initiative.private_objects.count()
    call_command("make_bench_data", "--scale=0.1", "--quiet")
    assert Initiative.private_objects.count() == demo_initiatives + 20
    assert StatusChange.objects.filter(initiative__slug__startswith="programme-").count() == 100

    with pytest.raises(CommandError, match="already has the benchmark data"):
        call_command("make_bench_data", "--scale=0.1", "--quiet")
