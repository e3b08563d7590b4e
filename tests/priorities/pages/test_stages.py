"""Where a promise stands: the stage indicator, the RAG marker and "What the stages mean"."""

import re
from html import unescape

import pytest
from django.template import Context, Template

from priorities import models as p
from priorities.lifecycle import InitiativeStatus
from priorities.stages import all_initiative_stages, initiative_stage, plan_stage

S = InitiativeStatus


def render(source, **context):
    return Template("{% load promise_tags %}" + source).render(Context(context))


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", unescape(html))).strip()


@pytest.mark.parametrize(
    "status, words",
    [
        (S.PROPOSED, "Stage 1 of 6: proposed"),
        (S.AWAITING_SCRUTINY, "Stage 2 of 6: awaiting scrutiny"),
        (S.UNDER_SCRUTINY, "Stage 3 of 6: under scrutiny"),
        (S.ADOPTED, "Stage 4 of 6: adopted"),
        (S.IN_DELIVERY, "Stage 5 of 6: in delivery"),
        (S.COMPLETED, "Stage 6 of 6: completed"),
        (S.DEFERRED, "Deferred: decision put off"),
        (S.REFERRED_BACK, "Referred back: sent back for changes"),
        (S.CALLED_IN, "Called in: decision being reviewed"),
        (S.REJECTED, "Rejected: not going ahead"),
        (S.WITHDRAWN, "Withdrawn: stopped"),
    ],
)
def test_each_status_says_its_stage_in_words(status, words):
    """On the usual journey a status is "stage n of 6"; off it, it says so in words."""
    stage = initiative_stage(status)
    assert stage.words == words
    assert stage.on_journey == words.startswith("Stage")
    assert text_of(render("{% stage_indicator status %}", status=status)) == words


def test_the_step_bar_fills_the_stages_reached_and_none_off_the_journey():
    html = render("{% stage_indicator status %}", status=S.UNDER_SCRUTINY)
    assert html.count("portal-stage__step--reached") == 3
    assert len(re.findall(r'class="portal-stage__step( |")', html)) == 6
    assert 'aria-hidden="true"' in html
    off = render("{% stage_indicator status %}", status=S.REJECTED)
    assert "portal-stage__step" not in off
    assert "portal-stage--off-journey" in off


def test_every_stage_indicator_links_to_its_meaning():
    html = render("{% stage_indicator status %}", status=S.ADOPTED)
    assert 'href="/about/stages/#stage-adopted"' in html
    assert initiative_stage(S.REFERRED_BACK).url == "/about/stages/#stage-referred-back"
    assert plan_stage(p.PlanStatus.PROPOSED).url == "/about/stages/#plan-proposed"


def test_stages_use_no_rag_colour():
    """Green, yellow and red belong to the RAG marker: no stage or plan status is drawn in
    them, on the pages or in the reports' tags."""
    from priorities.tag_colours import status_colour

    for status in [*S.values, *p.PlanStatus.values]:
        assert status_colour(status) in {"blue", "grey"}, status
    html = render("{% stage_indicator status %}", status=S.COMPLETED)
    assert "green" not in html and "govuk-tag" not in html


@pytest.mark.parametrize(
    "rag, shape, words",
    [
        ("green", "<circle", "Green: on track"),
        ("amber", "<path", "Amber: at risk"),
        ("red", "<rect", "Red: off track"),
        ("not_rated", "stroke-dasharray", "Not rated"),
    ],
)
def test_the_rag_marker_is_a_shape_and_words(rag, shape, words):
    html = render("{% rag_marker rag %}", rag=rag)
    assert text_of(html) == words
    assert shape in html
    assert f"portal-rag--{rag}" in html
    svg = re.search(r"<svg[^>]*>", html).group(0)
    assert 'aria-hidden="true"' in svg and 'focusable="false"' in svg


def test_the_rag_shapes_differ():
    shapes = {
        re.search(r"<svg[^>]*>(.*?)</svg>", render("{% rag_marker r %}", r=r)).group(1)
        for r in ("green", "amber", "red", "not_rated")
    }
    assert len(shapes) == 4


@pytest.mark.django_db
def test_the_stages_page_explains_every_stage_and_plan_status(client):
    response = client.get("/about/stages/")
    assert response.status_code == 200
    html = unescape(response.content.decode())
    for stage in all_initiative_stages():
        assert f'id="{stage.anchor}"' in html
        assert stage.meaning in html
    assert "Adopted: agreed by the committee; work has not started yet." in text_of(html)
    assert "Stage 3 of 6: under scrutiny" in text_of(html)
    for status in p.PlanStatus.values:
        assert f'id="{plan_stage(status).anchor}"' in html
    for words in ("Green: on track", "Amber: at risk", "Red: off track", "Not rated"):
        assert words in text_of(html)
    # The usual journey comes first, in order.
    positions = [
        html.index(f'id="{initiative_stage(s).anchor}"')
        for s in (
            S.PROPOSED,
            S.AWAITING_SCRUTINY,
            S.UNDER_SCRUTINY,
            S.ADOPTED,
            S.IN_DELIVERY,
            S.COMPLETED,
            S.DEFERRED,
        )
    ]
    assert positions == sorted(positions)


@pytest.mark.django_db
def test_the_stages_page_is_in_the_sitemap(client):
    assert "/about/stages/</loc>" in client.get("/sitemap.xml").content.decode()


@pytest.mark.django_db
def test_a_proposed_plan_says_its_initiatives_can_already_be_under_way(client):
    from tests import factories

    plan = factories.PlanFactory(status=p.PlanStatus.PROPOSED)
    html = unescape(client.get(plan.get_absolute_url()).content.decode())
    assert 'href="/about/stages/#plan-proposed">Proposed</a>' in html
    assert "Work on its initiatives can already be under way." in html
