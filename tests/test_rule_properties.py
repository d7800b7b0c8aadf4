"""Properties of the rules over generated and real policies: no crash, deterministic, and fixing what a finding
names removes that finding."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
from conftest import POLICIES
from hypothesis import HealthCheck, given, settings
from strategies import policies

from policylint.findings import Finding, JsonPath
from policylint.lint import lint
from policylint.loader import LoadedDocument, load
from policylint.rules import all_rules
from policylint.validate import is_valid

TODAY = date(2026, 11, 22)
RULES = all_rules()
BY_CODE = {r.code: r for r in RULES}


def document(data: dict[str, Any]) -> LoadedDocument:
    return LoadedDocument("generated.yaml", "", data, {}, {})


def without(data: dict[str, Any], path: JsonPath) -> dict[str, Any] | None:
    """The document with the node at `path` removed, or its nearest ancestor whose removal keeps it schema-valid."""
    for depth in range(len(path), 0, -1):
        candidate = copy.deepcopy(data)
        parent: Any = candidate
        for part in path[: depth - 1]:
            parent = parent[part]
        del parent[path[depth - 1]]
        if is_valid(candidate):
            return candidate
    return None


def check_fixes(data: dict[str, Any], found: list[Finding], limit: int = 12) -> int:
    checked = 0
    for finding in found:
        if not BY_CODE[finding.code].fixed_by_removal or checked >= limit:
            continue
        fixed = without(data, finding.json_path)
        if fixed is None:
            continue
        before = sum(f.code == finding.code for f in found)
        after = sum(f.code == finding.code for f in lint(document(fixed), RULES, TODAY))
        assert after < before, f"removing {finding.json_path} did not remove {finding.code}: {finding.message}"
        checked += 1
    return checked


@pytest.mark.slow
@settings(max_examples=80, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(policies())
def test_rules_never_crash_are_deterministic_and_fixes_remove_findings(policy: dict[str, Any]) -> None:
    first = lint(document(policy), RULES, TODAY)
    second = lint(document(copy.deepcopy(policy)), RULES, TODAY)
    assert first == second
    assert all(f.code in BY_CODE for f in first)
    check_fixes(policy, first)


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.stem)
def test_fixing_a_real_policys_findings_removes_them(policy: Any) -> None:
    data = load(policy).data
    assert check_fixes(data, lint(document(data), RULES, TODAY), limit=50) > 0
