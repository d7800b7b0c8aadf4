"""The rules: each one small unit with its code, name, profile, severity, citation, rationale, and a failing and a
passing example, registered with the `@rule` decorator in the module of its profile.

A rule is a function from the policy model to violations. It sees only schema-valid documents. Its examples are YAML
fragments of top-level keys laid over a minimal policy (`example_policy`); the test suite runs every rule on both.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from policylint.findings import JsonPath, Severity
from policylint.model import PROFILES, Policy

RULE_MODULES = ("core", "gdpr", "uk_gdpr", "dpf", "ccpa", "california", "coppa")


@dataclass(frozen=True)
class Violation:
    """What a rule reports: the node at fault, a message, and any other places the message refers to."""

    path: JsonPath
    message: str
    related: tuple[JsonPath, ...] = ()


Check = Callable[[Policy], Iterable[Violation]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    profile: str
    severity: Severity
    summary: str
    citation: str | None
    rationale: str
    fails: str
    passes: str
    check: Check = field(repr=False)
    citation_note: str | None = None  # where the legal basis is uncertain, what is in doubt
    # Whether removing the node a violation names removes the violation (a contradiction, a bad value); rules
    # about something missing are fixed by adding instead, as their passing examples show.
    fixed_by_removal: bool = False

    def run(self, policy: Policy) -> Iterator[Violation]:
        yield from self.check(policy)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "profile": self.profile, "severity": self.severity.value,
                "summary": self.summary, "citation": self.citation, "citation_note": self.citation_note,
                "rationale": self.rationale, "fails": self.fails, "passes": self.passes}


def listed(names: list[str], most: int = 4) -> str:
    """Names in a message: the first `most`, then how many more."""
    return ", ".join(names[:most]) + (f" and {len(names) - most} more" if len(names) > most else "")


_REGISTRY: dict[str, Rule] = {}


def rule(*, code: str, name: str, profile: str, severity: str, summary: str, citation: str | None, rationale: str,
         fails: str, passes: str, citation_note: str | None = None,
         fixed_by_removal: bool = False) -> Callable[[Check], Check]:
    """Register a rule. The decorated function yields Violations for one policy."""
    if profile not in PROFILES:
        raise ValueError(f"{code}: unknown profile {profile!r}")

    def register(check: Check) -> Check:
        if code in _REGISTRY or any(r.name == name for r in _REGISTRY.values()):
            raise ValueError(f"rule {code} {name} is registered twice")
        _REGISTRY[code] = Rule(code, name, profile, Severity(severity), summary, citation, rationale,
                               _dedent(fails), _dedent(passes), check, citation_note, fixed_by_removal)
        return check

    return register


def all_rules() -> list[Rule]:
    """Every rule, by code."""
    for module in RULE_MODULES:
        importlib.import_module(f"policylint.rules.{module}")
    return sorted(_REGISTRY.values(), key=lambda r: r.code)


def find_rule(code_or_name: str) -> Rule | None:
    wanted = code_or_name.strip()
    return next((r for r in all_rules() if wanted.upper() == r.code or wanted.lower() == r.name), None)


EXAMPLE_BASE = """\
schema_version: "2.0"
document:
  title: Example privacy policy
organisation:
  name: Example Ltd
contacts: []
frameworks: []
data_categories: []
purposes: []
recipients: []
retention: []
negative_statements: []
"""


def example_policy(fragment: str) -> str:
    """A rule example as a whole document: the fragment's top-level keys replace the minimal policy's."""
    import yaml  # only the tests and `policylint rule` need this

    base = yaml.safe_load(EXAMPLE_BASE)
    base.update(yaml.safe_load(fragment) or {})
    return yaml.safe_dump(base, sort_keys=False, allow_unicode=True)


def _dedent(text: str) -> str:
    import textwrap

    return textwrap.dedent(text).strip() + "\n"
