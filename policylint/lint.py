"""Run the rules over a schema-valid document and turn their violations into findings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from policylint.findings import MAX_RELATED, Finding, JsonPath, Severity
from policylint.loader import LoadedDocument
from policylint.model import Policy
from policylint.rules import Rule, Violation


def lint(doc: LoadedDocument, rules: Iterable[Rule], today: date, severities: dict[str, Severity] | None = None,
         policy: Policy | None = None) -> list[Finding]:
    """Findings of every rule whose profile the policy switches on (`policy`: the model of `doc`, when the caller
    has built it with the laws the configuration says apply)."""
    policy = policy or Policy(doc.data, today)
    result: list[Finding] = []
    for rule in rules:
        if rule.profile not in policy.profiles:
            continue
        severity = (severities or {}).get(rule.code, rule.severity)
        # A finding that rests on a law the text does not name says why that law's rules ran.
        grounds = policy.grounds(rule.profile)
        for violation in rule.run(policy):
            if grounds:
                violation = replace(violation, message=f"{violation.message} (rests on applicability: {grounds})")
            result.append(_finding(doc, rule, severity, violation))
    return sorted(result, key=lambda f: f.sort_key)


def _finding(doc: LoadedDocument, rule: Rule, severity: Severity, violation: Violation) -> Finding:
    line, col = _location(doc, violation.path)
    # N statements each contradicted by the same M items would otherwise carry N x M places into every format.
    related = tuple((p, *_location(doc, p)) for p in violation.related[:MAX_RELATED])
    return Finding(doc.path, line, col, rule.code, rule.name, violation.message, severity, violation.path, related)


def _location(doc: LoadedDocument, path: JsonPath) -> tuple[int, int]:
    # A mapping entry is best pointed at by its key; a list item or the root by its value.
    if path and isinstance(path[-1], str) and path in doc.key_positions:
        return doc.key_positions[path]
    return doc.position(path)

