"""A policy's history (issue 15): `policylint diff` on two files and against git revisions, the history checks
(PL901, PL902) through `diff --check` and `check --since`, and `render --changes-since`."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import REPO

DONKEY = REPO / "policies" / "donkey-republic.yaml"
GIT = ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "commit.gpgsign=false"]

NO_SALE = """\
  - id: no-sale
    claim: no_sale
    evidence: We never sell or profit directly from any of your personal data.
    note: '"or profit directly" has no value of its own in the schema.'
"""
BUYER = "  - {id: data-buyers, kind: advertiser, description: Advertisers who buy our customer data, sale: true}\n"


def three_material_changes(text: str) -> str:
    """The issue's three edits: "we do not sell" dropped, an advertiser that buys data added, retention raised."""
    assert NO_SALE in text and "\nrecipients:\n" in text and "period: P4Y" in text
    text = text.replace(NO_SALE, "")
    text = text.replace("\nrecipients:\n", "\nrecipients:\n" + BUYER, 1)
    return text.replace("period: P4Y", "period: P10Y", 1)


def bump_date(text: str) -> str:
    assert 'last_updated:\n    date: "2024-02"' in text
    return text.replace('last_updated:\n    date: "2024-02"', 'last_updated:\n    date: "2026-12"', 1)


EXPECTED_WORDS = ('No longer says "We do not sell personal information."',
                  "New recipient: Advertisers who buy our customer data (advertisers)", "a sale",
                  "from 4 years to 10 years")


