"""Hostile strings in a policy stay inert in a real browser: headless Chromium (Debian's chromium package, which
.ci/run installs) loads the rendered HTML; no injected script runs, no injected element appears, and a screenshot is
saved."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from policylint.render import render

pytestmark = pytest.mark.slow  # the whole module: see pyproject's markers

MARKER = "policylint-pwned"
HOSTILE_POLICY = {
    "schema_version": "2.0",
    "document": {"title": f"<script>document.documentElement.setAttribute('data-x','{MARKER}')</script>",
                 "language": "en"},
    "organisation": {"name": f'"><img src=x onerror="document.documentElement.setAttribute(\'data-y\',\'{MARKER}\')">',
                     "legal_name": "[click](javascript:alert(1)) <b>bold</b> &amp; <iframe src=//example.com>"},
    "contacts": [{"id": "c", "kind": "general", "name": "<svg onload=alert(1)>",
                  "channels": [{"type": "website", "value": "javascript:alert(1)", "unusable": "invalid"},
                               {"type": "email", "value": "a@b.com?subject=<script>x()</script>",
                                "unusable": "invalid"}]}],
    "frameworks": [], "data_categories": [{"id": "d", "label": "</td></tr></table><script>x()</script>"}],
    "purposes": [], "recipients": [], "retention": [], "negative_statements": [],
}
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


INSTALL = "this test opens the rendered HTML in Chromium: install it (Debian, Ubuntu: apt-get install chromium)"


def chromium() -> str:
    """The browser, or a skip that says what to install; under .ci/run (POLICYLINT_REQUIRE_BROWSER=1) a missing
    browser is a failure, so CI cannot go green without having run this test."""
    found = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if found:
        return found
    if os.environ.get("POLICYLINT_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{INSTALL}; POLICYLINT_REQUIRE_BROWSER=1 makes a missing browser a failure")
    pytest.skip(INSTALL)


def run_chromium(tmp_path: Path, page: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "profile"
    return subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
                          capture_output=True, text=True, timeout=120)


def test_hostile_policy_renders_inert_in_chromium(tmp_path: Path) -> None:
    page = tmp_path / "notice.html"
    page.write_text(render(HOSTILE_POLICY, "html"), encoding="utf-8")
    dom = run_chromium(tmp_path, page, "--dump-dom").stdout
    assert "<main>" in dom, "Chromium did not load the page"
    # The hostile strings are there, as text...
    assert "&lt;script&gt;document.documentElement.setAttribute" in dom
    assert "&lt;img src=x onerror=" in dom
    # ...and nothing they tried to do happened: no attribute set by a script, no element injected.
    assert f'data-x="{MARKER}"' not in dom and f'data-y="{MARKER}"' not in dom
    for element in ("<img", "<iframe", "<svg", "<b>", "<script"):
        assert element not in dom, f"{element} was injected"
    assert 'href="javascript' not in dom

    screenshot = tmp_path / "notice.png"
    run_chromium(tmp_path, page, f"--screenshot={screenshot}", "--window-size=1024,1400")
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
