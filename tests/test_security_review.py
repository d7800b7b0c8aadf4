"""The adversarial security review of main (shared/research/security-review.md): one test per finding, each built
from the review's reproduction and asserting what its "Expected" line asks. Findings 2, 5 and 6 (suppression
parsing, Markdown escaping, render's cost) are in tests/test_review_suppress_render.py; the inputs that cost time
or memory are also in the hostile catalogue (tests/hostile.py), which scripts/hostile_run.py bounds.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CLEAN_POLICY, MINIMAL_POLICY, TODAY

from policylint.findings import MAX_RELATED

REPO = Path(__file__).resolve().parent.parent


def git_repository(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    return folder


def policylint(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real entry point, as a user's shell or pre-commit runs it (with nothing on standard input)."""
    return subprocess.run([sys.executable, "-m", "policylint", *args], cwd=cwd, input="", capture_output=True,
                          timeout=120, env=env, encoding="utf-8", errors="replace")


# 1. render -o wrote through a symbolic link committed in the repository, and kept the target's executable mode.

def test_1_a_rendering_linked_to_a_git_hook_is_neither_offered_nor_written(tmp_path: Path) -> None:
    repo = git_repository(tmp_path / "repo")
    (repo / "policies" / "rendered").mkdir(parents=True)
    (repo / "policies" / "p.yaml").write_text(CLEAN_POLICY.replace("Example Ltd", "Ltd; touch PWNED; exit 0 #"))
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text('#!/bin/sh\necho "legit pre-commit hook"\n')
    hook.chmod(0o755)
    (repo / "policies" / "rendered" / "p.md").symlink_to("../../.git/hooks/pre-commit")

    checked = policylint("render", "--check", "--rendered", "policies/rendered", "policies/p.yaml", cwd=repo)
    assert checked.returncode == 2
    assert checked.stderr == ("policies/rendered/p.md: is a symbolic link; policylint does not write renderings "
                              "through links (replace it with a regular file or folder)\n")
    assert "run: policylint render" not in checked.stderr

    written = policylint("render", "policies/p.yaml", "-o", "policies/rendered/p.md", cwd=repo)
    assert written.returncode == 2 and "is a symbolic link" in written.stderr
    assert hook.read_text() == '#!/bin/sh\necho "legit pre-commit hook"\n'


def test_1_a_folder_linked_into_git_is_not_written_through(tmp_path: Path) -> None:
    repo = git_repository(tmp_path / "repo")
    (repo / "policies").mkdir()
    (repo / "policies" / "p.yaml").write_text(CLEAN_POLICY)
    (repo / "policies" / "rendered").symlink_to("../.git/hooks")
    result = policylint("render", "policies/p.yaml", "-o", "policies/rendered/pre-commit", cwd=repo)
    assert result.returncode == 2
    assert "is under a symbolic link (policies/rendered)" in result.stderr
    assert not (repo / ".git" / "hooks" / "pre-commit").exists()


def test_1_a_new_or_replaced_notice_never_gets_an_executable_bit(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(CLEAN_POLICY)
    script = tmp_path / "notice.md"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o775)
    assert policylint("render", "p.yaml", "-o", "notice.md", cwd=tmp_path).returncode == 0
    assert stat.S_IMODE(script.stat().st_mode) == 0o664
    assert policylint("render", "p.yaml", "-o", "new.md", cwd=tmp_path).returncode == 0
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) & 0o111 == 0


# 3. A contradiction carried every contradicting item to every statement: N x M related places.

def test_3_related_places_are_capped_so_output_is_linear(tmp_path: Path) -> None:
    n = 300
    text = MINIMAL_POLICY.replace("negative_statements: []", "negative_statements:\n" + "".join(
        f"  - {{id: n{i}, claim: no_cookies}}\n" for i in range(n)))
    text += "cookies:\n  technologies:\n" + "".join(f"    - {{id: c{i}, technology: cookies}}\n" for i in range(n))
    (tmp_path / "rel.yaml").write_text(text)
    result = policylint("check", "--isolated", "-q", "--select", "PL218", "--output-format", "json", "rel.yaml",
                        cwd=tmp_path)
    found = json.loads(result.stdout)
    assert len(found) == n
    assert {len(f["related"]) for f in found} == {MAX_RELATED}
    named = ", ".join(f"c{i}" for i in range(12))
    assert all(f["message"].endswith(f"{named} and {n - 12} more") for f in found)
    sarif = json.loads(policylint("check", "--isolated", "-q", "--select", "PL218", "--output-format", "sarif",
                                  "rel.yaml", cwd=tmp_path).stdout)
    assert {len(r["relatedLocations"]) for r in sarif["runs"][0]["results"]} == {MAX_RELATED}


