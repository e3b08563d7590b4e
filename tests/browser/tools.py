"""The browser harness's tools: Chromium, axe-core and the Nu Html Checker.

Each tool is found relative to the repository (node_modules/ from ``npm ci``) or at its Debian
package path. A missing tool skips the tests that need it on a developer's machine, and fails
them in CI (``CI=true``), where a skipped accessibility check would pass unnoticed.
"""

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Hashable
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.pages import PageNotBuilt, locate

REPO_ROOT = Path(settings.BASE_DIR)

#: Debian's chromium package. Playwright's own browser download does not work here.
CHROMIUM = os.environ.get("BROWSER_TESTS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
BUILT_ASSETS = [
    REPO_ROOT / "static" / "dist" / "portal.css",
    REPO_ROOT / "static" / "dist" / "portal.js",
]

#: The WCAG 2.2 AA rules (axe-core tags its rules by the success criteria's level and version).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

VIEWPORTS = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def require(available: bool, reason: str) -> None:
    """Skip (on a developer's machine) or fail (in CI) when a tool is missing."""
    if available:
        return
    if in_ci():
        pytest.fail(f"{reason} (CI=true, so this fails instead of skipping)", pytrace=False)
    pytest.skip(reason)


def require_chromium() -> None:
    require(
        Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK),
        f"Chromium not found at {CHROMIUM}: install Debian's chromium package "
        "(apt-get install chromium) to run the browser tests",
    )


def require_built_assets() -> None:
    missing = [str(path.relative_to(REPO_ROOT)) for path in BUILT_ASSETS if not path.is_file()]
    require(not missing, f"the front end is not built ({', '.join(missing)}): run npm run build")


def require_axe() -> None:
    require(AXE_JS.is_file(), "axe-core is not installed (node_modules/axe-core): run npm ci")


def java_works() -> bool:
    java = shutil.which("java")
    if java is None:
        return False
    try:
        subprocess.run([java, "-version"], capture_output=True, check=True, timeout=60)  # noqa: S603
    except (OSError, subprocess.SubprocessError):
        return False
    return True


def require_vnu() -> None:
    require(
        java_works(),
        "Java not found: install a Java runtime (apt-get install default-jre-headless) "
        "to run the Nu Html Checker",
    )
    require(
        VNU_JAR.is_file(), "the Nu Html Checker is not installed (node_modules/vnu-jar): run npm ci"
    )


def goto(page, url, status=200):
    """Open ``url`` and fail unless the server answers with ``status``."""
    response = page.goto(url, wait_until="load")
    assert response is not None, f"no response from {url}"
    if response.status != status:
        pytest.fail(
            f"{url} answered HTTP {response.status}, expected {status}"
            + (
                " (see the captured log for the server's traceback)"
                if response.status >= 500
                else ""
            ),
            pytrace=False,
        )
    return response


def locate_or_fail(page_type, data) -> str:
    """The URL path of ``page_type``, or fail the test saying the page is not built yet."""
    try:
        return locate(page_type, data)
    except PageNotBuilt as error:
        pytest.fail(f"{page_type.name}: {error}", pytrace=False)


# --- axe-core ---------------------------------------------------------------------------------


def run_axe(page) -> list[dict]:
    """Run axe-core's WCAG 2.2 A and AA rules on ``page``; return the violations."""
    page.add_script_tag(path=str(AXE_JS))
    results = page.evaluate(
        "options => axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    )
    return results["violations"]


def describe_axe_violations(violations: list[dict]) -> str:
    """One block per violation: its rule id, impact, help text and link, and every node."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'no impact given'}): "
            f"{violation['help']} <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            target = " ".join(
                " >> ".join(part) if isinstance(part, list) else part for part in node["target"]
            )
            lines.append(f"    at {target}")
            lines.append(f"       {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n       ")
            if summary:
                lines.append(f"       {summary}")
    return "\n".join(lines)


# --- The Nu Html Checker ----------------------------------------------------------------------

#: Warnings that point at a real problem, so fail the check like errors do.
SERIOUS_WARNINGS = (
    "Consider adding a “lang” attribute",
    "This document appears to be written in",
    "Empty heading",
    "Consider using the “h1” element as a top-level heading only",
)


def is_failure(message: dict) -> bool:
    """Errors (of the document or of the checker itself) fail; so do the serious warnings."""
    if message.get("type") in {"error", "non-document-error"}:
        return True
    return message.get("subType") == "warning" and message.get("message", "").startswith(
        SERIOUS_WARNINGS
    )


def validate_html(documents: dict[Hashable, str]) -> dict[Hashable, list[dict]]:
    """Check every document in one run of the Nu Html Checker (the JVM is slow to start).

    ``documents`` maps a key to its HTML; returns each key's messages (errors, warnings and
    information, as the checker's JSON gives them), in the order the checker gave them.
    """
    if not documents:
        return {}
    keys = list(documents)
    with tempfile.TemporaryDirectory(prefix="vnu-") as folder:
        paths = [Path(folder) / f"page-{number}.html" for number in range(len(keys))]
        for path, key in zip(paths, keys, strict=True):
            path.write_text(documents[key], encoding="utf-8")
        completed = subprocess.run(  # noqa: S603 (java and the project's own files)
            [shutil.which("java") or "java", "-jar", str(VNU_JAR), "--format", "json", "--stdout"]
            + [str(path) for path in paths],
            capture_output=True,
            text=True,
            timeout=600,
        )
    try:
        report = json.loads(completed.stdout)
    except json.JSONDecodeError:
        raise AssertionError(
            f"The Nu Html Checker gave no JSON (exit code {completed.returncode}):\n"
            f"{completed.stdout[-2000:]}\n{completed.stderr[-2000:]}"
        ) from None
    by_file_name = {path.name: key for path, key in zip(paths, keys, strict=True)}
    messages = {key: [] for key in keys}
    for message in report.get("messages", []):
        # The checker names each file by its URL, e.g. "file:/tmp/vnu-.../page-3.html".
        key = by_file_name.get(message.get("url", "").rsplit("/", 1)[-1])
        if key is None:
            raise AssertionError(f"The Nu Html Checker reported on no page it was given: {message}")
        messages[key].append(message)
    return messages


def describe_vnu_messages(messages: list[dict], html: str) -> str:
    lines = []
    source = html.splitlines()
    for message in messages:
        kind = message.get("subType") or message.get("type")
        line = message.get("lastLine")
        lines.append(f"- {kind} at line {line}: {message.get('message')}")
        if line and 0 < line <= len(source):
            lines.append(f"    {source[line - 1].strip()[:200]}")
    return "\n".join(lines)
