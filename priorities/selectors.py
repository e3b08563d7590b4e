"""Reads that span models, tuned once and shared by pages, feeds, exports and the API.

Every selector here starts from ``public_objects``: they serve the public.
"""

from django.db.models import Prefetch

from priorities.models import Organisation, Plan, Priority, StatusChange


def organisations_with_public_plans():
    """Return organisations that publish plans, each with ``public_plans`` and their
    ``public_priorities`` attached, in three queries whatever the size of the data."""
    public_plans = Plan.public_objects.prefetch_related(
        Prefetch(
            "priorities",
            queryset=Priority.public_objects.order_by("order", "title"),
            to_attr="public_priorities",
        )
    ).order_by("-period_start", "title")
    return (
        Organisation.objects.filter(plans__in=Plan.public_objects.all())
        .distinct()
        .order_by("name")
        .prefetch_related(Prefetch("plans", queryset=public_plans, to_attr="public_plans"))
    )


def recent_status_changes(limit=10):
    """Return the latest steps in the scrutiny journeys of published initiatives."""
    return (
        StatusChange.objects.published()
        .select_related("initiative__organisation", "meeting__committee__organisation")
        .order_by("-changed_at", "-pk")[:limit]
    )
