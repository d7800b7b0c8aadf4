"""Write what `policylint diff` found: text for a terminal, Markdown for a pull-request comment, JSON for tools."""

from __future__ import annotations

import json
from typing import Any

from policylint.diff import Change
from policylint.findings import Finding
from policylint.history import Comparison


def _heading(c: Comparison) -> str:
    if c.old is None:
        return f"{c.path}: new since {c.revision} (no earlier version to compare)"
    was = f" (was {c.old_path})" if c.old_path not in (None, c.path) and c.revision else ""
    material = sum(1 for change in c.changes if change.material)
    return f"{c.path}{was}: {len(c.changes)} change(s), {material} material"


def _grouped(changes: list[Change], material_only: bool) -> list[tuple[bool, str]]:
    """(material, words) for each change, with neighbours that say the same of the same thing joined: "Purpose X:
    new data categories: IP address, User location" rather than a line for each."""
    out: list[tuple[bool, str, str]] = []
    for change in changes:
        if material_only and not change.material:
            continue
        head, _, tail = change.words.rpartition(": ")
        if out and head and out[-1][0] == change.material and out[-1][1] == head:
            out[-1] = (change.material, head, f"{out[-1][2]}, {tail}")
        else:
            out.append((change.material, head, tail))
    return [(material, f"{head}: {tail}" if head else tail) for material, head, tail in out]


def _text(found: list[tuple[Comparison, list[Finding]]], material_only: bool) -> str:
    lines = []
    for c, findings in found:
        lines.append(_heading(c))
        for material, words in _grouped(c.changes, material_only):
            lines.append(f"  {'material' if material else 'minor':<8}  {words}")
        lines += [f"{f.file}:{f.line}:{f.col}: {f.code} [{f.severity.value}] {f.message} ({f.name})" for f in findings]
    return "\n".join(lines) + ("\n" if lines else "")


def _markdown_text(text: str) -> str:
    """Text from a policy, inert in GitHub Markdown: no HTML, links, emphasis or mentions."""
    return "".join(f"\\{ch}" if ch in "\\`*_{}[]<>()#+-.!|~@&" else ch for ch in " ".join(text.split()))


def _markdown(found: list[tuple[Comparison, list[Finding]]], material_only: bool) -> str:
    out = ["## Privacy policy changes", ""]
    for c, findings in found:
        out.append(f"### {_markdown_text(_heading(c))}")
        out.append("")
        for material, title in ((True, "Material: people must be told"), (False, "Minor")):
            if material_only and not material:
                continue
            shown = [words for is_material, words in _grouped(c.changes, material_only) if is_material == material]
            if shown:
                out += [f"**{title}**", "", *(f"- {_markdown_text(words)}" for words in shown), ""]
        for f in findings:
            out += [f"> **{f.code} {f.severity.value}**: {_markdown_text(f.message)}", ""]
    return "\n".join(out).rstrip() + "\n"


def _json(found: list[tuple[Comparison, list[Finding]]], material_only: bool) -> str:
    files: list[dict[str, Any]] = []
    for c, findings in found:
        files.append({
            "path": c.path, "old_path": c.old_path, "revision": c.revision or None, "new_file": c.old is None,
            "changes": [change.as_dict() for change in c.changes if change.material or not material_only],
            "findings": [{"code": f.code, "name": f.name, "severity": f.severity.value, "message": f.message,
                          "line": f.line, "col": f.col} for f in findings]})
    return json.dumps({"files": files}, indent=2, ensure_ascii=False) + "\n"


WRITERS = {"text": _text, "markdown": _markdown, "json": _json}


def write_diff(found: list[tuple[Comparison, list[Finding]]], fmt: str, material_only: bool) -> str:
    return WRITERS[fmt](found, material_only)
