import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse


class ReportScope(models.TextChoices):
    MEETING = "meeting", "Meeting"
    COMMITTEE = "committee", "Committee"
    PLAN = "plan", "Plan"
    ROUND = "round", "Update round"


class ReportExportState(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    BUILDING = "building", "Being built"
    READY = "ready", "Ready to download"
    FAILED = "failed", "Failed"


class ReportExport(models.Model):
    """A committee report too large to build during the request, built by a Celery worker.

    Its address is unguessable; one an officer asked for (it may hold drafts) is only ever
    shown to that officer. The finished file is kept in the database, so whichever web server
    answers the download has it, and is deleted with the row once it expires.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    scope = models.CharField(max_length=20, choices=ReportScope.choices)
    meeting = models.ForeignKey(
        "priorities.Meeting", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    committee = models.ForeignKey(
        "priorities.Committee", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    plan = models.ForeignKey(
        "priorities.Plan", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    round = models.ForeignKey(
        "priorities.UpdateRound",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="report_exports",
    )
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    base_url = models.CharField(
        max_length=300,
        blank=True,
        help_text="The base of the report's links: the site it was asked for on (empty: the "
        "portal's own address).",
    )
    report_format = models.CharField(max_length=10)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="report_exports",
        help_text="The officer whose report it is (it may hold their drafts); empty for the "
        "public.",
    )
    state = models.CharField(
        max_length=20, choices=ReportExportState.choices, default=ReportExportState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done, 0–100.")
    stage = models.CharField(max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content = models.BinaryField(null=True, blank=True, editable=False)
    size = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scope="meeting", meeting__isnull=False)
                | models.Q(scope="committee", committee__isnull=False)
                | models.Q(scope="plan", plan__isnull=False)
                | models.Q(scope="round", round__isnull=False),
                name="report_export_has_its_subject",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="ready") | models.Q(content__isnull=False),
                name="ready_report_export_has_content",
            ),
        ]

    def __str__(self):
        return f"{self.get_scope_display()} report ({self.report_format}), {self.state}"

    def get_absolute_url(self):
        return reverse("priorities:report_export", kwargs={"pk": self.pk})

    @property
    def subject(self):
        return {
            "meeting": self.meeting,
            "committee": self.committee,
            "plan": self.plan,
            "round": self.round,
        }[self.scope]

    @property
    def is_finished(self):
        return self.state in (ReportExportState.READY, ReportExportState.FAILED)
