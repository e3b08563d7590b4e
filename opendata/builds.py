"""Building each site's data set in the background, only when its data changed.

Every site has its own data set (``DataSetBuild.site``): a council's site holds the public
records of the organisations it covers, the neutral portal (or, on a portal without sites,
the portal itself) every organisation's; its page links are absolute to that site.

``data_set_build(site)`` compares the change marker of the public tables and of the site
(``dataset.change_marker``, read from the database, so it survives a cache restart) with the
site's latest build's; when they differ it reads every table as that site
(``portal_sites.current.serving``), writes the ZIP and the JSON, and keeps them as a new
``DataSetBuild``. A site's older builds are deleted once a newer one is kept.
``data_set_builds()`` does it for every site; it is run by the Celery task
``opendata.tasks.build_data_set`` (beat, every ``PORTAL_DATA_SET_EVERY_SECONDS``) or
``manage.py build_data_set``; never by a visitor's request.
"""

import hashlib
import io

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from opendata import dataset
from opendata.models import DataSetBuild
from portal_sites.current import serving
from portal_sites.resolution import load_sites, site_base_url

#: Builds kept besides the latest (a download that started just before a new build finishes).
KEEP_PREVIOUS = 1


def _of_site(site):
    """The builds of ``site`` (a ``PortalSite``; None or one without a ``Site``: the portal
    without sites)."""
    site_id = None if site is None else site.site_id
    if site_id is None:
        return DataSetBuild.objects.filter(site__isnull=True)
    return DataSetBuild.objects.filter(site_id=site_id)


def latest_build(site=None):
    """``site``'s latest build, or None when none has been made yet (the page says so)."""
    return _of_site(site).defer("zip_content", "json_content").first()


def latest_build_with(site, field: str):
    """``site``'s latest build with only ``field`` of its files loaded (a download)."""
    return _of_site(site).only("built_at", "digest", field).first()


def base_url(site) -> str:
    """The start of the data set's links for ``site``: its main address, on the scheme and
    port of ``PORTAL_BASE_URL`` (no request is at hand in the background)."""
    return site_base_url(site, settings.PORTAL_BASE_URL)


def data_set_build(site=None, *, force=False):
    """Build ``site``'s data set (None: the portal without sites) if its data changed since its
    latest build (or ``force``). Return the new build, or None when nothing changed."""
    links = base_url(site)
    marker = dataset.change_marker(site, links)
    builds = _of_site(site)
    latest = builds.only("marker").first()
    if latest is not None and latest.marker == marker and not force:
        return None
    built_at = timezone.now().replace(microsecond=0)
    # Read in one transaction, as the site; references outside the set are dropped in any case.
    with transaction.atomic(), serving(site):
        rows = dataset.collect(links)
    zip_file, json_file = io.BytesIO(), io.BytesIO()
    dataset.write_zip(rows, built_at, zip_file, site=site, base_url=links)
    dataset.write_json(rows, built_at, json_file, site=site, base_url=links)
    zip_content = zip_file.getvalue()
    with transaction.atomic():
        build = DataSetBuild.objects.create(
            site_id=None if site is None else site.site_id,
            marker=marker,
            built_at=built_at,
            zip_content=zip_content,
            json_content=json_file.getvalue(),
            digest=hashlib.sha256(zip_content).hexdigest(),
            tables=[
                {"name": table.name, "title": table.title, "rows": len(rows[table.name])}
                for table in dataset.TABLES
            ],
        )
        kept = builds.values_list("pk", flat=True)[: KEEP_PREVIOUS + 1]
        builds.exclude(pk__in=list(kept)).delete()
    return build


def sites_to_build():
    """Every site that answers requests: each council's site, and the neutral portal, or the
    portal without sites (None) where no neutral site is configured (the hosts no site has
    get that)."""
    sites = load_sites()  # from the database: a worker must not build for a forgotten site
    return [*sites.councils, sites.neutral]


def data_set_builds(*, force=False) -> list:
    """Build every site's data set whose data changed; return the new builds. Once a neutral
    portal answers for every other host, the builds of the portal without sites (from before
    sites) are served to nobody: they are deleted."""
    to_build = sites_to_build()
    built = [data_set_build(site, force=force) for site in to_build]
    if to_build[-1] is not None:
        _of_site(None).delete()
    return [build for build in built if build is not None]
