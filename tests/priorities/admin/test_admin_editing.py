"""Officer editing in the admin: status changes, readable history with revert, stale edits."""

import datetime
import re

import pytest
from django.contrib.admin import AdminSite
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.db.models import Model
from django.forms import MultiWidget, modelform_factory
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from priorities import models as p
from priorities.admin.scoping import OrganisationScopedAdmin
from priorities.admin.stale_edits import (
    VERSION_FIELD,
    StaleEditProtectedForm,
    stale_edit_form,
)
from priorities.lifecycle import transition_refused
from priorities.services import initiative_change_status
from tests import factories

pytestmark = pytest.mark.django_db

SITE = "admin"


# Fixtures and helpers -------------------------------------------------------------------------


@pytest.fixture
def council():
    return factories.OrganisationFactory(name="Castlebridge Council", slug="castlebridge")


@pytest.fixture
def other_council():
    return factories.OrganisationFactory(name="Riverton Council", slug="riverton")


def officer(organisation, username, role=p.OfficerRole.EDITOR):
    user = factories.UserFactory(username=username, first_name=username.capitalize())
    # As the demo's "Officers" group does: model permissions; the roles scope them.
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["priorities", "safeguarding"])
    )
    factories.OfficerMembershipFactory(user=user, organisation=organisation, role=role)
    return user


# Alice and Bob publish: their changes to published records go live at once. An editor's
# wait for a publisher (tests/priorities/review/).
@pytest.fixture
def alice(council):
    return officer(council, "alice", role=p.OfficerRole.PUBLISHER)


@pytest.fixture
def bob(council):
    return officer(council, "bob", role=p.OfficerRole.PUBLISHER)


@pytest.fixture
def outsider(other_council):
    return officer(other_council, "olive", role=p.OfficerRole.ADMINISTRATOR)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def admin_url(obj_or_model, view, *args):
    meta = obj_or_model._meta
    if not args and isinstance(obj_or_model, Model):
        args = (obj_or_model.pk,)
    return reverse(f"{SITE}:{meta.app_label}_{meta.model_name}_{view}", args=args)


def status_url(initiative):
    return admin_url(initiative, "change_status")


def version_url(obj, version):
    return admin_url(obj, "simple_history", obj.pk, version.history_id)


