"""The hooks, consumed by the real pre-commit exactly as users consume them (pre-commit try-repo on this checkout).

The first run builds the hooks' virtualenv (pip install of this repository), which takes a while.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CLEAN_POLICY, REPO

from policylint.loader import parse
from policylint.render import render

pytestmark = pytest.mark.slow  # the whole module: see pyproject's markers

FINDINGS = CLEAN_POLICY.replace(
    "  - {id: no-adm, claim: no_automated_decision_making}\n",
    "  - {id: no-adm, claim: no_automated_decision_making}\n"
    "  - {id: no-transfer, claim: no_transfer_to_third_parties}\n",
).replace("recipients: []\n", "recipients:\n  - {id: couriers, kind: shipping_carrier}\n")


def pre_commit() -> list[str]:
    found = shutil.which("pre-commit") or str(Path(sys.executable).with_name("pre-commit"))
    assert Path(found).exists(), "this test needs pre-commit (pip install -e '.[test]')"
    return [found]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("project")
    (root / "policies" / "rendered").mkdir(parents=True)
    (root / "policies" / "clean.yaml").write_text(CLEAN_POLICY)
    (root / "policies" / "findings.yaml").write_text(FINDINGS)
    (root / "policies" / "broken.yaml").write_text("schema_version: '1.0'\ndocument: [1\n")
    (root / "policies" / "rendered" / "clean.md").write_text(render(parse(CLEAN_POLICY).data, "markdown"))
    (root / "policies" / "rendered" / "findings.md").write_text("# an old rendering\n")
    git = ["git", "-c", "user.email=t@example.com", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "."], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "policies"], cwd=root, check=True)
    return root


def try_repo(project: Path, hook: str, *files: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run([*pre_commit(), "try-repo", str(REPO), hook, "--files", *files], cwd=project, env=env,
                          capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")  # shared: the hook environment is built once


def test_a_clean_policy_passes(project: Path, home: Path) -> None:
    result = try_repo(project, "policylint", "policies/clean.yaml", home=home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout


def test_a_policy_with_findings_fails_with_positions(project: Path, home: Path) -> None:
    result = try_repo(project, "policylint", "policies/findings.yaml", home=home)
    assert result.returncode == 1
    line = next(n for n, text in enumerate(FINDINGS.splitlines(), 1) if "id: no-transfer" in text)
    assert f"policies/findings.yaml:{line}:5: PL217 [error]" in result.stdout


def test_broken_yaml_fails_without_a_traceback(project: Path, home: Path) -> None:
    result = try_repo(project, "policylint", "policies/broken.yaml", home=home)
    assert result.returncode == 1
    assert "policies/broken.yaml:3:1: PL001 YAML syntax error" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_the_render_hook_fails_on_a_stale_rendering_only(project: Path, home: Path) -> None:
    fresh = try_repo(project, "policylint-render", "policies/clean.yaml", home=home)
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    stale = try_repo(project, "policylint-render", "policies/findings.yaml", home=home)
    assert stale.returncode == 1
    assert "policies/rendered/findings.md: is out of date" in stale.stdout
