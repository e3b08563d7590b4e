"""The safeguarding pages of the public portal: the partnership, ambitions, indicators,
inspections and the alignment of priorities with ambitions."""

import datetime
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone

from priorities import extensions as priority_extensions
from priorities import models as p
from safeguarding import extensions, selectors, sitemaps
from safeguarding.models import InspectionKind, Judgement
from safeguarding.templatetags.safeguarding_tags import (
    axis_range,
    date_parts,
    indicator_chart,
    with_unit,
)
from tests import factories
from tests.safeguarding import factories as sg_factories

pytestmark = pytest.mark.django_db

DRAFT = p.PublicationState.DRAFT


@pytest.fixture
def world():
    """A fictional partnership, Castlebridge's, with drafts that must never be shown."""
    council = factories.OrganisationFactory(name="Castlebridge Council", slug="castlebridge")
    police = factories.OrganisationFactory(
        name="Castlebridge Police", slug="castlebridge-police", kind=p.OrganisationKind.POLICE
    )
    charity = factories.OrganisationFactory(
        name="Castlebridge Young Carers", slug="young-carers", kind=p.OrganisationKind.VOLUNTARY
    )
    profile = factories.PartnershipProfileFactory(
        organisation__name="Castlebridge Safeguarding Children Partnership",
        organisation__short_name="CSCP",
        organisation__slug="cscp",
        responsibilities="We protect children in Castlebridge from harm.",
        leadership_arrangements="The partnership is jointly led by the police and the council.",
        ambitions_introduction="We want every child in Castlebridge to have a great future:",
    )
    partnership = profile.organisation
    sg_factories.PartnershipMembershipFactory(
        partnership=partnership, member=council, is_lead_partner=True, role="Lead for the council"
    )
    sg_factories.PartnershipMembershipFactory(
        partnership=partnership, member=police, is_lead_partner=True, order=1
    )
    sg_factories.PartnershipMembershipFactory(partnership=partnership, member=charity)

    served = factories.AmbitionFactory(
        partnership=profile,
        title="Children are safe at home and in their communities",
        slug="safe-at-home",
        description="Every child feels safe where they live.",
        order=1,
    )
    gap = factories.AmbitionFactory(
        partnership=profile,
        title="Looked after children thrive",
        slug="looked-after-children-thrive",
        order=2,
    )
    draft_ambition = factories.AmbitionFactory(
        partnership=profile,
        title="DRAFT ambition never shown",
        slug="draft-ambition",
        order=3,
        publication_state=DRAFT,
    )

    council_plan = factories.PlanFactory(
        organisation=council, title="Castlebridge children and families plan", slug="cf-plan"
    )
    council_priority = factories.PriorityFactory(
        plan=council_plan,
        title="Double resources to tackle domestic violence",
        slug="double-resources",
    )
    unaligned = factories.PriorityFactory(
        plan=council_plan, title="Laptops for every pupil who needs one", slug="laptops"
    )
    draft_priority = factories.PriorityFactory(
        plan=council_plan, title="DRAFT priority never shown", publication_state=DRAFT
    )
    draft_plan_priority = factories.PriorityFactory(
        plan=factories.PlanFactory(organisation=council, publication_state=DRAFT),
        title="Priority of a DRAFT plan never shown",
    )
    partnership_plan = factories.PlanFactory(
        organisation=partnership, title="CSCP priorities 2025", slug="cscp-priorities"
    )
    partnership_priority = factories.PriorityFactory(
        plan=partnership_plan, title="Meaningful multi-agency data", slug="multi-agency-data"
    )
    served.priorities.add(council_priority, partnership_priority, draft_priority)
    # Only drafts serve this ambition: to the public it is a gap.
    gap.priorities.add(draft_priority, draft_plan_priority)
    draft_ambition.priorities.add(council_priority, unaligned)

    indicator = factories.IndicatorFactory(
        organisation=partnership,
        measured_by=police,
        ambition=served,
        title="Domestic abuse incidents shared with schools by the next school day",
        slug="domestic-abuse-notifications",
        description="The share of police call-outs shared with the child’s school in time.",
        unit="%",
        target_value=Decimal("95"),
        measure_code="CSC-DA-SCHOOLS",
    )
    measurements = [
        sg_factories.MeasurementFactory(
            indicator=indicator,
            period_end=datetime.date(2022, 6, 30),
            period_label="2022–23 Q1",
            value=Decimal("78.5"),
        ),
        sg_factories.MeasurementFactory(
            indicator=indicator,
            period_end=datetime.date(2022, 9, 30),
            period_label="2022–23 Q2",
            value=Decimal("81"),
        ),
        sg_factories.MeasurementFactory(
            indicator=indicator,
            period_end=datetime.date(2022, 12, 31),
            period_label="",
            value=Decimal("86.25"),
            target_value=Decimal("90"),
        ),
    ]
    draft_indicator = factories.IndicatorFactory(
        organisation=partnership,
        title="DRAFT indicator never shown",
        slug="draft-indicator",
        ambition=served,
        publication_state=DRAFT,
    )
    sg_factories.MeasurementFactory(indicator=draft_indicator, value=Decimal("12345"))

    inadequate = sg_factories.InspectionFactory(
        organisation=council,
        slug="2016-full-inspection",
        published_on=datetime.date(2016, 1, 1),
        date_is_approximate=True,
        judgement=Judgement.INADEQUATE,
    )
    improving = sg_factories.InspectionFactory(
        organisation=council,
        slug="2018-full-inspection",
        published_on=datetime.date(2018, 1, 1),
        date_is_approximate=True,
        judgement=Judgement.REQUIRES_IMPROVEMENT,
    )
    focused_visit = sg_factories.InspectionFactory(
        organisation=council,
        slug="2021-focused-visit",
        kind=InspectionKind.FOCUSED_VISIT,
        title="Focused visit: children in need",
        published_on=datetime.date(2021, 8, 26),
        judgement=Judgement.NOT_GRADED,
        summary="Services were agile and responsive.",
        findings="Strong partnership working.\n\nPartners feel listened to.",
        report_url="https://reports.example.org/castlebridge-2021",
    )
    return SimpleNamespace(**locals())


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def text_of(html):
    """The page's text with tags removed and white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def assert_page_basics(html):
    """One h1, a title and GOV.UK breadcrumbs."""
    assert html.count("<h1") == 1
    assert re.search(r"<title>[^<]+</title>", html)
    assert 'class="govuk-breadcrumbs' in html


def assert_no_drafts(html):
    assert "DRAFT" not in html
    assert "never shown" not in html


def partnership_url(world):
    return reverse("safeguarding:partnership", kwargs={"slug": world.partnership.slug})


def ambition_url(ambition):
    return reverse(
        "safeguarding:ambition",
        kwargs={"partnership_slug": ambition.partnership.organisation.slug, "slug": ambition.slug},
    )


def indicator_url(indicator):
    return reverse(
        "safeguarding:indicator",
        kwargs={"organisation_slug": indicator.organisation.slug, "slug": indicator.slug},
    )


def history_url(organisation):
    return reverse("safeguarding:inspections", kwargs={"organisation_slug": organisation.slug})


# --- The partnership -------------------------------------------------------------------------


def test_partnership_page_shows_leaders_members_ambitions_priorities_data_inspections(
    client, world
):
    html = page(client, partnership_url(world))
    text = text_of(html)
    assert_page_basics(html)
    assert '<h1 class="govuk-heading-xl">Castlebridge Safeguarding Children Partnership</h1>' in (
        html
    )
    assert "jointly led by the police and the council" in text
    lead_section = text.split("Lead partners")[1].split("Other members")[0]
    assert "Castlebridge Council" in lead_section
    assert "Castlebridge Police" in lead_section
    assert "Lead for the council" in lead_section
    assert "Castlebridge Young Carers" not in lead_section
    assert "Castlebridge Young Carers" in text.split("Other members")[2]
    assert ambition_url(world.served) in html
    assert ambition_url(world.gap) in html
    assert "No published priority serves this ambition yet" in text
    assert "Meaningful multi-agency data" in text
    assert world.partnership_priority.get_absolute_url() in html
    assert indicator_url(world.indicator) in html
    assert "86.25%" in text  # the latest value
    assert world.focused_visit.get_absolute_url() in html
    assert history_url(world.council) in html
    assert_no_drafts(html)


def test_partnership_page_404s_for_an_organisation_that_is_not_a_partnership(client, world):
    url = reverse("safeguarding:partnership", kwargs={"slug": world.charity.slug})
    assert client.get(url).status_code == 404
    missing = reverse("safeguarding:partnership", kwargs={"slug": "no-such-partnership"})
    assert client.get(missing).status_code == 404


# --- Ambitions -------------------------------------------------------------------------------


def test_ambition_page_lists_the_published_priorities_that_serve_it(client, world):
    html = page(client, ambition_url(world.served))
    text = text_of(html)
    assert_page_basics(html)
    assert "Children are safe at home and in their communities" in text
    assert "Every child feels safe where they live." in text
    assert world.council_priority.get_absolute_url() in html
    assert world.partnership_priority.get_absolute_url() in html
    assert "Castlebridge Council" in text
    assert "2 published priorities from 2 organisations serve this ambition" in text
    assert indicator_url(world.indicator) in html
    assert ambition_url(world.gap) in html  # the partnership's other ambitions
    assert_no_drafts(html)


def test_ambition_page_says_when_no_published_priority_serves_it(client, world):
    text = text_of(page(client, ambition_url(world.gap)))
    assert "No published priority serves this ambition yet." in text
    assert "never shown" not in text


@pytest.mark.parametrize(
    "state",
    [p.PublicationState.DRAFT, p.PublicationState.IN_REVIEW, p.PublicationState.ARCHIVED],
)
def test_an_unpublished_ambition_is_not_found(client, world, state):
    world.served.publication_state = state
    world.served.save()
    assert client.get(ambition_url(world.served)).status_code == 404
    assert client.get(ambition_url(world.draft_ambition)).status_code == 404


# --- Indicators ------------------------------------------------------------------------------


def test_indicator_page_says_what_is_measured_by_whom_and_against_what(client, world):
    html = page(client, indicator_url(world.indicator))
    text = text_of(html)
    assert_page_basics(html)
    assert "Domestic abuse incidents shared with schools by the next school day" in text
    assert "The share of police call-outs shared with the child’s school in time." in text
    assert "Measured by Castlebridge Police" in text
    assert "Per cent (%)" in text
    assert "Target 95%" in text
    assert "Higher values are better" in text
    assert ambition_url(world.served) in html


def test_indicator_chart_is_an_accessible_svg_with_a_table_of_every_measurement(client, world):
    html = page(client, indicator_url(world.indicator))
    svg = re.search(r'<svg[^>]*class="portal-chart".*?</svg>', html, re.DOTALL).group(0)
    opening = svg.split(">", 1)[0]
    assert 'role="img"' in opening
    title_id = re.search(r'aria-labelledby="([^"]+)"', opening).group(1)
    description_id = re.search(r'aria-describedby="([^"]+)"', opening).group(1)
    assert re.search(rf'<title id="{title_id}">Chart: Domestic abuse', svg)
    description = re.search(rf'<desc id="{description_id}">([^<]+)</desc>', svg).group(1)
    assert "3 measurements" in description
    assert "86.25%" in description
    assert "<script" not in html.split("<main", 1)[1].split("</main>")[0]
    # Value and target differ by more than colour: a dashed line and a "Target" label.
    assert 'stroke-dasharray="8 5"' in svg
    assert ">Target<" in svg

    table = re.search(r"<table.*?</table>", html, re.DOTALL).group(0)
    assert "<caption" in table
    assert table.count('scope="col"') == 3
    rows = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table, re.DOTALL)[1:]
    assert len(rows) == len(world.measurements)
    for row, expected in zip(
        rows,
        [
            ("2022–23 Q1", "78.5%", "95%"),
            ("2022–23 Q2", "81%", "95%"),
            ("31 December 2022", "86.25%", "90%"),
        ],
        strict=True,
    ):
        assert 'scope="row"' in row
        for value in expected:
            assert value in text_of(row)


def test_indicator_page_without_measurements_has_no_chart(client, world):
    indicator = factories.IndicatorFactory(organisation=world.partnership, title="New measure")
    html = page(client, indicator_url(indicator))
    assert "<svg" not in html
    assert "No measurements have been published yet" in html


@pytest.mark.parametrize(
    "state",
    [p.PublicationState.DRAFT, p.PublicationState.IN_REVIEW, p.PublicationState.ARCHIVED],
)
def test_an_unpublished_indicator_is_not_found(client, world, state):
    world.indicator.publication_state = state
    world.indicator.save()
    assert client.get(indicator_url(world.indicator)).status_code == 404
    assert client.get(indicator_url(world.draft_indicator)).status_code == 404


def test_indicator_page_does_not_link_to_a_draft_ambition(client, world):
    world.indicator.ambition = world.draft_ambition
    world.indicator.save()
    html = page(client, indicator_url(world.indicator))
    assert_no_drafts(html)
    assert ambition_url(world.draft_ambition) not in html


# --- Inspections -----------------------------------------------------------------------------


def test_inspection_page_shows_the_judgement_findings_and_report(client, world):
    html = page(client, world.focused_visit.get_absolute_url())
    text = text_of(html)
    assert_page_basics(html)
    assert '<time datetime="2021-08-26">26 August 2021</time>' in html
    assert "Not graded" in text
    assert "Focused visit" in text
    assert "Services were agile and responsive." in text
    assert "Strong partnership working." in text
    assert "Partners feel listened to." in text
    assert 'href="https://reports.example.org/castlebridge-2021"' in html
    assert history_url(world.council) in html
    assert world.inadequate.get_absolute_url() in html


def test_inspection_page_shows_an_approximate_date_as_such(client, world):
    html = page(client, world.inadequate.get_absolute_url())
    assert '<time datetime="2016">2016</time>' in html
    assert "month not known" not in html
    assert "Inadequate" in text_of(html)
    assert "2016" in re.search(r"<title>([^<]+)</title>", html).group(1)


def test_inspection_history_lists_judgements_in_date_order(client, world):
    html = page(client, history_url(world.council))
    text = text_of(html)
    assert_page_basics(html)
    table = text_of(re.search(r"<table.*?</table>", html, re.DOTALL).group(0))
    assert table.index("2016") < table.index("2018") < table.index("26 August 2021")
    assert (
        table.index("Inadequate") < table.index("Requires improvement") < table.index("Not graded")
    )
    # The latest graded judgement, and that the latest inspection was not graded.
    assert "Latest graded judgement: Requires improvement" in text
    assert "was not graded" in text


def test_judgement_tags_carry_text_as_well_as_colour(client, world):
    html = page(client, history_url(world.council))
    assert '<strong class="govuk-tag govuk-tag--red">Inadequate</strong>' in html
    assert '<strong class="govuk-tag govuk-tag--yellow">Requires improvement</strong>' in html


def test_inspection_pages_404_for_unknown_records(client, world):
    url = reverse(
        "safeguarding:inspection",
        kwargs={"organisation_slug": world.police.slug, "slug": world.focused_visit.slug},
    )
    assert client.get(url).status_code == 404
    assert client.get(history_url(SimpleNamespace(slug="nowhere"))).status_code == 404


def test_inspection_history_of_an_organisation_never_inspected(client, world):
    text = text_of(page(client, history_url(world.charity)))
    assert "No inspections of Castlebridge Young Carers have been recorded." in text


# --- Alignment -------------------------------------------------------------------------------


def test_alignment_shows_each_ambition_with_the_priorities_that_serve_it(client, world):
    html = page(client, reverse("safeguarding:alignment"))
    text = text_of(html)
    assert_page_basics(html)
    assert "Castlebridge Safeguarding Children Partnership" in text
    assert "1 of 2 ambitions is served by at least one published priority" in text
    section = text.split("Ambition 1")[1].split("Ambition 2")[0]
    assert "Double resources to tackle domestic violence" in section
    assert "Meaningful multi-agency data" in section
    assert world.council_priority.get_absolute_url() in html
    assert_no_drafts(html)


def test_alignment_shows_a_gap_for_an_ambition_no_published_priority_serves(client, world):
    html = page(client, reverse("safeguarding:alignment"))
    text = text_of(html)
    gap_section = text.split("Ambition 2")[1].split("Priorities that serve none")[0]
    assert "Looked after children thrive" in gap_section
    assert "No published priority serves this ambition." in gap_section
    assert "Gap" in text.split("Coverage of CSCP’s ambitions")[1].split("Ambition 1")[0]


def test_alignment_lists_priorities_that_serve_no_ambition(client, world):
    text = text_of(page(client, reverse("safeguarding:alignment")))
    unaligned = text.split("Priorities that serve none of these ambitions")[1]
    assert "Laptops for every pupil who needs one" in unaligned  # serves only a draft ambition
    assert "Double resources" not in unaligned


def test_alignment_with_no_partnership_ambitions(client):
    text = text_of(page(client, reverse("safeguarding:alignment")))
    assert "No partnership has published its ambitions yet." in text


# --- Additions to the priorities pages -------------------------------------------------------


def test_priority_page_provider_gives_only_published_ambitions(world):
    extras = priority_extensions.priority_page_extras(world.council_priority)
    sections = [
        context
        for template_name, context in extras["extra_sections"]
        if template_name == "safeguarding/includes/priority_ambitions.html"
    ]
    assert len(sections) == 1
    assert sections[0]["ambitions"] == [world.served]
    html = render_to_string(
        "safeguarding/includes/priority_ambitions.html", {"section": sections[0]}
    )
    assert ambition_url(world.served) in html
    assert_no_drafts(html)


def test_priority_page_provider_adds_nothing_when_no_published_ambition_is_served(world):
    assert extensions.priority_ambitions(world.unaligned) == {"extra_sections": []}


def test_priority_page_lists_only_published_ambitions(client, world):
    try:
        get_template("priorities/priority.html")
    except TemplateDoesNotExist:
        pytest.skip("the priority page's template is not there yet")
    html = page(client, world.council_priority.get_absolute_url())
    assert ambition_url(world.served) in html
    assert ambition_url(world.draft_ambition) not in html
    assert "DRAFT ambition" not in html


def test_organisation_pages_show_partnership_inspections_and_published_indicators(client, world):
    html = page(client, world.partnership.get_absolute_url())
    assert partnership_url(world) in html
    assert indicator_url(world.indicator) in html
    assert_no_drafts(html)
    html = page(client, world.council.get_absolute_url())
    assert history_url(world.council) in html
    assert world.focused_visit.get_absolute_url() in html


def test_organisation_provider_gives_inspections_and_published_indicators(world):
    provided = extensions.organisation_safeguarding(world.partnership)
    [(template_name, section)] = provided["extra_sections"]
    assert section["is_partnership"]
    assert section["indicators"] == [world.indicator]
    html = render_to_string(template_name, {"section": section})
    assert partnership_url(world) in html
    assert indicator_url(world.indicator) in html
    assert_no_drafts(html)

    [(template_name, section)] = extensions.organisation_safeguarding(world.council)[
        "extra_sections"
    ]
    html = render_to_string(template_name, {"section": section})
    assert history_url(world.council) in html
    assert world.focused_visit.get_absolute_url() in html
    assert "3 inspections" in html

    assert extensions.organisation_safeguarding(world.charity) == {"extra_sections": []}


# --- Sitemaps --------------------------------------------------------------------------------


def test_sitemaps_list_published_records_only(world):
    locations = {
        name: [sitemap().location(item) for item in sitemap().items()]
        for name, sitemap in sitemaps.sitemaps.items()
    }
    assert locations["partnerships"] == [partnership_url(world)]
    assert sorted(locations["ambitions"]) == sorted(
        [ambition_url(world.served), ambition_url(world.gap)]
    )
    assert locations["indicators"] == [indicator_url(world.indicator)]
    assert len(locations["inspections"]) == 3
    assert locations["inspection-histories"] == [history_url(world.council)]
    assert locations["alignment"] == [reverse("safeguarding:alignment")]


# --- Formatting ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "approximate", "expected"),
    [
        (datetime.date(2021, 8, 26), False, ("2021-08-26", "26 August 2021")),
        (datetime.date(2016, 1, 1), True, ("2016", "2016")),
        (datetime.date(2019, 3, 1), True, ("2019-03", "March 2019")),
        (datetime.date(2019, 3, 14), True, ("2019-03-14", "around 14 March 2019")),
    ],
)
def test_dates_that_are_known_only_roughly_say_so(day, approximate, expected):
    assert date_parts(day, approximate) == expected


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (Decimal("24.10"), "%", "24.1%"),
        (Decimal("100.00"), "%", "100%"),
        (Decimal("1234.50"), "children", "1,234.5 children"),
        (Decimal("0.00"), "", "0"),
    ],
)
def test_values_are_shown_with_their_units(value, unit, expected):
    assert with_unit(value, unit) == expected


def test_the_vertical_axis_starts_at_zero_and_ends_on_a_round_number():
    assert axis_range([24.1, 19.8, 18.0]) == (0, 25, 5)
    assert axis_range([-3.0, 7.0]) == (-4, 8, 2)
    assert axis_range([0.0]) == (0, 1, 0.2)
    assert axis_range([92.0, 95.0]) == (0, 100, 20)


def test_chart_of_one_measurement_without_a_target(world):
    indicator = factories.IndicatorFactory(title="Children seen", unit="children")
    measurement = sg_factories.MeasurementFactory(indicator=indicator, value=Decimal("1234.5"))
    html = indicator_chart(indicator, [measurement])
    svg = render_to_string("safeguarding/includes/indicator_chart.html", html)
    assert svg.count("<circle") == 2  # the legend's marker and the point
    assert "Target" not in svg
    assert "1,234.5 children" in svg
    assert "A line chart of 1 measurement, for" in svg


def test_chart_of_targets_that_change_over_time(world):
    sg_factories.MeasurementFactory(
        indicator=world.indicator,
        period_end=datetime.date(2023, 3, 31),
        value=Decimal("-5"),
        target_value=Decimal("85"),
    )
    html = text_of(
        render_to_string(
            "safeguarding/includes/indicator_chart.html",
            indicator_chart(world.indicator, world.indicator.measurements.all()),
        )
    )
    assert "-5%" in html
    assert "The target is 85%." in html


# --- Query counts ----------------------------------------------------------------------------


def grow(world, times):
    """Add ``times`` more of everything the pages list: members and their inspections,
    ambitions and the priorities serving them, partnership priorities, indicators and
    measurements, and other partnerships."""
    for _ in range(times):
        member = factories.OrganisationFactory()
        sg_factories.PartnershipMembershipFactory(
            partnership=world.partnership, member=member, is_lead_partner=True
        )
        sg_factories.InspectionFactory.create_batch(2, organisation=member)
        sg_factories.InspectionFactory(organisation=world.council)
        ambition = factories.AmbitionFactory(partnership=world.profile, order=9)
        plan = factories.PlanFactory(organisation=member)
        ambition.priorities.add(*factories.PriorityFactory.create_batch(2, plan=plan))
        world.served.priorities.add(factories.PriorityFactory(plan=plan))
        factories.PriorityFactory(plan=world.partnership_plan).ambitions.add(ambition)
        factories.PriorityFactory(plan=plan)  # serves nothing
        indicator = factories.IndicatorFactory(
            organisation=world.partnership, ambition=world.served, measured_by=member
        )
        sg_factories.MeasurementFactory.create_batch(2, indicator=indicator)
        sg_factories.MeasurementFactory(indicator=world.indicator)
        same_measure = factories.IndicatorFactory(
            organisation=member, measure_code=world.indicator.measure_code
        )
        sg_factories.MeasurementFactory.create_batch(2, indicator=same_measure)
        factories.IndicatorFactory(organisation=world.partnership, publication_state=DRAFT)
        other = factories.AmbitionFactory()
        other.priorities.add(factories.PriorityFactory())
        sg_factories.PartnershipMembershipFactory(partnership=other.partnership.organisation)


def assert_constant_queries(client, django_assert_max_num_queries, world, url, limit):
    grow(world, 1)
    with django_assert_max_num_queries(limit):
        assert client.get(url()).status_code == 200
    grow(world, 10)
    with django_assert_max_num_queries(limit):
        assert client.get(url()).status_code == 200


@pytest.mark.parametrize(
    ("name", "url", "limit"),
    [
        ("partnership", lambda w: partnership_url(w), 10),
        ("ambition", lambda w: ambition_url(w.served), 4),
        ("indicator", lambda w: indicator_url(w.indicator), 4),
        ("inspection", lambda w: w.focused_visit.get_absolute_url(), 2),
        ("inspection history", lambda w: history_url(w.council), 2),
        ("alignment", lambda w: reverse("safeguarding:alignment"), 6),
    ],
)
def test_query_count_does_not_grow_with_the_data(
    client, django_assert_max_num_queries, world, name, url, limit
):
    assert_constant_queries(client, django_assert_max_num_queries, world, lambda: url(world), limit)


def test_priority_provider_query_count_does_not_grow_with_the_data(
    django_assert_max_num_queries, world
):
    grow(world, 1)
    with django_assert_max_num_queries(1):
        extensions.priority_ambitions(world.council_priority)
    for ambition in factories.AmbitionFactory.create_batch(20):
        ambition.priorities.add(world.council_priority)
    with django_assert_max_num_queries(1):
        extensions.priority_ambitions(world.council_priority)


def test_organisation_provider_query_count_does_not_grow_with_the_data(
    django_assert_max_num_queries, world
):
    grow(world, 1)
    with django_assert_max_num_queries(3):
        extensions.organisation_safeguarding(world.partnership)
    grow(world, 10)
    with django_assert_max_num_queries(3):
        extensions.organisation_safeguarding(world.partnership)


# --- Inspection summaries --------------------------------------------------------------------


def test_inspection_summary_gives_the_latest_graded_judgement_and_later_visits_apart(world):
    section = selectors.organisation_safeguarding(world.council)
    assert section["latest_graded"] == world.improving
    assert section["latest_visit"] == world.focused_visit


def test_inspection_summary_without_a_visit_after_the_latest_graded_inspection(world):
    later = sg_factories.InspectionFactory(
        organisation=world.council,
        slug="2024-full-inspection",
        published_on=datetime.date(2024, 5, 1),
        judgement=Judgement.GOOD,
    )
    section = selectors.organisation_safeguarding(world.council)
    assert section["latest_graded"] == later
    assert section["latest_visit"] is None


def test_organisation_page_shows_the_latest_graded_judgement_and_the_focused_visit_apart(
    client, world
):
    html = page(client, world.council.get_absolute_url())
    section = re.search(r'id="organisation-inspections-heading".*?</section>', html, re.DOTALL)
    text = text_of(section.group(0))
    assert "Latest graded judgement: Requires improvement" in text
    assert "full inspection dated 2018" in text
    assert "All 2 findings" not in text  # up to three are shown
    assert "Judgement: Not graded" not in text
    # The focused visit's findings are shown on their own: a focused visit is not graded.
    assert "Focused visit: children in need" in text
    assert "dated 26 August 2021" in text
    assert "Focused visits are not graded" in text
    assert "Strong partnership working." in text
    assert "Partners feel listened to." in text


def test_organisation_page_of_an_organisation_only_visited_says_it_has_no_graded_judgement(
    client, world
):
    sg_factories.InspectionFactory(
        organisation=world.police,
        kind=InspectionKind.FOCUSED_VISIT,
        title="Focused visit to the police",
        judgement=Judgement.NOT_GRADED,
        findings="Good information sharing.",
    )
    text = text_of(page(client, world.police.get_absolute_url()))
    assert "No graded judgement has been recorded" in text
    assert "Good information sharing." in text


def test_organisation_page_shows_three_findings_of_a_visit_and_links_to_the_rest(client, world):
    world.focused_visit.findings = "\n\n".join(f"Finding number {n}." for n in range(1, 6))
    world.focused_visit.save()
    text = text_of(page(client, world.council.get_absolute_url()))
    assert "Finding number 3." in text
    assert "Finding number 4." not in text
    assert "All 5 findings of the focused visit" in text


# --- Indicators with context -----------------------------------------------------------------


def recent_measurement(indicator, value, **fields):
    """A measurement for the period that ended a month ago: the latest, and not old."""
    return sg_factories.MeasurementFactory(
        indicator=indicator,
        period_end=timezone.localdate() - datetime.timedelta(days=30),
        period_label="Last month",
        value=Decimal(value),
        **fields,
    )


def latest_value_row(html):
    row = re.search(r"Latest value</dt>.*?</dd>", html, re.DOTALL)
    assert row, "the page has no latest value"
    return row.group(0)


def test_indicator_below_its_target_where_higher_is_better_is_off_track(client, world):
    html = page(client, indicator_url(world.indicator))
    row = latest_value_row(html)
    # The latest value, 86.25%, against that period's own target, 90%.
    assert "Off track: 86.25% against a target of 90%" in text_of(row)
    # A shape says it as well as the words and the colour.
    assert re.search(r'<svg[^>]*class="portal-track__shape"[^>]*aria-hidden="true"', row)
    assert "portal-track--off" in row and "<polygon" in row


def test_indicator_meeting_its_target_is_on_track(client, world):
    recent_measurement(world.indicator, "96")
    row = latest_value_row(page(client, indicator_url(world.indicator)))
    assert "On track: 96% against a target of 95%" in text_of(row)
    assert "portal-track--on" in row and "<circle" in row


def test_indicator_where_lower_is_better_is_on_track_below_its_target(client, world):
    world.indicator.higher_is_better = False
    world.indicator.save()
    assert "On track: 86.25% against a target of 90%" in text_of(
        latest_value_row(page(client, indicator_url(world.indicator)))
    )


def test_indicator_without_a_target_has_no_track_marker(client, world):
    indicator = factories.IndicatorFactory(organisation=world.partnership, slug="no-target")
    recent_measurement(indicator, "12")
    row = latest_value_row(page(client, indicator_url(indicator)))
    assert "on track" not in row.lower() and "off track" not in row.lower()


def test_indicator_whose_latest_data_is_over_a_year_old_says_so(client, world):
    text = text_of(page(client, indicator_url(world.indicator)))
    assert (
        "The latest data is over a year old: it is for the period ending 31 December 2022" in text
    )


def test_indicator_with_recent_data_does_not_say_it_is_old(client, world):
    recent_measurement(world.indicator, "91")
    assert "over a year old" not in page(client, indicator_url(world.indicator))


@pytest.fixture
def comparators(world):
    """England's and the statistical neighbours' figures for two of the periods, and a
    neighbouring council publishing the same measure (its draft twin must never show)."""
    for measurement, england, neighbours in zip(
        world.measurements[1:], ["83.5", "84"], ["80", "82.75"], strict=True
    ):
        measurement.england_value = Decimal(england)
        measurement.statistical_neighbours_value = Decimal(neighbours)
        measurement.save()
    riverton = factories.OrganisationFactory(name="Riverton Council", slug="riverton")
    theirs = factories.IndicatorFactory(
        organisation=riverton, slug="da-schools", measure_code="CSC-DA-SCHOOLS", unit="%"
    )
    sg_factories.MeasurementFactory(
        indicator=theirs, period_end=datetime.date(2022, 12, 31), value=Decimal("88.5")
    )
    sg_factories.MeasurementFactory(
        indicator=theirs, period_end=datetime.date(2021, 3, 31), value=Decimal("70")
    )
    hidden = factories.OrganisationFactory(name="DRAFT council never shown", slug="hidden")
    draft = factories.IndicatorFactory(
        organisation=hidden,
        slug="da-schools",
        measure_code="CSC-DA-SCHOOLS",
        publication_state=DRAFT,
    )
    sg_factories.MeasurementFactory(indicator=draft, period_end=datetime.date(2022, 12, 31))
    return SimpleNamespace(riverton=riverton, theirs=theirs)


def test_indicator_page_compares_with_england_neighbours_and_the_same_measure_elsewhere(
    client, world, comparators
):
    html = page(client, indicator_url(world.indicator))
    assert_no_drafts(html)
    table = re.search(r"<table.*?</table>", html, re.DOTALL).group(0)
    headers = [text_of(h) for h in re.findall(r'<th scope="col".*?</th>', table, re.DOTALL)]
    assert headers == [
        "Period",
        "Value",
        "Target",
        "England",
        "Statistical neighbours",
        "Riverton Council",
    ]
    rows = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table, re.DOTALL)[1:]
    last = text_of(rows[-1])
    assert "84%" in last and "82.75%" in last and "88.5%" in last
    # A period a comparator has no figure for says so in words.
    assert "No figure" in rows[0]
    # Each comparator is a series of its own in the chart, told apart by shape and named.
    svg = re.search(r'<svg[^>]*class="portal-chart".*?</svg>', html, re.DOTALL).group(0)
    for name in ("England", "Statistical neighbours", "Riverton Council"):
        assert f">{name}<" in svg
    description = re.search(r"<desc[^>]*>([^<]+)</desc>", svg).group(1)
    assert "England: 84%" in description
    assert "Riverton Council: 88.5%" in description
    assert comparators.theirs.get_absolute_url() in html


def test_comparators_only_of_published_indicators_with_the_same_measure_code(world, comparators):
    context = selectors.indicator_page(world.partnership.slug, world.indicator.slug)
    assert [series.name for series in context["comparators"]] == [
        "England",
        "Statistical neighbours",
        "Riverton Council",
    ]
    world.indicator.measure_code = ""
    world.indicator.save()
    context = selectors.indicator_page(world.partnership.slug, world.indicator.slug)
    assert [series.name for series in context["comparators"]] == [
        "England",
        "Statistical neighbours",
    ]


def test_indicator_without_comparator_figures_has_no_comparator_series(world):
    context = selectors.indicator_page(world.partnership.slug, world.indicator.slug)
    assert context["comparators"] == []


def test_partnership_page_says_whether_each_indicator_is_on_track_and_up_to_date(client, world):
    html = page(client, partnership_url(world))
    table = text_of(re.search(r'id="indicators".*?</table>', html, re.DOTALL).group(0))
    assert "31 December 2022 : over a year old" in table
    assert "Off track: 86.25% against a target of 90% or more" in table
    recent_measurement(world.indicator, "97")
    table = text_of(
        re.search(
            r'id="indicators".*?</table>', page(client, partnership_url(world)), re.DOTALL
        ).group(0)
    )
    assert "over a year old" not in table
    assert "On track: 97% against a target of 95% or more" in table
