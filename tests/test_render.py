"""Rendering: every value reaches every format, the output is deterministic and well-formed, and hostile strings
stay inert."""

from __future__ import annotations

import html
import itertools
import re
import string
from pathlib import Path
from typing import Any

import pytest
from conftest import POLICIES, REPO, schema_nodes
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from strategies import MAXIMAL_GROUPS, maximal_policies_with, policies

from policylint.loader import load
from policylint.render import render
from policylint.render.blocks import Bullets, Heading, Notice, Paragraph, Strong, Table
from policylint.render.notice import AUDIENCES, BOOLEANS, NEGATIVE, NOT_IN_NOTICE, date_text, label, tidy_text
from policylint.render.wording import duration_words, place_words
from policylint.render.writers import to_markdown
from policylint.schema import load_schema, resolve, walk

SCHEMA = load_schema()
FORMATS = ("markdown", "html", "text")
RENDERED = REPO / "policies" / "rendered"
SUFFIX = {"markdown": "md", "html": "html", "text": "txt"}


def rendering_path(policy: Path, fmt: str, audience: str) -> Path:
    """Where a bundled policy's rendering is committed: policies/rendered/ (the notice) or its review/ folder."""
    folder = RENDERED if audience == "notice" else RENDERED / audience
    return folder / f"{policy.stem}.{SUFFIX[fmt]}"


def flat(text: str) -> str:
    return " ".join(text.split())


def visible_text(output: str, fmt: str) -> str:
    """What a reader sees: Markdown parsed as CommonMark (with tables), HTML without tags, text as is."""
    if fmt == "markdown":
        output = MarkdownIt("commonmark").enable("table").render(output)
        fmt = "html"
    if fmt == "html":
        output = re.sub(r"<style>.*?</style>", " ", output, flags=re.S)
        output = html.unescape(re.sub(r"<[^>]+>", " ", output))
    return flat(output)


DEFS = SCHEMA["$defs"]


def is_internal(node: dict[str, Any]) -> bool:
    return str(node.get("$comment", "")).startswith("internal")


def is_reference(node: dict[str, Any]) -> bool:
    return (node.get("title") in ("Identifier", "Identifiers", "Data reference", "Data references")
            or node.get("pattern") == "^[a-z0-9][a-z0-9-]*$")


def expected_leaves(data: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """(field name, the text it must show, whether case matters) for every value a reader should see; labels of
    enum values may be capitalised, free text must appear as written."""
    leaves = []
    skip: set[tuple[Any, ...]] = set()
    for path, value, node in walk(data, SCHEMA):
        if any(path[: len(s)] == s for s in skip):
            continue
        if is_internal(node) or (path and is_reference(node)):
            skip.add(path)
            continue
        name = next((p for p in reversed(path) if isinstance(p, str)), "")
        if isinstance(value, bool):
            parent = next((p for p in reversed(path[:-1]) if isinstance(p, str)), "")
            key = f"{parent}.{name}" if f"{parent}.{name}" in BOOLEANS else name
            leaves.append((name, BOOLEANS[key][0 if value else 1], False))
        elif isinstance(value, int):
            leaves.append((name, str(value), True))
        elif isinstance(value, str):
            if name == "claim" and value in NEGATIVE:
                leaves.append((name, NEGATIVE[value], True))
            elif "enum" in node:
                leaves.append((name, label(value), False))
            elif name == "date":
                leaves.append((name, date_text(value), True))
            elif node.get("pattern") == DEFS["duration"]["pattern"]:  # "P6Y" reads "6 years"
                leaves.append((name, duration_words(value), True))
            elif node.get("pattern") in (DEFS["country"]["pattern"], DEFS["region"]["pattern"]):  # "US" reads
                leaves.append((name, place_words(value), True))  # "the United States"
            else:
                leaves.append((name, value, True))
    return leaves


def assert_every_value_rendered(data: dict[str, Any], audience: str = "review") -> set[str]:
    fields = set()
    for fmt in FORMATS:
        seen = visible_text(render(data, fmt, audience), fmt)
        for name, text, exact in expected_leaves(data):
            if audience == "notice" and (name in NOT_IN_NOTICE or text == label("not_stated")):
                continue  # what the notice leaves out: the review shows it
            # As shown: punctuation the notice does not double ("København V,, Denmark"), and a closing mark that
            # may give way to the notice's own (a description's "." before "; "), as may an opening one.
            text = tidy_text(flat(text)).rstrip(".,;: ").lstrip(".,;")
            if not any(ch.isalnum() for ch in text):
                continue  # a value of punctuation alone is not kept as written where it meets the notice's own
            found = text in seen if exact else text.lower() in seen.lower()
            assert found, f"{fmt}, {audience}: {name} = {text!r} is not rendered"
            fields.add(name)
    return fields


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.stem)
def test_every_value_of_a_bundled_policy_is_rendered_in_every_format(policy: Path, audience: str) -> None:
    assert len(assert_every_value_rendered(load(policy).data, audience)) > 30


