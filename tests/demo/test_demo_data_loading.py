"""Loading the demo data: idempotent, all or nothing, quiet, and safe in production."""

import ast
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from demo import priorities_demo, safeguarding_demo
from priorities.models import (
    Initiative,
    OfficerMembership,
    Organisation,
    Priority,
)
from tests.demo_facts import (
    WANDSWORTH_PRIORITIES,
    load,
    row_counts,
    updated_stamps,
)

pytestmark = pytest.mark.django_db


def test_loading_twice_changes_no_table_at_all():
    load()
    counts, stamps = row_counts(), updated_stamps()
    assert counts["priorities.HistoricalPriority"] > 0
    assert counts["priorities.HistoricalInitiative_priorities"] > 0
    assert counts["safeguarding.HistoricalAmbition"] > 0

    out = StringIO()
    call_command("load_demo_data", stdout=out)

    assert row_counts() == counts
    assert updated_stamps() == stamps
    assert "nothing changed" in out.getvalue()


def test_loading_again_repairs_an_edited_record_with_one_history_row():
    load()
    priority = Priority.private_objects.get(slug="power-to-connect")
    Priority.private_objects.filter(pk=priority.pk).update(title="Edited by hand")
    history_before = priority.history.count()

    load()

    priority.refresh_from_db()
    assert priority.title == WANDSWORTH_PRIORITIES[5]
    assert priority.history.count() == history_before + 1


def test_loading_is_all_or_nothing(monkeypatch):
    def fail(tally):
        raise RuntimeError("safeguarding demo data failed")

    monkeypatch.setattr(safeguarding_demo, "load", fail)
    with pytest.raises(RuntimeError):
        load()

    assert Organisation.objects.count() == 0
    assert Priority.private_objects.count() == 0


def test_priorities_demo_data_never_imports_safeguarding():
    source = Path(priorities_demo.__file__).read_text(encoding="utf-8")
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
    assert not [name for name in imported if name.split(".")[0] == "safeguarding"]


def test_quiet_prints_nothing_and_the_summary_is_short():
    quiet = StringIO()
    call_command("load_demo_data", "--quiet", stdout=quiet)
    assert quiet.getvalue() == ""

    out = StringIO()
    call_command("load_demo_data", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) < 25
    assert priorities_demo.DEMO_PASSWORD in out.getvalue()
    assert "officer-wandsworth" in out.getvalue()


def test_no_demo_officers_when_the_setting_is_off(settings):
    settings.PORTAL_CREATE_DEMO_OFFICERS = False
    out = StringIO()
    call_command("load_demo_data", stdout=out)

    assert not get_user_model().objects.exists()
    assert not OfficerMembership.objects.exists()
    assert priorities_demo.DEMO_PASSWORD not in out.getvalue()
    assert Initiative.private_objects.exists()
