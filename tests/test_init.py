"""`policylint init`, drafts, and `render --rendered` keeping renderings current: what a new user meets first."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import CLEAN_POLICY

from policylint import __version__, starter
from policylint.check import Options, check_file
from policylint.cli import cli
from policylint.rules import all_rules

POLICYLINT = str(Path(sys.executable).with_name("policylint"))  # the entry point installed beside this Python
LAW_SETS = [frozenset(), frozenset({"gdpr"}), frozenset({"ccpa", "caloppa"}), frozenset({"uk_gdpr", "coppa"}),
            frozenset({"gdpr", "uk_gdpr", "ccpa", "caloppa", "coppa"})]


def run_init(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["init", "--directory", str(root), *args])
    return result.exit_code, result.output


def starter_text(laws: frozenset[str], service: str) -> str:
    return starter.starter_policy("Acme Ltd", laws, service, "# yaml-language-server: $schema=x.json",
                                  date(2026, 12, 2))


def findings_of(text: str, laws: frozenset[str]):  # type: ignore[no-untyped-def]
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "acme-ltd.yaml"
        path.write_text(text, encoding="utf-8")
        return check_file(str(path), Options.default(today=date(2026, 12, 2), laws=laws))


@pytest.mark.parametrize("laws", LAW_SETS, ids=lambda laws: "+".join(sorted(laws)) or "no-law")
@pytest.mark.parametrize("service", list(starter.SERVICES))
def test_the_starter_policy_is_valid_and_its_findings_are_the_authors_to_dos(laws: frozenset[str],
                                                                              service: str) -> None:
    text = starter_text(laws, service)
    result = findings_of(text, laws)
    assert result.error is None and result.profiles is not None, result.findings  # schema-valid
    assert result.draft
    rules = {r.code: r for r in all_rules()}
    mentioned = set(re.findall(r"(?:^|^#\s+|, | of its own, )([a-z_]+):", text, re.MULTILINE))
    assert result.findings, "a starter with nothing in it has things left to write"
    for finding in result.findings:
        assert finding.code in rules, f"{finding.code} is not a rule's to-do: {finding.message}"
        assert not finding.name.endswith("contradicted"), finding.message
        # Each to-do points at the section to write: the key the rule's passing example adds is in the starter,
        # as a key with instructions above it or in the list of what is still to write.
        wanted = set(yaml.safe_load(rules[finding.code].passes)) - {"frameworks"} or {"frameworks"}
        assert wanted & mentioned, f"{finding.code} ({finding.message}) wants {wanted}; the starter names none"


@pytest.mark.parametrize("laws", LAW_SETS, ids=lambda laws: "+".join(sorted(laws)) or "no-law")
@pytest.mark.parametrize("service", list(starter.SERVICES))
def test_the_starter_policy_is_as_fmt_would_write_it(laws: frozenset[str], service: str) -> None:
    """Else the fmt hook would rewrite it on the first commit and stop it."""
    from policylint.fmt import format_policy

    text = starter_text(laws, service)
    assert format_policy(text) == text


@pytest.mark.parametrize("laws", LAW_SETS, ids=lambda laws: "+".join(sorted(laws)) or "no-law")
@pytest.mark.parametrize("service", list(starter.SERVICES))
def test_every_example_in_the_starters_comments_is_valid_where_it_stands(laws: frozenset[str], service: str) -> None:
    """Uncomment the examples above each empty list, as an author would: still valid, every reference resolves."""
    lines = starter_text(laws, service).splitlines()
    out: list[str] = []
    for line in lines:
        match = re.fullmatch(r"([a-z_]+): \[\]", line)
        examples = []
        while match and out and out[-1].startswith("#   - "):
            examples.insert(0, out.pop()[2:])
        out += [f"{match.group(1)}:", *examples] if examples else [line]
    uncommented = "\n".join(out) + "\n"
    assert uncommented.count("\n  - ") >= 3 + len(laws)
    result = findings_of(uncommented, laws)
    assert result.error is None and result.profiles is not None, [f.message for f in result.findings]
    broken = [f for f in result.findings if f.code in {"PL212", "PL213"} or f.name.endswith("contradicted")]
    assert not broken, [f.message for f in broken]


def test_init_writes_the_files_and_check_lists_only_to_dos(tmp_path: Path) -> None:
    code, output = run_init(tmp_path, "--organisation", "Acme Ltd", "--law", "gdpr,ccpa", "--service", "online-shop")
    assert code == 0, output
    policy = tmp_path / "policies" / "acme-ltd.yaml"
    written = [policy, tmp_path / "schema" / "privacy-policy.schema.json", tmp_path / "policies" / "rendered" /
               "acme-ltd.md", tmp_path / "policylint.toml", tmp_path / ".pre-commit-config.yaml"]
    for path in written:
        assert path.is_file() and f"{path.relative_to(tmp_path)}: written" in output.replace(f"{tmp_path}/", "")
    assert policy.read_text().splitlines()[0] == "# yaml-language-server: $schema=../schema/privacy-policy.schema.json"
    assert 'laws = ["ccpa", "gdpr"]' in (tmp_path / "policylint.toml").read_text()
    assert f"rev: v{__version__}" in (tmp_path / ".pre-commit-config.yaml").read_text()
    assert "Draft: not yet published." in (tmp_path / "policies" / "rendered" / "acme-ltd.md").read_text()
    checked = subprocess.run([POLICYLINT, "check", "--output-format", "concise", "policies/"], cwd=tmp_path,
                             capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "PL601" in checked.stdout and "PL306" in checked.stdout  # the laws in policylint.toml ran
    assert "in 1 draft (document.status: draft)" in checked.stderr
    # The README shows this run (the same flags): its lines are what check says.
    from conftest import REPO

    shown = re.findall(r"^policies/acme-ltd\.yaml:.*$", (REPO / "README.md").read_text(encoding="utf-8"), re.MULTILINE)
    assert len(shown) == 3 and all(line in checked.stdout.splitlines() for line in shown), shown


def test_init_never_overwrites_a_file(tmp_path: Path) -> None:
    (tmp_path / "policylint.toml").write_text("ignore = []\n")
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "acme.yaml").write_text("mine\n")
    code, output = run_init(tmp_path, "--organisation", "Acme")
    assert code == 0, output
    assert (tmp_path / "policylint.toml").read_text() == "ignore = []\n"
    assert (tmp_path / "policies" / "acme.yaml").read_text() == "mine\n"
    assert output.count("exists; left as it is") == 2
    again_code, again = run_init(tmp_path, "--organisation", "Acme")
    assert again_code == 0 and ": written" not in again and again.count("left as it is") == 4
    assert "privacy-policy.schema.json: is this version's schema" in again


def test_init_refuses_to_write_through_a_link(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / ".git").mkdir()
    (tmp_path / "repo" / "policies").symlink_to(elsewhere)
    code, output = run_init(tmp_path / "repo", "--organisation", "Acme")
    assert code == 2 and "is a symbolic link" in output
    assert list(elsewhere.iterdir()) == []
    assert not (tmp_path / "repo" / "policylint.toml").exists()  # refused before anything was written


@pytest.mark.parametrize(("args", "message"), [
    ((), "--organisation NAME is needed"),
    (("--organisation", "Acme", "--law", "gdrp"), "unknown law 'gdrp' (did you mean 'gdpr'?)"),
    (("--organisation", "  "), "give the organisation's name"),
])
def test_init_refuses_what_it_cannot_use_in_one_line(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    code, output = run_init(tmp_path, *args)
    assert code == 2 and message in output
    assert list(tmp_path.iterdir()) == []


def test_the_organisation_name_is_quoted_where_yaml_would_misread_it(tmp_path: Path) -> None:
    code, output = run_init(tmp_path, "--organisation", "Yes: #1 & Co")
    assert code == 0, output
    data = yaml.safe_load((tmp_path / "policies" / "yes-1-co.yaml").read_text())
    assert data["organisation"]["name"] == "Yes: #1 & Co"
    assert data["document"]["title"] == "Yes: #1 & Co privacy policy"


def test_init_asks_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("policylint.cli._on_a_terminal", lambda: True)
    result = CliRunner().invoke(cli, ["init", "--directory", str(tmp_path)], input="Acme Ltd\ngdpr\napp\n")
    assert result.exit_code == 0, result.output
    assert "Organisation" in result.output and "Laws that apply" in result.output
    text = (tmp_path / "policies" / "acme-ltd.yaml").read_text()
    assert "For a mobile app, usually:" in text and "legal_bases" in text
    assert 'laws = ["gdpr"]' in (tmp_path / "policylint.toml").read_text()


def test_the_readmes_pre_commit_config_is_what_init_writes() -> None:
    """The README's block is pasted by users as is: it must be the configuration the commit test proves."""
    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- pre-commit-config -->\n```yaml\n(.*?)```\n<!-- /pre-commit-config -->", readme, re.DOTALL)
    assert block, "README.md has no <!-- pre-commit-config --> block"
    assert block.group(1) == starter.precommit_text(starter.HOOKS_REPO, f"v{__version__}")


