"""With the demo data, a round runs from opening to the committee's report by officers alone:
Wandsworth's demo officer (a publisher who owns its initiatives) opens a round on its plan,
gets one email listing them, posts an update, closes the round and has the report."""

import io

import pytest
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from priorities.models import Plan, PublicationState, ReportExport, ReportExportState, UpdateRound
from priorities.progress.services import post_initiative_update
from priorities.rounds.selectors import round_initiatives
from priorities.rounds.services import round_close, round_open
from tests.demo_facts import load

pytestmark = pytest.mark.django_db


def test_a_round_on_the_demo_data(settings, django_user_model, django_capture_on_commit_callbacks):
    settings.PORTAL_CREATE_DEMO_OFFICERS = True
    load()
    officer = django_user_model.objects.get(username="officer-wandsworth")
    plan = Plan.public_objects.filter(organisation__slug="wandsworth").first()
    update_round = UpdateRound.objects.create(
        organisation=plan.organisation,
        plan=plan,
        name="Quarter 3 2026–27",
        due_on=timezone.localdate() + timezone.timedelta(days=30),
    )
    initiatives = list(round_initiatives(update_round))
    assert initiatives

    with django_capture_on_commit_callbacks(execute=True):
        round_open(update_round=update_round, acting_user=officer)
    officer_emails = [message for message in mail.outbox if message.to == [officer.email]]
    assert len(officer_emails) == 1
    assert all(initiative.title in officer_emails[0].body for initiative in initiatives)

    update = post_initiative_update(
        initiative=initiatives[0],
        acting_user=officer,
        as_of=timezone.localdate(),
        narrative="Reviewed at the quarter's end: on course.",
        progress=60,
        rag="green",
    )
    assert update.round == update_round
    assert update.publication_state == PublicationState.PUBLISHED

    with django_capture_on_commit_callbacks(execute=True):
        round_close(update_round=update_round, acting_user=officer)
    pdf = ReportExport.objects.get(round=update_round, report_format="pdf")
    assert pdf.state == ReportExportState.READY
    reader = PdfReader(io.BytesIO(bytes(pdf.content)))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Reviewed at the quarter's end: on course." in text
    assert initiatives[0].title.split()[0] in text
