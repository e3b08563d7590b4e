"""A record's version as an admin form carries it: the ``updated_at`` it was opened at.

Stale-edit protection (``stale_edits``) and the revert page (``history``) both send it with the
form and compare it with the row in the database.
"""

import datetime

from django.utils import timezone

#: The name of the hidden field holding the version the form was opened at.
VERSION_FIELD = "record_version"


def version_token(value: datetime.datetime | None) -> str:
    """Return the text the form carries for the version ``value``."""
    return value.isoformat() if value else ""


def parse_version_token(token: str) -> datetime.datetime:
    """Return the version a form was opened at; ValueError when ``token`` is not one."""
    value = datetime.datetime.fromisoformat(token)
    if timezone.is_naive(value):
        raise ValueError("A version token carries its time zone.")
    return value
