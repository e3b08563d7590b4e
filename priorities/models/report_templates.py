from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from priorities.models.base import TimeStampedModel
from priorities.querysets import OrganisationScopedQuerySet


class WordReportTemplate(TimeStampedModel):
    """An organisation's own committee report template (.docx or .dotx): its Word reports are
    written into it, keeping its styles, headers, footers and logo.

    The file is kept in the database, as built reports are, so every web server and worker
    has it.
    """

    organisation = models.OneToOneField(
        "priorities.Organisation", on_delete=models.CASCADE, related_name="word_report_template"
    )
    file_name = models.CharField(max_length=255)
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = OrganisationScopedQuerySet.as_manager()
    # Who uploaded which file, and when; the files themselves are not kept twice.
    history = HistoricalRecords(excluded_fields=["content"])

    class Meta:
        verbose_name = "Word report template"

    def __str__(self):
        return f"{self.file_name} ({self.organisation})"
