"""An officer's change-list filters name only their own organisations' records: "By
organisation" on the initiatives offers the officer's organisations, never every public one.
A superuser is offered every organisation."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from priorities import models as p
from tests import factories

pytestmark = pytest.mark.django_db


def filters(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    found = re.search(r'id="changelist-filter".*?</nav>', response.content.decode(), re.S)
    return found.group(0) if found else ""


@pytest.fixture
def world():
    council = factories.OrganisationFactory(name="Telford test council")
    partnership = factories.OrganisationFactory(name="Telford test partnership")
    other = factories.OrganisationFactory(name="Wandsworth test council")
    for organisation in (council, partnership, other):
        factories.InitiativeFactory(organisation=organisation)
    officer = factories.OfficerMembershipFactory(organisation=council, role="publisher").user
    factories.OfficerMembershipFactory(user=officer, organisation=partnership, role="editor")
    return officer


def test_an_officers_organisation_filter_names_their_organisations_only(client, world):
    client.force_login(world)
    shown = filters(client, reverse("admin:priorities_initiative_changelist"))
    assert "Telford test council" in shown
    assert "Telford test partnership" in shown
    assert "Wandsworth test council" not in shown


def test_a_superuser_is_offered_every_organisation(client, world):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org"))
    shown = filters(client, reverse("admin:priorities_initiative_changelist"))
    for name in ("Telford test council", "Telford test partnership", "Wandsworth test council"):
        assert name in shown


def test_the_telford_demo_officers_filters_name_no_other_council(client):
    call_command("load_demo_data", "--quiet")
    client.force_login(get_user_model().objects.get(username="officer-telford"))
    others = [
        organisation.name
        for organisation in p.Organisation.objects.exclude(
            officer_memberships__user__username="officer-telford"
        )
        if "Wandsworth" in organisation.name or "Westminster" in organisation.name
    ]
    assert others
    checked = 0
    for model in admin.site._registry:
        if model._meta.app_label not in ("priorities", "safeguarding"):
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = client.get(url)
        if response.status_code != 200:
            continue
        shown = filters(client, url)
        checked += bool(shown)
        for name in others:
            assert name not in shown, (model.__name__, name)
    assert checked >= 5
