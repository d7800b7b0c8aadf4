"""Every code is explained (issue 16, item 4): `policylint rule CODE` for the built-in and history checks as for the
rules, docs/rules.md with one heading per code, and SARIF rules with the help and links GitHub code scanning shows."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from conftest import REPO, TODAY
from markdown_it import MarkdownIt

from policylint.findings import BUILTIN_CHECKS
from policylint.history import HISTORY_RULES
from policylint.rule_docs import all_docs, rules_markdown
from policylint.rules import all_rules

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

RULES_MD = REPO / "docs" / "rules.md"
ALL_CODES = [c.code for c in BUILTIN_CHECKS] + [r.code for r in all_rules()] + [h.code for h in HISTORY_RULES]
SCHEMA_CODES = [c.code for c in BUILTIN_CHECKS if c.code.startswith("PL1") and int(c.code[2:]) < 150]


def documentation_url() -> str:
    urls = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]
    return str(urls["Documentation"]).split("#")[0]


def heading_ids(markdown: str) -> dict[str, str]:
    """Each heading's text and the id GitHub gives it, written out here from GitHub's rules (lower case; drop what is
    not a letter, digit, space, '-' or '_'; spaces to '-'), independently of policylint.rule_docs."""
    tokens = MarkdownIt().parse(markdown)
    texts = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    return {text: "".join(ch for ch in text.lower() if ch.isalnum() or ch in " -_").replace(" ", "-")
            for text in texts}


def test_docs_rules_md_is_generated_from_the_code() -> None:
    assert RULES_MD.read_text(encoding="utf-8") == rules_markdown(), (
        "docs/rules.md is out of date: regenerate it with "
        "`policylint rule --all --output-format markdown > docs/rules.md`")


def test_every_code_has_one_heading_in_docs_rules_md() -> None:
    ids = heading_ids(RULES_MD.read_text(encoding="utf-8"))
    for code in ALL_CODES:
        [heading] = [h for h in ids if h.split(" ")[0] == code]
        assert ids[heading].startswith(code.lower() + "-")
    assert len(set(ids.values())) == len(ids), "heading ids are unique, so none gets GitHub's -1 suffix"


@pytest.mark.parametrize("code", ALL_CODES)
def test_policylint_rule_explains_every_code(run_cli, code: str) -> None:
    doc = next(d for d in all_docs() if d.code == code)
    by_code, by_name, lower = run_cli("rule", code), run_cli("rule", doc.name), run_cli("rule", code.lower())
    assert by_code.exit_code == 0 and by_code.stdout == by_name.stdout == lower.stdout
    assert by_code.stdout.startswith(f"{code} {doc.name}\n\n{doc.summary}\n")
    assert doc.explanation and doc.explanation in by_code.stdout
    assert f"More: {doc.help_uri}" in by_code.stdout


@pytest.mark.parametrize("code", SCHEMA_CODES)
def test_schema_codes_point_to_the_schema_reference(run_cli, code: str) -> None:
    assert "docs/schema.md" in run_cli("rule", code).stdout


def test_rule_json_for_a_check(run_cli) -> None:
    doc = json.loads(run_cli("rule", "PL101", "--output-format", "json").stdout)
    assert doc["code"] == "PL101" and doc["kind"] == "built-in check" and doc["severity"] == "error"
    assert doc["help_uri"].endswith("docs/rules.md#pl101-unknown-key")


def test_sarif_rules_carry_what_github_shows(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the validator (tests/test_sarif_validator.py runs it): each rule's fields, and its helpUri leads to
    its heading in docs/rules.md under the project's documentation URL."""
    monkeypatch.chdir(REPO)
    log = json.loads(run_cli("check", "--today", TODAY, "--output-format", "sarif", "policies/").stdout)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    ids = set(heading_ids(RULES_MD.read_text(encoding="utf-8")).values())
    expected = [c.code for c in BUILTIN_CHECKS] + [r.code for r in all_rules()]  # no history check without --since
    assert [r["id"] for r in rules] == expected
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"].startswith(f"**{rule['id']} {rule['name']}**")
        page, anchor = rule["helpUri"].split("#")
        assert page == f"{documentation_url()}/blob/main/docs/rules.md" and anchor in ids
        properties = rule["properties"]
        assert properties["tags"][0] == "privacy" and "security" not in properties["tags"]
        assert properties["precision"] in ("very-high", "high")
        assert properties["problem.severity"] == {"error": "error", "warning": "warning",
                                                  "note": "recommendation"}[rule["defaultConfiguration"]["level"]]
        assert "security-severity" not in properties
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in rules}
    assert levels["PL160"] == "warning" and levels["PL001"] == "error"


def test_docs_rules_md_links_the_schema_reference() -> None:
    text = RULES_MD.read_text(encoding="utf-8")
    assert re.search(r"\]\(schema\.md\)", text)