# Generation only: shrinking a maximal policy takes over five minutes, and the message names the field that failed.
@settings(max_examples=40, deadline=None, derandomize=True, database=None, phases=[Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(policies(maximal=True))
def test_every_value_of_a_generated_policy_is_rendered_in_every_format(policy: dict[str, Any]) -> None:
    for audience in AUDIENCES:
        assert_every_value_rendered(policy, audience)
        for fmt in FORMATS:
            assert machine_values(visible_text(render(policy, fmt, audience), fmt), policy) == [], (fmt, audience)


# What a reader must never see: ISO 8601 durations, the schema's enum values as written, doubled punctuation.
ISO_DURATION = re.compile(r"(?<![\w/])P(?:\d+[YMWD])+(?:T(?:\d+[HMS])+)?(?![\w/])|(?<![\w/])PT(?:\d+[HMS])+(?![\w/])")
DOUBLED = re.compile(r"(?<!\.)\.\.(?!\.)|,,|\.;|;;")
ENUM_VALUES = sorted({v for _path, node in schema_nodes(SCHEMA) for v in node.get("enum", [])
                      if isinstance(v, str) and "_" in v})


def machine_values(seen: str, policy: dict[str, Any]) -> list[str]:
    """The machine values, ids and doubled marks in a rendering that the policy's own words do not contain."""
    strings = [(value, node) for _path, value, node in walk(policy, SCHEMA) if isinstance(value, str)]
    own = " ".join(value for value, node in strings if not ISO_DURATION.fullmatch(value) and value not in ENUM_VALUES
                   and not is_reference(node))
    # An id that is one plain word ("financial") or a number ("49", an age) cannot be told from the word or number
    # the notice may print; one of letters with a hyphen, digit or slash ("rights-address") can.
    ids = {value for value, node in strings if is_reference(node) and re.search(r"[-\d/]", value)
           and re.search(r"[a-z]", value)}
    found_ids = [f"id {i!r}" for i in ids if re.search(rf"(?<![\w@/.-]){re.escape(i)}(?![\w@/.-])", seen)
                 and i not in own]
    found = [f"{m[0]!r} in {seen[max(0, m.start() - 60):m.end() + 20]!r}"
             for pattern in (ISO_DURATION, DOUBLED) for m in pattern.finditer(seen) if m[0] not in own]
    found += [v for v in ENUM_VALUES if re.search(rf"(?<![\w@/.-]){v}(?![\w@/.-])", seen) and v not in own]
    return found + found_ids


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.stem)
def test_no_machine_value_or_doubled_mark_reaches_a_reader(policy: Path, audience: str) -> None:
    data = load(policy).data
    for fmt in FORMATS:
        seen = visible_text(render(data, fmt, audience), fmt)
        assert ISO_DURATION.findall(seen) == [], fmt
        assert DOUBLED.findall(seen) == [], fmt
        assert [v for v in ENUM_VALUES if re.search(rf"(?<![\w@/.-]){v}(?![\w@/.-])", seen)] == [], fmt
        assert [m for m in machine_values(seen, data) if m.startswith("id ")] == [], fmt


def schema_fields() -> set[str]:
    fields: set[str] = set()
    for _path, node in schema_nodes(SCHEMA):
        if "properties" not in node:
            continue
        if is_internal(node):
            continue
        for name, prop in node.get("properties", {}).items():
            if not isinstance(prop, dict):  # `true` beside a `required` in a then-clause, for ajv's strictRequired
                continue
            resolved = resolve(prop, SCHEMA)
            items = resolve(resolved["items"], SCHEMA) if isinstance(resolved.get("items"), dict) else {}
            leaf = resolved.get("type") in ("string", "integer", "boolean") or items.get("type") == "string"
            if leaf and not is_internal(resolved) and not is_reference(resolved) and not is_reference(items):
                fields.add(name)
    return fields




def test_no_schema_field_renders_nowhere() -> None:
    # Self-contained (it does not read what another test filled): a maximal policy holds one group of sections at a
    # time (all at once overruns hypothesis's budget), so each group is drawn on its own and the fields rendered are
    # pooled. Generation only: a failure names the field, and shrinking maximal policies takes minutes.
    fields: dict[str, set[str]] = {audience: set() for audience in AUDIENCES}
    for group in MAXIMAL_GROUPS:
        @settings(max_examples=8, deadline=None, derandomize=True, database=None, phases=[Phase.generate],
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
        @given(maximal_policies_with(group))
        def rendered(policy: dict[str, Any]) -> None:
            for audience in AUDIENCES:
                fields[audience].update(assert_every_value_rendered(policy, audience))

        rendered()
    assert schema_fields() - fields["review"] == set()
    assert schema_fields() - NOT_IN_NOTICE - fields["notice"] == set()
    assert schema_fields() >= NOT_IN_NOTICE, "NOT_IN_NOTICE names a field the schema does not have"


@pytest.mark.parametrize("fmt", FORMATS)
def test_rendering_is_deterministic(fmt: str) -> None:
    data = load(POLICIES[0]).data
    assert render(data, fmt) == render(load(POLICIES[0]).data, fmt)


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.stem)
@pytest.mark.parametrize("fmt", FORMATS)
def test_committed_renderings_are_current(policy: Path, fmt: str, audience: str) -> None:
    committed = rendering_path(policy, fmt, audience).read_text(encoding="utf-8")
    assert committed == render(load(policy).data, fmt, audience), \
        f"run: policylint render --audience {audience} {policy} -o {rendering_path(policy, fmt, audience)}"


EXPECTED_SECTIONS = ["Summary", "Contents", "Who we are and how to reach us", "What we collect and where it comes from",
                     "Why we use it and on what legal basis", "Who we share it with", "International transfers",
                     "How long we keep it", "Your rights and how to exercise them"]


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.stem)
def test_markdown_parses_as_commonmark_into_the_expected_headings(policy: Path, audience: str) -> None:
    data = load(policy).data
    tokens = MarkdownIt("commonmark").parse(render(data, "markdown", audience))
    headings = [(int(t.tag[1]), "".join(c.content for c in tokens[i + 1].children or [] if c.type == "text"))
                for i, t in enumerate(tokens) if t.type == "heading_open"]
    # The organisation's name is in the title, once.
    assert headings[0][0] == 1 and data["document"]["title"] in headings[0][1]
    assert headings[0][1].casefold().count(data["organisation"]["name"].casefold()) >= 1
    assert [level for level, _ in headings].count(1) == 1
    h2 = [text for level, text in headings if level == 2]
    if audience == "review":  # every section, each gap said
        assert h2[: len(EXPECTED_SECTIONS)] == EXPECTED_SECTIONS
    else:  # the sections the policy says something for, in the same order
        assert h2[:2] == EXPECTED_SECTIONS[:2]
        assert [s for s in EXPECTED_SECTIONS if s in h2] == [s for s in h2 if s in EXPECTED_SECTIONS]
    levels = [level for level, _ in headings]
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), "a heading level is skipped"


