"""An indicator's page on a phone and a wide screen: the chart's labels are drawn at a readable
size, and the page with its on or off track marker and comparators passes axe and the Nu Html
Checker."""

import pytest

from tests import factories
from tests.browser import tools
from tests.browser.pages import absolute_url, create_portal_data
from tests.safeguarding import factories as sg_factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: The smallest text, in CSS pixels, the chart may show on a phone.
SMALLEST_TEXT = 13


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_chart_labels_are_readable(live_server, open_page, viewport):
    data = create_portal_data()
    page = open_page(javascript=False, viewport=viewport)
    tools.goto(page, live_server.url + absolute_url(data.indicator))
    chart = page.locator("svg.portal-chart")
    assert chart.is_visible()
    sizes = chart.evaluate(
        """svg => {
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return [...svg.querySelectorAll("text")].map(
                text => parseFloat(getComputedStyle(text).fontSize) * scale
            );
        }"""
    )
    assert sizes, "the chart has no labels"
    assert min(sizes) >= SMALLEST_TEXT, (
        f"the chart's smallest text is {min(sizes):.1f} px at {viewport} width"
    )
    # The chart fits the page: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def indicator_with_context(data):
    """Give the portal's indicator England's and the statistical neighbours' figures and a
    neighbouring council's indicator of the same measure."""
    indicator = data.indicator
    indicator.measure_code = "CSC-EXAMPLE"
    indicator.save()
    for number, measurement in enumerate(indicator.measurements.order_by("period_end")):
        measurement.england_value = measurement.value + 3 + number
        measurement.statistical_neighbours_value = measurement.value + 1
        measurement.save()
    neighbour = factories.OrganisationFactory(name="Riverton Council", slug="riverton")
    theirs = factories.IndicatorFactory(
        organisation=neighbour, slug="same-measure", measure_code="CSC-EXAMPLE", unit="%"
    )
    for measurement in indicator.measurements.all():
        sg_factories.MeasurementFactory(
            indicator=theirs, period_end=measurement.period_end, value=measurement.value - 2
        )
    return indicator


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_indicator_with_comparators_is_accessible_and_valid(live_server, open_page, viewport):
    tools.require_axe()
    tools.require_vnu()
    indicator = indicator_with_context(create_portal_data())
    page = open_page(viewport=viewport, bypass_csp=True)  # axe is injected as a script
    html = tools.goto(page, live_server.url + absolute_url(indicator)).text()
    text = page.locator("main").inner_text()
    assert "track:" in text  # on or off track against the target
    assert "Riverton Council" in page.locator("svg.portal-chart").inner_html()
    # The wide table scrolls on its own: the page does not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    violations = tools.run_axe(page)
    assert not violations, tools.describe_axe_violations(violations)
    messages = tools.validate_html({"indicator": html})["indicator"]
    failures = [message for message in messages if tools.is_failure(message)]
    assert not failures, tools.describe_vnu_messages(failures, html)
