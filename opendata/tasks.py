"""Celery tasks of the open data app: thin, safe to run twice."""

from celery import shared_task

from opendata import builds


@shared_task(name="opendata.tasks.build_data_set")
def build_data_set():
    """Build the whole data set if the public data changed since the last build."""
    build = builds.data_set_build()
    return build.pk if build else None
