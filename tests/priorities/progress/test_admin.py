"""Progress updates in the admin: posting one goes through the service, the initiative's change
form links to it and states its contradictions, officers see only their organisations'."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from priorities import models as p
from tests import factories
from tests.priorities.progress.conftest import post

pytestmark = pytest.mark.django_db

ADD = "admin:priorities_initiativeupdate_add"
TODAY = timezone.localdate()


def signed_in(organisation, role):
    user = factories.UserFactory()
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["priorities", "safeguarding"])
    )
    factories.OfficerMembershipFactory(user=user, organisation=organisation, role=role)
    client = Client()
    client.force_login(user)
    return client, user


def form(initiative, **changes):
    data = {
        "initiative": str(initiative.pk),
        "as_of": TODAY.strftime("%Y-%m-%d"),
        "narrative": "Two family hubs opened in March.",
        "progress": "40",
        "rag": "amber",
        "rag_reason": "Recruitment is behind.",
    }
    data.update(changes)
    return data


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_an_editor_posts_an_update_and_it_waits_for_review(initiative):
    client, editor = signed_in(initiative.organisation, "editor")
    response = client.post(reverse(ADD), form(initiative))
    assert response.status_code == 302, response.context["adminform"].form.errors
    update = p.InitiativeUpdate.private_objects.get()
    assert (update.publication_state, update.posted_by) == ("in_review", editor)
    assert p.ReviewEvent.objects.filter(object_id=update.pk, action="submitted").exists()
    assert "Your update is waiting for a publisher to approve it." in messages_of(response)
    assert response["Location"] == reverse(
        "admin:priorities_initiative_change", args=[initiative.pk]
    )
    initiative.refresh_from_db()
    assert initiative.rag == "not_rated"


def test_a_publisher_posts_an_update_and_it_is_live(initiative):
    client, _publisher = signed_in(initiative.organisation, "publisher")
    response = client.post(reverse(ADD), form(initiative, progress="65"), follow=True)
    update = p.InitiativeUpdate.private_objects.get()
    assert update.publication_state == "published"
    initiative.refresh_from_db()
    assert initiative.progress == 65
    assert any("Your update is published" in text for text in messages_of(response))


def test_the_form_refuses_an_amber_rating_without_a_reason_and_saves_nothing(initiative):
    client, _editor = signed_in(initiative.organisation, "editor")
    response = client.post(reverse(ADD), form(initiative, rag_reason=""))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "rag_reason" in errors
    assert not p.InitiativeUpdate.private_objects.exists()


def test_the_form_refuses_a_date_in_the_future(initiative):
    client, _editor = signed_in(initiative.organisation, "editor")
    tomorrow = (TODAY + datetime.timedelta(days=1)).strftime("%Y-%m-%d")
    response = client.post(reverse(ADD), form(initiative, as_of=tomorrow))
    assert "as_of" in response.context["adminform"].form.errors
    assert not p.InitiativeUpdate.private_objects.exists()


def test_the_add_form_starts_from_the_initiatives_progress_and_rating(initiative):
    p.Initiative.private_objects.filter(pk=initiative.pk).update(progress=35, rag="green")
    client, _editor = signed_in(initiative.organisation, "editor")
    response = client.get(reverse(ADD) + f"?initiative={initiative.pk}")
    initial = response.context["adminform"].form.initial
    assert initial["progress"] == 35
    assert initial["rag"] == "green"
    assert initial["as_of"] == TODAY


def test_an_officer_cannot_post_on_another_organisations_initiative(initiative):
    client, _editor = signed_in(factories.OrganisationFactory(), "publisher")
    response = client.post(reverse(ADD), form(initiative))
    assert response.status_code == 200
    assert "initiative" in response.context["adminform"].form.errors
    assert not p.InitiativeUpdate.private_objects.exists()


def test_officers_see_only_their_organisations_updates(initiative):
    other = factories.InitiativeFactory(title="Riverton youth hub")
    post(
        initiative,
        factories.OfficerMembershipFactory(
            organisation=initiative.organisation, role="publisher"
        ).user,
        narrative="Ours.",
    )
    post(
        other,
        factories.OfficerMembershipFactory(organisation=other.organisation, role="publisher").user,
        narrative="Theirs.",
    )
    client, _editor = signed_in(initiative.organisation, "editor")
    page = client.get(reverse("admin:priorities_initiativeupdate_changelist")).content.decode()
    assert "Family hub outreach" in page
    assert "Riverton youth hub" not in page
    theirs = p.InitiativeUpdate.private_objects.get(initiative=other)
    change = reverse("admin:priorities_initiativeupdate_change", args=[theirs.pk])
    assert client.get(change).status_code == 404


def test_a_published_update_is_not_edited(initiative):
    publisher = factories.OfficerMembershipFactory(
        organisation=initiative.organisation, role="publisher"
    ).user
    update = post(initiative, publisher, narrative="As published.")
    client, _editor = signed_in(initiative.organisation, "publisher")
    change = reverse("admin:priorities_initiativeupdate_change", args=[update.pk])
    client.post(change, form(initiative, narrative="Rewritten."))
    update.refresh_from_db()
    assert update.narrative == "As published."


def test_the_initiative_change_form_links_to_posting_and_states_contradictions(initiative):
    p.Initiative.private_objects.filter(pk=initiative.pk).update(rag="green")
    p.Milestone.objects.create(
        initiative=initiative, title="Open the third hub", due_date=datetime.date(2026, 1, 31)
    )
    post(
        initiative,
        factories.OfficerMembershipFactory(organisation=initiative.organisation).user,
        narrative="Waiting.",
    )
    client, _editor = signed_in(initiative.organisation, "editor")
    page = client.get(
        reverse("admin:priorities_initiative_change", args=[initiative.pk])
    ).content.decode()
    assert f'href="{reverse(ADD)}?initiative={initiative.pk}"' in page
    assert "Post an update" in page
    assert "1 update waiting for review" in page
    assert "1 milestone is overdue: “Open the third hub” (due 31 January 2026)" in page


def test_with_a_second_publisher_required_a_publishers_update_waits_and_says_why(initiative):
    initiative.organisation.second_publisher_required = True
    initiative.organisation.save()
    client, _publisher = signed_in(initiative.organisation, "publisher")
    response = client.post(reverse(ADD), form(initiative))
    assert p.InitiativeUpdate.private_objects.get().publication_state == "in_review"
    assert any("waiting for another publisher" in text for text in messages_of(response))


def test_save_and_continue_editing_stays_on_the_update(initiative):
    client, _editor = signed_in(initiative.organisation, "editor")
    response = client.post(reverse(ADD), {**form(initiative), "_continue": "1"})
    update = p.InitiativeUpdate.private_objects.get()
    assert response["Location"] == reverse(
        "admin:priorities_initiativeupdate_change", args=[update.pk]
    )
