"""Write check results for people (full, concise) and programs (json, sarif, github)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path, PurePath
from typing import Any, TextIO
from urllib.parse import quote

from policylint import __version__
from policylint.check import FileResult
from policylint.findings import BUILTIN_CHECKS, Finding, Severity, format_json_path, printable
from policylint.rule_docs import CodeDoc, check_doc, help_markdown, help_text, history_doc, rule_doc
from policylint.rules import Rule

FORMATS = ("full", "concise", "json", "sarif", "github")
INFORMATION_URI = "https://github.com/policylint/policylint"
_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _related_note(finding: Finding) -> str:
    if not finding.related:
        return ""
    lines = sorted({line for _path, line, _col in finding.related})
    shown = ", ".join(str(n) for n in lines[:8]) + (", ..." if len(lines) > 8 else "")
    return f" (see line{'s' if len(lines) > 1 else ''} {shown})"


def concise_line(finding: Finding) -> str:
    return printable(f"{finding.file}:{finding.line}:{finding.col}: {finding.code} [{finding.severity.value}] "
                     f"{finding.message}{_related_note(finding)} ({finding.name})")


def error_line(result: FileResult) -> str:
    e = result.error
    assert e is not None
    return printable(f"{result.path}:{e.line}:{e.col}: {e.check.code} {e.message}")


def write(results: Sequence[FileResult], fmt: str, out: TextIO, rules: Sequence[Rule], colour: bool,
          texts: dict[str, str] | None = None) -> None:
    """Write findings in one format; input errors are part of every format."""
    if fmt == "concise":
        for result in results:
            if result.error:
                out.write(error_line(result) + "\n")
            out.writelines(concise_line(f) + "\n" for f in result.findings)
    elif fmt == "full":
        _write_full(results, out, colour, texts or {})
    elif fmt == "json":
        _write_json([_as_json(f) for r in results for f in _with_errors(r)], out)
    elif fmt == "github":
        for result in results:
            for f in _with_errors(result):
                level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}[f.severity]
                out.write(printable(f"::{level} file={_escape_property(f.file)},line={f.line},col={f.col},"
                                    f"title={_escape_property(f'{f.code} {f.name}')}::{_escape_data(f.message)}")
                          + "\n")
    elif fmt == "sarif":
        _write_json(sarif_log(results, rules), out)
    else:  # pragma: no cover - the CLI offers only FORMATS
        raise ValueError(fmt)


def _write_json(document: Any, out: TextIO) -> None:
    # A file name that is not UTF-8 reaches Python as lone surrogates, which JSON text cannot carry: replace them.
    text = json.dumps(document, indent=2, ensure_ascii=False)
    out.write(text.encode("utf-8", "surrogateescape").decode("utf-8", "replace") + "\n")


def _with_errors(result: FileResult) -> list[Finding]:
    if result.error is None:
        return result.findings
    e = result.error
    return [Finding(result.path, e.line, e.col, e.check.code, e.check.name, e.message, Severity.ERROR),
            *result.findings]


def _write_full(results: Sequence[FileResult], out: TextIO, colour: bool, texts: dict[str, str]) -> None:
    def paint(code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if colour else text

    for result in results:
        found = _with_errors(result)
        if not found:
            continue
        lines = texts.get(result.path, "").splitlines()
        out.write(paint("1", printable(result.path)) + "\n")
        for f in found:
            severity = paint(_COLOURS[f.severity], f.severity.value)
            out.write(f"  {f.line}:{f.col}  {severity}  {printable(f.message)}  {paint('2', f'{f.code} {f.name}')}\n")
            if 0 < f.line <= len(lines):
                source, caret = excerpt(lines[f.line - 1], f.col)
                gutter = f"{f.line:>6} | "
                out.write(paint("2", gutter) + source + "\n")
                out.write(" " * (len(gutter) + caret) + paint(_COLOURS[f.severity], "^") + "\n")
            for _path, line, col in f.related:
                if 0 < line <= len(lines):
                    out.write(paint("2", f"{line:>6} | ") + excerpt(lines[line - 1], col)[0]
                              + paint("2", "   (related)") + "\n")
            if f.help_url:  # only `full`: concise lines stay as they are (pre-commit and golden tests read them)
                out.write(" " * 9 + paint("2", f"help: {f.help_url}") + "\n")
        out.write("\n")


EXCERPT_WIDTH = 120


def excerpt(line: str, col: int, width: int = EXCERPT_WIDTH) -> tuple[str, int]:
    """A source line as `full` shows it, and the caret's offset in it: at most `width` characters around column
    `col`, with "..." where it is cut. A one-line policy of 200 KB must not be printed once per finding."""
    start = 0 if len(line) <= width else min(max(col - 1 - width // 2, 0), len(line) - width)
    shown = line[start : start + width]
    head, tail = ("..." if start else ""), ("..." if start + width < len(line) else "")
    caret = len(head) + len(printable(shown[: max(col - 1 - start, 0)]))
    return head + printable(shown) + tail, caret


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _as_json(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code, "name": f.name, "severity": f.severity.value, "message": f.message, "filename": f.file,
        "location": {"row": f.line, "column": f.col}, "json_path": format_json_path(f.json_path),
        "related": [{"json_path": format_json_path(path), "location": {"row": line, "column": col}}
                    for path, line, col in f.related],
        "fingerprint": fingerprint(f),
    }


def fingerprint(f: Finding) -> str:
    """Stable across moved lines: the code, the file and the node (by id where the node has one), not the line."""
    anchor = f.anchor or format_json_path(f.json_path)
    key = f"{f.code}\0{PurePath(f.file).as_posix()}\0{anchor}"
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:32]


@lru_cache(maxsize=1024)
def _uri(path: str) -> str:
    """A file's URI reference, relative to %SRCROOT% when it is under the current directory; percent-encoded, so
    that a name holding ':', '#', '?' or a space cannot read as a scheme, a fragment or a query."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.resolve().relative_to(Path.cwd().resolve())
        except ValueError:
            return candidate.as_uri()
    return quote(PurePath(candidate).as_posix().encode("utf-8", "surrogateescape"), safe="/")


