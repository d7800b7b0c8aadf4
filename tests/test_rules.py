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


def findings_for(code: str, fragment: str) -> list[str]:
    rule = next(r for r in RULES if r.code == code)
    return [f.message for f in lint(parse(example_policy(fragment), "example.yaml"), [rule], TODAY)]


@pytest.mark.parametrize(("cited", "points"), [
    ("GDPR Article 6 (1), point (a)", {"a"}), ("Article 6 (1) point (f) of the GDPR", {"f"}),
    ("Art. 6 para. 1 lit. f GDPR", {"f"}), ("Art.6(1)(b)", {"b"}), ("Art 6(1)(a) and 9(2)(a)", {"a"}),
    ("Article 16(1)(a)", set()), ("Article 46(1)", set()), ("Article 7 (3) of the GDPR", set())])
def test_article_6_points_are_read_from_citations(cited: str, points: set[str]) -> None:
    from policylint.rules.gdpr import cited_article_6_points

    assert cited_article_6_points(cited) == points


ANALYTICS = """
        cookies:
          technologies:
            - {id: ga, technology: analytics_tool, category: analytics, name: Google Analytics}
"""


def test_uk_rules_alone_exempt_analytics_but_not_advertising_trackers() -> None:
    uk = "\n        frameworks:\n          - framework: uk_gdpr\n"
    assert findings_for("PL321", uk + ANALYTICS) == []
    assert findings_for("PL321", uk + ANALYTICS.replace("category: analytics", "category: advertising"))


def test_trackers_set_until_refused_are_not_consented() -> None:
    fragment = "\n        frameworks:\n          - framework: gdpr\n" + ANALYTICS.replace(
        "cookies:\n", "cookies:\n          consent: opt_out\n")
    assert any("until the person refuses" in m for m in findings_for("PL321", fragment))


def test_cookie_consent_needs_a_withdrawal_right() -> None:
    fragment = "\n        frameworks:\n          - framework: gdpr\n" + ANALYTICS.replace(
        "cookies:\n", "cookies:\n          consent: opt_in\n")
    assert findings_for("PL307", fragment) == [
        "processing rests on consent (cookies set once the person agrees) but the policy does not state the right to "
        "withdraw it"]
