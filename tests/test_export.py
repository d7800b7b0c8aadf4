"""`policylint export` (issue 17): the DPV export is JSON-LD whose every dpv:, pd: and eu-gdpr: IRI is a term of DPV
2.3 (read with rdflib from tests/data/dpv-2.3/, copied from the W3C vocabulary); the fideslang export validates with
the fideslang package's own models, and its taxonomy keys are in fideslang's default taxonomy; both are deterministic,
refuse a schema-invalid policy, and carry every purpose, data category and recipient of the policy."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
import rdflib
import yaml
from conftest import POLICIES, REPO
from fideslang import models
from fideslang.default_taxonomy import DEFAULT_TAXONOMY
from hypothesis import HealthCheck, Phase, given, settings
from rdflib.namespace import RDF
from strategies import policies

from policylint.export import FORMATS, dpv, export, fides
from policylint.export.docs import export_markdown
from policylint.loader import load
from policylint.schema import load_schema

VOCABULARY = REPO / "tests" / "data" / "dpv-2.3"
NAMESPACES = {"dpv": dpv.DPV, "pd": dpv.PD, "eu-gdpr": dpv.EU_GDPR}
DATA_USES = {d.fides_key for d in DEFAULT_TAXONOMY.data_use}
DATA_CATEGORIES = {d.fides_key for d in DEFAULT_TAXONOMY.data_category}
DATA_SUBJECTS = {d.fides_key for d in DEFAULT_TAXONOMY.data_subject}
# rdflib's own JSON-LD parser uses its deprecated ConjunctiveGraph inside; nothing of ours.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
FINDING_LINE = re.compile(r"^.+:\d+:\d+: PL\d{3} .+$")


@pytest.fixture(scope="module")
def terms() -> frozenset[str]:
    """Every IRI the three vocabulary files define (as a subject), in the three namespaces."""
    graph = rdflib.Graph()
    for name in ("dpv", "pd", "eu-gdpr"):
        graph.parse(VOCABULARY / f"{name}.ttl", format="turtle")
    return frozenset(str(s) for s in graph.subjects() if isinstance(s, rdflib.URIRef)
                     and str(s).startswith(tuple(NAMESPACES.values())))


def expand(compact: str) -> str:
    prefix, local = compact.split(":", 1)
    return NAMESPACES[prefix] + local


def vocabulary_iris(graph: rdflib.Graph) -> set[str]:
    """The dpv:, pd: and eu-gdpr: IRIs a graph uses, as subject, predicate or object."""
    return {str(node) for triple in graph for node in triple
            if isinstance(node, rdflib.URIRef) and str(node).startswith(tuple(NAMESPACES.values()))}


def parse_jsonld(text: str) -> rdflib.Graph:
    document = json.loads(text)
    assert isinstance(document["@context"], dict)  # inline: reading it fetches nothing
    return rdflib.Graph().parse(data=text, format="json-ld")


def exported(path: Path, fmt: str) -> str:
    return export(load(path, str(path)).data, fmt)


@pytest.mark.parametrize("path", POLICIES, ids=[p.stem for p in POLICIES])
def test_dpv_export_of_bundled_policy_is_json_ld_in_dpv_terms(path: Path, terms: frozenset[str], run_cli) -> None:
    result = run_cli("export", "--format", "dpv", str(path))
    assert result.exit_code == 0, result.stderr
    graph = parse_jsonld(result.stdout)
    used = vocabulary_iris(graph)
    assert used - terms == set()
    data = load(path, str(path)).data
    handlings = set(graph.subjects(RDF.type, rdflib.URIRef(dpv.DPV + "PersonalDataHandling")))
    assert len(handlings) >= len(data["purposes"])
    assert (None, RDF.type, rdflib.URIRef(dpv.DPV + "DataController")) in graph


@pytest.mark.parametrize("path", POLICIES, ids=[p.stem for p in POLICIES])
def test_fideslang_export_of_bundled_policy_validates_with_fideslang(path: Path, run_cli) -> None:
    result = run_cli("export", "--format", "fideslang", str(path))
    assert result.exit_code == 0, result.stderr
    manifest = yaml.safe_load(result.stdout)
    taxonomy = models.Taxonomy(**manifest)  # fideslang's own models, as `fides` reads a manifest
    [system] = taxonomy.system
    for declaration in system.privacy_declarations:
        assert declaration.data_use in DATA_USES
        assert set(declaration.data_categories) <= DATA_CATEGORIES
        assert set(declaration.shared_categories) <= DATA_CATEGORIES
        assert set(declaration.data_subjects) <= DATA_SUBJECTS


@pytest.mark.parametrize("fmt", FORMATS)
def test_exports_are_deterministic(fmt: str) -> None:
    for path in POLICIES:
        assert exported(path, fmt) == exported(path, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_schema_invalid_policy_is_refused_with_one_line_findings(fmt: str, tmp_path: Path, run_cli) -> None:
    policy = tmp_path / "draft.yaml"
    text = POLICIES[0].read_text(encoding="utf-8")
    policy.write_text(text.replace("\norganisation:\n", "\norganisation:\n  nmae: x\n", 1), encoding="utf-8")
    result = run_cli("export", "--format", fmt, str(policy))
    assert result.exit_code == 2
    assert result.stdout == ""
    *findings, last = result.stderr.splitlines()
    assert findings and all(FINDING_LINE.match(line) and line.startswith(str(policy)) for line in findings)
    assert "unknown key 'nmae'" in result.stderr
    assert last == f"policylint: {policy} does not match the schema; fix it before exporting"


def test_export_writes_output_file_and_reads_standard_input(tmp_path: Path, run_cli) -> None:
    path = POLICIES[0]
    out = tmp_path / "policy.jsonld"
    assert run_cli("export", "--format", "dpv", str(path), "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8") == exported(path, "dpv")
    result = run_cli("export", "--format", "fideslang", "-", input=path.read_bytes())
    assert result.exit_code == 0 and result.stdout == exported(path, "fideslang")


def test_export_never_writes_over_the_policy_or_through_a_link(tmp_path: Path, run_cli) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_bytes(POLICIES[0].read_bytes())
    result = run_cli("export", "--format", "dpv", str(policy), "-o", str(policy))
    assert result.exit_code == 2 and "is the policy itself" in result.stderr
    assert policy.read_bytes() == POLICIES[0].read_bytes()
    target = tmp_path / "elsewhere.txt"
    target.write_text("kept", encoding="utf-8")
    (tmp_path / "link.jsonld").symlink_to(target)
    result = run_cli("export", "--format", "dpv", str(policy), "-o", str(tmp_path / "link.jsonld"))
    assert result.exit_code == 2 and "symbolic link" in result.stderr
    assert target.read_text(encoding="utf-8") == "kept"


def test_unreadable_policy_is_one_line_and_exit_2(tmp_path: Path, run_cli) -> None:
    policy = tmp_path / "broken.yaml"
    policy.write_text("schema_version: [\n", encoding="utf-8")
    result = run_cli("export", "--format", "dpv", str(policy))
    assert result.exit_code == 2
    assert [line for line in result.stderr.splitlines() if line] and FINDING_LINE.match(result.stderr.splitlines()[0])


def schema_enum(path: str) -> list[str]:
    node: Any = load_schema()["$defs"]
    for part in path.split("/"):
        node = node[part]
    return list(node["enum"])


@pytest.mark.parametrize("table", [*dpv.TABLES, *(f"fides:{t}" for t in fides.TABLES)])
def test_each_mapping_table_covers_its_schema_enum_exactly(table: str) -> None:
    """A value added to the schema must be mapped (or said to have no term) before the exports run on it."""
    mapping = fides.TABLES[table[6:]] if table.startswith("fides:") else dpv.TABLES[table]
    assert list(mapping) == schema_enum(table.removeprefix("fides:"))


def test_every_term_of_the_dpv_tables_exists(terms: frozenset[str]) -> None:
    tables = [*dpv.TABLES.values(), dpv.FIDESLANG_CATEGORIES]
    used = {term for table in tables for values in table.values() for term in values}
    assert {t for t in used if expand(t) not in terms} == set()


def test_every_fideslang_value_of_the_fides_tables_exists() -> None:
    assert {v for v in fides.PURPOSE_KINDS.values() if v} <= DATA_USES
    assert {v for v in fides.SENSITIVE_TYPES.values() if v} <= DATA_CATEGORIES
    assert {v for v in fides.LEGAL_BASES.values() if v} <= {e.value for e in models.LegalBasisForProcessingEnum}
    assert ({v for v in fides.SPECIAL_CATEGORY_CONDITIONS.values() if v}
            <= {e.value for e in models.SpecialCategoryLegalBasisEnum})
    assert set(dpv.FIDESLANG_CATEGORIES) <= DATA_CATEGORIES  # the DPV export's fideslang table is of real keys


def test_mapping_docs_are_current() -> None:
    """docs/export.md is generated from the tables; regenerate with python -m policylint.export.docs."""
    assert (REPO / "docs" / "export.md").read_text(encoding="utf-8") == export_markdown()


def readme_examples() -> list[tuple[str, str, str]]:
    """The README's export examples: (format, policy, code block), each after a line <!-- export FORMAT POLICY -->."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"<!-- export (\S+) (\S+) -->\n```[a-z]*\n(.*?)```", text, re.S)