def git(repo: Path, *args: str) -> str:
    return subprocess.run([*GIT, *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository with Donkey Republic's policy committed, as the working directory."""
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "donkey.yaml").write_text(DONKEY.read_text(encoding="utf-8"), encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "policy")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_diff_of_two_files_names_the_three_material_changes(run_cli, tmp_path: Path) -> None:
    new = tmp_path / "new.yaml"
    new.write_text(three_material_changes(DONKEY.read_text(encoding="utf-8")), encoding="utf-8")
    result = run_cli("diff", str(DONKEY), str(new))
    assert result.exit_code == 0, result.stderr
    assert f"{new}: 3 change(s), 3 material" in result.stdout
    for words in EXPECTED_WORDS:
        assert words in result.stdout
    assert all(line.startswith("  material") for line in result.stdout.splitlines()[1:])


def test_diff_formats(run_cli, tmp_path: Path) -> None:
    new = tmp_path / "new.yaml"
    new.write_text(three_material_changes(DONKEY.read_text(encoding="utf-8")), encoding="utf-8")
    data = json.loads(run_cli("diff", "--format", "json", str(DONKEY), str(new)).stdout)
    [entry] = data["files"]
    assert [c["material"] for c in entry["changes"]] == [True, True, True]
    assert {c["where"] for c in entry["changes"]} == {"negative_statements[]", "recipients[]", "retention[].period"}
    markdown = run_cli("diff", "--format", "markdown", str(DONKEY), str(new)).stdout
    assert markdown.startswith("## Privacy policy changes") and "**Material: people must be told**" in markdown
    assert "\\(advertisers\\)" in markdown  # the policy's words are escaped, inert in a comment
    same = run_cli("diff", str(DONKEY), str(DONKEY))
    assert (same.exit_code, same.stdout) == (0, f"{DONKEY}: 0 change(s), 0 material\n")


def test_undated_material_change_is_an_error_and_a_newer_date_clears_it(run_cli, repo: Path) -> None:
    policy = repo / "policies" / "donkey.yaml"
    policy.write_text(three_material_changes(policy.read_text(encoding="utf-8")), encoding="utf-8")
    blocked = run_cli("diff", "--git", "HEAD", "--check", "policies/donkey.yaml")
    assert blocked.exit_code == 1
    assert "PL901 [error] 3 material change(s) and the policy's date (2024-02) is not later than before" \
        in blocked.stdout
    assert "PL902" not in blocked.stdout  # Donkey Republic's policy says how it tells people: a notice on the site
    checked = run_cli("check", "--since", "HEAD", "--output-format", "concise", "policies/donkey.yaml")
    assert checked.exit_code == 1 and " PL901 " in checked.stdout
    line = next(ln for ln in checked.stdout.splitlines() if " PL901 " in ln)
    at = next(n for n, text in enumerate(policy.read_text(encoding="utf-8").splitlines(), 1)
              if text == "  last_updated:")
    assert line.startswith(f"policies/donkey.yaml:{at}:3: ")  # at document.last_updated
    policy.write_text(bump_date(policy.read_text(encoding="utf-8")), encoding="utf-8")
    dated = run_cli("diff", "--git", "HEAD", "--check", "policies/donkey.yaml")
    assert dated.exit_code == 0 and "PL901" not in dated.stdout
    for words in EXPECTED_WORDS:
        assert words in dated.stdout
    assert " PL901 " not in run_cli("check", "--since", "HEAD", "policies/donkey.yaml").stdout


def test_diff_git_follows_a_renamed_file_and_says_a_new_one_is_new(run_cli, repo: Path) -> None:
    git(repo, "mv", "policies/donkey.yaml", "policies/donkey-republic.yaml")
    renamed = repo / "policies" / "donkey-republic.yaml"
    renamed.write_text(three_material_changes(renamed.read_text(encoding="utf-8")), encoding="utf-8")
    git(repo, "add", "-A")
    steam = REPO / "policies" / "steam.yaml"  # another policy: an identical copy would be git's rename instead
    (repo / "policies" / "new.yaml").write_text(steam.read_text(encoding="utf-8"), encoding="utf-8")
    git(repo, "add", "policies/new.yaml")
    (repo / "ci.yaml").write_text("on: push\n", encoding="utf-8")  # found changed, not named, not a policy
    git(repo, "add", "ci.yaml")
    result = run_cli("diff", "--git", "HEAD", "--cached")
    assert result.exit_code == 0, result.stderr
    assert "policies/donkey-republic.yaml (was policies/donkey.yaml): 3 change(s), 3 material" in result.stdout
    assert "policies/new.yaml: new since HEAD (no earlier version to compare)" in result.stdout
    assert "ci.yaml" not in result.stdout + result.stderr
    named = run_cli("diff", "--git", "HEAD", "policies/donkey-republic.yaml")
    assert "(was policies/donkey.yaml): 3 change(s), 3 material" in named.stdout


@pytest.mark.parametrize(("args", "expected"), [
    (("diff", "--git", "no-such-rev", "policies/donkey.yaml"), "policylint: no-such-rev: not a revision in this "
                                                               "repository\n"),
    (("diff", "--git", "--output=x", "policies/donkey.yaml"), "policylint: --output=x: not a revision\n"),
    (("check", "--since", "v9", "-q", "policies/donkey.yaml"), "policylint: --since v9: v9: not a revision in this "
                                                                "repository\n"),
])
def test_bad_revisions_get_one_line_and_exit_2(run_cli, repo: Path, args: tuple[str, ...], expected: str) -> None:
    result = run_cli(*args)
    assert (result.exit_code, result.stderr) == (2, expected)


def test_a_file_that_is_not_a_policy_gets_one_line_and_exit_2(run_cli, repo: Path) -> None:
    (repo / "notes.yaml").write_text("just: a note\n", encoding="utf-8")
    result = run_cli("diff", "--git", "HEAD", "notes.yaml")
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("notes.yaml:1:1: PL101 ") and "not a valid policy" in result.stderr
    broken = run_cli("diff", "policies/donkey.yaml", "notes.yaml")
    assert broken.exit_code == 2 and broken.stderr.startswith("notes.yaml:1:1: ")
    outside = run_cli("diff", "--git", "HEAD", str(DONKEY))
    assert outside.exit_code == 2 and "not in the repository" in outside.stderr


def test_render_changes_since_adds_a_dated_section(run_cli, repo: Path) -> None:
    policy = repo / "policies" / "donkey.yaml"
    policy.write_text(bump_date(three_material_changes(policy.read_text(encoding="utf-8"))), encoding="utf-8")
    text = " ".join(run_cli("render", "--format", "text", "--changes-since", "HEAD", str(policy)).stdout.split())
    assert "What changed ------------ What has changed since the version of February 2024:" in text
    for words in EXPECTED_WORDS:
        assert words in text
    assert "What changed" not in run_cli("render", "--format", "text", str(policy)).stdout


def test_a_material_change_with_no_way_of_telling_people_is_a_warning() -> None:
    from policylint.diff import diff
    from policylint.history import history_findings
    from policylint.loader import load, parse

    old = load(DONKEY).data
    new = parse(bump_date(three_material_changes(DONKEY.read_text(encoding="utf-8")))).data
    assert history_findings(old, new, diff(old, new)) == []  # dated, and the site notice tells people
    del new["changes"]["notification"]
    [(rule, message)] = history_findings(old, new, diff(old, new))
    assert rule.code == "PL902" and message.startswith("3 material change(s), and the policy says no way of telling")
    assert history_findings(old, old, diff(old, old)) == []


@pytest.mark.parametrize("code", ["PL901", "material-change-unannounced"])
def test_the_history_checks_are_explained_by_rule(run_cli, code: str) -> None:
    result = run_cli("rule", code)
    assert result.exit_code == 0 and "Legal basis: GDPR Art. 1" in result.stdout and "git revision" in result.stdout
