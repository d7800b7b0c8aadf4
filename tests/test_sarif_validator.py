"""policylint's SARIF under Microsoft's SARIF validator, with its GitHub rule sets (issue 16, item 4): what GitHub code
scanning asks of a log (rules with short and full descriptions and help, results with locations and messages) as well
as the SARIF specification's own checks.

The validator is `Sarif.Multitool validate` from the npm package @microsoft/sarif-multitool (a .NET program shipped
per platform), pinned by tests/js/package-lock.json and installed by `npm ci --prefix tests/js`, as for
tests/test_schema_ajv.py: without node and npm these tests skip, and under .ci/run (POLICYLINT_REQUIRE_NODE=1) fail.
The validator's results are read from the SARIF log it writes; notes (its suggestions, such as Pascal-case rule
names or code snippets) are allowed, errors and warnings are not.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import CLEAN_POLICY, REPO, TODAY
from test_history import DONKEY, git, three_material_changes
from test_schema_ajv import JS, node_with_packages

pytestmark = pytest.mark.slow  # each run of the validator takes one to two seconds

INSTALL = ("these tests run Microsoft's SARIF validator (npm's @microsoft/sarif-multitool): install node and npm "
           "(Debian, Ubuntu: apt-get install nodejs npm), then `npm ci --prefix tests/js`")
CONFIG = REPO / "tests" / "data" / "sarif-multitool-config.xml"
# Sarif: the specification's rules (SARIF1xxx, SARIF2xxx); Gh and Ghas: GitHub's and GitHub Advanced Security's
# ingestion rules (GH1xxx, GH2xxx). `--level` reports notes too, so that the counts below are of everything.
RULE_KINDS = "Sarif;Gh;Ghas"
DISABLED_IN_CONFIG = "WRN999.RuleExplicitlyDisabled"  # the validator's note that CONFIG turned SARIF2006 off


@pytest.fixture(scope="module")
def multitool() -> str:
    """The validator's executable."""
    node = node_with_packages(INSTALL)
    found = subprocess.run([node, "-p", "require('@microsoft/sarif-multitool')"], cwd=JS, capture_output=True,
                           text=True, timeout=60)
    assert found.returncode == 0, found.stderr
    path = Path(found.stdout.strip())
    # The platform package's postinstall only makes the binary executable; `npm ci --ignore-scripts` skips it.
    if not os.access(path, os.X_OK):
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def validate(multitool: str, log: Path) -> list[str]:
    """The validator's errors and warnings for one SARIF log, one line each, after checking that the validator itself
    ran cleanly."""
    out = log.with_suffix(".validation.sarif")
    # The validator reads no culture data: invariant globalization spares it libicu, which not every machine has.
    env = {**os.environ, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1", "DOTNET_CLI_TELEMETRY_OPTOUT": "1"}
    done = subprocess.run([multitool, "validate", str(log), "--rule-kind", RULE_KINDS, "--level", "Error;Warning;Note",
                           "--config", str(CONFIG), "--output", str(out), "--log", "ForceOverwrite"],
                          capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0 and out.is_file(), done.stdout + done.stderr
    run = json.loads(out.read_text(encoding="utf-8-sig"))["runs"][0]
    [invocation] = run["invocations"]
    assert invocation["executionSuccessful"], done.stdout
    assert not invocation.get("toolExecutionNotifications"), invocation["toolExecutionNotifications"]
    configuration = [n["descriptor"]["id"] for n in invocation.get("toolConfigurationNotifications", [])]
    assert configuration == [DISABLED_IN_CONFIG], configuration
    rules = run["tool"]["driver"].get("rules", [])
    return [f"{r['ruleId']} [{r.get('level', 'warning')}] {_message(r, rules)}" for r in run.get("results", [])
            if r.get("level", "warning") in ("error", "warning")]


def _message(result: dict[str, Any], rules: list[dict[str, Any]]) -> str:
    """A result's message: the validator writes a message id and arguments, its rule holds the text."""
    message = result["message"]
    if "text" in message:
        return str(message["text"])
    rule = next(r for r in rules if r["id"] == result["ruleId"])
    return str(rule["messageStrings"][message["id"]]["text"].format(*message.get("arguments", [])))


def sarif_of(cwd: Path, *args: str) -> Path:
    """policylint check's SARIF, as the command line writes it (run in `cwd`), in a file."""
    done = subprocess.run([sys.executable, "-m", "policylint", "check", "--output-format", "sarif", *args], cwd=cwd,
                          capture_output=True, timeout=300)
    assert done.returncode in (0, 1, 2), done.stderr
    path = cwd / "policylint.sarif"
    path.write_bytes(done.stdout)
    return path


@pytest.fixture
def bundled_log(tmp_path: Path) -> Path:
    done = subprocess.run([sys.executable, "-m", "policylint", "check", "--today", TODAY, "--output-format", "sarif",
                           "policies/"], cwd=REPO, capture_output=True, timeout=300)
    assert done.returncode == 1, done.stderr  # the bundled policies have findings
    path = tmp_path / "bundled.sarif"
    path.write_bytes(done.stdout)
    return path


def test_the_bundled_policies_sarif_passes_the_validator_with_githubs_rules(multitool: str,
                                                                          bundled_log: Path) -> None:
    log = json.loads(bundled_log.read_text(encoding="utf-8"))
    assert len(log["runs"][0]["results"]) > 50 and log["runs"][0]["tool"]["driver"]["rules"]
    assert validate(multitool, bundled_log) == []


def test_input_errors_and_schema_errors_pass_the_validator(multitool: str, tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text('schema_version: "2.0"\ndocument:\n  title: [unclosed\n')  # PL001
    (tmp_path / "twice.yaml").write_text("a: 1\na: 2\n")  # PL002
    (tmp_path / "typo.yaml").write_text(CLEAN_POLICY.replace("  name: Example Ltd\n", "  nmae: Example Ltd\n"))
    log_path = sarif_of(tmp_path, "--today", TODAY, "broken.yaml", "twice.yaml", "typo.yaml")
    run = json.loads(log_path.read_text(encoding="utf-8"))["runs"][0]
    errors = run["invocations"][0]["toolExecutionNotifications"]
    assert sorted(n["associatedRule"]["id"] for n in errors) == ["PL001", "PL002"]
    assert {"PL101", "PL102"} <= {r["ruleId"] for r in run["results"]}
    assert validate(multitool, log_path) == []


def test_history_findings_pass_the_validator(multitool: str, tmp_path: Path) -> None:
    (tmp_path / "donkey.yaml").write_text(DONKEY.read_text(encoding="utf-8"), encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "policy")
    (tmp_path / "donkey.yaml").write_text(three_material_changes(DONKEY.read_text(encoding="utf-8")),
                                          encoding="utf-8")
    log_path = sarif_of(tmp_path, "--today", TODAY, "--since", "HEAD", "donkey.yaml")
    run = json.loads(log_path.read_text(encoding="utf-8"))["runs"][0]
    assert "PL901" in {r["ruleId"] for r in run["results"]}
    rules = run["tool"]["driver"]["rules"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in run["results"])
    assert validate(multitool, log_path) == []


def test_the_validator_does_report_what_github_requires(multitool: str, bundled_log: Path) -> None:
    """The counter-check: with its help and full description taken off one rule, the same log fails GitHub's
    reportingDescriptor rule, so the runs above did apply GitHub's rules."""
    log = json.loads(bundled_log.read_text(encoding="utf-8"))
    stripped = log["runs"][0]["tool"]["driver"]["rules"][0]
    del stripped["help"], stripped["fullDescription"]
    bundled_log.write_text(json.dumps(log), encoding="utf-8")
    found = validate(multitool, bundled_log)
    assert found and all(line.startswith("GH2012 [error]") for line in found), found
    assert any("'fullDescription'" in line for line in found) and any("'help'" in line for line in found)
