"""The promise card in emails (issue 16): a status change's email, a weekly digest and a
meeting pack show each initiative as the public card does (title, stage in words with its
step bar, RAG as a shape and words, last updated, next milestone, next meeting), in the HTML
and the plain-text part, with links on the subscriber's site."""

import datetime
import re
from html import unescape

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from priorities import models as p
from priorities.notifications import cards, occasions, outbox
from priorities.promise_cards import with_card_details
from priorities.services import initiative_change_status
from tests import factories
from tests.portal_sites.sites import make_site

pytestmark = pytest.mark.django_db

ORIGIN = "http://telford.localhost:8000"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world():
    council = factories.OrganisationFactory(name="Telford & Wrekin Council")
    site = make_site("telford.localhost", "Telford & Wrekin Council", organisations=[council])
    initiative = factories.InitiativeFactory(
        organisation=council, title="Family hubs in every town", rag=p.Rag.AMBER
    )
    p.Milestone.objects.create(
        initiative=initiative, title="Open the Wellington hub", due_date=datetime.date(2099, 3, 1)
    )
    committee = factories.CommitteeFactory(organisation=council, name="Cabinet")
    meeting = factories.MeetingFactory(
        committee=committee, starts_at=timezone.now() + datetime.timedelta(days=5)
    )
    p.AgendaItem.objects.create(meeting=meeting, title="Hubs", initiative=initiative)
    return {"council": council, "site": site, "initiative": initiative, "meeting": meeting}


def subscriber_on(site, **kwargs):
    return factories.SubscriptionFactory(
        subscriber__site=site.site, subscriber__site_origin=ORIGIN, **kwargs
    ).subscriber


def deliver_all():
    outbox.deliver_notifications(list(p.Notification.objects.values_list("pk", flat=True)))


def text_of(html):
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" ,", ",")
    return unescape(words).replace(" :", ":")


def public_card_words(initiative):
    """The stage and RAG words of the public pages' card (templatetags/promise_tags.py)."""
    loaded = with_card_details(p.Initiative.private_objects.filter(pk=initiative.pk)).get()
    html = Template("{% load promise_tags %}{% promise_card initiative %}").render(
        Context({"initiative": loaded})
    )
    stage = re.search(r'portal-stage__words">([^<]+)<', html).group(1)
    rag = re.search(r'portal-rag__words">([^<]+)<', html).group(1)
    return stage, rag


def assert_card(body, world, *, html):
    initiative, meeting = world["initiative"], world["meeting"]
    stage, rag = public_card_words(initiative)
    text = text_of(body) if html else body
    assert initiative.title in text
    assert "Led by Telford & Wrekin Council" in text
    assert stage == "Stage 2 of 6: awaiting scrutiny"
    assert stage in text
    assert rag == "Amber: at risk"
    assert f"▲ {rag}" in text  # a shape and words, never colour alone
    assert f"Last status change: {timezone.localdate():%-d %B %Y}" in text
    assert "Next milestone: Open the Wellington hub, due 1 March 2099" in text
    when = f"{timezone.localtime(meeting.starts_at):%-d %B %Y}"
    assert f"Next at committee: Cabinet, {when}" in text
    if html:
        assert f'href="{ORIGIN}{initiative.get_absolute_url()}"' in body
        assert f'href="{ORIGIN}/about/stages/#stage-awaiting-scrutiny"' in body
        assert f'href="{ORIGIN}{meeting.get_absolute_url()}"' in body
    else:
        assert f"{ORIGIN}{initiative.get_absolute_url()}" in body


def test_a_status_change_email_shows_the_promise_card_in_both_parts(world):
    subscriber_on(world["site"])
    initiative_change_status(
        initiative=world["initiative"], to="awaiting_scrutiny", reason="Listed for cabinet."
    )
    deliver_all()
    (message,) = mail.outbox
    assert message.subject == "Telford & Wrekin Council: An update you follow"
    assert_card(message.body, world, html=False)
    assert_card(message.alternatives[0][0], world, html=True)


