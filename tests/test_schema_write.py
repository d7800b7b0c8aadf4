"""`policylint schema --write DIR`: the schema copied into the user's repository for editors, and the modeline that
points a policy at it. An earlier policylint schema is replaced; any other file, and anything reached through a
symbolic link, is left alone (exit 2, one line)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from policylint.schema import SCHEMA_FILE, SCHEMA_ID_PREFIX, schema_path

MODELINE_PREFIX = "# yaml-language-server: $schema="


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty repository (a `.git` folder is what marks one), as the current folder; resolved, as policylint names
    the links it finds below the repository's real path."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path.resolve()


def published() -> bytes:
    return schema_path().read_bytes()


def modeline_of(stdout: str) -> str:
    [line] = [line for line in stdout.splitlines() if line.startswith(MODELINE_PREFIX)]
    return line


def test_write_creates_the_folder_and_an_exact_copy(run_cli, repo: Path) -> None:
    result = run_cli("schema", "--write", "schema")
    assert result.exit_code == 0, result.output
    assert (repo / "schema" / SCHEMA_FILE).read_bytes() == published()
    assert result.stdout.splitlines() == [
        f"wrote schema/{SCHEMA_FILE}",
        "First line of each policy in policies/ (hover, completion and checks in editors):",
        f"{MODELINE_PREFIX}../schema/{SCHEMA_FILE}",
    ]
    assert result.stderr == ""


def test_a_second_write_is_up_to_date_and_leaves_the_file_alone(run_cli, repo: Path) -> None:
    assert run_cli("schema", "--write", "schema").exit_code == 0
    target = repo / "schema" / SCHEMA_FILE
    before = os.stat(target)
    result = run_cli("schema", "--write", "schema")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"up to date: schema/{SCHEMA_FILE}"
    after = os.stat(target)
    # Not rewritten: the same file (a rename would give a new inode), untouched.
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert modeline_of(result.stdout) == f"{MODELINE_PREFIX}../schema/{SCHEMA_FILE}"


@pytest.mark.parametrize("identifier", [
    f"{SCHEMA_ID_PREFIX}privacy-policy/v1/privacy-policy.schema.json",  # schema 1, before `migrate`
    f"{SCHEMA_ID_PREFIX}privacy-policy/v2/privacy-policy.schema.json",  # the same version, an older release
])
def test_an_earlier_policylint_schema_is_updated(run_cli, repo: Path, identifier: str) -> None:
    target = repo / "schema" / SCHEMA_FILE
    target.parent.mkdir()
    older = json.loads(published())
    older["$id"] = identifier
    older["description"] = "An older release of the policylint schema."
    target.write_text(json.dumps(older, indent=2) + "\n", encoding="utf-8")
    result = run_cli("schema", "--write", "schema")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"updated schema/{SCHEMA_FILE}"
    assert target.read_bytes() == published()
    assert [p.name for p in target.parent.iterdir()] == [SCHEMA_FILE]  # no temporary file left beside it


@pytest.mark.parametrize("content", [
    '{"$id": "https://json.schemastore.org/github-workflow.json", "type": "object"}\n',  # someone else's schema
    '{"$id": "https://policylint.dev.example/schema/x.json"}\n',  # not the prefix, only its start
    '{"$id": "http://policylint.dev/schema/privacy-policy/v2/privacy-policy.schema.json"}\n',  # not https
    '{"title": "policylint privacy policy"}\n',  # no $id at all
    '["https://policylint.dev/schema/"]\n',  # JSON, but not an object
    "not json: the user's notes\n",
    "",
], ids=["other-schema", "lookalike-host", "http", "no-id", "list", "text", "empty"])
def test_any_other_file_is_refused_and_left_unchanged(run_cli, repo: Path, content: str) -> None:
    target = repo / "schema" / SCHEMA_FILE
    target.parent.mkdir()
    target.write_text(content, encoding="utf-8")
    result = run_cli("schema", "--write", "schema")
    assert result.exit_code == 2
    assert result.stdout == ""  # no modeline for a schema that was not written
    assert result.stderr == f"schema/{SCHEMA_FILE}: exists and is not a copy of the policylint schema; not replaced\n"
    assert target.read_text(encoding="utf-8") == content


def test_a_folder_in_the_way_is_refused(run_cli, repo: Path) -> None:
    (repo / "schema" / SCHEMA_FILE).mkdir(parents=True)
    result = run_cli("schema", "--write", "schema")
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1 and "not a copy of the policylint schema" in result.stderr
    assert (repo / "schema" / SCHEMA_FILE).is_dir()


@pytest.mark.parametrize("link", ["file", "dangling", "folder"])
def test_symbolic_links_are_refused(run_cli, repo: Path, tmp_path_factory: pytest.TempPathFactory,
                                    link: str) -> None:
    """Through a link the write would land somewhere else, perhaps outside the repository: refused even when the
    link leads to a copy of the policylint schema."""
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / SCHEMA_FILE).write_bytes(published().replace(b"Version 2 of", b"An older version 2 of"))
    before = (elsewhere / SCHEMA_FILE).read_bytes()
    if link == "folder":
        (repo / "schema").symlink_to(elsewhere, target_is_directory=True)
        named = repo / "schema"
    else:
        (repo / "schema").mkdir()
        named = repo / "schema" / SCHEMA_FILE
        named.symlink_to(elsewhere / (SCHEMA_FILE if link == "file" else "missing.json"))
    result = run_cli("schema", "--write", "schema")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"{named}: is a symbolic link; policylint does not write through links\n"
    assert (elsewhere / SCHEMA_FILE).read_bytes() == before
    assert sorted(p.name for p in elsewhere.iterdir()) == [SCHEMA_FILE]


@pytest.mark.parametrize("write,policies", [
    ("schema", "policies"),
    ("schema", "."),
    ("schema", "docs/privacy/en"),
    ("config/editor/schema", "policies"),
    (".", "policies"),
    ("policies", "policies"),  # the schema beside the policies
])
def test_the_modeline_path_leads_from_the_policy_folder_to_the_written_file(run_cli, repo: Path, write: str,
                                                                          policies: str) -> None:
    """What the language server does with the modeline: a path relative to the policy's folder, in `/` form."""
    result = run_cli("schema", "--write", write, "--policies", policies)
    assert result.exit_code == 0, result.output
    relative = modeline_of(result.stdout).removeprefix(MODELINE_PREFIX)
    assert not relative.startswith("/") and "\\" not in relative
    (repo / policies).mkdir(parents=True, exist_ok=True)
    found = repo / policies / relative
    assert found.resolve() == (repo / write / SCHEMA_FILE).resolve()
    assert found.read_bytes() == published()


def test_the_modeline_works_for_an_absolute_policy_folder(run_cli, repo: Path) -> None:
    result = run_cli("schema", "--write", str(repo / "schema"), "--policies", str(repo / "policies"))
    assert result.exit_code == 0, result.output
    assert modeline_of(result.stdout) == f"{MODELINE_PREFIX}../schema/{SCHEMA_FILE}"
