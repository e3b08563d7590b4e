"""``manage.py export_report``: a meeting's, committee's or plan's report written to a file or
to standard output, published records only unless --user names an officer, with clear errors
for whatever is wrong with the command line."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from priorities.querysets import PublicationState
from tests import factories
from tests.priorities.reports import conftest as export_fixtures

#: The fictional council with a committee, a plan, a meeting and a draft initiative (the export
#: tests' fixture).
castlebridge = export_fixtures.castlebridge

DRAFT_TITLE = "Secret draft initiative"
MEETING = "castlebridge/childrens-scrutiny/2025-11-20"
COMMITTEE = "castlebridge/childrens-scrutiny"
PLAN = "castlebridge/children-and-families"


def export(*args):
    """Run the command quietly; return what it said on stderr."""
    stderr = io.StringIO()
    call_command("export_report", *args, stderr=stderr)
    return stderr.getvalue()


def csv_records(path):
    header, *rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    return [dict(zip(header, row, strict=True)) for row in rows]


def titles(path):
    return [record["Title"] for record in csv_records(path)]


def test_a_meetings_report_holds_the_published_items_only(castlebridge, tmp_path):
    """A meeting's report, named by its address's slugs, is written as CSV without the draft."""
    output = tmp_path / "r.csv"

    said = export("--meeting", MEETING, "--output", str(output))

    data = output.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert titles(output)[1] == castlebridge["second"].title
    assert len(titles(output)) == 2
    assert DRAFT_TITLE not in data.decode("utf-8-sig")
    assert "Publication" not in data.decode("utf-8-sig").splitlines()[0]
    assert str(output) in said
    assert "DRAFT" not in said


def test_an_officers_meeting_report_includes_their_draft(castlebridge, tmp_path):
    """With --user naming an officer, the report holds their draft, with the Publication column
    saying so, and the command says it wrote a DRAFT."""
    output = tmp_path / "r.csv"

    said = export(
        "--meeting", MEETING, "--user", castlebridge["officer"].username, "--output", str(output)
    )

    publication = {record["Title"]: record["Publication"] for record in csv_records(output)}
    assert publication[DRAFT_TITLE].startswith("DRAFT")
    assert publication[castlebridge["second"].title] == "Published"
    assert "DRAFT" in said


def test_a_meeting_may_be_named_by_its_id(castlebridge, tmp_path):
    """A meeting may be given by its id instead of its slugs."""
    output = tmp_path / "r.csv"

    export("--meeting", str(castlebridge["meeting"].pk), "--output", str(output))

    assert titles(output)[1] == castlebridge["second"].title


def test_a_plans_report(castlebridge, tmp_path):
    """A plan's report lists its published initiatives, not the draft."""
    output = tmp_path / "plan.csv"

    export("--plan", PLAN, "--output", str(output))

    # The first title begins "=": the CSV puts a quote in front so no spreadsheet runs it.
    assert [record["Initiative"] for record in csv_records(output)] == [
        "'" + castlebridge["published"].title,
        castlebridge["second"].title,
    ]
    assert DRAFT_TITLE not in output.read_text(encoding="utf-8-sig")


def test_a_committees_report_over_a_period(castlebridge, tmp_path):
    """A committee's report with --from and --to holds the meetings in that period only."""
    day = timezone.localdate(castlebridge["meeting"].starts_at).isoformat()
    in_period = tmp_path / "in.csv"
    before = tmp_path / "before.csv"

    export("--committee", COMMITTEE, "--from", day, "--to", day, "--output", str(in_period))
    export(
        "--committee",
        COMMITTEE,
        "--from",
        "2000-01-01",
        "--to",
        "2000-12-31",
        "--output",
        str(before),
    )

    records = csv_records(in_period)
    assert {record["Meeting date"] for record in records} == {day}
    assert len(records) == 2
    assert csv_records(before) == []


def test_a_committees_report_with_only_a_start(castlebridge, tmp_path):
    """--from alone covers every meeting from that day on."""
    output = tmp_path / "r.csv"

    export("--committee", COMMITTEE, "--from", "2000-01-01", "--output", str(output))

    assert len(csv_records(output)) == 2


@pytest.mark.parametrize(
    ("filename", "magic"),
    [
        ("r.pdf", b"%PDF-"),
        ("r.docx", b"PK\x03\x04"),
        ("r.xlsx", b"PK\x03\x04"),
        ("r.CSV", b"\xef\xbb\xbf"),
    ],
)
def test_the_format_comes_from_the_files_extension(castlebridge, tmp_path, filename, magic):
    """Without --format, the output file's extension (in any case) decides the format."""
    output = tmp_path / filename

    export("--meeting", MEETING, "--output", str(output))

    assert output.read_bytes().startswith(magic)


def test_format_overrides_the_extension(castlebridge, tmp_path):
    """--format decides the format whatever the file is called."""
    output = tmp_path / "report.csv"

    export("--plan", PLAN, "--format", "xlsx", "--output", str(output))

    assert output.read_bytes().startswith(b"PK\x03\x04")


def test_output_dash_writes_to_standard_output(castlebridge, capsysbinary):
    """--output - writes the file's bytes to standard output."""
    export("--meeting", MEETING, "--format", "csv", "--output", "-")

    out = capsysbinary.readouterr().out
    assert out.startswith(b"\xef\xbb\xbf")
    text = out.decode("utf-8-sig")
    assert castlebridge["second"].title in text
    assert DRAFT_TITLE not in text


