"""Where a promise stands, the same on every public page: the stage indicator, a plan's
status, the RAG marker and the promise card.

``{% stage_indicator initiative.status %}``, ``{% plan_status plan.status %}``,
``{% rag_marker initiative.rag %}``, ``{% promise_card initiative %}`` (an initiative loaded by
``promise_cards.with_card_details``).
"""

from django import template

from priorities import tag_colours
from priorities.models import Rag
from priorities.promise_cards import promise_card as card_of
from priorities.stages import initiative_stage, plan_stage

register = template.Library()


@register.inclusion_tag("priorities/includes/stage.html")
def stage_indicator(status, compact=False):
    """An initiative's stage: "Stage 3 of 6: under scrutiny" with a step bar, or in words off
    the usual journey; a link to what the stage means."""
    return {"stage": initiative_stage(status), "compact": compact}


@register.inclusion_tag("priorities/includes/plan_status.html")
def plan_status(status, explain=False):
    """A plan's status, linking to what it means; ``explain`` says it beneath, so a proposed
    plan with initiatives in delivery does not puzzle anyone."""
    return {"plan_stage": plan_stage(status), "explain": explain}


@register.inclusion_tag("priorities/includes/rag_marker.html")
def rag_marker(rag):
    """A RAG rating as a shape and words: ● Green: on track, ▲ Amber: at risk, ■ Red: off
    track, or "Not rated"."""
    rag = rag or Rag.NOT_RATED
    return {"rag": rag, "label": Rag(rag).label, "shape": tag_colours.rag_shape(rag)}


@register.inclusion_tag("priorities/includes/promise_card.html")
def promise_card(initiative, heading_level=3, show_organisation=True):
    """The card of one promise: title, organisation, stage, RAG, last updated, next milestone
    and the next meeting it goes to."""
    return {
        "card": card_of(initiative),
        "heading_level": heading_level,
        "show_organisation": show_organisation,
    }


@register.inclusion_tag("priorities/includes/promise_card.html", takes_context=True)
def result_promise_card(context, result, heading_level=3):
    """The promise card of an initiative in the search results (``result_initiatives``, loaded
    by the search page for its page of results)."""
    initiative = context["result_initiatives"][result.url]
    return promise_card(initiative, heading_level=heading_level)
