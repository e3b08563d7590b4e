"""The history's diffs (priorities/admin/history.py): changed words are highlighted, with words
for screen readers, and a long value is shown whole, never cut ("Devel[69 chars]lems emerge")."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from priorities import models as p
from priorities.admin.history import FieldChange, word_diff
from tests import factories

pytestmark = pytest.mark.django_db

LONG_SUMMARY = (
    "Develop a new Early Help offer with partners, so that families get support as soon as "
    "problems emerge. The offer brings together health visitors, schools, family hubs and the "
    "voluntary sector, with one front door, one assessment and one named worker for each "
    "family, so that nobody has to tell their story twice when problems emerge."
)


def segments(diff):
    return [(segment.change, segment.text) for segment in diff]


def test_a_word_diff_marks_only_the_words_that_changed():
    diff = word_diff("Eight hubs by 2027.", "Twelve hubs by 2027.")

    assert segments(diff) == [
        ("removed", "Eight"),
        ("added", "Twelve"),
        ("same", " hubs by 2027."),
    ]


def test_neighbouring_changed_words_are_marked_as_one_phrase():
    diff = word_diff("Red apples are ripe.", "Green pears are ripe.")

    assert segments(diff) == [
        ("removed", "Red apples"),
        ("added", "Green pears"),
        ("same", " are ripe."),
    ]


def test_a_word_diff_keeps_every_word_of_both_values():
    new = LONG_SUMMARY.replace("one named worker", "a named lead professional")

    diff = word_diff(LONG_SUMMARY, new)

    assert "".join(s.text for s in diff if s.change != "added") == LONG_SUMMARY
    assert "".join(s.text for s in diff if s.change != "removed") == new
    assert [s.text for s in diff if s.change != "same"] == [
        "one",
        "a",
        "worker",
        "lead professional",
    ]


def test_a_field_change_shows_a_choice_or_a_date_as_a_whole():
    change = FieldChange("RAG rating", "Green: on track", "Amber: at risk")

    assert segments(change.inline) == [
        ("removed", "Green: on track"),
        ("added", "Amber: at risk"),
    ]


def test_a_field_change_of_related_records_marks_the_records_added_and_removed():
    change = FieldChange(
        "Priorities", "Ready for school; Safe at home", "Safe at home; Young carers", mode="items"
    )

    assert segments(change.inline) == [
        ("removed", "Ready for school"),
        ("same", "; "),
        ("same", "Safe at home"),
        ("same", "; "),
        ("added", "Young carers"),
    ]
    assert "".join(segment.text for segment in change.before) == change.old
    assert "".join(segment.text for segment in change.after) == change.new


@pytest.fixture
def officer_and_initiative():
    council = factories.OrganisationFactory()
    officer = factories.UserFactory(username="alice", first_name="Alice")
    factories.OfficerMembershipFactory(user=officer, organisation=council)
    initiative = factories.InitiativeFactory(organisation=council, summary=LONG_SUMMARY)
    initiative.summary = LONG_SUMMARY.replace("one named worker", "a named lead professional")
    initiative.rag = p.Rag.AMBER
    initiative._history_user = officer
    initiative.save()
    client = Client()
    client.force_login(officer)
    return client, initiative


def test_the_history_list_highlights_the_changed_words_of_a_long_value(officer_and_initiative):
    client, initiative = officer_and_initiative

    page = client.get(
        reverse("admin:priorities_initiative_history", args=[initiative.pk])
    ).content.decode()

    assert "chars]" not in page
    assert re.search(
        r"<del[^>]*>\s*<span class=\"visually-hidden\">removed: </span>one\s*</del>", page
    )
    assert re.search(r"<ins[^>]*>\s*<span class=\"visually-hidden\">added: </span>a\s*</ins>", page)
    assert "so that nobody has to tell their story twice when problems emerge." in page
    assert re.search(r"<del[^>]*>.*Not rated.*</del>", page)
    assert re.search(r"<ins[^>]*>.*Amber: at risk.*</ins>", page)


def test_the_version_page_shows_both_values_whole_with_their_changes_marked(
    officer_and_initiative,
):
    client, initiative = officer_and_initiative
    version = initiative.history.latest()

    page = client.get(
        reverse(
            "admin:priorities_initiative_simple_history",
            args=[initiative.pk, version.history_id],
        )
    ).content.decode()

    assert "chars]" not in page
    assert page.count("Develop a new Early Help offer with partners") >= 2
    assert "lead professional" in page
    assert re.search(r"<ins[^>]*>\s*<span class=\"visually-hidden\">added: </span>a\s*</ins>", page)