def test_an_officer_may_export_their_unpublished_plan(castlebridge, tmp_path):
    """An unpublished plan is exported as a draft when --user names an officer."""
    plan = factories.PlanFactory(
        organisation=castlebridge["council"],
        slug="next-plan",
        publication_state=PublicationState.DRAFT,
    )
    output = tmp_path / "r.csv"

    said = export(
        "--plan",
        f"castlebridge/{plan.slug}",
        "--user",
        castlebridge["officer"].username,
        "--output",
        str(output),
    )

    assert output.exists()
    assert "DRAFT" in said


# Errors.


def error_of(*args):
    with pytest.raises(CommandError) as raised:
        export(*args)
    return str(raised.value)


def test_an_unknown_meeting_is_an_error(castlebridge, tmp_path):
    """A meeting that does not exist is named in the error, and no file is written."""
    output = tmp_path / "r.csv"

    message = error_of(
        "--meeting", "castlebridge/childrens-scrutiny/2099-01-01", "--output", str(output)
    )

    assert message == "There is no meeting “castlebridge/childrens-scrutiny/2099-01-01”."
    assert not output.exists()


def test_an_unknown_id_is_an_error(castlebridge, tmp_path):
    """A plan id that does not exist is an error naming it."""
    message = error_of("--plan", "999999", "--output", str(tmp_path / "r.csv"))

    assert message == "There is no plan “999999”."


def test_a_reference_of_the_wrong_shape_says_what_it_should_be(castlebridge, tmp_path):
    """A meeting given with too few slugs is an error that says the shape a reference takes,
    in the words of the command's help: ORGANISATION/COMMITTEE/MEETING."""
    message = error_of("--meeting", COMMITTEE, "--output", str(tmp_path / "r.csv"))

    assert message.startswith(f"“{COMMITTEE}” should be ")
    assert "ORGANISATION/COMMITTEE/MEETING" in message
    assert "__" not in message


def test_a_date_that_is_not_real_is_an_error(castlebridge, tmp_path):
    """--from 2025-02-31 is refused, saying what a date looks like."""
    message = error_of(
        "--committee", COMMITTEE, "--from", "2025-02-31", "--output", str(tmp_path / "r.csv")
    )

    assert message == "--from should be a date like 2025-04-01, not “2025-02-31”."


def test_an_end_before_the_start_is_an_error(castlebridge, tmp_path):
    """--to before --from is refused."""
    message = error_of(
        "--committee",
        COMMITTEE,
        "--from",
        "2025-04-01",
        "--to",
        "2025-03-31",
        "--output",
        str(tmp_path / "r.csv"),
    )

    assert message == "--to must be on or after --from."


@pytest.mark.parametrize(("option", "reference"), [("--plan", PLAN), ("--meeting", MEETING)])
def test_a_period_is_for_committees_only(castlebridge, tmp_path, option, reference):
    """--from and --to with a plan or a meeting are refused, not ignored."""
    message = error_of(
        option, reference, "--from", "2025-04-01", "--output", str(tmp_path / "r.csv")
    )

    assert message == "--from and --to are for committee reports only."


def test_an_unknown_extension_asks_for_a_format(castlebridge, tmp_path):
    """An output file whose extension is not a format, without --format, is refused."""
    output = tmp_path / "r.txt"

    message = error_of("--meeting", MEETING, "--output", str(output))

    assert message == "Give --format pdf, docx, xlsx or csv."
    assert not output.exists()


def test_an_unknown_format_is_refused(castlebridge, tmp_path):
    """--format must be one of the formats."""
    message = error_of("--meeting", MEETING, "--format", "odt", "--output", str(tmp_path / "r.csv"))

    assert "invalid choice" in message
    assert "odt" in message


def test_an_unpublished_plan_needs_an_officer(castlebridge, tmp_path):
    """An unpublished plan is refused without --user, saying to give one."""
    factories.PlanFactory(
        organisation=castlebridge["council"],
        slug="next-plan",
        publication_state=PublicationState.DRAFT,
    )
    output = tmp_path / "r.csv"

    message = error_of("--plan", "castlebridge/next-plan", "--output", str(output))

    assert message == "The plan is not published: give --user to export it as a draft."
    assert not output.exists()


def test_an_unknown_user_is_an_error(castlebridge, tmp_path):
    """--user naming nobody is refused."""
    message = error_of(
        "--meeting", MEETING, "--user", "nobody", "--output", str(tmp_path / "r.csv")
    )

    assert message == "There is no user “nobody”."


def test_a_subject_is_required(castlebridge, tmp_path):
    """Without --meeting, --committee or --plan the command says one is needed."""
    message = error_of("--output", str(tmp_path / "r.csv"))

    assert "--meeting" in message
    assert "required" in message


def test_an_unpublished_plan_is_not_exported_for_another_organisations_officer(
    castlebridge, tmp_path
):
    """Naming an officer of another organisation does not open an unpublished plan."""
    plan = castlebridge["plan"]
    plan.publication_state = PublicationState.DRAFT
    plan.save()
    outsider = factories.OfficerMembershipFactory(organisation=factories.OrganisationFactory()).user
    output = tmp_path / "plan.pdf"
    with pytest.raises(CommandError, match="is not one of its organisation's officers"):
        call_command(
            "export_report",
            "--plan",
            "castlebridge/children-and-families",
            "--user",
            outsider.username,
            "--output",
            str(output),
        )
    assert not output.exists()
