"""`policylint migrate`: schema-1 documents upgraded to schema 2 with comments and layout kept, never misread."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import policies

from policylint.loader import parse
from policylint.migrate import MigrationError, migrate_text
from policylint.validate import is_valid, validate

SCHEMA_1_SEEDS = sorted((REPO / "tests" / "data" / "schema-1").glob("*.yaml"))
REPRESENTATIVE_KINDS = {"EU": "eu_representative", "GB": "uk_representative"}


def downgrade(policy: dict[str, Any], version: str) -> dict[str, Any]:
    """The schema-1 form of a schema-2 policy: what `migrate` must turn back into it."""
    old = copy.deepcopy(policy)
    old["schema_version"] = version
    for contact in old["contacts"]:
        if contact["kind"] == "representative" and contact["represents_in"] in (["EU"], ["GB"]):
            contact["kind"] = REPRESENTATIVE_KINDS[contact.pop("represents_in")[0]]
    dpf = old.get("dpf")
    if dpf and dpf.get("recourse_bodies"):
        bodies = dpf.pop("recourse_bodies")
        # Rebuild the mapping so recourse_body sits where recourse_bodies was (schema 1.1 had both).
        rebuilt = {}
        for key, value in [*dpf.items(), ("recourse_body", bodies[0])]:
            rebuilt[key] = value
        if bodies[1:]:
            rebuilt["recourse_bodies"] = bodies[1:]
        old["dpf"] = rebuilt
    return old


def data_of(text: str) -> Any:
    return json.loads(json.dumps(yaml.safe_load(text)))


@pytest.mark.parametrize("seed", SCHEMA_1_SEEDS, ids=lambda p: p.stem)
def test_the_five_schema_1_seeds_upgrade_valid_with_every_comment_kept(seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    assert data_of(text)["schema_version"] == "1.0"
    result = migrate_text(text)
    assert result.from_version == "1.0"
    assert validate(parse(result.text, str(seed))) == []
    comments = [line.strip() for line in text.splitlines() if line.lstrip().startswith("#")]
    assert comments and comments == [line.strip() for line in result.text.splitlines() if line.lstrip().startswith("#")]
    # Only what schema 2 changed differs: the version line, and (Precision) the recourse body block.
    expected = data_of(text)
    expected["schema_version"] = "2.0"
    if "recourse_body" in expected.get("dpf", {}):
        expected["dpf"] = {("recourse_bodies" if k == "recourse_body" else k): ([v] if k == "recourse_body" else v)
                           for k, v in expected["dpf"].items()}
    assert data_of(result.text) == expected
    changed = [line for line in result.text.splitlines() if line not in text.splitlines()]
    assert changed[0] == 'schema_version: "2.0"'
    if "recourse_body" not in text:
        assert changed == ['schema_version: "2.0"']


def test_a_schema_1_document_gets_one_finding_that_says_how_to_upgrade(run_cli, tmp_path: Path) -> None:
    seed = SCHEMA_1_SEEDS[0]
    target = tmp_path / seed.name
    target.write_bytes(seed.read_bytes())
    (tmp_path / "sources").mkdir()
    source = REPO / "policies" / "sources" / f"{seed.stem}.txt"
    (tmp_path / "sources" / source.name).write_bytes(source.read_bytes())
    result = run_cli("check", "--isolated", str(target))
    lines = [line for line in result.stdout.splitlines() if ": PL" in line]
    assert result.exit_code == 1
    assert len(lines) == 1 and "PL107" in lines[0]
    assert f"policylint migrate {target}" in lines[0]


def test_migrate_upgrades_in_place_and_a_second_run_changes_nothing(run_cli, tmp_path: Path) -> None:
    precision = next(p for p in SCHEMA_1_SEEDS if p.stem == "precision-optical")
    target = tmp_path / "p.yaml"
    target.write_bytes(precision.read_bytes())
    result = run_cli("migrate", str(target))
    assert result.exit_code == 0, result.stderr
    assert "upgraded schema 1.0 to 2.0: dpf.recourse_body -> dpf.recourse_bodies[0]" in result.stdout
    upgraded = target.read_bytes()
    assert is_valid(data_of(upgraded.decode()))
    again = run_cli("migrate", str(target))
    assert again.exit_code == 0 and "already schema 2" in again.stdout
    assert target.read_bytes() == upgraded


def test_migrate_check_reports_without_writing(run_cli, tmp_path: Path) -> None:
    target = tmp_path / "p.yaml"
    target.write_bytes(SCHEMA_1_SEEDS[0].read_bytes())
    result = run_cli("migrate", "--check", str(target))
    assert result.exit_code == 1 and "would upgrade schema 1.0 to 2.0" in result.stdout
    assert target.read_bytes() == SCHEMA_1_SEEDS[0].read_bytes()


def test_migrate_refuses_to_write_a_result_schema_2_would_reject(run_cli, tmp_path: Path) -> None:
    target = tmp_path / "p.yaml"
    broken = SCHEMA_1_SEEDS[0].read_text(encoding="utf-8").replace("\ndocument:\n", "\ncolour: blue\ndocument:\n", 1)
    target.write_text(broken, encoding="utf-8")
    result = run_cli("migrate", str(target))
    assert result.exit_code == 2
    assert "PL101" in result.stderr and "unknown key 'colour'" in result.stderr
    assert "was left as it is" in result.stderr
    assert target.read_text(encoding="utf-8") == broken
    assert "Traceback" not in result.stderr


def test_migrate_refuses_bad_input_with_one_line_and_exit_2(run_cli, tmp_path: Path) -> None:
    target = tmp_path / "p.yaml"
    target.write_text("schema_version: '1.0'\ndocument: [1\n", encoding="utf-8")
    result = run_cli("migrate", str(target))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{target}:") and "PL001" in result.stderr
    assert target.read_text(encoding="utf-8") == "schema_version: '1.0'\ndocument: [1\n"


def test_migrate_does_not_write_through_a_symbolic_link(run_cli, tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_bytes(SCHEMA_1_SEEDS[0].read_bytes())
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    result = run_cli("migrate", str(link))
    assert result.exit_code == 2 and "symbolic link" in result.stderr
    assert real.read_bytes() == SCHEMA_1_SEEDS[0].read_bytes()


def test_a_document_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(MigrationError):
        migrate_text("- a\n- b\n")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(policies(maximal=False), st.sampled_from(["1.0", "1.1"]), st.sampled_from(["'", '"']))
def test_migrating_a_generated_schema_1_document_restores_it_and_is_idempotent(
        policy: dict[str, Any], version: str, quote: str) -> None:
    old = downgrade(policy, version)
    text = ("# yaml-language-server: $schema=../schema/privacy-policy.schema.json\n# kept\n"
            + yaml.safe_dump(old, sort_keys=False, allow_unicode=True, width=100)
            .replace(f"schema_version: '{version}'", f"schema_version: {quote}{version}{quote}"))
    # PyYAML writes YAML 1.1, and leaves plain what YAML 1.2 reads otherwise (an id "0e-0" is a float there): only a
    # text that policylint reads as the document it was made from is a schema-1 policy to upgrade.
    assume(parse(text, "p.yaml").data == old)
    result = migrate_text(text)
    assert result.from_version == version
    assert data_of(result.text) == policy | {"schema_version": "2.0"}
    assert result.text.startswith("# yaml-language-server: $schema=../schema/privacy-policy.schema.json\n# kept\n")
    assert f"schema_version: {quote}2.0{quote}" in result.text
    again = migrate_text(result.text)
    assert again.changes == [] and again.text == result.text


def test_eu_and_uk_representatives_become_representatives_for_eu_and_gb() -> None:
    text = """schema_version: "1.0"
