"""The public's journeys through the portal in Chromium, as deployed (``as_deployed``: secure
cookies, the production middleware, links in emails pointing at the live server).

Each test is one journey a member of the public takes, driven as a person drives it (labels,
buttons and links by their words), and each checks where it ends: the rows in the database, the
email in the outbox, the file downloaded, parsed.

* Search with filters, then the CSV of the results.
* Email updates for each scope: subscribe, the confirmation email, confirm, manage, change how
  often, stop, unsubscribe; and the one-click unsubscribe a mail provider sends (RFC 8058).
* Committee reports from the meeting, plan and committee pages, and a large one made in the
  background, followed on its progress page to the file.

(Exit this page is in test_exit_this_page.py.)

Screenshots: set ``JOURNEY_SCREENSHOTS`` to a folder and each step is saved there at the
desktop and phone widths, with the files downloaded.
"""

import csv
import datetime
import io
import os
import re
from pathlib import Path

import openpyxl
import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from priorities import models as p
from priorities.reports import builds as jobs
from priorities.services import initiative_change_status
from tests import factories
from tests.browser import tools
from tests.browser.pages import create_portal_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("JOURNEY_SCREENSHOTS", "")


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate limits (subscriptions, report downloads) count from zero in each test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def portal(as_deployed):
    return create_portal_data()


