"""Configuration: `[tool.policylint]` in pyproject.toml or a policylint.toml, found by walking up from the current
directory to the repository's top level (never above it); command-line flags override it.

    [tool.policylint]
    select = ["ALL"]                 # codes, code prefixes (PL2), rule names, profiles (gdpr), or ALL
    ignore = ["PL211"]
    fail-on = "warning"              # the lowest severity that makes the exit status 1 (default: error)
    severity = { PL210 = "error" }   # per-code severity overrides
    max-file-bytes = 10485760        # larger files are refused (PL010) unread
    max-nodes = 100000               # keys and values in one document (PL010)
    max-alias-nodes = 10000          # aliases may expand to this many nodes in all (PL005)
    source-roots = ["../policy-texts"]  # folders outside the repository that evidence sources may be read from
    laws = ["gdpr"]                  # laws that apply to the organisation, whatever the policies name
    [tool.policylint.per-file-ignores]
    "policies/archive/*.yaml" = ["PL210"]
    [tool.policylint.per-file-laws]
    "policies/california/*.yaml" = ["ccpa", "caloppa"]
"""

from __future__ import annotations

import difflib
import fnmatch
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from policylint.findings import BUILTIN_CHECKS, Severity
from policylint.loader import Limits
from policylint.project import is_within, project_root
from policylint.schema import load_schema

__all__ = ["Catalogue", "Config", "ConfigError", "Severity", "catalogue", "find_config", "laws_for", "load_config",
           "locate", "parse_laws", "resolve"]
from policylint.model import PROFILES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CONFIG_FILES = ("policylint.toml", "pyproject.toml")
_KEYS = {"select", "ignore", "fail-on", "severity", "per-file-ignores", "max-file-bytes", "max-nodes",
         "max-alias-nodes", "source-roots", "laws", "per-file-laws"}


class ConfigError(Exception):
    """A configuration that cannot be used: exit status 2. Its text starts with where the problem is."""


def locate(path: Path, key: str) -> str:
    """`path:line:col` of the line that sets `key` (the first one), or just the path when it cannot be found.

    tomllib gives no positions for values; the line that sets a key is where a reader looks to fix it.
    """
    shown = _shown(path)
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return shown
    head = key.split(".")[0]
    pattern = re.compile(rf"^\s*[\"']?{re.escape(head)}[\"']?\s*=|^\s*\[\s*tool\.policylint\.{re.escape(head)}\s*\]")
    for number, line in enumerate(lines, 1):
        if pattern.match(line):
            return f"{shown}:{number}:{len(line) - len(line.lstrip()) + 1}"
    return shown


def _shown(path: Path) -> str:
    """The path as a user would type it from here: relative to the current directory."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)


@dataclass
class Config:
    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    fail_on: Severity = Severity.ERROR
    severity: dict[str, Severity] = field(default_factory=dict)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    limits: Limits = field(default_factory=Limits)
    path: Path | None = None  # the file it came from
    # The repository policylint runs in (see policylint.project), and other folders evidence sources may be read from.
    project: Path = field(default_factory=project_root)
    source_roots: list[Path] = field(default_factory=list)
    # Laws that apply to the organisation (all files, and by glob), whatever the policies name.
    laws: frozenset[str] = frozenset()
    per_file_laws: dict[str, frozenset[str]] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def where(self, key: str) -> str:
        """Where a setting comes from, for messages: `path:line:col`, or "policylint" for the defaults."""
        return locate(self.path, key) if self.path else "policylint"


def find_config(start: Path) -> Path | None:
    """The nearest policylint.toml, or pyproject.toml with a [tool.policylint] table, from `start` up to the
    repository's top level: a file in a folder above the repository (a shared temporary folder, a home folder) is
    not the repository's, and must not switch its checks off."""
    start = Path(os.path.realpath(start))
    root = project_root(start)
    for directory in (start, *start.parents):
        if not is_within(directory, root):
            break
        for name in CONFIG_FILES:
            candidate = directory / name
            if candidate.is_file() and (name == "policylint.toml" or _has_policylint_table(candidate)):
                return candidate
    return None


