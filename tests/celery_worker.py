"""A real Celery worker for the tests that need one: a subprocess on the test database, fed by
a real Redis (database 15 of REDIS_URL's server). The ``workers`` fixture is registered in
tests/conftest.py."""

import contextlib
import os
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
from django.db import connection
from kombu import pools

from config.celery import app

ROOT = Path(__file__).resolve().parents[1]

# The worker: the portal's Celery app with the test's mail server (TEST_SMTP_PORT), and any
# further worker arguments in TEST_WORKER_ARGS (e.g. "--beat --schedule=...").
WORKER = """
import os
import django
django.setup()
from django.conf import settings
settings.EMAIL_HOST = "127.0.0.1"
settings.EMAIL_PORT = int(os.environ["TEST_SMTP_PORT"])
from config.celery import app
app.worker_main(["worker", "--pool=solo", "--loglevel=WARNING", "--without-gossip",
                 "--without-mingle", "--without-heartbeat",
                 *os.environ.get("TEST_WORKER_ARGS", "").split()])
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def worker_database_url():
    db = connection.settings_dict
    auth = quote(db["USER"] or "")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"])
    netloc = f"{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return urlunsplit(("postgres", netloc, "/" + db["NAME"], "", ""))


def redis_url_for_tests():
    """REDIS_URL's server, database 15: the tests' queue stays apart from anything else."""
    parts = urlsplit(os.environ["REDIS_URL"])
    return urlunsplit((parts.scheme, parts.netloc, "/15", "", ""))


@contextlib.contextmanager
def broker(url):
    """Send this process's tasks to ``url`` rather than running them in-process."""
    saved = app.conf.broker_url, app.conf.task_always_eager

    def reset():
        pools.reset()
        app._after_fork()

    app.conf.broker_url, app.conf.task_always_eager = url, False
    reset()
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.task_always_eager = saved
        reset()


@pytest.fixture
def workers(transactional_db):
    """Start Celery workers (subprocesses) on the test database; stop them at the end."""
    started = []

    def start(broker_url, smtp_port, **env):
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DJANGO_DEBUG": "false",
            "DATABASE_URL": worker_database_url(),
            "REDIS_URL": broker_url,
            "CELERY_BROKER_URL": broker_url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "TEST_SMTP_PORT": str(smtp_port),
            **env,
        }
        process = subprocess.Popen(  # noqa: S603 - this interpreter, fixed arguments
            [sys.executable, "-c", WORKER], cwd=ROOT, env=environment
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def flush(url):
    import redis

    redis.Redis.from_url(url).flushdb()
