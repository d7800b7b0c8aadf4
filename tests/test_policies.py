"""The bundled encodings: valid, faithful to their sources, and accepted by an independent validator."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import POLICIES, REPO

from policylint.check import check_file
from policylint.evidence import normalise
from policylint.loader import load
from policylint.schema import claims, load_schema, schema_path

SCHEMA_LINE = "# yaml-language-server: $schema=../schema/privacy-policy.schema.json\n"


SEEDS = ["international-light-technologies", "kasperek-optical", "precision-optical", "spectrotek-services",
         "spectrum"]
# ../shared/corpus: policies of other shapes than the seeds'
CORPUS = ["donkey-republic", "savetz-publishing", "steam", "urban-dictionary"]


def test_the_seed_and_corpus_policies_are_bundled() -> None:
    assert [p.stem for p in POLICIES] == sorted(SEEDS + CORPUS)


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.stem)
def test_policy_has_no_schema_or_evidence_findings(policy: Path) -> None:
    result = check_file(str(policy))
    assert result.error is None
    assert [f for f in result.findings if f.code.startswith("PL1")] == []


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.stem)
def test_policy_names_the_schema_for_editors(policy: Path) -> None:
    assert policy.read_text(encoding="utf-8").startswith(SCHEMA_LINE)
    assert (policy.parent / "../schema/privacy-policy.schema.json").resolve() == schema_path().resolve()


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.stem)
def test_policy_source_is_kept_beside_it_and_pinned(policy: Path) -> None:
    data = load(policy).data
    source = policy.parent / data["source"]["path"]
    assert source == policy.parent / "sources" / f"{policy.stem}.txt"
    assert hashlib.sha256(source.read_bytes()).hexdigest() == data["source"]["sha256"]


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.stem)
def test_every_claim_quotes_its_source(policy: Path) -> None:
    data = load(policy).data
    corpus = normalise((policy.parent / data["source"]["path"]).read_text(encoding="utf-8"))
    quoted = 0
    for path, claim in claims(data, load_schema()):
        assert "evidence" in claim, path
        quotes = claim["evidence"] if isinstance(claim["evidence"], list) else [claim["evidence"]]
        for quote in quotes:
            assert normalise(quote) in corpus, (path, quote)
            quoted += 1
    assert quoted >= 50


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.stem)
def test_every_reference_resolves(policy: Path) -> None:
    data = load(policy).data
    declared = {
        "contacts": {c["id"] for c in data["contacts"]},
        "data_categories": {c["id"] for c in data["data_categories"]},
        "purposes": {p["id"] for p in data["purposes"]},
        "entities": {e["id"] for e in data["organisation"].get("entities", [])},
    }
    for section in ("contacts", "data_categories", "purposes", "recipients", "negative_statements"):
        ids = [item["id"] for item in data[section]]
        assert len(ids) == len(set(ids)), f"duplicate ids in {section}"
    text = policy.read_text(encoding="utf-8")
    data_refs = re.findall(r"^\s+(data_categories|applies_to|contacts|purposes|covered_entities|complaint_contacts):"
                           r"\n((?:\s+- [a-z0-9-]+\n)+)", text, re.MULTILINE)
    kinds = {"data_categories": "data_categories", "applies_to": "data_categories", "contacts": "contacts",
             "purposes": "purposes", "covered_entities": "entities", "complaint_contacts": "contacts"}
    for key, block in data_refs:
        for ref in re.findall(r"- ([a-z0-9-]+)", block):
            assert ref in declared[kinds[key]], f"{key} refers to undeclared {ref!r}"


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.stem)
def test_policy_defects_are_kept_not_repaired(policy: Path) -> None:
    """Spot checks of defects each source really has, which the encoding must keep for the linter."""
    data = load(policy).data
    channels = [ch for c in data["contacts"] for ch in c["channels"]]
    claims_made = {n["claim"] for n in data["negative_statements"]}
    if policy.stem == "kasperek-optical":
        assert any(ch.get("unusable") == "obfuscated" and ch["value"] == "[email protected]" for ch in channels)
    if policy.stem == "international-light-technologies":
        assert any(c["channels"] == [] for c in data["contacts"])
        assert "rights" in data and all(not s.get("contacts") for s in data["rights"]["statements"])
    if policy.stem == "spectrotek-services":
        assert any(e["section"] == "rights" for e in data["empty_lists"])
        assert "no_cookies" in claims_made and data["cookies"]["technologies"]
    if policy.stem == "precision-optical":
        assert "no_transfer_to_third_parties" in claims_made and data["recipients"]
        fees = [f["kind"] for f in data["rights"]["fees"]]
        access_fees = [s["fee"]["kind"] for s in data["rights"]["statements"] if "fee" in s]
        assert "free_unless_unfounded_or_excessive" in fees and "may_charge" in access_fees
    if policy.stem == "spectrum":
        assert any(r["kind"] == "schedule_reference" for r in data["retention"])


def test_an_independent_validator_accepts_every_policy() -> None:
    """check-jsonschema (jsonschema + ruamel.yaml, another YAML 1.2 reader) agrees with policylint."""
    executable = shutil.which("check-jsonschema") or str(Path(sys.executable).with_name("check-jsonschema"))
    metaschema = subprocess.run([executable, "--check-metaschema", str(schema_path())],
                                capture_output=True, text=True, timeout=120)
    assert metaschema.returncode == 0, metaschema.stdout + metaschema.stderr
    result = subprocess.run([executable, "--schemafile", str(schema_path()), *map(str, POLICIES)],
                            capture_output=True, text=True, timeout=120, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout
