"""Configuration (pyproject.toml or policylint.toml, found by walking up) and suppression comments."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CLEAN_POLICY, TODAY

STALE = CLEAN_POLICY.replace('effective_date: {date: "2026-01-01"}', 'effective_date: {date: "2020-01-01"}').replace(
    'last_updated: {date: "2026-06-01"}', 'last_updated: {date: "2020-06-01"}')


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()  # a repository: the configuration search stops at its top level
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "p.yaml").write_text(STALE)
    monkeypatch.chdir(tmp_path / "policies")  # the configuration is found by walking up from here
    return tmp_path


def codes(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [line.split()[1] for line in result.stdout.splitlines()]


def test_without_configuration_every_rule_runs(run_cli, project: Path) -> None:
    assert codes(run_cli("check", "--today", TODAY, "p.yaml")) == ["PL210"]


def test_pyproject_ignore_is_found_walking_up(run_cli, project: Path) -> None:
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.policylint]\nignore = ["stale-policy"]\n')
    result = run_cli("check", "--today", TODAY, "p.yaml")
    assert (result.exit_code, codes(result)) == (0, [])


def test_policylint_toml_select_and_severity_and_fail_on(run_cli, project: Path) -> None:
    (project / "policylint.toml").write_text('select = ["core"]\nfail-on = "error"\n[severity]\nPL210 = "error"\n')
    result = run_cli("check", "--today", TODAY, "p.yaml")
    assert result.exit_code == 1
    assert "PL210 [error]" in result.stdout


def test_per_file_ignores_use_globs_relative_to_the_configuration(run_cli, project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.policylint.per-file-ignores]\n"policies/*.yaml" = ["PL210"]\n')
    assert codes(run_cli("check", "--today", TODAY, "p.yaml")) == []


def test_command_line_flags_override_the_configuration(run_cli, project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.policylint]\nignore = ["PL210"]\nfail-on = "info"\n')
    assert codes(run_cli("check", "--today", TODAY, "--isolated", "p.yaml")) == ["PL210"]
    result = run_cli("check", "--today", TODAY, "--select", "PL210", "--fail-on", "error", "--isolated", "p.yaml")
    assert (result.exit_code, codes(result)) == (0, ["PL210"])


@pytest.mark.parametrize("config,message", [
    ('[tool.policylint]\nignore = ["PL999"]\n', "unknown rule code, name or profile 'PL999'"),
    ('[tool.policylint]\nselect = ["not-a-rule"]\n', "unknown rule code, name or profile 'not-a-rule'"),
    ('[tool.policylint]\nfail-on = "fatal"\n', "fail-on must be one of error, warning, info"),
    ('[tool.policylint]\nignor = ["PL210"]\n', "unknown setting(s) ignor"),
    ('[tool.policylint\nignore = ["PL210"]\n', "not valid TOML"),
    ('[tool.policylint]\nignore = "PL210"\nseverity = ["x"]\n', "severity must be a table"),
])
def test_bad_configuration_exits_2_with_one_line(run_cli, project: Path, config: str, message: str) -> None:
    (project / "pyproject.toml").write_text(config)
    result = run_cli("check", "--today", TODAY, "p.yaml")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr and len(result.stderr.splitlines()) == 1


def test_unknown_codes_on_the_command_line_exit_2(run_cli, project: Path) -> None:
    result = run_cli("check", "--ignore", "PL9", "p.yaml")
    assert result.exit_code == 2 and "unknown rule code" in result.stderr


def write(project: Path, text: str) -> None:
    (project / "policies" / "p.yaml").write_text(text)


def test_a_suppression_comment_suppresses_its_node_and_subtree(run_cli, project: Path) -> None:
    write(project, STALE.replace("  last_updated:", "  # policylint: ignore[PL210] reason: archived copy, kept for "
                                                   "the record\n  last_updated:"))
    result = run_cli("check", "--today", TODAY, "p.yaml")
    assert (result.exit_code, result.stdout) == (0, "")


def test_a_trailing_suppression_comment_works_too(run_cli, project: Path) -> None:
    write(project, STALE.replace('last_updated: {date: "2020-06-01"}',
                                 'last_updated: {date: "2020-06-01"}  # policylint: ignore[PL210] reason: archived'))
    assert run_cli("check", "--today", TODAY, "p.yaml").stdout == ""


def test_a_suppression_without_a_reason_suppresses_nothing_and_is_reported(run_cli, project: Path) -> None:
    write(project, STALE.replace('last_updated: {date: "2020-06-01"}',
                                 'last_updated: {date: "2020-06-01"}  # policylint: ignore[PL210]'))
    assert codes(run_cli("check", "--today", TODAY, "p.yaml")) == ["PL210", "PL181"]


def test_a_suppression_that_suppresses_nothing_is_reported(run_cli, project: Path) -> None:
    write(project, CLEAN_POLICY.replace("recipients: []", "recipients: []  # policylint: ignore[PL217] reason: x"))
    result = run_cli("check", "--today", TODAY, "--fail-on", "warning", "p.yaml")
    assert codes(result) == ["PL180"] and result.exit_code == 1


def test_a_suppression_naming_an_unknown_code_is_reported(run_cli, project: Path) -> None:
    write(project, CLEAN_POLICY.replace("recipients: []", "recipients: []  # policylint: ignore[PL999] reason: x"))
    assert codes(run_cli("check", "--today", TODAY, "p.yaml")) == ["PL182"]


def test_a_suppression_covers_only_its_own_subtree(run_cli, project: Path) -> None:
    write(project, STALE.replace('  effective_date: {date: "2020-01-01"}',
                                 '  effective_date: {date: "2020-01-01"}  # policylint: ignore[PL210] reason: x'))
    # PL210 points at last_updated, which the suppression on effective_date does not cover.
    assert codes(run_cli("check", "--today", TODAY, "p.yaml")) == ["PL180", "PL210"]
