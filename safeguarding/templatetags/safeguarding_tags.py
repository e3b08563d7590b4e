"""Template tags for the safeguarding pages: inspection dates that may be approximate, values
with their units, and an indicator's measurements drawn as an inline SVG line chart.

The chart is built here, on the server, so it needs no JavaScript. It is an image with an
accessible name and description; the page puts a table of every value beside it. Values and
the target are told apart by shape as well as colour: a solid line with round markers and a
label on each point, and a dashed line labelled "Target".
"""

import math
from decimal import Decimal

from django import template
from django.utils.dateformat import format as format_date
from django.utils.html import format_html

register = template.Library()


# --- Numbers and dates -----------------------------------------------------------------------


@register.filter
def number(value):
    """Format a number without trailing zeros and with thousands separators: 1,234.5."""
    if value is None or value == "":
        return ""
    if not isinstance(value, Decimal):
        value = Decimal(str(value))
    text = format(value.normalize(), ",f")
    return "0" if text in {"-0", ""} else text


@register.filter
def with_unit(value, unit=""):
    """Format a value with its unit: "24.1%", "312 children"."""
    if value is None or value == "":
        return ""
    text = number(value)
    if not unit:
        return text
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}"


def date_parts(day, approximate):
    """Return (machine-readable value, words) for a date that may be known only roughly.

    An approximate date on 1 January stands for the year alone ("2018"), one on the first of
    another month for that month alone ("March 2018"): the words say no more than is known.
    """
    if not approximate:
        return day.isoformat(), format_date(day, "j F Y")
    if day.month == 1 and day.day == 1:
        return f"{day:%Y}", f"{day:%Y}"
    if day.day == 1:
        return f"{day:%Y-%m}", format_date(day, "F Y")
    return day.isoformat(), f"around {format_date(day, 'j F Y')}"


@register.filter
def inspection_date_text(inspection):
    """An inspection's date in words, saying so when only the year or month is known."""
    return date_parts(inspection.published_on, inspection.date_is_approximate)[1]


@register.simple_tag
def inspection_date(inspection):
    """An inspection's date as a ``<time>`` element, approximate dates shown as such."""
    machine, words = date_parts(inspection.published_on, inspection.date_is_approximate)
    return format_html('<time datetime="{}">{}</time>', machine, words)


# --- The indicator chart ---------------------------------------------------------------------

#: The chart is drawn 400 units wide so that its 16-unit text stays about 14 pixels high in a
#: 390-pixel-wide phone's column; the stylesheet keeps it from growing past 32rem.
WIDTH = 400
LEFT, RIGHT, BOTTOM = 60, 16, 64
PLOT_WIDTH = WIDTH - LEFT - RIGHT
PLOT_HEIGHT = 220
#: One line of the key above the plot.
KEY_LINE = 24
#: Points keep this far from the ends of the plot, clear of the axis.
X_PADDING = 24
#: Points are labelled with their values when they are at least this far apart; otherwise
#: only the latest is (the table has them all).
POINT_LABEL_SPACE = 64
#: The space one label on the horizontal axis needs.
X_LABEL_SPACE = 72
#: How each comparator is drawn, in turn: a colour, a dash pattern and a marker shape, so that
#: the series differ by more than colour.
COMPARATOR_STYLES = [
    {"colour": "#4c2c92", "dash": "2 4", "shape": "square"},
    {"colour": "#d53880", "dash": "10 4 2 4", "shape": "triangle"},
    {"colour": "#505a5f", "dash": "12 6", "shape": "diamond"},
]


def axis_range(values, max_intervals=6):
    """The bottom, top and step of the vertical axis: it starts at zero unless values go
    below it, ends on a round number and has at most ``max_intervals`` intervals, each a
    round step (1, 2, 2.5 or 5 times a power of ten)."""
    low, high = min([0.0, *values]), max([0.0, *values])
    if low == high:
        high = low + 1
    magnitude = 10 ** math.floor(math.log10((high - low) / max_intervals))
    for step in (m * magnitude for m in (1, 2, 2.5, 5, 10, 20)):
        bottom, top = math.floor(low / step), math.ceil(high / step)
        if top - bottom <= max_intervals:
            return bottom * step, top * step, step
    raise AssertionError("unreachable: a step of 20 × magnitude always fits")


def split_label(label):
    """Split a period label into at most two lines: "2022–23 Q1" → ["2022–23", "Q1"]."""
    head, _, tail = label.rpartition(" ")
    return [head, tail] if head else [label]


def period_label(measurement):
    return measurement.period_label or format_date(measurement.period_end, "M Y")


def _coordinate(value):
    return round(value, 1)


def marker_points(shape, x, y, size=6):
    """The points of a comparator's marker polygon centred on (x, y)."""
    if shape == "square":
        corners = [(-size, -size), (size, -size), (size, size), (-size, size)]
    elif shape == "triangle":
        corners = [(0, -size - 1), (size + 1, size), (-size - 1, size)]
    else:  # diamond
        corners = [(0, -size - 1), (size + 1, 0), (0, size + 1), (-size - 1, 0)]
    return " ".join(f"{_coordinate(x + dx)},{_coordinate(y + dy)}" for dx, dy in corners)


