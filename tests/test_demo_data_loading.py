"""Loading the demo data: idempotent, all or nothing, quiet, and safe in production."""

import ast
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from priorities import demo_data as priorities_demo
from priorities.models import (
    Initiative,
    OfficerMembership,
    Organisation,
    Priority,
)
from safeguarding import demo_data as safeguarding_demo

WANDSWORTH_PRIORITIES = [
    "Embed family safeguarding as a model of engaging with families in need of support and "
    "protection",
    "Improving mental health provision – especially for children and young people",
    "Ensure mental health support is available in schools",
    "Provide extra support for carers",
    "Double resources to tackle domestic violence",
    "Continue to support the Power to Connect scheme ensuring access to laptops for pupils who "
    "need them",
    "New prevention framework to tackle health inequalities",
    "Develop new Early Help offer",
]

WSCP_AMBITIONS = [
    "Children are happy and have good opportunities to develop skills",
    "Children are safe both at home and in the communities where they live",
    "Children are enabled to live healthy and fulfilling lives",
    "Children receive a good education, suited to their individual needs, which supports them "
    "in staying safe and achieving their potential",
    "Looked after children feel safe, secure, cared for and happy in an environment where they "
    "can thrive and succeed",
]

WSCP_PRIORITIES = [
    "Anti-Racist Practice, Actions, Behaviour, and Culture across the Partnership and within all "
    "organizations.",
    "To deliver excellent education to children in Wandsworth with a focus on children with "
    "special educational needs, and young people who have been disproportionately impacted by "
    "COVID restrictions, ensuring needs are assessed and that children receive the right support "
    "at the right time in the right provision to enable every child to reach their potential.",
    "To work alongside children, young people, and communities to develop and deliver "
    "accessible early help services to children and families in Wandsworth with a focus on "
    "supporting disadvantaged and marginalised families, increasing fairness and inclusivity, "
    "and improving the wellbeing of children, young people, and their families in Wandsworth.",
    "To deliver accessible and inclusive mental and physical health services to children, young "
    "people and parents and carers ensuring access pathways for services are clear and gaps in "
    "services responded to.",
    "To have meaningful multi agency data that enables the Leadership to understand the "
    "effectiveness of the safeguarding response to children and young people and to act quickly "
    "when there are areas of vulnerability or risk.",
]

pytestmark = pytest.mark.django_db

COUNCILS = ["wandsworth", "telford-and-wrekin", "westminster"]


def load(*args):
    call_command("load_demo_data", "--quiet", *args)


def row_counts():
    """Return the number of rows in every table: models, history tables and m2m tables."""
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


def updated_stamps():
    return {
        model._meta.label: sorted(model._base_manager.values_list("pk", "updated_at"))
        for model in apps.get_models()
        if any(field.name == "updated_at" for field in model._meta.concrete_fields)
    }


def local_date(value):
    return timezone.localtime(value).date()


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
