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


class CommitteeRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice-chair"
    MEMBER = "member", "Member"
    CO_OPTED = "co_opted", "Co-opted member"


#: The order members are listed in: the chair first, co-opted members last.
ROLE_ORDER = {role: rank for rank, role in enumerate(CommitteeRole.values)}


class CommitteeMemberQuerySet(OrganisationScopedQuerySet):
    organisation_lookup = "committee__organisation"

    def serving_on(self, day):
        """Return the members who sat on the committee on ``day``: an empty start or end date
        means the service has no recorded start or has not ended."""
        return self.filter(
            models.Q(served_from__isnull=True) | models.Q(served_from__lte=day),
            models.Q(served_until__isnull=True) | models.Q(served_until__gte=day),
        )


class CommitteeMember(TimeStampedModel):
    """A person who sits on a committee, in a role, from one date to another."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(
        max_length=200, help_text="As the council writes it, e.g. “Councillor Kate Stock”."
    )
    role = models.CharField(
        max_length=20, choices=CommitteeRole.choices, default=CommitteeRole.MEMBER
    )
    portfolio = models.CharField(
        "portfolio or who they represent",
        max_length=300,
        blank=True,
        help_text="E.g. “Cabinet Member for Children”, or for a co-opted member the body they "
        "represent.",
    )
    served_from = models.DateField("from", null=True, blank=True, help_text="Empty if not known.")
    served_until = models.DateField(
        "until", null=True, blank=True, help_text="Empty while they still serve."
    )

    objects = CommitteeMemberQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(served_from__isnull=True)
                | models.Q(served_until__isnull=True)
                | models.Q(served_until__gte=models.F("served_from")),
                name="committee_member_serves_forwards",
            ),
        ]

    def __str__(self):
        return f"{self.name}, {self.get_role_display()}"

    def clean(self):
        if self.served_from and self.served_until and self.served_until < self.served_from:
            raise ValidationError({"served_until": "The end date must be on or after the start."})

    @property
    def role_rank(self):
        return ROLE_ORDER.get(self.role, len(ROLE_ORDER))


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
    agenda_published_at = models.DateTimeField(
        "agenda published",
        null=True,
        blank=True,
        help_text="When the agenda was published. The meeting's report (the pack) then shows "
        "the data as it stood at that moment, however often it is downloaded later; empty: as "
        "it stands when downloaded.",
    )

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

    def has_happened(self, now=None):
        """Return True once the meeting is past, by the rule of ``MeetingQuerySet.past``: one
        whose time is not known counts as still to come for the whole of its day."""
        now = now or timezone.now()
        if not self.time_known:
            return timezone.localdate(self.starts_at) < timezone.localdate(now)
        return self.starts_at < now

    @property
    def agenda_is_published(self) -> bool:
        """Whether the agenda's publication time is set and has come: a time set ahead (an
        officer entering the day it will go out) is not "published" yet."""
        return self.agenda_published_at is not None and self.agenda_published_at <= timezone.now()

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


class ExemptParagraph(models.IntegerChoices):
    """The descriptions of exempt information in Part 1 of Schedule 12A to the Local
    Government Act 1972."""

    INDIVIDUAL = 1, "1: information relating to any individual"
    IDENTITY = 2, "2: information likely to reveal the identity of an individual"
    FINANCIAL = 3, "3: information relating to the financial or business affairs of any person"
    LABOUR_RELATIONS = 4, "4: consultations or negotiations on labour relations"
    LEGAL_PRIVILEGE = 5, "5: information covered by legal professional privilege"
    NOTICE_OR_ORDER = 6, "6: a notice, order or direction the authority proposes to give or make"
    CRIME = 7, "7: the prevention, investigation or prosecution of crime"


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
    contact_name = models.CharField("contact officer", max_length=200, blank=True)
    contact_role = models.CharField("contact officer's job title", max_length=200, blank=True)
    contact_email = models.EmailField("contact officer's email", blank=True)
    contact_phone = models.CharField("contact officer's phone", max_length=40, blank=True)
    wards_affected = models.CharField(
        max_length=500, blank=True, help_text="Ward names, or “All wards”. Empty if not recorded."
    )
    key_decision = models.BooleanField(
        null=True,
        blank=True,
        help_text="Whether the item is a key decision; empty if not recorded.",
    )
    exempt_paragraph = models.PositiveSmallIntegerField(
        "exempt under paragraph",
        null=True,
        blank=True,
        choices=ExemptParagraph.choices,
        help_text="Empty for an open item. For an exempt item, the paragraph of Part 1 of "
        "Schedule 12A to the Local Government Act 1972: the public then sees its title and "
        "the exemption only.",
    )
    background_papers = models.TextField(
        blank=True,
        help_text="The background papers the report relied on, one a line; a line may be a "
        "web address.",
    )

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

    #: What the public never sees of an exempt item: everything but its number, title, place
    #: on the agenda, subject and exemption (and the outcome's one word, in data files).
    WITHHELD_WHEN_EXEMPT = frozenset(
        {
            "outcome_notes",
            "report_url",
            "contact_name",
            "contact_role",
            "contact_email",
            "contact_phone",
            "wards_affected",
            "key_decision",
            "background_papers",
        }
    )

    @property
    def is_exempt(self):
        return self.exempt_paragraph is not None

    def public_value(self, name):
        """Return the field ``name`` as the public may see it: empty for what an exempt item
        withholds (``WITHHELD_WHEN_EXEMPT``)."""
        if self.is_exempt and name in self.WITHHELD_WHEN_EXEMPT:
            return None if name == "key_decision" else ""
        return getattr(self, name)

    @property
    def exemption_text(self):
        """The exemption as a clerk writes it, or "" for an open item."""
        if self.exempt_paragraph is None:
            return ""
        return (
            f"Exempt: not for publication by virtue of paragraph {self.exempt_paragraph} of "
            "Part 1 of Schedule 12A to the Local Government Act 1972"
        )

    @property
    def has_contact(self):
        return bool(self.contact_name or self.contact_email or self.contact_phone)


class PaperKind(models.TextChoices):
    REPORT = "report", "Report"
    APPENDIX = "appendix", "Appendix"
    PRESENTATION = "presentation", "Presentation"
    MINUTES = "minutes", "Minutes extract"
    BACKGROUND = "background", "Background paper"
    OTHER = "other", "Other document"


class AgendaItemPaperQuerySet(OrganisationScopedQuerySet):
    organisation_lookup = "agenda_item__meeting__committee__organisation"


class AgendaItemPaper(TimeStampedModel):
    """One of the council's own documents for an agenda item, on the council's website."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=300)
    url = models.URLField("web address", max_length=500)
    kind = models.CharField(max_length=20, choices=PaperKind.choices, default=PaperKind.REPORT)
    order = models.PositiveSmallIntegerField(default=0)

    objects = AgendaItemPaperQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["agenda_item", "order", "pk"]

    def __str__(self):
        return self.title