def _has_policylint_table(pyproject: Path) -> bool:
    try:
        tool = _read_toml(pyproject).get("tool", {})
        return isinstance(tool, dict) and "policylint" in tool
    except ConfigError:
        return True  # a broken pyproject.toml that may hold our table is reported, not skipped


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        if not path.is_file():
            raise ConfigError(f"{_shown(path)}: not a file")
        with path.open("rb") as f:
            raw = f.read(1024 * 1024 + 1)
        if len(raw) > 1024 * 1024:
            raise ConfigError(f"{_shown(path)}: larger than 1 MB; not a configuration file")
        return tomllib.loads(raw.decode("utf-8-sig"))  # -sig: editors on Windows may write a byte order mark
    except tomllib.TOMLDecodeError as error:
        where = re.search(r"\(at line (\d+), column (\d+)\)$", str(error))
        reason = str(error)[: where.start()].strip() if where else str(error)
        location = f"{_shown(path)}:{where[1]}:{where[2]}" if where else _shown(path)
        raise ConfigError(f"{location}: not valid TOML: {reason}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{_shown(path)}: not valid TOML: not UTF-8") from None
    except RecursionError:  # tomllib recurses once per nested array or inline table
        line, col = _deep_nesting_at(raw)
        raise ConfigError(f"{_shown(path)}:{line}:{col}: not a configuration file: arrays or tables nest deeper "
                          "than the TOML reader can follow") from None
    except OSError as error:
        raise ConfigError(f"{_shown(path)}: cannot read: {error.strerror or error}") from None


def _deep_nesting_at(raw: bytes, depth: int = 100) -> tuple[int, int]:
    """Roughly where brackets first nest `depth` deep (strings are not told apart: this only points the reader)."""
    level = 0
    for index, byte in enumerate(raw):
        level += (byte in b"[{") - (byte in b"]}")
        if level >= depth:
            line_start = raw.rfind(b"\n", 0, index) + 1
            return raw.count(b"\n", 0, index) + 1, index - line_start + 1
    return 1, 1


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    document = _read_toml(path)
    tool = document.get("tool")
    if isinstance(tool, dict) and "policylint" in tool:
        table = tool["policylint"]
    elif path.name == "pyproject.toml" or (isinstance(tool, dict) and set(document) <= {"tool", "project"}):
        table = {}  # a pyproject.toml (or another project file) without our table
    else:  # policylint.toml, or a file given with --config: the settings are at the top level
        table = document
    if not isinstance(table, dict):
        raise ConfigError(f"{locate(path, 'policylint')}: [tool.policylint] must be a table")
    unknown = set(table) - _KEYS
    if unknown == {"tool"} and path.name != "pyproject.toml":
        raise ConfigError(f"{locate(path, 'tool')}: {path.name} holds the settings at its top level, without "
                          "[tool.policylint]")
    if unknown:
        first = sorted(unknown)[0]
        raise ConfigError(f"{locate(path, first)}: unknown setting(s) {', '.join(sorted(unknown))}; "
                          f"known: {', '.join(sorted(_KEYS))}")
    config = Config(path=path)
    config.source_roots = [Path(os.path.realpath(path.parent / folder))
                           for folder in _strings(table.get("source-roots", []), path, "source-roots")]
    if "select" in table:
        config.select = _strings(table["select"], path, "select")
    if "ignore" in table:
        config.ignore = _strings(table["ignore"], path, "ignore")
    if "fail-on" in table:
        config.fail_on = _severity(table["fail-on"], path, "fail-on")
    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError(f"{locate(path, 'severity')}: severity must be a table of code = severity")
    config.severity = {code: _severity(value, path, f"severity.{code}") for code, value in severity.items()}
    ignores = table.get("per-file-ignores", {})
    if not isinstance(ignores, dict):
        raise ConfigError(f"{locate(path, 'per-file-ignores')}: per-file-ignores must be a table of glob = [codes]")
    config.per_file_ignores = {glob: _strings(codes, path, f"per-file-ignores.{glob}")
                               for glob, codes in ignores.items()}
    if "" in config.per_file_ignores:
        raise ConfigError(f"{locate(path, 'per-file-ignores')}: per-file-ignores has an empty glob")
    config.laws = parse_laws(_strings(table.get("laws", []), path, "laws"), f"{locate(path, 'laws')}: laws")
    per_file_laws = table.get("per-file-laws", {})
    if not isinstance(per_file_laws, dict):
        raise ConfigError(f"{locate(path, 'per-file-laws')}: per-file-laws must be a table of glob = [laws]")
    config.per_file_laws = {glob: parse_laws(_strings(laws, path, f"per-file-laws.{glob}"),
                                             f"{locate(path, 'per-file-laws')}: per-file-laws.{glob}")
                            for glob, laws in per_file_laws.items()}
    config.limits = Limits(
        max_file_bytes=_positive(table.get("max-file-bytes", config.limits.max_file_bytes), path, "max-file-bytes"),
        max_nodes=_positive(table.get("max-nodes", config.limits.max_nodes), path, "max-nodes"),
        max_alias_nodes=_positive(table.get("max-alias-nodes", config.limits.max_alias_nodes), path,
                                  "max-alias-nodes"))
    return config


LIMIT_CEILING = 2**40  # a terabyte, or a trillion nodes: "no limit" in practice, and still a size Python can read


