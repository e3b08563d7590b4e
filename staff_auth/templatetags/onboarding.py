"""Links to the onboarding pages (staff_auth/admin.py) from other admin pages, for the officers
who may use them: ``{% invite_officer_url organisation as url %}``,
``{% new_council_url as url %}``."""

from django import template
from django.urls import reverse

from priorities.permissions import can_administer
from staff_auth import invitations

register = template.Library()


@register.simple_tag(takes_context=True)
def invite_officer_url(context, organisation=None) -> str:
    """The "Invite an officer" page (for ``organisation``, when given), or "" for an officer who
    may not invite to it."""
    user = context["request"].user
    url = reverse("admin:staff_auth_invitation_add")
    if organisation is None:
        return url if invitations.may_invite_somewhere(user) else ""
    if organisation.pk is None or not can_administer(user, organisation):
        return ""
    return f"{url}?organisation={organisation.pk}"


@register.simple_tag(takes_context=True)
def invitations_url(context) -> str:
    user = context["request"].user
    if not invitations.may_invite_somewhere(user):
        return ""
    return reverse("admin:staff_auth_invitation_changelist")


@register.simple_tag(takes_context=True)
def new_council_url(context) -> str:
    user = context["request"].user
    if not (user.is_active and user.is_superuser):
        return ""
    return reverse("admin:staff_auth_invitation_new_council")
