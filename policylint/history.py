"""A policy's history in git: the version of a file at a revision, and the checks that read two versions.

Git is run as a subprocess with a fixed argument list (no shell), with the revision checked to be a commit first and
paths passed after `--`, so nothing in a revision or path name is read as an option. Blobs are read through
`git cat-file`, never checked out or followed as links, and never past the size limit.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policylint import findings
from policylint.diff import Change, diff
from policylint.findings import Finding, InputError, Severity
from policylint.loader import Limits, LoadedDocument, load_bytes, read_file
from policylint.model import PartialDate
from policylint.validate import validate

GIT_TIMEOUT = 60


class HistoryError(Exception):
    """Git cannot answer: not a repository, not a revision, git missing. The message is one line for the user."""


def _git(repo: Path, *args: str, limit: int | None = None) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, timeout=GIT_TIMEOUT, check=False)
    except FileNotFoundError:
        raise HistoryError("git is not installed; --git and --since need it") from None
    except subprocess.TimeoutExpired:
        raise HistoryError(f"git {args[0]} took longer than {GIT_TIMEOUT} s") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise HistoryError(message[-1] if message else f"git {args[0]} failed")
    if limit is not None and len(done.stdout) > limit:
        raise HistoryError(f"a version is larger than {limit} bytes")
    return done.stdout


def repository_root(start: Path) -> Path:
    try:
        return Path(_git(start, "rev-parse", "--show-toplevel").decode("utf-8").strip())
    except HistoryError:
        raise HistoryError(f"{start} is not in a git repository") from None


def resolve_revision(repo: Path, revision: str) -> str:
    """The commit a revision names, or HistoryError (an option-like or unknown revision is refused)."""
    if revision.startswith("-"):
        raise HistoryError(f"{revision}: not a revision")
    try:
        return _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options",
                    f"{revision}^{{commit}}").decode().strip()
    except HistoryError:
        raise HistoryError(f"{revision}: not a revision in this repository") from None


def _has_commits(repo: Path) -> bool:
    try:
        _git(repo, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    except HistoryError:
        return False
    return True


@dataclass(frozen=True)
class Pair:
    """A policy file now, and the path it had at the revision (None when it is new since)."""

    path: str  # relative to the repository root, as now
    old_path: str | None


def changed_pairs(repo: Path, commit: str, cached: bool, paths: list[str] | None) -> list[Pair]:
    """Files changed since `commit` (in the index with `cached`, else in the working tree), with renames followed;
    with `paths`, those files only, changed or not."""
    args = ["diff", "--name-status", "-M", "-z", *(["--cached"] if cached else []), commit, "--"]
    fields = _git(repo, *args).decode("utf-8", "surrogateescape").split("\0")
    renamed_from: dict[str, str | None] = {}
    changed: list[str] = []
    i = 0
    while i < len(fields) - 1:
        status = fields[i]
        if status.startswith(("R", "C")):
            old, new = fields[i + 1], fields[i + 2]
            renamed_from[new] = old if status.startswith("R") else None
            changed.append(new)
            i += 3
            continue
        path = fields[i + 1]
        if status.startswith("A"):
            renamed_from[path] = None
        if not status.startswith("D"):
            changed.append(path)
        i += 2
    if paths is None:
        return [Pair(p, renamed_from.get(p, p)) for p in changed if p.endswith((".yaml", ".yml"))]
    known = set(_git(repo, "ls-tree", "-r", "--name-only", "-z", commit).decode("utf-8", "surrogateescape")
                .split("\0"))
    return [Pair(p, renamed_from.get(p, p if p in known else None)) for p in paths]


def read_blob(repo: Path, commit: str, path: str, limit: int) -> bytes:
    """The file at `path` in `commit`, or HistoryError; at most `limit` bytes are accepted."""
    spec = f"{commit}:{path}"
    size = int(_git(repo, "cat-file", "-s", spec).decode().strip())
    if size > limit:
        raise HistoryError(f"{path} at {commit[:12]} is larger than {limit} bytes")
    return _git(repo, "cat-file", "blob", spec, limit=limit)


def read_index(repo: Path, path: str, limit: int) -> bytes:
    """The staged version of `path`."""
    return read_blob(repo, "", path, limit)


# The checks on history ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class HistoryRule:
    code: str
    name: str
    severity: Severity
    summary: str
    citation: str
    rationale: str


UNDATED = HistoryRule(
    "PL901", "material-change-undated", Severity.ERROR,
    "A material change without a newer last-updated or effective date.",
    "GDPR Art. 13(3) (information before processing for a new purpose); CCPA Civil Code 1798.130(a)(5) (the "
    "privacy policy updated at least once every 12 months); FTC Act s. 5 (material retroactive changes need "
    "notice and consent: In re Gateway Learning Corp., 2004)",
    "People are owed notice of a material change, and a reader of the policy can only tell it changed by its date. "
    "A new purpose, recipient, sale, longer retention or a dropped promise with the old date reads as if it had "
    "always been so.")
UNANNOUNCED = HistoryRule(
    "PL902", "material-change-unannounced", Severity.WARNING,
    "A material change in a policy that says no way of telling people about changes.",
    "GDPR Art. 13(3) and Art. 12(1) (information provided to the data subject, not merely published); FTC "
    "practice on material changes [uncertain: guidance, not a statute]",
    "A material change is owed to the people it affects; a policy with no `changes` section (notification) gives "
    "no way to reach them, so the change reaches only those who reread the policy.")
HISTORY_RULES = (UNDATED, UNANNOUNCED)


def newest_date(data: dict[str, Any]) -> tuple[PartialDate, str] | None:
    """The later of the policy's last-updated and effective dates, with the date as written."""
    document = data.get("document") or {}
    dates = [(PartialDate.parse(document[key]["date"]), document[key]["date"])
             for key in ("last_updated", "effective_date") if key in document]
    valid = [d for d in dates if d[0].valid()]
    return max(valid, key=lambda d: d[0].latest()) if valid else None


