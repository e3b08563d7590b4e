"""The mail relay down, for real: nothing listens on the SMTP port. The emails wait for a retry
and /readyz says the outbox is degraded, with the error, at once (not after a backlog ages)."""

import pytest
from django.test import override_settings

from priorities import models as p
from priorities.notifications.outbox import deliver_notifications
from priorities.services import initiative_change_status
from tests import factories
from tests.celery_worker import free_port

pytestmark = pytest.mark.django_db


def test_a_relay_that_refuses_connections_shows_in_readyz(client):
    factories.SubscriptionFactory.create_batch(3)
    change = initiative_change_status(
        initiative=factories.InitiativeFactory(), to="awaiting_scrutiny", reason="Listed."
    )
    ids = list(change.notifications.values_list("pk", flat=True))
    assert len(ids) == 3

    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=free_port(),
        EMAIL_TIMEOUT=2,
    ):
        deliver_notifications(ids)

    assert p.Notification.objects.filter(state=p.NotificationState.SENT).count() == 0
    body = client.get("/readyz").json()
    outbox = body["checks"]["outbox"]
    assert body["status"] == "degraded"
    assert outbox["status"] == "degraded"
    assert outbox["retrying"] == 3
    assert "refused" in outbox["last_error"].lower() or "connect" in outbox["last_error"].lower()