def test_readme_shows_real_exports() -> None:
    """The README shows both exports of one policy, each excerpt (between "..." lines) cut from the real export."""
    examples = readme_examples()
    assert sorted(fmt for fmt, _, _ in examples) == sorted(FORMATS)
    assert len({policy for _, policy, _ in examples}) == 1
    for fmt, policy, block in examples:
        whole = exported(REPO / policy, fmt)
        excerpts = re.split(r"^\.\.\.\n", block, flags=re.M)
        assert [e for e in excerpts if e.strip()]
        for excerpt in excerpts:
            assert excerpt in whole


def appears(policy: dict[str, Any]) -> dict[str, set[str]]:
    return {"purposes": {p["id"] for p in policy["purposes"]},
            "data": {c["id"] for c in policy["data_categories"]},
            "recipients": {r["id"] for r in policy["recipients"]}}


def dpv_ids(text: str) -> dict[str, set[str]]:
    """The purposes, data categories and recipients a DPV export has nodes for, by their ids."""
    found: dict[str, set[str]] = {"purposes": set(), "data": set(), "recipients": set()}
    for node in json.loads(text)["@graph"]:
        kind, ident = node["@id"].split(":")[-2:]
        key = {"purpose": "purposes", "data": "data", "recipient": "recipients"}.get(kind)
        if key:
            found[key].add(unquote(ident))
    return found


def fides_ids(text: str) -> dict[str, set[str]]:
    meta = yaml.safe_load(text)["system"][0]["meta"]["policylint"]
    return {"purposes": {p["id"] for p in meta["purposes"]}, "data": {c["id"] for c in meta["data_categories"]},
            "recipients": {r["id"] for r in meta["recipients"]}}


@pytest.mark.slow
@settings(max_examples=40, deadline=None, phases=[Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(policy=policies())
def test_exports_of_generated_policies(policy: dict[str, Any]) -> None:
    """On any schema-valid policy: no crash, the same bytes twice, every purpose, data category and recipient in each
    export; the DPV export parses as JSON-LD, the fideslang export validates with fideslang's models."""
    first = {fmt: export(policy, fmt) for fmt in FORMATS}
    assert first == {fmt: export(policy, fmt) for fmt in FORMATS}
    assert dpv_ids(first["dpv"]) == appears(policy)
    assert fides_ids(first["fideslang"]) == appears(policy)
    graph = parse_jsonld(first["dpv"])
    assert len(graph) > 0
    models.Taxonomy(**yaml.safe_load(first["fideslang"]))