def test_html_is_standalone_semantic_and_scriptless() -> None:
    data = load(POLICIES[2]).data
    page = render(data, "html")
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert page.count("<h1>") == 1 and "<main>" in page and '<th scope="col">' in page and "@media print" in page
    assert "<script" not in page and "src=" not in page
    assert "default-src 'none'" in page


HOSTILE = {
    "title": "<script>document.title='pwned'</script>",
    "text": '"><img src=x onerror="document.title=\'pwned\'">',
    "url": "javascript:alert(1)",
}


def hostile_policy() -> dict[str, Any]:
    return {
        "schema_version": "2.0",
        "document": {"title": HOSTILE["title"], "language": "en"},
        "organisation": {"name": HOSTILE["text"], "legal_name": "[x](javascript:alert(1)) *bold* <b>b</b>"},
        "contacts": [{"id": "c", "kind": "general", "name": HOSTILE["text"],
                      "channels": [{"type": "website", "value": HOSTILE["url"], "unusable": "invalid"},
                                   {"type": "website", "value": "example.com/\"onmouseover=alert(1)"}]}],
        "frameworks": [], "data_categories": [{"id": "d", "label": "</td></tr></table><script>x()</script>"}],
        "purposes": [], "recipients": [], "retention": [], "negative_statements": [],
    }


def test_hostile_strings_render_inert_in_html() -> None:
    page = render(hostile_policy(), "html")
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    assert 'href="javascript' not in page and "onmouseover=alert" not in page.replace("&quot;onmouseover", "")
    assert "&lt;script&gt;document.title=&#x27;pwned&#x27;&lt;/script&gt;" in page


def test_hostile_strings_render_inert_in_markdown() -> None:
    markdown = render(hostile_policy(), "markdown")
    as_html = MarkdownIt("commonmark").enable("table").render(markdown)
    assert "<script" not in as_html and "<img" not in as_html and "<b>" not in as_html
    assert 'href="javascript' not in as_html
    assert HOSTILE["title"] in visible_text(markdown, "markdown")


