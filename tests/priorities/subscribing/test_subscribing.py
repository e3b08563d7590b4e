"""Subscribing to email updates: double opt-in, nothing revealed, limits, signed links."""

import re
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail, signing
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone

from priorities import models as p
from priorities.subscribing import emails, services
from priorities.subscribing.links import (
    CONFIRMATION_MAX_AGE,
    confirm_url,
    make_token,
    manage_url,
    read_token,
    unsubscribe_url,
)
from tests import factories

pytestmark = pytest.mark.django_db

ALARMING = ("abuse", "safeguarding", "child protection", "police", "violence", "domestic")


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


def links_in(text):
    return re.findall(r"https?://[^\s<>\"]+", text)


def has_link(text, purpose, subscriber):
    """Whether ``text`` has a signed ``purpose`` link for ``subscriber`` (tokens carry a
    timestamp, so the link is read back rather than compared as a string)."""
    pattern = rf"{re.escape(settings.PORTAL_BASE_URL)}/subscribe/{purpose}/([^/\s\"]+)/"
    for token in re.findall(pattern, text):
        try:
            if read_token(token, purpose) == subscriber.pk:
                return True
        except signing.BadSignature:
            continue
    return False


def subscribe(
    client, email="parent@example.org", follow="everything", frequency="immediate", **extra
):
    return client.post(
        "/subscribe/", {"email": email, "follow": follow, "frequency": frequency}, **extra
    )


# The subscribe page


def test_subscribe_page_prefills_a_published_initiative(client):
    initiative = factories.InitiativeFactory(title="Family hub outreach")
    response = client.get(f"/subscribe/?initiative={initiative.pk}")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Family hub outreach (an initiative)" in content
    assert f'value="initiative:{initiative.pk}"' in content
    assert 'autocomplete="email"' in content
    assert content.count("<h1") == 1
    assert "<title>Get email updates –" in content
    assert "govuk-breadcrumbs" in content


@pytest.mark.parametrize("scope", ["priority", "committee", "organisation"])
def test_subscribe_page_prefills_other_targets(client, scope):
    record = {
        "priority": factories.PriorityFactory,
        "committee": factories.CommitteeFactory,
        "organisation": factories.OrganisationFactory,
    }[scope]()
    response = client.get(f"/subscribe/?{scope}={record.pk}")
    assert response.status_code == 200
    assert f'value="{scope}:{record.pk}"' in response.content.decode()


def test_a_draft_initiative_is_refused_as_unknown(client):
    draft = factories.InitiativeFactory(publication_state=p.PublicationState.DRAFT)
    missing = client.get("/subscribe/?initiative=999999")
    response = client.get(f"/subscribe/?initiative={draft.pk}")
    assert response.status_code == missing.status_code == 404
    posted = subscribe(client, follow=f"initiative:{draft.pk}")
    assert posted.status_code == 200
    assert "Choose what you want updates about" in posted.content.decode()
    assert not p.Subscription.objects.exists()
    assert mail.outbox == []


def test_a_draft_priority_is_refused_as_unknown(client):
    draft = factories.PriorityFactory(publication_state=p.PublicationState.DRAFT)
    assert client.get(f"/subscribe/?priority={draft.pk}").status_code == 404
    subscribe(client, follow=f"priority:{draft.pk}")
    assert not p.Subscription.objects.exists()


def test_invalid_input_shows_the_error_summary(client):
    response = subscribe(client, email="not an address")
    content = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in content
    assert "Enter an email address in the correct format" in content
    assert "<title>Error: Get email updates" in content
    assert mail.outbox == []


# Double opt-in


def test_subscribing_sends_one_confirmation_email(client, django_capture_on_commit_callbacks):
    initiative = factories.InitiativeFactory(title="Family hub outreach")
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe(
            client, email="Parent@Example.org", follow=f"initiative:{initiative.pk}"
        )
    assert response.status_code == 302
    assert response["Location"] == "/subscribe/check-your-email/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    subscriber = p.Subscriber.objects.get()
    assert subscriber.email == "parent@example.org"
    assert subscriber.confirmed_at is None
    assert message.to == ["parent@example.org"]
    assert message.subject == "Confirm your email updates"
    assert has_link(message.body, "confirm", subscriber)
    assert has_link(message.extra_headers["List-Unsubscribe"], "unsubscribe", subscriber)
    assert message.extra_headers["List-Unsubscribe"].startswith("<")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert has_link(html, "confirm", subscriber)
    assert has_link(html, "manage", subscriber) and has_link(html, "unsubscribe", subscriber)
    assert has_link(message.body, "manage", subscriber)
    subscription = p.Subscription.objects.get()
    assert subscription.initiative == initiative
    assert subscription.frequency == p.Frequency.IMMEDIATE


