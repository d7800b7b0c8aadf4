"""Every rule, on its own failing and passing examples; and the catalogue's shape."""

from __future__ import annotations

from datetime import date

import pytest

from policylint.lint import lint
from policylint.loader import parse
from policylint.rules import Rule, all_rules, example_policy
from policylint.validate import validate

TODAY = date(2026, 11, 22)
RULES = all_rules()


def codes_for(rule: Rule, fragment: str) -> list[str]:
    doc = parse(example_policy(fragment), "example.yaml")
    assert validate(doc) == [], f"{rule.code}'s example is not schema-valid: {validate(doc)}"
    return [f.code for f in lint(doc, [rule], TODAY)]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.code}-{r.name}")
def test_rule_fires_on_its_failing_example(rule: Rule) -> None:
    assert rule.code in codes_for(rule, rule.fails)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.code}-{r.name}")
def test_rule_is_silent_on_its_passing_example(rule: Rule) -> None:
    assert rule.code not in codes_for(rule, rule.passes)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.code}-{r.name}")
def test_rule_is_documented(rule: Rule) -> None:
    assert rule.name == rule.name.lower() and " " not in rule.name
    assert rule.summary.endswith(".") and len(rule.rationale) > 40
    assert rule.fails != rule.passes
