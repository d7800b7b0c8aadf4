"""Every bundled policy's HTML notice in headless Chromium (issue 14): its one-screen summary fits in a 1280x800
viewport, and axe-core finds no violation of the WCAG 2.0 and 2.1 A and AA rules, in light and in dark mode.

tests/js/browser.mjs does the browser's part, through puppeteer-core driving the system Chromium (Debian's chromium
package), for all nine pages in one run; the tests here read its report. The pages, a screenshot of each page's first
viewport, of its summary and of its first viewport in dark mode, and the report (report.json, which also lists what
axe left for a person to review and each page's scroll width) are kept for review in build/screenshots/
(POLICYLINT_SCREENSHOTS names another directory). The pages ask for nothing from the network: the
harness aborts and reports any request that is not for a file:// URL.

Without Chromium these tests skip (POLICYLINT_REQUIRE_BROWSER=1 makes that a failure), and so they do without node,
npm or tests/js's packages (POLICYLINT_REQUIRE_NODE=1 makes that a failure); .ci/run installs all three and sets
both."""

from __future__ import annotations

import json
import os
import struct
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import POLICIES, REPO
from test_render_browser import chromium
from test_schema_ajv import JS, node_with_packages

from policylint.loader import load
from policylint.render import render

pytestmark = pytest.mark.slow  # the whole module: see pyproject's markers

SCRIPT = JS / "browser.mjs"
SCREENSHOTS = Path(os.environ.get("POLICYLINT_SCREENSHOTS") or REPO / "build" / "screenshots")
VIEWPORT = (1280, 800)
SCHEMES = ("light", "dark")
INSTALL = ("these tests open the rendered HTML in Chromium through puppeteer-core under Node.js: install node and "
           "npm (Debian, Ubuntu: apt-get install nodejs npm), then `npm ci --prefix tests/js`")
PNG = b"\x89PNG\r\n\x1a\n"