def test_3_many_storage_denials_against_many_retention_statements(tmp_path: Path) -> None:
    """PL223 named the retention statements for each denial by scanning them all: now by an index, first few."""
    n = 200
    text = MINIMAL_POLICY.replace("data_categories: []", "data_categories:\n  - {id: card, label: Card}").replace(
        "negative_statements: []", "negative_statements:\n" + "".join(
            f"  - {{id: n{i}, claim: no_storage_of_payment_data, data_categories: [card]}}\n" for i in range(n))
    ).replace("retention: []", "retention:\n" + "".join(
        f"  - {{kind: criteria, criteria: c{i}, applies_to: [card]}}\n" for i in range(n)))
    (tmp_path / "p.yaml").write_text(text)
    result = policylint("check", "--isolated", "-q", "--select", "PL223", "--output-format", "json", "p.yaml",
                        cwd=tmp_path)
    found = json.loads(result.stdout)
    assert len(found) == n and {len(f["related"]) for f in found} == {MAX_RELATED}
    first = ", ".join(f"retention[{i}] (criteria)" for i in range(MAX_RELATED + 1))
    assert found[0]["message"].endswith(f"{first} and more")
    assert [r["location"]["row"] for r in found[0]["related"]] == sorted(r["location"]["row"]
                                                                         for r in found[0]["related"])


# 4. The evidence check was a substring oracle over any file under the working directory.

def probe_policy(source: str, quotes: list[str]) -> str:
    return (f'source: {{path: "{source}", sha256: "{"0" * 64}"}}\n' + MINIMAL_POLICY.replace(
        "negative_statements: []", "negative_statements:\n  - id: a\n    claim: no_sale\n    evidence:\n"
        + "".join(f'      - "{q}"\n' for q in quotes)))


def test_4_a_secret_beside_the_policies_folder_is_not_an_oracle(tmp_path: Path) -> None:
    """The review's layout: no repository, run from the folder that holds the secret."""
    (tmp_path / "policies").mkdir()
    (tmp_path / "secret.env").write_text("DEPLOY_TOKEN=c4467f2a56467480825f10a5\n")
    (tmp_path / "policies" / "leak.yaml").write_text(probe_policy("../secret.env", ["=c44", "zzzz"]))
    result = policylint("check", "--isolated", "--select", "PL15", "policies/leak.yaml", cwd=tmp_path)
    lines = result.stdout.splitlines()
    assert [line.split()[1] for line in lines] == ["PL150", "PL153", "PL153"]  # no quote searched, no hash given
    assert "outside the policy's folder (policies), which is in no git repository" in lines[0]
    assert "source-roots" in lines[0]


@pytest.mark.parametrize("hidden", [".env", ".git/config", "sub/.cache/token"])
def test_4_hidden_files_in_the_repository_are_not_read(tmp_path: Path, hidden: str) -> None:
    repo = git_repository(tmp_path / "repo")
    (repo / hidden).parent.mkdir(parents=True, exist_ok=True)
    (repo / hidden).write_text("AUTHORIZATION: basic c2VjcmV0\n")
    (repo / "p.yaml").write_text(probe_policy(hidden, ["AUTHORIZATION"]))
    result = policylint("check", "--isolated", "--select", "PL15", "p.yaml", cwd=repo)
    first = result.stdout.splitlines()[0]
    assert " PL150 " in first and "it is in a hidden file or folder" in first
    assert "PL151" not in result.stdout and "PL152" not in result.stdout


