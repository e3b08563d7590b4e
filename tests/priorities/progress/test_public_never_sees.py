"""An update waiting for review, sent back or in draft reaches no public place: the initiative's
page, search, feeds, the API, the sitemap. Its progress and RAG stay off the initiative until a
publisher approves it."""

import pytest
from django.urls import reverse

from priorities.services import record_send_back
from tests.priorities.progress.conftest import officer, post

pytestmark = pytest.mark.django_db

SECRET = "Zanzibarite outreach pilot"


@pytest.fixture
def unpublished(initiative):
    editor = officer(initiative.organisation, "editor")
    in_review = post(
        initiative, editor, narrative=f"{SECRET} began.", rag="red", rag_reason=f"{SECRET}."
    )
    sent_back = post(initiative, editor, narrative=f"{SECRET} paused.", progress=99)
    record_send_back(
        record=sent_back,
        acting_user=officer(initiative.organisation, "publisher"),
        comment="Check the figure.",
    )
    return in_review, sent_back


def body(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    content = response.streaming_content if hasattr(response, "streaming_content") else None
    return b"".join(content).decode() if content else response.content.decode()


PUBLIC_PLACES = [
    "/search/",
    "/search/results.csv",
    "/feeds/status-changes/",
    "/sitemap.xml",
    "/api/v1/initiatives/",
]


@pytest.mark.parametrize("url", PUBLIC_PLACES)
def test_no_public_place_names_an_unpublished_update(client, initiative, unpublished, url):
    assert SECRET not in body(client, url, q="Zanzibarite")


def test_the_initiative_page_and_its_api_record_keep_the_published_rating(
    client, initiative, unpublished
):
    assert SECRET not in body(client, initiative.get_absolute_url())
    record = client.get(f"/api/v1/initiatives/{initiative.pk}/").json()
    assert (record["rag"], record["progress"]) == ("not_rated", 0)
    assert SECRET not in str(record)
    feed = reverse(
        "discovery:initiative_feed",
        kwargs={"organisation_slug": initiative.organisation.slug, "slug": initiative.slug},
    )
    assert SECRET not in body(client, feed)
