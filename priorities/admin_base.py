"""The base every ModelAdmin of the portal builds on.

It shows each record's history (django-simple-history) and limits every list to the records
the signed-in officer may edit, through the model's ``editable_by`` queryset method. Officer
scoping of choices, actions and exports builds on the same method.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin


class OrganisationScopedAdmin(SimpleHistoryAdmin):
    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).editable_by(request.user)


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
