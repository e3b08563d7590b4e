"""Large reports end to end: a real Redis and a real Celery worker (a subprocess) build them.

Like the delivery tests, these need PostgreSQL (the worker shares the test database) and Redis
(REDIS_URL, database 15).
"""

import time

import pytest
from django.test import override_settings
from django.utils import timezone

from priorities import models as p
from priorities.reports.tasks import relay_report_exports
from tests import factories
from tests.celery_worker import (
    broker,
    flush,
    free_port,
    redis_url_for_tests,
)

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def published_plan(initiatives=30):
    plan = factories.PlanFactory(slug="big-plan")
    priority = factories.PriorityFactory(plan=plan)
    for initiative in factories.InitiativeFactory.create_batch(
        initiatives, organisation=plan.organisation
    ):
        initiative.priorities.add(priority)
    return plan


def wait_until_finished(export_id, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        export = p.ReportExport.objects.defer("content").get(pk=export_id)
        if export.is_finished:
            return export
        time.sleep(0.2)
    raise AssertionError(f"report {export_id} still {export.state} after {timeout} s")


def test_a_large_report_is_built_by_a_worker_and_downloaded(client, workers):
    """Asking for a large report sends the visitor to its page at once; a worker builds it and
    the page then offers the PDF."""
    url = redis_url_for_tests()
    flush(url)
    plan = published_plan()
    workers(url, free_port())
    with broker(url), override_settings(PORTAL_REPORT_BACKGROUND_ROWS=10):
        started = time.monotonic()
        response = client.get(
            f"/organisations/{plan.organisation.slug}/plans/{plan.slug}/report.pdf"
        )
        answered_in = time.monotonic() - started
        assert response.status_code == 302
        export_id = response["Location"].strip("/").split("/")[-1]
        export = wait_until_finished(export_id)
    assert answered_in < 5
    assert export.state == p.ReportExportState.READY
    assert export.attempts == 1 and export.progress == 100
    download = client.get(f"/reports/{export_id}/download/")
    assert download.status_code == 200
    assert download.content.startswith(b"%PDF")
    assert download["Content-Disposition"].endswith('.pdf"')


def test_a_build_whose_worker_died_is_built_again_by_the_relay(workers):
    """A report left half built (its worker killed, its lease over) is queued again by the
    relay and built by another worker."""
    url = redis_url_for_tests()
    flush(url)
    plan = published_plan(5)
    abandoned = p.ReportExport.objects.create(
        scope=p.ReportScope.PLAN,
        plan=plan,
        report_format="xlsx",
        state=p.ReportExportState.BUILDING,
        attempts=1,
        started_at=timezone.now() - timezone.timedelta(hours=1),
    )
    workers(url, free_port())
    with broker(url):
        assert relay_report_exports() == 1
        export = wait_until_finished(abandoned.pk)
    assert export.state == p.ReportExportState.READY
    assert export.attempts == 2
    assert export.filename.endswith(".xlsx")
