"""Building the data set in the background, only when the data changed.

``data_set_build()`` compares the change marker of the public tables
(``dataset.change_marker``, read from the database, so it survives a cache restart) with the
latest build's; when they differ it reads every table, writes the ZIP and the JSON, and keeps
them as a new ``DataSetBuild``. Older builds are deleted once a newer one is kept. Run by the
Celery task ``opendata.tasks.build_data_set`` (beat, every ``PORTAL_DATA_SET_EVERY_SECONDS``)
or ``manage.py build_data_set``; never by a visitor's request.
"""

import hashlib
import io

from django.db import transaction
from django.utils import timezone

from opendata import dataset
from opendata.models import DataSetBuild

#: Builds kept besides the latest (a download that started just before a new build finishes).
KEEP_PREVIOUS = 1


def latest_build():
    """The latest build, or None when none has been made yet (the page says so)."""
    return DataSetBuild.objects.defer("zip_content", "json_content").first()


def data_set_build(*, force=False):
    """Build the data set if the data changed since the latest build (or ``force``). Return
    the new build, or None when nothing changed."""
    marker = dataset.change_marker()
    latest = DataSetBuild.objects.only("marker").first()
    if latest is not None and latest.marker == marker and not force:
        return None
    built_at = timezone.now().replace(microsecond=0)
    # Read in one transaction; references outside the set are dropped in any case.
    with transaction.atomic():
        rows = dataset.collect()
    zip_file, json_file = io.BytesIO(), io.BytesIO()
    dataset.write_zip(rows, built_at, zip_file)
    dataset.write_json(rows, built_at, json_file)
    zip_content = zip_file.getvalue()
    with transaction.atomic():
        build = DataSetBuild.objects.create(
            marker=marker,
            built_at=built_at,
            zip_content=zip_content,
            json_content=json_file.getvalue(),
            digest=hashlib.sha256(zip_content).hexdigest(),
            tables=[
                {"name": table.name, "title": table.title, "rows": len(rows[table.name])}
                for table in dataset.TABLES
            ],
        )
        kept = DataSetBuild.objects.values_list("pk", flat=True)[: KEEP_PREVIOUS + 1]
        DataSetBuild.objects.exclude(pk__in=list(kept)).delete()
    return build
