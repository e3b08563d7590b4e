"""Each endpoint runs the same number of SQL queries on the demo data and on ten times it."""

import pytest
from django.core.management import call_command

from priorities import models as p
from safeguarding import models as s
from tests.test_query_counts import grow_tenfold, query_counts

pytestmark = pytest.mark.django_db


def api_pages():
    initiative = p.Initiative.public_objects.get(slug="new-early-help-offer")
    meeting = p.Meeting.objects.filter(agenda_items__initiative=initiative).first()
    return [
        ("organisations", "/api/v1/organisations/?page_size=100"),
        ("organisation", f"/api/v1/organisations/{initiative.organisation_id}/"),
        ("themes", "/api/v1/themes/"),
        ("plans", "/api/v1/plans/?page_size=100"),
        ("aims", "/api/v1/aims/?page_size=100"),
        ("priorities", "/api/v1/priorities/?page_size=100"),
        ("initiatives", "/api/v1/initiatives/?page_size=100"),
        ("initiatives q", "/api/v1/initiatives/?q=health&organisation=wandsworth"),
        ("initiative", f"/api/v1/initiatives/{initiative.pk}/"),
        ("status changes", "/api/v1/status-changes/?page_size=100"),
        ("committees", "/api/v1/committees/"),
        ("meetings", "/api/v1/meetings/?page_size=100"),
        ("meeting", f"/api/v1/meetings/{meeting.pk}/"),
        ("agenda items", "/api/v1/agenda-items/?page_size=100"),
        ("consultations", "/api/v1/consultations/?page_size=100"),
        ("ambitions", "/api/v1/ambitions/?page_size=100"),
        ("indicators", "/api/v1/indicators/"),
        ("indicator", f"/api/v1/indicators/{s.Indicator.public_objects.first().pk}/"),
        ("inspections", "/api/v1/inspections/?page_size=100&updated_since=2000-01-01"),
    ]


def test_each_endpoint_runs_the_same_queries_at_demo_size_and_ten_times_demo_size(client):
    call_command("load_demo_data", "--quiet")
    pages = api_pages()
    # The demo's sites are read once after they were created (portal_sites), then cached.
    client.get("/api/v1/")
    at_demo_size = query_counts(client, pages)
    grow_tenfold()
    at_ten_times = query_counts(client, pages)

    print("\nendpoint         demo  10x")
    for name, _url in pages:
        print(f"{name:<16} {at_demo_size[name]:>4} {at_ten_times[name]:>4}")
    assert at_ten_times == at_demo_size
