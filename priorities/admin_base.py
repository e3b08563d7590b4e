"""The base every ModelAdmin of the portal builds on.

It shows each record's history (django-simple-history) and limits every list to the records
the signed-in officer may edit, through the model's ``editable_by`` queryset method. Officer
scoping of choices, actions and exports builds on the same method.
"""

from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin


def has_public_permalink(obj) -> bool:
    """Return whether ``obj``'s URL is public, so its slug must never change.

    Records without a publication state are public once they exist; the others once they
    have been published (even if archived since).
    """
    if obj is None or obj.pk is None:
        return False
    if hasattr(obj, "publication_state"):
        return obj.published_at is not None or obj.is_published
    return True


#: A link typed without a scheme ("www.example.gov.uk/report") is taken to be https.
HTTPS_LINKS = {models.URLField: {"assume_scheme": "https"}}


class TabularInline(admin.TabularInline):
    formfield_overrides = HTTPS_LINKS


class OrganisationScopedAdmin(SimpleHistoryAdmin):
    list_per_page = 50
    show_full_result_count = False
    formfield_overrides = HTTPS_LINKS

    def get_queryset(self, request):
        return super().get_queryset(request).editable_by(request.user)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if has_public_permalink(obj) and "slug" not in readonly and self._has_slug():
            readonly.append("slug")
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        prepopulated = dict(super().get_prepopulated_fields(request, obj))
        if has_public_permalink(obj):
            prepopulated.pop("slug", None)
        return prepopulated

    def _has_slug(self):
        return any(field.name == "slug" for field in self.model._meta.fields)


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records only services write (status changes, the outbox): viewable, never edited."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SuperuserOnlyMixin:
    """For subscribers' personal data: only superusers see it."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)
