"""Officers' choices, autocomplete and actions reach their own organisations' records only."""

import datetime
import json

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from priorities import models as p
from priorities.permissions import owning_organisation
from safeguarding.models import Measurement
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


# Another organisation's records look exactly like records that do not exist ------------------


def _unknown_pk(model):
    return (model._base_manager.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000


def _view_on_site(record, pk=None):
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(type(record))
    return reverse("admin:view_on_site", args=[content_type.pk, record.pk if pk is None else pk])


def test_view_on_site_answers_404_for_another_organisations_draft_as_for_no_record(
    client, officer, own, other
):
    theirs = factories.InitiativeFactory(
        organisation=other, slug="draft-close-two-childrens-centres", publication_state="draft"
    )
    response = client.get(_view_on_site(theirs))
    assert response.status_code == 404
    assert "draft-close" not in response.get("Location", "")
    assert client.get(_view_on_site(theirs, _unknown_pk(p.Initiative))).status_code == 404

    # A published priority of a draft plan is not public either.
    hidden_priority = factories.PriorityFactory(
        plan__organisation=other, plan__publication_state="draft"
    )
    assert client.get(_view_on_site(hidden_priority)).status_code == 404


def test_view_on_site_still_leads_to_the_officers_own_drafts_and_to_public_records(
    client, officer, own, other
):
    own_draft = factories.InitiativeFactory(organisation=own, publication_state="draft")
    their_published = factories.InitiativeFactory(organisation=other)
    their_committee = factories.CommitteeFactory(organisation=other)
    for record in (own_draft, their_published, their_committee):
        response = client.get(_view_on_site(record))
        assert response.status_code == 302, record
        assert response["Location"].endswith(record.get_absolute_url())


def _autocomplete(client, model_name, field_name, term=""):
    return client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "priorities",
            "model_name": model_name,
            "field_name": field_name,
            "term": term,
        },
    )


def test_a_model_an_officer_cannot_open_is_no_source_for_autocomplete(client, officer, own, other):
    theirs = factories.InitiativeFactory(
        organisation=other, title="DRAFT close two centres", publication_state="draft"
    )
    p.StatusChange.objects.create(
        initiative=theirs,
        from_status="proposed",
        to_status="awaiting_scrutiny",
        changed_at=timezone.now(),
        reason="Secret reason",
    )

    response = _autocomplete(client, "notification", "status_change", "DRAFT")
    assert response.status_code == 403
    assert b"close two centres" not in response.content
    assert _autocomplete(client, "notification", "status_change", "Secret").status_code == 403


def test_autocomplete_never_offers_aims_of_another_organisations_draft_plan(
    client, officer, own, other
):
    p.Aim.objects.create(
        plan=factories.PlanFactory(organisation=other, publication_state="draft"),
        title="Aim of their draft plan",
        slug="their-draft-aim",
    )
    p.Aim.objects.create(
        plan=factories.PlanFactory(organisation=other),
        title="Aim of their published plan",
        slug="their-public-aim",
    )
    p.Aim.objects.create(
        plan=factories.PlanFactory(organisation=own, publication_state="draft"),
        title="Aim of our draft plan",
        slug="our-draft-aim",
    )

    response = _autocomplete(client, "priority", "aim", "Aim")

    assert response.status_code == 200
    titles = {result["text"] for result in json.loads(response.content)["results"]}
    assert titles == {"Aim of our draft plan", "Aim of their published plan"}


def test_a_priority_form_refuses_an_aim_of_another_organisations_draft_plan(
    client, officer, own, other
):
    hidden = p.Aim.objects.create(
        plan=factories.PlanFactory(organisation=other, publication_state="draft"),
        title="Aim of their draft plan",
        slug="their-draft-aim",
    )
    field = form_field(client, reverse("admin:priorities_priority_add"), "aim")
    assert hidden not in field.queryset


def test_autocomplete_answers_only_for_fields_the_admin_offers_as_autocomplete(
    client, officer, own, other
):
    # Status changes are chosen nowhere in an officer's forms: no source lists them.
    assert _autocomplete(client, "agendaitem", "meeting").status_code == 403  # owning field
    assert _autocomplete(client, "statuschange", "initiative").status_code == 403
    assert _autocomplete(client, "initiative", "priorities").status_code == 200


def test_history_of_another_organisations_record_answers_404_as_for_no_record(
    client, officer, own, other
):
    theirs = factories.InitiativeFactory(organisation=other, publication_state="draft")
    url = reverse("admin:priorities_initiative_history", args=[theirs.pk])
    assert client.get(url).status_code == 404
    unknown = reverse("admin:priorities_initiative_history", args=[_unknown_pk(p.Initiative)])
    assert client.get(unknown).status_code == 404

    # A deleted record's history: the officer's own still shows, another organisation's is 404.
    gone = factories.InitiativeFactory(organisation=other, publication_state="draft")
    gone_pk = gone.pk
    gone.delete()
    url = reverse("admin:priorities_initiative_history", args=[gone_pk])
    assert client.get(url).status_code == 404
    mine = factories.InitiativeFactory(organisation=own, title="Our deleted initiative")
    mine_pk = mine.pk
    mine.delete()
    response = client.get(reverse("admin:priorities_initiative_history", args=[mine_pk]))
    assert response.status_code == 200


def test_change_list_filters_never_name_another_organisations_drafts(client, officer, own, other):
    factories.IndicatorFactory(
        organisation=other, title="Their draft indicator", publication_state="draft"
    )
    factories.IndicatorFactory(organisation=other, title="Their published indicator")
    ours = [
        factories.IndicatorFactory(
            organisation=own, title="Our draft indicator", publication_state="draft"
        ),
        factories.IndicatorFactory(organisation=own, title="Our published indicator"),
    ]
    for indicator in ours:
        Measurement.objects.create(
            indicator=indicator, period_end=datetime.date(2025, 3, 31), value=1
        )

    response = client.get(reverse("admin:safeguarding_measurement_changelist"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Our draft indicator" in page
    # The filter names what the officer's own change list refers to: their indicators only,
    # not another organisation's, published or not.
    assert "Their published indicator" not in page
    assert "Their draft indicator" not in page