def test_each_followers_copy_carries_the_card_with_their_own_links(world):
    """The email is rendered once per site and filled in for each follower there."""
    first, second = subscriber_on(world["site"]), subscriber_on(world["site"])
    initiative_change_status(initiative=world["initiative"], to="awaiting_scrutiny", reason="Due.")
    deliver_all()
    by_recipient = {message.to[0]: message for message in mail.outbox}
    for subscriber in (first, second):
        message = by_recipient[subscriber.email]
        assert_card(message.body, world, html=False)
        assert_card(message.alternatives[0][0], world, html=True)


def test_a_card_off_the_usual_journey_and_not_updated_for_long_says_so(world):
    initiative = world["initiative"]
    subscriber_on(world["site"])
    p.Milestone.objects.update(due_date=datetime.date(2020, 1, 1))
    long_ago = timezone.now() - datetime.timedelta(days=400)
    initiative_change_status(
        initiative=initiative, to="withdrawn", reason="Stopped.", changed_at=long_ago
    )
    deliver_all()
    (message,) = mail.outbox
    assert "Withdrawn: stopped" in message.body
    assert "Stage " not in message.body
    assert f"Not updated since: {timezone.localdate(long_ago):%-d %B %Y}" in message.body
    assert "Next milestone: Open the Wellington hub, overdue since 1 January 2020" in message.body
    assert (
        "<strong>Open the Wellington hub, overdue since 1 January 2020</strong>"
        in (message.alternatives[0][0])
    )


def test_a_weekly_digest_shows_one_card_per_initiative_with_its_changes(world):
    subscriber_on(world["site"], frequency=p.Frequency.WEEKLY)
    other = factories.InitiativeFactory(
        organisation=world["council"], title="Youth offer", rag=p.Rag.GREEN
    )
    monday = datetime.date(2026, 11, 23)
    in_the_week = timezone.make_aware(datetime.datetime(2026, 11, 17, 10))
    initiative_change_status(
        initiative=world["initiative"],
        to="awaiting_scrutiny",
        reason="Listed.",
        changed_at=in_the_week,
    )
    initiative_change_status(
        initiative=world["initiative"],
        to="under_scrutiny",
        reason="Discussed.",
        changed_at=in_the_week + datetime.timedelta(days=1),
    )
    initiative_change_status(
        initiative=other, to="awaiting_scrutiny", reason="Listed.", changed_at=in_the_week
    )
    mail.outbox.clear()
    assert occasions.send_weekly_digests(today=monday) == 1
    (message,) = mail.outbox
    for body in (message.body, text_of(message.alternatives[0][0])):
        assert body.count("Stage 3 of 6: under scrutiny") == 1  # one card for two changes
        assert body.count("Family hubs in every town") == 1
        assert "Stage 2 of 6: awaiting scrutiny" in body  # the youth offer's card
        assert "● Green: on track" in body
        assert "▲ Amber: at risk" in body
        assert "Listed." in body and "Discussed." in body


def test_a_meeting_pack_shows_each_initiatives_card(world):
    subscriber_on(world["site"], scope="committee", committee=world["meeting"].committee)
    initiative_change_status(initiative=world["initiative"], to="awaiting_scrutiny", reason="Due.")
    mail.outbox.clear()
    assert occasions.send_meeting_packs() == 1
    (message,) = mail.outbox
    assert_card(message.body, world, html=False)
    assert_card(message.alternatives[0][0], world, html=True)


def test_cards_load_in_the_same_queries_for_one_initiative_as_for_ten(world):
    def queries_for(ids):
        with CaptureQueriesContext(connection) as queries:
            loaded = cards.email_cards(ids)
        assert set(loaded) == set(ids)
        return len(queries)

    one = queries_for([world["initiative"].pk])
    many = [world["initiative"].pk]
    for _ in range(9):
        initiative = factories.InitiativeFactory(organisation=world["council"])
        p.Milestone.objects.create(initiative=initiative, title="A step")
        many.append(initiative.pk)
    assert queries_for(many) == one