def message_texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def form_data(response):
    """Return what the browser would post back from an admin change or add page, unchanged:
    the main form and every inline formset, with their management forms."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms.append(inline.formset.management_form)
        forms.extend(inline.formset.forms)
    data = {}
    for form in forms:
        for name in form.fields:
            bound = form[name]
            value = bound.value()
            widget = form.fields[name].widget
            if isinstance(widget, MultiWidget) and value is not None:
                parts = value if isinstance(value, list) else widget.decompress(value)
                for index, (part, part_value) in enumerate(zip(widget.widgets, parts, strict=True)):
                    data[f"{bound.html_name}_{index}"] = part.format_value(part_value) or ""
                continue
            if value is None or value is False:
                continue
            if value is True:
                data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(item) for item in value]
            else:
                data[bound.html_name] = str(value)
    return data


@pytest.fixture
def initiative(council):
    return factories.InitiativeFactory(organisation=council, title="Family hub outreach")


# 1. Status changes from the admin -------------------------------------------------------------


def test_the_status_form_offers_only_the_statuses_the_lifecycle_allows(alice, initiative):
    response = client_for(alice).get(status_url(initiative))

    assert response.status_code == 200
    offered = [value for value, _ in response.context["form"].fields["to"].choices]
    assert offered == ["awaiting_scrutiny", "adopted", "rejected", "withdrawn"]
    assert 'value="completed"' not in response.content.decode()


def test_the_change_page_links_to_change_status(alice, initiative):
    response = client_for(alice).get(admin_url(initiative, "change"))

    assert response.status_code == 200
    assert f'href="{status_url(initiative)}"' in response.content.decode()


def test_each_submit_records_one_status_change_and_returns_to_the_change_page(
    alice, initiative, council
):
    meeting = factories.MeetingFactory(committee__organisation=council)
    client = client_for(alice)

    response = client.post(
        status_url(initiative),
        {
            "opened_status": "proposed",
            "to": "awaiting_scrutiny",
            "reason": "Listed for the July scrutiny meeting.",
            "meeting": meeting.pk,
            "evidence_url": "www.castlebridge.example/agenda",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == admin_url(initiative, "change")
    assert "Status changed from Proposed to Awaiting scrutiny." in message_texts(response)
    change = p.StatusChange.objects.get()
    assert (change.from_status, change.to_status) == ("proposed", "awaiting_scrutiny")
    assert (change.meeting, change.recorded_by) == (meeting, alice)
    assert change.evidence_url == "https://www.castlebridge.example/agenda"
    assert change.reason == "Listed for the July scrutiny meeting."

    client.post(
        status_url(initiative),
        {"opened_status": "awaiting_scrutiny", "to": "under_scrutiny", "reason": "Considered."},
    )
    initiative.refresh_from_db()
    assert initiative.status == "under_scrutiny"
    assert p.StatusChange.objects.count() == 2


def test_when_it_took_effect_is_recorded(alice, initiative):
    took_effect = timezone.localtime() - datetime.timedelta(days=3)

    client_for(alice).post(
        status_url(initiative),
        {
            "opened_status": "proposed",
            "to": "adopted",
            "reason": "Adopted by cabinet.",
            "changed_at_0": took_effect.strftime("%Y-%m-%d"),
            "changed_at_1": "19:30:00",
        },
    )

    change = p.StatusChange.objects.get()
    assert timezone.localtime(change.changed_at).date() == took_effect.date()
    assert timezone.localtime(change.changed_at).hour == 19


def test_a_missing_reason_keeps_the_input_and_records_nothing(alice, initiative):
    response = client_for(alice).post(
        status_url(initiative),
        {
            "opened_status": "proposed",
            "to": "adopted",
            "reason": "   ",
            "evidence_url": "https://www.castlebridge.example/cabinet-minutes",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    page = response.content.decode()
    assert 'value="https://www.castlebridge.example/cabinet-minutes"' in page
    assert re.search(r'<input[^>]*value="adopted"[^>]*checked', page)
    assert not p.StatusChange.objects.exists()
    initiative.refresh_from_db()
    assert initiative.status == "proposed"


def test_a_forbidden_transition_posted_by_hand_is_refused_and_records_nothing(alice, initiative):
    response = client_for(alice).post(
        status_url(initiative),
        {"opened_status": "proposed", "to": "completed", "reason": "Finished early."},
    )

    assert response.status_code == 200
    assert transition_refused("proposed", "completed") in str(response.context["form"].errors["to"])
    assert "Finished early." in response.content.decode()
    assert not p.StatusChange.objects.exists()
    initiative.refresh_from_db()
    assert initiative.status == "proposed"


def test_a_status_changed_meanwhile_is_not_overwritten(alice, bob, initiative):
    page_of_alice = client_for(alice)
    page_of_alice.get(status_url(initiative))
    initiative_change_status(
        initiative=initiative, to="awaiting_scrutiny", reason="Listed.", acting_user=bob
    )

    response = page_of_alice.post(
        status_url(initiative),
        {"opened_status": "proposed", "to": "withdrawn", "reason": "No longer needed."},
    )

    assert response.status_code == 200
    assert "Someone else changed the status to awaiting scrutiny" in str(
        response.context["form"].non_field_errors()
    )
    assert p.StatusChange.objects.count() == 1


def test_meetings_offered_are_the_officers_and_the_initiatives(
    alice, initiative, council, other_council
):
    own = factories.MeetingFactory(committee__organisation=council)
    elsewhere = factories.MeetingFactory(committee__organisation=other_council)

    response = client_for(alice).get(status_url(initiative))
    assert list(response.context["form"].fields["meeting"].queryset) == [own]

    posted = client_for(alice).post(
        status_url(initiative),
        {"opened_status": "proposed", "to": "adopted", "reason": "x", "meeting": elsewhere.pk},
    )
    assert posted.context["form"].errors["meeting"]
    assert not p.StatusChange.objects.exists()


def test_an_officer_of_two_organisations_may_cite_the_meetings_of_both(
    alice, council, other_council
):
    """The meetings offered are those of the initiative's organisation and of every
    organisation the officer belongs to; no others."""
    initiative = factories.InitiativeFactory(organisation=other_council)
    factories.OfficerMembershipFactory(user=alice, organisation=other_council)
    theirs = factories.MeetingFactory(committee__organisation=other_council)
    own = factories.MeetingFactory(committee__organisation=council)
    unrelated = factories.MeetingFactory()

    response = client_for(alice).get(status_url(initiative))

    offered = set(response.context["form"].fields["meeting"].queryset)
    assert {theirs, own} <= offered
    assert unrelated not in offered


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_officer_of_another_organisation_cannot_change_the_status(outsider, initiative, method):
    response = getattr(client_for(outsider), method)(
        status_url(initiative),
        {"opened_status": "proposed", "to": "adopted", "reason": "Taking over."},
    )

    assert response.status_code in (403, 404)
    assert not p.StatusChange.objects.exists()


def test_the_change_page_shows_the_delivery_of_each_status_changes_emails(alice, initiative):
    first, second = factories.SubscriptionFactory(), factories.SubscriptionFactory()
    change = initiative_change_status(
        initiative=initiative, to="awaiting_scrutiny", reason="Listed.", acting_user=alice
    )
    change.notifications.filter(subscriber=first.subscriber).update(
        state=p.NotificationState.SENT, sent_at=timezone.now()
    )
    change.notifications.filter(subscriber=second.subscriber).update(state=p.NotificationState.DEAD)

    response = client_for(alice).get(admin_url(initiative, "change"))

    page = response.content.decode()
    assert "1 sent, 1 failed, gave up" in page
    assert page.count("Listed.") == 1  # one list of status changes, not two


# 2. History with a readable diff, and revert ---------------------------------------------------


def rename(obj, title, user):
    obj.title = title
    obj._history_user = user
    obj.save()


def test_the_history_shows_old_and_new_values_of_changed_fields(alice, initiative):
    priority = factories.PriorityFactory(plan__organisation=initiative.organisation)
    rename(initiative, "Family hubs for every ward", alice)
    initiative.rag = p.Rag.AMBER
    initiative.save()
    initiative.priorities.add(priority)

    response = client_for(alice).get(admin_url(initiative, "history"))

    assert response.status_code == 200
    records = list(response.context["page_obj"])
    changes = [
        [(change.field, change.old, change.new) for change in record.history_delta_changes]
        for record in records
    ]
    assert changes[:3] == [
        [("Priorities", "(none)", priority.title)],
        [("RAG rating", "Not rated", "Amber: at risk")],
        [("Title", "Family hub outreach", "Family hubs for every ward")],
    ]
    page = response.content.decode()
    assert (
        'Family <del class="diff-removed"><span class="visually-hidden">removed: </span>hub '
        'outreach</del><ins class="diff-added"><span class="visually-hidden">added: </span>hubs '
        "for every ward</ins>" in page
    )


def test_the_history_shows_status_changes_too(alice, initiative):
    initiative_change_status(
        initiative=initiative, to="adopted", reason="Adopted by cabinet.", acting_user=alice
    )

    response = client_for(alice).get(admin_url(initiative, "history"))

    latest = response.context["page_obj"][0]
    assert ("Status", "Proposed", "Adopted") in [
        (change.field, change.old, change.new) for change in latest.history_delta_changes
    ]


def test_a_version_page_shows_what_it_changed_and_what_reverting_would_change(alice, initiative):
    first = initiative.history.earliest()
    rename(initiative, "Family hubs for every ward", alice)
    renamed = initiative.history.latest()

    response = client_for(alice).get(version_url(initiative, renamed))
    assert response.status_code == 200
    assert [(c.field, c.old, c.new) for c in response.context["changes_in_version"]] == [
        ("Title", "Family hub outreach", "Family hubs for every ward")
    ]

    response = client_for(alice).get(version_url(initiative, first))
    assert [(c.field, c.old, c.new) for c in response.context["plan"].changes] == [
        ("Title", "Family hubs for every ward", "Family hub outreach")
    ]
    assert "Revert to this version" in response.content.decode()


def test_revert_restores_fields_and_relations_as_one_new_recorded_change(
    alice, initiative, council
):
    """Reverting restores the title and the priorities, keeps the status and the publication
    state, and writes exactly one history row saying who reverted to which version."""
    initiative.publication_state = p.PublicationState.DRAFT
    initiative.save()
    kept_priority = factories.PriorityFactory(plan__organisation=council)
    initiative.priorities.add(kept_priority)
    version = initiative.history.latest()
    later_priority = factories.PriorityFactory(plan__organisation=council)

    rename(initiative, "Family hubs for every ward", alice)
    initiative.priorities.set([later_priority])
    initiative.publication_state = p.PublicationState.PUBLISHED
    initiative.published_at = timezone.now()
    initiative.save()
    initiative_change_status(
        initiative=initiative, to="adopted", reason="Adopted.", acting_user=alice
    )
    initiative.refresh_from_db()
    rows_before = initiative.history.count()

    response = client_for(alice).post(
        version_url(initiative, version),
        {VERSION_FIELD: initiative.updated_at.isoformat()},
    )

    assert response.status_code == 302
    assert response["Location"] == admin_url(initiative, "change")
    initiative.refresh_from_db()
    assert initiative.title == "Family hub outreach"
    assert list(initiative.priorities.all()) == [kept_priority]
    assert initiative.status == "adopted"
    assert initiative.publication_state == p.PublicationState.PUBLISHED
    assert initiative.history.count() == rows_before + 1
    latest = initiative.history.latest()
    assert latest.history_user == alice
    assert latest.history_change_reason.startswith("Reverted to the version of ")
    assert latest.history_change_reason.endswith(" by Alice")
    assert list(latest.priorities.values_list("priority", flat=True)) == [kept_priority.pk]
    [message] = message_texts(response)
    assert "status (Adopted) is unchanged" in message
    assert "publication state (Published) is unchanged" in message


def test_revert_keeps_a_published_records_slug(alice, initiative):
    initiative.slug = "family-hub-outreach"
    initiative.save()
    version = initiative.history.latest()
    initiative.slug, initiative.title = "renamed", "Renamed"
    initiative.save()
    initiative.refresh_from_db()

    client_for(alice).post(
        version_url(initiative, version), {VERSION_FIELD: initiative.updated_at.isoformat()}
    )

    initiative.refresh_from_db()
    assert (initiative.title, initiative.slug) == ("Family hub outreach", "renamed")


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_officer_of_another_organisation_cannot_revert(outsider, alice, initiative, method):
    version = initiative.history.latest()
    rename(initiative, "Family hubs for every ward", alice)
    initiative.refresh_from_db()

    response = getattr(client_for(outsider), method)(
        version_url(initiative, version), {VERSION_FIELD: initiative.updated_at.isoformat()}
    )

    assert response.status_code in (403, 404)
    initiative.refresh_from_db()
    assert initiative.title == "Family hubs for every ward"
    assert client_for(outsider).get(admin_url(initiative, "history")).status_code in (403, 404)


def test_revert_refuses_a_version_of_another_organisation(alice, council, other_council):
    """A record moved into the officer's organisation cannot be reverted out of it."""
    initiative = factories.InitiativeFactory(organisation=other_council)
    version = initiative.history.latest()
    initiative.organisation = council
    initiative.save()
    initiative.refresh_from_db()

    response = client_for(alice).post(
        version_url(initiative, version), {VERSION_FIELD: initiative.updated_at.isoformat()}
    )

    assert response.status_code == 302
    assert "belongs to an organisation you cannot edit" in message_texts(response)[0]
    initiative.refresh_from_db()
    assert initiative.organisation == council