def _level(severity: Severity) -> str:
    return {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}[severity]


def _descriptor(doc: CodeDoc) -> dict[str, Any]:
    """A SARIF reportingDescriptor with what GitHub code scanning shows and the SARIF validator's GitHub rules ask
    for: short and full descriptions, help as text and Markdown, an absolute helpUri, tags, precision and
    problem.severity (no security-severity: these are not security findings)."""
    properties: dict[str, Any] = {
        "tags": doc.tags,
        # The built-in checks are mechanical (the YAML parses or not, a key is in the schema or not); the rules read
        # an encoding of a text, which can be wrong in ways a rule cannot see (docs/findings-review.md).
        "precision": "very-high" if doc.kind in ("input error", "built-in check") else "high",
        "problem.severity": {Severity.ERROR: "error", Severity.WARNING: "warning",
                             Severity.INFO: "recommendation"}[doc.severity],
    }
    if doc.profile:
        properties["profile"] = doc.profile
    if doc.citation:
        properties["citation"] = doc.citation
    return {
        "id": doc.code, "name": doc.name, "shortDescription": {"text": doc.summary},
        "fullDescription": {"text": doc.explanation},
        "help": {"text": help_text(doc), "markdown": help_markdown(doc)},
        "helpUri": doc.help_uri,
        "defaultConfiguration": {"level": _level(doc.severity)},
        "properties": properties,
    }


