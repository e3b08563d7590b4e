"""What a public page shows, gathered once per data generation and shared by every process.

The page cache (``page_cache``) answers visitors without cookies. A visitor with a cookie (one
who accepted analytics cookies, an officer looking at the public site) gets the page rendered
afresh, and most of that time went on gathering its records: a dozen queries, each cheap in the
database but costly in the ORM (issue 17's profile: about 60 % of an organisation page). So the
records a page shows are kept in the shared cache under the page cache's *generation*: saving or
deleting any public record moves the generation on when its transaction commits, and the next
request gathers them afresh. A published change is never hidden.

What is kept is data, not HTML: each request still renders its own page (its CSRF token, its
messages, the officer's name). The key holds the page, its arguments, the site and today's date
(cards say "overdue" and "not updated since" by the day) and the code's version (after a
deploy nothing kept by the old code is read); ``PORTAL_PAGE_DATA_CACHE_SECONDS``
bounds how long anything that depends on the time of day (the next meeting) can be kept. With
the cache down there is no generation, and every request gathers afresh.
"""

import hashlib
import logging
import pickle

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from portal import page_cache, shared_cache
from portal.code_version import code_version

logger = logging.getLogger(__name__)


def _key(generation, parts):
    digest = hashlib.sha256(repr((timezone.localdate(), *parts)).encode()).hexdigest()
    # The code's version too: after a deploy nothing the old code kept is read by the new.
    return f"page-data:{code_version()}:{generation}:{digest}"


def remembered(parts: tuple, gather):
    """Return ``gather()``, kept for this data generation under ``parts`` (the page's name, its
    arguments and the site: everything the result depends on besides the data and the day)."""
    seconds = settings.PORTAL_PAGE_DATA_CACHE_SECONDS
    if seconds <= 0:
        return gather()
    # Read the generation before gathering: a change committed meanwhile moves it on, so what
    # is kept below is never kept under a generation newer than its data.
    generation = page_cache.generation()
    if generation is None:
        return gather()
    key = _key(generation, parts)
    kept = shared_cache.attempt(lambda: cache.get(key), what="reading a page's data")
    if kept is not None:
        return pickle.loads(kept)  # noqa: S301 - written below by this code, in our own cache
    value = gather()
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError) as error:
        logger.warning("The data of %s cannot be kept: %s", parts[0], error)
        return value
    shared_cache.attempt(lambda: cache.set(key, data, seconds), what="keeping a page's data")
    return value
