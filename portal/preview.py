"""Officers preview a draft exactly as the public will see it once published.

A preview renders the record's own public page (found by resolving its permalink) with the
officer's editable records in place of the published ones. Only officers of the record's
organisation can open it; nobody else learns that the draft exists (404).
"""

from django.apps import apps
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import resolve, reverse
from django.views.decorators.cache import never_cache


def preview_url(record) -> str:
    meta = record._meta
    return reverse(
        "preview",
        kwargs={"app_label": meta.app_label, "model_name": meta.model_name, "pk": record.pk},
    )


@never_cache
@staff_member_required
def record_preview(request, app_label, model_name, pk):
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as missing:
        raise Http404("No such kind of record.") from missing
    if not hasattr(model, "public_objects"):
        raise Http404("Only publishable records have previews.")
    editable = model.private_objects.editable_by(request.user)
    record = get_object_or_404(editable, pk=pk)
    page = resolve(record.get_absolute_url())
    view = page.func.view_class.as_view(records=editable, preview=True)
    response = view(request, **page.kwargs)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
