"""Write what `policylint diff` found: text for a terminal, Markdown for a pull-request comment, JSON for tools."""

from __future__ import annotations

import json
from typing import Any

from policylint.findings import Finding
from policylint.history import Comparison


def _heading(c: Comparison) -> str:
    if c.old is None:
        return f"{c.path}: new since {c.revision} (no earlier version to compare)"
    was = f" (was {c.old_path})" if c.old_path not in (None, c.path) and c.revision else ""
    material = sum(1 for change in c.changes if change.material)
    return f"{c.path}{was}: {len(c.changes)} change(s), {material} material"


def _text(found: list[tuple[Comparison, list[Finding]]], material_only: bool) -> str:
    lines = []
    for c, findings in found:
        lines.append(_heading(c))
        for change in c.changes:
            if change.material or not material_only:
                lines.append(f"  {'material' if change.material else 'minor':<8}  {change.words}")
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
            shown = [change for change in c.changes if change.material == material]
            if shown:
                out += [f"**{title}**", "", *(f"- {_markdown_text(change.words)}" for change in shown), ""]
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
