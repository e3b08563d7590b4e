"""Officer invitations in the admin, for organisation administrators and superusers.

- *Officer invitations* (the change list): the invitations waiting to be accepted and those that
  expired, for the organisations the officer administers, each with Resend and Cancel.
- *Invite an officer* (the add page): email address, organisation, role.
- *Set up a new council* (superusers): a new organisation and its first administrator's
  invitation on one form.

The pages are the admin's own (``admin/base_site.html``) and write only through
``staff_auth.invitations``. They are reached from the organisation's page and from the officer
memberships list too (templates/admin/priorities/organisation/ and officermembership/).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from priorities.models import OfficerRole, Organisation, OrganisationKind
from staff_auth import invitations
from staff_auth.forms import InviteOfficerForm, SetUpCouncilForm
from staff_auth.models import Invitation

#: How far back the list shows accepted and cancelled invitations.
RECENT_DAYS = 30


def role_choices():
    return [
        (role.value, f"{role.label}: {invitations.ROLE_DESCRIPTIONS[role]}") for role in OfficerRole
    ]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Not Django's change list and forms: the pages below, which write through the
    invitations services. Nobody edits or deletes an invitation; they resend or cancel it."""

    # Permissions -----------------------------------------------------------------------------

    def _may_invite(self, request) -> bool:
        return invitations.may_invite_somewhere(request.user)

    def has_module_permission(self, request):
        return self._may_invite(request)

    def has_view_permission(self, request, obj=None):
        return self._may_invite(request)

    def has_add_permission(self, request):
        return self._may_invite(request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    # URLs ------------------------------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        prefix = "staff_auth_invitation"
        return [
            path("", view(self.changelist_view), name=f"{prefix}_changelist"),
            path("add/", view(self.add_view), name=f"{prefix}_add"),
            path("new-council/", view(self.new_council_view), name=f"{prefix}_new_council"),
            path("<int:pk>/resend/", view(require_POST(self.resend_view)), name=f"{prefix}_resend"),
            path("<int:pk>/cancel/", view(require_POST(self.cancel_view)), name=f"{prefix}_cancel"),
        ]

    def _context(self, request, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "subtitle": None,
            "changelist_url": reverse("admin:staff_auth_invitation_changelist"),
            "is_superuser": request.user.is_superuser,
            **extra,
        }

    def _administered(self, request):
        return invitations.organisations_administered(request.user).order_by("name")

    # The list --------------------------------------------------------------------------------

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        organisations = self._administered(request)
        chosen = None
        if request.GET.get("organisation", "").isdigit():
            chosen = organisations.filter(pk=request.GET["organisation"]).first()
        shown = [chosen] if chosen else organisations
        rows = Invitation.objects.for_organisations([o.pk for o in shown]).select_related(
            "organisation", "invited_by", "accepted_user"
        )
        now = timezone.now()
        recent = now - timezone.timedelta(days=RECENT_DAYS)
        context = self._context(
            request,
            "Officer invitations",
            is_list=True,
            organisations=organisations,
            chosen=chosen,
            pending=rows.pending(now).order_by("organisation__name", "email"),
            expired=rows.expired(now).order_by("-expires_at"),
            accepted=rows.filter(accepted_at__gte=recent).order_by("-accepted_at"),
            recent_days=RECENT_DAYS,
            add_url=reverse("admin:staff_auth_invitation_add")
            + (f"?organisation={chosen.pk}" if chosen else ""),
        )
        return TemplateResponse(request, "admin/onboarding/invitations.html", context)

    # Inviting --------------------------------------------------------------------------------

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        organisations = self._administered(request)
        initial = {}
        chosen = request.GET.get("organisation", "")
        if chosen.isdigit() and organisations.filter(pk=chosen).exists():
            initial["organisation"] = chosen
        form = InviteOfficerForm(
            request.POST if request.method == "POST" else None,
            initial=initial,
            organisations=organisations,
            role_choices=role_choices(),
        )
        if request.method == "POST" and form.is_valid():
            try:
                invitation = invitations.invite_officer(
                    organisation=form.cleaned_data["organisation"],
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    acting_user=request.user,
                )
            except invitations.InvitationRefused as refused:
                form.add_error("email", str(refused))
            except invitations.InvitationNotSent as not_sent:
                form.add_error(None, str(not_sent))
            else:
                messages.success(
                    request,
                    f"Invitation sent to {invitation.email} to join "
                    f"{invitation.organisation.name} as "
                    f"{invitation.get_role_display().lower()}. The link works for 7 days.",
                )
                return redirect("admin:staff_auth_invitation_changelist")
        context = self._context(request, "Invite an officer", form=form)
        return TemplateResponse(request, "admin/onboarding/invite.html", context)

    def _invitation_or_404(self, request, pk):
        return get_object_or_404(
            Invitation.objects.for_organisations(self._administered(request).values("pk")),
            pk=pk,
        )

    def resend_view(self, request, pk):
        invitation = self._invitation_or_404(request, pk)
        try:
            new = invitations.resend_invitation(invitation=invitation, acting_user=request.user)
        except (invitations.InvitationRefused, invitations.InvitationNotSent) as problem:
            messages.error(request, str(problem))
        else:
            messages.success(
                request,
                f"A new invitation was sent to {new.email}. The link in the earlier email no "
                f"longer works.",
            )
        return redirect("admin:staff_auth_invitation_changelist")

    def cancel_view(self, request, pk):
        invitation = self._invitation_or_404(request, pk)
        try:
            invitations.cancel_invitation(invitation=invitation, acting_user=request.user)
        except invitations.InvitationRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request,
                f"The invitation to {invitation.email} was cancelled: its link no longer works.",
            )
        return redirect("admin:staff_auth_invitation_changelist")

    # Setting up a new council ------------------------------------------------------------------

    def new_council_view(self, request):
        if not request.user.is_superuser:
            raise PermissionDenied
        form = SetUpCouncilForm(
            request.POST if request.method == "POST" else None,
            initial={"kind": OrganisationKind.COUNCIL},
            organisations=Organisation.objects.all(),
            kind_choices=OrganisationKind.choices,
        )
        if request.method == "POST" and form.is_valid():
            try:
                organisation, invitation = invitations.set_up_council(
                    **form.cleaned_data, acting_user=request.user
                )
            except ValidationError as invalid:
                for field, errors in invalid.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            except invitations.InvitationNotSent as not_sent:
                form.add_error(None, str(not_sent))
            else:
                messages.success(
                    request,
                    f"{organisation.name} is set up. {invitation.email} is invited to be its "
                    f"administrator: they choose a password, set up two-factor sign-in, then "
                    f"invite the organisation's other officers.",
                )
                url = reverse("admin:staff_auth_invitation_changelist")
                return redirect(f"{url}?organisation={organisation.pk}")
        context = self._context(request, "Set up a new council", form=form)
        return TemplateResponse(request, "admin/onboarding/new_council.html", context)
