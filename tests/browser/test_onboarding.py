"""Onboarding in Chromium, through the real middleware with two-factor sign-in required: an
administrator invites an officer, who opens the emailed link, chooses a password, sets up an
authenticator app and lands in the admin; a superuser sets up a new council with its first
administrator; the pages pass axe-core and reflow on a phone."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from priorities.models import OfficerRole, Organisation, PublicationState
from staff_auth import invitations
from staff_auth.models import Invitation
from tests import factories
from tests.browser import officers, tools
from tests.browser.officers import look

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "kettle harbour violet march"
LINK = re.compile(r"(https?://[^\s\"<>]+/admin/invitation/[A-Za-z0-9_-]+/)")


@pytest.fixture
def castlebridge():
    return factories.OrganisationFactory(name="Castlebridge Council", slug="castlebridge")


@pytest.fixture
def riverton():
    return factories.OrganisationFactory(name="Riverton Council", slug="riverton")


def superuser():
    user = officers.make_account("root", is_superuser=True, is_staff=True)
    TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return user


def link_in_email_to(address) -> str:
    messages = [message for message in mail.outbox if address in message.to]
    assert len(messages) == 1, [(message.to, message.subject) for message in mail.outbox]
    match = LINK.search(messages[0].body)
    assert match, messages[0].body
    return match.group(1)


def set_up_app(page):
    """On the set-up page: read the key as a person would type it into their app, confirm with
    the app's code, and continue past the recovery codes."""
    key = officers.key_from_setup_text(page.locator("dt:text-is('Key') + dd").inner_text())
    page.get_by_label("Code from your authenticator app").fill(officers.code_now(key))
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator("ol.recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="I have saved my recovery codes: continue").click()
    return key


def test_an_administrator_invites_an_officer_who_joins_with_a_password_and_an_app(
    as_deployed, open_page, browser_problems, castlebridge, riverton
):
    base = as_deployed.url
    ours = factories.InitiativeFactory(
        title="Family hubs in every locality",
        organisation=castlebridge,
        publication_state=PublicationState.DRAFT,
    )
    theirs = factories.InitiativeFactory(
        title="Riverton youth offer",
        organisation=riverton,
        publication_state=PublicationState.DRAFT,
    )
    ada = officers.make_officer("ada", castlebridge, OfficerRole.ADMINISTRATOR)

    # Ada invites Kit from her organisation's page.
    page = open_page()
    officers.sign_in(
        page, base, ada, next_path=f"/admin/priorities/organisation/{castlebridge.pk}/change/"
    )
    page.get_by_role("link", name="Invite an officer").click()
    expect(page.get_by_role("heading", name="Invite an officer")).to_be_visible()
    expect(page.get_by_label("Organisation", exact=True)).to_have_value(str(castlebridge.pk))
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(page.get_by_role("alert")).to_contain_text("Enter their email address.")
    page.get_by_label("Email address").fill("kit.marlow@castlebridge.example")
    page.get_by_label(re.compile("^Publisher")).check()
    look(page, "onboarding-invite")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Invitation sent to kit.marlow@castlebridge.example"
    )
    expect(page.locator("#pending-invitations")).to_contain_text("kit.marlow@castlebridge.example")
    look(page, "onboarding-invitations")
    invitation = Invitation.objects.get()
    assert (invitation.organisation, invitation.role) == (castlebridge, OfficerRole.PUBLISHER)
    assert invitation.invited_by == ada
    link = link_in_email_to("kit.marlow@castlebridge.example")
    assert link.startswith(f"{base}/admin/invitation/")

    # Kit opens the link in her own browser.
    kits_page = open_page()
    tools.goto(kits_page, link)
    assert kits_page.url == f"{base}/admin/invitation/accept/"
    expect(kits_page.get_by_role("heading", name="Join Castlebridge Council")).to_be_visible()
    kits_page.get_by_label("Create a password").fill("password")
    kits_page.get_by_label("Type the password again").fill("password")
    kits_page.get_by_role("button", name="Create account and continue").click()
    summary = kits_page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("too short")
    assert not get_user_model().objects.filter(email="kit.marlow@castlebridge.example").exists()
    look(kits_page, "onboarding-accept-error")

    kits_page.get_by_label("Create a password").fill(NEW_PASSWORD)
    kits_page.get_by_label("Type the password again").fill(NEW_PASSWORD)
    kits_page.get_by_role("button", name="Create account and continue").click()
    kits_page.wait_for_url(f"{base}/admin/sign-in/set-up/")
    expect(kits_page.locator(".messagelist")).to_contain_text(
        "You have joined Castlebridge Council as publisher"
    )
    key = set_up_app(kits_page)
    kits_page.wait_for_url(f"{base}/admin/")

    # She is in the admin, sees her organisation's records and not another's.
    tools.goto(kits_page, f"{base}/admin/priorities/initiative/")
    expect(kits_page.get_by_role("link", name=ours.title)).to_be_visible()
    expect(kits_page.get_by_text(theirs.title)).to_have_count(0)
    look(kits_page, "onboarding-new-officer-initiatives")

    kit = get_user_model().objects.get(email="kit.marlow@castlebridge.example")
    assert kit.is_staff and not kit.is_superuser and kit.check_password(NEW_PASSWORD)
    assert list(kit.officer_memberships.values_list("organisation", "role")) == [
        (castlebridge.pk, OfficerRole.PUBLISHER)
    ]
    assert TOTPDevice.objects.get(user=kit, confirmed=True).bin_key == key
    invitation.refresh_from_db()
    assert invitation.accepted_user == kit and invitation.accepted_at is not None

    # The link worked once.
    used = open_page()
    tools.goto(used, link, status=410)
    expect(
        used.get_by_role("heading", name="This invitation has already been used")
    ).to_be_visible()
    assert browser_problems == []


