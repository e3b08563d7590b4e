from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from priorities.models.base import TimeStampedModel
from priorities.querysets import OrganisationScopedQuerySet


class CommitteeKind(models.TextChoices):
    COMMITTEE = "committee", "Committee"
    CABINET = "cabinet", "Cabinet"
    SCRUTINY = "scrutiny", "Scrutiny committee"
    PARTNERSHIP_BOARD = "partnership_board", "Partnership board"
    FULL_COUNCIL = "full_council", "Full council"


class Committee(TimeStampedModel):
    """A body that meets and decides: a committee, the cabinet, a partnership board."""

    organisation = models.ForeignKey(
        "priorities.Organisation", on_delete=models.PROTECT, related_name="committees"
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    kind = models.CharField(max_length=30, choices=CommitteeKind.choices)
    description = models.TextField(blank=True)
    website = models.URLField(
        max_length=500, blank=True, help_text="The committee's page on the council's own site."
    )

    objects = OrganisationScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="committee_slug_per_org"),
        ]

    def __str__(self):
        return f"{self.name} ({self.organisation.display_name})"

    def get_absolute_url(self):
        return reverse(
            "priorities:committee",
            kwargs={"organisation_slug": self.organisation.slug, "slug": self.slug},
        )


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    POSTPONED = "postponed", "Postponed"
    CANCELLED = "cancelled", "Cancelled"


class MeetingQuerySet(OrganisationScopedQuerySet):
    organisation_lookup = "committee__organisation"

    @staticmethod
    def _still_to_come(now):
        """Meetings that start from ``now`` on; one whose time is not known counts as still to
        come for the whole of its day."""
        now = now or timezone.now()
        start_of_today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        return models.Q(starts_at__gte=now) | models.Q(
            time_known=False, starts_at__gte=start_of_today
        )

    def upcoming(self, now=None):
        return self.filter(self._still_to_come(now)).order_by("starts_at")

    def past(self, now=None):
        return self.exclude(self._still_to_come(now)).order_by("-starts_at")


def validate_meeting_slug(value):
    """Refuse "report": a committee's report page has that address (``…/committees/x/report/``)."""
    if value.lower() == "report":
        raise ValidationError(
            "“report” is the address of the committee’s report page: use the date."
        )


class Meeting(TimeStampedModel):
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField(
        "date and time",
        help_text="Leave the time empty if it is not known: pages then show the date alone.",
    )
    time_known = models.BooleanField(
        "start time known",
        default=True,
        help_text="False when only the day is known (``starts_at`` is then the start of it).",
    )
    slug = models.SlugField(
        max_length=40,
        help_text="Usually the meeting's date, e.g. “2022-07-21”.",
        validators=[validate_meeting_slug],
    )
    status = models.CharField(
        max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    location = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    agenda_url = models.URLField("agenda link", max_length=500, blank=True)
    minutes_url = models.URLField("minutes link", max_length=500, blank=True)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "slug"], name="meeting_slug_per_committee"
            ),
            models.UniqueConstraint(
                fields=["committee", "starts_at"], name="one_meeting_per_committee_and_time"
            ),
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.committee.name}, {local:%-d %B %Y}"

    def get_absolute_url(self):
        return reverse(
            "priorities:meeting",
            kwargs={
                "organisation_slug": self.committee.organisation.slug,
                "committee_slug": self.committee.slug,
                "slug": self.slug,
            },
        )


class AgendaOutcome(models.TextChoices):
    PENDING = "pending", "To be considered"
    NOTED = "noted", "Noted"
    RECOMMENDED = "recommended", "Recommended for approval"
    APPROVED = "approved", "Approved"
    REFERRED_BACK = "referred_back", "Referred back"
    DEFERRED = "deferred", "Deferred"
    CALLED_IN = "called_in", "Called in"


class AgendaItemQuerySet(OrganisationScopedQuerySet):
    organisation_lookup = "meeting__committee__organisation"

    def about(self, initiatives, plans):
        """Return the items about one of ``initiatives`` or one of ``plans`` (querysets): an
        item is seen by whoever may see its subject."""
        return self.filter(
            models.Q(initiative__in=initiatives.values("pk"))
            | models.Q(plan__in=plans.values("pk"))
        )

    def published(self):
        """Return the items the public may see: those about a public initiative or plan."""
        from priorities.models import Initiative, Plan

        return self.about(Initiative.public_objects.all(), Plan.public_objects.all())


class AgendaItem(TimeStampedModel):
    """An item that puts an initiative or a plan before a committee, and the outcome."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    item_number = models.CharField(max_length=20, blank=True, help_text="As on the agenda.")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=300)
    initiative = models.ForeignKey(
        "priorities.Initiative",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    plan = models.ForeignKey(
        "priorities.Plan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    outcome = models.CharField(
        max_length=20, choices=AgendaOutcome.choices, default=AgendaOutcome.PENDING
    )
    outcome_notes = models.TextField(blank=True)
    report_url = models.URLField("report link", max_length=500, blank=True)

    objects = AgendaItemQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "item_number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(initiative__isnull=False, plan__isnull=True)
                | models.Q(initiative__isnull=True, plan__isnull=False),
                name="agenda_item_is_initiative_or_plan",
            ),
        ]

    def __str__(self):
        return f"{self.item_number} {self.title}".strip()

    @property
    def subject(self):
        return self.initiative or self.plan
