"""A round end to end with a real Celery worker (a subprocess), a Redis of the test's own and a
local mail server: opened, one email to each owner however often the task runs, one reminder to
each owner still outstanding however often beat runs, closed, the report built.

Needs PostgreSQL (the worker shares the test database) and the redis-server program.
"""

import collections
import email
import io
import threading
import time

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone
from pypdf import PdfReader

from priorities import models as p
from priorities.rounds import tasks
from priorities.rounds.services import round_close, round_open
from tests.celery_worker import broker, free_port
from tests.priorities.rounds.conftest import post_update
from tests.redis_server import redis_server  # noqa: F401 - the fixture

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


class Inbox:
    """Keeps (recipient, subject) of every email the local mail server accepts."""

    def __init__(self):
        self.received = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
        with self.lock:
            self.received.extend((recipient, subject) for recipient in envelope.rcpt_tos)
        return "250 OK"

    def matching(self, words):
        with self.lock:
            return [(to, subject) for to, subject in self.received if words in subject]

    def wait_for(self, words, count, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.matching(words)) < count:
            time.sleep(0.1)
        return self.matching(words)


@pytest.fixture
def inbox():
    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    box.port = controller.port
    yield box
    controller.stop()


def wait_for_reports(update_round, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        exports = list(p.ReportExport.objects.filter(round=update_round).defer("content"))
        if len(exports) == 4 and all(export.is_finished for export in exports):
            return exports
        time.sleep(0.2)
    raise AssertionError(f"the round's reports are not built: {exports}")


def recipients(messages):
    return sorted(to.split("@")[0] for to, _ in messages)


def test_a_round_from_opening_to_its_report(world, inbox, workers, redis_server):  # noqa: F811
    update_round = world.round
    update_round.due_on = timezone.localdate() + timezone.timedelta(days=2)
    update_round.save()
    workers(redis_server.url, inbox.port)
    with broker(redis_server.url):
        # Opened: the worker emails each owner once.
        round_open(update_round=update_round, acting_user=world.publisher)
        opened = inbox.wait_for("please update your initiatives", 3)
        assert recipients(opened) == ["amara", "ben", "chidi"]
        # The task again, and beat (which also sends opening emails a lost task missed).
        tasks.send_round_opened_emails.delay(update_round.pk)
        tasks.send_round_reminders.delay()

        # Owners update; then, a day later, beat's reminders go to those still outstanding.
        post_update(world.early_help, update_round)
        post_update(world.family_hubs, update_round, narrative="Hubs open in four wards.")
        post_update(world.youth_centres, update_round, state=p.PublicationState.IN_REVIEW)
        p.UpdateRound.objects.filter(pk=update_round.pk).update(
            opened_at=timezone.now() - timezone.timedelta(days=1)
        )
        for _ in range(3):
            tasks.send_round_reminders.delay()
        reminders = inbox.wait_for(": reminder,", 1)
        time.sleep(2)  # time enough for any second email to arrive
        assert recipients(inbox.matching(": reminder,")) == ["chidi"]
        assert len(inbox.matching("please update your initiatives")) == 3
        assert reminders

        # Closed: the worker builds the report in every format.
        update_round.refresh_from_db()
        round_close(update_round=update_round, acting_user=world.publisher)
        exports = wait_for_reports(update_round)

    assert {export.state for export in exports} == {p.ReportExportState.READY}
    assert sorted(export.report_format for export in exports) == ["csv", "docx", "pdf", "xlsx"]
    pdf = next(export for export in exports if export.report_format == "pdf")
    content = bytes(p.ReportExport.objects.values_list("content", flat=True).get(pk=pdf.pk))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Hubs open in four wards." in " ".join(text.split())
    counts = collections.Counter(to for to, _ in inbox.received)
    assert counts == {
        "amara@castlebridge.example": 1,
        "ben@castlebridge.example": 1,
        "chidi@castlebridge.example": 2,
    }
    assert p.Delivery.objects.filter(kind=p.DeliveryKind.ROUND_OPENED).count() == 3
    assert p.Delivery.objects.filter(kind=p.DeliveryKind.ROUND_REMINDER).count() == 1
