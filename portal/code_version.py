"""A digest of the portal's own code, for what is kept across a deploy (``page_data``).

Data kept in the shared cache outlives a process: after a deploy the new code must never read
what the old code kept (the shape of what a page gathers may have changed). The digest covers
every Python file of the project's own apps; it is worked out once per process.
"""

import functools
import hashlib
from pathlib import Path

from django.apps import apps
from django.conf import settings


@functools.cache
def code_version() -> str:
    """A short digest of the Python files of every installed app that lives in the project."""
    root = Path(settings.BASE_DIR).resolve()
    digest = hashlib.sha256()
    for config in sorted(apps.get_app_configs(), key=lambda config: config.label):
        folder = Path(config.path).resolve()
        if root not in folder.parents:
            continue  # a library's app: its version is the lock file's business
        for path in sorted(folder.rglob("*.py")):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
