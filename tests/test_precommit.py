"""The hooks, consumed by the real pre-commit exactly as users consume them (pre-commit try-repo on this checkout).

The first run builds the hooks' virtualenv (pip install of this repository), which takes a while.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CLEAN_POLICY, REPO

from policylint.loader import parse
from policylint.render import render

GIT = ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "commit.gpgsign=false"]
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
    subprocess.run([*GIT, "init", "-q"], cwd=root, check=True)
    subprocess.run([*GIT, "add", "."], cwd=root, check=True)
    subprocess.run([*GIT, "commit", "-qm", "policies"], cwd=root, check=True)
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


def test_the_render_hook_rewrites_a_stale_rendering_and_fails_so_it_is_staged(project: Path, home: Path) -> None:
    fresh = try_repo(project, "policylint-render", "policies/clean.yaml", home=home)
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    stale = try_repo(project, "policylint-render", "policies/findings.yaml", home=home)
    assert stale.returncode == 1
    assert "policies/rendered/findings.md: updated from policies/findings.yaml; stage it" in stale.stdout
    rendered = (project / "policies" / "rendered" / "findings.md").read_text()
    assert rendered == render(parse(FINDINGS).data, "markdown")
    again = try_repo(project, "policylint-render", "policies/findings.yaml", home=home)
    assert again.returncode == 0, again.stdout + again.stderr


def test_the_render_hook_writes_a_missing_rendering(project: Path, home: Path) -> None:
    (project / "policies" / "new.yaml").write_text(CLEAN_POLICY.replace("Example Ltd", "New Ltd"))
    written = try_repo(project, "policylint-render", "policies/new.yaml", home=home)
    assert written.returncode == 1
    assert "policies/rendered/new.md: written from policies/new.yaml; stage it" in written.stdout
    assert "New Ltd" in (project / "policies" / "rendered" / "new.md").read_text()


# policylint-material-change, through real commits --------------------------------------------------------------------

def snapshot(tmp: Path) -> tuple[Path, str]:
    """This checkout as a repository with one commit of its working tree (uncommitted changes included), for a
    .pre-commit-config.yaml to name with a rev, as try-repo does for its own runs."""
    root = tmp / "policylint-snapshot"
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / name)
    subprocess.run([*GIT, "init", "-q"], cwd=root, check=True)
    subprocess.run([*GIT, "add", "."], cwd=root, check=True)
    subprocess.run([*GIT, "commit", "-qm", "snapshot"], cwd=root, check=True)
    return root, subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, check=True, capture_output=True,
                                text=True).stdout.strip()


def hooked_repository(project: Path, home: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """`project` as a new git repository with pre-commit's hook installed (hook environments kept in `home`), and a
    runner of commands in it."""
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), cwd=project, env=env, capture_output=True, text=True, timeout=900)

    run(*GIT, "init", "-q")
    assert run(*pre_commit(), "install").returncode == 0
    return run


def test_the_material_change_hook_blocks_an_undated_commit_and_lists_a_dated_one(tmp_path: Path, home: Path) -> None:
    from test_history import DONKEY, EXPECTED_WORDS, bump_date, three_material_changes

    hooks, rev = snapshot(tmp_path)
    project = tmp_path / "project"
    (project / "policies").mkdir(parents=True)
    policy = project / "policies" / "donkey-republic.yaml"
    policy.write_text(DONKEY.read_text(encoding="utf-8"), encoding="utf-8")
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n      - id: policylint-material-change\n"
        "        files: ^policies/[^/]*\\.ya?ml$\n", encoding="utf-8")
    run = hooked_repository(project, home)
    run(*GIT, "add", ".")
    first = run(*GIT, "commit", "-qm", "the policy")  # before the first commit every policy is new: it passes
    assert first.returncode == 0, first.stdout + first.stderr

    policy.write_text(three_material_changes(policy.read_text(encoding="utf-8")), encoding="utf-8")
    run(*GIT, "add", ".")
    blocked = run(*GIT, "commit", "-qm", "sell data, keep it longer")
    assert blocked.returncode != 0, "the commit went through"
    output = " ".join((blocked.stdout + blocked.stderr).split())
    assert "PL901 [error] 3 material change(s)" in output
    for words in EXPECTED_WORDS:
        assert words in output
    assert run("git", "log", "--oneline").stdout.count("\n") == 1  # nothing was committed

    policy.write_text(bump_date(policy.read_text(encoding="utf-8")), encoding="utf-8")
    run(*GIT, "add", ".")
    dated = run(*GIT, "commit", "-qm", "sell data, keep it longer, dated")
    assert dated.returncode == 0, dated.stdout + dated.stderr
    output = " ".join((dated.stdout + dated.stderr).split())
    # Listed, though it passed; the new date is the fourth change, a minor one.
    assert "PL901" not in output and "4 change(s), 3 material" in output and "minor" in output
    for words in EXPECTED_WORDS:
        assert words in output


# policylint-fmt, through real commits ---------------------------------------------------------------------------------

def test_the_fmt_hook_formats_in_place_and_fails_the_commit_until_the_result_is_staged(tmp_path: Path,
                                                                                    home: Path) -> None:
    from policylint.fmt import format_policy

    hooks, rev = snapshot(tmp_path)
    project = tmp_path / "project"
    (project / "policies").mkdir(parents=True)
    policy = project / "policies" / "p.yaml"
    # Out of schema order (organisation before document), a 4-space indent, and a plain `yes` PyYAML reads as true.
    unformatted = CLEAN_POLICY.replace("document:\n", "organisation:\n    name: yes\ndocument:\n", 1).replace(
        "organisation:\n  name: Example Ltd\n", "")
    policy.write_text(unformatted, encoding="utf-8")
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n      - id: policylint-fmt\n"
        "        files: ^policies/.*\\.ya?ml$\n", encoding="utf-8")
    run = hooked_repository(project, home)
    run(*GIT, "add", ".")
    blocked = run(*GIT, "commit", "-qm", "an unformatted policy")
    assert blocked.returncode != 0, "the commit went through"
    output = blocked.stdout + blocked.stderr
    assert "files were modified by this hook" in output and "policies/p.yaml: formatted" in output
    assert policy.read_text(encoding="utf-8") == format_policy(unformatted)
    assert '  name: "yes"\n' in policy.read_text(encoding="utf-8")
    assert run("git", "log", "--oneline").stdout == ""  # nothing was committed

    run(*GIT, "add", ".")
    formatted = run(*GIT, "commit", "-qm", "the formatted policy")
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr
    assert run("git", "log", "--oneline").stdout.count("\n") == 1