def history_findings(old: dict[str, Any], new: dict[str, Any],
                     changes: list[Change]) -> list[tuple[HistoryRule, str]]:
    """What the history checks report for one policy's two versions."""
    material = [c for c in changes if c.material]
    if not material:
        return []
    listed = "; ".join(c.words for c in material[:6]) + (f"; and {len(material) - 6} more"
                                                          if len(material) > 6 else "")
    found: list[tuple[HistoryRule, str]] = []
    before, after = newest_date(old), newest_date(new)
    if after is None:
        found.append((UNDATED, f"{len(material)} material change(s) and the policy gives no date: {listed}; add "
                               "document.last_updated (and tell people before the change applies)"))
    elif before is not None and after[0].earliest() <= before[0].latest():
        found.append((UNDATED, f"{len(material)} material change(s) and the policy's date ({after[1]}) is not later "
                               f"than before ({before[1]}): {listed}; update document.last_updated (and tell "
                               "people before the change applies)"))
    if not (new.get("changes") or {}).get("notification"):
        found.append((UNANNOUNCED, f"{len(material)} material change(s), and the policy says no way of telling "
                                   f"people about changes: {listed}"))
    return found


# Two versions of each policy ----------------------------------------------------------------------------------------

@dataclass
class Comparison:
    """One policy file now and at a revision, with what changed."""

    path: str  # as the user named it (or relative to the repository root)
    old_path: str | None  # at the revision; None when the file is new since
    revision: str
    new: LoadedDocument
    old: LoadedDocument | None
    changes: list[Change]

    def findings(self) -> list[Finding]:
        """The history checks' findings, placed at document.last_updated (or the document) in the new version."""
        if self.old is None:
            return []
        where: tuple[str, ...] = ("document", "last_updated") if "last_updated" in self.new.data["document"] \
            else ("document",)
        line, col = self.new.key_position(where)
        return [Finding(self.new.path, line, col, rule.code, rule.name, message, rule.severity, where)
                for rule, message in history_findings(self.old.data, self.new.data, self.changes)]


