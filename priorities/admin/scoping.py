"""The base every ModelAdmin of the portal builds on: officers see and edit only their own
organisations' records, in every admin view.

One rule, applied everywhere: a record belongs to the organisation its queryset's
``organisation_lookup`` leads to (``permissions.owning_organisation``), and an officer may work
on it when they belong to that organisation. The rule limits:

- change lists, bulk actions and exports (``get_queryset`` → ``editable_by``);
- change, delete and history views, including simple-history's version pages, which fetch the
  record themselves (``has_*_permission(obj)``);
- change-list filters by a related record (``ScopedRelatedFieldListFilter``): the records the
  officer's own change list refers to;
- foreign-key and many-to-many choices (``formfield_for_*``): the field that places a record in
  an organisation offers the officer's organisations only; references to other records offer the
  officer's own records and published ones, never another organisation's drafts; users are the
  officer's colleagues;
- autocomplete, which answers with the same choices, and only for the autocomplete fields the
  admin offers the officer (``ScopedAutocompleteJsonView``);
- "view on site" (``may_view_on_site``).

Another organisation's records answer exactly as records that do not exist: a 404 wherever an
unknown id gets one, never a 403 that would tell the officer the record is there.

What the public may see (``public_records``) is what a published page shows: published records
of the models that have drafts, with their parts (an aim of a published plan, a status change of
a published initiative), and every record of the few models that have no drafts and a public
page each (``PUBLIC_WITHOUT_DRAFTS``). Records of any other model are private.
"""

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path, unquote
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from priorities.admin.history import HistoryDiffRevertAdminMixin
from priorities.admin.stale_edits import StaleEditAdminMixin
from priorities.permissions import (
    EDITING_ROLES,
    PUBLISHING_ROLES,
    officer_organisation_ids,
    owning_organisation,
)

#: A link typed without a scheme ("www.example.gov.uk/report") is taken to be https.
HTTPS_LINKS = {models.URLField: {"assume_scheme": "https"}}

#: Models without drafts whose every record has a public page, so anyone may know of them.
PUBLIC_WITHOUT_DRAFTS = frozenset(
    {
        "priorities.organisation",
        "priorities.theme",
        "priorities.committee",
        "priorities.meeting",
        "safeguarding.partnershipprofile",
        "safeguarding.inspection",
    }
)


def public_records(model):
    """Return the records of ``model`` the public may see (see the module docstring)."""
    if hasattr(model, "public_objects"):
        return model.public_objects.all()
    queryset = model._default_manager.all()
    if hasattr(queryset, "published"):
        return queryset.published()
    if model._meta.label_lower in PUBLIC_WITHOUT_DRAFTS:
        return queryset
    return queryset.none()


def editable_records(model, user):
    """Return the records of ``model`` that ``user`` may edit (none of a model that has no
    owning organisation)."""
    queryset = model._default_manager.all()
    if not hasattr(queryset, "editable_by"):
        return queryset.none()
    return queryset.editable_by(user)


def visible_records(model, user, queryset=None):
    """Return ``queryset`` (by default every record of ``model``) limited to what ``user`` may
    know of: the records they may edit and the public ones."""
    queryset = model._default_manager.all() if queryset is None else queryset
    if user.is_active and user.is_superuser:
        return queryset
    if model._meta.label_lower in PUBLIC_WITHOUT_DRAFTS:
        return queryset
    if hasattr(queryset, "visible_to"):
        return queryset.visible_to(user)
    return queryset.filter(
        models.Q(pk__in=editable_records(model, user).values("pk"))
        | models.Q(pk__in=public_records(model).values("pk"))
    )


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
    if owning:
        return queryset.filter(pk__in=editable_records(related, user).values("pk"))
    return visible_records(related, user, queryset)


def offers_autocomplete(admin_site, request, source_field) -> bool:
    """Return whether a form of ``admin_site`` the user may fill in (a model's admin, or an
    inline of one) shows ``source_field`` as an autocomplete."""
    source = source_field.model
    for model, model_admin in admin_site._registry.items():
        if not (
            model_admin.has_add_permission(request) or model_admin.has_change_permission(request)
        ):
            continue
        if model is source and source_field.name in model_admin.get_autocomplete_fields(request):
            return True
        for inline_class in model_admin.inlines:
            if inline_class.model is not source:
                continue
            inline = inline_class(model, admin_site)
            if source_field.name in inline.get_autocomplete_fields(request) and (
                inline.has_add_permission(request, None) or inline.has_change_permission(request)
            ):
                return True
    return False


