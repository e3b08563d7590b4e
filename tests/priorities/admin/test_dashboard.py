"""The officer's home page (priorities/admin/dashboard.py): each section lists the user's own
work in their organisations, never another organisation's, in a fixed number of queries."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from priorities import models as p
from priorities.admin import dashboard
from priorities.services import record_publish, record_send_back, record_submit_for_review
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 6)


# Fixtures ---------------------------------------------------------------------------------


@pytest.fixture
def council():
    return factories.OrganisationFactory(name="Castlebridge Council", slug="castlebridge")


@pytest.fixture
def other_council():
    return factories.OrganisationFactory(name="Riverton Council", slug="riverton")


def officer(organisation, username, role=p.OfficerRole.EDITOR):
    user = factories.UserFactory(username=username, first_name=username.capitalize())
    factories.OfficerMembershipFactory(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def editor(council):
    return officer(council, "eddie")


@pytest.fixture
def publisher(council):
    return officer(council, "pat", p.OfficerRole.PUBLISHER)


@pytest.fixture
def second_publisher(council):
    return officer(council, "sam", p.OfficerRole.PUBLISHER)


@pytest.fixture
def outsider(other_council):
    return officer(other_council, "olive", p.OfficerRole.ADMINISTRATOR)


def edited_by(record, user, **values):
    """Save ``record`` as ``user`` would in the admin, so its history names them."""
    for name, value in values.items():
        setattr(record, name, value)
    record._history_user = user
    record.save()
    return record


def in_review(factory, user, **kwargs):
    record = factory(publication_state=p.PublicationState.DRAFT, **kwargs)
    edited_by(record, user)
    return record_submit_for_review(record=record, acting_user=user)


def revision_of(record, organisation, user, **kwargs):
    return p.Revision.objects.create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        organisation=organisation,
        kind=kwargs.pop("kind", p.RevisionKind.EDIT),
        proposed_by=user,
        data={"title": "A new title"},
        **kwargs,
    )


def titles(rows):
    return sorted(row.title for row in rows)


def queries_of(selector, *args):
    with CaptureQueriesContext(connection) as captured:
        selector(*args)
    return len(captured)


# Reviews waiting for me -------------------------------------------------------------------


def test_reviews_list_what_waits_for_a_publisher_of_the_organisation_only(
    council, other_council, editor, publisher, outsider
):
    initiative = in_review(
        factories.InitiativeFactory, editor, organisation=council, title="Family hubs"
    )
    in_review(factories.PlanFactory, editor, organisation=council, title="Children's plan")
    in_review(factories.PriorityFactory, editor, plan__organisation=council, title="Safe at home")
    factories.InitiativeFactory(
        organisation=council, title="Draft idea", publication_state=p.PublicationState.DRAFT
    )
    in_review(
        factories.InitiativeFactory,
        officer(other_council, "rita"),
        organisation=other_council,
        title="Riverton's own",
    )
    published = factories.InitiativeFactory(organisation=council, title="Youth centres")
    revision_of(published, council, editor)
    elsewhere = factories.InitiativeFactory(organisation=other_council, title="Riverton park")
    revision_of(elsewhere, other_council, outsider)

    rows = dashboard.reviews_waiting_for(publisher)

    assert titles(rows) == [
        "Children's plan",
        "Family hubs",
        "Safe at home",
        "Youth centres → A new title",
    ]
    row = next(row for row in rows if row.title == "Family hubs")
    assert row.url == reverse("admin:priorities_initiative_change", args=[initiative.pk])
    assert row.organisation == "Castlebridge Council"
    assert row.detail.startswith("Submitted by Eddie on ")
    revision_row = next(row for row in rows if row.title == "Youth centres → A new title")
    assert revision_row.url == reverse("admin:priorities_initiative_change", args=[published.pk])
    assert "change to the published version" in revision_row.kind
    assert dashboard.reviews_waiting_for(editor) == []
    assert titles(dashboard.reviews_waiting_for(outsider)) == [
        "Riverton park → A new title",
        "Riverton's own",
    ]


def test_reviews_include_progress_updates_in_review(council, editor, publisher):
    initiative = factories.InitiativeFactory(organisation=council, title="Family hubs")
    update = p.InitiativeUpdate.private_objects.create(
        initiative=initiative,
        as_of=TODAY,
        narrative="Two more hubs open.",
        rag=p.Rag.GREEN,
        publication_state=p.PublicationState.IN_REVIEW,
    )

    rows = dashboard.reviews_waiting_for(publisher)

    assert [row.url for row in rows] == [
        reverse("admin:priorities_initiativeupdate_change", args=[update.pk])
    ]
    assert rows[0].title == str(update)


def test_with_a_second_publisher_required_my_own_edits_wait_for_someone_else(
    council, publisher, second_publisher
):
    council.second_publisher_required = True
    council.save()
    in_review(factories.InitiativeFactory, publisher, organisation=council, title="Mine")
    in_review(factories.InitiativeFactory, second_publisher, organisation=council, title="Sam's")
    revision_of(
        factories.InitiativeFactory(organisation=council, title="My change"), council, publisher
    )

    assert titles(dashboard.reviews_waiting_for(publisher)) == ["Sam's"]
    assert titles(dashboard.reviews_waiting_for(second_publisher)) == [
        "Mine",
        "My change → A new title",
    ]


def test_without_a_second_publisher_my_own_records_in_review_are_mine_to_publish(
    council, publisher
):
    in_review(factories.InitiativeFactory, publisher, organisation=council, title="Mine")

    assert titles(dashboard.reviews_waiting_for(publisher)) == ["Mine"]


def test_a_superuser_sees_every_organisations_reviews(council, other_council, editor, outsider):
    in_review(factories.InitiativeFactory, editor, organisation=council, title="Family hubs")
    in_review(factories.InitiativeFactory, outsider, organisation=other_council, title="Parks")
    superuser = factories.UserFactory(username="root", is_superuser=True)

    assert titles(dashboard.reviews_waiting_for(superuser)) == ["Family hubs", "Parks"]


# Sent back to me --------------------------------------------------------------------------


def test_records_sent_back_are_listed_for_their_last_editor_with_the_comment(
    council, other_council, editor, publisher, outsider
):
    record = in_review(
        factories.InitiativeFactory, editor, organisation=council, title="Family hubs"
    )
    record_send_back(record=record, acting_user=publisher, comment="Say which wards.")
    published = in_review(factories.InitiativeFactory, editor, organisation=council, title="Done")
    record_publish(record=published, acting_user=publisher)
    theirs = in_review(
        factories.InitiativeFactory, outsider, organisation=other_council, title="Riverton's"
    )
    record_send_back(record=theirs, acting_user=outsider, comment="No.")

    rows = dashboard.sent_back_to(editor)

    assert titles(rows) == ["Family hubs"]
    assert rows[0].url == reverse("admin:priorities_initiative_change", args=[record.pk])
    assert rows[0].detail.startswith("Sent back by Pat on ")
    assert rows[0].detail.endswith(": “Say which wards.”")
    assert dashboard.sent_back_to(publisher) == []


def test_a_record_sent_back_then_resubmitted_is_no_longer_listed(council, editor, publisher):
    record = in_review(factories.InitiativeFactory, editor, organisation=council)
    record_send_back(record=record, acting_user=publisher, comment="Say which wards.")
    record_submit_for_review(record=record, acting_user=editor)

    assert dashboard.sent_back_to(editor) == []


def test_revisions_sent_back_are_listed_for_who_proposed_them_until_proposed_again(
    council, editor, publisher
):
    initiative = factories.InitiativeFactory(organisation=council, title="Youth centres")
    revision_of(
        initiative,
        council,
        editor,
        state=p.RevisionState.SENT_BACK,
        comment="Keep the old name.",
        decided_by=publisher,
        decided_at=timezone.now(),
    )
    status = revision_of(
        factories.InitiativeFactory(organisation=council, title="Parks"),
        council,
        editor,
        kind=p.RevisionKind.STATUS,
        state=p.RevisionState.SENT_BACK,
        comment="Which meeting?",
        decided_by=publisher,
    )
    p.Revision.objects.filter(pk=status.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=1)
    )
    status.refresh_from_db()
    revision_of(status.record, council, editor, kind=p.RevisionKind.STATUS)

    rows = dashboard.sent_back_to(editor)

    assert [(row.title, row.detail.split(":", 1)[-1]) for row in rows] == [
        ("Youth centres", " “Keep the old name.”")
    ]
    assert rows[0].url == reverse("admin:priorities_initiative_change", args=[initiative.pk])
    assert dashboard.sent_back_to(publisher) == []


# My initiatives to update -----------------------------------------------------------------


def owned(organisation, user, title, *, last_edited_days_ago=0, **kwargs):
    initiative = factories.InitiativeFactory(organisation=organisation, title=title, **kwargs)
    initiative.owners.add(user)
    p.Initiative.private_objects.filter(pk=initiative.pk).update(
        updated_at=timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(12)))
        - datetime.timedelta(days=last_edited_days_ago)
    )
    return initiative


def posted_update(initiative, as_of, state=p.PublicationState.PUBLISHED, update_round=None):
    return p.InitiativeUpdate.private_objects.create(
        initiative=initiative,
        as_of=as_of,
        narrative="On track.",
        rag=p.Rag.GREEN,
        publication_state=state,
        round=update_round,
    )


def test_my_initiatives_not_updated_within_the_threshold_are_due(council, other_council, editor):
    council.update_threshold_days = 30
    council.save()
    owned(council, editor, "Edited long ago", last_edited_days_ago=45)
    owned(council, editor, "Edited lately", last_edited_days_ago=10)
    old_update = owned(council, editor, "Updated long ago", last_edited_days_ago=1)
    posted_update(old_update, TODAY - datetime.timedelta(days=40))
    posted_update(old_update, TODAY, state=p.PublicationState.IN_REVIEW)
    fresh = owned(council, editor, "Updated lately", last_edited_days_ago=100)
    posted_update(fresh, TODAY - datetime.timedelta(days=5))
    owned(
        council,
        editor,
        "Finished",
        last_edited_days_ago=200,
        status=p.InitiativeStatus.COMPLETED,
    )
    not_mine = factories.InitiativeFactory(organisation=council, title="Someone else's")
    p.Initiative.private_objects.filter(pk=not_mine.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=400)
    )

    rows = dashboard.initiatives_to_update(editor, TODAY)

    assert [row.title for row in rows] == ["Edited long ago", "Updated long ago"]
    assert rows[1].detail == "Not updated since 27 October 2026."


def test_my_initiatives_in_an_open_round_without_an_update_in_it(council, editor, publisher):
    plan = factories.PlanFactory(organisation=council)
    priority = factories.PriorityFactory(plan=plan)
    in_round = owned(council, editor, "In the round")
    in_round.priorities.add(priority)
    updated = owned(council, editor, "Updated in the round")
    updated.priorities.add(priority)
    waiting = owned(council, editor, "Waiting for review")
    waiting.priorities.add(priority)
    owned(council, editor, "Not in the plan")
    update_round = p.UpdateRound.objects.create(
        organisation=council,
        plan=plan,
        name="Quarter 3 2026–27",
        due_on=datetime.date(2027, 1, 15),
        opened_at=timezone.now(),
    )
    p.UpdateRound.objects.create(
        organisation=council,
        name="Closed",
        due_on=TODAY,
        opened_at=timezone.now(),
        closed_at=timezone.now(),
    )
    posted_update(updated, TODAY, update_round=update_round)
    posted_update(waiting, TODAY, state=p.PublicationState.IN_REVIEW, update_round=update_round)
    posted_update(in_round, TODAY, state=p.PublicationState.DRAFT, update_round=update_round)

    rows = dashboard.initiatives_to_update(editor, TODAY)

    assert [row.title for row in rows] == ["In the round"]
    assert rows[0].detail == "Quarter 3 2026–27: update due by 15 January 2027."
    assert rows[0].links == (
        (
            "Quarter 3 2026–27 round",
            reverse("admin:priorities_updateround_change", args=[update_round.pk]),
        ),
    )
    assert f"initiative={in_round.pk}&round={update_round.pk}" in rows[0].url


# The next meetings ------------------------------------------------------------------------


def test_the_next_scheduled_meeting_of_each_committee_with_its_items(
    council, other_council, editor
):
    now = timezone.now()
    committee = factories.CommitteeFactory(organisation=council, name="Scrutiny")
    factories.MeetingFactory(committee=committee, starts_at=now - datetime.timedelta(days=7))
    factories.MeetingFactory(
        committee=committee,
        starts_at=now + datetime.timedelta(days=3),
        status=p.MeetingStatus.CANCELLED,
    )
    upcoming = factories.MeetingFactory(
        committee=committee, starts_at=now + datetime.timedelta(days=10)
    )
    factories.MeetingFactory(committee=committee, starts_at=now + datetime.timedelta(days=40))
    initiative = factories.InitiativeFactory(organisation=council, title="Family hubs")
    p.AgendaItem.objects.create(
        meeting=upcoming, item_number="4", title="Family hubs: progress", initiative=initiative
    )
    cabinet = factories.CommitteeFactory(organisation=council, name="Cabinet")
    factories.MeetingFactory(committee=cabinet, starts_at=now + datetime.timedelta(days=20))
    elsewhere = factories.CommitteeFactory(organisation=other_council, name="Riverton's")
    factories.MeetingFactory(committee=elsewhere, starts_at=now + datetime.timedelta(days=1))

    agendas = dashboard.next_meetings_for(editor)

    assert agendas[0].meeting == upcoming
    assert [agenda.meeting.committee.name for agenda in agendas] == ["Scrutiny", "Cabinet"]
    assert agendas[0].url == reverse("admin:priorities_meeting_change", args=[upcoming.pk])
    assert [(item.title, item.subject, item.url) for item in agendas[0].items] == [
        (
            "4 Family hubs: progress",
            "Family hubs",
            reverse("admin:priorities_initiative_change", args=[initiative.pk]),
        )
    ]
    assert agendas[1].items == []


# Recent publications ----------------------------------------------------------------------


def test_recent_publications_are_those_of_the_last_fortnight_in_my_organisations(
    council, other_council, editor, publisher, outsider
):
    lately = in_review(factories.InitiativeFactory, editor, organisation=council, title="Lately")
    record_publish(record=lately, acting_user=publisher)
    long_ago = in_review(factories.PlanFactory, editor, organisation=council, title="Long ago")
    record_publish(record=long_ago, acting_user=publisher)
    p.ReviewEvent.objects.filter(
        object_id=long_ago.pk, content_type=ContentType.objects.get_for_model(p.Plan)
    ).update(acted_at=timezone.now() - datetime.timedelta(days=15))
    theirs = in_review(
        factories.InitiativeFactory, outsider, organisation=other_council, title="Riverton's"
    )
    record_publish(record=theirs, acting_user=outsider)

    rows = dashboard.recent_publications_for(editor)

    assert [(row.title, row.kind) for row in rows] == [("Lately", "Initiative")]
    assert rows[0].detail.startswith("Published by Pat on ")
    assert rows[0].url == reverse("admin:priorities_initiative_change", args=[lately.pk])
    assert titles(dashboard.recent_publications_for(outsider)) == ["Riverton's"]


# Queries ----------------------------------------------------------------------------------


def work_for(council, editor, publisher, copies):
    """``copies`` of every kind of thing the home page lists."""
    now = timezone.now()
    plan = factories.PlanFactory(organisation=council)
    priority = factories.PriorityFactory(plan=plan)
    update_round = p.UpdateRound.objects.create(
        organisation=council, plan=plan, name="Q3", due_on=TODAY, opened_at=now
    )
    committee = factories.CommitteeFactory(organisation=council)
    for number in range(copies):
        waiting = in_review(factories.InitiativeFactory, editor, organisation=council)
        waiting.owners.add(editor)
        waiting.priorities.add(priority)
        posted_update(waiting, TODAY, state=p.PublicationState.IN_REVIEW)
        # A round asks for updates of published initiatives only: one not updated yet.
        due = factories.InitiativeFactory(organisation=council)
        due.owners.add(editor)
        due.priorities.add(priority)
        in_review(factories.PriorityFactory, editor, plan=plan)
        sent_back = in_review(factories.PlanFactory, editor, organisation=council)
        record_send_back(record=sent_back, acting_user=publisher, comment="Not yet.")
        published = in_review(factories.InitiativeFactory, editor, organisation=council)
        record_publish(record=published, acting_user=publisher)
        revision_of(published, council, editor)
        revision_of(
            factories.InitiativeFactory(organisation=council),
            council,
            editor,
            state=p.RevisionState.APPROVED,
            decided_by=publisher,
            decided_at=now,
        )
        revision_of(
            factories.InitiativeFactory(organisation=council),
            council,
            editor,
            state=p.RevisionState.SENT_BACK,
        )
        other_committee = factories.CommitteeFactory(organisation=council)
        for committee_of_meeting in (committee, other_committee):
            meeting = factories.MeetingFactory(
                committee=committee_of_meeting,
                starts_at=now + datetime.timedelta(days=number + 1),
            )
            p.AgendaItem.objects.create(meeting=meeting, title="Progress", initiative=waiting)
            p.AgendaItem.objects.create(meeting=meeting, title="The plan", plan=plan)
    p.UpdateRound.objects.filter(pk=update_round.pk).update(opened_at=now)


SELECTORS = [
    ("reviews", dashboard.reviews_waiting_for, "publisher"),
    ("sent back", dashboard.sent_back_to, "editor"),
    ("to update", dashboard.initiatives_to_update, "editor"),
    ("next meetings", dashboard.next_meetings_for, "editor"),
    ("recent publications", dashboard.recent_publications_for, "editor"),
    ("superuser's reviews", dashboard.reviews_waiting_for, "superuser"),
]


@pytest.mark.parametrize(("section", "selector", "who"), SELECTORS, ids=[s[0] for s in SELECTORS])
def test_each_section_runs_the_same_queries_for_little_and_much_work(
    council, editor, publisher, django_assert_num_queries, section, selector, who
):
    users = {
        "editor": editor,
        "publisher": publisher,
        "superuser": factories.UserFactory(username="root", is_superuser=True),
    }
    work_for(council, editor, publisher, copies=1)
    user = users[who]
    few = queries_of(selector, user)
    assert selector(user), f"{section}: the small data set lists nothing"

    work_for(council, editor, publisher, copies=4)
    with django_assert_num_queries(few):
        rows = selector(user)
    assert len(rows) > 1


# The home page ----------------------------------------------------------------------------


def test_the_admin_home_shows_each_section_with_its_count_and_links(council, editor, publisher):
    record = in_review(
        factories.InitiativeFactory, editor, organisation=council, title="Family hubs"
    )
    client = Client()
    client.force_login(publisher)

    page = client.get(reverse("admin:index")).content.decode()

    assert "Reviews waiting for you (1)" in page
    assert reverse("admin:priorities_initiative_change", args=[record.pk]) in page
    assert "Nothing has been sent back to you." in page
    assert "None of your initiatives needs an update." in page
    assert "Records sent back to you (0)" in page
    assert page.index("Reviews waiting for you") < page.index("Your organisations' records")


def test_the_admin_home_of_an_officer_with_nothing_to_do_says_so(council, publisher):
    client = Client()
    client.force_login(publisher)

    page = client.get(reverse("admin:index")).content.decode()

    assert "Nothing waits for your review." in page
    assert "Nothing has been sent back to you." in page
    assert "None of your initiatives needs an update." in page
    assert "No meetings are scheduled for your organisations' committees." in page
    assert "Nothing has been published in your organisations in the last 14 days." in page


def test_an_editor_who_may_not_publish_has_no_reviews_section(council, editor):
    client = Client()
    client.force_login(editor)

    page = client.get(reverse("admin:index")).content.decode()

    assert "Reviews waiting for you" not in page
    assert "Records sent back to you (0)" in page


def test_the_home_page_runs_the_same_queries_for_little_and_much_work(
    council, editor, publisher, django_assert_num_queries
):
    client = Client()
    client.force_login(publisher)
    work_for(council, editor, publisher, copies=1)
    with CaptureQueriesContext(connection) as little:
        assert client.get(reverse("admin:index")).status_code == 200

    work_for(council, editor, publisher, copies=4)
    with django_assert_num_queries(len(little)):
        page = client.get(reverse("admin:index")).content.decode()
    assert "Reviews waiting for you (20)" in page


def test_approved_changes_and_status_changes_count_as_recent_publications(
    council, other_council, editor, publisher, outsider
):
    now = timezone.now()
    renamed = factories.InitiativeFactory(organisation=council, title="Family hubs")
    revision_of(
        renamed,
        council,
        editor,
        state=p.RevisionState.APPROVED,
        decided_by=publisher,
        decided_at=now - datetime.timedelta(days=2),
    )
    stepped = factories.InitiativeFactory(organisation=council, title="Youth centres")
    revision_of(
        stepped,
        council,
        editor,
        kind=p.RevisionKind.STATUS,
        state=p.RevisionState.APPROVED,
        decided_by=publisher,
        decided_at=now - datetime.timedelta(days=1),
    )
    old = factories.InitiativeFactory(organisation=council, title="Long ago")
    revision_of(
        old,
        council,
        editor,
        state=p.RevisionState.APPROVED,
        decided_by=publisher,
        decided_at=now - datetime.timedelta(days=15),
    )
    revision_of(
        factories.InitiativeFactory(organisation=council, title="Still pending"), council, editor
    )
    theirs = factories.InitiativeFactory(organisation=other_council, title="Riverton park")
    revision_of(
        theirs,
        other_council,
        outsider,
        state=p.RevisionState.APPROVED,
        decided_by=outsider,
        decided_at=now,
    )

    rows = dashboard.recent_publications_for(editor)

    assert [(row.title, row.kind) for row in rows] == [
        ("Youth centres", "Initiative: status change"),
        ("Family hubs", "Initiative: change to the published version"),
    ]
    assert rows[0].detail.startswith("Approved by Pat on ")
    assert rows[1].url == reverse("admin:priorities_initiative_change", args=[renamed.pk])


def test_a_pending_edit_that_renames_a_record_shows_both_titles(council, editor, publisher):
    published = factories.InitiativeFactory(organisation=council, title="Family hubs")
    revision_of(published, council, editor)
    unchanged = factories.InitiativeFactory(organisation=council, title="Youth centres")
    p.Revision.objects.create(
        content_type=ContentType.objects.get_for_model(unchanged),
        object_id=unchanged.pk,
        organisation=council,
        kind=p.RevisionKind.EDIT,
        proposed_by=editor,
        data={"title": "Youth centres", "description": "Longer hours."},
    )
    assert titles(dashboard.reviews_waiting_for(publisher)) == [
        "Family hubs → A new title",
        "Youth centres",
    ]
