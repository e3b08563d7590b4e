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