def test_no_email_is_sent_if_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.subscription_request(email="a@example.org", frequency="weekly")
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_confirming_by_get_does_nothing_and_post_confirms(client):
    subscriber = factories.SubscriberFactory(confirmed_at=None)
    path = path_of(confirm_url(subscriber))
    response = client.get(path)
    assert response.status_code == 200
    assert "<form" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None
    response = client.post(path)
    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is not None
    assert client.get(response["Location"]).status_code == 200


def test_the_same_page_whatever_the_address(client, django_capture_on_commit_callbacks):
    factories.SubscriberFactory(email="confirmed@example.org")
    factories.SubscriberFactory(email="waiting@example.org", confirmed_at=None)
    factories.SubscriberFactory(email="left@example.org", unsubscribed_at=timezone.now())
    answers = []
    for email in [
        "new@example.org",
        "confirmed@example.org",
        "waiting@example.org",
        "left@example.org",
    ]:
        with django_capture_on_commit_callbacks(execute=True):
            response = subscribe(client, email=email)
        followed = client.get(response["Location"])
        answers.append((response.status_code, response["Location"], followed.content))
    assert all(answer == answers[0] for answer in answers)
    assert b"@example.org" not in answers[0][2]


def test_a_confirmed_address_gets_the_subscription_and_an_email(
    django_capture_on_commit_callbacks, client
):
    subscriber = factories.SubscriberFactory(email="confirmed@example.org")
    committee = factories.CommitteeFactory(name="Children's Scrutiny Committee")
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(
            client,
            email="confirmed@example.org",
            follow=f"committee:{committee.pk}",
            frequency="weekly",
        )
    subscription = subscriber.subscriptions.get()
    assert subscription.committee == committee
    assert subscription.frequency == p.Frequency.WEEKLY
    (message,) = mail.outbox
    assert message.subject == "Updates you asked for"
    assert "Children's Scrutiny Committee" in message.body
    assert has_link(message.body, "manage", subscriber)
    assert "confirm" not in path_of(" ".join(links_in(message.body)))


