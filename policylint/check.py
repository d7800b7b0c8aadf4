"""The check pipeline for one file: load -> validate -> evidence -> rules -> selection and suppressions."""

from __future__ import annotations

import dataclasses
import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from policylint import fast_loader, findings, loader
from policylint.config import Catalogue, Config, catalogue, ignored_for, laws_for
from policylint.evidence import check_evidence
from policylint.findings import Finding, InputError, JsonPath, Severity
from policylint.lint import lint
from policylint.model import Policy
from policylint.rules import Rule, all_rules
from policylint.suppress import apply_suppressions
from policylint.validate import validate

POLICY_SUFFIXES = (".yaml", ".yml")
STDIN = "-"


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    error: InputError | None = None
    text: str = ""
    profiles: frozenset[str] | None = None  # the rule profiles that ran (None: the document is not schema-valid)
    draft: bool = False  # a schema-valid policy marked `document.status: draft`: its findings do not fail the check


@dataclass(frozen=True)
class Options:
    """What to check and how."""

    rules: tuple[Rule, ...]
    enabled: frozenset[str]  # codes switched on (rules and built-in checks)
    today: date = field(default_factory=date.today)
    severities: dict[str, Severity] = field(default_factory=dict)
    config: Config = field(default_factory=Config)
    catalogue: Catalogue | None = None
    laws: frozenset[str] = frozenset()  # from --law: laws that apply to every file's organisation

    @classmethod
    def default(cls, **changes: Any) -> Options:
        rules = tuple(all_rules())
        cat = catalogue(list(rules))
        changes.setdefault("enabled", frozenset(cat.codes))
        return cls(rules=rules, catalogue=cat, **changes)


def check_file(path: str, options: Options | None = None) -> FileResult:
    """Check one policy file; `-` reads standard input (its evidence sources resolve from the current directory)."""
    options = options or Options.default()
    limits = options.config.limits
    shown, base_dir = ("<stdin>", Path.cwd()) if path == STDIN else (path, Path(path).parent)
    try:
        raw = (loader.read_stdin(limits) if path == STDIN
               else loader.read_file(Path(path), limits, options.config.project))
    except InputError as error:
        return FileResult(shown, error=error)
    fast = fast_loader.load(raw, shown, limits) if _FAST_PATH.worth_trying() else None
    if fast is not None:
        try:
            result = _check_document(fast, base_dir, options)
            _FAST_PATH.record(read_twice=fast.located)
            return result
        except fast_loader.Mismatch:  # the main loader, run for positions, read the file otherwise: it decides
            _FAST_PATH.record(read_twice=True)
    try:
        doc = loader.load_bytes(raw, shown, limits)
    except InputError as error:
        return FileResult(shown, error=error)
    return _check_document(doc, base_dir, options)


class FastPathRecord:
    """Whether the fast path of loading pays in this process.

    A file with findings is read by both loaders (the main one for positions), so after a run of such files the
    main loader reads first. Every WINDOW-th file still tries the fast path, and one that needs no positions brings
    it back. The results are the same either way; only the time differs."""

    WINDOW = 16

    def __init__(self) -> None:
        self.read_twice: deque[bool] = deque(maxlen=self.WINDOW)
        self.skipped = 0

    def worth_trying(self) -> bool:
        if len(self.read_twice) < self.WINDOW or sum(self.read_twice) < self.WINDOW * 3 // 4:
            return True
        self.skipped += 1
        return self.skipped % self.WINDOW == 0

    def record(self, read_twice: bool) -> None:
        if not read_twice and self.skipped:  # clean files are back: try every file again
            self.read_twice.clear()
            self.skipped = 0
        self.read_twice.append(read_twice)


_FAST_PATH = FastPathRecord()


def _check_document(doc: loader.LoadedDocument, base_dir: Path, options: Options) -> FileResult:
    schema_findings = validate(doc)
    found = schema_findings + check_evidence(doc, base_dir, options.config.limits.max_file_bytes,
                                            options.config.source_roots)
    found += _yaml_1_1_findings(doc)
    profiles = None
    draft = False
    if not schema_findings:  # rules read the model, which only a schema-valid document has
        rules = [r for r in options.rules if r.code in options.enabled]
        policy = Policy(doc.data, options.today, options.laws | laws_for(options.config, doc.path))
        found += lint(doc, rules, options.today, policy=policy)
        profiles = policy.profiles
        draft = policy.is_draft
    cat = options.catalogue or catalogue(list(options.rules))
    enabled = options.enabled - ignored_for(options.config, doc.path, cat)
    found = [f for f in found if f.code in enabled]
    found = apply_suppressions(doc, found, set(cat.codes), enabled)
    found = [_finish(f, doc.data, options.severities) for f in found]
    return FileResult(doc.path, sorted(found, key=lambda f: f.sort_key), text=doc.text, profiles=profiles,
                      draft=draft)


def _yaml_1_1_findings(doc: loader.LoadedDocument) -> list[Finding]:
    check = findings.YAML_1_1_DIFFERENCE
    return [Finding(doc.path, line, col, check.code, check.name, f"{findings.format_json_path(path)}: {message}",
                    Severity.WARNING, path)
            for path, (line, col), message in doc.yaml_1_1_differences]


