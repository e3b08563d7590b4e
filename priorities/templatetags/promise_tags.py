"""Where a promise stands, the same on every public page: the stage indicator, a plan's
status, the RAG marker and the promise card.

``{% stage_indicator initiative.status %}``, ``{% plan_status plan.status %}``,
``{% rag_marker initiative.rag %}``, ``{% promise_card initiative %}`` (an initiative loaded by
``promise_cards.with_card_details``).

These are on every list of the public site, many times a page, so they are written in Python
rather than as included templates (issue 17: an included template per card was a third of a
plan page's rendering). The stage indicator, plan status and RAG marker depend only on their
arguments: each is built once per process and reused. Their markup is checked by
tests/priorities/pages/ (test_promise_card.py, test_stages.py) and the browser's HTML checks.
"""

import functools

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from priorities import tag_colours
from priorities.models import Rag
from priorities.promise_cards import promise_card as card_of
from priorities.stages import initiative_stage, plan_stage

register = template.Library()

#: The SVG inside a RAG marker, by shape (never colour alone: tag_colours.RAG_SHAPES).
RAG_SHAPE_SVG = {
    "circle": '<circle cx="8" cy="8" r="6.5"></circle>',
    "triangle": '<path d="M8 1.5 15 14.5H1Z"></path>',
    "square": '<rect x="2" y="2" width="12" height="12"></rect>',
    "none": '<circle cx="8" cy="8" r="6" stroke-dasharray="3 2"></circle>',
}


def long_date(day) -> str:
    """ "3 March 2026", as the date filter's "j F Y" writes it."""
    return f"{day.day} {MONTHS[day.month]} {day.year}"


def time_element(day):
    return format_html('<time datetime="{}">{}</time>', day.isoformat(), long_date(day))


@register.simple_tag
@functools.lru_cache(maxsize=64)
def stage_indicator(status, compact=False):
    """An initiative's stage: "Stage 3 of 6: under scrutiny" with a step bar, or in words off
    the usual journey; a link to what the stage means (``compact`` is accepted for the
    templates that pass it; the indicator is the same)."""
    stage = initiative_stage(status)
    if not stage.on_journey:
        return format_html(
            '<a class="govuk-link portal-stage portal-stage--off-journey" href="{}">'
            '<span class="portal-stage__words">{}</span></a>',
            stage.url,
            stage.words,
        )
    steps = format_html_join(
        "",
        '<span class="portal-stage__step{}"></span>',
        ((" portal-stage__step--reached" if reached else "",) for reached in stage.steps),
    )
    return format_html(
        '<a class="govuk-link portal-stage" href="{}"><span class="portal-stage__steps" '
        'aria-hidden="true">{}</span><span class="portal-stage__words">{}</span></a>',
        stage.url,
        steps,
        stage.words,
    )


@register.simple_tag
@functools.lru_cache(maxsize=32)
def plan_status(status, explain=False):
    """A plan's status, linking to what it means; ``explain`` says it beneath, so a proposed
    plan with initiatives in delivery does not puzzle anyone."""
    stage = plan_stage(status)
    link = format_html(
        '<a class="govuk-link portal-plan-status" href="{}">{}</a>', stage.url, stage.label
    )
    if not explain:
        return link
    meaning = stage.meaning[:1].upper() + stage.meaning[1:]
    return format_html('{}<br><span class="govuk-body-s">{}</span>', link, meaning)


@register.simple_tag
@functools.lru_cache(maxsize=16)
def rag_marker(rag):
    """A RAG rating as a shape and words: ● Green: on track, ▲ Amber: at risk, ■ Red: off
    track, or "Not rated"."""
    rag = rag or Rag.NOT_RATED
    shape = tag_colours.rag_shape(rag)
    return format_html(
        '<span class="portal-rag portal-rag--{}"><svg class="portal-rag__shape" '
        'viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">{}'
        '</svg><span class="portal-rag__words">{}</span></span>',
        rag,
        mark_safe(RAG_SHAPE_SVG.get(shape, RAG_SHAPE_SVG["none"])),
        Rag(rag).label,
    )


def _last_updated_fact(card):
    last = card.last_updated
    if last.stale:
        return format_html(
            "<dt>Not updated since:</dt><dd><strong>{}</strong></dd>", time_element(last.on)
        )
    return format_html("<dt>{}:</dt><dd>{}</dd>", last.label, time_element(last.on))


def _milestone_fact(card):
    milestone = card.next_milestone
    if milestone is None:
        words = "None planned"
    elif not milestone.due_date:
        words = milestone.title
    else:
        words = format_html(
            "{}, {} {}",
            milestone.title,
            mark_safe("<strong>overdue</strong> since" if card.next_milestone_overdue else "due"),
            time_element(milestone.due_date),
        )
    return format_html("<dt>Next milestone:</dt><dd>{}</dd>", words)


def _meeting_fact(card):
    meeting = card.next_meeting
    if meeting is None:
        return mark_safe("<dt>Next at committee:</dt><dd>No meeting set</dd>")
    return format_html(
        '<dt>Next at committee:</dt><dd><a class="govuk-link" href="{}">{}, {}</a></dd>',
        meeting.get_absolute_url(),
        meeting.committee.name,
        time_element(timezone.localtime(meeting.starts_at).date()),
    )


def render_promise_card(initiative, heading_level=3, show_organisation=True):
    """The card of one promise, as HTML: title, organisation, stage, RAG, last updated, next
    milestone and the next meeting it goes to. ``initiative`` is loaded by
    ``promise_cards.with_card_details`` (no queries here)."""
    card = card_of(initiative)
    organisation = (
        format_html(
            '<p class="govuk-body-s portal-card__organisation">Led by {}</p>',
            initiative.organisation.name,
        )
        if show_organisation
        else ""
    )
    facts = format_html_join(
        "",
        '<div class="portal-card__fact">{}</div>',
        (
            (_last_updated_fact(card),),
            (_milestone_fact(card),),
            (_meeting_fact(card),),
        ),
    )
    level = int(heading_level)
    return format_html(
        '<div class="portal-card"><h{} class="govuk-heading-s portal-card__title">'
        '<a class="govuk-link" href="{}">{}</a></h{}>{}'
        '<p class="govuk-body-s portal-card__status">{} {}</p>'
        '<dl class="portal-card__facts">{}</dl></div>',
        level,
        initiative.get_absolute_url(),
        initiative.title,
        level,
        organisation,
        stage_indicator(initiative.status),
        rag_marker(initiative.rag),
        facts,
    )


@register.simple_tag
def promise_card(initiative, heading_level=3, show_organisation=True):
    """The card of one promise: title, organisation, stage, RAG, last updated, next milestone
    and the next meeting it goes to."""
    return render_promise_card(initiative, heading_level, show_organisation)


@register.simple_tag(takes_context=True)
def result_promise_card(context, result, heading_level=3):
    """The promise card of an initiative in the search results (``result_initiatives``, loaded
    by the search page for its page of results)."""
    initiative = context["result_initiatives"][result.url]
    return render_promise_card(initiative, heading_level=heading_level)
