"""On SQLite the search narrows its matches with trigram indexes first (``trigram``): the
results are exactly those of the ``icontains`` conditions alone, and the triggers keep the
indexes in step with the records."""

import pytest
from django.db import connection

from priorities.search import engine, trigram
from priorities.search.criteria import SearchFilters
from priorities.search.engine import run_search, search_page
from tests import factories

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's trigram indexes"),
]


def found(text):
    return [(result.result_type, result.title) for result in run_search(text, SearchFilters())]


def test_the_indexes_narrow_and_find_what_icontains_alone_finds(monkeypatch):
    council = factories.OrganisationFactory(name="Castlebridge Council")
    titles = [
        "Mental health in schools",
        "MENTAL HEALTH first aid",
        "Health checks",
        "Youth club",
        "People’s panel",
        "Plan 2025–2028",
        "An ox farm",
    ]
    for title in titles:
        factories.InitiativeFactory(organisation=council, title=title, summary="")
    factories.InitiativeFactory(organisation=council, title="Mental", summary="Health visits")
    assert trigram.ready(connection, "priorities_initiative")
    searches = ["mental health", "health", "people's", "2025-2028", "ox", "youth club", "zz"]
    with_index = {text: found(text) for text in searches}
    pages = {text: search_page(text, SearchFilters(), 1, 3) for text in searches}
    assert "priorities_initiative_trigram" in str(
        engine.narrowed(engine.initiative_matches("health", SearchFilters())).query
    )
    monkeypatch.setattr(trigram, "ready", lambda connection, table: False)
    assert with_index == {text: found(text) for text in searches}
    assert {text: (page.count, page.type_counts, page.results) for text, page in pages.items()} == {
        text: (page.count, page.type_counts, page.results)
        for text, page in ((text, search_page(text, SearchFilters(), 1, 3)) for text in searches)
    }
    assert [title for _, title in with_index["mental health"]] == [
        "MENTAL HEALTH first aid",
        "Mental health in schools",
        "Mental",
    ]
    assert [title for _, title in with_index["ox"]] == ["An ox farm"]
    assert [title for _, title in with_index["people's"]] == ["People’s panel"]
    assert [title for _, title in with_index["2025-2028"]] == ["Plan 2025–2028"]


def test_the_triggers_keep_the_index_in_step():
    initiative = factories.InitiativeFactory(title="Zebra crossings", summary="")
    assert found("zebra") == [("initiative", "Zebra crossings")]
    initiative.title = "Pelican crossings"
    initiative.save()
    assert found("zebra") == []
    assert found("pelican") == [("initiative", "Pelican crossings")]
    initiative.delete()
    assert found("pelican") == []


def test_without_a_trigger_the_search_goes_without_the_index():
    assert trigram.ready(connection, "priorities_initiative")
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER priorities_initiative_trigram_insert")
    assert not trigram.ready(connection, "priorities_initiative")
    factories.InitiativeFactory(title="Zebra crossings", summary="")
    assert found("zebra") == [("initiative", "Zebra crossings")]


def test_match_expression():
    assert trigram.match_expression([["mental"], ["ox"], ['say "hi"']]) == (
        '("mental") AND ("say ""hi""")'
    )
    assert trigram.match_expression([["ox"]]) == ""


def meetings_found(text):
    """The meetings the search finds, checking that the index itself finds the same ones (the
    search would go without an index missing a trigger, and still find them)."""
    assert trigram.ready(connection, "priorities_meeting")
    expression = trigram.match_expression([[word] for word in text.split()])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM priorities_meeting_trigram WHERE priorities_meeting_trigram "
            "MATCH %s ORDER BY rowid",
            [expression],
        )
        in_index = [row[0] for row in cursor.fetchall()]
    found_meetings = engine.meeting_matches(text, SearchFilters())
    assert in_index == sorted(meeting.pk for meeting in found_meetings)
    return [title for kind, title in found(text) if kind == "meeting"]


def test_meetings_are_found_by_committee_description_and_location_as_icontains_finds(
    monkeypatch,
):
    scrutiny = factories.CommitteeFactory(name="Children's Scrutiny Committee")
    cabinet = factories.CommitteeFactory(name="Cabinet")
    factories.MeetingFactory(committee=scrutiny, description="Budget", location="Town Hall")
    factories.MeetingFactory(committee=cabinet, description="Mental health in SCRUTINY")
    factories.MeetingFactory(committee=cabinet, description="", location="Civic Centre, Room 2")
    assert trigram.ready(connection, "priorities_meeting")
    assert "priorities_meeting_trigram" in str(
        engine.narrowed(engine.meeting_matches("scrutiny", SearchFilters())).query
    )
    searches = ["scrutiny", "children's scrutiny", "civic centre", "cabinet budget", "town", "zz"]
    with_index = {text: found(text) for text in searches}
    pages = {text: search_page(text, SearchFilters(), 1, 2) for text in searches}
    monkeypatch.setattr(trigram, "ready", lambda connection, table: False)
    assert with_index == {text: found(text) for text in searches}
    assert {text: (page.count, page.type_counts, page.results) for text, page in pages.items()} == {
        text: (page.count, page.type_counts, page.results)
        for text, page in ((text, search_page(text, SearchFilters(), 1, 2)) for text in searches)
    }
    assert len(with_index["scrutiny"]) == 2
    assert len(with_index["children's scrutiny"]) == 1
    assert len(with_index["civic centre"]) == 1
    assert with_index["cabinet budget"] == []


def test_the_meeting_index_follows_meetings_and_a_renamed_committee():
    committee = factories.CommitteeFactory(name="Corporate Parenting Board")
    meeting = factories.MeetingFactory(committee=committee, description="Placements")
    assert len(meetings_found("parenting")) == 1
    committee.name = "Looked After Children Board"
    committee.save()
    assert meetings_found("parenting") == []
    assert len(meetings_found("looked after")) == 1
    meeting.description = "Sufficiency of foster carers"
    meeting.location = "Riverside House"
    meeting.save()
    assert meetings_found("placements") == []
    assert len(meetings_found("foster riverside")) == 1
    other = factories.CommitteeFactory(name="Schools Forum")
    meeting.committee = other
    meeting.save()
    assert meetings_found("looked after") == []
    assert len(meetings_found("schools forum foster")) == 1
    meeting.delete()
    assert meetings_found("foster") == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM priorities_meeting_trigram")
        assert cursor.fetchone()[0] == 0


def test_the_migrations_make_the_indexes_this_module_describes():
    """The tests make the indexes from ``trigram`` (the test database is made without
    migrations); the migrations must make the same ones."""
    from importlib import import_module

    initiatives_and_priorities = import_module("priorities.migrations.0016_search_index_sqlite")
    meetings = import_module("priorities.migrations.0017_meeting_search_index_sqlite")
    assert trigram.create_statements("priorities_meeting") == meetings.CREATE
    assert trigram.drop_statements("priorities_meeting") == meetings.DROP
    for table, columns in initiatives_and_priorities.INDEXED.items():
        assert trigram.INDEXED[table] == columns
        assert initiatives_and_priorities.triggers(table, columns) == trigram._triggers(table)
