"""Bad input never crashes policylint, never loses data, and always gets one clear answer (issue 6).

Every case in tests/hostile.py goes through `check` and `render`, asserting the exit status, the exact line, no
traceback, and that nothing in the folder was written or changed. The last test runs the whole catalogue through
the real entry point, one process per input, and bounds each one's memory.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CLEAN_POLICY, MINIMAL_POLICY, TODAY
from hostile import CASES, EXTRA_PATHS, MARKER, Case, problem, run_catalogue, write_catalogue

from policylint.loader import MAX_FILE_BYTES


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry under `folder`: a file's bytes, or a link's target; to show that nothing was written or changed."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        found[key] = os.readlink(path) if path.is_symlink() else path.read_bytes() if path.is_file() else "dir"
    return found


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_check_gives_one_clear_answer(run_cli, tmp_path: Path, case: Case) -> None:
    path = tmp_path / f"{case.name}.yaml"
    path.write_bytes(case.content)
    config = ["--config", str(_write_config(tmp_path, case))] if case.config else []
    before = snapshot(tmp_path)
    result = run_cli("check", "--today", TODAY, "--output-format", "concise", *config, str(path))
    assert result.exit_code == case.exit, result.stdout[:2000]
    lines = result.stdout.splitlines()
    if case.config:  # the configuration is what is wrong: one line about it, and no file is checked
        assert lines == [] and len(result.stderr.splitlines()) == 1
        assert result.stderr.split(":")[0].endswith(f"{case.name}.toml") and case.message in result.stderr
    elif case.expect:
        assert lines, result.stderr
        first = next((line for line in lines if line.startswith(f"{path}:{case.expect}")), None)
        assert first is not None, lines[:5]
        assert case.message in first
    else:
        assert lines == []
    if case.exit == 2 and not case.config:  # an input error is the only line about the file
        assert len(lines) == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert snapshot(tmp_path) == before
    assert not Path(MARKER).exists()


def _write_config(folder: Path, case: Case) -> Path:
    path = folder / f"{case.name}.toml"
    path.write_bytes(case.config)
    return path


@pytest.mark.parametrize("case", [c for c in CASES if c.formats], ids=lambda c: c.name)
def test_output_formats_give_the_same_findings(run_cli, tmp_path: Path, case: Case) -> None:
    """Inputs whose cost was in the output (related places, long lines): every format says the same thing."""
    path = tmp_path / f"{case.name}.yaml"
    path.write_bytes(case.content)
    concise = run_cli("check", "--today", TODAY, "--output-format", "concise", str(path)).stdout.splitlines()
    for fmt in case.formats:
        result = run_cli("check", "--today", TODAY, "--output-format", fmt, str(path))
        assert result.exit_code == case.exit
        if fmt == "json":
            assert len(json.loads(result.stdout)) == len(concise)
        elif fmt == "sarif":
            assert len(json.loads(result.stdout)["runs"][0]["results"]) == len(concise)
        elif fmt == "github":
            assert len(result.stdout.splitlines()) == len(concise)
        else:  # full: a heading per finding, and source lines clipped
            lines = result.stdout.splitlines()
            assert sum(1 for line in lines if line.startswith("  ") and "|" not in line[:8]) >= len(concise)
            assert max(len(line) for line in lines if line[6:9] == " | ") < 200


@pytest.mark.parametrize("case", [c for c in CASES if not c.config], ids=lambda c: c.name)
def test_render_gives_one_clear_answer_and_writes_nothing_on_error(run_cli, tmp_path: Path, case: Case) -> None:
    path = tmp_path / f"{case.name}.yaml"
    path.write_bytes(case.content)
    existing = tmp_path / "notice.md"
    existing.write_text("the committed notice\n")
    before = snapshot(tmp_path)
    result = run_cli("render", str(path), "-o", str(existing))
    assert "Traceback" not in result.stdout + result.stderr
    if case.renders:
        assert (result.exit_code, result.stderr) == (0, "")
        assert existing.read_text() != "the committed notice\n"
        return
    assert result.exit_code == 2
    if case.exit == 2:  # the loader's line, as check prints it
        assert result.stderr.startswith(f"{path}:{case.expect}") and case.message in result.stderr.splitlines()[0]
        assert len(result.stderr.splitlines()) == 1
    else:  # schema errors, then one line saying why nothing was rendered
        last = result.stderr.splitlines()[-1]
        assert last == f"policylint: {path} does not match the schema; fix it before rendering"
    assert snapshot(tmp_path) == before


def test_yaml_1_1_differences_fail_with_fail_on_warning(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(CLEAN_POLICY.replace("name: Example Ltd", "name: 'yes'").replace(
        '"2026-01-01"', "2026-01-01"))
    result = run_cli("check", "--today", TODAY, "--fail-on", "warning", str(path))
    assert result.exit_code == 1
    assert [line.split(" ")[1] for line in result.stdout.splitlines()] == ["PL160"]  # quoted 'yes' is not reported


# Paths.

def test_a_missing_file(run_cli, tmp_path: Path) -> None:
    result = run_cli("check", str(tmp_path / "nope.yaml"))
    assert (result.exit_code, result.stdout) == (2, f"{tmp_path / 'nope.yaml'}:1:1: PL008 no such file\n")
    result = run_cli("render", str(tmp_path / "nope.yaml"))
    assert (result.exit_code, result.stderr) == (2, f"{tmp_path / 'nope.yaml'}:1:1: PL008 no such file\n")


def test_a_directory_given_as_a_file_to_render(run_cli, tmp_path: Path) -> None:
    result = run_cli("render", str(tmp_path))
    assert (result.exit_code, result.stderr) == (2, f"{tmp_path}:1:1: PL008 is a directory, not a file\n")


def test_an_unreadable_file(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(CLEAN_POLICY)
    if os.geteuid() != 0:
        path.chmod(0)
    else:  # root reads any file: make opening this one fail as it would for anyone else
        real_open = Path.open

        def refuse(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
            if self == path:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", refuse)
    result = run_cli("check", str(path))
    assert (result.exit_code, result.stdout) == (2, f"{path}:1:1: PL008 cannot read the file: Permission denied\n")
    result = run_cli("render", str(path))
    assert (result.exit_code, result.stderr) == (2, f"{path}:1:1: PL008 cannot read the file: Permission denied\n")


def test_symbolic_link_loops_and_broken_links_are_reported_not_skipped(run_cli, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    (tmp_path / "c.yaml").symlink_to(tmp_path / "gone.yaml")
    (tmp_path / "loop").symlink_to(tmp_path)  # a directory that contains itself
    result = run_cli("check", str(tmp_path))
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{tmp_path / 'a.yaml'}:1:1: PL008 cannot read the file: Too many levels of symbolic links",
        f"{tmp_path / 'b.yaml'}:1:1: PL008 cannot read the file: Too many levels of symbolic links",
        f"{tmp_path / 'c.yaml'}:1:1: PL008 is a symbolic link to a file that does not exist",
    ]


def test_devices_and_pipes_are_refused_unread(run_cli, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)  # opening it would block forever: it must not be opened
    for path in (str(fifo), "/dev/zero"):
        result = run_cli("check", path)
        assert (result.exit_code, result.stdout) == (
            2, f"{path}:1:1: PL008 is not a regular file (a device, a pipe or a socket)\n")


def test_standard_input_for_check_and_render(run_cli) -> None:
    result = run_cli("check", "--today", TODAY, "-", input=CLEAN_POLICY)
    assert (result.exit_code, result.stdout) == (0, "")
    result = run_cli("check", "-", input="a: [1\n")
    assert result.exit_code == 2 and result.stdout.startswith("<stdin>:2:1: PL001 YAML syntax error")
    result = run_cli("render", "-", input=CLEAN_POLICY)
    assert result.exit_code == 0 and "Example Ltd" in result.stdout
    result = run_cli("render", "-", input="- a list\n")
    assert (result.exit_code, result.stderr.split(";")[0]) == (2, "<stdin>:1:1: PL011 the document is a list")


def test_standard_input_is_read_no_further_than_the_limit(run_cli) -> None:
    result = run_cli("check", "--max-file-bytes", "1000", "-", input=CLEAN_POLICY * 10)
    assert result.exit_code == 2
    assert result.stdout.startswith("<stdin>:1:1: PL010 the file is larger than the limit of 1,000 bytes")


def test_names_with_spaces_and_non_ascii_characters(run_cli, tmp_path: Path) -> None:
    folder = tmp_path / "Données privées"
    folder.mkdir()
    path = folder / "politique de confidentialité.yaml"
    path.write_text(MINIMAL_POLICY.replace("  name: Example Ltd\n", "  name: 5\n"))
    result = run_cli("check", "--output-format", "concise", str(folder))
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{path}:5:9: PL103 [error]")
    path.write_text(CLEAN_POLICY)
    out = folder / "notice é.html"
    result = run_cli("render", str(path), "-o", str(out))
    assert result.exit_code == 0 and "Example Ltd" in out.read_text(encoding="utf-8")


def test_render_refuses_to_write_over_the_policy_itself(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(CLEAN_POLICY)
    (tmp_path / "alias.yaml").symlink_to(path)
    for target in (path, tmp_path / "alias.yaml"):
        result = run_cli("render", str(path), "-o", str(target))
        assert result.exit_code == 2
        assert result.stderr == f"policylint: {target} is the policy itself; rendering over it would destroy it\n"
    assert path.read_text() == CLEAN_POLICY


# Limits.

def test_the_size_limit_is_configurable(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    big = CLEAN_POLICY.replace("Example privacy policy", "x" * MAX_FILE_BYTES)
    Path("p.yaml").write_text(big)
    assert run_cli("check", "--today", TODAY, "p.yaml").stdout.startswith("p.yaml:1:1: PL010")
    assert run_cli("check", "--today", TODAY, "--max-file-bytes", str(2 * MAX_FILE_BYTES), "p.yaml").exit_code == 0
    Path("policylint.toml").write_text(f"max-file-bytes = {2 * MAX_FILE_BYTES}\n")
    assert run_cli("check", "--today", TODAY, "p.yaml").exit_code == 0
    assert run_cli("render", "p.yaml").exit_code == 0
    Path("policylint.toml").write_text("max-file-bytes = 0\n")
    result = run_cli("check", "p.yaml")
    assert (result.exit_code, result.stderr) == (
        2, "policylint.toml:1:1: max-file-bytes must be a whole number from 1 to 1099511627776, not 0\n")


def test_the_node_limit_is_configurable(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("p.yaml").write_text(CLEAN_POLICY)
    Path("policylint.toml").write_text("max-nodes = 40\n")
    result = run_cli("check", "--today", TODAY, "p.yaml")
    assert result.exit_code == 2 and "PL010 the document has more than 40 keys and values" in result.stdout
    Path("policylint.toml").write_text("max-nodes = 1000\n")
    assert run_cli("check", "--today", TODAY, "p.yaml").exit_code == 0


def test_the_alias_limit_is_configurable(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    aliases = "".join(f"  - {{id: c{i}, label: *label}}\n" for i in range(30))
    Path("p.yaml").write_text(CLEAN_POLICY.replace("  - {id: contact, label: Contact details}\n",
                                                   "  - {id: contact, label: &label Contact details}\n" + aliases))
    Path("policylint.toml").write_text("max-alias-nodes = 20\n")
    result = run_cli("check", "--today", TODAY, "p.yaml")
    assert result.exit_code == 2 and "PL005 aliases expand to more than 20 nodes" in result.stdout
    Path("policylint.toml").write_text("max-alias-nodes = 30\n")
    assert run_cli("check", "--today", TODAY, "p.yaml").exit_code == 0


# Configuration errors: `path:line:col: message`, exit 2.

@pytest.mark.parametrize("config,line", [
    ('[tool.policylint]\nignore = ["PL999"]\n', "pyproject.toml:2:1: ignore: unknown rule code, name or profile "
                                                 "'PL999'"),
    ('[tool.policylint]\n\nselect = ["gdpr", "nope"]\n', "pyproject.toml:3:1: select: unknown rule code, name or "
                                                         "profile 'nope'"),
    ('[tool.policylint\nignore = ["PL210"]\n', "pyproject.toml:1:17: not valid TOML: Expected ']' at the end of a "
                                               "table declaration"),
    ('[project]\nname = "x"\n[tool.policylint]\n  ignor = 1\n', "pyproject.toml:4:3: unknown setting(s) ignor; "
     "known: fail-on, ignore, laws, max-alias-nodes, max-file-bytes, max-nodes, per-file-ignores, per-file-laws, "
     "select, severity, source-roots"),
    ('[tool.policylint]\nseverity = { PL999 = "error" }\n', "pyproject.toml:2:1: severity: unknown rule code, name or "
                                                            "profile 'PL999'"),
])
def test_configuration_errors_are_one_positioned_line(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      config: str, line: str) -> None:
    monkeypatch.chdir(tmp_path)
    Path("pyproject.toml").write_text(config)
    Path("p.yaml").write_text(CLEAN_POLICY)
    result = run_cli("check", "p.yaml")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", line + "\n")


def test_unknown_codes_on_the_command_line(run_cli, tmp_path: Path) -> None:
    result = run_cli("check", "--isolated", "--select", "PL2,PL999", str(tmp_path))
    assert (result.exit_code, result.stderr) == (2, "policylint: --select: unknown rule code, name or profile "
                                                    "'PL999'\n")


# The real entry point, one process per input: exit 0, 1 or 2, no traceback, bounded time and memory.

@pytest.mark.slow
def test_every_hostile_input_through_the_real_entry_point_stays_bounded(tmp_path: Path) -> None:
    write_catalogue(tmp_path)
    runs = list(run_catalogue(tmp_path))
    assert len(runs) == 2 * (len(CASES) + len(EXTRA_PATHS)) + sum(len(case.formats) for case in CASES)
    assert [(name, command, problem(run)) for name, command, run in runs if problem(run)] == []
    assert not Path(MARKER).exists()


# Found by an adversarial review: streams, output, render targets, configuration.

def shell(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["sh", "-c", command], cwd=cwd, capture_output=True, text=True, timeout=60)


def test_closed_standard_input_and_a_full_standard_output(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(CLEAN_POLICY)
    policylint = f"{sys.executable} -m policylint"
    result = shell(f"{policylint} check - <&-", tmp_path)
    assert (result.returncode, result.stdout) == (2, "<stdin>:1:1: PL008 standard input is closed\n")
    result = shell(f"{policylint} render - <&-", tmp_path)
    assert (result.returncode, result.stderr) == (2, "<stdin>:1:1: PL008 standard input is closed\n")
    for command in ("check --output-format json --today 2026-11-22 p.yaml", "render p.yaml"):
        result = shell(f"{policylint} {command} > /dev/full", tmp_path)
        assert result.returncode == 2
        assert result.stderr == "policylint: cannot write the output: No space left on device\n"


def test_a_file_name_that_is_not_utf8_still_gives_valid_json_and_sarif(tmp_path: Path) -> None:
    name = os.fsdecode(b"bad\xffname.yaml")
    (tmp_path / name).write_text(MINIMAL_POLICY.replace("  name: Example Ltd\n", "  name: 5\n"))
    for fmt, shown in (("json", "bad\ufffdname.yaml"), ("sarif", "bad%FFname.yaml")):  # SARIF keeps the byte in a URI
        result = subprocess.run([sys.executable, "-m", "policylint", "check", "--output-format", fmt, "."],
                                cwd=tmp_path, capture_output=True, timeout=60)
        assert result.returncode == 1, result.stderr
        assert shown in json.dumps(json.loads(result.stdout), ensure_ascii=False)


def test_a_path_too_long_for_the_system(run_cli) -> None:
    path = "a" * 5000
    result = run_cli("check", path)
    assert (result.exit_code, result.stdout) == (2, f"{path}:1:1: PL008 cannot read the file: File name too long\n")


def test_render_refuses_links_drops_executable_bits_and_refuses_devices_and_pipes(run_cli, tmp_path: Path) -> None:
    policy = tmp_path / "p.yaml"
    policy.write_text(CLEAN_POLICY)
    real = tmp_path / "real.md"
    real.write_text("old\n")
    real.chmod(0o754)
    (tmp_path / "link.md").symlink_to(real)
    result = run_cli("render", str(policy), "-o", str(tmp_path / "link.md"))
    assert result.exit_code == 2 and "is a symbolic link" in result.stderr
    assert real.read_text() == "old\n"
    assert run_cli("render", str(policy), "-o", str(real)).exit_code == 0
    assert "Example Ltd" in real.read_text()
    assert stat.S_IMODE(real.stat().st_mode) == 0o644  # read and write bits kept, executable bits dropped
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    result = run_cli("render", str(policy), "-o", str(fifo))
    assert result.exit_code == 2 and "not a regular file" in result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    result = run_cli("render", str(policy), "-o", "/dev/null")
    assert result.exit_code == 2 and "not a regular file" in result.stderr
    assert Path("/dev/null").is_char_device()


def test_render_check_reads_the_rendering_no_further_than_it_needs(run_cli, tmp_path: Path) -> None:
    policy = tmp_path / "p.yaml"
    policy.write_text(CLEAN_POLICY)
    result = run_cli("render", "--check", str(policy), "/dev/zero")
    assert (result.exit_code, result.stderr.split(";")[0]) == (1, "/dev/zero: is not a regular file")
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"\xff\xfe")
    result = run_cli("render", "--check", str(policy), str(bad))
    assert result.exit_code == 1 and "is out of date (it is unreadable or not UTF-8)" in result.stderr
    result = run_cli("render", "--check", "--rendered", str(tmp_path / "nowhere"), str(policy))
    # A folder that is not there holds no rendering of the policy: that is out of date, and nothing is created.
    assert (result.exit_code, result.stderr.split(";")[0]) == (1, f"{tmp_path / 'nowhere' / 'p.md'}: does not exist")
    assert not (tmp_path / "nowhere").exists()


def test_many_more_jobs_than_files_start_no_more_processes_than_needed(run_cli, tmp_path: Path) -> None:
    for i in range(20):
        (tmp_path / f"p{i}.yaml").write_text(CLEAN_POLICY)
    result = run_cli("check", "--today", TODAY, "-j", "100000", str(tmp_path))
    assert result.exit_code == 0 and "(20 files in " in result.stderr


def test_sarif_uris_are_percent_encoded(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("c:1 a#b?.yaml").write_text(MINIMAL_POLICY.replace("  name: Example Ltd\n", "  name: 5\n"))
    log = json.loads(run_cli("check", "--output-format", "sarif", "c:1 a#b?.yaml").stdout)
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "c%3A1%20a%23b%3F.yaml", "uriBaseId": "%SRCROOT%"}
    assert log["runs"][0]["columnKind"] == "unicodeCodePoints"


def test_a_suppression_on_a_first_key_covers_that_key_only(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(CLEAN_POLICY.replace("organisation:\n  name: Example Ltd\n", "organisation:\n"
                                         "  name: 5 # policylint: ignore[PL103] reason: the name only\n"
                                         "  legal_name: 7\n"))
    result = run_cli("check", "--today", TODAY, "--output-format", "concise", str(path))
    assert result.exit_code == 1
    assert [line.split(" ")[0:2] for line in result.stdout.splitlines()] == [[f"{path}:8:15:", "PL103"]]


def test_a_suppression_inside_a_string_is_text_not_a_comment(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(CLEAN_POLICY.replace("organisation:\n  name: Example Ltd\n", "organisation:\n"
                                         '  name: "x # policylint: ignore[PL103] reason: in a string"\n'
                                         "  legal_name: 7\n"))
    result = run_cli("check", "--today", TODAY, "--output-format", "concise", str(path))
    assert [line.split(" ")[0:2] for line in result.stdout.splitlines()] == [[f"{path}:8:15:", "PL103"]]


@pytest.mark.parametrize("config,exit_code,line", [
    ("[tool]\n", 0, ""),  # no [tool.policylint]: no configuration
    ('tool = 1\n', 0, ""),
    ('[tool.policylint.per-file-ignores]\n"*" = ["PL999"]\n', 2,
     "pyproject.toml:1:1: per-file-ignores.*: unknown rule code, name or profile 'PL999'"),
    ('[tool.policylint.per-file-ignores]\n"" = ["PL210"]\n', 2,
     "pyproject.toml:1:1: per-file-ignores has an empty glob"),
    ("[tool.policylint]\nmax-file-bytes = 9223372036854775807\n", 2,
     "pyproject.toml:2:1: max-file-bytes must be a whole number from 1 to 1099511627776, not 9223372036854775807"),
])
def test_odd_configurations_are_reported_up_front(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   config: str, exit_code: int, line: str) -> None:
    monkeypatch.chdir(tmp_path)
    Path("pyproject.toml").write_text(config)
    Path("p.yaml").write_text(CLEAN_POLICY)
    result = run_cli("check", "--today", TODAY, "p.yaml")
    assert (result.exit_code, result.stderr.splitlines()[0] if exit_code == 2 else "") == (exit_code, line)


def test_severity_keys_take_selectors_and_the_most_specific_wins(run_cli, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("policylint.toml").write_text('severity = { PL2 = "error", stale-policy = "info" }\n')
    Path("p.yaml").write_text(CLEAN_POLICY.replace('"2026-06-01"', '"2020-06-01"').replace('"2026-01-01"',
                                                                                          '"2020-01-01"'))
    result = run_cli("check", "--today", TODAY, "--output-format", "concise", "p.yaml")
    assert {line.split(" ")[1]: line.split(" ")[2] for line in result.stdout.splitlines()}["PL210"] == "[info]"


@pytest.mark.parametrize("fmt", ["markdown", "html", "text"])
def test_control_characters_never_reach_a_rendered_notice(run_cli, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(CLEAN_POLICY.replace("name: Example Ltd", r'name: "Ex\0ample\e[2J\e]0;title\a Ltd\r"'))
    result = run_cli("render", "--format", fmt, str(path))
    assert result.exit_code == 0
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", result.stdout)
    assert "Ex\ufffdample\ufffd" in result.stdout and "title\ufffd Ltd" in result.stdout  # [ ] escaped in Markdown


def test_evidence_searching_is_bounded(run_cli, tmp_path: Path) -> None:
    source = tmp_path / "source.txt"
    source.write_text("lorem ipsum dolor sit amet " * 350_000)  # 9.4 MB
    quotes = ", ".join(f'"lorem ipsum dolor sit amex {i}"' for i in range(400))  # distinct, none found
    path = tmp_path / "p.yaml"
    path.write_text(f'source: {{path: source.txt, sha256: "{"0" * 64}"}}\n' + CLEAN_POLICY.replace(
        "{id: contact, label: Contact details}", f"{{id: contact, label: Contact details, evidence: [{quotes}]}}"))
    result = run_cli("check", "--today", TODAY, "--output-format", "concise", str(path))
    assert result.exit_code == 1
    stopped = [line for line in result.stdout.splitlines() if "evidence checking stopped here" in line]
    assert len(stopped) == 1 and "53 distinct quotes searched a 9,449,999-character source" in stopped[0]
    assert sum(" PL152 " in line for line in result.stdout.splitlines()) == 54  # 53 not found, then the stop


def test_usage_odds_and_ends(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("p.yaml").write_text(CLEAN_POLICY)
    assert (run_cli("check", "").exit_code, run_cli("check", "").stderr) == (
        2, "policylint: an empty path was given\n")
    for day in ("2026-W01", "20261122", "2026-11-22T00:00"):
        result = run_cli("check", "--today", day, "p.yaml")
        assert result.exit_code == 2 and f"'{day}' is not a date (YYYY-MM-DD)" in result.stderr
    Path("policylint.toml").write_bytes(b'\xef\xbb\xbfignore = ["PL210"]\n')  # a byte order mark, as some editors write
    assert run_cli("check", "--today", TODAY, "p.yaml").exit_code == 0


def test_a_folder_tree_thousands_of_levels_deep(run_cli, tmp_path: Path) -> None:
    folder = tmp_path
    for _ in range(1500):  # 3,000 characters of path, under PATH_MAX; recursion would fail at about 1,000
        folder = folder / "d"
        folder.mkdir()
    (folder / "p.yaml").write_text(CLEAN_POLICY)
    result = run_cli("check", "--today", TODAY, str(tmp_path))
    (folder / "p.yaml").unlink()
    while folder != tmp_path:  # shutil.rmtree (and so pytest's clean-up) recurses, and would fail on this tree
        folder.rmdir()
        folder = folder.parent
    assert (result.exit_code, result.stdout) == (0, "") and "(1 file in " in result.stderr


def test_an_evidence_source_outside_the_project_is_not_read(run_cli, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (tmp_path / "secret.txt").write_text("root:x:0:0\n")
    (project / "link.txt").symlink_to(tmp_path / "secret.txt")
    monkeypatch.chdir(project)
    for source in ("../secret.txt", "link.txt"):
        Path("p.yaml").write_text(f'source: {{path: "{source}", sha256: "{"0" * 64}"}}\n' + CLEAN_POLICY.replace(
            "{id: contact, label: Contact details}", '{id: contact, label: Contact details, evidence: "root:x:0:0"}'))
        result = run_cli("check", "--today", TODAY, "--select", "PL15", "p.yaml")
        assert result.exit_code == 1
        assert result.stdout.splitlines()[0] == (
            f"p.yaml:1:16: PL150 [error] $.source.path: cannot read the source text '{source}': it is outside the "
            "policy's folder (.), which is in no git repository; move it there, or add its folder to source-roots in "
            "[tool.policylint]; evidence quotes are not checked (source-missing)")
        assert "PL151" not in result.stdout  # no hash of the file is given away


def test_render_messages_escape_control_characters(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(CLEAN_POLICY)
    target = tmp_path / "nod\x1b]0;pwned\ax.md"
    result = run_cli("render", "--check", str(path), str(target))
    assert result.exit_code == 1 and "\x1b" not in result.stderr and "nod\\x1b]0;pwned\\x07x.md" in result.stderr


def test_standard_input_twice_and_output_names_that_are_not_files(run_cli, tmp_path: Path) -> None:
    result = run_cli("check", "-", "-", input=CLEAN_POLICY)
    assert (result.exit_code, result.stderr) == (2, "policylint: standard input (-) can be read only once\n")
    path = tmp_path / "p.yaml"
    path.write_text(CLEAN_POLICY)
    for target in ("", str(tmp_path / "x.md") + "/"):
        result = run_cli("render", str(path), "-o", target)
        assert result.exit_code == 2 and "is not a file name" in result.stderr
    result = run_cli("render", str(path), "-o", str(tmp_path))
    assert result.exit_code == 2 and "is a directory" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.yaml"]
