"""Small template helpers for the public pages: breadcrumbs, times, numbers and milestones."""

import datetime
import re
from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from priorities import tag_colours

register = template.Library()


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(*parts):
    """Render GOV.UK breadcrumbs from alternating labels and links, home first.

    ``{% breadcrumbs organisation.name organisation.get_absolute_url plan.title %}`` gives
    Home › organisation › plan. A label with no link after it is the current page.
    """
    items = [{"text": "Home", "href": reverse("priorities:home")}]
    parts = list(parts)
    while parts:
        text = parts.pop(0)
        href = parts.pop(0) if parts else None
        items.append({"text": text, "href": href})
    return {"items": items}


@register.filter(expects_localtime=True)
def clock(value):
    """Format a time the GOV.UK way: "7:30pm", "7pm", "midday", "midnight"."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        value = value.time()
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    if value.hour == 12 and value.minute == 0:
        return "midday"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    if value.minute:
        return f"{hour}:{value.minute:02d}{suffix}"
    return f"{hour}{suffix}"


CURRENCIES = {"£", "$", "€"}


@register.filter
def quantity(value, unit=""):
    """Format a measured value with its unit: "£1,500", "85%", "2", "12 schools"."""
    if value in (None, ""):
        return ""
    unit = (unit or "").strip()
    number = Decimal(value)
    if number == number.to_integral():
        number = number.quantize(Decimal(1))
    elif unit in CURRENCIES:
        number = number.quantize(Decimal("0.01"))
    else:
        number = number.normalize()
    text = number_format(number, force_grouping=True)
    if not unit:
        return text
    if unit in CURRENCIES:
        return f"-{unit}{text[1:]}" if text.startswith("-") else f"{unit}{text}"
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}"


@register.filter
def milestone_state(milestone, today=None):
    """Where a milestone stands (``Milestone.state``): its ``label`` says it in words."""
    return milestone.state(today)


@register.filter(name="milestone_colour")
def milestone_colour_filter(state):
    """The GOV.UK tag colour of a milestone's state (see priorities/tag_colours.py)."""
    return tag_colours.milestone_colour(state)


#: The portal's main sections: (label, link). Each section covers the pages whose path starts
#: with its link, except Home, which is only itself; committee pages sit under organisations'
#: paths, so "/committees/" anywhere in a path counts as the Committees section.
SERVICE_NAVIGATION = [
    ("Home", "/"),
    ("Councils and plans", "/organisations/"),
    ("Committees", "/committees/"),
    ("How plans line up", "/alignment/"),
    ("Search", "/search/"),
]


@register.simple_tag(takes_context=True)
def service_navigation_items(context):
    """Return the navigation items, each with ``current``: "page", "true" or None."""
    request = context.get("request")
    path = request.path if request else ""
    items = []
    for text, href in SERVICE_NAVIGATION:
        if path == href:
            current = "page"
        elif href == "/committees/" and href in path:
            current = "true"  # a committee's pages sit under its organisation's address
        elif href not in ("/", "/committees/") and path.startswith(href):
            current = None if "/committees/" in path else "true"
        else:
            current = None
        items.append({"text": text, "href": href, "current": current})
    return items


@register.filter
def period(start, end=None):
    """Describe a span of months: "April 2025 to March 2028", "From April 2025", "Until …".

    Usage: ``{{ plan.period_start|period:plan.period_end }}``.
    """
    if start and end:
        return f"{date_format(start, 'F Y')} to {date_format(end, 'F Y')}"
    if start:
        return f"From {date_format(start, 'F Y')}"
    if end:
        return f"Until {date_format(end, 'F Y')}"
    return ""


@register.filter
def paragraphs(text):
    """Turn plain text into GOV.UK body paragraphs: blank lines part them, newlines break lines."""
    text = str(text or "").replace("\r\n", "\n")
    blocks = [block.strip() for block in text.split("\n\n") if block.strip()]
    return format_html_join(
        "\n",
        '<p class="govuk-body">{}</p>',
        (
            (format_html_join(mark_safe("<br>"), "{}", ((line,) for line in block.split("\n"))),)
            for block in blocks
        ),
    )


@register.filter(name="status_colour")
def status_colour_filter(status):
    """The GOV.UK tag colour of a plan or initiative status (see priorities/tag_colours.py)."""
    return tag_colours.status_colour(status)


@register.filter(name="rag_colour")
def rag_colour_filter(rag):
    """The GOV.UK tag colour of a RAG rating (see priorities/tag_colours.py)."""
    return tag_colours.rag_colour(rag)


@register.inclusion_tag("includes/report_downloads.html")
def report_downloads(subject, heading_id="report-downloads"):
    """Render "Download this report: PDF, Word, Excel, CSV" for a meeting, committee or plan.

    A committee's links cover all its meetings, with a link to choose a period.
    """
    from priorities.models import Committee, Meeting, Plan
    from priorities.reports.formats import REPORT_FORMATS

    if isinstance(subject, Meeting):
        kwargs = {
            "organisation_slug": subject.committee.organisation.slug,
            "committee_slug": subject.committee.slug,
            "slug": subject.slug,
        }
        links = [
            (
                fmt.label,
                reverse("priorities:meeting_report", kwargs={**kwargs, "report_format": key}),
            )
            for key, fmt in REPORT_FORMATS.items()
        ]
        return {"links": links, "scope": "meeting", "heading_id": heading_id}
    if isinstance(subject, Plan):
        kwargs = {"organisation_slug": subject.organisation.slug, "slug": subject.slug}
        links = [
            (fmt.label, reverse("priorities:plan_report", kwargs={**kwargs, "report_format": key}))
            for key, fmt in REPORT_FORMATS.items()
        ]
        return {"links": links, "scope": "plan", "heading_id": heading_id}
    if isinstance(subject, Committee):
        form_url = reverse(
            "priorities:committee_report",
            kwargs={"organisation_slug": subject.organisation.slug, "slug": subject.slug},
        )
        links = [
            (fmt.label, f"{form_url}?report_format={key}") for key, fmt in REPORT_FORMATS.items()
        ]
        return {
            "links": links,
            "scope": "committee",
            "form_url": form_url,
            "heading_id": heading_id,
        }
    raise TypeError(f"No report for {subject!r}")


WORD = re.compile(r"\w+")


@register.filter
def without_title(text, title):
    """Return ``text`` without a first sentence that only repeats ``title``.

    A summary that opens "Provide extra support for carers. “We are also keen…”" under the title
    "Provide extra support for carers" starts at "“We are also keen…”". Case and punctuation
    between the words do not matter ("provision – especially" matches "provision, especially");
    the title must end a sentence, so "Anti-racist practice … across the partnership" is kept.
    """
    text = str(text or "")
    title_words = [word.lower() for word in WORD.findall(str(title or ""))]
    if not title_words:
        return text
    position = 0
    for title_word in title_words:
        match = WORD.search(text, position)
        if match is None or match.group(0).lower() != title_word:
            return text
        position = match.end()
    rest = text[position:]
    ending = re.match(r"\s*[.:!?;]?(\s+|$)", rest)
    if not ending or (not ending.group(0).strip() and rest.strip()):
        return text
    return rest[ending.end() :].lstrip()
