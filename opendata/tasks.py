"""Celery tasks of the open data app: thin, safe to run twice."""

from celery import shared_task

from opendata import builds


@shared_task(name="opendata.tasks.build_data_set")
def build_data_set():
    """Build each site's data set whose public data changed since its last build; return the
    new builds' ids (None when nothing changed)."""
    built = builds.data_set_builds()
    return [build.pk for build in built] or None
