"""The safeguarding partnership: its leadership, ambitions, multi-agency data and inspections.

This app builds on ``priorities`` (organisations, priorities); ``priorities`` never imports it.
"""

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from priorities.models.base import PublishableModel, TimeStampedModel
from priorities.querysets import OrganisationScopedQuerySet, PublicManager, PublishableQuerySet


class PartnershipProfile(TimeStampedModel):
    """How a safeguarding children partnership is led and what it is responsible for.

    Its statutory partners are the partnership organisation's lead-partner memberships.
    """

    organisation = models.OneToOneField(
        "priorities.Organisation",
        on_delete=models.PROTECT,
        related_name="partnership_profile",
    )
    responsibilities = models.TextField(blank=True)
    leadership_arrangements = models.TextField(
        "how leadership is shared",
        blank=True,
        help_text="How the statutory safeguarding partners share the partnership's leadership.",
    )
    ambitions_introduction = models.TextField(blank=True)

    objects = OrganisationScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name"]

    def __str__(self):
        return str(self.organisation)

    def get_absolute_url(self):
        return reverse("safeguarding:partnership", kwargs={"slug": self.organisation.slug})


class AmbitionQuerySet(PublishableQuerySet):
    organisation_lookup = "partnership__organisation"


class Ambition(PublishableModel):
    """An outcome the partnership wants for children, served by council and partner priorities."""

    partnership = models.ForeignKey(
        PartnershipProfile, on_delete=models.PROTECT, related_name="ambitions"
    )
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=80)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    priorities = models.ManyToManyField(
        "priorities.Priority",
        related_name="ambitions",
        blank=True,
        help_text="The priorities, of any organisation, that serve this ambition.",
    )

    private_objects = AmbitionQuerySet.as_manager()
    public_objects = PublicManager.from_queryset(AmbitionQuerySet)()
    history = HistoricalRecords(m2m_fields=[priorities])

    class Meta:
        ordering = ["partnership", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "slug"], name="ambition_slug_per_partnership"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "safeguarding:ambition",
            kwargs={"partnership_slug": self.partnership.organisation.slug, "slug": self.slug},
        )


class IndicatorQuerySet(PublishableQuerySet):
    organisation_lookup = "organisation"


class Indicator(PublishableModel):
    """A multi-agency measure: what is measured, by which agency, against what target."""

    organisation = models.ForeignKey(
        "priorities.Organisation",
        on_delete=models.PROTECT,
        related_name="indicators",
        help_text="The organisation that publishes the indicator.",
    )
    measured_by = models.ForeignKey(
        "priorities.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators_measured",
        help_text="The agency whose data this is.",
    )
    ambition = models.ForeignKey(
        Ambition, on_delete=models.SET_NULL, null=True, blank=True, related_name="indicators"
    )
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=80)
    description = models.TextField(blank=True)
    unit = models.CharField(max_length=60, blank=True)
    higher_is_better = models.BooleanField(default=True)
    target_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    source_note = models.CharField(max_length=300, blank=True)
    measure_code = models.CharField(
        max_length=40,
        blank=True,
        db_index=True,
        help_text="A standard code for what is measured, the same for every organisation that "
        "publishes this measure (for example the code of a Department for Education data set). "
        "An indicator's page compares it with other organisations' published indicators that "
        "have the same code.",
    )

    private_objects = IndicatorQuerySet.as_manager()
    public_objects = PublicManager.from_queryset(IndicatorQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "title"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="indicator_slug_per_org"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "safeguarding:indicator",
            kwargs={"organisation_slug": self.organisation.slug, "slug": self.slug},
        )


class MeasurementQuerySet(OrganisationScopedQuerySet):
    organisation_lookup = "indicator__organisation"

    def published(self):
        return self.filter(indicator__in=Indicator.public_objects.all())


class Measurement(TimeStampedModel):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    period_end = models.DateField(help_text="The last day of the period measured.")
    period_label = models.CharField(max_length=60, blank=True, help_text="e.g. “2022–23 Q1”.")
    value = models.DecimalField(max_digits=14, decimal_places=2)
    target_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    england_value = models.DecimalField(
        "England",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The figure for England for the same period, where it is published.",
    )
    statistical_neighbours_value = models.DecimalField(
        "statistical neighbours",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The average of the organisation's statistical neighbours for the same period, "
        "where it is published.",
    )
    note = models.CharField(max_length=300, blank=True)

    objects = MeasurementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_end"], name="one_measurement_per_period"
            ),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.period_label or self.period_end})"


class Inspectorate(models.TextChoices):
    OFSTED = "ofsted", "Ofsted"
    CQC = "cqc", "Care Quality Commission"
    HMICFRS = "hmicfrs", "HM Inspectorate of Constabulary and Fire & Rescue Services"
    JOINT = "joint", "Joint inspectorates"


class InspectionKind(models.TextChoices):
    FULL = "full", "Full inspection"
    FOCUSED_VISIT = "focused_visit", "Focused visit"
    JOINT_TARGETED = "joint_targeted", "Joint targeted area inspection"
    MONITORING_VISIT = "monitoring_visit", "Monitoring visit"


class Judgement(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"
    NOT_GRADED = "not_graded", "Not graded"


class Inspection(TimeStampedModel):
    """An inspection of an organisation's children's services and its judgement."""

    organisation = models.ForeignKey(
        "priorities.Organisation", on_delete=models.PROTECT, related_name="inspections"
    )
    inspectorate = models.CharField(max_length=20, choices=Inspectorate.choices)
    kind = models.CharField(max_length=20, choices=InspectionKind.choices)
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=80)
    published_on = models.DateField(help_text="When the report or letter was published.")
    date_is_approximate = models.BooleanField(
        default=False, help_text="Only the year (or month) is known."
    )
    judgement = models.CharField(
        max_length=30, choices=Judgement.choices, default=Judgement.NOT_GRADED
    )
    summary = models.TextField(blank=True)
    findings = models.TextField(blank=True, help_text="Key findings, one per paragraph.")
    report_url = models.URLField(max_length=500, blank=True)

    objects = OrganisationScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "-published_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "slug"], name="inspection_slug_per_org"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.published_on:%Y})"

    def get_absolute_url(self):
        return reverse(
            "safeguarding:inspection",
            kwargs={"organisation_slug": self.organisation.slug, "slug": self.slug},
        )

    @property
    def findings_list(self):
        return [paragraph.strip() for paragraph in self.findings.split("\n\n") if paragraph.strip()]
