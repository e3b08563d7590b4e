from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from priorities.models.base import TimeStampedModel
from priorities.querysets import OrganisationScopedQuerySet


class RevisionKind(models.TextChoices):
    EDIT = "edit", "Change to a published record"
    STATUS = "status", "Status change"


class RevisionState(models.TextChoices):
    PENDING = "pending", "Waiting for a publisher"
    APPROVED = "approved", "Approved"
    SENT_BACK = "sent_back", "Sent back"
    WITHDRAWN = "withdrawn", "Withdrawn"


class RevisionQuerySet(OrganisationScopedQuerySet):
    organisation_lookup = "organisation"

    def pending(self):
        return self.filter(state=RevisionState.PENDING)

    def of(self, record):
        return self.filter(
            content_type=ContentType.objects.get_for_model(record), object_id=record.pk
        )


class Revision(TimeStampedModel):
    """A change to a published record (or an initiative's status) waiting for a publisher.

    The live row is what the public sees and stays untouched until a publisher approves:
    ``data`` holds the proposed values (field name → value as the form cleaned it, many-to-many
    fields as lists of ids; for a status change the step's ``to``, ``reason``, ``meeting``,
    ``evidence_url``, ``changed_at`` and ``time_known``). Written only by
    ``priorities.revisions``.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    organisation = models.ForeignKey(
        "priorities.Organisation", on_delete=models.CASCADE, related_name="revisions"
    )
    kind = models.CharField(max_length=20, choices=RevisionKind.choices)
    state = models.CharField(
        max_length=20, choices=RevisionState.choices, default=RevisionState.PENDING
    )
    data = models.JSONField(default=dict)
    base_version = models.CharField(
        max_length=100,
        blank=True,
        help_text="The live record's version token when the change was proposed.",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="revisions_proposed",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="revisions_decided",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True, help_text="The publisher's comment when sent back.")

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "state"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind"],
                condition=models.Q(state="pending"),
                name="one_pending_revision_per_kind",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.record} ({self.get_state_display().lower()})"
