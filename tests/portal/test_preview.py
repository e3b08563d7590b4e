"""Officers preview drafts as the public will see them; nobody else can."""

import pytest

from portal.preview import preview_url
from priorities import models as p
from tests import factories

pytestmark = pytest.mark.django_db


def officer_of(organisation):
    return factories.OfficerMembershipFactory(organisation=organisation).user


@pytest.mark.parametrize(
    "make_draft",
    [
        lambda: factories.InitiativeFactory(publication_state="draft", title="Secret pilot"),
        lambda: factories.PlanFactory(publication_state="draft", title="Secret pilot"),
        lambda: factories.PriorityFactory(
            publication_state="draft", title="Secret pilot", plan__publication_state="draft"
        ),
        lambda: factories.AmbitionFactory(publication_state="draft", title="Secret pilot"),
        lambda: factories.IndicatorFactory(publication_state="draft", title="Secret pilot"),
    ],
    ids=["initiative", "plan", "priority", "ambition", "indicator"],
)
def test_an_officer_previews_a_draft_as_the_public_page(client, make_draft):
    from priorities.permissions import owning_organisation

    draft = make_draft()
    assert client.get(draft.get_absolute_url()).status_code == 404

    client.force_login(officer_of(owning_organisation(draft)))
    response = client.get(preview_url(draft))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Secret pilot" in content
    assert "Preview: this page is not published" in content
    assert response["X-Robots-Tag"].startswith("noindex")
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_an_officer_of_another_organisation_gets_404(client):
    draft = factories.InitiativeFactory(publication_state="draft")
    client.force_login(officer_of(factories.OrganisationFactory()))
    assert client.get(preview_url(draft)).status_code == 404


def test_the_public_is_sent_to_sign_in(client):
    draft = factories.InitiativeFactory(publication_state="draft")
    response = client.get(preview_url(draft))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_unknown_models_and_unpublishable_ones_are_404(client):
    client.force_login(factories.UserFactory(is_superuser=True))
    assert client.get("/preview/priorities/nothing/1/").status_code == 404
    meeting = factories.MeetingFactory()
    assert client.get(f"/preview/priorities/meeting/{meeting.pk}/").status_code == 404


def test_the_public_page_of_a_published_record_has_no_preview_banner(client):
    initiative = factories.InitiativeFactory()
    assert b"preview-banner" not in client.get(initiative.get_absolute_url()).content
    assert p.Initiative.public_objects.filter(pk=initiative.pk).exists()
