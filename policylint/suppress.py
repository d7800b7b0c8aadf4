"""Suppression comments in policy YAML.

    recipients:
      # policylint: ignore[PL217] reason: the agents act only on our instructions (DPA signed 2024-03)
      - id: agents

A comment on a node's line, or on its own line just above it, suppresses the named codes for that node and everything
under it. The reason is required. A suppression that suppresses nothing, names an unknown code or gives no reason is
itself a finding.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from policylint import findings
from policylint.findings import Check, Finding, JsonPath
from policylint.loader import LoadedDocument, Position

# Every pattern here runs in time linear in the line (the file is attacker-controlled; security review finding 2). The
# head of a suppression is matched first and its closing `]` found with str.find: a pattern such as
# `ignore\[[^\]]*\]` would scan to the end of the line again for every `ignore[` that has no `]` (quadratic). If the
# first head on a line has no `]` after it, no later head has one either, so the line holds no suppression.
_HEAD = re.compile(r"(?:^|\s)#\s*policylint:\s*ignore\[")
# Not `\S.*?\s*$`: a lazy match followed by `\s*$` retries the run of spaces at each step. The reason is rstripped
# instead (str.rstrip and `\s` agree on what whitespace is).
_REASON = re.compile(r"\s*reason:\s*(?P<reason>\S.*)")


@dataclass
class Suppression:
    line: int
    col: int
    codes: tuple[str, ...]
    reason: str | None
    target: JsonPath | None
    used: set[str] = field(default_factory=set)


def parse_suppressions(doc: LoadedDocument) -> list[Suppression]:
    lines = doc.text.splitlines()
    starts = _node_starts(doc)
    next_content = _next_content_lines(lines)
    result = []
    in_text: _TextSpans | None = None  # built at the first comment: a fast-path document loads its spans on demand
    for number, text in enumerate(lines, 1):
        match = _HEAD.search(text)
        if not match:
            continue
        close = text.find("]", match.end())
        if close < 0:  # `ignore[` with no `]`: not a suppression (and neither is any later `ignore[` on the line)
            continue
        # YAML parsers drop comments, so comments are found in the text; a `#` inside a key or a string (quoted, or
        # a block scalar) is text, not a suppression.
        hash_at = (number, text.index("#", match.start()) + 1)
        if in_text is None:
            in_text = _TextSpans(doc.text_spans)
        if in_text(hash_at):
            continue
        codes = tuple(c.strip().upper() for c in text[match.end():close].split(",") if c.strip())
        reason = _REASON.match(text, close + 1)
        own_line = text[: match.start()].strip() == ""
        target_line = next_content[number] if own_line else number
        target = starts.get(target_line) if target_line else None
        col = match.start() + (1 if text[match.start()] == "#" else 2)
        result.append(Suppression(number, col, codes, reason["reason"].rstrip() if reason else None, target))
    return result


class _TextSpans:
    """Whether a position lies inside one of the document's text spans (keys and strings that hold `policylint:`).

    Built once per document, then each lookup is a binary search: scanning every span for every comment line was
    quadratic (security review finding 2c). The spans come in document order and do not overlap, but the running
    maximum of their ends makes the answer the same as `any(start <= at < end ...)` even if they did.
    """

    def __init__(self, spans: Iterable[tuple[Position, Position]]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _end in ordered]
        self._max_ends: list[Position] = []
        for _start, end in ordered:
            self._max_ends.append(max(end, self._max_ends[-1]) if self._max_ends else end)

    def __call__(self, at: Position) -> bool:
        i = bisect_right(self._starts, at)  # the spans [0, i) start at or before `at`
        return i > 0 and at < self._max_ends[i - 1]


def _node_starts(doc: LoadedDocument) -> dict[int, JsonPath]:
    """For each line, the outermost node that line introduces: a mapping entry whose key is on it, or a list item
    that starts on it. A block mapping's own first line is its first key's, so the mapping itself belongs to the line
    of the key above it: a comment on `name: 5` suppresses for `name`, not for the whole mapping around it."""
    starts: dict[int, JsonPath] = {}
    entries = [(path, line) for path, (line, _col) in doc.key_positions.items()]
    items = [(path, line) for path, (line, _col) in doc.positions.items() if path and isinstance(path[-1], int)]
    for path, line in entries + items:
        if line not in starts or len(path) < len(starts[line]):
            starts[line] = path
    return starts


def _next_content_lines(lines: list[str]) -> list[int | None]:
    """For each line number, the next line after it that is neither blank nor a comment (one pass, from the end)."""
    following: list[int | None] = [None] * (len(lines) + 2)
    for number in range(len(lines), 0, -1):
        stripped = lines[number - 1].strip()
        following[number - 1] = number if stripped and not stripped.startswith("#") else following[number]
    return following


def apply_suppressions(doc: LoadedDocument, found: Iterable[Finding], known_codes: set[str],
                       enabled: Iterable[str] | None = None) -> list[Finding]:
    """The findings no valid suppression covers, plus findings about the suppressions themselves."""
    if "policylint:" not in doc.text:  # the common case: nothing to parse
        return list(found)
    suppressions = parse_suppressions(doc)
    # Indexed by (code, target): a finding looks up each of its path's prefixes instead of every suppression.
    index: dict[tuple[str, JsonPath], Suppression] = {}
    for s in suppressions:
        if s.reason and s.target is not None:
            for code in s.codes:
                index.setdefault((code, s.target), s)
    kept: list[Finding] = []
    for finding in found:
        path = finding.json_path
        candidates = [index[key] for key in ((finding.code, path[:n]) for n in range(len(path) + 1)) if key in index]
        covering = min(candidates, key=lambda s: s.line) if candidates else None
        if covering:
            covering.used.add(finding.code)
        else:
            kept.append(finding)
    active = set(enabled) if enabled is not None else known_codes
    for s in suppressions:
        kept.extend(f for f in _about(doc, s, known_codes, active) if f.code in active)
    return kept


def _about(doc: LoadedDocument, s: Suppression, known_codes: set[str], active: set[str]) -> list[Finding]:
    def finding(check: Check, message: str) -> Finding:
        return Finding(doc.path, s.line, s.col, check.code, check.name, message, findings.Severity.WARNING,
                       s.target or ())

    out = []
    if not s.reason:
        out.append(finding(findings.SUPPRESSION_WITHOUT_REASON,
                           "suppression gives no reason (write `# policylint: ignore[CODE] reason: why`); "
                           "it suppresses nothing until it does"))
    for code in s.codes:
        if code not in known_codes:
            out.append(finding(findings.UNKNOWN_SUPPRESSED_CODE, f"suppression names unknown code {code!r}"))
        elif s.reason and code not in s.used and code in active:
            out.append(finding(findings.UNUSED_SUPPRESSION, f"suppression of {code} suppresses nothing here"))
    return out
