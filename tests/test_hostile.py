"""Bad input never crashes policylint, never loses data, and always gets one clear answer (issue 6).

Every case in tests/hostile.py goes through `check` and `render`, asserting the exit status, the exact line, no
traceback, and that nothing in the folder was written or changed. The last test runs the whole catalogue through
the real entry point, one process per input, and bounds each one's memory.
"""

from __future__ import annotations

import os
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
    before = snapshot(tmp_path)
    result = run_cli("check", "--today", TODAY, "--output-format", "concise", str(path))
    assert result.exit_code == case.exit, result.stdout[:2000]
    lines = result.stdout.splitlines()
    if case.expect:
        assert lines, result.stderr
        first = next((line for line in lines if line.startswith(f"{path}:{case.expect}")), None)
        assert first is not None, lines[:5]
        assert case.message in first
    else:
        assert lines == []
    if case.exit == 2:  # an input error is the only line about the file
        assert len(lines) == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert snapshot(tmp_path) == before
    assert not Path(MARKER).exists()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
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
     "known: fail-on, ignore, max-alias-nodes, max-file-bytes, max-nodes, per-file-ignores, select, severity"),
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

def test_every_hostile_input_through_the_real_entry_point_stays_bounded(tmp_path: Path) -> None:
    write_catalogue(tmp_path)
    runs = list(run_catalogue(tmp_path))
    assert len(runs) == 2 * (len(CASES) + len(EXTRA_PATHS))
    assert [(name, command, problem(run)) for name, command, run in runs if problem(run)] == []
    assert not Path(MARKER).exists()
