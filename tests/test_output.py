"""Output formats, the rule command, fail-on and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import CLEAN_POLICY, POLICIES, REPO, TODAY

SARIF_SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
CONTRADICTION = CLEAN_POLICY.replace(
    "  - {id: no-adm, claim: no_automated_decision_making}\n",
    "  - {id: no-adm, claim: no_automated_decision_making}\n"
    "  - {id: no-transfer, claim: no_transfer_to_third_parties}\n",
).replace("recipients: []\n", "recipients:\n  - {id: couriers, kind: shipping_carrier}\n")


def line_of(needle: str) -> int:
    return next(n for n, line in enumerate(CONTRADICTION.splitlines(), 1) if needle in line)


STATEMENT, RECIPIENT = line_of("id: no-transfer"), line_of("id: couriers")


@pytest.fixture
def policy_with_findings(tmp_path: Path) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(CONTRADICTION)
    return path


def test_concise_names_severity_rule_and_both_places(run_cli, policy_with_findings: Path) -> None:
    result = run_cli("check", "--today", TODAY, "--output-format", "concise", str(policy_with_findings))
    assert result.exit_code == 1
    assert result.stdout == (
        f"{policy_with_findings}:{STATEMENT}:5: PL217 [error] 'no_transfer_to_third_parties' (statement 'no-transfer') "
        "is contradicted by the "
        f"third-party recipients: couriers (see line {RECIPIENT}) (no-transfer-contradicted)\n")


def test_full_shows_the_source_line_and_the_related_one(run_cli, policy_with_findings: Path) -> None:
    result = run_cli("check", "--today", TODAY, "--output-format", "full", str(policy_with_findings))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == str(policy_with_findings)
    assert f"{STATEMENT}:5  error  'no_transfer_to_third_parties' (statement 'no-transfer') is contradicted" \
        in lines[1]
    assert lines[2] == f"{STATEMENT:>6} |   - {{id: no-transfer, claim: no_transfer_to_third_parties}}"
    assert lines[3] == " " * (len(f"{STATEMENT:>6} | ") + 4) + "^"  # under column 5
    assert lines[4].startswith(f"{RECIPIENT:>6} |   - {{id: couriers, kind: shipping_carrier}}")
    assert "\x1b[" not in result.stdout  # not a terminal: no colour


def test_json_records(run_cli, policy_with_findings: Path) -> None:
    result = run_cli("check", "--today", TODAY, "--output-format", "json", str(policy_with_findings))
    [record] = json.loads(result.stdout)
    assert record["code"] == "PL217" and record["name"] == "no-transfer-contradicted"
    assert record["location"] == {"row": STATEMENT, "column": 5}
    assert record["json_path"] == "$.negative_statements[1]"
    assert record["related"] == [{"json_path": "$.recipients[0]", "location": {"row": RECIPIENT, "column": 5}}]


def test_github_annotations(run_cli, policy_with_findings: Path) -> None:
    result = run_cli("check", "--today", TODAY, "--output-format", "github", str(policy_with_findings))
    assert result.stdout.startswith(f"::error file={policy_with_findings},line={STATEMENT},col=5,"
                                    "title=PL217 no-transfer-contradicted::'no_transfer_to_third_parties' (statement "
                                    "'no-transfer') is")


def test_sarif_validates_against_the_sarif_2_1_0_schema(run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = run_cli("check", "--today", TODAY, "--output-format", "sarif", *(str(p.relative_to(REPO))
                                                                               for p in POLICIES))
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    run = log["runs"][0]
    assert run["results"], "the bundled policies have findings"
    rules = run["tool"]["driver"]["rules"]
    for entry in run["results"]:
        uri = entry["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri.startswith("policies/") and not uri.startswith("/")
        assert rules[entry["ruleIndex"]]["id"] == entry["ruleId"]
        assert entry["partialFingerprints"]["policylint/v1"]
    cited = [r for r in rules if r.get("properties", {}).get("citation")]
    assert len(cited) > 40


def test_fingerprints_survive_moved_lines(run_cli, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir(), second.mkdir()
    (first / "policy.yaml").write_text(CONTRADICTION)
    (second / "policy.yaml").write_text("# a comment that moves every line down\n\n" + CONTRADICTION)

    def prints(directory: Path) -> list[tuple[int, str]]:
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(directory)
            log = json.loads(run_cli("check", "--today", TODAY, "--output-format", "sarif", "policy.yaml").stdout)
        return [(r["locations"][0]["physicalLocation"]["region"]["startLine"],
                 r["partialFingerprints"]["policylint/v1"]) for r in log["runs"][0]["results"]]

    before, after = prints(first), prints(second)
    assert before
    assert [line + 2 for line, _ in before] == [line for line, _ in after]
    assert [fp for _, fp in before] == [fp for _, fp in after]


def test_fail_on_decides_the_exit_status(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(CLEAN_POLICY.replace('last_updated: {date: "2026-06-01"}', 'last_updated: {date: "2026-06"}'))
    info_only = run_cli("check", "--today", TODAY, str(path))
    assert "PL211 [info]" in info_only.stdout and info_only.exit_code == 0
    assert run_cli("check", "--today", TODAY, "--fail-on", "info", str(path)).exit_code == 1
    assert run_cli("check", "--today", TODAY, "--fail-on", "warning", str(path)).exit_code == 0


def test_rule_explains_one_rule_by_code_or_name(run_cli) -> None:
    by_code = run_cli("rule", "PL217")
    by_name = run_cli("rule", "no-transfer-contradicted")
    assert by_code.exit_code == 0 and by_code.stdout == by_name.stdout
    assert by_code.stdout.startswith("PL217 no-transfer-contradicted\n")
    assert "Legal basis: FTC Act s.5" in by_code.stdout and "Fails" in by_code.stdout
    assert run_cli("rule", "PL999").exit_code == 2


def test_rule_all_as_json_lists_every_rule(run_cli) -> None:
    rules = json.loads(run_cli("rule", "--all", "--output-format", "json").stdout)
    assert len(rules) >= 40
    assert len({r["code"] for r in rules}) == len(rules)
    assert {r["profile"] for r in rules} == {"core", "gdpr", "uk-gdpr", "dpf", "ccpa", "caloppa", "shine-the-light",
                                             "coppa"}
    assert all(r["citation_note"] for r in rules if r["profile"] == "dpf" and r["citation"].startswith("DPF"))


def test_rule_all_lists_every_rule_with_its_citation(run_cli) -> None:
    from policylint.rules import all_rules

    lines = run_cli("rule", "--all").stdout.splitlines()
    rules = all_rules()
    assert len(lines) == len(rules)
    for line, r in zip(lines, rules, strict=True):
        assert line.startswith(f"{r.code}  {r.name} ")
        assert line.endswith((r.citation or "no law (a consistency rule)") + (" (uncertain)" if r.citation_note
                                                                              else ""))