def test_an_unsubscribed_address_must_confirm_again(django_capture_on_commit_callbacks):
    subscriber = factories.SubscriberFactory(unsubscribed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        services.subscription_request(email=subscriber.email, frequency="immediate")
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None and not subscriber.is_active
    assert mail.outbox[0].subject == "Confirm your email updates"
    services.subscriber_confirm(subscriber=subscriber)
    subscriber.refresh_from_db()
    assert subscriber.is_active


def test_asking_again_changes_the_frequency_without_a_duplicate():
    services.subscription_request(email="a@example.org", frequency="immediate")
    services.subscription_request(email="A@example.org", frequency="weekly")
    assert p.Subscription.objects.get().frequency == p.Frequency.WEEKLY


# Rate limits


def test_per_address_limit_silently_sends_nothing_more(client, django_capture_on_commit_callbacks):
    responses = []
    for _ in range(7):
        with django_capture_on_commit_callbacks(execute=True):
            responses.append(subscribe(client, email="same@example.org"))
    assert len(mail.outbox) == 5
    assert {(r.status_code, r["Location"]) for r in responses} == {
        (302, "/subscribe/check-your-email/")
    }


def test_per_ip_limit_answers_429(client, django_capture_on_commit_callbacks):
    for number in range(20):
        with django_capture_on_commit_callbacks(execute=True):
            assert subscribe(client, email=f"p{number}@example.org").status_code == 302
    response = subscribe(client, email="one-more@example.org")
    assert response.status_code == 429
    assert "Too many requests, try again later" in response.content.decode()
    assert len(mail.outbox) == 20
    assert subscribe(client, email="other@example.org", REMOTE_ADDR="192.0.2.9").status_code == 302


# Signed links


def test_bad_and_expired_tokens_give_helpful_pages(client):
    subscriber = factories.SubscriberFactory(confirmed_at=None)
    assert client.get("/subscribe/confirm/nonsense/").status_code == 400
    assert client.post("/subscribe/confirm/nonsense/").status_code == 400
    assert client.get("/subscribe/manage/nonsense/").status_code == 400
    assert client.get("/subscribe/unsubscribe/nonsense/").status_code == 400
    assert client.post("/subscribe/unsubscribe/nonsense/").status_code == 400
    # A manage token is not a confirmation token.
    assert client.post(f"/subscribe/confirm/{make_token(subscriber, 'manage')}/").status_code == 400
    token = make_token(subscriber, "confirm")
    later = timezone.now().timestamp() + CONFIRMATION_MAX_AGE + 60
    with mock.patch("time.time", return_value=later):
        response = client.post(f"/subscribe/confirm/{token}/")
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None


def test_one_click_unsubscribe_needs_no_csrf_token():
    from django.test import Client

    subscriber = factories.SubscriberFactory()
    factories.SubscriptionFactory(subscriber=subscriber)
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        path_of(unsubscribe_url(subscriber)),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None
    assert not subscriber.is_active
    assert not subscriber.subscriptions.exists()


def test_unsubscribe_get_asks_first(client):
    subscriber = factories.SubscriberFactory()
    response = client.get(path_of(unsubscribe_url(subscriber)))
    assert response.status_code == 200
    assert 'method="post"' in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is None


def test_manage_page_changes_frequency_and_removes(client):
    subscriber = factories.SubscriberFactory()
    initiative = factories.InitiativeFactory(title="Family hub outreach")
    everything = factories.SubscriptionFactory(subscriber=subscriber)
    following = factories.SubscriptionFactory(
        subscriber=subscriber, scope=p.SubscriptionScope.INITIATIVE, initiative=initiative
    )
    other = factories.SubscriptionFactory()
    path = path_of(manage_url(subscriber))
    content = client.get(path).content.decode()
    assert "Family hub outreach (an initiative)" in content
    assert "Everything published on the portal" in content

    response = client.post(
        path, {"subscription": following.pk, "action": "frequency", "frequency": "weekly"}
    )
    assert response.status_code == 302
    following.refresh_from_db()
    assert following.frequency == p.Frequency.WEEKLY
    assert "has been changed" in client.get(response["Location"]).content.decode()

    client.post(path, {"subscription": everything.pk, "action": "remove"})
    assert list(subscriber.subscriptions.all()) == [following]

    # Someone else's subscription can't be touched with this link.
    assert client.post(path, {"subscription": other.pk, "action": "remove"}).status_code == 404
    assert p.Subscription.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize("value", ["abc", "", "1.5", "99999999999999999999999"])
def test_manage_page_with_a_subscription_that_is_not_a_number_is_a_bad_request(client, value):
    """A tampered form (the hidden subscription id not a number) gets the bad link page, not a
    server error, and changes nothing."""
    subscription = factories.SubscriptionFactory()
    path = path_of(manage_url(subscription.subscriber))

    response = client.post(path, {"subscription": value, "action": "remove"})

    assert response.status_code in (400, 404)
    assert p.Subscription.objects.filter(pk=subscription.pk).exists()


# Emails


def test_subjects_are_neutral(django_capture_on_commit_callbacks):
    initiative = factories.InitiativeFactory(title="Tackling domestic abuse with the police")
    subscriber = factories.SubscriberFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.subscription_request(
            email="new@example.org", scope="initiative", target=initiative, frequency="immediate"
        )
        services.subscription_request(
            email=subscriber.email, scope="initiative", target=initiative, frequency="weekly"
        )
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        for word in ALARMING:
            assert word not in message.subject.lower()
        assert message.alternatives and message.alternatives[0][1] == "text/html"
        assert message.body.strip()


def test_build_email_refuses_an_alarming_subject():
    subscriber = factories.SubscriberFactory()
    with pytest.raises(emails.UnsafeSubjectError):
        emails.build_email(
            subscriber=subscriber, subject="Domestic abuse update", template="added", context={}
        )


def test_build_email_has_both_parts_headers_and_footer():
    subscriber = factories.SubscriberFactory()
    message = emails.build_email(
        subscriber=subscriber,
        subject="Updates you asked for",
        template="added",
        context={"following": "Family & friends", "frequency": "A weekly digest"},
    )
    assert "Family & friends" in message.body  # plain text is not HTML-escaped
    html = message.alternatives[0][0]
    assert "Family &amp; friends" in html
    assert has_link(message.body, "unsubscribe", subscriber)
    assert has_link(html, "unsubscribe", subscriber)
    assert set(message.extra_headers) == {"List-Unsubscribe", "List-Unsubscribe-Post"}


def test_subscribe_link_include():
    html = render_to_string(
        "includes/subscribe_link.html", {"label": "Get updates", "query": "initiative=12"}
    )
    assert 'href="/subscribe/?initiative=12"' in html


def test_tokens_are_signed():
    subscriber = factories.SubscriberFactory()
    with pytest.raises(signing.BadSignature):
        signing.TimestampSigner(salt="priorities.subscriptions.confirm").unsign(
            make_token(subscriber, "unsubscribe")
        )
