import os

import pytest

#: Fixtures shared by more than one test module, kept in modules of their own.
pytest_plugins = ["tests.stored_builds"]


def pytest_collection_modifyitems(config, items):
    """Skip tests that need a service this run does not have."""
    from django.db import connection

    on_postgres = connection.vendor == "postgresql"
    has_redis = bool(os.environ.get("REDIS_URL"))
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)"))
        if "redis" in item.keywords and not has_redis:
            item.add_marker(pytest.mark.skip(reason="needs Redis (set REDIS_URL)"))


@pytest.fixture(autouse=True)
def no_sites_yet():
    """Each test starts with a database without sites, and the sites' cache says so
    (portal_sites.resolution): a test's sites are rolled back with its transaction, which no
    signal tells the cache. Creating a site moves the cache on."""
    from portal_sites.resolution import assume_no_sites

    assume_no_sites()


# A real Celery worker (a subprocess) for the end-to-end delivery and report tests.
from tests.celery_worker import workers  # noqa: E402, F401
