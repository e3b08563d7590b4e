from django.db import models


class DataSetBuild(models.Model):
    """One build of a site's public data set: a ZIP of CSV files with their
    ``datapackage.json``, and the same tables as one JSON file.

    ``site`` is the site it was built for (its organisations' records, its links); empty for
    a portal without sites. ``marker`` records the state of the public tables (and of the
    site) the build was made from (``opendata.dataset.change_marker``): a new build is made
    only when it differs.
    """

    site = models.ForeignKey(
        "sites.Site",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="data_set_builds",
        help_text="The site it was built for. Empty: the portal without sites.",
    )
    marker = models.CharField(max_length=64, db_index=True)
    built_at = models.DateTimeField(db_index=True)
    zip_content = models.BinaryField(editable=False)
    json_content = models.BinaryField(editable=False)
    #: SHA-256 of the ZIP: the download's ETag.
    digest = models.CharField(max_length=64)
    #: The tables it holds, in order: ``[{"name", "title", "rows"}, ...]``.
    tables = models.JSONField(default=list)

    class Meta:
        ordering = ["-built_at", "-pk"]
        get_latest_by = ["built_at", "pk"]
        indexes = [models.Index(fields=["site", "-built_at"], name="opendata_build_site_latest")]

    def __str__(self):
        return f"Data set built {self.built_at:%Y-%m-%d %H:%M}"

    @property
    def zip_size(self):
        return len(self.zip_content)

    @property
    def json_size(self):
        return len(self.json_content)
