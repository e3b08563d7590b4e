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

    An approximate date on 1 January stands for the year alone, one on the first of another
    month for that month alone.
    """
    if not approximate:
        return day.isoformat(), format_date(day, "j F Y")
    if day.month == 1 and day.day == 1:
        return f"{day:%Y}", f"{day:%Y} (month not known)"
    if day.day == 1:
        return f"{day:%Y-%m}", f"{format_date(day, 'F Y')} (day not known)"
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

WIDTH, HEIGHT = 560, 360
LEFT, RIGHT, TOP, BOTTOM = 64, 72, 64, 64
PLOT_WIDTH = WIDTH - LEFT - RIGHT
PLOT_HEIGHT = HEIGHT - TOP - BOTTOM
#: Points keep this far from the ends of the plot, clear of the axis and the "Target" label.
X_PADDING = 28
#: Beyond this many points the values are not written beside each point (the table has them).
MAX_POINT_LABELS = 12
#: The space one label on the horizontal axis needs.
X_LABEL_SPACE = 72


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


@register.inclusion_tag("safeguarding/includes/indicator_chart.html")
def indicator_chart(indicator, measurements, id_prefix="indicator-chart"):
    """Draw ``measurements`` (oldest first) of ``indicator`` as a line chart against its
    target."""
    measurements = sorted(measurements, key=lambda m: m.period_end)
    context = {
        "indicator": indicator,
        "measurements": measurements,
        "title_id": f"{id_prefix}-title",
        "description_id": f"{id_prefix}-description",
        "width": WIDTH,
        "height": HEIGHT,
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
    bottom, top, step = axis_range(values + target_values)

    def y_for(value):
        return _coordinate(TOP + PLOT_HEIGHT - (value - bottom) / (top - bottom) * PLOT_HEIGHT)

    first_day = measurements[0].period_end.toordinal()
    span_days = measurements[-1].period_end.toordinal() - first_day

    def x_for(measurement):
        if not span_days:
            return _coordinate(LEFT + PLOT_WIDTH / 2)
        offset = measurement.period_end.toordinal() - first_day
        return _coordinate(LEFT + X_PADDING + offset / span_days * (PLOT_WIDTH - 2 * X_PADDING))

    points = []
    for measurement, value in zip(measurements, values, strict=True):
        points.append(
            {
                "x": x_for(measurement),
                "y": y_for(value),
                "label": with_unit(measurement.value, unit),
                "period": period_label(measurement),
            }
        )

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

    target = None
    if target_values:
        distinct = {t for t in targets if t is not None}
        if len(distinct) == 1 and len(target_values) == len(targets):
            value = float(next(iter(distinct)))
            target = {
                "points": f"{LEFT},{y_for(value)} {LEFT + PLOT_WIDTH},{y_for(value)}",
                "label_x": LEFT + PLOT_WIDTH + 8,
                "label_y": y_for(value),
            }
        else:
            target_points = [
                (x_for(m), y_for(float(t)))
                for m, t in zip(measurements, targets, strict=True)
                if t is not None
            ]
            target = {
                "points": " ".join(f"{x},{y}" for x, y in target_points),
                "label_x": LEFT + PLOT_WIDTH + 8,
                "label_y": target_points[-1][1],
            }

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
    description.append("The table of measurements beside the chart gives every value.")

    context.update(
        {
            "left": LEFT,
            "right_edge": LEFT + PLOT_WIDTH,
            "top": TOP,
            "baseline": TOP + PLOT_HEIGHT,
            "points": points,
            "line": " ".join(f"{p['x']},{p['y']}" for p in points),
            "label_points": len(points) <= MAX_POINT_LABELS,
            "x_labels": x_labels,
            "y_ticks": y_ticks,
            "target": target,
            "description": " ".join(description),
        }
    )
    return context