# Drafts ---------------------------------------------------------------------------------------------------------

def test_a_drafts_findings_fail_nothing_until_it_is_published(tmp_path: Path) -> None:
    published = CLEAN_POLICY.replace("retention:\n  - {kind: period, period: P6Y}\n", "retention: []\n")
    draft = published.replace("  title: Example privacy policy\n", "  title: Example privacy policy\n  status: draft\n")
    (tmp_path / "draft.yaml").write_text(draft)
    (tmp_path / "published.yaml").write_text(published)
    runner = CliRunner()
    as_draft = runner.invoke(cli, ["check", "--isolated", "--output-format", "concise", str(tmp_path / "draft.yaml")])
    assert as_draft.exit_code == 0 and "PL228 [error]" in as_draft.output
    assert "1 of them in 1 draft" in as_draft.output
    as_published = runner.invoke(cli, ["check", "--isolated", str(tmp_path / "published.yaml")])
    assert as_published.exit_code == 1 and "PL228" in as_published.output
    both = runner.invoke(cli, ["check", "--isolated", str(tmp_path / "draft.yaml"), str(tmp_path / "published.yaml")])
    assert both.exit_code == 1
    # In CI for published policies, a draft cannot wave its errors through.
    strict = runner.invoke(cli, ["check", "--isolated", "--fail-drafts", str(tmp_path / "draft.yaml")])
    assert strict.exit_code == 1 and "PL228 [error]" in strict.output and "in 1 draft" not in strict.output


