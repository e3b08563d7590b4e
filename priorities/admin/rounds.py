"""The admin of update rounds: a publisher prepares a round, opens it (its owners are emailed),
follows who has updated, and closes it (its report is built for the committee).

The round's page shows, from ``rounds.selectors``, who has updated, who has not and what waits
for review, each a link to act. Opening and closing are buttons on that page leading to a
confirmation (a POST with its CSRF token) that calls ``rounds.services``. Editors see rounds but
neither change, open nor close them.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse

from priorities.admin.scoping import OrganisationScopedAdmin, editable_records
from priorities.models import (
    Organisation,
    Plan,
    ReportExport,
    ReportExportState,
    ReportScope,
    UpdateRound,
)
from priorities.permissions import PUBLISHING_ROLES
from priorities.reports.builds import ReportRequest, is_large, report_export_request
from priorities.reports.formats import REPORT_FORMATS
from priorities.reports.links import request_base_url
from priorities.reports.views import attachment
from priorities.rounds.emails import post_update_url
from priorities.rounds.selectors import (
    EARLY_UPDATE_DAYS,
    RoundState,
    counting_period,
    owner_name,
    round_progress,
)
from priorities.rounds.services import round_close, round_open


def round_state_text(update_round):
    if update_round.closed_at:
        return "Closed"
    if update_round.opened_at:
        return "Open"
    return "Prepared"


def owner_state_text(entry):
    """Where an owner stands in words: "Updated", "Waiting for review", "Not updated yet",
    or "1 of 2 updated" while only some of theirs are."""
    updated = len(entry.initiatives) - len(entry.outstanding)
    if entry.state == RoundState.OUTSTANDING and updated:
        return f"{updated} of {len(entry.initiatives)} updated"
    return RoundState(entry.state).label


def admin_url(name, *args):
    """The admin page ``name`` of a record, or "" when no admin offers it."""
    try:
        return reverse(f"admin:{name}", args=args)
    except NoReverseMatch:
        return ""


class OwnOrganisationsFilter(admin.RelatedFieldListFilter):
    """The change list's filter by organisation: the officer's own organisations only."""

    def field_choices(self, field, request, model_admin):
        organisations = (
            Organisation.objects.all()
            if request.user.is_superuser
            else editable_records(Organisation, request.user)
        )
        return [(organisation.pk, str(organisation)) for organisation in organisations]


class UpdateRoundForm(forms.ModelForm):
    class Meta:
        model = UpdateRound
        fields = ["organisation", "plan", "name", "due_on", "reminder_days"]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean(self):
        cleaned = super().clean()
        organisation, plan = cleaned.get("organisation"), cleaned.get("plan")
        if organisation and plan and plan.organisation_id != organisation.pk:
            self.add_error("plan", "Choose one of the organisation’s own plans.")
        return cleaned


class UpdateRoundAdmin(OrganisationScopedAdmin):
    form = UpdateRoundForm
    change_form_template = "admin/rounds/change_form.html"
    list_display = ["name", "organisation", "plan", "due_on", "state", "updated"]
    list_filter = ["organisation"]
    search_fields = ["name"]
    date_hierarchy = "due_on"
    list_select_related = ["organisation", "plan"]
    #: Publishers prepare, open and close rounds; any officer of the organisation looks.
    change_roles = PUBLISHING_ROLES

    @staticmethod
    def state(update_round):
        return round_state_text(update_round)

    @staticmethod
    def updated(update_round):
        if not update_round.opened_at:
            return "–"
        counts = round_progress(update_round).counts
        return f"{counts['updated']} of {counts['total']}"

    updated.short_description = "Initiatives updated"

    # Permissions ------------------------------------------------------------------------------

    def get_list_filter(self, request):
        # Rounds are filtered by the officer's own organisations, not every public one.
        return [("organisation", OwnOrganisationsFilter)]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "plan" and field is not None and not request.user.is_superuser:
            # A round is for one of the officer's own organisations' plans.
            field.queryset = field.queryset.filter(
                pk__in=editable_records(Plan, request.user).values("pk")
            )
        return field

    def has_add_permission(self, request, *args):
        return self._has_role(request, None, self.change_roles)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.closed_at is not None:
            return False  # a closed round is a record of what happened
        return self._has_role(request, obj, self.change_roles)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.opened_at is not None:
            return False  # owners were emailed about it
        return self._has_role(request, obj, self.change_roles)

    def may_run(self, request, update_round):
        """Whether the officer may open or close ``update_round`` (a publisher of its
        organisation)."""
        return self._has_role(request, update_round, self.change_roles)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.opened_at is not None:
            # Owners were told what the round covers.
            readonly += ["organisation", "plan"]
        return readonly

    # Pages ------------------------------------------------------------------------------------

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/open/", view(self.open_view), name=f"{name}_open"),
            path("<path:object_id>/close/", view(self.close_view), name=f"{name}_close"),
            path(
                "<path:object_id>/report/<str:file_format>/",
                view(self.report_view),
                name=f"{name}_report",
            ),
            *super().get_urls(),
        ]

    def _round(self, request, object_id):
        update_round = self.get_object(request, unquote(object_id))
        if update_round is None or not self.has_view_permission(request, update_round):
            raise Http404("No such round.")
        return update_round

    def _change_url(self, update_round):
        return reverse("admin:priorities_updateround_change", args=[update_round.pk])

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context.update(self.round_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def round_context(self, request, update_round):
        progress = round_progress(update_round)
        may_run = self.may_run(request, update_round)
        return {
            "round": update_round,
            "round_state": round_state_text(update_round),
            "early_update_days": EARLY_UPDATE_DAYS,
            "counting_period": counting_period(update_round),
            # Read only (closed, or an editor): the footer leads back to the list, not "Close".
            "changelist_url": reverse("admin:priorities_updateround_changelist"),
            "opened_by": owner_name(update_round.opened_by) if update_round.opened_by else "",
            "progress": progress,
            "updated_rows": [
                {
                    "initiative": item.initiative,
                    "update": item.published_update,
                    "update_url": admin_url(
                        "priorities_initiativeupdate_change", item.published_update.pk
                    ),
                }
                for item in progress.updated
            ],
            "waiting_rows": [
                {
                    "update": update,
                    "posted_by": owner_name(update.posted_by) if update.posted_by else "",
                    # Only those who may publish act on a review; editors see the state.
                    "review_url": (
                        admin_url("priorities_initiativeupdate_change", update.pk)
                        if may_run
                        else ""
                    ),
                }
                for update in progress.waiting_for_review
            ],
            "outstanding_rows": [
                {
                    "initiative": item.initiative,
                    "owners": ", ".join(owner_name(owner) for owner in item.initiative.round_owners)
                    or "No owner",
                    "post_update_url": post_update_url(item.initiative, update_round),
                }
                for item in progress.outstanding
            ],
            "owner_rows": [
                {
                    "name": owner_name(entry.owner),
                    "email": entry.owner.email,
                    "state": owner_state_text(entry),
                    "state_key": entry.state,
                    "initiatives": len(entry.initiatives),
                    "outstanding": len(entry.outstanding),
                }
                for entry in progress.owners
            ],
            "open_url": (
                reverse("admin:priorities_updateround_open", args=[update_round.pk])
                if may_run and update_round.opened_at is None
                else ""
            ),
            "close_url": (
                reverse("admin:priorities_updateround_close", args=[update_round.pk])
                if may_run and update_round.is_open
                else ""
            ),
            "report_links": (
                [
                    (
                        report_format.label,
                        reverse("admin:priorities_updateround_report", args=[update_round.pk, key]),
                    )
                    for key, report_format in REPORT_FORMATS.items()
                ]
                if update_round.closed_at
                else []
            ),
        }

    def _confirm(self, request, object_id, *, action, run, done):
        update_round = self._round(request, object_id)
        if not self.may_run(request, update_round):
            raise PermissionDenied
        change_url = self._change_url(update_round)
        if request.method == "POST":
            try:
                run(update_round=update_round, acting_user=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, done(update_round))
            return HttpResponseRedirect(change_url)
        progress = round_progress(update_round)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": update_round,
            "round": update_round,
            "progress": progress,
            "action": action,
            "title": f"{action.capitalize()} the round “{update_round.name}”?",
            "app_label": self.model._meta.app_label,
            "subtitle": None,
            "change_url": change_url,
            "owners_to_email": [entry for entry in progress.owners if entry.owner.email],
        }
        return TemplateResponse(request, "admin/rounds/confirm.html", context)

    def open_view(self, request, object_id):
        """Ask to confirm, then open the round (its owners are emailed once each)."""

        def done(update_round):
            owners = len(round_progress(update_round).owners)
            return (
                f"The round “{update_round.name}” is open. {owners} "
                f"{'owner is' if owners == 1 else 'owners are'} being emailed their initiatives "
                f"to update by {update_round.due_on:%-d %B %Y}."
            )

        return self._confirm(request, object_id, action="open", run=round_open, done=done)

    def close_view(self, request, object_id):
        """Ask to confirm, then close the round (its report is built for the committee)."""

        def done(update_round):
            return (
                f"The round “{update_round.name}” is closed. Its report is being built: download "
                "it from this page."
            )

        return self._confirm(request, object_id, action="close", run=round_close, done=done)

    def report_view(self, request, object_id, file_format):
        """Download the closed round's report: the one built at closing, or built now."""
        update_round = self._round(request, object_id)
        if update_round.closed_at is None or file_format not in REPORT_FORMATS:
            raise Http404("The round has no report until it closes.")
        chosen = REPORT_FORMATS[file_format]
        built = (
            ReportExport.objects.filter(
                scope=ReportScope.ROUND,
                round=update_round,
                report_format=file_format,
                requested_by=None,
                state=ReportExportState.READY,
            )
            .order_by("-finished_at")
            .only("pk", "filename")
            .first()
        )
        if built is not None:
            content = ReportExport.objects.values_list("content", flat=True).get(pk=built.pk)
            return attachment(bytes(content), chosen, built.filename, private=True)
        report_request = ReportRequest(
            scope=ReportScope.ROUND,
            subject=update_round,
            report_format=chosen,
            base_url=request_base_url(request),
        )
        report = report_request.build()
        if is_large(report):
            report_export_request(report_request=report_request)
            messages.info(
                request,
                f"The {chosen.label} report is being built. Download it from this page in a "
                "minute.",
            )
            return HttpResponseRedirect(self._change_url(update_round))
        return attachment(
            report_request.render(report), chosen, chosen.filename(report), private=True
        )

    def response_add(self, request, obj, post_url_continue=None):
        # A round just prepared stays on its page, where it is opened.
        response = super().response_add(request, obj, post_url_continue)
        if "_addanother" in request.POST or "_popup" in request.POST:
            return response
        return HttpResponseRedirect(self._change_url(obj))
