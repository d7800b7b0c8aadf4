// The rendered HTML notice in headless Chromium, for tests/test_render_browser_summary.py.
//
//   node tests/js/browser.mjs [--chromium PATH] OUT_DIR PAGE.html...
//
// puppeteer-core (which downloads no browser) drives the system Chromium (--chromium, else $CHROMIUM, else
// /usr/bin/chromium). Each page is loaded from its file:// URL in a 1280x800 viewport, and one line of JSON printed:
//   {"file", "summary": {"found", "tag", "top", "height"}, "width", "screenshots": {"viewport", "summary", "dark"},
//    "axe": {"light": [...], "dark": [...]}, "incomplete": {"light": [...], "dark": [...]}, "blocked": [...],
//    "csp": [...], "errors": [...]}
// summary: the element with id "summary", its tag name, and its top (from the top of the document) and height in CSS
//   pixels;
// width: the document's scroll width, more than 1280 when something overflows sideways (a long unbreakable URL);
// screenshots: PNG files in OUT_DIR, NAME.viewport.png (the first viewport), NAME.summary.png (the summary element)
//   and NAME.dark.png (the first viewport under prefers-color-scheme: dark), NAME being the page's name less .html;
// axe: the violations of axe-core's WCAG 2.0 and 2.1 A and AA rules (id, impact, help, helpUrl, and each node's
//   target and failure summary), under prefers-color-scheme: light and then dark;
// incomplete: alike, what axe could not decide and leaves for a person to review (e.g. the contrast of text whose
//   background it cannot tell);
// blocked: every request for anything but a file:// URL, each aborted (the pages must need no network);
// csp: what the page's own Content Security Policy refused;
// errors: what went wrong in the page or in checking it.
// The exit status is 0 when every page was checked, whatever was found; 2 on a usage error or when the browser could
// not be started.
//
// axe-core goes in through page.evaluate (the DevTools protocol's Runtime.evaluate), which the pages' Content
// Security Policy (default-src 'none': no script at all) does not govern, so the CSP stays in force: it is not
// bypassed (no setBypassCSP), and an inline script in a page is still refused (and reported under csp).

import { readFileSync, mkdirSync } from "node:fs";
import { basename, resolve } from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const VIEWPORT = { width: 1280, height: 800 };
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
  "--font-render-hinting=none"];

function usage(message) {
  process.stderr.write(`${message}\nusage: node browser.mjs [--chromium PATH] OUT_DIR PAGE.html...\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
let chromium = process.env.CHROMIUM || "/usr/bin/chromium";
if (args[0] === "--chromium") {
  chromium = args[1];
  args.splice(0, 2);
}
const [outDir, ...pages] = args;
if (!outDir || pages.length === 0 || !chromium) usage("an output directory and at least one page are needed");
mkdirSync(outDir, { recursive: true });

async function axe(page) {
  // Injected before each run (the page's globals survive emulateMediaFeatures; injecting again is harmless).
  await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }), AXE_TAGS);
  const brief = (v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({ target: n.target, summary: n.failureSummary })),
  });
  return { violations: results.violations.map(brief), incomplete: results.incomplete.map(brief) };
}

async function check(browser, file) {
  const report = { file, summary: null, screenshots: {}, axe: {}, incomplete: {}, blocked: [], csp: [], errors: [] };
  const page = await browser.newPage();
  try {
    page.on("pageerror", (error) => report.errors.push(`page error: ${error.message}`));
    await page.setRequestInterception(true);
    page.on("request", (request) => {
      if (request.url().startsWith("file://")) request.continue();
      else {
        report.blocked.push(request.url());
        request.abort("blockedbyclient");
      }
    });
    // What the page's Content Security Policy refused (an inline script, an image...): the notice should ask for
    // nothing its CSP refuses. Collected by a script the DevTools protocol adds, which the CSP does not govern.
    await page.evaluateOnNewDocument(() => {
      window.__cspViolations = [];
      document.addEventListener("securitypolicyviolation",
        (e) => window.__cspViolations.push(`${e.effectiveDirective} refused ${e.blockedURI || "(inline)"}`));
    });
    await page.setViewport(VIEWPORT);
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "light" }]);
    const response = await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: "load", timeout: 60000 });
    if (response && !response.ok()) report.errors.push(`loading the page: status ${response.status()}`);
    await page.evaluate(() => document.fonts.ready);

    report.summary = await page.evaluate(() => {
      const element = document.getElementById("summary");
      if (!element) return { found: false, tag: null, top: null, height: null };
      const box = element.getBoundingClientRect();
      return { found: true, tag: element.tagName, top: box.top + window.scrollY, height: box.height };
    });
    report.width = await page.evaluate(() => document.documentElement.scrollWidth);
    const name = basename(file).replace(/\.html?$/i, "");
    report.screenshots.viewport = resolve(outDir, `${name}.viewport.png`);
    await page.screenshot({ path: report.screenshots.viewport, type: "png" });
    if (report.summary.found) {
      report.screenshots.summary = resolve(outDir, `${name}.summary.png`);
      const element = await page.$("#summary");
      await element.screenshot({ path: report.screenshots.summary, type: "png" });
    }

    report.csp = await page.evaluate(() => window.__cspViolations);
    ({ violations: report.axe.light, incomplete: report.incomplete.light } = await axe(page));
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "dark" }]);
    ({ violations: report.axe.dark, incomplete: report.incomplete.dark } = await axe(page));
    report.screenshots.dark = resolve(outDir, `${name}.dark.png`);
    await page.screenshot({ path: report.screenshots.dark, type: "png" });
  } catch (error) {
    report.errors.push(String(error && error.stack || error));
  } finally {
    await page.close();
  }
  return report;
}

let browser;
try {
  browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: FLAGS, pipe: true });
} catch (error) {
  process.stderr.write(`could not start ${chromium}: ${error && error.message || error}\n`);
  process.exit(2);
}
try {
  for (const file of pages) process.stdout.write(JSON.stringify(await check(browser, file)) + "\n");
} finally {
  await browser.close();
}