def test_a_superuser_sets_up_a_council_and_its_first_administrator_joins(
    as_deployed, open_page, browser_problems
):
    base = as_deployed.url
    root = superuser()
    page = open_page()
    officers.sign_in(page, base, root, next_path="/admin/priorities/organisation/")
    page.get_by_role("link", name="Set up a new council").click()
    expect(page.get_by_role("heading", name="Set up a new council")).to_be_visible()
    page.get_by_label("Name", exact=True).fill("Easthaven Borough Council")
    page.get_by_label("Short name (optional)").fill("Easthaven")
    page.get_by_label("First administrator's email address").fill("not an address")
    page.get_by_role("button", name="Set up and send the invitation").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Enter an email address in the correct format"
    )
    assert not Organisation.objects.filter(name="Easthaven Borough Council").exists()
    look(page, "onboarding-new-council-error")

    page.get_by_label("First administrator's email address").fill("lee.okafor@easthaven.example")
    page.get_by_role("button", name="Set up and send the invitation").click()
    expect(page.locator(".messagelist")).to_contain_text("Easthaven Borough Council is set up")
    expect(page.locator("#pending-invitations")).to_contain_text("lee.okafor@easthaven.example")
    easthaven = Organisation.objects.get(slug="easthaven-borough-council")
    assert (easthaven.short_name, easthaven.kind) == ("Easthaven", "council")

    # Lee accepts, sets up an app, and may invite Easthaven's officers.
    lees_page = open_page()
    tools.goto(lees_page, link_in_email_to("lee.okafor@easthaven.example"))
    lees_page.get_by_label("Create a password").fill(NEW_PASSWORD)
    lees_page.get_by_label("Type the password again").fill(NEW_PASSWORD)
    lees_page.get_by_role("button", name="Create account and continue").click()
    lees_page.wait_for_url(f"{base}/admin/sign-in/set-up/")
    set_up_app(lees_page)
    lees_page.wait_for_url(f"{base}/admin/")
    tools.goto(lees_page, f"{base}/admin/priorities/officermembership/")
    lees_page.get_by_role("link", name="Invite an officer").click()
    expect(lees_page.get_by_label("Organisation", exact=True)).to_have_value(str(easthaven.pk))
    lee = get_user_model().objects.get(email="lee.okafor@easthaven.example")
    assert list(invitations.organisations_administered(lee)) == [easthaven]
    assert browser_problems == []