document: {title: T}
organisation: {name: O}
contacts:
  - id: eu-rep  # our EU representative
    kind: eu_representative
    name: Rep GmbH
    channels: [{type: email, value: rep@example.com}]
  - id: uk-rep
    kind: uk_representative
    represents_in: [GB, GG]
    channels: []
frameworks: []
data_categories: []
purposes: []
recipients: []
retention: []
negative_statements: []
"""
    result = migrate_text(text)
    assert result.changes[1:] == ["contacts[0].kind eu_representative -> representative, represents_in EU",
                                  "contacts[1].kind uk_representative -> representative, represents_in GB"]
    assert "  - id: eu-rep  # our EU representative\n    kind: representative\n    represents_in: [EU]\n" \
        in result.text
    contacts = data_of(result.text)["contacts"]
    assert [c["represents_in"] for c in contacts] == [["EU"], ["GB", "GG"]]
    assert is_valid(data_of(result.text))


def test_policylint_rule_explains_the_upgrade_finding(run_cli) -> None:
    result = run_cli("rule", "PL107")
    assert result.exit_code == 0
    assert result.stdout.startswith("PL107 outdated-schema-version\n")
    assert "policylint migrate" in result.stdout
    assert run_cli("rule", "PL999").exit_code == 2


def test_an_anchor_no_alias_uses_is_kept() -> None:
    """Found migrating the corpus drafts: ruamel.yaml drops an unused anchor on a list (Steam's `&reasons-intro`)."""
    text = SCHEMA_1_SEEDS[0].read_text(encoding="utf-8").replace("\nnotices:\n", "\nnotices: &kept-anchor\n", 1)
    assert "&kept-anchor" in text
    result = migrate_text(text)
    assert [line for line in result.text.splitlines() if line not in text.splitlines()] == ['schema_version: "2.0"']


def test_a_plain_value_ruamel_yaml_would_take_for_a_number_is_kept_as_the_string_it_is() -> None:
    """ruamel.yaml's own YAML 1.2 rules read `+_` as a number and failed on it (an internal error from migrate);
    migrate resolves plain values as the loader does."""
    text = "schema_version: '1.0'\ndocument:\n  title: +_\n  version: 1_000\n  note: 2020-1-1\n"
    result = migrate_text(text)
    assert result.text == text.replace("'1.0'", "'2.0'")
    assert parse(result.text).data["document"] == {"title": "+_", "version": "1_000", "note": "2020-1-1"}