def sarif_log(results: Sequence[FileResult], rules: Sequence[Rule]) -> dict[str, Any]:
    """A SARIF 2.1.0 log: the rules' metadata, relative URIs, and fingerprints that survive moved lines."""
    docs = [check_doc(check) for check in BUILTIN_CHECKS] + [rule_doc(rule) for rule in rules]
    from policylint.history import HISTORY_RULES  # only here: it imports git's helpers and the differ

    reported = {f.code for r in results for f in r.findings}
    if reported & {h.code for h in HISTORY_RULES}:  # only `check --since` runs them
        docs += [history_doc(h) for h in HISTORY_RULES]
    descriptors = [_descriptor(doc) for doc in docs]
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    sarif_results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for result in results:
        if result.error:
            e = result.error
            notifications.append({
                "level": "error", "message": {"text": _sarif_text(f"{e.check.code} {e.message}")},
                "locations": [_location(result.path, e.line, e.col)],
                # the input error's descriptor is among the rules, which `associatedRule` refers to (`descriptor`
                # would refer to tool.driver.notifications)
                "associatedRule": {"id": e.check.code, "index": index[e.check.code]}})
        for f in result.findings:
            entry: dict[str, Any] = {
                "ruleId": f.code, "level": _level(f.severity), "message": {"text": _sarif_text(f.message)},
                "locations": [_location(f.file, f.line, f.col, f.json_path)],
                "partialFingerprints": {"policylint/v1": fingerprint(f)},
            }
            if f.code in index:
                entry["ruleIndex"] = index[f.code]
            if f.related:
                entry["relatedLocations"] = [{"id": i, **_location(f.file, line, col, path)}
                                             for i, (path, line, col) in enumerate(f.related)]
            sarif_results.append(entry)
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "policylint", "version": __version__, "informationUri": INFORMATION_URI,
                                "rules": descriptors}},
            "invocations": [{"executionSuccessful": not notifications,
                             "toolExecutionNotifications": notifications}],
            "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().resolve().as_uri() + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": sarif_results,
        }],
    }


def _sarif_text(message: str) -> str:
    """A plain-text SARIF message. SARIF 2.1.0 s.3.11.6 reads `[text](uri)` in one as an embedded link, so literal
    brackets (and the backslash that escapes them) are escaped: a key named `[sign in](https://...)` stays text.
    Controls, bidirectional and invisible characters are shown as escapes, as on a terminal."""
    return printable(message).replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _location(file: str, line: int, col: int, json_path: tuple[Any, ...] | None = None) -> dict[str, Any]:
    uri = _uri(file)
    artifact: dict[str, Any] = {"uri": uri}
    if not uri.startswith("file:"):
        artifact["uriBaseId"] = "%SRCROOT%"
    location: dict[str, Any] = {"physicalLocation": {"artifactLocation": artifact,
                                                     "region": {"startLine": max(line, 1), "startColumn": max(col, 1)}}}
    if json_path:
        location["logicalLocations"] = [{"fullyQualifiedName": format_json_path(json_path), "kind": "member"}]
    return location


def summary(results: Sequence[FileResult], seconds: float | None = None, not_run: int = 0,
            exempt_drafts: bool = True) -> str:
    """The closing line; `not_run` counts the files that some selected profile could not run on."""
    files = len(results)
    errors = sum(1 for r in results if r.error)
    by_severity = {s: sum(1 for r in results for f in r.findings if f.severity is s) for s in Severity}
    checked = f"{files} file{'s' if files != 1 else ''}" + (f" in {seconds:.2f}s" if seconds is not None else "")
    total = sum(by_severity.values())
    if not total and not errors and not_run:
        return (f"No findings, but the selected checks did not run on {not_run} of {files} "
                f"file{'s' if files != 1 else ''} ({checked}).")
    if not total and not errors:
        return f"All checks passed ({checked})."
    unchecked = f"{errors} file{'s' if errors != 1 else ''} could not be checked"
    if not total:
        return f"{unchecked} ({checked})."
    counts = ", ".join(f"{n} {s.value}{'s' if n != 1 else ''}" for s, n in by_severity.items() if n)
    found = f"Found {total} finding{'s' if total != 1 else ''} ({counts}) in {checked}"
    drafts = [r for r in results if r.draft and r.findings] if exempt_drafts else []
    if drafts:  # say why a run with errors may exit 0
        to_do = sum(len(r.findings) for r in drafts)
        found += (f"; {to_do} of them in {len(drafts)} draft{'s' if len(drafts) != 1 else ''} (document.status: "
                  "draft), the to-do list, which fails nothing until the status is removed")
    return f"{found}; {unchecked}." if errors else f"{found}."