def test_4_sources_inside_the_repository_and_under_source_roots_are_read(tmp_path: Path) -> None:
    repo = git_repository(tmp_path / "repo")
    (repo / "sources").mkdir()
    (repo / "sources" / "s.txt").write_text("We never sell it.\n")
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "s.txt").write_text("We never sell it.\n")
    (repo / "policies").mkdir()
    (repo / "policies" / "in.yaml").write_text(probe_policy("../sources/s.txt", ["We never sell it.", "absent"]))
    (repo / "policies" / "out.yaml").write_text(probe_policy("../../texts/s.txt", ["We never sell it.", "absent"]))
    result = policylint("check", "--isolated", "--select", "PL150,PL152", "policies/", cwd=repo)
    assert [(line.split(":")[0], line.split()[1]) for line in result.stdout.splitlines()] == [
        ("policies/in.yaml", "PL152"), ("policies/out.yaml", "PL150")]
    (repo / "policylint.toml").write_text('source-roots = ["../texts"]\n')
    result = policylint("check", "--select", "PL150,PL152", "policies/", cwd=repo)
    assert [(line.split(":")[0], line.split()[1]) for line in result.stdout.splitlines()] == [
        ("policies/in.yaml", "PL152"), ("policies/out.yaml", "PL152")]


# 7. The full format printed the whole source line once per finding.

def test_7_full_output_clips_long_lines(tmp_path: Path) -> None:
    keys = ", ".join(f"k{i}: 1" for i in range(900))  # under the 1,000 schema findings shown
    (tmp_path / "one.yaml").write_text("{" + keys + "}\n")
    result = policylint("check", "--isolated", "-q", "--output-format", "full", "one.yaml", cwd=tmp_path)
    source_lines = [line for line in result.stdout.splitlines() if line.startswith("     1 | ")]
    assert len(source_lines) > 900
    assert max(len(line) for line in source_lines) < 200  # the message itself may name the keys allowed there
    # The caret still points at the key the finding is about.
    lines = result.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if "unknown key 'k800'" in line)
    shown, caret = lines[at + 1], lines[at + 2]
    assert shown[caret.index("^"):].startswith("k800")


# 8. A policy file that is a symbolic link was followed anywhere on the machine.

def test_8_policy_links_out_of_the_repository_are_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "credentials"
    secret.write_text("https://x-access-token:ghs_SECRETSECRET@github.com\n")
    repo = git_repository(tmp_path / "repo")
    (repo / "policies").mkdir()
    (repo / "policies" / "creds.yaml").symlink_to(secret)
    (repo / "policies" / "inside.yaml").symlink_to(repo / "p.yaml")
    (repo / "p.yaml").write_text(CLEAN_POLICY)
    (repo / "outside").symlink_to(tmp_path)
    for command in (["check", "--today", TODAY, "--isolated", "policies/", "outside/credentials"],
                    ["render", "policies/creds.yaml"]):
        result = policylint(*command, cwd=repo)
        assert "ghs_" not in result.stdout + result.stderr
        assert result.returncode == 2
    result = policylint("check", "--today", TODAY, "--isolated", "policies/", "outside/credentials", cwd=repo)
    assert result.stdout.splitlines() == [
        "policies/creds.yaml:1:1: PL008 is a symbolic link to a file outside the repository; policylint does not "
        "follow it",
        "outside/credentials:1:1: PL008 is a symbolic link to a file outside the repository; policylint does not "
        "follow it"]
    # A link that stays inside the repository, and a file named outside it on purpose, are read as before.
    result = policylint("check", "--today", TODAY, "--isolated", "policies/inside.yaml", str(secret), cwd=repo)
    assert result.stdout.splitlines() == [f"{secret}:1:1: PL011 the document is a single value "
                                          "('https://x-access-token:ghs_SECRETSECRET); a policy is a mapping of keys "
                                          "(schema_version:, document:, ...)"]


# 9. The configuration search walked up past the repository root.

def test_9_a_configuration_above_the_repository_is_ignored(tmp_path: Path) -> None:
    stale = CLEAN_POLICY.replace('"2026-01-01"', '"2019-01-01"').replace('"2026-06-01"', '"2019-06-01"')
    repo = git_repository(tmp_path / "w" / "repo")
    (repo / "p.yaml").write_text(stale)
    (tmp_path / "w" / "policylint.toml").write_text('ignore = ["ALL"]\n')
    result = policylint("check", "--today", TODAY, "p.yaml", cwd=repo)
    assert " PL210 " in result.stdout
    (repo / "policylint.toml").write_text('ignore = ["stale-policy"]\n')  # the repository's own is used
    assert policylint("check", "--today", TODAY, "p.yaml", cwd=repo).stdout == ""
    # Without a repository, only the folder policylint runs in is searched.
    (repo / ".git").rename(repo / "not-git")
    (repo / "policylint.toml").unlink()
    (repo / "sub").mkdir()
    (repo / "sub" / "p.yaml").write_text(stale)
    assert " PL210 " in policylint("check", "--today", TODAY, "p.yaml", cwd=repo / "sub").stdout