def _finish(finding: Finding, data: Any, severities: dict[str, Severity]) -> Finding:
    severity = severities.get(finding.code, finding.severity)
    return dataclasses.replace(finding, severity=severity, anchor=anchor(data, finding.json_path))


def anchor(data: Any, path: JsonPath) -> str:
    """The path with list positions replaced by item ids where items have them: survives reordering."""
    parts = ["$"]
    node = data
    for part in path:
        if isinstance(part, int) and isinstance(node, list) and part < len(node):
            item = node[part]
            parts.append(f"[{item['id']}]" if isinstance(item, dict) and isinstance(item.get("id"), str)
                         else f"[{part}]")
            node = item
        else:
            parts.append(f".{part}")
            node = node.get(part) if isinstance(node, dict) else None
    return "".join(parts)


PARALLEL_THRESHOLD = 16  # below this, starting processes costs more than it saves


def check_all(files: list[str], options: Options, jobs: int,
              progress: Callable[[int], None] | None = None) -> list[FileResult]:
    """Check many files, in parallel processes when there are enough of them; results keep the input order."""
    if jobs <= 1 or len(files) < PARALLEL_THRESHOLD or STDIN in files:
        results = []
        for done, file in enumerate(files, 1):
            results.append(_check_safely(file, options))
            if progress:
                progress(done)
        return results
    from concurrent.futures import ProcessPoolExecutor

    # Rules hold functions that do not pickle: workers rebuild them from the codes and settings, once each.
    spec = (options.enabled, options.today, options.severities, options.config, options.laws)
    chunk = max(1, min(64, len(files) // (jobs * 4)))
    results = []
    with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(spec,)) as pool:
        for done, result in enumerate(pool.map(_check_in_worker, files, chunksize=chunk), 1):
            results.append(result)
            if progress:
                progress(done)
    return results


_worker_options: Options | None = None


def _start_worker(spec: tuple[Any, ...]) -> None:
    global _worker_options
    enabled, today, severities, config, laws = spec
    _worker_options = Options.default(enabled=enabled, today=today, severities=severities, config=config, laws=laws)


def _check_in_worker(file: str) -> FileResult:
    assert _worker_options is not None
    return _check_safely(file, _worker_options)


def _check_safely(file: str, options: Options) -> FileResult:
    try:
        return check_file(file, options)
    except Exception as error:
        return internal_error(file, error)


def expand_paths(paths: Iterable[str]) -> Iterator[str]:
    """Files as given; directories searched recursively for the *.yaml and *.yml files that declare a
    `schema_version` (declares_schema_version), in sorted order.

    A policy name that is a broken or looping symbolic link is kept, so that it is reported rather than skipped.
    """
    for path in paths:
        if path != STDIN and _is_dir(path):
            yield from sorted(_policy_files(path), key=lambda p: Path(p).parts)
        else:
            yield path


def _policy_files(folder: str) -> Iterator[str]:
    """*.yaml and *.yml under `folder`, without recursion (a tree thousands of folders deep is fine) and without
    following links to folders (a link to its own parent would never end)."""
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue  # an unreadable folder holds nothing we can check
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                pending.append(entry.path)
            elif os.path.splitext(entry.name)[1] in POLICY_SUFFIXES and (
                    entry.is_symlink() or (entry.is_file() and declares_schema_version(entry.path))):
                yield str(Path(entry.path))  # as pathlib spells it: ./a.yaml is a.yaml


# A policy says which schema it is written against in a top-level `schema_version` key. A folder holds other YAML
# too (.pre-commit-config.yaml, CI workflows): only files that declare one are policies. A named file is always read.
_SCHEMA_VERSION_KEY = re.compile(rb"^(?:schema_version|\"schema_version\"|'schema_version')[ \t]*:", re.MULTILINE)
DECLARATION_BYTES = 65536  # where the key is looked for: a policy names its schema first


def declares_schema_version(path: str) -> bool:
    """Whether a YAML file has a top-level `schema_version` key in its first DECLARATION_BYTES bytes."""
    try:
        with open(path, "rb") as handle:
            return _SCHEMA_VERSION_KEY.search(handle.read(DECLARATION_BYTES)) is not None
    except OSError:
        return True  # unreadable: keep it, so that it is reported rather than silently skipped


def _is_dir(path: str) -> bool:
    try:
        return Path(path).is_dir()
    except (OSError, ValueError):  # a name too long, or with a NUL byte: the loader reports it
        return False


def internal_error(path: str, error: BaseException) -> FileResult:
    """A bug in policylint, reported as an input error so one bad file never stops the others."""
    message = f"internal error ({type(error).__name__}: {error}); please report it"
    return FileResult(path, error=InputError(findings.UNREADABLE, message))


def fails(results: Iterable[FileResult], fail_on: Severity, exempt_drafts: bool = True) -> bool:
    """Whether any finding is at or above `fail_on`. A draft's findings are its to-do list and fail nothing unless
    `exempt_drafts` is off (a draft that is not schema-valid is no draft: `draft` is set only on valid documents)."""
    rank = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}
    return any(rank[f.severity] >= rank[fail_on] for r in results if not (exempt_drafts and r.draft)
               for f in r.findings)
