"""Who may do what: the one place officer roles are interpreted."""

from priorities.models import OfficerMembership, OfficerRole

#: Roles that may edit an organisation's records (and so record status changes).
EDITING_ROLES = frozenset({OfficerRole.EDITOR, OfficerRole.PUBLISHER, OfficerRole.ADMINISTRATOR})
#: Roles that may approve and publish.
PUBLISHING_ROLES = frozenset({OfficerRole.PUBLISHER, OfficerRole.ADMINISTRATOR})


def owning_organisation(record):
    """Return the organisation that owns ``record``, following its queryset's
    ``organisation_lookup`` (an Organisation owns itself)."""
    lookup = record._meta.default_manager.get_queryset().organisation_lookup
    owner = record
    for part in filter(None, lookup.split("__")):
        owner = getattr(owner, part)
    return owner


def officer_organisation_ids(user) -> set[int]:
    """Return the ids of the organisations ``user`` belongs to as an officer."""
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    return set(OfficerMembership.objects.filter(user=user).values_list("organisation", flat=True))


def can_administer(user, organisation) -> bool:
    """Return whether ``user`` may manage ``organisation``'s officer memberships."""
    if user is not None and user.is_active and user.is_superuser:
        return True
    return OfficerRole.ADMINISTRATOR in officer_roles(user, organisation)


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
