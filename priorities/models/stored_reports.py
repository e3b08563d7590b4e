from django.db import models


class StoredReportBuildState(models.TextChoices):
    BUILDING = "building", "Being built"
    READY = "ready", "Ready"
    BACKGROUND = "background", "Built in the background"


class StoredReportBuild(models.Model):
    """A public committee report's file, built once and served to every later download of the
    same report while the data it was built from is unchanged (``priorities.reports.stored``).

    ``key`` names the report exactly: its scope, subject, period, format, audience, the base of
    its links and the data generation it was built at. Its row is also the build's lock: the
    first download inserts it (``building``), every other download of the same key waits for it
    to become ``ready``. ``lineage`` is the key without the generation: a report's builds at
    older generations are superseded and deleted when a newer one is stored. A report too
    large to build during a request is ``background``: its ``export`` is built by a worker.
    The file is kept in the database, as ``ReportExport``'s are, so every web server has it.
    """

    key = models.CharField(max_length=64, unique=True)
    lineage = models.CharField(max_length=64, db_index=True)
    generation = models.CharField(max_length=80)
    scope = models.CharField(max_length=20)
    subject_id = models.CharField(max_length=40)
    report_format = models.CharField(max_length=10)
    base_url = models.CharField(max_length=300, blank=True)
    state = models.CharField(
        max_length=20,
        choices=StoredReportBuildState.choices,
        default=StoredReportBuildState.BUILDING,
    )
    started_at = models.DateTimeField()
    built_at = models.DateTimeField(null=True, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content = models.BinaryField(null=True, blank=True, editable=False)
    size = models.PositiveIntegerField(default=0)
    export = models.ForeignKey(
        "priorities.ReportExport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="ready") | models.Q(content__isnull=False),
                name="ready_stored_report_build_has_content",
            ),
        ]

    def __str__(self):
        return f"{self.scope} report {self.subject_id} ({self.report_format}), {self.state}"
