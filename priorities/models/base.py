from django.db import models

from priorities.querysets import PublicationState


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class PublishableModel(TimeStampedModel):
    """A record with a publication state; the public sees it only once published.

    Concrete models declare ``private_objects`` (first, so it is the default manager Django's
    admin and relations use) and ``public_objects`` over their own queryset.
    """

    publication_state = models.CharField(
        max_length=20,
        choices=PublicationState.choices,
        default=PublicationState.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.publication_state == PublicationState.PUBLISHED