# A page the harness must find fault with, so that the tests above it can fail: a 900 px summary, a paragraph whose
# contrast fails only in light mode, a link whose contrast fails only in dark mode, an image without alt text that
# would come from the network, and an inline script that the page's own CSP refuses.
CANARY = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src http:">
<title>Canary</title>
<style>
#summary { height: 900px; margin: 0; }
.faint { color: #bbb; }
@media (prefers-color-scheme: dark) { body { background: #000; color: #fff; } a { color: #00008b; } }
</style>
</head>
<body>
<main>
<h1>Canary</h1>
<section id="summary" aria-labelledby="summary-heading"><h2 id="summary-heading">Summary</h2></section>
<p class="faint">Faint in light mode only.</p>
<p><a href="#summary">Dark link in dark mode only</a></p>
<img src="http://example.invalid/pixel.png">
<script>document.documentElement.setAttribute("data-ran", "1")</script>
</main>
</body>
</html>
"""


def browse(out: Path, *pages: Path) -> list[dict[str, Any]]:
    """tests/js/browser.mjs's report on each page, screenshots in out."""
    node = node_with_packages(INSTALL)
    browser = chromium()
    args = [node, str(SCRIPT), "--chromium", browser, str(out), *map(str, pages)]
    result = subprocess.run(args, capture_output=True, text=True, timeout=600, cwd=REPO)
    assert result.returncode == 0, f"{SCRIPT.name} failed (exit {result.returncode}):\n{result.stdout}{result.stderr}"
    reports = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [r["file"] for r in reports] == list(map(str, pages)), result.stdout + result.stderr
    return reports


@pytest.fixture(scope="module")
def reports() -> dict[str, dict[str, Any]]:
    """One run of the harness over every bundled policy's HTML, rendered now; by the policy's file name less .yaml."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pages = []
    for policy in POLICIES:
        page = SCREENSHOTS / f"{policy.stem}.html"
        page.write_text(render(load(policy).data, "html"), encoding="utf-8")
        pages.append(page)
    found = browse(SCREENSHOTS, *pages)
    (SCREENSHOTS / "report.json").write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")
    return {Path(r["file"]).stem: r for r in found}


@pytest.fixture(scope="module")
def canary(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("canary")
    page = out / "canary.html"
    page.write_text(CANARY, encoding="utf-8")
    [report] = browse(out, page)
    return report


def png_size(path: Path) -> tuple[int, int]:
    """A PNG file's width and height, from its IHDR chunk; fails on anything but a PNG."""
    head = Path(path).read_bytes()[:24]
    assert head[:8] == PNG and head[12:16] == b"IHDR", f"{path} is not a PNG file"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def described(violations: list[dict[str, Any]]) -> str:
    """axe's violations, one per line: rule, impact, what it asks, and where (at most five targets)."""
    lines = []
    for v in violations:
        targets = [" ".join(map(str, n["target"])) for n in v["nodes"]]
        more = f" and {len(targets) - 5} more" if len(targets) > 5 else ""
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} -- at {'; '.join(targets[:5])}{more} -- {v['helpUrl']}")
    return "\n".join(lines)


by_stem = pytest.mark.parametrize("policy", [p.stem for p in POLICIES])


@by_stem
def test_page_was_checked_without_network_or_refusals(reports: dict[str, dict[str, Any]], policy: str) -> None:
    """The harness loaded and checked the page; it asked for nothing but file:// URLs and for nothing its own CSP
    refuses."""
    report = reports[policy]
    assert report["errors"] == [], "\n".join(report["errors"])
    assert report["blocked"] == [], f"requests outside file://, aborted: {report['blocked']}"
    assert report["csp"] == [], f"refused by the page's Content Security Policy: {report['csp']}"


@by_stem
def test_summary_fits_in_the_viewport(reports: dict[str, dict[str, Any]], policy: str) -> None:
    """The one-screen summary is one element, a <section id="summary">, no taller than the 1280x800 viewport."""
    summary = reports[policy]["summary"]
    assert summary is not None and summary["found"], "the page has no element with id 'summary'"
    tag = summary["tag"].lower()
    assert tag == "section", f"the element with id 'summary' is a <{tag}>, not a <section>"
    assert summary["height"] <= VIEWPORT[1], (
        f"the summary is {summary['height']:.0f} px tall (from {summary['top']:.0f} px down), more than the "
        f"{VIEWPORT[0]}x{VIEWPORT[1]} viewport's {VIEWPORT[1]} px: see {SCREENSHOTS / (policy + '.summary.png')}")


@by_stem
def test_nothing_scrolls_sideways(reports: dict[str, dict[str, Any]], policy: str) -> None:
    """A long link (a processor's DPA address) wraps instead of widening the page."""
    assert reports[policy]["width"] <= VIEWPORT[0], f"the page is {reports[policy]['width']} px wide"


@by_stem
def test_screenshots_are_saved(reports: dict[str, dict[str, Any]], policy: str) -> None:
    shots = reports[policy]["screenshots"]
    assert png_size(shots["viewport"]) == VIEWPORT
    assert png_size(shots["dark"]) == VIEWPORT
    assert "summary" in shots, "no screenshot of the summary: the page has no element with id 'summary'"
    width, height = png_size(shots["summary"])
    assert width > 0 and height > 0


@pytest.mark.parametrize("scheme", SCHEMES)
@by_stem
def test_no_axe_violations(reports: dict[str, dict[str, Any]], policy: str, scheme: str) -> None:
    """axe-core's WCAG 2.0 and 2.1 A and AA rules (tags wcag2a, wcag2aa, wcag21a, wcag21aa), with
    prefers-color-scheme: light and dark (colour contrast differs between them)."""
    violations = reports[policy]["axe"][scheme]
    assert violations == [], f"axe-core, {scheme} mode, {policy}.html:\n{described(violations)}"


def test_the_harness_reports_what_it_should(canary: dict[str, Any]) -> None:
    """On a page built to fail, the harness reports each fault, so the tests above can fail."""
    assert canary["errors"] == []
    assert canary["summary"]["tag"] == "SECTION" and canary["summary"]["height"] == 900
    assert png_size(canary["screenshots"]["summary"])[1] == 900
    found = {scheme: {(v["id"], " ".join(v["nodes"][0]["target"])) for v in canary["axe"][scheme]}
             for scheme in SCHEMES}
    assert found == {"light": {("color-contrast", ".faint"), ("image-alt", "img")},
                     "dark": {("color-contrast", "a"), ("image-alt", "img")}}, described(canary["axe"]["dark"])
    assert canary["blocked"] == ["http://example.invalid/pixel.png"]
    assert [c for c in canary["csp"] if c.startswith("script-src")] == ["script-src-elem refused inline"]
