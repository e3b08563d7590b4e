"""Schemathesis against the generated OpenAPI schema: for every endpoint and parameter, no
answer is a server error and every answer conforms to the schema (status code, content type,
headers, body).

Each operation gets ``MAX_EXAMPLES`` generated requests (hypothesis), through the whole Django
WSGI application, on a small portal with public and private records.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    positive_data_acceptance,
)

from tests.api import records as fixtures

MAX_EXAMPLES = 25

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())


@pytest.fixture
def portal(db, settings):
    settings.PORTAL_API_RATE_PER_IP = (1_000_000, 60)
    # Requests go through the real WSGI handler, which closes the database connection after
    # each one; the test's transaction must survive them (Django's test client does the same).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield fixtures.build()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_conforms_to_its_schema(portal, case):
    # Two checks are about how strict the API is, not whether it is right, and are left out:
    # filter values are slugs of records in the database, which the schema cannot list (an
    # unknown one is a documented 400, api/filters.py), and, like the search, the API reads
    # a parameter it cannot use (an empty ``updated_since``, ``page_size=x``) as not given.
    case.call_and_validate(excluded_checks=[positive_data_acceptance, negative_data_rejection])
