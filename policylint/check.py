"""The check pipeline for one file: load -> validate -> evidence. Rules join it in the linter."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from policylint import findings, loader
from policylint.evidence import check_evidence
from policylint.findings import Finding, InputError
from policylint.validate import validate

POLICY_SUFFIXES = (".yaml", ".yml")
STDIN = "-"


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    error: InputError | None = None


def check_file(path: str) -> FileResult:
    """Check one policy file; `-` reads standard input (its evidence sources resolve from the current directory)."""
    try:
        if path == STDIN:
            doc = loader.load_bytes(sys.stdin.buffer.read(), "<stdin>")
            base_dir = Path.cwd()
        else:
            doc = loader.load(Path(path), path)
            base_dir = Path(path).parent
    except InputError as error:
        return FileResult(path if path != STDIN else "<stdin>", error=error)
    result = validate(doc) + check_evidence(doc, base_dir)
    return FileResult(doc.path, sorted(result, key=lambda f: f.sort_key))


def expand_paths(paths: Iterable[str]) -> Iterator[str]:
    """Files as given; directories searched recursively for *.yaml and *.yml, in sorted order."""
    for path in paths:
        if path != STDIN and Path(path).is_dir():
            found = sorted(p for p in Path(path).rglob("*") if p.suffix in POLICY_SUFFIXES and p.is_file())
            yield from (str(p) for p in found)
        else:
            yield path


def internal_error(path: str, error: BaseException) -> FileResult:
    """A bug in policylint, reported as an input error so one bad file never stops the others."""
    message = f"internal error ({type(error).__name__}: {error}); please report it"
    return FileResult(path, error=InputError(findings.UNREADABLE, message))
