"""Words people read: grammar that holds for one and for many, nothing the code invented."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from priorities.plan_files.outcome import CREATE, UNCHANGED, UPDATE, Change, ImportReport
from priorities.plan_files.parsing import _read_choice
from tests import factories
from tests.priorities.admin.test_admin_editing import SITE, officer
from tests.priorities.plan_files.test_import import council, csv_file, template_dicts  # noqa: F401

pytestmark = pytest.mark.django_db


def report_with(applied, **numbers):
    changes = [
        Change(row=n, record="initiative", name=f"x{n}", action=action)
        for action, count in numbers.items()
        for n in range(count)
    ]
    return ImportReport(changes=changes, applied=applied, dry_run=not applied)


@pytest.mark.parametrize(
    ("applied", "numbers", "expected"),
    [
        (True, {CREATE: 1}, "1 record was created, 0 updated and 0 left unchanged."),
        (True, {CREATE: 2, UPDATE: 1}, "2 records were created, 1 updated and 0 left unchanged."),
        (True, {UPDATE: 1}, "0 records were created, 1 updated and 0 left unchanged."),
        (
            False,
            {CREATE: 1, UNCHANGED: 3},
            "1 record would be created, 0 updated and 3 left unchanged.",
        ),
    ],
)
def test_the_import_summary_agrees_with_its_numbers(applied, numbers, expected):
    assert report_with(applied, **numbers).summary() == expected


@pytest.mark.parametrize(("record", "article"), [("initiative", "an"), ("plan", "a")])
def test_a_wrong_choice_names_the_record_with_the_right_article(record, article):
    from priorities.plan_files.columns import COLUMNS_BY_HEADER
    from priorities.plan_files.parsing import CellError

    column = COLUMNS_BY_HEADER["Status"]
    with pytest.raises(CellError) as error:
        _read_choice(column, record, "sideways")
    assert f"is not a status of {article} {record}:" in str(error.value)


@pytest.mark.parametrize("page", ["priority", "organisation", "committee"])
def test_the_get_updates_sentence_has_no_space_before_its_comma(client, page):
    """ "…changes status, as they happen" – the link's include adds no space before the comma."""
    initiative = factories.InitiativeFactory()
    meeting = factories.MeetingFactory(committee__organisation=initiative.organisation)
    priority = factories.PriorityFactory(plan__organisation=initiative.organisation)
    record = {
        "priority": priority,
        "organisation": initiative.organisation,
        "committee": meeting.committee,
    }[page]
    text = client.get(record.get_absolute_url()).content.decode()
    assert ", as they happen or in a weekly digest" in text
    assert "\n, as they happen" not in text and "</a> , as" not in text


def test_the_import_message_names_the_file_as_it_was_called(council):  # noqa: F811
    """Django's admin capitalises the first letter of a message: the file's name must not come
    first, or "castlebridge-plan.csv" turns into "Castlebridge-plan.csv"."""
    client = Client()
    client.force_login(officer(council, "alice"))
    url = reverse(f"{SITE}:priorities_plan_import")

    def upload():
        return SimpleUploadedFile(
            "castlebridge-plan.csv", csv_file(template_dicts()).getvalue(), content_type="text/csv"
        )

    checked = client.post(url, {"file": upload()})
    imported = client.post(
        url, {"file": upload(), "confirm": "1", "digest": checked.context["digest"]}, follow=True
    )

    page = imported.content.decode()
    assert imported.redirect_chain, "the import was not confirmed"
    assert "castlebridge-plan.csv" in page
    assert "Castlebridge-plan.csv" not in page
