"""Benchmark: one status change to 5,000 followers; check the save and the sending against targets.

``make bench`` runs this after the exports. In a throwaway SQLite database it creates 5,000
confirmed subscribers following everything and one published initiative, then measures:

- the save: ``initiative_change_status`` writing the status change and its 5,000 outbox rows in
  one transaction (what an officer waits for when they click Save; sending is queued after);
- the sending: ``deliver_notifications`` in the workers' batches, one SMTP connection per batch,
  to a local SMTP server (aiosmtpd) that accepts everything, in this one process: the rate of a
  single worker process, rendering each email from its templates.

- the ceiling: a plain smtplib loop sending the same number of messages (one rendered email's
  bytes, to each follower) over one connection to the same server, in the same run. The
  portal's rate is reported as a ratio of this ceiling, which must be at least ``MIN_RATIO``.

It prints the times, the sending rate and the ratio, and fails when a target below is missed.
``--profile`` prints where the sending spends its time (cProfile). (The real-worker test in
tests/priorities/notifications/test_delivery_worker.py checks the same fan-out on PostgreSQL and
Redis for exactly-once delivery; this measures speed.)

    python -m tests.benchmarks.fanout [--followers 5000] [--profile]
"""

import argparse
import cProfile
import io
import pstats
import smtplib
import socket
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

from tests.benchmarks.exports import setup_django

#: The targets for 5,000 followers: the save an officer waits for, and the sending rate of one
#: worker process (emails a second).
SAVE_SECONDS = 5.0
EMAILS_PER_SECOND = 100
#: The sending rate as a share of the raw-SMTP ceiling measured in the same run.
MIN_RATIO = 0.5


class AcceptEverything:
    """An aiosmtpd handler that counts the emails it accepts."""

    def __init__(self):
        self.received = 0

    async def handle_DATA(self, server, session, envelope):
        self.received += len(envelope.rcpt_tos)
        return "250 OK"


def create_followers(count):
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from priorities.models import Subscriber, Subscription, SubscriptionScope
    from tests import factories

    call_command("migrate", verbosity=0)
    # SQLite as a server would run it: WAL, so that a commit need not wait for the disk (the
    # counterpart of PostgreSQL's synchronous_commit = off, which delivery sets for a batch).
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode = WAL")
    now = timezone.now()
    subscribers = Subscriber.objects.bulk_create(
        Subscriber(email=f"parent{n}@example.org", confirmed_at=now) for n in range(count)
    )
    Subscription.objects.bulk_create(
        Subscription(subscriber=subscriber, scope=SubscriptionScope.EVERYTHING)
        for subscriber in subscribers
    )
    return factories.InitiativeFactory(title="Family hubs in every ward")


def raw_smtp_rate(port, message_bytes, addresses):
    """The ceiling: ``addresses`` each sent ``message_bytes`` by plain smtplib over one
    connection; return emails a second."""
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for address in addresses:
            smtp.sendmail("updates@priorities.example.org", [address], message_bytes)
    return len(addresses) / (time.perf_counter() - started)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--followers", type=int, default=5000)
    parser.add_argument("--profile", action="store_true", help="profile the sending (cProfile)")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as directory:
        setup_django(Path(directory) / "fanout.sqlite3")
        from aiosmtpd.controller import Controller
        from django.conf import settings
        from django.test.utils import override_settings

        from priorities.models import Notification
        from priorities.notifications import emails, outbox
        from priorities.services import initiative_change_status

        initiative = create_followers(options.followers)
        handler = AcceptEverything()
        with socket.socket() as probe:  # a free port for the SMTP server
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        try:
            smtp = {
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": port,
            }
            # The save queues the sending after it commits: measured separately below.
            with mock.patch("priorities.services.enqueue_notifications"):
                started = time.perf_counter()
                change = initiative_change_status(
                    initiative=initiative, to="awaiting_scrutiny", reason="Agreed at cabinet."
                )
                save_seconds = time.perf_counter() - started
            ids = list(
                Notification.objects.filter(status_change=change)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            first = Notification.objects.select_related(
                "subscriber", "status_change__initiative__organisation"
            ).get(pk=ids[0])
            message_bytes = emails.status_change_email(first).message().as_bytes(linesep="\r\n")
            addresses = [f"parent{n}@example.org" for n in range(len(ids))]
            raw_rate = raw_smtp_rate(port, message_bytes, addresses)

            batch = settings.PORTAL_NOTIFICATION_BATCH_SIZE
            profiler = cProfile.Profile() if options.profile else None
            started = time.perf_counter()
            with override_settings(**smtp):
                if profiler:
                    profiler.enable()
                for start in range(0, len(ids), batch):
                    outbox.deliver_notifications(ids[start : start + batch])
                if profiler:
                    profiler.disable()
            send_seconds = time.perf_counter() - started
            # The ceiling again after: the better of the two runs counts (the machine's load
            # may change during the run).
            raw_rate = max(raw_rate, raw_smtp_rate(port, message_bytes, addresses))
        finally:
            controller.stop()
        sent = Notification.objects.filter(status_change=change, state="sent").count()
    received = handler.received - 2 * len(ids)  # less the ceiling's two runs

    rate = sent / send_seconds if send_seconds else 0
    ratio = rate / raw_rate if raw_rate else 0
    print(
        f"fan-out to {options.followers} followers: save with {len(ids)} outbox rows "
        f"{save_seconds:.2f}s; {sent} emails sent (server got {received}) in "
        f"{send_seconds:.1f}s = {rate:.0f} emails/s in one process; raw smtplib ceiling "
        f"{raw_rate:.0f} emails/s; ratio {ratio:.2f} (target {MIN_RATIO})"
    )
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
        print(out.getvalue())
    failures = []
    if sent != options.followers or received != options.followers:
        failures.append(f"sent {sent} and received {received}, not {options.followers}")
    if options.followers == 5000 and save_seconds > SAVE_SECONDS:
        failures.append(f"the save took {save_seconds:.1f}s, target {SAVE_SECONDS}s")
    if options.followers == 5000 and rate < EMAILS_PER_SECOND:
        failures.append(f"{rate:.0f} emails/s, target {EMAILS_PER_SECOND}")
    if ratio < MIN_RATIO:
        failures.append(f"fan-out at {ratio:.2f} of the raw SMTP ceiling, target {MIN_RATIO}")
    for failure in failures:
        print(f"MISSED {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
