"""Regression tests for security review findings 2 (suppression parsing), 5 (Markdown escaping), 6 (render lookups)
and 13 (bidi controls in rendered notices); see the review's reproductions.

No test measures time (the project's rule): quadratic work is caught by counting it, or by the size of the input
alone; scripts/hostile_run.py times the same inputs.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import markdown as python_markdown
import pytest
import yaml
from conftest import CLEAN_POLICY, REPO, TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from policylint.findings import InputError
from policylint.loader import LoadedDocument, parse
from policylint.render import render
from policylint.render.blocks import Bullets, Heading, Link, Notice, Paragraph, Strong, Table
from policylint.render.writers import to_markdown
from policylint.rules import EXAMPLE_BASE
from policylint.suppress import Suppression, parse_suppressions
from policylint.validate import is_valid

FORMATS = ("markdown", "html", "text")
SPECTRUM = (REPO / "policies" / "spectrum.yaml").read_text(encoding="utf-8")


def policy(**changes: Any) -> dict[str, Any]:
    """EXAMPLE_BASE (the minimal valid policy) with top-level keys replaced."""
    data = yaml.safe_load(EXAMPLE_BASE)
    data.update(changes)
    return data


class CountingList(list[Any]):
    """A list that counts how often it is walked (a for loop, a comprehension, sorted() or list())."""

    walks = 0

    def __iter__(self) -> Iterator[Any]:
        self.walks += 1
        return super().__iter__()


def fields(suppressions: list[Suppression]) -> list[tuple[Any, ...]]:
    return [(s.line, s.col, s.codes, s.reason, s.target) for s in suppressions]


# Finding 2: suppression comments -----------------------------------------------------------------------------------

def test_an_open_bracket_repeated_on_one_line_is_no_suppression() -> None:
    """Security review finding 2a: `#policylint:ignore[` 5,000 times with no `]` (the review's 163 KB input) is no
    suppression, and a suppression on the next line is still read."""
    hostile = SPECTRUM + "#" + " #policylint:ignore[" * 5000 + "\n# policylint: ignore[pl101] reason: kept\n"
    last = hostile.count("\n")
    assert fields(parse_suppressions(parse(hostile))) == [(last, 1, ("PL101",), "kept", None)]


def test_an_open_bracket_changes_nothing_in_a_check(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Security review finding 2a, end to end: 20,000 unclosed `ignore[` (a 400 KB line) leave a clean policy clean,
    on a line of its own and after a value."""
    monkeypatch.chdir(tmp_path)
    unclosed = " #policylint:ignore[" * 20_000
    Path("own-line.yaml").write_text(CLEAN_POLICY.replace("organisation:\n", f"#{unclosed}\norganisation:\n"))
    Path("trailing.yaml").write_text(CLEAN_POLICY.replace("recipients: []", f"recipients: []{unclosed}"))
    for name in ("own-line.yaml", "trailing.yaml"):
        result = run_cli("check", "--isolated", "--today", TODAY, "--fail-on", "info", name)
        assert (result.exit_code, result.stdout) == (0, ""), name


def test_the_first_closing_bracket_ends_the_codes() -> None:
    """Security review finding 2a: after the fix the codes still run from the first `ignore[` to the first `]`."""
    doc = parse(EXAMPLE_BASE.replace("recipients: []", "recipients: []  # policylint: ignore[ pl101 ,PL212,] "
                                     "reason: r ] # policylint: ignore[PL999] reason: q"))
    assert fields(parse_suppressions(doc)) == [(10, 17, ("PL101", "PL212"), "r ] # policylint: ignore[PL999] "
                                                "reason: q", ("recipients",))]


def test_a_reason_with_a_long_run_of_spaces() -> None:
    """Security review finding 2b: a reason holding 50,000 spaces (the review's 113 KB input) keeps its inner spaces
    and loses its trailing ones, as before."""
    inner = parse_suppressions(parse(SPECTRUM + "# policylint: ignore[PL101] reason: x" + " " * 50_000 + "y\n"))
    assert inner[-1].reason == "x" + " " * 50_000 + "y"
    trailing = parse_suppressions(parse(SPECTRUM + "# policylint: ignore[PL101] reason: x" + " " * 50_000 + "\n"))
    assert trailing[-1].reason == "x"
    blank = parse_suppressions(parse(SPECTRUM + "# policylint: ignore[PL101] reason:" + " " * 50_000 + "\n"))
    assert blank[-1].reason is None and blank[-1].codes == ("PL101",)


def test_trailing_whitespace_of_any_kind_is_not_part_of_the_reason() -> None:
    """Security review finding 2b: rstrip() removes what `\\s*$` removed, Unicode spaces included."""
    doc = parse(EXAMPLE_BASE.replace("recipients: []", "recipients: []  # policylint: ignore[PL101] reason: "
                                     "a\u00a0 b \u3000\t\u2003 "))
    assert parse_suppressions(doc)[0].reason == "a\u00a0 b"


def hostile_2c(lines: int) -> str:
    return "x:\n" + '  - "policylint:"  # policylint: ignore[PL101] reason: r\n' * lines


def test_twenty_thousand_comments_after_strings_that_mention_policylint() -> None:
    """Security review finding 2c: 20,000 lines of a string holding `policylint:` followed by a suppression (the
    review's 1.1 MB input) give 20,000 suppressions, each of its own list item."""
    found = parse_suppressions(parse(hostile_2c(20_000)))
    assert fields(found) == [(n, 20, ("PL101",), "r", ("x", n - 2)) for n in range(2, 20_002)]


@pytest.mark.parametrize("lines", [1000, 2000])
def test_the_text_spans_are_walked_once_however_many_comments(lines: int) -> None:
    """Security review finding 2c: each comment line walked every span (1,000 lines: 1,000 walks of 1,000 spans);
    now the spans are walked once per document, so doubling the lines doubles the work."""
    doc = parse(hostile_2c(lines))
    spans = CountingList(doc.text_spans)
    assert len(spans) == lines
    doc.text_spans = spans
    assert len(parse_suppressions(doc)) == lines
    assert spans.walks == 1


def test_a_document_without_suppressions_never_asks_for_its_spans() -> None:
    """Security review finding 2c: the spans are looked at only once a comment needs them (a fast-path document
    loads them by running the main loader)."""

    class NoSpans(LoadedDocument):
        @property  # type: ignore[override]
        def text_spans(self) -> list[Any]:
            raise AssertionError("text_spans was read")

        @text_spans.setter
        def text_spans(self, value: Any) -> None:
            pass

    loaded = parse(EXAMPLE_BASE.replace("Example Ltd", '"Example policylint: Ltd"  # policylint: ignore[PL101'))
    doc = NoSpans(loaded.path, loaded.text, loaded.data, loaded.positions, loaded.key_positions)
    assert parse_suppressions(doc) == []


def reference_parse(doc: LoadedDocument) -> list[tuple[Any, ...]]:
    """parse_suppressions as it was before the review (quadratic, so only for small inputs): the oracle."""
    from policylint.suppress import _next_content_lines, _node_starts

    comment = re.compile(r"(?:^|\s)#\s*policylint:\s*ignore\[(?P<codes>[^\]]*)\](?P<rest>.*)$")
    reason_re = re.compile(r"^\s*reason:\s*(?P<reason>\S.*?)\s*$")
    lines = doc.text.splitlines()
    starts, next_content = _node_starts(doc), _next_content_lines(lines)
    result = []
    for number, text in enumerate(lines, 1):
        match = comment.search(text)
        if not match:
            continue
        hash_at = (number, text.index("#", match.start()) + 1)
        if any(start <= hash_at < end for start, end in doc.text_spans):
            continue
        codes = tuple(c.strip().upper() for c in match["codes"].split(",") if c.strip())
        reason = reason_re.match(match["rest"])
        own_line = text[: match.start()].strip() == ""
        target_line = next_content[number] if own_line else number
        col = match.start() + (1 if text[match.start()] == "#" else 2)
        result.append((number, col, codes, reason["reason"] if reason else None,
                       starts.get(target_line) if target_line else None))
    return result


_WS = st.sampled_from(["", " ", "  ", "\t", "\u00a0", "\u3000"])
_COMMENTS = st.builds(
    lambda *parts: "".join(parts), _WS, st.just("#"), _WS, st.just("policylint:"), _WS,
    st.sampled_from(["ignore[", "ignore[", "ignore"]), st.sampled_from(["PL101", "pl101, PL212", "", " , ", "a[b"]),
    st.sampled_from(["]", "]", "", "]]"]), _WS, st.sampled_from(["reason:", "reason:", "Reason:", ""]), _WS,
    st.sampled_from(["x", "because  of  y", "", "a ] b", "#c", "\u00a0"]), _WS,
    st.sampled_from(["", " # policylint: ignore[PL212] reason: z", " #policylint:ignore["]))


def _placed(comment: str, where: int) -> str:
    quoted = comment.replace("'", "''")
    return [
        EXAMPLE_BASE.replace("organisation:\n", f"organisation:\n  {comment}\n"),
        EXAMPLE_BASE.replace("  name: Example Ltd\n", f"  name: Example Ltd {comment}\n"),
        EXAMPLE_BASE.replace("  name: Example Ltd\n", f"  name: Example{comment}\n"),  # `x#` is text, not a comment
        EXAMPLE_BASE.replace("  name: Example Ltd\n", f"  name: 'Example {quoted}' {comment}\n"),
        EXAMPLE_BASE.replace("  name: Example Ltd\n", f"  name: |\n    {comment}\n  legal_name: x {comment}\n"),
        EXAMPLE_BASE.replace("  name: Example Ltd\n", f"  'k {quoted}': 1 {comment}\n  name: |\n    x\n    {comment}\n"
                             f"  legal_name: \"policylint: {comment.replace(chr(92), '').replace(chr(34), '')}\"\n"
                             f"  # {comment}\n"),
    ][where]


@settings(max_examples=600, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(_COMMENTS, _COMMENTS, st.integers(0, 5))
def test_suppressions_read_as_before_the_review(first: str, second: str, where: int) -> None:
    """Security review finding 2 (a, b and c): the linear parser finds the same suppressions, at the same columns,
    with the same codes, reasons and targets, as the quadratic one it replaced."""
    text = _placed(first, where).replace("contacts: []", f"contacts: []  {second}")
    try:
        doc = parse(text)
    except InputError:  # not YAML (a stray quote, a tab): nothing to compare
        return
    assert fields(parse_suppressions(doc)) == reference_parse(doc)


# Finding 5: Markdown escaping ----------------------------------------------------------------------------------------

ATTR_LIST = ('Example privacy policy {: tabindex="1" autofocus="autofocus" '
             'onfocus="document.title=String.fromCharCode(80,87,78,69,68)" }')
PANDOC_ATTRIBUTES = ('Example privacy policy {tabindex=1 autofocus=autofocus '
                     'onfocus="document.title=String.fromCharCode(80,87,78,69,68)"}')


def unescaped_punctuation(markdown: str) -> list[str]:
    """The ASCII punctuation characters of `markdown` that no backslash escapes."""
    found, i = [], 0
    while i < len(markdown):
        if markdown[i] == "\\" and i + 1 < len(markdown) and markdown[i + 1] in string.punctuation:
            i += 2
            continue
        if markdown[i] in string.punctuation:
            found.append(markdown[i])
        i += 1
    return found


def heading_text(markdown: str) -> str:
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    inline = next(tokens[i + 1] for i, t in enumerate(tokens) if t.type == "heading_open")
    return "".join(c.content for c in inline.children or [] if c.type == "text")


@pytest.mark.parametrize("title", [ATTR_LIST, PANDOC_ATTRIBUTES], ids=["python-markdown", "pandoc"])
def test_an_attribute_list_in_the_title_stays_text(title: str) -> None:
    """Security review finding 5: the title's `{...}` is escaped, so neither Python-Markdown's attr_list (MkDocs)
    nor Pandoc's attributes can read it as attributes of the heading; CommonMark shows the title as written."""
    data = policy(document={"title": title})
    markdown = render(data, "markdown")
    heading = markdown.splitlines()[0]
    assert heading.startswith("# ") and set(unescaped_punctuation(heading[2:])) & MEANINGFUL == set()
    assert "{" not in unescaped_punctuation(markdown) and "}" not in unescaped_punctuation(markdown)
    assert heading_text(markdown) == f"{data['organisation']['name']}: {title}"  # the notice names whose it is
    # The attack itself, through Python-Markdown with attr_list as MkDocs runs it (a test dependency).
    page = python_markdown.markdown(markdown, extensions=["tables", "attr_list"])
    assert page.startswith("<h1>") and not re.search(r"<[a-z0-9]+\s[^>]*\bon[a-z]+=", page)
    assert "\\" not in page.split("</h1>")[0]  # and no stray backslash shows in the heading


MEANINGFUL = set("\\`*_{}[]<>!|~&")  # what the writer escapes: see _MD_INLINE in policylint/render/writers.py


def test_every_punctuation_character_with_a_meaning_is_escaped() -> None:
    """Security review finding 5: for every field kind (headings, plain text, strong text, table cells and link
    text), every character CommonMark, GFM or an attribute-list extension reads is escaped; our own markup and the
    punctuation no reader gives a meaning to (which Python-Markdown would show with its backslash) are left."""
    text = string.punctuation
    plain = [c for c in text if c not in MEANINGFUL]
    notice = Notice("t", "en", [Heading(1, text), Paragraph([text]), Bullets([[Strong(text + " "), text]]),
                                Table([text], [[[text]]]), Paragraph([Link(text, "https://example.com")])])
    heading, paragraph, bullet, table, link = to_markdown(notice).rstrip("\n").split("\n\n")
    header, _rule, row = table.split("\n")
    assert unescaped_punctuation(heading) == ["#", *(c for c in plain if c != "#")]  # a heading escapes # too
    assert unescaped_punctuation(paragraph) == plain
    assert unescaped_punctuation(bullet) == ["-", "*", "*", *plain, "*", "*", *plain]
    assert unescaped_punctuation(header) == unescaped_punctuation(row) == ["|", *plain, "|"]
    assert unescaped_punctuation(link) == ["[", *plain, "]", "(", "<", ":", "/", "/", ".", ">", ")"]


_ANY_TEXT = st.lists(st.sampled_from([*string.punctuation, *"aZ09 ", "é", "中", "\u00a0", "1. ", "- ", "# ", "**",
                                      "&amp;", "&#123;", "\\{", "<b>", "`x`", "{: x=1 }", "\u200d", "\u05d0"]),
                     min_size=1, max_size=25).map("".join).filter(str.strip)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(_ANY_TEXT)
def test_escaped_text_reads_back_as_written(text: str) -> None:
    """Security review finding 5: escaping every punctuation character changes nothing a CommonMark reader sees, in
    headings, paragraphs, strong text, table cells and link text."""
    notice = Notice("t", "en", [Heading(2, text), Paragraph([text]), Bullets([[Strong(text + " "), text]]),
                                Table(["h"], [[[text]]]), Paragraph([Link(text, "https://example.com/p")])])
    tokens = MarkdownIt("commonmark").enable("table").parse(to_markdown(notice))
    inline = [t for t in tokens if t.type == "inline"]
    expected = " ".join(text.split())
    seen = [" ".join("".join(c.content if c.type == "text" else " " if c.type == "softbreak" else ""
                             for c in t.children or []).split()) for t in inline]
    assert seen[0] == seen[1] == seen[-1] == expected  # heading, paragraph, link text
    assert seen[2] == f"{expected} {expected}"  # a list item with strong text
    assert seen[-2] == expected  # the table cell
    links = [c for c in inline[-1].children or [] if c.type == "link_open"]
    assert [link.attrGet("href") for link in links] == ["https://example.com/p"]


@pytest.mark.parametrize("url", ["https://example.com/a?b=1&amp;c=2", "https://example.com/a\\",
                                 "https://example.com/a\\)b", "https://example.com/(x)_{y}*z*"])
def test_a_link_goes_where_the_policy_says(url: str) -> None:
    """Security review finding 5 (links): inside `<...>` CommonMark reads backslash escapes and entities, so a URL's
    `\\` and `&` are escaped there; the href is the URL as written (a trailing `\\` no longer breaks the link)."""
    parser = MarkdownIt("commonmark")
    markdown = to_markdown(Notice("t", "en", [Paragraph([Link(url, url)])]))
    children = parser.parse(markdown)[1].children or []
    hrefs = [c.attrGet("href") for c in children if c.type == "link_open"]
    assert hrefs == [parser.normalizeLink(url)]
    assert "".join(c.content for c in children if c.type == "text") == url


# Finding 6: render lookups -----------------------------------------------------------------------------------------

def many_references(categories: int, recipients: int) -> dict[str, Any]:
    return policy(data_categories=[{"id": f"c{i}", "label": f"Category {i}"} for i in range(categories)],
                  recipients=[{"id": f"r{i}", "kind": "customer", "description": f"Recipient {i}",
                               "data_categories": [f"c{i}"]} for i in range(recipients)])


def test_thousands_of_recipients_each_name_their_category() -> None:
    """Security review finding 6: 3,000 data categories and 2,000 recipients, each referring to one category,
    render with each recipient's own category named (the review's 620 KB case is 9,000 and 6,000)."""
    data = many_references(3000, 2000)
    assert is_valid(data)
    for fmt in FORMATS:
        flat = " ".join(render(data, fmt).split())
        assert flat.count("Category 1999") == 2 and flat.count("Category 2999") == 1  # row, and recipient 1999
    text = render(data, "text")
    assert sum(line.startswith("  * Recipient: Recipient ") for line in text.splitlines()) == 2000
    flat = " ".join(text.split()) + " "
    assert all(f"Recipient: Recipient {i} (customer) What they receive and why: Category {i} " in flat
               for i in range(2000))


def referring_policy(n: int) -> tuple[dict[str, Any], dict[str, CountingList]]:
    """A policy whose recipients, retention statements, rights, negative statements and purposes each refer to
    categories, purposes and contacts; the three lists that are referred to count their walks."""
    data = policy(
        data_categories=[{"id": f"c{i}", "label": f"Category {i}"} for i in range(n)],
        purposes=[{"id": f"p{i}", "description": f"Purpose {i}", "data_categories": [f"c{i}"]} for i in range(n)],
        contacts=[{"id": f"k{i}", "kind": "general", "name": f"Contact {i}", "channels": []} for i in range(n)])
    data["recipients"] = [{"id": f"r{i}", "kind": "customer", "data_categories": [f"c{i}"], "purposes": [f"p{i}"]}
                          for i in range(n)]
    data["retention"] = [{"kind": "period", "period": "P1Y", "applies_to": [f"c{i}"]} for i in range(n)]
    data["negative_statements"] = [{"id": f"n{i}", "claim": "no_sale", "data_categories": [f"c{i}"]} for i in range(n)]
    data["rights"] = {"contacts": ["k0"], "statements": [{"right": "access", "contacts": [f"k{i}"]} for i in range(n)]}
    data["children"] = {"statements": [{"kind": "not_directed", "contacts": [f"k{i}"]} for i in range(n)]}
    assert is_valid(data)
    pools = {key: CountingList(data[key]) for key in ("data_categories", "purposes", "contacts")}
    return {**data, **pools}, pools


def test_the_lookups_are_built_once_per_policy() -> None:
    """Security review finding 6: `_refs` walked the whole list of categories, purposes or contacts for every item
    that refers to one, so the walks grew with the items. Now each list is walked a fixed number of times."""
    walks = {}
    for n in (20, 40):
        data, pools = referring_policy(n)
        markdown = render(data, "markdown")
        assert "Purpose 17" in markdown and "Contact 17" in markdown
        walks[n] = {name: pool.walks for name, pool in pools.items()}
    assert walks[20] == walks[40]
    assert all(count <= 4 for count in walks[40].values()), walks[40]


# Finding 13: bidi controls -----------------------------------------------------------------------------------------

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("control", BIDI_CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_bidi_embeddings_overrides_and_isolates_never_reach_a_notice(fmt: str, control: str) -> None:
    """Security review finding 13: an override (U+202E) shows a name reversed in HTML; every bidi embedding,
    override and isolate is shown as U+FFFD instead, as the C0 and C1 controls are."""
    data = policy(organisation={"name": f"Example {control}dtL elpmaxE"})
    data["document"]["title"] = f"Title {control}eltiT"
    out = render(data, fmt)
    assert not re.search(f"[{BIDI_CONTROLS}]", out)
    assert "Example \ufffddtL elpmaxE" in out and "\ufffdeltiT" in out


@pytest.mark.parametrize("fmt", FORMATS)
def test_marks_and_zero_width_characters_are_kept(fmt: str) -> None:
    """Security review finding 13: what scripts and emoji need is kept: the bidi marks (U+200E, U+200F, U+061C),
    the joiners (U+200D in an emoji, U+200C in Persian), U+200B, U+2060 and U+FEFF; none of them reorders text."""
    kept = ["\U0001f469\u200d\U0001f4bb", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
            "\u05e9\u05dc\u05d5\u05dd\u200f2", "x\u200ey", "\u0627\u061c1", "a\u200bb", "c\u2060d", "e\ufefff"]
    data = policy(organisation={"name": " ".join(kept)})
    out = render(data, fmt)
    assert all(text in out for text in kept)
    assert "\ufffd" not in out
