"""Configuration: `[tool.policylint]` in pyproject.toml or a policylint.toml, found by walking up from the current
directory; command-line flags override it.

    [tool.policylint]
    select = ["ALL"]                 # codes, code prefixes (PL2), rule names, profiles (gdpr), or ALL
    ignore = ["PL211"]
    fail-on = "warning"              # the lowest severity that makes the exit status 1 (default: error)
    severity = { PL210 = "error" }   # per-code severity overrides
    [tool.policylint.per-file-ignores]
    "policies/archive/*.yaml" = ["PL210"]
"""

from __future__ import annotations

import fnmatch
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from policylint.findings import BUILTIN_CHECKS, Severity

__all__ = ["Catalogue", "Config", "ConfigError", "Severity", "catalogue", "find_config", "load_config"]
from policylint.model import PROFILES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CONFIG_FILES = ("policylint.toml", "pyproject.toml")
_KEYS = {"select", "ignore", "fail-on", "severity", "per-file-ignores"}


class ConfigError(Exception):
    """A configuration that cannot be used: exit status 2."""


@dataclass
class Config:
    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    fail_on: Severity = Severity.ERROR
    severity: dict[str, Severity] = field(default_factory=dict)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    path: Path | None = None  # the file it came from

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()


def find_config(start: Path) -> Path | None:
    """The nearest policylint.toml, or pyproject.toml with a [tool.policylint] table, from `start` upwards."""
    for directory in (start, *start.parents):
        for name in CONFIG_FILES:
            candidate = directory / name
            if candidate.is_file() and (name == "policylint.toml" or _has_policylint_table(candidate)):
                return candidate
    return None


def _has_policylint_table(pyproject: Path) -> bool:
    try:
        return "policylint" in _read_toml(pyproject).get("tool", {})
    except ConfigError:
        return True  # a broken pyproject.toml that may hold our table is reported, not skipped


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    document = _read_toml(path)
    table = document if path.name == "policylint.toml" else document.get("tool", {}).get("policylint", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.policylint] must be a table")
    unknown = set(table) - _KEYS
    if unknown:
        raise ConfigError(f"{path}: unknown setting(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(_KEYS))}")
    config = Config(path=path)
    if "select" in table:
        config.select = _strings(table["select"], path, "select")
    if "ignore" in table:
        config.ignore = _strings(table["ignore"], path, "ignore")
    if "fail-on" in table:
        config.fail_on = _severity(table["fail-on"], path, "fail-on")
    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError(f"{path}: severity must be a table of code = severity")
    config.severity = {code: _severity(value, path, f"severity.{code}") for code, value in severity.items()}
    ignores = table.get("per-file-ignores", {})
    if not isinstance(ignores, dict):
        raise ConfigError(f"{path}: per-file-ignores must be a table of glob = [codes]")
    config.per_file_ignores = {glob: _strings(codes, path, f"per-file-ignores.{glob}")
                               for glob, codes in ignores.items()}
    return config


def _strings(value: Any, path: Path, key: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: {key} must be a list of strings")
    return value


def _severity(value: Any, path: Path | str, key: str) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        raise ConfigError(f"{path}: {key} must be one of error, warning, info, not {value!r}") from None


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


def catalogue(rules: list[Any]) -> Catalogue:
    codes = {check.code: check.name for check in BUILTIN_CHECKS if not check.code.startswith("PL0")}
    codes.update({r.code: r.name for r in rules})
    return Catalogue(codes, {r.code: r.profile for r in rules})


def ignored_for(config: Config, file: str, cat: Catalogue) -> set[str]:
    """Codes the per-file-ignores switch off for one file (globs are relative to the configuration's folder)."""
    if not config.per_file_ignores:
        return set()
    try:
        relative = PurePosixPath(Path(file).resolve().relative_to(config.root.resolve()).as_posix())
    except ValueError:
        relative = PurePosixPath(Path(file).as_posix())
    codes: set[str] = set()
    for glob, selectors in config.per_file_ignores.items():
        if fnmatch.fnmatch(str(relative), glob) or relative.match(glob):
            codes |= cat.expand_all(selectors, f"{config.path}: per-file-ignores")
    return codes