# 10. One file name that is not UTF-8 lost the whole report under a strict UTF-8 locale.

@pytest.mark.parametrize("fmt", ["concise", "full", "github"])
def test_10_a_file_name_that_is_not_utf8_loses_nothing(tmp_path: Path, fmt: str) -> None:
    (tmp_path / os.fsdecode(b"bad\xff.yaml")).write_text(MINIMAL_POLICY + "x: 1\n")
    (tmp_path / "good.yaml").write_text(MINIMAL_POLICY + "y: 1\n")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "LC_ALL": "C.UTF-8"}
    result = policylint("check", "--isolated", "-q", "--output-format", fmt, ".", cwd=tmp_path, env=env)
    assert result.returncode == 1, result.stderr
    assert "bad\\xff.yaml" in result.stdout and "good.yaml" in result.stdout
    assert "unknown key 'x'" in result.stdout and "unknown key 'y'" in result.stdout


# 11. `render - -o policy.yaml < policy.yaml` overwrote the policy.

def test_11_standard_input_is_not_rendered_over_itself(tmp_path: Path) -> None:
    policy = tmp_path / "p.yaml"
    policy.write_text(CLEAN_POLICY)
    with policy.open("rb") as stdin:
        result = subprocess.run([sys.executable, "-m", "policylint", "render", "-", "-o", "p.yaml"], cwd=tmp_path,
                                stdin=stdin, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr == "policylint: p.yaml is the policy itself; rendering over it would destroy it\n"
    assert policy.read_text() == CLEAN_POLICY


# 12. Deeply nested TOML gave "internal error: RecursionError".

@pytest.mark.parametrize("name,content", [
    ("policylint.toml", "select = " + "[" * 100_000 + "]" * 100_000 + "\n"),
    ("pyproject.toml", '[project]\nname = "x"\nx = ' + "{a = " * 5000 + "1" + "}" * 5000 + "\n"),
])
def test_12_deeply_nested_configuration_is_one_positioned_line(tmp_path: Path, name: str, content: str) -> None:
    (tmp_path / name).write_text(content)
    (tmp_path / "p.yaml").write_text(CLEAN_POLICY)
    for command in ("check", "render"):
        result = policylint(command, "p.yaml", cwd=tmp_path)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert len(result.stderr.splitlines()) == 1
        assert result.stderr.startswith(f"{name}:")
        assert "nest deeper than the TOML reader can follow" in result.stderr
        assert result.stderr.split(":")[1].isdigit() and result.stderr.split(":")[2].isdigit()


# 13. Policy text reached SARIF messages as embedded links; bidi controls passed through every output.

def test_13_sarif_messages_hold_no_embedded_links_and_no_bidi_controls(tmp_path: Path) -> None:
    key = "[Your session expired: sign in again](https://evil.example/login)"
    (tmp_path / "p.yaml").write_text(MINIMAL_POLICY + f'"{key}": 1\n"abc\u202edef": 2\n')
    sarif = json.loads(policylint("check", "--isolated", "-q", "--output-format", "sarif", "p.yaml",
                                  cwd=tmp_path).stdout)
    messages = [r["message"]["text"] for r in sarif["runs"][0]["results"]]
    assert any("\\[Your session expired: sign in again\\](https://evil.example/login)" in m for m in messages)
    assert not any("[Your session" in m.replace("\\[", "") for m in messages)
    assert not any("\u202e" in m for m in messages) and any("abc\\\\u202edef" in m for m in messages)
    for fmt in ("concise", "full", "github"):
        out = policylint("check", "--isolated", "-q", "--output-format", fmt, "p.yaml", cwd=tmp_path).stdout
        assert "\u202e" not in out and "abc\\u202edef" in out
