"""From the home page, following links alone reaches every published record of the demo data,
and no internal link is broken."""

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.urls import resolve

from priorities import models as p
from safeguarding import models as s

pytestmark = pytest.mark.django_db

#: Links that are not pages to crawl: downloads, feeds, officers' screens, and searches
#: (every filter combination is a link; the search page itself is checked elsewhere).
NOT_CRAWLED = ("/admin/", "/feeds/", "/search/", "/static/", "/sitemap.xml", "/healthz")


#: A committee report in a format that takes a while to build: its link must resolve, and the
#: same report is downloaded as CSV (tests/priorities/reports/ check every format).
SLOW_REPORT = re.compile(r"/report\.(pdf|docx|xlsx)$|/report/\?report_format=(pdf|docx|xlsx)$")


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


def internal_links(html):
    parser = LinkParser()
    parser.feed(html)
    for href in parser.links:
        url = urldefrag(href).url
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not url.startswith("/"):
            continue
        if url.startswith(NOT_CRAWLED):
            continue
        yield url


def crawl(client, start="/", limit=1000):
    """Return {url: status code} for every page reachable from ``start`` by links."""
    statuses, queue = {}, [start]
    while queue and len(statuses) < limit:
        url = queue.pop(0)
        if url in statuses:
            continue
        if SLOW_REPORT.search(url):
            resolve(urlsplit(url).path)  # raises Resolver404 for a broken link
            statuses[url] = 200
            continue
        response = client.get(url)
        statuses[url] = response.status_code
        if response.status_code == 200 and "text/html" in response["Content-Type"]:
            queue.extend(
                link for link in internal_links(response.content.decode()) if link not in statuses
            )
    return statuses


def test_every_published_record_is_reachable_from_home_and_no_link_is_broken(client, settings):
    settings.PORTAL_REPORT_RATE_PER_IP = (10_000, 3600)
    call_command("load_demo_data", "--quiet")
    statuses = crawl(client)

    broken = {url: status for url, status in statuses.items() if status != 200}
    assert not broken, broken

    expected = [
        *p.Priority.public_objects.all(),
        *p.Initiative.public_objects.all(),
        *p.Meeting.objects.all(),
        *s.Ambition.public_objects.all(),
        *s.Indicator.public_objects.all(),
        *s.Inspection.objects.all(),
        *p.Plan.public_objects.all(),
        *p.Consultation.public_objects.all(),
    ]
    unreachable = [str(record) for record in expected if record.get_absolute_url() not in statuses]
    assert not unreachable, unreachable

    reports = [url for url in statuses if "/report" in url and url.endswith("csv")]
    meetings = p.Meeting.objects.count()
    assert len([url for url in reports if url.endswith("/report.csv")]) >= meetings


def test_drafts_are_never_linked(client):
    call_command("load_demo_data", "--quiet")
    statuses = crawl(client)
    drafts = [
        *p.Plan.private_objects.exclude(publication_state="published"),
        *p.Priority.private_objects.exclude(publication_state="published"),
        *p.Initiative.private_objects.exclude(publication_state="published"),
    ]
    assert drafts, "the demo data has drafts"
    assert not [draft for draft in drafts if draft.get_absolute_url() in statuses]
