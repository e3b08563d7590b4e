"""Progress updates in the admin: an initiative's owner posts one ("Post an update" on the
initiative's change form), publishers approve or send it back like any record.

Posting goes through ``priorities.progress.services.post_initiative_update``, which sends the
new update through review; a draft (one sent back) is edited and submitted again here. A
published update is a dated record and is not edited: a correction is a new update.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from priorities.admin.publication import PublicationAdminMixin
from priorities.admin.scoping import OrganisationScopedAdmin, officer_roles_by_organisation
from priorities.models import Initiative, InitiativeUpdate, PublicationState, UpdateRound
from priorities.permissions import EDITING_ROLES, can_publish
from priorities.progress.checks import contradictions
from priorities.progress.services import initiative_update_problems, post_initiative_update

#: The fields an officer fills in; the rest (who posted it, its publication) is kept for them.
CONTENT_FIELDS = ["initiative", "round", "as_of", "narrative", "progress", "rag", "rag_reason"]


class InitiativeUpdateForm(forms.ModelForm):
    class Meta:
        model = InitiativeUpdate
        fields = CONTENT_FIELDS
        widgets = {
            "narrative": forms.Textarea(attrs={"rows": 5}),
            "rag_reason": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "rag_reason": "Needed for amber and red: what is at risk or off track, and why.",
            "round": "The update round this answers, if any; left empty, the open round that "
            "covers the initiative.",
        }

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        values = {
            name: cleaned.get(name, getattr(instance, name))
            for name in ("as_of", "narrative", "progress", "rag", "rag_reason")
        }
        for field, problem in initiative_update_problems(**values).items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, problem)
        return cleaned


@admin.register(InitiativeUpdate)
class InitiativeUpdateAdmin(PublicationAdminMixin, OrganisationScopedAdmin):
    form = InitiativeUpdateForm
    review_step_fields = ("initiative", "as_of", "narrative", "progress", "rag", "rag_reason")
    list_display = ["initiative", "as_of", "rag", "progress", "posted_by", "publication_state"]
    list_filter = ["publication_state", "rag", "initiative__organisation"]
    search_fields = ["initiative__title", "narrative", "rag_reason"]
    date_hierarchy = "as_of"
    list_select_related = ["initiative__organisation", "posted_by"]
    fields = [*CONTENT_FIELDS, "posted_by"]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if obj is not None else [name for name in fields if name != "posted_by"]

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "posted_by"]
        if obj is not None and obj.pk:
            readonly.append("initiative")  # an update stays with the initiative it is about
            if obj.publication_state in (PublicationState.PUBLISHED, PublicationState.ARCHIVED):
                readonly += CONTENT_FIELDS  # a dated record: a correction is a new update
        return list(dict.fromkeys(readonly))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "round" and field is not None:
            field.queryset = UpdateRound.objects.open().editable_by(request.user)
        return field

    def get_changeform_initial_data(self, request):
        """Start from the initiative's current progress and RAG (``?initiative=<id>``, the
        "Post an update" link) and today's date."""
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("as_of", timezone.localdate())
        initiative = (
            Initiative.private_objects.editable_by(request.user)
            .filter(pk=initial.get("initiative") or None)
            .first()
            if str(initial.get("initiative", "")).isdigit()
            else None
        )
        if initiative is not None:
            initial.setdefault("progress", initiative.progress)
            initial.setdefault("rag", initiative.rag)
        return initial

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        posted = post_initiative_update(
            initiative=data["initiative"],
            acting_user=request.user,
            as_of=data["as_of"],
            narrative=data["narrative"],
            progress=data["progress"],
            rag=data["rag"],
            rag_reason=data["rag_reason"],
            round=data.get("round"),
        )
        obj.pk = posted.pk
        obj._state.adding = False
        obj.refresh_from_db()
        if obj.is_published:
            messages.success(
                request,
                format_html(
                    'Your update is published: <a href="{}">see it on the initiative\'s page</a>.',
                    f"{obj.get_absolute_url()}#latest-update",
                ),
            )
        elif obj.initiative.organisation.second_publisher_required and can_publish(
            request.user, obj.initiative.organisation
        ):
            messages.info(
                request,
                f"{obj.initiative.organisation} asks for a second publisher: your update is "
                "waiting for another publisher to approve it.",
            )
        else:
            messages.info(request, "Your update is waiting for a publisher to approve it.")

    def response_add(self, request, obj, post_url_continue=None):
        """Back to the initiative the update is about, unless the officer asked to stay."""
        response = super().response_add(request, obj, post_url_continue)
        if "_continue" in request.POST or "_addanother" in request.POST or "_popup" in request.POST:
            return response
        return redirect(reverse("admin:priorities_initiative_change", args=[obj.initiative_id]))


