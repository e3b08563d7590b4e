from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from priorities.models.base import PublishableModel, TimeStampedModel
from priorities.querysets import OrganisationScopedQuerySet, PublicManager, PublishableQuerySet


class Theme(TimeStampedModel):
    """A cross-cutting theme: health inequalities, mental health, early help, SEND..."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    CONSULTATION = "consultation", "Out for consultation"
    PROPOSED = "proposed", "Proposed"
    ADOPTED = "adopted", "Adopted"
    SUPERSEDED = "superseded", "Superseded"


class PlanQuerySet(PublishableQuerySet):
    organisation_lookup = "organisation"


class Plan(PublishableModel):
    """A strategy or policy statement owned by an organisation."""

    organisation = models.ForeignKey(
        "priorities.Organisation", on_delete=models.PROTECT, related_name="plans"
    )
    title = models.CharField(max_length=250)
    slug = models.SlugField(max_length=80)
    summary = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    source_title = models.CharField("source document title", max_length=250, blank=True)
    source_url = models.URLField("source document link", max_length=500, blank=True)
    source_date = models.DateField("source document date", null=True, blank=True)
    adopted_at_meeting = models.ForeignKey(
        "priorities.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans_adopted",
    )
    overseen_by = models.ForeignKey(
        "priorities.Committee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans_overseen",
        help_text="The board or committee that steers and oversees the plan.",
    )

    private_objects = PlanQuerySet.as_manager()
    public_objects = PublicManager.from_queryset(PlanQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "-period_start", "title"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="plan_slug_per_org"),
            models.CheckConstraint(
                condition=models.Q(period_end__isnull=True)
                | models.Q(period_start__isnull=True)
                | models.Q(period_end__gte=models.F("period_start")),
                name="plan_period_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "priorities:plan",
            kwargs={"organisation_slug": self.organisation.slug, "slug": self.slug},
        )


class AimQuerySet(OrganisationScopedQuerySet):
    organisation_lookup = "plan__organisation"

    def published(self):
        """Return the aims the public may see: those of published plans."""
        return self.filter(plan__in=Plan.public_objects.all())


class Aim(TimeStampedModel):
    """One of a plan's aims ("start well", "keep safe"); the plan's priorities sit under them."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="aims")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = AimQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order", "title"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "slug"], name="aim_slug_per_plan"),
        ]

    def __str__(self):
        return self.title


class PriorityQuerySet(PublishableQuerySet):
    organisation_lookup = "plan__organisation"
    published_parents = ("plan",)


class Priority(PublishableModel):
    """A commitment in a plan."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="priorities")
    aim = models.ForeignKey(
        Aim, on_delete=models.SET_NULL, null=True, blank=True, related_name="priorities"
    )
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=80)
    summary = models.TextField(blank=True)
    young_people_summary = models.TextField(
        "summary for children and young people",
        blank=True,
        help_text="The same commitment in plain words a child or young person can follow.",
    )
    themes = models.ManyToManyField(Theme, related_name="priorities", blank=True)
    lead_member = models.CharField(
        max_length=200, blank=True, help_text="The councillor or leader who answers for it."
    )
    portfolio = models.CharField(max_length=200, blank=True)
    lead_organisation = models.ForeignKey(
        "priorities.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="priorities_led",
    )
    contributing_organisations = models.ManyToManyField(
        "priorities.Organisation", related_name="priorities_contributed_to", blank=True
    )
    order = models.PositiveSmallIntegerField(default=0)

    private_objects = PriorityQuerySet.as_manager()
    public_objects = PublicManager.from_queryset(PriorityQuerySet)()
    history = HistoricalRecords(m2m_fields=[themes, contributing_organisations])

    class Meta:
        ordering = ["plan", "order", "title"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(fields=["plan", "slug"], name="priority_slug_per_plan"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "priorities:priority",
            kwargs={
                "organisation_slug": self.plan.organisation.slug,
                "plan_slug": self.plan.slug,
                "slug": self.slug,
            },
        )

    @property
    def organisation(self):
        return self.plan.organisation
