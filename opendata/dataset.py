"""The public data set of one site: every public table, described for Frictionless Data.

Each site has its own data set (``opendata.builds``): on a council's site the public records
of the organisations it covers, on the neutral portal every organisation's. The tables read
the site being answered as (``portal_sites.current.serving``); every page link in them is
absolute to that site (``base_url``).

``TABLES`` names each table once: where its rows come from (public records only, from
``public_objects`` or ``.published()``), its columns with their types and descriptions, its
primary key and its foreign keys. ``collect()`` reads them all and then drops any row whose
required reference points outside the data set and empties any optional reference that does:
a link to a draft (an indicator under a draft ambition, an initiative delivering a draft
priority) never leaks its id. ``write_zip()`` writes the CSV files with their
``datapackage.json`` (Data Package v1 with Table Schema); ``write_json()`` the same tables as
one JSON document.

Never published: officers, owners, subscribers, the outbox, report builds, review events,
history, publication states, drafts.
"""

import csv
import datetime
import hashlib
import io
import json
import re
import zipfile
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from opendata.tables import LICENCE, TABLES
from priorities.reports.csv_safety import neutralise_cell

__all__ = ["LICENCE", "TABLES", "change_marker", "collect", "write_json", "write_zip"]


# The change marker ------------------------------------------------------------------------


def change_marker(site=None, base_url: str = "") -> str:
    """A digest of the state of every table the data set is read from (drafts included:
    publishing a draft changes it), and of what makes ``site``'s data set its own (the
    organisations it covers, its name, the address its links start with). For each model: its
    row count, the sum and the largest of its ids (a row deleted and another added still
    changes them), its latest ``updated_at``, and its latest history entry. It lives in the
    database, so it survives cache restarts."""
    covered = None if site is None or site.organisation_ids is None else site.organisation_ids
    parts: list = [
        (
            "site",
            None if site is None else site.site_id,
            None if covered is None else sorted(covered),
            None if site is None else site.name_shown,
            base_url,
        )
    ]
    for table in TABLES:
        for model in table.watched:
            aggregates = {
                "rows": models.Count("pk"),
                "ids": models.Sum("pk"),
                "last_id": models.Max("pk"),
            }
            if any(f.name == "updated_at" for f in model._meta.concrete_fields):
                aggregates["updated"] = models.Max("updated_at")
            manager = model._base_manager
            parts.append((model._meta.label, sorted(manager.aggregate(**aggregates).items())))
            history = getattr(model, "history", None)
            if history is not None:
                latest = history.aggregate(latest=models.Max("history_date"))["latest"]
                parts.append((f"{model._meta.label}.history", latest))
    return hashlib.sha256(repr(parts).encode()).hexdigest()


# Reading the tables -----------------------------------------------------------------------


def collect(base_url: str = "") -> dict[str, list[list]]:
    """Return every table's rows (values in column order), references kept inside the set,
    of the site being answered as; page links start with ``base_url``."""
    rows: dict[str, list[list]] = {}
    ids: dict[str, set] = {}
    for table in TABLES:
        positions = {column.name: index for index, column in enumerate(table.columns)}
        kept = []
        for record in table.records().order_by(*table.primary_key):
            row = [column.read(record, base_url) for column in table.columns]
            if not _keep(table, row, positions, ids):
                continue
            kept.append(row)
        rows[table.name] = kept
        if "id" in positions:
            ids[table.name] = {row[positions["id"]] for row in kept}
    return rows


def _keep(table, row, positions, ids) -> bool:
    """Empty optional references outside the data set; False when a required one is."""
    for column_name, target in table.references.items():
        index = positions[column_name]
        if row[index] is None or row[index] in ids[target]:
            continue
        if column_name in table.required:
            return False
        row[index] = None
    return True


# Writing ----------------------------------------------------------------------------------


def csv_value(value):
    """A cell for the CSV files: text neutralised against formula injection; dates, times,
    numbers and booleans in the form the Table Schema expects."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return str(value)
    return neutralise_cell(value)


def json_value(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def package_name(site) -> str:
    """The package's name: the portal's, and on a council's site that site's address too."""
    if site is None or site.is_neutral or not site.domain:
        return "childrens-services-priorities"
    return "childrens-services-priorities-" + re.sub(r"[^a-z0-9-]+", "-", site.domain).strip("-")


def descriptor(rows, built_at, *, site=None, base_url: str = "") -> dict:
    """The ``datapackage.json``: the package, its licence and each resource's schema; named
    after ``site`` (None: the portal without sites), its home page at ``base_url``."""
    resources = []
    for table in TABLES:
        schema = {
            "fields": [column.schema() for column in table.columns],
            "missingValues": [""],
            "primaryKey": list(table.primary_key),
        }
        foreign_keys = [
            {"fields": column_name, "reference": {"resource": target, "fields": "id"}}
            for column_name, target in table.references.items()
        ]
        if foreign_keys:
            schema["foreignKeys"] = foreign_keys
        resources.append(
            {
                "name": table.name,
                "title": table.title,
                "description": table.description,
                "path": f"{table.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "header": True},
                "schema": schema,
                "licenses": [LICENCE],
            }
        )
    council = site is not None and not site.is_neutral
    title = f"{settings.PORTAL_NAME}: {site.name_shown}" if council else settings.PORTAL_NAME
    whose = (
        f"of {site.name_shown} (the organisations its site covers)" if council else "of the portal"
    )
    return {
        "profile": "tabular-data-package",
        "name": package_name(site),
        "title": title,
        "description": (
            f"Every public record {whose}: organisations, plans, aims, priorities, "
            "initiatives and their scrutiny journeys, committees, meetings and agenda items, "
            "consultations, and the safeguarding partnerships' ambitions, indicators and "
            "inspections. Drafts are never included."
        ),
        "homepage": (base_url or settings.PORTAL_BASE_URL.rstrip("/")) + "/data/",
        "created": built_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "licenses": [LICENCE],
        "resources": resources,
    }


def write_zip(rows, built_at, output, *, site=None, base_url: str = "") -> None:
    """Write the CSV files and their ``datapackage.json`` to ``output`` as one ZIP."""
    stamp = timezone.localtime(built_at).timetuple()[:6]
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        package = descriptor(rows, built_at, site=site, base_url=base_url)
        described = json.dumps(package, indent=2, ensure_ascii=False)
        archive.writestr(zipfile.ZipInfo("datapackage.json", stamp), described.encode())
        for table in TABLES:
            text_file = io.StringIO(newline="")
            writer = csv.writer(text_file, lineterminator="\r\n")
            writer.writerow([column.name for column in table.columns])
            for row in rows[table.name]:
                writer.writerow([csv_value(value) for value in row])
            info = zipfile.ZipInfo(f"{table.name}.csv", stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text_file.getvalue().encode())


def write_json(rows, built_at, output, *, site=None, base_url: str = "") -> None:
    """Write every table to ``output`` as one JSON document: the package's description (as
    in ``datapackage.json``) and, per table, a list of objects."""
    document = descriptor(rows, built_at, site=site, base_url=base_url)
    document["data"] = {
        table.name: [
            {
                column.name: json_value(value)
                for column, value in zip(table.columns, row, strict=True)
            }
            for row in rows[table.name]
        ]
        for table in TABLES
    }
    output.write(json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode())
