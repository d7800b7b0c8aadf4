"""The command line: output format, exit codes, and no traceback whatever the input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import CLEAN_POLICY, MINIMAL_POLICY, POLICIES, REPO, TODAY


def test_clean_files_exit_0_with_a_summary(run_cli, tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(CLEAN_POLICY)
    result = run_cli("check", "--today", TODAY, str(tmp_path / "p.yaml"))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.startswith("All checks passed (1 file in ")


def test_findings_exit_1_one_line_each(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(MINIMAL_POLICY.replace("  name: Example Ltd\n", "  name: Example Ltd\n  colour: blue\n"))
    result = run_cli("check", str(path))
    assert result.exit_code == 1
    assert result.stdout == (f"{path}:6:3: PL101 [error] $.organisation.colour: unknown key 'colour'; allowed here: "
                             "address, entities, evidence, legal_name, name, note, registration_numbers, "
                             "trading_names, website (unknown-key)\n")
    assert result.stderr.startswith("Found 1 finding (1 error) in 1 file in ")


def test_input_errors_exit_2_and_other_files_are_still_checked(run_cli, tmp_path: Path) -> None:
    good = tmp_path / "a.yaml"
    good.write_text(MINIMAL_POLICY.replace("  name: Example Ltd\n", "  name: 5\n"))
    broken = tmp_path / "b.yaml"
    broken.write_text("a: [1\n")
    result = run_cli("check", str(good), str(broken), str(tmp_path / "missing.yaml"))
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{good}:5:9: PL103 [error]")
    assert lines[1].startswith(f"{broken}:2:1: PL001 YAML syntax error")
    assert lines[2] == f"{tmp_path / 'missing.yaml'}:1:1: PL008 no such file"
    assert "2 files could not be checked" in result.stderr


def test_a_directory_is_searched_for_yaml_files(run_cli, tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "p.yml").write_text(CLEAN_POLICY)
    (tmp_path / "q.yaml").write_text(CLEAN_POLICY)
    (tmp_path / "notes.txt").write_text("not a policy")
    result = run_cli("check", "--today", TODAY, str(tmp_path))
    assert result.exit_code == 0
    assert "(2 files in " in result.stderr


def test_standard_input(run_cli) -> None:
    result = run_cli("check", "-", input=MINIMAL_POLICY.replace("frameworks: []", "frameworks: [{framework: x}]"))
    assert result.exit_code == 1
    assert result.stdout.startswith("<stdin>:7:26: PL104 [error]")


def test_quiet_prints_findings_only(run_cli, tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(CLEAN_POLICY)
    result = run_cli("check", "-q", "--today", TODAY, str(tmp_path / "p.yaml"))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_usage_errors_exit_2(run_cli) -> None:
    assert run_cli("check").exit_code == 2
    assert run_cli("no-such-command").exit_code == 2
    assert run_cli("check", "--no-such-flag", "x").exit_code == 2


def test_the_schema_command_prints_an_existing_file(run_cli) -> None:
    result = run_cli("schema")
    assert result.exit_code == 0
    assert Path(result.stdout.strip()).is_file()


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "policylint", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=60)


def test_the_bundled_policies_go_through_the_real_entry_point() -> None:
    result = run("check", *(str(p.relative_to(REPO)) for p in POLICIES))
    assert result.returncode == 1, result.stdout + result.stderr  # real policies have real defects
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith("policies/") for line in lines)
    assert not [line for line in lines if " PL1" in line]  # no schema or evidence findings


def test_no_traceback_for_hostile_input(tmp_path: Path) -> None:
    cases = {
        "tag.yaml": "a: !!python/object/apply:os.system ['echo pwned']\n",
        "bomb.yaml": "a: &a [1,1,1,1,1,1,1,1,1,1]\n" + "".join(
            f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n" for p, c in zip("abcdefg", "bcdefgh", strict=True)),
        "deep.yaml": "a: " + "[" * 5000 + "]" * 5000 + "\n",
        "binary.yaml": "\x00\x01\x02",
        "list.yaml": "- 1\n- 2\n",
        "scalar.yaml": "just a string\n",
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text)
    result = run("check", *sorted(cases), cwd=tmp_path)
    assert result.returncode in (1, 2)
    assert "Traceback" not in result.stdout + result.stderr
    assert "pwned" not in result.stdout + result.stderr
    reported = {line.split(":")[0] for line in result.stdout.splitlines() if ".yaml:" in line}
    assert reported == set(cases)


def test_parallel_checking_gives_the_same_output_in_the_same_order(tmp_path: Path) -> None:
    import shutil as sh

    (tmp_path / "sources").mkdir()
    for policy in POLICIES:
        sh.copy(REPO / "policies" / "sources" / f"{policy.stem}.txt", tmp_path / "sources")
    for i in range(24):  # above the threshold where processes start
        policy = POLICIES[i % len(POLICIES)]
        sh.copy(policy, tmp_path / f"{i:02d}-{policy.name}")
    serial = run("check", "--today", TODAY, "-j", "1", "--output-format", "json", ".", cwd=tmp_path)
    parallel = run("check", "--today", TODAY, "-j", "2", "--output-format", "json", ".", cwd=tmp_path)
    assert serial.returncode == parallel.returncode == 1
    assert serial.stdout == parallel.stdout and len(serial.stdout) > 1000
    assert "in 24 files" in parallel.stderr
