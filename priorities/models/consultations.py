from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from priorities.models.base import PublishableModel
from priorities.querysets import PublicManager, PublishableQuerySet


class ConsultationQuerySet(PublishableQuerySet):
    organisation_lookup = "organisation"


class Consultation(PublishableModel):
    """Who was asked, when, what they said, and what it shaped: "you said, we did"."""

    organisation = models.ForeignKey(
        "priorities.Organisation", on_delete=models.PROTECT, related_name="consultations"
    )
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=80)
    audience = models.CharField(
        max_length=300, blank=True, help_text="Who was asked, e.g. “families and young people”."
    )
    opened_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    method = models.CharField(max_length=300, blank=True)
    you_said = models.TextField("what people said", blank=True)
    we_did = models.TextField("what was done as a result", blank=True)
    source_url = models.URLField(max_length=500, blank=True)
    shaped_priorities = models.ManyToManyField(
        "priorities.Priority", related_name="consultations", blank=True
    )
    shaped_initiatives = models.ManyToManyField(
        "priorities.Initiative", related_name="consultations", blank=True
    )
    shaped_plans = models.ManyToManyField(
        "priorities.Plan", related_name="consultations", blank=True
    )

    private_objects = ConsultationQuerySet.as_manager()
    public_objects = PublicManager.from_queryset(ConsultationQuerySet)()
    history = HistoricalRecords(m2m_fields=[shaped_priorities, shaped_initiatives, shaped_plans])

    class Meta:
        ordering = ["organisation__name", "-opened_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "slug"], name="consultation_slug_per_org"
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(opened_on__isnull=True)
                | models.Q(closed_on__gte=models.F("opened_on")),
                name="consultation_closes_after_opening",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "priorities:consultation",
            kwargs={"organisation_slug": self.organisation.slug, "slug": self.slug},
        )
