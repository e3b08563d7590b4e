from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from priorities.lifecycle import InitiativeStatus
from priorities.models.base import PublishableModel, TimeStampedModel
from priorities.querysets import OrganisationScopedQuerySet, PublicManager, PublishableQuerySet


class Rag(models.TextChoices):
    """The red/amber/green delivery rating officers give an initiative."""

    NOT_RATED = "not_rated", "Not rated"
    GREEN = "green", "Green: on track"
    AMBER = "amber", "Amber: at risk"
    RED = "red", "Red: off track"


class InitiativeQuerySet(PublishableQuerySet):
    organisation_lookup = "organisation"

    def live(self):
        """Return the initiatives still under way (not completed, rejected or withdrawn):
        their owners are reminded to keep them updated."""
        finished = [
            InitiativeStatus.COMPLETED,
            InitiativeStatus.REJECTED,
            InitiativeStatus.WITHDRAWN,
        ]
        return self.exclude(status__in=finished)


class Initiative(PublishableModel):
    """A programme, scheme or service change that delivers one or more priorities.

    Its ``status`` changes only through ``initiative_change_status``, which records each step
    of the scrutiny journey as a StatusChange.
    """

    organisation = models.ForeignKey(
        "priorities.Organisation",
        on_delete=models.PROTECT,
        related_name="initiatives",
        help_text="The organisation that leads the initiative.",
    )
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=80)
    summary = models.TextField(blank=True)
    priorities = models.ManyToManyField(
        "priorities.Priority", related_name="initiatives", blank=True
    )
    partner_organisations = models.ManyToManyField(
        "priorities.Organisation", related_name="initiatives_partnered", blank=True
    )
    status = models.CharField(
        max_length=30,
        choices=InitiativeStatus.choices,
        default=InitiativeStatus.PROPOSED,
        db_index=True,
        editable=False,
    )
    status_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    rag = models.CharField("RAG rating", max_length=20, choices=Rag.choices, default=Rag.NOT_RATED)
    progress = models.PositiveSmallIntegerField(
        "progress (%)", default=0, validators=[MaxValueValidator(100)]
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="initiatives_owned",
        blank=True,
        help_text="Officers reminded when the initiative has not been updated for a while.",
    )

    private_objects = InitiativeQuerySet.as_manager()
    public_objects = PublicManager.from_queryset(InitiativeQuerySet)()
    history = HistoricalRecords(m2m_fields=[priorities, partner_organisations])

    class Meta:
        ordering = ["organisation__name", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "slug"], name="initiative_slug_per_org"
            ),
            models.CheckConstraint(
                condition=models.Q(progress__gte=0, progress__lte=100),
                name="initiative_progress_0_to_100",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="initiative_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=InitiativeStatus.values),
                name="initiative_status_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "priorities:initiative",
            kwargs={"organisation_slug": self.organisation.slug, "slug": self.slug},
        )


class InitiativePartQuerySet(OrganisationScopedQuerySet):
    organisation_lookup = "initiative__organisation"

    def published(self):
        """Return the parts of initiatives the public may see. Asked of each part (``Exists``)
        rather than as a list of every public initiative, so that the newest parts can be read
        in order from an index and the reading stop at a limit (feeds, the home page)."""
        return self.filter(
            models.Exists(Initiative.public_objects.filter(pk=models.OuterRef("initiative")))
        )


class MilestoneState(models.TextChoices):
    DONE = "done", "Done"
    OVERDUE = "overdue", "Overdue"
    NOT_DONE = "not_done", "Not done yet"


class Milestone(TimeStampedModel):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=300)
    due_date = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = InitiativePartQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["initiative", "order", "due_date"]

    def __str__(self):
        return self.title

    def state(self, today=None):
        """Return where the milestone stands: done, overdue (due before ``today``), or not
        done yet."""
        if self.completed_on:
            return MilestoneState.DONE
        if self.due_date and self.due_date < (today or timezone.localdate()):
            return MilestoneState.OVERDUE
        return MilestoneState.NOT_DONE


class Target(TimeStampedModel):
    """A measurable target: "double resources" is a target of twice a baseline."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="targets")
    description = models.CharField(max_length=300)
    unit = models.CharField(max_length=60, blank=True, help_text="e.g. “%”, “£”, “schools”.")
    baseline_value = models.DecimalField(max_digits=14, decimal_places=2)
    baseline_date = models.DateField(null=True, blank=True)
    target_value = models.DecimalField(max_digits=14, decimal_places=2)
    target_date = models.DateField(null=True, blank=True)
    current_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    current_value_date = models.DateField(null=True, blank=True)

    objects = InitiativePartQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["initiative", "description"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_date__isnull=True)
                | models.Q(baseline_date__isnull=True)
                | models.Q(target_date__gte=models.F("baseline_date")),
                name="target_date_after_baseline",
            ),
        ]

    def __str__(self):
        return self.description

    @property
    def progress_towards_target(self):
        """Return the share of the way from baseline to target (0-100), or None if unknown."""
        if self.current_value is None or self.target_value == self.baseline_value:
            return None
        share = (self.current_value - self.baseline_value) / (
            self.target_value - self.baseline_value
        )
        return max(0, min(100, round(share * 100)))


class EvidenceLink(TimeStampedModel):
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="evidence_links"
    )
    title = models.CharField(max_length=300)
    url = models.URLField(max_length=500)
    published_on = models.DateField(null=True, blank=True)

    objects = InitiativePartQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["initiative", "-published_on", "title"]

    def __str__(self):
        return self.title


class StatusChange(models.Model):
    """One step in an initiative's journey; the public timeline and every notification use these.

    Written only by ``initiative_change_status``, never edited afterwards.
    """

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=30, choices=InitiativeStatus.choices)
    to_status = models.CharField(max_length=30, choices=InitiativeStatus.choices)
    changed_at = models.DateTimeField(db_index=True, help_text="When the change took effect.")
    time_known = models.BooleanField(
        default=True,
        help_text="False when only the day is known: pages then show the date alone.",
    )
    reason = models.TextField()
    evidence_url = models.URLField(max_length=500, blank=True)
    meeting = models.ForeignKey(
        "priorities.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="status_changes",
        help_text="The committee meeting that decided it.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="status_changes_recorded",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = InitiativePartQuerySet.as_manager()

    class Meta:
        ordering = ["initiative", "changed_at", "pk"]
        get_latest_by = "changed_at"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_status=models.F("to_status")),
                name="status_change_changes_status",
            ),
            models.CheckConstraint(condition=~models.Q(reason=""), name="status_change_has_reason"),
        ]

    def __str__(self):
        return (
            f"{self.initiative}: {self.get_from_status_display()} → {self.get_to_status_display()}"
        )