class ScopedAutocompleteJsonView(AutocompleteJsonView):
    """Django's autocomplete, answering only for the autocomplete fields the admin offers the
    user (403 otherwise, as Django answers a request it cannot serve), with the choices that
    field offers in the form (``choices_for``)."""

    def process_request(self, request):
        term, model_admin, source_field, to_field_name = super().process_request(request)
        if not offers_autocomplete(self.admin_site, request, source_field):
            raise PermissionDenied
        return term, model_admin, source_field, to_field_name

    def get_queryset(self):
        owning = self.source_field.name == owning_field(self.source_field.model)
        return choices_for(self.request, self.source_field, super().get_queryset(), owning=owning)


def may_view_on_site(admin_site, request, content_type_id, object_id) -> bool:
    """Return whether "view on site" (``/admin/r/<content type>/<id>/``) may lead the user to
    the record's public address: a record they can open in the admin, or a public one."""
    from django.contrib.contenttypes.models import ContentType

    user = request.user
    if user.is_active and user.is_superuser:
        return True
    try:
        model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
    except (ValueError, ContentType.DoesNotExist):
        return False
    if model is None:
        return False
    model_admin = admin_site._registry.get(model)
    if model_admin is not None:
        obj = model_admin.get_object(request, unquote(object_id))
        if obj is not None and model_admin.has_view_or_change_permission(request, obj):
            return True
    try:
        return public_records(model).filter(pk=unquote(object_id)).exists()
    except (ValueError, ValidationError):
        return False


class ScopedRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A change list's filter by a related record, listing only the records the officer may
    know of (Django's lists every record of the related model, drafts of others included) that
    the officer's own change list refers to: "By organisation" names their organisations, never
    every public one (as Django's ``RelatedOnlyFieldListFilter``, within what they may know of).
    A superuser is offered every record."""

    def field_choices(self, field, request, model_admin):
        records = visible_records(field.related_model, request.user)
        if not request.user.is_superuser:
            value_name = field.remote_field.get_related_field().name
            referred = model_admin.get_queryset(request).values(self.field_path)
            records = records.filter(**{f"{value_name}__in": referred})
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            records = records.order_by(*ordering)
        value_field = field.remote_field.get_related_field().attname
        return [(getattr(record, value_field), str(record)) for record in records]


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
        """Answer autocomplete with what a reference may pick: own records and public ones."""
        return visible_records(self.model, request.user, queryset)

    def get_list_filter(self, request):
        # A filter by a related record lists only those the officer may know of.
        filters = []
        for item in super().get_list_filter(request):
            if isinstance(item, str):
                field = get_fields_from_path(self.model, item)[-1]
                if field.is_relation and not field.auto_created:
                    item = (item, ScopedRelatedFieldListFilter)
            filters.append(item)
        return filters

    def get_autocomplete_fields(self, request):
        # The owning field is a short, scoped select, never an autocomplete of everything.
        owning = owning_field(self.model)
        return [name for name in super().get_autocomplete_fields(request) if name != owning]

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Another organisation's record, or none at all: the same plain 404 for both, so an
        # officer cannot tell whether the other organisation has such a record.
        raise Http404("No such record.")

    def history_view(self, request, object_id, extra_context=None):
        # simple-history finds a record the queryset leaves out by its history, then refuses
        # (403) the officer of another organisation, where an unknown id gets a 404. Only the
        # history of a record the officer may see, or of their own deleted record, is shown.
        pk = unquote(object_id)
        if self.get_object(request, pk) is None and not self._is_own_deleted(request, pk):
            raise Http404("No such record.")
        return super().history_view(request, object_id, extra_context)

    def _is_own_deleted(self, request, pk) -> bool:
        history_attribute = getattr(self.model._meta, "simple_history_manager_attribute", None)
        if history_attribute is None:
            return False
        try:
            if self.model._base_manager.filter(pk=pk).exists():
                return False  # it exists, outside the officer's organisations
            version = (
                getattr(self.model, history_attribute)
                .filter(**{self.model._meta.pk.attname: pk})
                .order_by("-history_date")
                .first()
            )
            if version is None:
                return False
            return self.has_view_or_change_permission(request, version.instance)
        except (ValueError, ValidationError, ObjectDoesNotExist):
            return False

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


class NeverWrittenHereMixin:
    """For records only services write: shown in the admin, never added, changed or deleted."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(NeverWrittenHereMixin, admin.ModelAdmin):
    """For records only services write (status changes, the outbox): viewable, never edited."""


class SuperuserOnlyMixin:
    """For subscribers' personal data and global settings: only superusers see them."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def history_view(self, request, object_id, extra_context=None):
        # Refused before the record is looked for, as the change page is: an unknown id must
        # not answer otherwise than an existing one.
        if not self.has_module_permission(request):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)


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
