from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from priorities.models.base import PublishableModel, TimeStampedModel
from priorities.models.initiatives import Initiative, Rag
from priorities.querysets import (
    OrganisationScopedQuerySet,
    PublicationState,
    PublicManager,
    PublishableQuerySet,
)

#: The history reason of an initiative whose progress and RAG a published update set.
PROGRESS_UPDATE_REASON = "Progress update published"


class InitiativeUpdateQuerySet(PublishableQuerySet):
    organisation_lookup = "initiative__organisation"
    published_parents = ("initiative",)

    def newest_first(self):
        """Order updates as they succeed each other: the latest ``as_of`` first and, for one
        day, the one published last."""
        return self.order_by("-as_of", models.F("published_at").desc(nulls_last=True), "-pk")


class InitiativeUpdate(PublishableModel):
    """An owner's dated account of an initiative: what happened, progress and RAG as of a day.

    Goes through review like any record; the public sees the latest published one.
    """

    initiative = models.ForeignKey(
        "priorities.Initiative", on_delete=models.CASCADE, related_name="updates"
    )
    round = models.ForeignKey(
        "priorities.UpdateRound",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="updates",
    )
    as_of = models.DateField("as of", help_text="The day this update describes.")
    narrative = models.TextField(help_text="What has happened since the last update, briefly.")
    progress = models.PositiveSmallIntegerField(
        "progress (%)", default=0, validators=[MaxValueValidator(100)]
    )
    rag = models.CharField("RAG rating", max_length=20, choices=Rag.choices)
    rag_reason = models.TextField("reason for the RAG rating", blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiative_updates",
    )

    private_objects = InitiativeUpdateQuerySet.as_manager()
    public_objects = PublicManager.from_queryset(InitiativeUpdateQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-as_of", "-pk"]
        get_latest_by = "as_of"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__gte=0, progress__lte=100),
                name="initiative_update_progress_0_to_100",
            ),
        ]

    def __str__(self):
        return f"Update on {self.initiative} as of {self.as_of:%-d %B %Y}"

    def get_absolute_url(self):
        """The initiative's page, where the public sees its latest published update (and an
        officer previews this one)."""
        return self.initiative.get_absolute_url()

    def on_published(self, *, acting_user):
        """Make this update's progress and RAG the initiative's, unless a published update
        describes a later day: an older update approved late never overwrites a newer one.

        Called by the review services inside the publishing transaction.
        """
        later_published = (
            InitiativeUpdate.private_objects.filter(
                initiative=self.initiative_id,
                publication_state=PublicationState.PUBLISHED,
                as_of__gt=self.as_of,
            )
            .exclude(pk=self.pk)
            .exists()
        )
        if later_published:
            return False
        initiative = Initiative.private_objects.select_for_update().get(pk=self.initiative_id)
        initiative.progress, initiative.rag = self.progress, self.rag
        initiative._change_reason = PROGRESS_UPDATE_REASON
        if acting_user is not None:
            initiative._history_user = acting_user
        initiative.save(update_fields=["progress", "rag", "updated_at"])
        return True


class UpdateRoundQuerySet(OrganisationScopedQuerySet):
    organisation_lookup = "organisation"

    def open(self):
        return self.filter(opened_at__isnull=False, closed_at__isnull=True)


class UpdateRound(TimeStampedModel):
    """A quarter's update round: every owner updates their initiatives by ``due_on``.

    Prepared, then opened (owners are emailed once), reminded once a few days before the
    deadline, and closed (its report goes to committee). Written only by the round services.
    """

    organisation = models.ForeignKey(
        "priorities.Organisation", on_delete=models.CASCADE, related_name="update_rounds"
    )
    plan = models.ForeignKey(
        "priorities.Plan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="update_rounds",
        help_text="Leave empty to cover all the organisation's initiatives.",
    )
    name = models.CharField(max_length=200, help_text="For example “Quarter 3 2026–27”.")
    due_on = models.DateField("updates due on")
    reminder_days = models.PositiveSmallIntegerField(
        "remind this many days before the deadline", default=3
    )
    opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="update_rounds_opened",
    )
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="update_rounds_closed",
    )

    objects = UpdateRoundQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-due_on", "name"]

    def __str__(self):
        return f"{self.name} ({self.organisation})"

    @property
    def is_open(self):
        return self.opened_at is not None and self.closed_at is None
