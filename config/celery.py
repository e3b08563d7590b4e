"""The Celery application: configured from Django settings (CELERY_*), tasks found in each app."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Each app's tasks module; priorities keeps its tasks in the rooms they serve.
app.autodiscover_tasks()
app.autodiscover_tasks(["priorities.notifications", "priorities.reports", "priorities.rounds"])

# Workers and beat record a heartbeat the status endpoint reads (priorities/heartbeat.py).
import priorities.heartbeat  # noqa: E402, F401
