"""The project as a whole: migrations, settings and the services it talks to."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_migrations_are_complete():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_celery_task_names_stay_what_queued_messages_and_beat_name():
    """Moving a task to another module keeps its name: messages queued before a deploy and the
    beat schedule still find it."""
    from django.conf import settings

    from config.celery import app
    from opendata import tasks as open_data_tasks  # noqa: F401
    from priorities.notifications import tasks as notification_tasks  # noqa: F401
    from priorities.reports import tasks as report_tasks  # noqa: F401
    from priorities.rounds import tasks as round_tasks  # noqa: F401

    expected = {
        f"priorities.tasks.{name}"
        for name in (
            "send_notifications",
            "relay_pending_notifications",
            "send_weekly_digests",
            "send_meeting_packs",
            "send_stale_reminders",
            "build_report_export",
            "relay_report_exports",
            "delete_expired_report_exports",
            "send_round_opened_emails",
            "send_round_reminders",
        )
    }
    registered = {name for name in app.tasks if name.startswith("priorities.")}
    assert registered == expected
    open_data = {"opendata.tasks.build_data_set"}
    assert open_data <= set(app.tasks)
    assert {
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    } <= expected | open_data


def test_production_settings_pass_the_deployment_checks():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "priorities.example.gov.uk",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "sqlite:///unused.sqlite3"),
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.redis
def test_the_cache_is_the_real_redis_when_redis_url_is_set():
    from django.conf import settings

    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    cache.set("portal-test-key", "stored", 5)
    assert cache.get("portal-test-key") == "stored"
    cache.delete("portal-test-key")


def quick_start_setting(name, **environment):
    """Read a setting as the quick start's server process sees it (config.settings.local)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PORTAL_")}
    env.pop("PORT", None)
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.local", **environment})
    result = subprocess.run(  # noqa: S603 - this interpreter, a setting's name
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); "
            f"from django.conf import settings; print(settings.{name})",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_quick_start_links_point_at_the_port_it_serves():
    """`PORT=8811 make run` serves on 8811, so the links in emails and reports say 8811 too;
    an explicit PORTAL_BASE_URL still wins."""
    assert quick_start_setting("PORTAL_BASE_URL") == "http://127.0.0.1:8000"
    assert quick_start_setting("PORTAL_BASE_URL", PORT="8811") == "http://127.0.0.1:8811"
    assert (
        quick_start_setting("PORTAL_BASE_URL", PORT="8811", PORTAL_BASE_URL="https://x.example")
        == "https://x.example"
    )
    dry_run = subprocess.run(
        ["make", "--dry-run", "run", "PORT=8811"],  # noqa: S607 - make from PATH, as a user has it
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (serve,) = [line for line in dry_run.splitlines() if "runserver" in line]
    assert "PORT=8811" in serve and serve.endswith("runserver 127.0.0.1:8811")


def production_environment(**extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "priorities.example.gov.uk",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "sqlite:///unused.sqlite3"),
        **extra,
    }
    env.pop("REDIS_URL", None)
    env.pop("CELERY_BROKER_URL", None)
    return env


def test_production_refuses_to_start_without_a_shared_cache():
    """Without REDIS_URL each process would keep its own page cache and rate limits: the
    system checks fail naming the setting, and the WSGI application refuses to load."""
    checked = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=production_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode != 0
    assert "priorities.E001" in checked.stderr and "REDIS_URL" in checked.stderr

    served = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT,
        env=production_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert served.returncode != 0
    assert "ImproperlyConfigured" in served.stderr and "REDIS_URL" in served.stderr

    with_redis = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT,
        env={**production_environment(), "REDIS_URL": "redis://127.0.0.1:6379/0"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert with_redis.returncode == 0, with_redis.stderr


@pytest.mark.django_db
def test_sqlite_connections_keep_a_64_mib_page_cache():
    """A SQLite connection's page cache is 64 MiB, not SQLite's 2 MiB (config.settings.base.
    with_sqlite_page_cache): a search at fifty councils' data reads thousands of rows."""
    from django.db import connection

    from config.settings.base import with_sqlite_page_cache

    postgres = {"ENGINE": "django.db.backends.postgresql", "NAME": "portal"}
    assert with_sqlite_page_cache(dict(postgres)) == postgres
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        assert cursor.fetchone()[0] == -64 * 1024