#: The onboarding pages: name, path, who is signed in, expected status. The accept page is
#: reached by an invitation's link.
ONBOARDING_PAGES = [
    ("invitations", "/admin/staff_auth/invitation/", "administrator", 200),
    ("invite", "/admin/staff_auth/invitation/add/", "administrator", 200),
    ("new-council", "/admin/staff_auth/invitation/new-council/", "superuser", 200),
    ("accept", None, None, 200),
    ("unusable", "/admin/invitation/not-a-real-token/", None, 404),
]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_onboarding_pages_pass_axe_and_reflow(
    viewport, as_deployed, open_page, browser_problems, castlebridge
):
    tools.require_axe()
    base = as_deployed.url
    ada = officers.make_officer("ada", castlebridge, OfficerRole.ADMINISTRATOR)
    root = superuser()
    invitations.invite_officer(
        organisation=castlebridge,
        email="waiting@castlebridge.example",
        role=OfficerRole.EDITOR,
        acting_user=ada,
    )
    invitations.invite_officer(
        organisation=castlebridge,
        email="kit.marlow@castlebridge.example",
        role=OfficerRole.PUBLISHER,
        acting_user=ada,
    )
    accept_link = link_in_email_to("kit.marlow@castlebridge.example")

    pages = {
        "administrator": open_page(viewport=viewport, bypass_csp=True),
        "superuser": open_page(viewport=viewport, bypass_csp=True),
        None: open_page(viewport=viewport, bypass_csp=True),
    }
    officers.sign_in(pages["administrator"], base, ada)
    officers.sign_in(pages["superuser"], base, root)

    problems = []
    for name, path, who, status in ONBOARDING_PAGES:
        page = pages[who]
        url = accept_link if name == "accept" else base + path
        tools.goto(page, url, status=status)
        if viewport == "desktop":
            look(page, f"onboarding-page-{name}")
        violations = tools.run_axe(page)
        if violations:
            problems.append(f"{name}: " + tools.describe_axe_violations(violations))
        if viewport == "phone":
            widths = page.evaluate(
                "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            if widths[0] > widths[1]:
                problems.append(f"{name} does not reflow: {widths[0]}px in {widths[1]}px")
    problems += browser_problems
    assert not problems, "\n".join(problems)


@pytest.mark.django_db(transaction=False)
def test_the_onboarding_pages_are_valid_html(client, castlebridge):
    """The Nu Html Checker on each onboarding page, with its errors showing where a form has
    them."""
    tools.require_vnu()
    ada = officers.make_officer("ada", castlebridge, OfficerRole.ADMINISTRATOR)
    root = superuser()
    invitations.invite_officer(
        organisation=castlebridge, email="kit@castlebridge.example", role="editor", acting_user=ada
    )
    token = LINK.search(mail.outbox[0].body).group(1).rstrip("/").rsplit("/", 1)[-1]
    documents = {}

    def keep(name, response, status=200):
        assert response.status_code == status, (name, response.status_code)
        documents[name] = response.content.decode()

    client.force_login(ada)
    keep("invitations", client.get("/admin/staff_auth/invitation/"))
    keep("invite", client.get("/admin/staff_auth/invitation/add/"))
    keep("invite-errors", client.post("/admin/staff_auth/invitation/add/", {"email": "x"}))
    client.force_login(root)
    keep("new-council", client.get("/admin/staff_auth/invitation/new-council/"))
    keep("new-council-errors", client.post("/admin/staff_auth/invitation/new-council/", {}))
    client.logout()
    client.get(f"/admin/invitation/{token}/")
    keep("accept", client.get("/admin/invitation/accept/"))
    keep(
        "accept-errors",
        client.post("/admin/invitation/accept/", {"password": "short", "password_again": "x"}),
    )
    keep("unusable", client.get("/admin/invitation/not-a-token/"), status=404)

    problems = []
    for name, messages in tools.validate_html(documents).items():
        failures = [message for message in messages if tools.is_failure(message)]
        if failures:
            problems.append(f"{name}:\n" + tools.describe_vnu_messages(failures, documents[name]))
    assert not problems, "\n".join(problems)