class InitiativeProgressAdminMixin:
    """On an initiative's change form: its progress updates, a "Post an update" link (in the
    page's tools, as ``post_update_url``) and the contradictions its page shows as facts.

    Put it before the admin's base class.
    """

    progress_fields = ("progress_updates", "points_to_note")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is None:
            return readonly
        return readonly + [name for name in self.progress_fields if name not in readonly]

    def get_fields(self, request, obj=None):
        fields = [name for name in super().get_fields(request, obj)]
        if obj is None:
            return fields
        fields = [name for name in fields if name not in self.progress_fields]
        at = fields.index("progress") + 1 if "progress" in fields else len(fields)
        return [*fields[:at], *self.progress_fields, *fields[at:]]

    def may_post_update(self, request, initiative) -> bool:
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        if user.is_superuser:
            return True
        roles = officer_roles_by_organisation(request).get(initiative.organisation_id, set())
        return bool(roles & EDITING_ROLES)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        initiative = self.get_object(request, object_id)
        if initiative is not None and self.may_post_update(request, initiative):
            extra_context["post_update_url"] = post_update_url(initiative)
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="Progress updates")
    def progress_updates(self, initiative):
        if initiative is None or initiative.pk is None:
            return "–"
        updates = InitiativeUpdate.private_objects.filter(initiative=initiative)
        latest = updates.filter(publication_state=PublicationState.PUBLISHED).newest_first()
        latest = latest.first()
        counts = updates.aggregate(
            waiting=Count("pk", filter=Q(publication_state=PublicationState.IN_REVIEW)),
            drafts=Count("pk", filter=Q(publication_state=PublicationState.DRAFT)),
        )
        changelist = reverse("admin:priorities_initiativeupdate_changelist")
        lines = []
        if latest is None:
            lines.append(("No update has been published yet.",))
        else:
            lines.append(
                (
                    format_html(
                        'Latest published: <a href="{}">as of {}</a>, {}, {}% complete.',
                        reverse("admin:priorities_initiativeupdate_change", args=[latest.pk]),
                        latest.as_of.strftime("%-d %B %Y"),
                        latest.get_rag_display(),
                        latest.progress,
                    ),
                )
            )
        for state, count, words in (
            (PublicationState.IN_REVIEW, counts["waiting"], "waiting for review"),
            (PublicationState.DRAFT, counts["drafts"], "in draft (sent back or not submitted)"),
        ):
            if count:
                lines.append(
                    (
                        format_html(
                            '<a href="{}?initiative__id__exact={}&amp;publication_state__exact={}">'
                            "{} update{} {}</a>.",
                            changelist,
                            initiative.pk,
                            state,
                            count,
                            "" if count == 1 else "s",
                            words,
                        ),
                    )
                )
        lines.append((format_html('<a href="{}">Post an update</a>', post_update_url(initiative)),))
        return format_html_join("", "<p>{}</p>", lines)

    @admin.display(description="Points to note")
    def points_to_note(self, initiative):
        if initiative is None or initiative.pk is None:
            return "–"
        found = contradictions(
            initiative,
            milestones=list(initiative.milestones.all()),
            targets=list(initiative.targets.all()),
        )
        if not found:
            return "Nothing contradicts the RAG rating, milestones or targets."
        return format_html(
            "<p>The public page shows these facts:</p><ul>{}</ul>",
            format_html_join("", "<li>{}</li>", ((c.statement,) for c in found)),
        )


def post_update_url(initiative) -> str:
    return reverse("admin:priorities_initiativeupdate_add") + f"?initiative={quote(initiative.pk)}"