class VersionError(Exception):
    """A version that cannot be compared: one line, `path:line:col: CODE message`, and exit status 2."""

    def __init__(self, path: str, line: int, col: int, code: str, message: str) -> None:
        super().__init__(f"{path}:{line}:{col}: {code} {message}")


def load_version(raw: bytes, display: str, limits: Limits) -> LoadedDocument:
    """A schema-valid policy, or VersionError with the first thing wrong."""
    try:
        doc = load_bytes(raw, display, limits)
    except InputError as error:
        raise VersionError(display, error.line, error.col, error.check.code, error.message) from None
    problems = validate(doc)
    if problems:
        first = problems[0]
        raise VersionError(display, first.line, first.col, first.code,
                           f"{first.message} (not a valid policy: its versions cannot be compared)")
    return doc


def compare_with_revision(files: list[str] | None, revision: str, cached: bool, limits: Limits,
                          start: Path) -> list[Comparison]:
    """Each policy file (by default every YAML file changed since `revision`) beside its version at `revision`.
    Raises HistoryError for git's problems and VersionError for a version that cannot be read or is not a policy."""
    repo = repository_root(start)
    # Before the first commit there is no HEAD: every file is new (the first commit of a policy is not blocked).
    commit = None if revision == "HEAD" and not _has_commits(repo) else resolve_revision(repo, revision)
    relative: list[str] | None = None
    if files is not None:
        relative = []
        for file in files:
            try:
                relative.append(Path(file).resolve().relative_to(repo.resolve()).as_posix())
            except ValueError:
                raise HistoryError(f"{file}: not in the repository at {repo}") from None
    comparisons = []
    if commit is None:
        listed = relative if relative is not None else [
            p for p in _git(repo, "ls-files", "-z").decode("utf-8", "surrogateescape").split("\0") if p]
        pairs = [Pair(p, None) for p in listed if relative is not None or p.endswith((".yaml", ".yml"))]
    else:
        pairs = changed_pairs(repo, commit, cached, relative)
    # Files the user named are shown as named; files found changed, relative to the repository root.
    shown = files if files is not None else [pair.path for pair in pairs]
    for pair, display in zip(pairs, shown, strict=True):
        try:
            raw = read_index(repo, pair.path, limits.max_file_bytes) if cached else \
                read_file(repo / pair.path, limits, repo)
        except HistoryError as error:
            raise VersionError(display, 1, 1, findings.UNREADABLE.code, str(error)) from None
        except InputError as error:
            raise VersionError(display, error.line, error.col, error.check.code, error.message) from None
        if files is None and b"schema_version" not in raw:
            continue  # found changed, not named: a YAML file that is no policy (a CI workflow) is passed over
        new = load_version(raw, display, limits)
        old = None
        if pair.old_path is not None and commit is not None:
            old_display = f"{revision}:{pair.old_path}"
            old = load_version(read_blob(repo, commit, pair.old_path, limits.max_file_bytes), old_display, limits)
        comparisons.append(Comparison(display, pair.old_path, revision, new, old,
                                      diff(old.data, new.data) if old is not None else []))
    return comparisons


def compare_files(old_path: str, new_path: str, limits: Limits, project: Path | None) -> Comparison:
    """Two policy files side by side (`policylint diff OLD NEW`); VersionError for one that cannot be compared."""
    docs = []
    for path in (old_path, new_path):
        try:
            raw = read_file(Path(path), limits, project)
        except InputError as error:
            raise VersionError(path, error.line, error.col, error.check.code, error.message) from None
        docs.append(load_version(raw, path, limits))
    return Comparison(new_path, old_path, "", docs[1], docs[0], diff(docs[0].data, docs[1].data))
