"""Officer journeys in Chromium, against the production security settings (``as_deployed``:
secure cookies, two-factor sign-in required, the Content Security Policy).

Each test is one journey an officer takes in the admin, done as a person does it (labels,
buttons, files chosen and downloaded), and checks what it left in the database or the file.
"""

import csv
import datetime
import re

import openpyxl
import pypdf
import pytest
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from priorities.lifecycle import InitiativeStatus
from priorities.models import (
    AgendaItem,
    Initiative,
    OfficerRole,
    Organisation,
    Plan,
    PublicationState,
    Rag,
    ReviewAction,
    ReviewEvent,
    SubscriptionScope,
)
from tests import factories
from tests.browser import officers, tools
from tests.browser.officers import look

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def castlebridge():
    return factories.OrganisationFactory(name="Castlebridge Council", slug="castlebridge")


def test_first_sign_in_sets_up_an_app_and_recovery_codes_work_next_time(
    as_deployed, page, browser_problems, castlebridge
):
    base = as_deployed.url
    officer = officers.make_officer("amara", castlebridge, with_app=False)

    officers.password_step(page, base, "amara")
    assert page.url == f"{base}/admin/sign-in/set-up/"
    look(page, "sign-in-set-up")
    secret = page.locator("dt:text-is('Key') + dd").inner_text()
    key = officers.key_from_setup_text(secret)
    page.get_by_label("Code from your authenticator app").fill(officers.code_now(key))
    page.get_by_role("button", name="Confirm").click()

    codes = page.locator("ol.recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    look(page, "sign-in-recovery-codes")
    page.get_by_role("link", name="I have saved my recovery codes: continue").click()
    page.wait_for_url(f"{base}/admin/")
    assert page.get_by_role("heading", name="Your organisations' records").is_visible()

    device = TOTPDevice.objects.get(user=officer)
    assert device.confirmed and device.bin_key == key
    saved = set(StaticToken.objects.filter(device__user=officer).values_list("token", flat=True))
    assert saved == {code.strip() for code in codes}

    # Next time, without the phone: a recovery code, which then stops working.
    officers.sign_out(page)
    officers.password_step(page, base, "amara")
    page.get_by_role("link", name="I do not have my phone: use a recovery code").click()
    page.get_by_label("Recovery code").fill(codes[3])
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{base}/admin/")
    assert "You have 9 left" in page.locator(".messagelist").inner_text()
    assert StaticToken.objects.filter(device__user=officer).count() == 9
    assert not StaticToken.objects.filter(device__user=officer, token=codes[3].strip()).exists()
    assert browser_problems == []


def edit_initiative(page, base, initiative):
    tools.goto(page, f"{base}/admin/priorities/initiative/{initiative.pk}/change/")


def test_an_officer_creates_an_initiative_and_edits_it(
    as_deployed, page, browser_problems, castlebridge
):
    base = as_deployed.url
    officer = officers.make_officer("ben", castlebridge)
    priority = factories.PriorityFactory(
        plan__organisation=castlebridge, title="Support all children to be ready for school"
    )
    officers.sign_in(page, base, officer, "/admin/priorities/initiative/")
    page.get_by_role("link", name="Add initiative").click()
    page.get_by_label("Organisation:", exact=True).select_option(label="Castlebridge Council")
    page.get_by_label("Title:", exact=True).fill("Family hubs in every neighbourhood")
    page.get_by_label("Summary").fill("One place in each neighbourhood for early help.")
    look(page, "initiative-add")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    initiative = Initiative.private_objects.get()
    assert initiative.organisation == castlebridge
    assert initiative.slug == "family-hubs-in-every-neighbourhood"
    assert initiative.publication_state == PublicationState.DRAFT
    assert initiative.history.get().history_user == officer

    # Edit it: progress, a rating, the priority it delivers and a milestone.
    page.get_by_label("RAG rating").select_option(label="Amber: at risk")
    page.get_by_label("Progress (%)").fill("35")
    choose_autocomplete(page, "id_priorities", "ready for school")
    page.get_by_role("button", name="Add another Milestone").click()
    page.locator("#id_milestones-0-title").fill("First hub opens")
    page.locator("#id_milestones-0-due_date").fill("30/09/2026")
    look(page, "initiative-edit")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    initiative.refresh_from_db()
    assert (initiative.rag, initiative.progress) == (Rag.AMBER, 35)
    assert list(initiative.priorities.all()) == [priority]
    milestone = initiative.milestones.get()
    assert (milestone.title, milestone.due_date) == ("First hub opens", datetime.date(2026, 9, 30))
    latest = initiative.history.latest("history_date")
    assert (latest.history_user, latest.rag, latest.progress) == (officer, Rag.AMBER, 35)
    assert browser_problems == []


def choose_autocomplete(page, select_id, text):
    """Pick from one of the admin's autocomplete boxes (select2) as a person does: open it,
    type, click the match."""
    page.locator(f"#{select_id} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    option = page.locator(".select2-results__option", has_text=text)
    option.first.click()


def test_a_stale_edit_is_refused_and_the_officers_input_kept(
    as_deployed, open_page, browser_problems, castlebridge
):
    base = as_deployed.url
    ben = officers.make_officer("ben", castlebridge, OfficerRole.PUBLISHER)
    chloe = officers.make_officer("chloe", castlebridge, OfficerRole.PUBLISHER)
    initiative = factories.InitiativeFactory(
        organisation=castlebridge, title="Family hubs", summary="As agreed in March."
    )
    change = f"/admin/priorities/initiative/{initiative.pk}/change/"
    ben_page, chloe_page = open_page(), open_page()
    officers.sign_in(ben_page, base, ben, change)
    officers.sign_in(chloe_page, base, chloe, change)

    chloe_page.get_by_label("Summary").fill("Chloe's summary, saved first.")
    chloe_page.get_by_role("button", name="Save", exact=True).click()
    expect(chloe_page.locator(".messagelist")).to_contain_text("was changed successfully")

    bens_words = "Ben's summary, typed while Chloe was saving hers."
    ben_page.get_by_label("Summary").fill(bens_words)
    ben_page.get_by_label("Progress (%)").fill("60")
    ben_page.get_by_role("button", name="Save", exact=True).click()
    refusal = ben_page.locator(".errornote, .errorlist").filter(
        has_text="Someone else changed this record since you opened it"
    )
    expect(refusal.first).to_be_visible()
    expect(refusal.first).to_contain_text("chloe")
    look(ben_page, "stale-edit-refused")
    expect(ben_page.get_by_label("Summary")).to_have_value(bens_words)
    expect(ben_page.get_by_label("Progress (%)")).to_have_value("60")

    initiative.refresh_from_db()
    assert initiative.summary == "Chloe's summary, saved first."
    assert initiative.progress == 0

    # Told who changed what, Ben saves again on purpose: now his edit replaces Chloe's.
    ben_page.get_by_role("button", name="Save", exact=True).click()
    expect(ben_page.locator(".messagelist")).to_contain_text("was changed successfully")
    initiative.refresh_from_db()
    assert (initiative.summary, initiative.progress) == (bens_words, 60)
    assert browser_problems == []


def test_an_officer_changes_a_status_citing_the_meeting_that_decided_it(
    as_deployed, page, browser_problems, castlebridge
):
    base = as_deployed.url
    officer = officers.make_officer("ben", castlebridge, OfficerRole.PUBLISHER)
    initiative = factories.InitiativeFactory(organisation=castlebridge, title="Family hubs")
    committee = factories.CommitteeFactory(
        organisation=castlebridge, name="Children's Scrutiny Committee"
    )
    meeting = factories.MeetingFactory(committee=committee)
    factories.MeetingFactory(committee=committee)  # another meeting, not the one cited
    follower = factories.SubscriptionFactory(
        scope=SubscriptionScope.INITIATIVE, initiative=initiative
    ).subscriber

    officers.sign_in(page, base, officer, f"/admin/priorities/initiative/{initiative.pk}/change/")
    page.get_by_role("link", name="Change status").click()
    page.get_by_label("Adopted").check()
    page.get_by_label("Reason").fill("The committee agreed the business case.")
    page.get_by_label("Committee meeting that decided it").select_option(
        label=f"{meeting} (Castlebridge Council)"
    )
    page.get_by_label("Evidence link").fill("www.castlebridge.example/minutes")
    look(page, "change-status")
    page.get_by_role("button", name="Change status").click()
    expect(page.locator(".messagelist")).to_contain_text("Status changed from Proposed to Adopted")
    look(page, "status-changed")

    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.ADOPTED
    change = initiative.status_changes.get()
    assert (change.from_status, change.to_status) == (
        InitiativeStatus.PROPOSED,
        InitiativeStatus.ADOPTED,
    )
    assert change.meeting == meeting
    assert change.reason == "The committee agreed the business case."
    assert change.evidence_url == "https://www.castlebridge.example/minutes"
    assert change.recorded_by == officer
    assert list(change.notifications.values_list("subscriber", flat=True)) == [follower.pk]
    assert browser_problems == []


def run_action(page, record_title, action):
    """Tick a record in a change list and run one of the list's actions on it."""
    page.get_by_role("checkbox", name=f"Select this object for an action - {record_title}").check()
    page.get_by_role("combobox", name="Action").select_option(label=action)
    with page.expect_navigation():
        page.get_by_role("button", name="Go", exact=True).click()


def test_review_send_back_resubmit_and_publish_with_a_second_publisher(
    as_deployed, open_page, browser_problems, castlebridge
):
    base = as_deployed.url
    castlebridge.second_publisher_required = True
    castlebridge.save()
    ben = officers.make_officer("ben", castlebridge)
    dana = officers.make_officer("dana", castlebridge, OfficerRole.PUBLISHER)
    eve = officers.make_officer("eve", castlebridge, OfficerRole.PUBLISHER)
    initiative = factories.InitiativeFactory(
        organisation=castlebridge,
        title="Family hubs",
        publication_state=PublicationState.DRAFT,
    )
    initiatives = "/admin/priorities/initiative/"
    change = f"{initiatives}{initiative.pk}/change/"

    def state():
        initiative.refresh_from_db()
        return initiative.publication_state

    # The editor submits it.
    ben_page = open_page()
    officers.sign_in(ben_page, base, ben, initiatives)
    run_action(ben_page, "Family hubs", "Submit selected for review")
    expect(ben_page.locator(".messagelist")).to_contain_text("Submitted for review: 1 record")
    assert state() == PublicationState.IN_REVIEW

    # A publisher sends it back with a comment.
    dana_page = open_page()
    officers.sign_in(dana_page, base, dana, change)
    dana_page.get_by_role("link", name="Send back").click()
    dana_page.get_by_label("What needs to change before it can be published?").fill(
        "Say which neighbourhoods come first."
    )
    look(dana_page, "send-back")
    dana_page.get_by_role("button", name="Send back").click()
    expect(dana_page.locator(".messagelist")).to_contain_text("was sent back to its editors")
    assert state() == PublicationState.DRAFT

    # The editor sees the comment, makes the change and submits it again.
    tools.goto(ben_page, f"{base}{change}")
    expect(ben_page.locator(".field-latest_review")).to_contain_text(
        "Say which neighbourhoods come first."
    )
    look(ben_page, "sent-back-comment")
    ben_page.get_by_label("Summary").fill("Northfield and Riverside first, then the rest.")
    ben_page.get_by_role("button", name="Save", exact=True).click()
    expect(ben_page.locator(".messagelist")).to_contain_text("was changed successfully")
    run_action(ben_page, "Family hubs", "Submit selected for review")
    assert state() == PublicationState.IN_REVIEW

    # The publisher tidies a word herself, so a second publisher must approve it.
    tools.goto(dana_page, f"{base}{change}")
    dana_page.get_by_label("Summary").fill("Northfield and Riverside first, then the others.")
    dana_page.get_by_role("button", name="Save", exact=True).click()
    expect(dana_page.locator(".messagelist")).to_contain_text("was changed successfully")
    tools.goto(dana_page, f"{base}{initiatives}")
    run_action(dana_page, "Family hubs", "Publish selected (publishers)")
    expect(dana_page.locator(".messagelist")).to_contain_text("asks for a second publisher")
    look(dana_page, "publish-refused")
    assert state() == PublicationState.IN_REVIEW

    eve_page = open_page()
    officers.sign_in(eve_page, base, eve, initiatives)
    run_action(eve_page, "Family hubs", "Publish selected (publishers)")
    expect(eve_page.locator(".messagelist")).to_contain_text("Published: 1 record")
    assert state() == PublicationState.PUBLISHED

    steps = ReviewEvent.objects.filter(object_id=initiative.pk).order_by("acted_at", "pk")
    assert [(event.action, event.acted_by.username) for event in steps] == [
        (ReviewAction.SUBMITTED, "ben"),
        (ReviewAction.SENT_BACK, "dana"),
        (ReviewAction.SUBMITTED, "ben"),
        (ReviewAction.PUBLISHED, "eve"),
    ]
    assert steps[1].comment == "Say which neighbourhoods come first."
    assert browser_problems == []


def test_archiving_takes_a_record_off_the_site_only_once_confirmed(
    as_deployed, page, browser_problems, castlebridge
):
    base = as_deployed.url
    dana = officers.make_officer("dana", castlebridge, OfficerRole.PUBLISHER)
    initiative = factories.InitiativeFactory(organisation=castlebridge, title="Family hubs")
    officers.sign_in(page, base, dana, "/admin/priorities/initiative/")

    run_action(page, "Family hubs", "Archive selected: take them off the public site (publishers)")
    expect(page.get_by_role("heading", name="Archive these records?")).to_be_visible()
    expect(page.locator("#content")).to_contain_text("cannot be published again")
    look(page, "archive-confirmation")
    assert initiative.history.count() == 1
    page.get_by_role("link", name="No, take me back").click()
    initiative.refresh_from_db()
    assert initiative.publication_state == PublicationState.PUBLISHED

    run_action(page, "Family hubs", "Archive selected: take them off the public site (publishers)")
    page.get_by_role("button", name="Yes, archive them").click()
    expect(page.locator(".messagelist")).to_contain_text("Archived: 1 record")
    initiative.refresh_from_db()
    assert initiative.publication_state == PublicationState.ARCHIVED
    assert browser_problems == []


def test_history_shows_what_changed_and_reverts_to_a_version(
    as_deployed, page, browser_problems, castlebridge
):
    base = as_deployed.url
    officer = officers.make_officer("ben", castlebridge, OfficerRole.PUBLISHER)
    initiative = factories.InitiativeFactory(
        organisation=castlebridge, title="Family hubs", summary="Eight hubs by 2027.", progress=20
    )
    officers.sign_in(page, base, officer, f"/admin/priorities/initiative/{initiative.pk}/change/")
    page.get_by_label("Summary").fill("Twelve hubs by 2027.")
    page.get_by_label("Progress (%)").fill("25")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.get_by_role("link", name="History").click()
    history = page.locator("#change-history")
    # The changed word is marked, removed and added, in the whole sentence.
    expect(history.locator("del", has_text="Eight")).to_be_visible()
    expect(history.locator("ins", has_text="Twelve")).to_be_visible()
    expect(history).to_contain_text("hubs by 2027.")
    look(page, "history")
    first_version = initiative.history.earliest("history_date")
    history.locator("tbody tr").last.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Revert to this version")).to_be_visible()
    look(page, "history-version")
    page.get_by_role("button", name="Revert to this version").click()
    expect(page.locator(".messagelist")).to_contain_text("Reverted “Family hubs” to the version")

    initiative.refresh_from_db()
    assert (initiative.summary, initiative.progress) == ("Eight hubs by 2027.", 20)
    latest = initiative.history.latest("history_date")
    assert latest.history_user == officer
    assert latest.history_change_reason.startswith("Reverted to the version of")
    assert initiative.history.count() == 3
    assert first_version.summary == "Eight hubs by 2027."
    assert browser_problems == []


PLAN_COLUMNS = [
    "Record",
    "Organisation",
    "Slug",
    "Initiative",
    "Title",
    "Description",
    "Summary",
    "Aim",
    "Priorities",
    "Status",
    "Progress (%)",
    "Start date",
    "End date",
    "Target value",
    "Baseline value",
    "Due date",
]


def plan_rows(slug, title):
    """A small plan in the import format (docs/import-format.md): the plan, an aim, a priority,
    an initiative delivering it with a target and a milestone."""
    row = dict.fromkeys(PLAN_COLUMNS, "")

    def record(**values):
        return [{**row, **values}[column] for column in PLAN_COLUMNS]

    return [
        PLAN_COLUMNS,
        record(
            Record="plan",
            Organisation="castlebridge",
            Slug=slug,
            Title=title,
            Status="proposed",
            **{"Start date": "2025-04-01", "End date": "2028-03-31"},
        ),
        record(Record="aim", Slug="start-well", Title="Start well", Description="A good start."),
        record(
            Record="priority", Slug="ready-for-school", Title="Ready for school", Aim="start-well"
        ),
        record(
            Record="initiative",
            Slug=f"{slug}-family-hubs",
            Title="Family hubs",
            Priorities="ready-for-school",
            **{"Progress (%)": "10"},
        ),
        record(
            Record="target",
            Initiative=f"{slug}-family-hubs",
            Description="Family hubs open",
            **{"Baseline value": "2", "Target value": "8"},
        ),
        record(
            Record="milestone",
            Initiative=f"{slug}-family-hubs",
            Title="First hub opens",
            **{"Due date": "2025-09-01"},
        ),
    ]


def write_csv(path, rows):
    with path.open("w", newline="", encoding="utf-8-sig") as file:
        csv.writer(file).writerows(rows)


def write_xlsx(path, rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    for values in rows:
        sheet.append(values)
    workbook.save(path)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_plan_is_imported_after_a_check(
    as_deployed, page, browser_problems, castlebridge, tmp_path, file_format
):
    base = as_deployed.url
    officer = officers.make_officer("ben", castlebridge)
    slug = f"childrens-plan-{file_format}"
    path = tmp_path / f"childrens-plan.{file_format}"
    writer = write_csv if file_format == "csv" else write_xlsx
    writer(path, plan_rows(slug, "Children's plan 2025 to 2028"))

    officers.sign_in(page, base, officer, "/admin/priorities/plan/")
    page.get_by_role("link", name="Import a plan").click()
    page.get_by_label("File (.csv or .xlsx)").set_input_files(path)
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("#import-summary")).to_be_visible()
    expect(page.get_by_text("6 records would be created")).to_be_visible()
    look(page, f"import-check-{file_format}")
    assert not Plan.private_objects.exists()

    page.get_by_label("Choose the same file again to import it").set_input_files(path)
    page.get_by_role("button", name="Import", exact=True).click()
    # The file's name as it was chosen (the capital first letter is defect 8's, not ours).
    expect(page.locator(".messagelist")).to_contain_text(
        re.compile(rf"Imported {re.escape(path.name)}: 6 records were created")
    )
    look(page, f"import-done-{file_format}")

    plan = Plan.private_objects.get(slug=slug)
    assert plan.organisation == castlebridge
    assert plan.publication_state == PublicationState.DRAFT
    assert list(plan.aims.values_list("slug", flat=True)) == ["start-well"]
    priority = plan.priorities.get()
    initiative = Initiative.private_objects.get(slug=f"{slug}-family-hubs")
    assert list(initiative.priorities.all()) == [priority]
    assert initiative.progress == 10
    target = initiative.targets.get()
    assert (target.baseline_value, target.target_value) == (2, 8)
    assert initiative.milestones.get().due_date == datetime.date(2025, 9, 1)
    imported = plan.history.get()
    assert imported.history_user == officer
    assert imported.history_change_reason == f"Imported from {path.name}"
    assert browser_problems == []


def test_a_draft_report_is_downloaded_from_the_admin(
    as_deployed, page, browser_problems, castlebridge, tmp_path
):
    base = as_deployed.url
    officer = officers.make_officer("ben", castlebridge)
    meeting = factories.MeetingFactory(committee__organisation=castlebridge)
    draft = factories.InitiativeFactory(
        organisation=castlebridge,
        title="Close two children's centres",
        publication_state=PublicationState.DRAFT,
    )
    AgendaItem.objects.create(meeting=meeting, title="Children's centres", initiative=draft)

    officers.sign_in(page, base, officer, f"/admin/priorities/meeting/{meeting.pk}/change/")
    look(page, "meeting-report-links")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Report: PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith("-draft.pdf")
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    pages = [pdf_page.extract_text() for pdf_page in pypdf.PdfReader(path).pages]
    assert pages
    assert all("DRAFT" in text for text in pages), "every page says DRAFT"
    assert "Close two children's centres" in " ".join(pages).replace("’", "'")
    assert browser_problems == []


def test_a_superuser_adds_an_organisation_and_its_first_officer_who_then_signs_in(
    as_deployed, open_page, browser_problems
):
    """As docs/staff-sign-in.md says ("Giving officers access"): the organisation, the account,
    the membership; nobody ticks "Staff status"."""
    base = as_deployed.url
    root = officers.make_account("root", is_staff=True, is_superuser=True)
    TOTPDevice.objects.create(user=root, name="Authenticator app", confirmed=True)

    page = open_page()
    officers.sign_in(page, base, root, "/admin/priorities/organisation/add/")
    page.get_by_label("Name:", exact=True).press_sequentially("Northfield Council")
    page.get_by_label("Kind").select_option(label="Council")
    expect(page.get_by_label("Slug")).to_have_value("northfield-council")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    northfield = Organisation.objects.get(slug="northfield-council")

    tools.goto(page, f"{base}/admin/auth/user/add/")
    page.get_by_label("Username").fill("farah")
    page.get_by_label("Password:", exact=True).fill(officers.PASSWORD)
    page.get_by_label("Password confirmation").fill(officers.PASSWORD)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    farah = get_user_model().objects.get(username="farah")
    assert not farah.is_staff

    tools.goto(page, f"{base}/admin/priorities/officermembership/add/")
    choose_autocomplete(page, "id_user", "farah")
    page.get_by_label("Organisation:", exact=True).select_option(label="Northfield Council")
    page.get_by_label("Role").select_option(label="Administrator")
    look(page, "membership-add")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    farah.refresh_from_db()
    assert farah.is_staff
    membership = farah.officer_memberships.get()
    assert (membership.organisation, membership.role) == (northfield, OfficerRole.ADMINISTRATOR)

    # Farah signs in for the first time: she sets up her app and gets in.
    farahs_page = open_page()
    officers.password_step(farahs_page, base, "farah")
    assert farahs_page.url == f"{base}/admin/sign-in/set-up/"
    key = officers.key_from_setup_text(farahs_page.locator("dt:text-is('Key') + dd").inner_text())
    farahs_page.get_by_label("Code from your authenticator app").fill(officers.code_now(key))
    farahs_page.get_by_role("button", name="Confirm").click()
    farahs_page.get_by_role("link", name="I have saved my recovery codes: continue").click()
    farahs_page.wait_for_url(f"{base}/admin/")
    expect(farahs_page.get_by_role("link", name="Initiatives")).to_be_visible()
    expect(farahs_page.get_by_role("link", name="Officer memberships")).to_be_visible()
    look(farahs_page, "new-officer-signed-in")
    assert browser_problems == []
