"""Who may do what to a record in each state, and what the public sees afterwards (issue 14).

Each case is one role × one record state × one action, taken the way an officer takes it: an
edit through the admin's change form, the other steps through their services. The outcome is
"done" (applied; the public sees it where the record is public), "held" (kept for a publisher;
the public sees what it saw before) or "refused" (nothing changes).
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from priorities import models as p
from priorities.progress.services import post_initiative_update
from priorities.revisions import propose_edit, record_status_change, revision_approve
from priorities.revisions import revision_send_back as send_back_revision
from priorities.services import (
    record_archive,
    record_publish,
    record_send_back,
    record_submit_for_review,
)
from tests import factories
from tests.priorities.admin.test_admin_editing import admin_url, form_data, officer

pytestmark = pytest.mark.django_db

ROLES = ["editor", "publisher", "administrator", "other publisher"]
STATES = ["draft", "in review", "published", "published, change pending"]
ACTIONS = [
    "edit",
    "submit",
    "approve",
    "send back",
    "publish",
    "archive",
    "status change",
    "post update",
]
DONE, HELD, REFUSED = "done", "held", "refused"
PUBLISHING = {"publisher", "administrator"}


def expected(role, state, action):
    """The rule, written out: what should happen."""
    if role == "other publisher":
        return REFUSED
    publishes = role in PUBLISHING
    public = state.startswith("published")
    if action == "edit":
        return HELD if public and not publishes else DONE
    if action == "submit":
        return DONE if state == "draft" else REFUSED
    if action == "approve":
        return DONE if publishes and state == "published, change pending" else REFUSED
    if action == "send back":
        sendable = state in ("in review", "published, change pending")
        return DONE if publishes and sendable else REFUSED
    if action == "publish":
        return DONE if publishes and state in ("draft", "in review") else REFUSED
    if action == "archive":
        return DONE if publishes and public else REFUSED
    if action == "status change":
        return HELD if public and not publishes else DONE
    if action == "post update":
        return DONE if publishes else HELD
    raise AssertionError(action)


CASES = [(r, s, a) for r in ROLES for s in STATES for a in ACTIONS]


@pytest.fixture
def world():
    council = factories.OrganisationFactory(name="Castlebridge Council", slug="castlebridge")
    other = factories.OrganisationFactory(name="Riverton Council", slug="riverton")
    users = {
        "editor": officer(council, "eddie"),
        "publisher": officer(council, "pat", role=p.OfficerRole.PUBLISHER),
        "administrator": officer(council, "ada", role=p.OfficerRole.ADMINISTRATOR),
        "other publisher": officer(other, "olive", role=p.OfficerRole.PUBLISHER),
        "proposer": officer(council, "erin"),
    }
    return council, users


def make_record(council, users, state):
    publication = {
        "draft": "draft",
        "in review": "in_review",
        "published": "published",
        "published, change pending": "published",
    }[state]
    initiative = factories.InitiativeFactory(
        organisation=council, title="Family hubs", publication_state=publication
    )
    if state == "published, change pending":
        propose_edit(
            record=initiative, acting_user=users["proposer"], fields={"summary": "Proposed."}
        )
    return initiative


def admin_edit(user, initiative):
    client = Client()
    client.force_login(user)
    page = client.get(admin_url(initiative, "change"))
    if page.status_code != 200:
        raise PermissionDenied(page.status_code)
    data = form_data(page)
    data["title"] = "Family hubs in every ward"
    answer = client.post(admin_url(initiative, "change"), data)
    if answer.status_code != 302:
        raise PermissionDenied(answer.status_code)


def act(action, user, initiative):
    if action == "edit":
        return admin_edit(user, initiative)
    if action == "submit":
        return record_submit_for_review(record=initiative, acting_user=user)
    if action == "approve":
        revision = p.Revision.objects.of(initiative).pending().first()
        if revision is None:
            raise ValidationError("Nothing waits.")
        return revision_approve(revision=revision, acting_user=user)
    if action == "send back":
        revision = p.Revision.objects.of(initiative).pending().first()
        if revision is not None:
            return send_back_revision(revision=revision, acting_user=user, comment="Not yet.")
        return record_send_back(record=initiative, acting_user=user, comment="Not yet.")
    if action == "publish":
        return record_publish(record=initiative, acting_user=user)
    if action == "archive":
        return record_archive(record=initiative, acting_user=user)
    if action == "status change":
        return record_status_change(
            initiative=initiative, acting_user=user, to="awaiting_scrutiny", reason="Agenda."
        )
    if action == "post update":
        return post_initiative_update(
            initiative=initiative,
            acting_user=user,
            as_of=datetime.date(2026, 11, 30),
            narrative="Two hubs opened.",
            progress=40,
            rag="green",
        )
    raise AssertionError(action)


def snapshot(initiative):
    """What the record is, and what the public sees of it."""
    live = p.Initiative.private_objects.get(pk=initiative.pk)
    public = p.Initiative.public_objects.filter(pk=initiative.pk).first()
    return {
        "live": (live.title, live.summary, live.status, live.publication_state, live.progress),
        "public": public and (public.title, public.summary, public.status, public.progress),
        "public updates": list(
            p.InitiativeUpdate.public_objects.filter(initiative=initiative).values_list(
                "narrative", flat=True
            )
        ),
        "pending": p.Revision.objects.of(initiative).pending().count(),
    }


@pytest.mark.parametrize(("role", "state", "action"), CASES, ids=[" × ".join(c) for c in CASES])
def test_the_review_matrix(world, role, state, action):
    council, users = world
    initiative = make_record(council, users, state)
    before = snapshot(initiative)

    try:
        act(action, users[role], initiative)
    except (PermissionDenied, ValidationError):
        outcome = REFUSED
    else:
        after = snapshot(initiative)
        changed_live = after["live"] != before["live"]
        outcome = DONE if changed_live or action in ("send back", "post update") else HELD
        if action == "post update":
            update = p.InitiativeUpdate.private_objects.get(initiative=initiative)
            outcome = DONE if update.is_published else HELD
        if action == "send back" and after["pending"] == before["pending"] and not changed_live:
            outcome = HELD  # nothing happened that the step should have done

    assert outcome == expected(role, state, action)

    after = snapshot(initiative)
    if outcome != DONE:
        assert after["public"] == before["public"], "the public saw a change that was not made"
    if outcome == HELD and action == "status change":
        assert after["pending"] == before["pending"] + 1
    if outcome == HELD and action == "edit":
        # One change waits per record: the editor carried on from the pending version, so the
        # waiting change now holds both officers' edits.
        waiting = p.Revision.objects.of(initiative).pending().get(kind="edit")
        assert waiting.data["fields"]["title"] == "Family hubs in every ward"
        if state == "published, change pending":
            assert waiting.data["fields"]["summary"] == "Proposed."
    if outcome == HELD:
        assert after["live"] == before["live"]
    if outcome == DONE and action == "edit":
        assert after["live"][0] == "Family hubs in every ward"
        if state.startswith("published"):
            assert after["public"][0] == "Family hubs in every ward"
    if action == "post update":
        public_initiative = state.startswith("published")
        shown = after["public updates"] == ["Two hubs opened."]
        assert shown == (outcome == DONE and public_initiative)
