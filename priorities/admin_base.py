"""The base every ModelAdmin of the portal builds on: officers see and edit only their own
organisations' records, in every admin view.

One rule, applied everywhere: a record belongs to the organisation its queryset's
``organisation_lookup`` leads to (``permissions.owning_organisation``), and an officer may work
on it when they belong to that organisation. The rule limits:

- change lists, bulk actions and exports (``get_queryset`` → ``editable_by``);
- change, delete and history views, including simple-history's version pages, which fetch the
  record themselves (``has_*_permission(obj)``);
- foreign-key and many-to-many choices (``formfield_for_*``): the field that places a record in
  an organisation offers the officer's organisations only; references to other records offer the
  officer's own records and published ones, never another organisation's drafts; users are the
  officer's colleagues;
- autocomplete, which answers with the same choices.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import models
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from priorities.admin_forms import StaleEditAdminMixin
from priorities.admin_history import HistoryDiffRevertAdminMixin
from priorities.permissions import (
    EDITING_ROLES,
    PUBLISHING_ROLES,
    officer_organisation_ids,
    owning_organisation,
)

#: A link typed without a scheme ("www.example.gov.uk/report") is taken to be https.
HTTPS_LINKS = {models.URLField: {"assume_scheme": "https"}}


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


def owning_field(model) -> str | None:
    """Return the name of the field that places a ``model`` record in an organisation."""
    lookup = getattr(model._meta.default_manager.get_queryset(), "organisation_lookup", None)
    if not lookup:
        return None
    return lookup.split("__")[0]


def officer_roles_by_organisation(request) -> dict[int, set[str]]:
    """Return the signed-in officer's roles per organisation id, once per request."""
    if not hasattr(request, "_officer_roles"):
        from priorities.models import OfficerMembership

        roles: dict[int, set[str]] = {}
        if request.user.is_authenticated:
            for organisation_id, role in OfficerMembership.objects.filter(
                user=request.user
            ).values_list("organisation", "role"):
                roles.setdefault(organisation_id, set()).add(role)
        request._officer_roles = roles
    return request._officer_roles


def choices_for(request, db_field, queryset, *, owning: bool):
    """Return the choices an officer may pick for ``db_field`` (see the module docstring)."""
    user = request.user
    if user.is_superuser:
        return queryset
    related = db_field.related_model
    if related is get_user_model():
        return queryset.filter(
            officer_memberships__organisation__in=officer_organisation_ids(user)
        ).distinct()
    scoped = related._default_manager.all()
    if not hasattr(scoped, "editable_by"):
        return queryset
    editable = related._default_manager.editable_by(user).values("pk")
    if owning:
        return queryset.filter(pk__in=editable)
    if hasattr(related, "public_objects"):
        public = related.public_objects.values("pk")
        return queryset.filter(models.Q(pk__in=editable) | models.Q(pk__in=public))
    return queryset


class ScopedChoicesMixin:
    formfield_overrides = HTTPS_LINKS

    def _is_owning(self, db_field):
        return db_field.name == owning_field(self.model)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = choices_for(
                request, db_field, field.queryset, owning=self._is_owning(db_field)
            )
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = choices_for(request, db_field, field.queryset, owning=False)
        return field


class TabularInline(ScopedChoicesMixin, admin.TabularInline):
    """Inline rows follow their parent record: any officer of its organisation may edit them."""

    def _may(self, request, obj):
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        if user.is_superuser:
            return True
        roles = officer_roles_by_organisation(request)
        if obj is None:
            return any(held & EDITING_ROLES for held in roles.values())
        return bool(roles.get(owning_organisation(obj).pk, set()) & EDITING_ROLES)

    def has_view_permission(self, request, obj=None):
        return self._may(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._may(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may(request, obj)


class OrganisationScopedMixin(ScopedChoicesMixin):
    """Officer scoping for a ModelAdmin of records that belong to an organisation.

    By default any role may view, add and change its organisations' records; deleting needs a
    publisher or an administrator.
    """

    list_per_page = 50
    show_full_result_count = False
    #: Roles that may view, add and change; roles that may delete (superusers always may).
    edit_roles = EDITING_ROLES
    delete_roles = PUBLISHING_ROLES

    # Querysets -------------------------------------------------------------------------------

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self._is_autocomplete(request) and not request.user.is_superuser:
            return self._autocomplete_queryset(request, queryset)
        return queryset.editable_by(request.user)

    def _is_autocomplete(self, request):
        match = getattr(request, "resolver_match", None)
        return match is not None and match.url_name == "autocomplete"

    def _autocomplete_queryset(self, request, queryset):
        """Answer autocomplete with what a reference may pick: own records and published ones
        (or every record, for models that have no drafts)."""
        if hasattr(self.model, "public_objects"):
            editable = queryset.editable_by(request.user).values("pk")
            public = self.model.public_objects.values("pk")
            return queryset.filter(models.Q(pk__in=editable) | models.Q(pk__in=public))
        return queryset

    def get_autocomplete_fields(self, request):
        # The owning field is a short, scoped select, never an autocomplete of everything.
        owning = owning_field(self.model)
        return [name for name in super().get_autocomplete_fields(request) if name != owning]

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Another organisation's record, or none at all: the same plain 404 for both, so an
        # officer cannot tell whether the other organisation has such a record.
        raise Http404("No such record.")

    # Permissions ------------------------------------------------------------------------------

    def _roles_for(self, request, obj):
        return officer_roles_by_organisation(request).get(owning_organisation(obj).pk, set())

    def _has_role(self, request, obj, roles):
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        if user.is_superuser:
            return True
        if obj is None:
            return any(held & roles for held in officer_roles_by_organisation(request).values())
        return bool(self._roles_for(request, obj) & roles)

    def has_module_permission(self, request):
        return self._has_role(request, None, self.edit_roles)

    def has_view_permission(self, request, obj=None):
        return self._has_role(request, obj, self.edit_roles)

    def has_add_permission(self, request, *args):
        return self._has_role(request, None, self.edit_roles)

    def has_change_permission(self, request, obj=None):
        return self._has_role(request, obj, self.edit_roles)

    def has_delete_permission(self, request, obj=None):
        return self._has_role(request, obj, self.delete_roles)

    # Permalinks -------------------------------------------------------------------------------

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


class OrganisationScopedAdmin(
    HistoryDiffRevertAdminMixin, StaleEditAdminMixin, OrganisationScopedMixin, SimpleHistoryAdmin
):
    """The admin of an officer-editable record: scoped, with its history (readable diffs and
    revert) and stale edits refused."""


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records only services write (status changes, the outbox): viewable, never edited."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SuperuserOnlyMixin:
    """For subscribers' personal data and global settings: only superusers see them."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)


class ScopedReadOnlyAdmin(OrganisationScopedMixin, ReadOnlyAdmin):
    """Records officers may see for their organisations but only services write."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class GlobalRecordAdmin(HistoryDiffRevertAdminMixin, StaleEditAdminMixin, SimpleHistoryAdmin):
    """Records shared by every organisation (themes): officers pick them, superusers edit them."""

    formfield_overrides = HTTPS_LINKS

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return self.has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_add_permission(request)
