"""CSV downloads of search results, and the formula-injection neutraliser they use."""

import csv
import datetime
import io
from decimal import Decimal

import pytest

from priorities.reports.csv_safety import neutralise_cell, neutralise_row
from priorities.search.views import CSV_HEADER
from tests import factories
from tests.priorities.search.test_search import SECRET, make_world

ATTACK = "=cmd|' /C calc'!A0"


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return response, list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (ATTACK, "'" + ATTACK),
        ("=1+1", "'=1+1"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-2 children", "'-2 children"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("＝1+1", "'＝1+1"),
        ("Power to Connect", "Power to Connect"),
        ("Early help = better outcomes", "Early help = better outcomes"),
        ("", ""),
        (None, ""),
        (-5, -5),
        (Decimal("-1.50"), Decimal("-1.50")),
        (datetime.date(2025, 2, 13), datetime.date(2025, 2, 13)),
    ],
)
def test_neutralise_cell(value, expected):
    assert neutralise_cell(value) == expected


def test_neutralise_row_neutralises_every_cell():
    assert neutralise_row(["=a", "b", "+c"]) == ["'=a", "b", "'+c"]


@pytest.mark.django_db
def test_csv_neutralises_a_formula_in_a_title(client):
    factories.InitiativeFactory(title=ATTACK, summary="@SUM(1+1)*cmd|' /C calc'!A0")
    response, rows = download(client, "/search/results.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="search-results-')
    assert rows[0] == CSV_HEADER
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Title"] == "'" + ATTACK
    assert row["Summary"].startswith("'@SUM")
    for line in rows[1:]:
        for cell in line:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


@pytest.mark.django_db
def test_drafts_never_appear_in_the_csv(client):
    make_world()
    for query in ("", "?q=wellbeing", "?q=SECRET", "?theme=mental-health"):
        _response, rows = download(client, f"/search/results.csv{query}")
        assert SECRET not in "".join(cell for row in rows for cell in row), query
    _response, rows = download(client, "/search/results.csv?q=wellbeing")
    assert {row[1] for row in rows[1:]} >= {
        "Published wellbeing priority",
        "Published wellbeing initiative",
        "Published wellbeing ambition",
    }


@pytest.mark.django_db
def test_csv_has_every_result_of_the_same_filtered_search(client):
    world = make_world()
    factories.InitiativeFactory.create_batch(30, organisation=world.council)
    factories.InitiativeFactory(title="Someone else's")
    _response, rows = download(
        client, "/search/results.csv?organisation=castlebridge&type=initiative&page=2"
    )
    assert len(rows) == 1 + 31  # the header, then every result, not one page
    assert {row[0] for row in rows[1:]} == {"Initiative"}
    assert {row[2] for row in rows[1:]} == {"Castlebridge Council"}
    published = next(row for row in rows if row[1] == "Published wellbeing initiative")
    assert published[3] == "Awaiting scrutiny"
    assert published[9] == "http://testserver" + world.initiative.get_absolute_url()


@pytest.mark.django_db
def test_csv_query_count_does_not_grow_with_the_data(client, django_assert_max_num_queries):
    world = make_world()
    factories.InitiativeFactory.create_batch(20, organisation=world.council)
    with django_assert_max_num_queries(10):
        download(client, "/search/results.csv")
