"""Officers' choices, autocomplete and actions reach their own organisations' records only."""

import json

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from priorities import models as p
from priorities.permissions import owning_organisation
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def own():
    return factories.OrganisationFactory(name="Telford test", slug="telford-test")


@pytest.fixture
def other():
    return factories.OrganisationFactory(name="Wandsworth test", slug="wandsworth-test")


@pytest.fixture
def officer(client, own):
    user = factories.OfficerMembershipFactory(organisation=own, role="publisher").user
    client.force_login(user)
    return user


def form_field(client, url, name):
    return client.get(url).context["adminform"].form.fields[name]


def test_an_initiative_can_only_be_placed_in_the_officers_organisations(
    client, officer, own, other
):
    field = form_field(client, reverse("admin:priorities_initiative_add"), "organisation")
    assert list(field.queryset) == [own]


def test_an_initiative_may_serve_published_priorities_of_others_but_not_their_drafts(
    client, officer, own, other
):
    own_draft = factories.PriorityFactory(plan__organisation=own, publication_state="draft")
    others_published = factories.PriorityFactory(plan__organisation=other)
    others_draft = factories.PriorityFactory(plan__organisation=other, publication_state="draft")
    field = form_field(client, reverse("admin:priorities_initiative_add"), "priorities")
    assert own_draft in field.queryset
    assert others_published in field.queryset
    assert others_draft not in field.queryset


def test_owners_are_chosen_from_colleagues_only(client, officer, own, other):
    colleague = factories.OfficerMembershipFactory(organisation=own).user
    stranger = factories.OfficerMembershipFactory(organisation=other).user
    field = form_field(client, reverse("admin:priorities_initiative_add"), "owners")
    assert colleague in field.queryset
    assert stranger not in field.queryset


def test_autocomplete_never_offers_another_organisations_drafts(client, officer, own, other):
    factories.PriorityFactory(
        plan__organisation=other, title="Hidden draft priority", publication_state="draft"
    )
    factories.PriorityFactory(plan__organisation=other, title="Shared published priority")
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "priorities",
            "model_name": "initiative",
            "field_name": "priorities",
            "term": "priority",
        },
    )
    assert response.status_code == 200
    titles = [result["text"] for result in json.loads(response.content)["results"]]
    assert "Shared published priority" in titles
    assert "Hidden draft priority" not in titles


def test_a_bulk_action_cannot_reach_another_organisations_record(client, officer, own, other):
    theirs = factories.InitiativeFactory(organisation=other, publication_state="draft")
    client.post(
        reverse("admin:priorities_initiative_changelist"),
        {"action": "publish", admin.helpers.ACTION_CHECKBOX_NAME: [theirs.pk]},
    )
    theirs.refresh_from_db()
    assert theirs.publication_state == "draft"


def test_posting_another_organisations_record_as_a_choice_is_refused(client, officer, own, other):
    response = client.post(
        reverse("admin:priorities_plan_add"),
        {
            "organisation": other.pk,
            "title": "Planted plan",
            "slug": "planted",
            "status": "draft",
            "aims-TOTAL_FORMS": 0,
            "aims-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "organisation" in response.context["adminform"].form.errors
    assert not p.Plan.private_objects.filter(slug="planted").exists()


def test_the_telford_demo_officer_gets_403_or_404_on_every_wandsworth_record(client):
    call_command("load_demo_data", "--quiet")
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="officer-telford"))
    wandsworth = p.Organisation.objects.get(slug="wandsworth")
    checked = 0
    for model in admin.site._registry:
        if model._meta.app_label not in ("priorities", "safeguarding"):
            continue
        manager = model._default_manager
        if not hasattr(manager.get_queryset(), "organisation_lookup"):
            continue
        for record in manager.all():
            if owning_organisation(record) != wandsworth:
                continue
            for view in ("change", "delete", "history"):
                name = f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}"
                status = client.get(reverse(name, args=[record.pk])).status_code
                assert status in (403, 404), (model.__name__, record.pk, view, status)
                checked += 1
    assert checked > 100

    telford_initiative = p.Initiative.private_objects.filter(
        organisation__slug="telford-and-wrekin"
    ).first()
    url = reverse("admin:priorities_initiative_change", args=[telford_initiative.pk])
    assert client.get(url).status_code == 200