def test_a_draft_that_is_not_valid_still_fails(tmp_path: Path) -> None:
    broken = CLEAN_POLICY.replace("  title: Example privacy policy\n",
                                  "  title: Example privacy policy\n  status: draft\n  colour: blue\n")
    (tmp_path / "broken.yaml").write_text(broken)
    result = CliRunner().invoke(cli, ["check", "--isolated", str(tmp_path / "broken.yaml")])
    assert result.exit_code == 1 and "colour" in result.output


def test_a_drafts_notice_says_it_is_a_draft_in_both_audiences() -> None:
    from policylint.loader import parse
    from policylint.render import render

    draft = parse(CLEAN_POLICY.replace("  title: Example privacy policy\n",
                                       "  title: Example privacy policy\n  status: draft\n")).data
    for audience in ("notice", "review"):
        assert "Draft: not yet published." in render(draft, "text", audience)
        assert "Draft" not in render(parse(CLEAN_POLICY).data, "text", audience)


def test_diff_says_a_draft_was_published(tmp_path: Path) -> None:
    draft = tmp_path / "draft.yaml"
    draft.write_text(CLEAN_POLICY.replace("  title: Example privacy policy\n",
                                          "  title: Example privacy policy\n  status: draft\n"))
    published = tmp_path / "published.yaml"
    published.write_text(CLEAN_POLICY)
    runner = CliRunner()
    publishing = runner.invoke(cli, ["diff", str(draft), str(published)]).output
    assert "minor     The policy is no longer a draft" in publishing
    assert "minor     The policy is now a draft" in runner.invoke(cli, ["diff", str(published), str(draft)]).output


# render --rendered keeps a folder current -----------------------------------------------------------------------