def test_render_writes_atomically_and_check_detects_drift(run_cli, tmp_path: Path) -> None:
    policy = POLICIES[0]
    out = tmp_path / "notice.html"
    assert run_cli("render", str(policy), "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8") == render(load(policy).data, "html")  # format from the suffix
    assert run_cli("render", "--check", str(policy), str(out)).exit_code == 0
    out.write_text(out.read_text(encoding="utf-8") + "<!-- edited -->\n", encoding="utf-8")
    drift = run_cli("render", "--check", str(policy), str(out))
    assert drift.exit_code == 1 and "is out of date" in drift.stderr
    assert run_cli("render", "--check", str(policy), str(tmp_path / "missing.md")).exit_code == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_failed_write_leaves_the_existing_file_untouched(run_cli, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "notice.md"
    target.write_text("the committed rendering\n", encoding="utf-8")

    def disk_full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", disk_full)  # the last step of the write fails
    result = run_cli("render", str(POLICIES[0]), "-o", str(target))
    assert result.exit_code == 2 and "cannot write" in result.stderr and "No space left" in result.stderr
    assert target.read_text(encoding="utf-8") == "the committed rendering\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notice.md"]  # no temporary file left behind


def test_render_refuses_input_it_cannot_render(run_cli, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("a: [1\n")
    result = run_cli("render", str(broken))
    assert result.exit_code == 2 and result.stderr.startswith(f"{broken}:2:1: PL001")
    invalid = tmp_path / "invalid.yaml"
    invalid.write_text("schema_version: '1.0'\n")
    result = run_cli("render", str(invalid))
    assert result.exit_code == 2 and "does not match the schema" in result.stderr
    assert run_cli("render", "--check", str(POLICIES[0])).exit_code == 2


_TRICKY = st.lists(st.sampled_from([*string.printable.strip(), " ", "é", "中", "\u00a0", "1. ", "- ", "# ", "**"]),
                   min_size=1, max_size=30).map("".join).filter(str.strip)


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(_TRICKY)
def test_markdown_escaping_round_trips_any_text(text: str) -> None:
    notice = Notice("t", "en", [Heading(2, text), Paragraph([text]), Bullets([[Strong(text + " "), text]]),
                                Table(["h"], [[[text]]])])
    tokens = MarkdownIt("commonmark").enable("table").parse(to_markdown(notice))
    inline = [t for t in tokens if t.type == "inline"]
    expected = " ".join(text.split())
    seen = [" ".join("".join(c.content if c.type == "text" else " " if c.type == "softbreak" else ""
                             for c in t.children or []).split()) for t in inline]
    assert seen[0] == expected  # heading
    assert seen[1] == expected  # paragraph
    assert seen[2] == f"{expected} {expected}"  # list item with strong text
    assert seen[-1] == expected  # table cell


def test_a_combined_retention_part_without_its_value_renders_without_none() -> None:
    data = load(POLICIES[0]).data
    data["retention"] = [{"kind": "combined", "combine": "longest_of",
                          "parts": [{"kind": "after_inactivity"}, {"kind": "criteria", "criteria": "as needed"}]}]
    text = render(data, "text")
    assert "whichever is longer of: after inactivity or by criteria (as needed)" in " ".join(text.split())
    assert "None" not in text


def test_the_wording_table_covers_every_enum_value_of_the_schema() -> None:
    from policylint.render.wording import WORDS

    values = {v for _path, node in schema_nodes(SCHEMA) for v in node.get("enum", []) if isinstance(v, str)}
    assert values - set(WORDS) == set()
    assert all("_" not in text for text in WORDS.values())


def test_durations_places_and_dates_read_as_people_say_them() -> None:
    from policylint.render.wording import date_words, place_words, places_words

    assert [duration_words(d) for d in ("P6Y", "P1M", "P30D", "P1Y6M", "PT24H", "P2Y3M10D")] == [
        "6 years", "1 month", "30 days", "1 year and 6 months", "24 hours", "2 years, 3 months and 10 days"]
    assert [place_words(c) for c in ("US", "GB", "NL", "DE", "WORLDWIDE", "EEA", "US-CA", "KR")] == [
        "the United States", "the United Kingdom", "the Netherlands", "Germany", "any country",
        "the European Economic Area", "California (the United States)", "South Korea"]
    assert places_words(["US", "UA"]) == "the United States and Ukraine"
    assert [date_words(d) for d in ("2024", "2024-02", "2025-02-14")] == ["2024", "February 2024",
                                                                          "14 February 2025"]
