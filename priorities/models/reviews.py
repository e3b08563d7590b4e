from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class ReviewAction(models.TextChoices):
    SUBMITTED = "submitted", "Submitted for review"
    SENT_BACK = "sent_back", "Sent back"
    PUBLISHED = "published", "Published"
    UNPUBLISHED = "unpublished", "Unpublished"
    ARCHIVED = "archived", "Archived"


class ReviewEvent(models.Model):
    """One step of a record's review: who submitted, approved or sent it back, and why.

    Written only by the publication services; the record's own history shows its content.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    action = models.CharField(max_length=20, choices=ReviewAction.choices)
    comment = models.TextField(blank=True)
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="review_events",
    )
    acted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-acted_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-acted_at"])]

    def __str__(self):
        return f"{self.get_action_display()} by {self.acted_by} at {self.acted_at:%Y-%m-%d %H:%M}"
