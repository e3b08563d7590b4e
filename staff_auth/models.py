"""Invitations: how an officer gets an account and a role without anyone creating it for them.

An administrator of an organisation (or a superuser) invites someone by email to a role; the
email carries a link with a random token. Only the token's SHA-256 digest is stored, so neither
the database nor a backup holds a working link. The link works once, until ``expires_at``; inviting
the same address to the same organisation again replaces the earlier link (the old row is kept,
``replaced_by`` the new one). ``staff_auth/invitations.py`` holds the rules.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from priorities.models import OfficerRole


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Invitations neither accepted, cancelled nor replaced (expired ones included)."""
        return self.filter(accepted_at__isnull=True, cancelled_at__isnull=True)

    def pending(self, now=None):
        """Invitations whose link works now."""
        return self.open().filter(expires_at__gt=now or timezone.now())

    def expired(self, now=None):
        return self.open().filter(expires_at__lte=now or timezone.now())

    def for_organisations(self, organisation_ids):
        return self.filter(organisation_id__in=organisation_ids)


class Invitation(models.Model):
    """An invitation to ``email`` to become an officer of ``organisation`` with ``role``."""

    email = models.EmailField("email address")
    organisation = models.ForeignKey(
        "priorities.Organisation", on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(max_length=20, choices=OfficerRole.choices)
    #: SHA-256 of the link's token, in hex. The token itself is only ever in the email.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="invitations_sent",
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_accepted",
    )
    #: Set when an administrator cancelled it, or when a newer invitation replaced it.
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    replaced_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = "officer invitation"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "organisation",
                condition=Q(accepted_at__isnull=True, cancelled_at__isnull=True),
                name="one_open_invitation_per_address_and_organisation",
            ),
        ]

    def __str__(self):
        return f"{self.email} — {self.get_role_display()}, {self.organisation}"

    def is_expired(self, now=None) -> bool:
        return self.expires_at <= (now or timezone.now())
