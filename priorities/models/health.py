"""Heartbeats: each Celery worker and the beat process say, every few seconds, that they live."""

from django.db import models


class ServiceRole(models.TextChoices):
    WORKER = "worker", "Celery worker"
    BEAT = "beat", "Celery beat"


class Heartbeat(models.Model):
    """The last sign of life of one worker or beat process (one row per host and process)."""

    role = models.CharField(max_length=10, choices=ServiceRole.choices)
    name = models.CharField(max_length=200, help_text="host name and process id")
    started_at = models.DateTimeField()
    last_seen_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["role", "name"], name="one_heartbeat_per_process")
        ]

    def __str__(self):
        return f"{self.get_role_display()} {self.name}"