@register.inclusion_tag("safeguarding/includes/indicator_chart.html")
def indicator_chart(indicator, measurements, comparators=(), id_prefix="indicator-chart"):
    """Draw ``measurements`` (oldest first) of ``indicator`` as a line chart against its
    target, with each comparator series (``selectors.ComparatorSeries``) beside them."""
    measurements = sorted(measurements, key=lambda m: m.period_end)
    context = {
        "indicator": indicator,
        "measurements": measurements,
        "title_id": f"{id_prefix}-title",
        "description_id": f"{id_prefix}-description",
        "width": WIDTH,
    }
    if not measurements:
        return context

    unit = indicator.unit
    values = [float(m.value) for m in measurements]
    targets = [
        m.target_value if m.target_value is not None else indicator.target_value
        for m in measurements
    ]
    target_values = [float(t) for t in targets if t is not None]
    comparator_values = [float(v) for series in comparators for v in series.values.values()]
    bottom, top, step = axis_range(values + target_values + comparator_values)

    key_lines = 1 + bool(target_values) + len(comparators)
    plot_top = KEY_LINE * key_lines + 24
    height = plot_top + PLOT_HEIGHT + BOTTOM

    def y_for(value):
        return _coordinate(plot_top + PLOT_HEIGHT - (value - bottom) / (top - bottom) * PLOT_HEIGHT)

    first_day = measurements[0].period_end.toordinal()
    span_days = measurements[-1].period_end.toordinal() - first_day

    def x_for(period_end):
        if not span_days:
            return _coordinate(LEFT + PLOT_WIDTH / 2)
        offset = period_end.toordinal() - first_day
        return _coordinate(LEFT + X_PADDING + offset / span_days * (PLOT_WIDTH - 2 * X_PADDING))

    points = []
    for measurement, value in zip(measurements, values, strict=True):
        points.append(
            {
                "x": x_for(measurement.period_end),
                "y": y_for(value),
                "label": with_unit(measurement.value, unit),
                "period": period_label(measurement),
            }
        )
    spacing = (PLOT_WIDTH - 2 * X_PADDING) / max(1, len(points) - 1)
    label_all = spacing >= POINT_LABEL_SPACE
    for index, point in enumerate(points):
        point["labelled"] = label_all or index == len(points) - 1

    # Label every point on the horizontal axis if there is room, else every second, third...
    label_every = max(
        1, math.ceil((len(points) - 1) * X_LABEL_SPACE / (PLOT_WIDTH - 2 * X_PADDING))
    )
    last = len(points) - 1
    x_labels = [
        {"x": point["x"], "lines": split_label(point["period"])}
        for index, point in enumerate(points)
        if (last - index) % label_every == 0
    ]

    tick_count = round((top - bottom) / step)
    y_ticks = []
    for index in range(tick_count + 1):
        value = bottom + index * step
        y_ticks.append({"y": y_for(value), "label": with_unit(Decimal(str(round(value, 6))), unit)})

    key = [{"y": 20, "kind": "value", "label": "Value"}]
    target = None
    if target_values:
        key.append({"y": 20 + KEY_LINE, "kind": "target", "label": "Target"})
        distinct = {t for t in targets if t is not None}
        if len(distinct) == 1 and len(target_values) == len(targets):
            value = float(next(iter(distinct)))
            target = {"points": f"{LEFT},{y_for(value)} {LEFT + PLOT_WIDTH},{y_for(value)}"}
        else:
            target = {
                "points": " ".join(
                    f"{x_for(m.period_end)},{y_for(float(t))}"
                    for m, t in zip(measurements, targets, strict=True)
                    if t is not None
                )
            }

    series_drawn = []
    for index, series in enumerate(comparators):
        style = COMPARATOR_STYLES[index % len(COMPARATOR_STYLES)]
        key_y = 20 + KEY_LINE * (len(key))
        key.append(
            {
                "y": key_y,
                "kind": "comparator",
                "label": series.name,
                "style": style,
                "marker": marker_points(style["shape"], LEFT + 16, key_y - 4),
            }
        )
        periods = sorted(series.values)
        coordinates = [(x_for(day), y_for(float(series.values[day]))) for day in periods]
        series_drawn.append(
            {
                "name": series.name,
                "style": style,
                "line": " ".join(f"{x},{y}" for x, y in coordinates),
                "markers": [marker_points(style["shape"], x, y) for x, y in coordinates],
            }
        )

    latest = measurements[-1]
    latest_target = targets[-1]
    description = [
        f"A line chart of {len(measurements)} "
        f"measurement{'s' if len(measurements) != 1 else ''}"
        + (
            f", from {points[0]['period']} to {points[-1]['period']}."
            if len(points) > 1
            else f", for {points[0]['period']}."
        ),
        f"The latest value, for {points[-1]['period']}, is {with_unit(latest.value, unit)}.",
    ]
    if latest_target is not None:
        description.append(f"The target is {with_unit(latest_target, unit)}.")
    description.append(
        "Higher values are better." if indicator.higher_is_better else "Lower values are better."
    )
    for series in comparators:
        day = max(series.values)
        when = "" if day == latest.period_end else f" (for the period ending {day:%-d %B %Y})"
        description.append(f"{series.name}: {with_unit(series.values[day], unit)}{when}.")
    description.append("The table of measurements below the chart gives every value.")

    context.update(
        {
            "height": height,
            "left": LEFT,
            "right_edge": LEFT + PLOT_WIDTH,
            "baseline": plot_top + PLOT_HEIGHT,
            "points": points,
            "line": " ".join(f"{p['x']},{p['y']}" for p in points),
            "x_labels": x_labels,
            "y_ticks": y_ticks,
            "key": key,
            "target": target,
            "comparators": series_drawn,
            "description": " ".join(description),
        }
    )
    return context
