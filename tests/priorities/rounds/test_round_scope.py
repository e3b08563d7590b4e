"""One rule for what a round covers and which updates count in it (issue 14's testing):
the page, the owners' emails, the officer's home page and the report agree."""

import datetime
import io
import re

import docx
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from priorities import models as p
from priorities.admin.dashboard import initiatives_to_update
from priorities.reports.builds import ReportRequest
from priorities.reports.formats import REPORT_FORMATS
from priorities.reports.scopes import round_report
from priorities.rounds.selectors import EARLY_UPDATE_DAYS, RoundState, round_progress
from priorities.rounds.services import round_close, round_open
from tests import factories
from tests.priorities.rounds.conftest import initiative, post_update

pytestmark = pytest.mark.django_db


def change_url(update_round):
    return reverse("admin:priorities_updateround_change", args=[update_round.pk])


def states(progress):
    return {item.initiative.title: item.state for item in progress.initiatives}


def test_a_draft_initiative_is_not_in_the_round_and_page_and_report_agree(
    client, world, django_capture_on_commit_callbacks
):
    priority = world.early_help.priorities.get()
    initiative(
        world.organisation,
        "DRAFT – not for publication: options to cut",
        [world.amara],
        priority,
        publication_state=p.PublicationState.DRAFT,
    )
    with django_capture_on_commit_callbacks(execute=True):
        round_open(update_round=world.round, acting_user=world.publisher)
    progress = round_progress(world.round)
    assert "DRAFT – not for publication: options to cut" not in states(progress)
    assert progress.counts["total"] == 4
    amaras = [message for message in mail.outbox if message.to == [world.amara.email]]
    assert amaras and "DRAFT" not in amaras[0].body
    report = round_report(world.round)
    assert "each of the 4 initiatives" in report.purpose[0]
    assert dict(report.sections[0].facts)["Initiatives"] == progress.counts["total"]
    client.force_login(world.publisher)
    page = client.get(change_url(world.round)).content.decode()
    assert "<strong>0 of 4</strong> initiatives updated" in page
    assert "DRAFT – not for publication" not in page


def test_an_update_posted_on_the_opening_day_before_the_round_opened_counts(world):
    early = post_update(world.early_help, None, as_of=timezone.localdate())
    too_early = post_update(
        world.youth_centres,
        None,
        as_of=timezone.localdate() - datetime.timedelta(days=EARLY_UPDATE_DAYS + 1),
    )
    round_open(update_round=world.round, acting_user=world.publisher)
    progress = round_progress(world.round)
    assert states(progress)["Early help in every school"] == RoundState.UPDATED
    assert states(progress)["Youth centres"] == RoundState.OUTSTANDING
    assert progress.updated[0].published_update == early
    # Amara's home page no longer asks for an update of it in the round.
    rows = {row.title: row for row in initiatives_to_update(world.amara)}
    assert "Early help in every school" not in rows
    assert "Family hubs" in rows
    report = round_report(world.round)
    assert "1 of 4 were updated" in report.purpose[0]
    assert too_early.pk  # older than the rule: it does not count


def test_the_round_page_states_the_rule(client, world):
    round_open(update_round=world.round, acting_user=world.publisher)
    client.force_login(world.editor)
    page = client.get(change_url(world.round)).content.decode()
    first_day = timezone.localdate() - datetime.timedelta(days=EARLY_UPDATE_DAYS)
    assert (
        f"so do updates dated from {EARLY_UPDATE_DAYS} days before the round opened "
        f"({first_day:%-d %B %Y})" in page
    )


def test_an_owner_who_has_partly_updated_is_said_so(client, world):
    round_open(update_round=world.round, acting_user=world.publisher)
    post_update(world.early_help, world.round)  # one of Amara's two
    client.force_login(world.publisher)
    page = client.get(change_url(world.round)).content.decode()
    assert "<td>1 of 2 updated</td>" in page


def test_only_those_who_may_publish_see_the_review_link(client, world):
    round_open(update_round=world.round, acting_user=world.publisher)
    waiting = post_update(world.family_hubs, world.round, state=p.PublicationState.IN_REVIEW)
    review = reverse("admin:priorities_initiativeupdate_change", args=[waiting.pk])
    client.force_login(world.editor)
    page = client.get(change_url(world.round)).content.decode()
    assert "Review the update" not in page and f'href="{review}"' not in page
    assert "Waiting for a publisher" in page
    client.force_login(world.publisher)
    page = client.get(change_url(world.round)).content.decode()
    assert "Review the update" in page and f'href="{review}"' in page


def test_a_closed_round_offers_a_way_back_not_close(client, world):
    round_open(update_round=world.round, acting_user=world.publisher)
    round_close(update_round=world.round, acting_user=world.publisher)
    client.force_login(world.publisher)
    page = client.get(change_url(world.round)).content.decode()
    assert 'class="closelink">Close<' not in page
    assert "Back to update rounds" in page


def test_the_open_pages_breadcrumbs_follow_the_admins(client, world):
    client.force_login(world.publisher)
    page = client.get(
        reverse("admin:priorities_updateround_open", args=[world.round.pk])
    ).content.decode()
    crumbs = page.split('<div class="breadcrumbs">')[1].split("</div>")[0].replace("&rsaquo;", "›")
    words = " ".join(
        part.split(">")[-1].strip() for part in crumbs.split("<") if part.split(">")[-1].strip()
    )
    assert (
        words
        == "Home › Priorities and scrutiny › Update rounds › Quarter 3 2026–27 › Open the round"
    )


def test_the_filter_and_plan_choices_are_the_officers_own(client, world):
    other = factories.OrganisationFactory(name="Another Borough Council")
    factories.PlanFactory(organisation=other, title="Another borough's plan")
    client.force_login(world.publisher)
    listing = client.get(reverse("admin:priorities_updateround_changelist")).content.decode()
    assert "Castlebridge Council" in listing
    assert "Another Borough Council" not in listing
    form = client.get(reverse("admin:priorities_updateround_add")).content.decode()
    assert "Children and families plan" in form
    assert "Another borough&#x27;s plan" not in form and "Another borough's plan" not in form


def document_lines(update_round, key):
    request = ReportRequest(
        scope=p.ReportScope.ROUND, subject=update_round, report_format=REPORT_FORMATS[key]
    )
    content = request.render(request.build())
    if key == "pdf":
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    else:
        text = "\n".join(
            paragraph.text for paragraph in docx.Document(io.BytesIO(content)).paragraphs
        )
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def numbered_headings(lines):
    return [line for line in lines if re.fullmatch(r"\d+\.? [A-Z].{3,60}", line)]


def test_the_pdf_and_word_reports_have_the_same_sections_without_repeated_captions(world):
    round_open(update_round=world.round, acting_user=world.publisher)
    post_update(world.early_help, world.round)
    round_close(update_round=world.round, acting_user=world.publisher)
    pdf = document_lines(world.round, "pdf")
    word = document_lines(world.round, "docx")
    assert numbered_headings(pdf) == numbered_headings(word)
    assert "8. Not updated in this round" in numbered_headings(pdf)
    for lines in (pdf, word):
        assert not any("Financial implications" in line for line in lines)
        for heading in ("Status changes during the round", "Not updated in this round"):
            assert sum(line.endswith(heading) for line in lines) == 1, (heading, lines)