def test_render_rendered_writes_missing_and_stale_renderings_and_says_so(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("p.yaml").write_text(CLEAN_POLICY)
    runner = CliRunner()
    written = runner.invoke(cli, ["render", "--rendered", "out", "p.yaml"])
    assert written.exit_code == 1 and "out/p.md: written from p.yaml; stage it" in written.output
    current = runner.invoke(cli, ["render", "--rendered", "out", "p.yaml"])
    assert current.exit_code == 0 and current.output == ""
    Path("out/p.html").write_text("old")
    stale = runner.invoke(cli, ["render", "--check", "--rendered", "out", "p.yaml"])
    assert stale.exit_code == 1 and "out/p.html: is out of date" in stale.output
    assert Path("out/p.html").read_text() == "old"  # --check writes nothing
    updated = runner.invoke(cli, ["render", "--rendered", "out", "p.yaml"])
    assert updated.exit_code == 1 and "out/p.html: updated from p.yaml" in updated.output
    assert Path("out/p.html").read_text().startswith("<!DOCTYPE html>")
    missing = runner.invoke(cli, ["render", "--check", "--rendered", "elsewhere", "p.yaml"])
    assert missing.exit_code == 1 and "elsewhere/p.md: does not exist" in missing.output
    assert not Path("elsewhere").exists()
    as_text = runner.invoke(cli, ["render", "--format", "text", "--rendered", "txt", "p.yaml"])
    assert as_text.exit_code == 1 and Path("txt/p.txt").is_file()


def test_render_rendered_refuses_a_linked_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / "target").mkdir()
    Path("out").symlink_to(tmp_path / "target")
    Path("p.yaml").write_text(CLEAN_POLICY)
    result = CliRunner().invoke(cli, ["render", "--rendered", "out", "p.yaml"])
    assert result.exit_code == 2 and "is a symbolic link" in result.output
    assert list((tmp_path / "target").iterdir()) == []


# The whole path, through git and the real pre-commit ------------------------------------------------------------

@pytest.mark.slow
def test_init_then_commit_passes_every_hook(tmp_path: Path) -> None:
    """In an empty repository: init, pre-commit install, commit. The hooks come from a snapshot of this checkout,
    named as init names policylint's repository (`--hooks-repo`, `--hooks-rev` point at it)."""
    from test_precommit import GIT, hooked_repository, snapshot

    hooks, rev = snapshot(tmp_path)
    project = tmp_path / "project"
    project.mkdir()
    run = hooked_repository(project, tmp_path / "home")
    init = run(POLICYLINT, "init", "--organisation", "Acme Ltd", "--law", "gdpr,ccpa", "--hooks-repo", str(hooks),
               "--hooks-rev", rev)
    assert init.returncode == 0, init.stdout + init.stderr
    run(*GIT, "add", ".")
    commit = run(*GIT, "commit", "-m", "Start the privacy policy")
    assert commit.returncode == 0, commit.stdout + commit.stderr
    ran = re.findall(r"^(.+?)\.{3,}(Passed|Skipped|Failed)", commit.stdout + commit.stderr, re.MULTILINE)
    assert len(ran) == 5 and all(outcome == "Passed" for _, outcome in ran), ran
    # Publishing the draft without writing the to-dos is what the hooks stop.
    policy = project / "policies" / "acme-ltd.yaml"
    published = policy.read_text().replace("  status: draft\n", "")
    policy.write_text(published)
    line = published.splitlines().index("retention: []") + 1
    run(*GIT, "add", ".")
    blocked = run(*GIT, "commit", "-m", "Publish")
    assert blocked.returncode != 0
    assert f"policies/acme-ltd.yaml:{line}:1: PL228 [error]" in blocked.stdout + blocked.stderr
    # A clean, published policy commits (its rendering written by the hook, then staged, as the README says).
    run(*GIT, "checkout", "HEAD", "--", "policies/acme-ltd.yaml")
    (project / "policylint.toml").write_text("laws = []\n")
    (project / "policies" / "example.yaml").write_text(CLEAN_POLICY)
    run(*GIT, "add", ".")
    first = run(*GIT, "commit", "-m", "Example")
    assert first.returncode != 0 and "policies/rendered/example.md: written" in first.stdout + first.stderr
    run(*GIT, "add", ".")
    clean = run(*GIT, "commit", "-m", "Example")
    assert clean.returncode == 0, clean.stdout + clean.stderr
