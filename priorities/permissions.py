"""Who may do what: the one place officer roles are interpreted."""

from priorities.models import OfficerMembership, OfficerRole

#: Roles that may edit an organisation's records (and so record status changes).
EDITING_ROLES = frozenset({OfficerRole.EDITOR, OfficerRole.PUBLISHER, OfficerRole.ADMINISTRATOR})
#: Roles that may approve and publish.
PUBLISHING_ROLES = frozenset({OfficerRole.PUBLISHER, OfficerRole.ADMINISTRATOR})


def officer_roles(user, organisation) -> set[str]:
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    return set(
        OfficerMembership.objects.filter(user=user, organisation=organisation).values_list(
            "role", flat=True
        )
    )


def can_edit(user, organisation) -> bool:
    """Return whether ``user`` may edit ``organisation``'s records."""
    if user is not None and user.is_active and user.is_superuser:
        return True
    return bool(officer_roles(user, organisation) & EDITING_ROLES)


def can_publish(user, organisation) -> bool:
    """Return whether ``user`` may approve and publish ``organisation``'s records."""
    if user is not None and user.is_active and user.is_superuser:
        return True
    return bool(officer_roles(user, organisation) & PUBLISHING_ROLES)