def test_revert_refuses_when_the_record_changed_since_the_page_was_opened(alice, bob, initiative):
    version = initiative.history.latest()
    rename(initiative, "Family hubs for every ward", alice)
    initiative.refresh_from_db()
    opened_at = initiative.updated_at.isoformat()
    rename(initiative, "Family hubs, third title", bob)

    response = client_for(alice).post(version_url(initiative, version), {VERSION_FIELD: opened_at})

    assert "nothing was reverted" in message_texts(response)[0]
    initiative.refresh_from_db()
    assert initiative.title == "Family hubs, third title"


# 3. Stale edits are rejected --------------------------------------------------------------------


def make_plan(council):
    plan = factories.PlanFactory(organisation=council, title="Children's plan")
    p.Aim.objects.create(plan=plan, title="Start well", slug="start-well")
    return plan


def make_initiative(council):
    initiative = factories.InitiativeFactory(organisation=council, title="Family hub outreach")
    p.Milestone.objects.create(initiative=initiative, title="Hubs open")
    return initiative


def make_priority(council):
    return factories.PriorityFactory(plan__organisation=council, title="Ready for school")


def make_meeting(council):
    return factories.MeetingFactory(committee__organisation=council)


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (make_initiative, "title"),
        (make_plan, "title"),
        (make_priority, "title"),
        (make_meeting, "location"),
    ],
    ids=["initiative", "plan", "priority", "meeting"],
)
def test_the_second_of_two_officers_to_save_is_told_and_nothing_is_overwritten(
    alice, bob, council, make, field
):
    record = make(council)
    url = admin_url(record, "change")
    alice_client, bob_client = client_for(alice), client_for(bob)
    alice_data = form_data(alice_client.get(url))
    bob_data = form_data(bob_client.get(url))
    assert bob_data[VERSION_FIELD]

    alice_data[field] = "Saved first by Alice"
    assert alice_client.post(url, alice_data).status_code == 302

    bob_data[field] = "Saved second by Bob"
    response = bob_client.post(url, bob_data)

    assert response.status_code == 200
    errors = str(response.context["adminform"].form.non_field_errors())
    assert "Someone else changed this record since you opened it" in errors
    assert "Alice" in errors
    assert "have not been saved" in errors
    assert 'value="Saved second by Bob"' in response.content.decode()
    record.refresh_from_db()
    assert getattr(record, field) == "Saved first by Alice"

    # Told what happened, Bob may save again deliberately: the page now carries the new version.
    again = form_data(response)
    assert again[VERSION_FIELD] == record.updated_at.isoformat()
    assert bob_client.post(url, again).status_code == 302
    record.refresh_from_db()
    assert getattr(record, field) == "Saved second by Bob"


