"""Only policies are policies (issue 16, item 5): a folder walk checks the YAML files that declare a top-level
`schema_version`; a file named on the command line is always checked."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO

from policylint.check import DECLARATION_BYTES, expand_paths


def test_a_folder_walk_passes_over_yaml_that_is_no_policy(tmp_path: Path) -> None:
    (tmp_path / ".pre-commit-config.yaml").write_text("repos: []\n")
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text("on: push\njobs: {}\n")
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "p.yaml").write_text((REPO / "policies" / "steam.yaml").read_text(encoding="utf-8"))
    (tmp_path / "policies" / "commented.yaml").write_text("# a policy\n---\nschema_version: '2.0'\n")
    (tmp_path / "policies" / "quoted.yml").write_text('"schema_version": "2.0"\n')
    (tmp_path / "policies" / "broken.yaml").write_text("schema_version: '2.0'\ndocument: [1\n")
    (tmp_path / "policies" / "nested.yaml").write_text("other:\n  schema_version: '2.0'\n")  # not top-level
    found = {Path(p).relative_to(tmp_path).as_posix() for p in expand_paths([str(tmp_path)])}
    assert found == {"policies/p.yaml", "policies/commented.yaml", "policies/quoted.yml", "policies/broken.yaml"}


def test_the_declaration_is_looked_for_only_near_the_top(tmp_path: Path) -> None:
    late = tmp_path / "late.yaml"
    late.write_text("# " + "x" * DECLARATION_BYTES + "\nschema_version: '2.0'\n")
    assert list(expand_paths([str(tmp_path)])) == []
    assert list(expand_paths([str(late)])) == [str(late)]  # named: always checked


def test_a_named_file_is_checked_even_if_it_is_no_policy(run_cli, tmp_path: Path) -> None:
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text("repos: []\n")
    named = run_cli("check", "-q", "--output-format", "concise", str(config))
    assert named.exit_code == 1 and " PL101 " in named.stdout
    walked = run_cli("check", str(tmp_path))
    assert " PL101 " not in walked.stdout
