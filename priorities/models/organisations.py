from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from simple_history.models import HistoricalRecords

from priorities.models.base import TimeStampedModel
from priorities.querysets import OrganisationScopedQuerySet


class OrganisationKind(models.TextChoices):
    COUNCIL = "council", "Council"
    SAFEGUARDING_PARTNERSHIP = "safeguarding_partnership", "Safeguarding children partnership"
    POLICE = "police", "Police force"
    NHS = "nhs", "NHS body or integrated care board"
    VOLUNTARY = "voluntary", "Voluntary or community organisation"
    BOARD = "board", "Board"
    INSPECTORATE = "inspectorate", "Inspectorate"
    OTHER = "other", "Other organisation"


class OrganisationQuerySet(OrganisationScopedQuerySet):
    organisation_lookup = ""


class PartnershipMembershipQuerySet(OrganisationScopedQuerySet):
    organisation_lookup = "partnership"


class Organisation(TimeStampedModel):
    """A council, a safeguarding partnership, a police force, an NHS body, a board, a charity."""

    name = models.CharField(max_length=200)
    short_name = models.CharField(
        max_length=80, blank=True, help_text="Used where space is short, e.g. “WSCP”."
    )
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=30, choices=OrganisationKind.choices)
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    second_publisher_required = models.BooleanField(
        "a second publisher must approve an officer's own edits",
        default=False,
        help_text="When on, a publisher cannot publish a record they last edited themselves.",
    )
    update_threshold_days = models.PositiveSmallIntegerField(
        "days before an initiative counts as not updated",
        default=90,
        help_text="An initiative with no update for this long says so publicly, and its "
        "owners are reminded.",
    )
    members = models.ManyToManyField(
        "self",
        through="PartnershipMembership",
        through_fields=("partnership", "member"),
        symmetrical=False,
        related_name="partnerships",
        blank=True,
    )

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="organisation_name_unique_ci"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("priorities:organisation", kwargs={"slug": self.slug})

    @property
    def display_name(self):
        return self.short_name or self.name


class PartnershipMembership(TimeStampedModel):
    """An organisation's place in a partnership; lead partners share its leadership."""

    partnership = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships_as_partnership"
    )
    member = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships_as_member"
    )
    is_lead_partner = models.BooleanField(
        default=False, help_text="A statutory safeguarding partner sharing the leadership."
    )
    role = models.CharField(max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = PartnershipMembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "-is_lead_partner", "order", "member__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "member"], name="partnership_member_once"
            ),
            models.CheckConstraint(
                condition=~models.Q(partnership=models.F("member")),
                name="partnership_not_member_of_itself",
            ),
        ]

    def __str__(self):
        lead = " (lead partner)" if self.is_lead_partner else ""
        return f"{self.member} in {self.partnership}{lead}"


class OfficerRole(models.TextChoices):
    EDITOR = "editor", "Editor"
    PUBLISHER = "publisher", "Publisher"
    ADMINISTRATOR = "administrator", "Administrator"


class OfficerMembership(TimeStampedModel):
    """A user's role in an organisation: officers see and edit only their organisations' records."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="officer_memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="officer_memberships"
    )
    role = models.CharField(max_length=20, choices=OfficerRole.choices, default=OfficerRole.EDITOR)

    objects = OrganisationScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_role_per_officer"),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}, {self.organisation}"
