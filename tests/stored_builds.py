"""Fixtures for the stored report builds' tests (issue 17), in the browser and without it:
stored builds switched on, and the reports built counted. ``tests/conftest.py`` registers
them; a test module asks for ``stored_builds_on`` (``pytest.mark.usefixtures``)."""

import threading

import pytest


@pytest.fixture
def stored_builds_on(settings):
    """Stored builds on, as in production (the test settings turn them off with the page
    cache), from a cache with no generation, version or rate-limit counts left by other
    tests."""
    from django.core.cache import cache

    settings.PORTAL_REPORT_STORED_BUILDS = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def builds(monkeypatch):
    """Count the reports built (gathered) from here on, whoever builds them: this process or
    the live server's threads."""
    from priorities.reports.builds import ReportRequest

    count = {"builds": 0}
    lock = threading.Lock()
    real_build = ReportRequest.build

    def counting_build(self, progress=None):
        with lock:
            count["builds"] += 1
        return real_build(self, progress)

    monkeypatch.setattr(ReportRequest, "build", counting_build)
    return count