def snap(page, name):
    """Save what the person sees, at the desktop and the phone width, when asked to."""
    if not SCREENSHOTS:
        return
    folder = Path(SCREENSHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for label, viewport in tools.VIEWPORTS.items():
        page.set_viewport_size(viewport)
        page.screenshot(path=folder / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size(size)


def snap_email(open_page, message, name):
    """Save the HTML part of an email as a mail program shows it, when screenshots are asked
    for."""
    if not SCREENSHOTS:
        return
    page = open_page(javascript=False)
    page.set_content(message.alternatives[0][0])
    snap(page, name)


def press(page, button_name, status=200):
    """Press a button that submits a form, and fail at once, with what the page says, unless
    the page it leads to answers ``status`` (after any redirect)."""
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=button_name).click()
    response = navigation.value
    if response.status != status:
        pytest.fail(
            f"“{button_name}” led to HTTP {response.status} at {response.url}: "
            + " ".join(page.locator("body").inner_text().split())[:300],
            pytrace=False,
        )
    return response


def heading(page):
    return page.get_by_role("heading", level=1).inner_text()


def downloaded(download) -> bytes:
    """The downloaded file's bytes (kept beside the screenshots, when they are asked for)."""
    if SCREENSHOTS:
        download.save_as(Path(SCREENSHOTS) / download.suggested_filename)
    return Path(download.path()).read_bytes()


def csv_rows(data: bytes) -> list[dict]:
    header, *rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    return [dict(zip(header, row, strict=True)) for row in rows]


# Search with filters, then the CSV of the results.


def open_filter(page, legend):
    """Open a filter's "details" by its summary, as a person clicks it."""
    page.locator("summary").get_by_text(legend, exact=True).click()


def test_search_with_filters_then_download_the_results_as_csv(
    portal, as_deployed, page, browser_problems
):
    """Search from the home page, narrow the results with two filters, and download them: the
    CSV has exactly the results the page lists, in the same order, and nothing the filters or
    publication leave out."""
    council = portal.council
    factories.InitiativeFactory(
        organisation=council,
        title="Family group conferences before care proceedings",
        summary="Families plan together with the wider family.",
        published_at=timezone.now(),
    )
    factories.InitiativeFactory(
        organisation=council,
        title="Family centres draft closure plan",
        publication_state=p.PublicationState.DRAFT,
    )
    elsewhere = factories.OrganisationFactory(name="Northfield Council", slug="northfield")
    factories.InitiativeFactory(
        organisation=elsewhere,
        title="Family support in Northfield",
        published_at=timezone.now(),
    )

    tools.goto(page, f"{as_deployed.url}/")
    page.get_by_label("Search", exact=True).fill("family")
    page.get_by_role("search").get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/search/\?"))
    unfiltered = page.locator("ol[aria-labelledby=results-heading] h3").all_inner_texts()
    assert "Family support in Northfield" in unfiltered
    assert portal.priority.title in unfiltered
    assert "Family centres draft closure plan" not in unfiltered
    snap(page, "search-1-results")

    open_filter(page, "Type of record")
    page.get_by_label("Initiatives", exact=True).check()
    open_filter(page, "Organisation")
    page.get_by_label(council.name, exact=True).check()
    snap(page, "search-2-filters-chosen")
    press(page, "Apply filters")
    snap(page, "search-3-filtered")

    titles = page.locator("ol[aria-labelledby=results-heading] h3").all_inner_texts()
    assert sorted(titles) == [
        "Family group conferences before care proceedings",
        "Family hubs in every neighbourhood",
    ]
    assert page.locator("#results-heading").inner_text() == "2 results for “family”"
    chosen = page.get_by_role("heading", name="Filters you chose").locator("xpath=following::ul[1]")
    assert "Type of record: Initiatives" in chosen.inner_text()
    assert f"Organisation: {council.name}" in chosen.inner_text()

    with page.expect_download() as info:
        page.get_by_role("link", name="Download these results (CSV)").click()
    download = info.value
    assert download.suggested_filename.startswith("search-results-")
    assert download.suggested_filename.endswith(".csv")
    rows = csv_rows(downloaded(download))
    assert [row["Title"] for row in rows] == titles
    assert {row["Type"] for row in rows} == {"Initiative"}
    assert {row["Organisation"] for row in rows} == {council.name}
    hubs = next(row for row in rows if row["Title"] == portal.initiative.title)
    assert hubs["Status"] == "In delivery"
    assert hubs["RAG rating"] == "Amber: at risk"
    assert hubs["Web address"] == as_deployed.url + portal.initiative.get_absolute_url()

    # The address in the file leads to the record.
    tools.goto(page, hubs["Web address"])
    assert portal.initiative.title in heading(page)
    assert browser_problems == []


# Email updates.

EMAIL = "a.parent@example.org"
CONFIRM_LINK = re.compile(r"https?://\S+/subscribe/confirm/\S+/")
MANAGE_LINK = re.compile(r"https?://\S+/subscribe/manage/\S+/")


def start_page(portal, scope):
    """The page a person follows something from, and the words of its link."""
    return {
        "everything": ("/", "Get email updates"),
        "organisation": (portal.council.get_absolute_url(), "Get an email when one of this"),
        "committee": (portal.committee.get_absolute_url(), "Get an email about this committee"),
        "priority": (portal.priority.get_absolute_url(), "Get an email when an initiative for"),
        "initiative": (portal.initiative.get_absolute_url(), "Get an email when this initiative"),
    }[scope]


def target_of(portal, scope):
    return {
        "everything": None,
        "organisation": portal.council,
        "committee": portal.committee,
        "priority": portal.priority,
        "initiative": portal.initiative,
    }[scope]


def subscribe_in_the_browser(page, portal, as_deployed, scope, email=EMAIL, shots=""):
    """From the record's page, ask for updates about it, each as it happens."""
    path, link_words = start_page(portal, scope)
    tools.goto(page, as_deployed.url + path)
    if shots:
        snap(page, f"{shots}-0-start")
    link = page.get_by_role("link", name=re.compile(re.escape(link_words)))
    sentence = " ".join(link.locator("xpath=..").inner_text().split())
    assert " ," not in sentence, sentence
    link.click()
    page.wait_for_url(re.compile(r"/subscribe/"))
    assert heading(page) == "Get email updates"
    follow = page.get_by_role("group", name="What do you want updates about?")
    chosen = follow.locator("input:checked")
    target = target_of(portal, scope)
    expected = "Everything published on the portal" if target is None else str(target)
    assert (
        expected.split(" (")[0]
        in follow.locator(f"label[for='{chosen.get_attribute('id')}']").inner_text()
    )
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Each update as it happens").check()
    if shots:
        snap(page, f"{shots}-1-subscribe")
    press(page, "Continue")
    assert page.url.endswith("/subscribe/check-your-email/")
    assert heading(page) == "Check your email"
    if shots:
        snap(page, f"{shots}-2-check-your-email")


def the_email_to(address):
    messages = [message for message in mail.outbox if address in message.to]
    assert len(messages) == 1, [(m.to, m.subject) for m in mail.outbox]
    return messages[0]


def a_status_change(portal, to=p.InitiativeStatus.COMPLETED):
    """Move the portal's initiative a step, citing the committee's meeting: every scope the
    journeys follow (the council, the committee, the priority, the initiative) covers it."""
    initiative_change_status(
        initiative=portal.initiative,
        to=to,
        reason="The committee agreed the change.",
        meeting=portal.past_meeting,
    )


@pytest.mark.parametrize(
    ("scope", "viewport"),
    [
        ("everything", "phone"),
        ("organisation", "desktop"),
        ("committee", "desktop"),
        ("priority", "desktop"),
        ("initiative", "desktop"),
    ],
)
def test_subscribe_confirm_manage_and_unsubscribe(
    scope, viewport, portal, as_deployed, open_page, browser_problems
):
    """Follow something from its page; the confirmation email arrives with a link to this
    portal; confirming from it sets the updates up; an update about what was followed arrives;
    from its "Manage" link change how often, stop these updates, then unsubscribe from
    everything."""
    page = open_page(viewport=viewport)
    shots = f"subscribe-{scope}"
    subscribe_in_the_browser(page, portal, as_deployed, scope, shots=shots)

    subscriber = p.Subscriber.objects.get(email=EMAIL)
    assert subscriber.confirmed_at is None
    subscription = subscriber.subscriptions.get()
    assert subscription.scope == scope
    target = target_of(portal, scope)
    if target is not None:
        assert getattr(subscription, scope) == target
    assert subscription.frequency == p.Frequency.IMMEDIATE

    email = the_email_to(EMAIL)
    assert email.subject == "Confirm your email updates"
    link = CONFIRM_LINK.search(email.body).group(0)
    assert link.startswith(f"{as_deployed.url}/"), link
    html = email.alternatives[0][0]
    assert link in html
    snap_email(open_page, email, f"{shots}-email-confirm")
    assert email.extra_headers["List-Unsubscribe"].startswith(f"<{as_deployed.url}/")

    tools.goto(page, link)
    assert heading(page) == "Confirm your email updates"
    snap(page, f"{shots}-3-confirm")
    press(page, "Confirm")
    assert re.search(r"/subscribe/manage/.+\?confirmed=1$", page.url), page.url
    assert heading(page) == "Manage your email updates"
    assert "Your email address is confirmed" in page.get_by_role("alert").inner_text()
    snap(page, f"{shots}-4-manage")
    subscriber.refresh_from_db()
    assert subscriber.is_active

    # The updates asked for arrive, each as it happens.
    mail.outbox.clear()
    a_status_change(portal)
    update = the_email_to(EMAIL)
    assert update.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    snap_email(open_page, update, f"{shots}-email-update")

    # Later, from the link in that email.
    manage = MANAGE_LINK.search(update.body).group(0)
    assert manage.startswith(f"{as_deployed.url}/"), manage
    tools.goto(page, manage)
    assert heading(page) == "Manage your email updates"
    page.get_by_label("A weekly digest").check()
    press(page, "Save how often")
    assert page.url.endswith("?changed=1")
    assert "How often you get emails has been changed" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("A weekly digest").is_checked()
    snap(page, f"{shots}-5-changed")
    subscription.refresh_from_db()
    assert subscription.frequency == p.Frequency.WEEKLY

    press(page, "Stop these updates")
    assert page.url.endswith("?removed=1")
    assert "You will no longer get those updates" in page.get_by_role("alert").inner_text()
    assert page.get_by_text("You do not get any updates at the moment.").is_visible()
    snap(page, f"{shots}-6-removed")
    assert not p.Subscription.objects.filter(pk=subscription.pk).exists()
    subscriber.refresh_from_db()
    assert subscriber.is_active  # stopping one thing is not leaving

    press(page, "Unsubscribe from everything")
    assert heading(page) == "You have unsubscribed"
    snap(page, f"{shots}-7-unsubscribed")
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None
    assert not subscriber.is_active
    assert browser_problems == []


URLENCODED = {"Content-Type": "application/x-www-form-urlencoded"}


def test_one_click_unsubscribe_from_a_mail_provider(portal, as_deployed, page, browser_problems):
    """A confirmed subscriber's mail provider offers "Unsubscribe": it POSTs
    ``List-Unsubscribe=One-Click`` to the address in the email's List-Unsubscribe header, with
    no cookies and no CSRF token. Every subscription ends and no more updates are sent."""
    subscribe_in_the_browser(page, portal, as_deployed, "initiative")
    subscribe_in_the_browser(page, portal, as_deployed, "committee")
    # An address not yet confirmed is asked to confirm each time; either link confirms it.
    confirm = [message for message in mail.outbox if EMAIL in message.to]
    assert [message.subject for message in confirm] == ["Confirm your email updates"] * 2
    tools.goto(page, CONFIRM_LINK.search(confirm[-1].body).group(0))
    press(page, "Confirm")
    assert page.url.endswith("?confirmed=1")
    subscriber = p.Subscriber.objects.get(email=EMAIL)
    assert subscriber.is_active
    assert subscriber.subscriptions.count() == 2

    mail.outbox.clear()
    a_status_change(portal, to=p.InitiativeStatus.WITHDRAWN)
    update = the_email_to(EMAIL)
    header = update.extra_headers["List-Unsubscribe"]
    assert update.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = header.strip("<>")
    assert url.startswith(f"{as_deployed.url}/"), header

    # The provider's request: a fresh context, so no cookie of the subscriber's browser, no
    # CSRF token, no Origin. RFC 8058 allows either form encoding; a provider may send it twice.
    provider = page.context.browser.new_context()
    try:
        for body in (
            {"data": "List-Unsubscribe=One-Click", "headers": URLENCODED},
            {"multipart": {"List-Unsubscribe": "One-Click"}},
        ):
            response = provider.request.post(url, max_redirects=0, **body)
            assert response.status == 200, response.text()[:500]
    finally:
        provider.close()

    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None
    assert not subscriber.subscriptions.exists()
    mail.outbox.clear()
    a_status_change(portal, to=p.InitiativeStatus.PROPOSED)
    assert [m for m in mail.outbox if EMAIL in m.to] == []
    assert browser_problems == []


UNSUBSCRIBE_LINK = re.compile(
    r"Unsubscribe from all emails:\s+(https?://\S+/subscribe/unsubscribe/\S+/)"
)


def test_a_subscriber_adds_a_priority_then_unsubscribes_from_the_email_link(
    portal, as_deployed, page, browser_problems
):
    """Someone who already gets updates asks for a priority's too: no second confirmation, an
    email saying it is set up. Its footer's "Unsubscribe from all emails" link asks first, then
    ends every subscription."""
    subscriber = factories.SubscriberFactory(email=EMAIL)
    factories.SubscriptionFactory(subscriber=subscriber, scope=p.SubscriptionScope.EVERYTHING)
    subscribe_in_the_browser(page, portal, as_deployed, "priority", shots="subscribe-again")

    assert subscriber.subscriptions.filter(priority=portal.priority).exists()
    email = the_email_to(EMAIL)
    assert email.subject == "Updates you asked for"
    assert not CONFIRM_LINK.search(email.body)
    link = UNSUBSCRIBE_LINK.search(email.body).group(1)
    assert f"<{link}>" == email.extra_headers["List-Unsubscribe"]

    tools.goto(page, link)
    assert heading(page) == "Unsubscribe from email updates"
    subscriber.refresh_from_db()
    assert subscriber.is_active  # opening the link is not unsubscribing
    press(page, "Unsubscribe")
    assert heading(page) == "You have unsubscribed"
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None
    assert not subscriber.subscriptions.exists()
    assert browser_problems == []


# Committee reports.


def report_section(page):
    return page.get_by_role("region", name="Committee report")


def download_from(page, link_name):
    with page.expect_download() as info:
        report_section(page).get_by_role("link", name=link_name, exact=True).click()
    download = info.value
    return download.suggested_filename, downloaded(download)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def pdf_links(data: bytes) -> set[str]:
    links = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and "/URI" in action:
                links.add(str(action["/URI"]))
    return links


def docx_links(data: bytes) -> set[str]:
    relations = Document(io.BytesIO(data)).part.rels.values()
    return {relation.target_ref for relation in relations if relation.is_external}


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    texts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def xlsx_cells(data: bytes) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return [
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]


def test_committee_reports_download_from_the_meeting_plan_and_committee_pages(
    portal, as_deployed, page, browser_problems
):
    """The "Committee report" links on a meeting's, a plan's and a committee's page download
    files that hold the published records they report on, with links to their pages on this
    portal."""
    initiative = portal.initiative.title
    initiative_page = as_deployed.url + portal.initiative.get_absolute_url()

    tools.goto(page, as_deployed.url + portal.past_meeting.get_absolute_url())
    snap(page, "report-1-meeting-page")
    name, data = download_from(page, "PDF")
    assert name.endswith(".pdf")
    text = " ".join(pdf_text(data).split())
    assert portal.committee.name in text
    assert initiative in text
    assert initiative_page in pdf_links(data)

    tools.goto(page, as_deployed.url + portal.plan.get_absolute_url())
    name, data = download_from(page, "Word")
    assert name.endswith(".docx")
    text = docx_text(data)
    assert portal.plan.title in text
    assert portal.priority.title in text
    assert initiative in text
    assert as_deployed.url + portal.plan.get_absolute_url() in docx_links(data)

    tools.goto(page, as_deployed.url + portal.committee.get_absolute_url())
    snap(page, "report-2-committee-page")
    name, data = download_from(page, "Excel")
    assert name.endswith(".xlsx")
    assert initiative in xlsx_cells(data)
    name, data = download_from(page, "CSV")
    assert name.endswith(".csv")
    hubs = next(row for row in csv_rows(data) if row["Title"] == initiative)
    assert hubs["Status"] == "In delivery"
    assert hubs["Web page"] == initiative_page
    assert browser_problems == []


@pytest.fixture
def worker_held(monkeypatch):
    """Large reports wait for a worker until the test plays the worker: the ids queued."""
    queued = []
    monkeypatch.setattr(jobs, "enqueue_report_export", queued.append)
    return queued


def fill_date(page, group, date):
    fieldset = page.get_by_role("group", name=group)
    fieldset.get_by_label("Day").fill(str(date.day))
    fieldset.get_by_label("Month").fill(str(date.month))
    fieldset.get_by_label("Year").fill(str(date.year))


def test_a_large_committee_report_is_made_in_the_background_then_downloads(
    portal, as_deployed, page, browser_problems, settings, worker_held
):
    """A report over a period, too large to make during the request: the visitor lands on its
    page, which shows the progress and, once a worker has made it, offers the file. The file
    holds the meeting in the period and not the one after it."""
    settings.PORTAL_REPORT_BACKGROUND_ROWS = 0
    today = timezone.localdate()
    tools.goto(page, as_deployed.url + portal.committee.get_absolute_url())
    report_section(page).get_by_role("link", name="Choose the period the report covers").click()
    page.wait_for_url(re.compile(r"/report/$"))
    fill_date(page, "From", today - datetime.timedelta(days=90))
    fill_date(page, "To", today)
    page.get_by_label("Excel").check()
    snap(page, "report-3-period-form")
    press(page, "Download the report")
    assert re.search(r"/reports/[0-9a-f-]{36}/$", page.url), page.url
    assert heading(page).endswith("Your report is being made")
    assert page.locator("progress").get_attribute("value") == "0"
    snap(page, "report-4-being-made")

    (export_id,) = worker_held
    export = p.ReportExport.objects.get(pk=export_id)
    assert (export.scope, export.report_format) == (p.ReportScope.COMMITTEE, "xlsx")
    assert export.period_end == today
    jobs.report_export_build(export_id=export_id)

    # The page asks for the progress itself and shows the download once the report is made.
    page.get_by_role("heading", name="Your report is ready").wait_for(timeout=10_000)
    snap(page, "report-5-ready")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the report").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    cells = xlsx_cells(downloaded(download))
    assert portal.initiative.title in cells
    assert "Children and families plan: annual review" not in cells  # the next meeting's item
    assert browser_problems == []


def test_a_year_too_large_on_the_committee_report_form_is_explained(
    portal, as_deployed, page, browser_problems
):
    """A mistyped year with twenty digits is an error on the form, not a server error."""
    tools.goto(page, as_deployed.url + portal.committee.get_absolute_url())
    report_section(page).get_by_role("link", name="Choose the period the report covers").click()
    page.wait_for_url(re.compile(r"/report/$"))
    fill_date(page, "From", datetime.date(2025, 4, 1))
    page.get_by_role("group", name="From").get_by_label("Year").fill("99999999999999999999")
    press(page, "Download the report")
    assert page.title().startswith("Error: ")
    assert "There is a problem" in page.get_by_role("alert").inner_text()
    snap(page, "report-6-year-too-large")
    assert browser_problems == []


def test_too_many_report_downloads_says_when_to_try_again(
    portal, as_deployed, page, browser_problems, settings
):
    """Past the limit, the download link answers with a page that says so and when to try
    again, and a Retry-After header for programs. The limit counts builds: the CSV again comes
    from the browser's own copy (public reports may be kept a minute); the PDF needs a build."""
    settings.PORTAL_REPORT_RATE_PER_IP = (1, 3600)
    tools.goto(page, as_deployed.url + portal.past_meeting.get_absolute_url())
    first_name, first = download_from(page, "CSV")
    again_name, again = download_from(page, "CSV")
    assert (again_name, again) == (first_name, first)
    with page.expect_navigation() as navigation:
        report_section(page).get_by_role("link", name="PDF", exact=True).click()
    refused = navigation.value
    assert refused.status == 429
    wait = int(refused.headers["retry-after"])
    assert 0 < wait <= 3600
    assert "Too many report downloads" in heading(page)
    assert "Try again in " in page.locator("main").inner_text()
    snap(page, "report-7-too-many")
    assert browser_problems == []
