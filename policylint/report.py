"""Write check results for people and programs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from policylint.check import FileResult


def concise_line(path: str, line: int, col: int, code: str, message: str) -> str:
    return f"{path}:{line}:{col}: {code} {message}"


def write_concise(results: Iterable[FileResult], out: TextIO, err: TextIO) -> tuple[int, int, int]:
    """One line per finding on `out`, one per unreadable file on `err`. Returns (files, findings, input errors)."""
    files = finding_count = error_count = 0
    for result in results:
        files += 1
        if result.error is not None:
            error_count += 1
            e = result.error
            err.write(concise_line(result.path, e.line, e.col, e.check.code, e.message) + "\n")
            continue
        for f in result.findings:
            finding_count += 1
            out.write(concise_line(f.file, f.line, f.col, f.code, f.message) + "\n")
    return files, finding_count, error_count


def summary(files: int, finding_count: int, error_count: int) -> str:
    checked = f"{files} file{'s' if files != 1 else ''}"
    if not finding_count and not error_count:
        return f"All checks passed ({checked})."
    parts = []
    if finding_count:
        parts.append(f"{finding_count} finding{'s' if finding_count != 1 else ''}")
    if error_count:
        parts.append(f"{error_count} file{'s' if error_count != 1 else ''} could not be checked")
    return f"Found {' and '.join(parts)} ({checked})."