def _positive(value: Any, path: Path, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= LIMIT_CEILING:
        raise ConfigError(f"{locate(path, key)}: {key} must be a whole number from 1 to {LIMIT_CEILING}, "
                          f"not {value!r:.40}")
    return value


def _strings(value: Any, path: Path, key: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{locate(path, key)}: {key} must be a list of strings")
    return value


def _severity(value: Any, path: Path, key: str) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        raise ConfigError(f"{locate(path, key)}: {key} must be one of error, warning, info, not {value!r}") from None


@dataclass(frozen=True)
class Catalogue:
    """Every code a selector can name: the built-in checks and the rules, with their names and profiles."""

    codes: dict[str, str]  # code -> name
    profiles: dict[str, str]  # code -> profile (rules only)

    def expand(self, selector: str, where: str) -> set[str]:
        """The codes a selector names; an unknown selector is a ConfigError."""
        wanted = selector.strip()
        if wanted.upper() == "ALL":
            return set(self.codes)
        if wanted.lower() in PROFILES:
            return {code for code, profile in self.profiles.items() if profile == wanted.lower()}
        by_name = {code for code, name in self.codes.items() if name == wanted.lower()}
        if by_name:
            return by_name
        matched = {code for code in self.codes if code.startswith(wanted.upper())} if wanted.upper().startswith(
            "PL") else set()
        if not matched:
            raise ConfigError(f"{where}: unknown rule code, name or profile {selector!r}")
        return matched

    def expand_all(self, selectors: list[str], where: str) -> set[str]:
        return set().union(*(self.expand(s, where) for s in selectors)) if selectors else set()


def resolve(config: Config, cat: Catalogue) -> dict[str, Severity]:
    """Check every selector in the configuration now (not when a file first matches a per-file glob), and return
    the severity of each code. Severity keys may be codes, prefixes, names or profiles, as selectors are; the most
    specific wins."""
    for glob, codes in config.per_file_ignores.items():
        cat.expand_all(codes, f"{config.where('per-file-ignores')}: per-file-ignores.{glob}")
    ordered = sorted(config.severity.items(), key=lambda item: _specificity(item[0]))
    return {code: severity for key, severity in ordered
            for code in cat.expand(key, f"{config.where('severity')}: severity")}


def _specificity(selector: str) -> tuple[int, int]:
    """Sort key: ALL, then profiles, then prefixes by length, then names (applied last, so they win)."""
    wanted = selector.strip()
    if wanted.upper() == "ALL":
        return (0, 0)
    if wanted.lower() in PROFILES:
        return (1, 0)
    return (2, len(wanted)) if wanted.upper().startswith("PL") else (3, 0)


def catalogue(rules: list[Any]) -> Catalogue:
    codes = {check.code: check.name for check in BUILTIN_CHECKS if not check.code.startswith("PL0")}
    codes.update({r.code: r.name for r in rules})
    return Catalogue(codes, {r.code: r.profile for r in rules})


def ignored_for(config: Config, file: str, cat: Catalogue) -> set[str]:
    """Codes the per-file-ignores switch off for one file (globs are relative to the configuration's folder)."""
    if not config.per_file_ignores:
        return set()
    codes: set[str] = set()
    for glob in _matching(config, file, config.per_file_ignores):
        codes |= cat.expand_all(config.per_file_ignores[glob], f"{config.where('per-file-ignores')}: per-file-ignores")
    return codes


def laws_for(config: Config, file: str) -> frozenset[str]:
    """The laws the configuration says apply to one file's organisation: `laws`, and `per-file-laws` that match."""
    if not config.per_file_laws:
        return config.laws
    return config.laws.union(*(config.per_file_laws[glob] for glob in _matching(config, file, config.per_file_laws)))


def _matching(config: Config, file: str, table: dict[str, Any]) -> list[str]:
    """The globs of a per-file table that match `file` (relative to the configuration's folder)."""
    try:
        relative = PurePosixPath(Path(file).resolve().relative_to(config.root.resolve()).as_posix())
    except ValueError:
        relative = PurePosixPath(Path(file).as_posix())
    return [glob for glob in table if fnmatch.fnmatch(str(relative), glob) or relative.match(glob)]


def parse_laws(names: list[str], where: str) -> frozenset[str]:
    """Law names as the schema's `framework` values (gdpr, uk_gdpr, ccpa...); an unknown one is a ConfigError."""
    known = set(load_schema()["$defs"]["framework"]["enum"]) - {"other"}  # `other` needs a name: not a law to assume
    laws = {name.strip().lower() for name in names if name.strip()}
    for law in sorted(laws - known):
        close = difflib.get_close_matches(law, sorted(known), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ConfigError(f"{where}: unknown law {law!r}{hint}; known: {', '.join(sorted(known))}")
    return frozenset(laws)