def test_a_fresh_form_saves(alice, initiative):
    url = admin_url(initiative, "change")
    client = client_for(alice)
    for title in ("First title", "Second title"):
        data = form_data(client.get(url))
        data["title"] = title
        assert client.post(url, data).status_code == 302
    initiative.refresh_from_db()
    assert initiative.title == "Second title"


def test_a_status_change_after_the_form_was_opened_makes_it_stale(alice, bob, initiative):
    """A status change is a change to the record: the editor sees it before saving over it."""
    url = admin_url(initiative, "change")
    client = client_for(alice)
    data = form_data(client.get(url))
    initiative_change_status(
        initiative=initiative, to="awaiting_scrutiny", reason="Listed.", acting_user=bob
    )

    data["title"] = "Renamed"
    response = client.post(url, data)

    assert response.status_code == 200
    assert "Status" in str(response.context["adminform"].form.non_field_errors())


def test_add_views_still_work(alice, council):
    client = client_for(alice)
    response = client.get(admin_url(p.Initiative, "add"))
    assert response.status_code == 200
    data = form_data(response)
    assert not data.get(VERSION_FIELD)
    data.update(organisation=str(council.pk), title="Youth hubs", slug="youth-hubs")

    response = client.post(admin_url(p.Initiative, "add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert p.Initiative.private_objects.get(slug="youth-hubs").organisation == council


@pytest.mark.parametrize(
    "make",
    [
        factories.PlanFactory,
        factories.PriorityFactory,
        factories.InitiativeFactory,
        factories.CommitteeFactory,
        factories.MeetingFactory,
        factories.AmbitionFactory,
        factories.IndicatorFactory,
    ],
    ids=lambda factory: factory._meta.model.__name__,
)
def test_every_editable_change_form_carries_the_version_it_was_opened_at(make):
    superuser = factories.UserFactory(username="admin", is_superuser=True)
    record = make()

    response = client_for(superuser).get(admin_url(record, "change"))

    form = response.context["adminform"].form
    assert isinstance(form, StaleEditProtectedForm)
    assert form[VERSION_FIELD].value() == record.updated_at.isoformat()
    assert f'name="{VERSION_FIELD}"' in response.content.decode()


def test_the_form_works_outside_a_transaction_and_ignores_a_missing_version(initiative):
    form_class = stale_edit_form(modelform_factory(p.Initiative, fields=["title", "slug"]))
    opened = form_class(instance=initiative)[VERSION_FIELD].value()
    initiative.title = "Changed elsewhere"
    initiative.save()

    stale = form_class(
        {"title": "Mine", "slug": initiative.slug, VERSION_FIELD: opened}, instance=initiative
    )
    assert not stale.is_valid()
    assert stale.non_field_errors()[0].startswith("Someone else changed this record")

    unversioned = form_class({"title": "Mine", "slug": initiative.slug}, instance=initiative)
    assert unversioned.is_valid()


def test_an_admin_with_declared_fields_renders_the_version_too(rf, alice, initiative):
    admin_class = type(
        "DeclaredFieldsAdmin",
        (OrganisationScopedAdmin,),
        {"fields": ["title", "summary"]},
    )
    model_admin = admin_class(p.Initiative, AdminSite(name="declared"))
    request = rf.get("/")
    request.user = alice

    fieldsets = model_admin.get_fieldsets(request, initiative)
    form = model_admin.get_form(request, initiative)(instance=initiative)

    assert fieldsets == [(None, {"fields": ["title", "summary", VERSION_FIELD]})]
    assert form[VERSION_FIELD].value() == initiative.updated_at.isoformat()
