"""The published schema: a valid 2020-12 schema, versioned, closed, and documented on every property."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from conftest import schema_nodes

from policylint.schema import load_schema, resolve, schema_path

SCHEMA = load_schema()


def all_objects(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(path, node) for path, node in schema_nodes(schema) if node.get("type") == "object"]


def test_schema_passes_the_2020_12_metaschema() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_schema_id_is_stable_and_carries_the_major_version() -> None:
    assert SCHEMA["$id"].startswith("https://")
    major = SCHEMA["properties"]["schema_version"]["pattern"].lstrip("^").split("\\.")[0]
    assert major == "2"
    assert f"/v{major}/" in SCHEMA["$id"]


def test_schema_file_is_canonically_formatted_json() -> None:
    text = schema_path().read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


def test_every_object_is_closed() -> None:
    objects = all_objects(SCHEMA)
    assert len(objects) > 40
    open_objects = [path for path, node in objects if node.get("additionalProperties") is not False]
    assert open_objects == []


@pytest.mark.parametrize("path,node", all_objects(SCHEMA))
def test_every_property_has_a_title_and_a_description(path: str, node: dict[str, Any]) -> None:
    for name, prop in node.get("properties", {}).items():
        resolved = resolve(prop, SCHEMA)
        assert resolved.get("title"), f"{path}/properties/{name} has no title"
        assert resolved.get("description"), f"{path}/properties/{name} has no description"


@pytest.mark.parametrize("path,node", all_objects(SCHEMA))
def test_every_claim_can_carry_a_note(path: str, node: dict[str, Any]) -> None:
    properties = node.get("properties", {})
    if "evidence" in properties:
        assert "note" in properties, f"{path} carries evidence but cannot carry a note"


def test_required_keys_are_defined_properties() -> None:
    for path, node in all_objects(SCHEMA):
        undefined = set(node.get("required", [])) - set(node.get("properties", {}))
        assert not undefined, f"{path} requires undefined keys {undefined}"


def test_local_references_all_resolve() -> None:
    refs = [node["$ref"] for _path, node in schema_nodes(SCHEMA) if "$ref" in node]
    assert refs
    for ref in set(refs):
        assert resolve({"$ref": ref}, SCHEMA), ref


def test_unused_defs_are_not_published() -> None:
    text = json.dumps(SCHEMA)
    unused = [name for name in SCHEMA["$defs"] if f'"#/$defs/{name}"' not in text]
    assert unused == []


def test_the_frameworks_the_product_promises_are_expressible() -> None:
    frameworks = set(SCHEMA["$defs"]["framework"]["enum"])
    assert {"gdpr", "uk_gdpr", "eu_us_dpf", "uk_extension_dpf", "swiss_us_dpf", "ccpa", "caloppa",
            "shine_the_light", "coppa", "privacy_shield"} <= frameworks
    rights = set(SCHEMA["$defs"]["right_kind"]["enum"])
    assert {"access", "rectification", "erasure", "restriction", "portability", "objection", "withdraw_consent",
            "automated_decisions", "complaint", "know", "delete", "correct", "opt_out_sale_sharing",
            "limit_sensitive", "non_discrimination"} <= rights
    retention = set(SCHEMA["$defs"]["retention_statement"]["properties"]["kind"]["enum"])
    assert {"period", "until_event", "after_inactivity", "criteria", "schedule_reference", "indefinite",
            "not_stated", "combined"} == retention


def schema_properties(node: Any, pointer: str = "#", in_condition: bool = False) -> Iterator[tuple[str, dict]]:
    """Every property of every object in the schema, with its JSON pointer (not the refinements inside allOf/if/then,
    which restate properties for a condition)."""
    if isinstance(node, dict):
        if "properties" in node and not in_condition:
            for name, prop in node["properties"].items():
                if isinstance(prop, dict):
                    yield f"{pointer}/properties/{name}", prop
        for key, value in node.items():
            if key != "examples":
                yield from schema_properties(value, f"{pointer}/{key}", in_condition or key in ("allOf", "if", "then"))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from schema_properties(value, f"{pointer}/{i}", in_condition)


def test_every_property_has_examples_that_the_property_accepts() -> None:
    properties = list(schema_properties(SCHEMA))
    assert len(properties) > 400
    without = [pointer for pointer, prop in properties if not prop.get("examples")]
    assert without == []
    wrapper = {"$defs": SCHEMA["$defs"], "x-root": {"properties": SCHEMA["properties"]}}
    for pointer, prop in properties:
        target = pointer if pointer.startswith("#/$defs") else "#/x-root" + pointer[1:]
        validator = jsonschema.Draft202012Validator({**wrapper, "$ref": target})
        for example in prop["examples"]:
            assert validator.is_valid(example), (pointer, example)


def test_an_invalid_example_would_be_caught() -> None:
    wrapper = {"$defs": SCHEMA["$defs"], "x-root": {"properties": SCHEMA["properties"]}}
    validator = jsonschema.Draft202012Validator({**wrapper, "$ref": "#/$defs/retention_statement/properties/kind"})
    assert validator.is_valid("period") and not validator.is_valid("forever")


# Editors: yaml-language-server offers `examples` as values (the first one fills in a completed key) and
# `defaultSnippets` where the object they sit on goes. A snippet is inserted with its placeholders ("${1:privacy}")
# replaced by what the author types or by their default text, so that text is what must be valid.
PLACEHOLDER = re.compile(r"\$\{[0-9]+:([^}]*)\}")
SNIPPETS = [(path, node) for path, node in schema_nodes(SCHEMA)
            if "defaultSnippets" in node and "/examples/" not in path]


def expanded(value: Any) -> Any:
    """A snippet's value as it stands once each placeholder keeps its default text."""
    if isinstance(value, str):
        assert "$" not in PLACEHOLDER.sub("", value), f"a placeholder without default text in {value!r}"
        return PLACEHOLDER.sub(r"\1", value)
    if isinstance(value, list):
        return [expanded(v) for v in value]
    if isinstance(value, dict):
        return {k: expanded(v) for k, v in value.items()}
    return value


def validator_at(pointer: str) -> jsonschema.Draft202012Validator:
    """A validator for the subschema at `pointer` (#, or #/$defs/...), its references resolving in the schema."""
    target = pointer if pointer.startswith("#/$defs/") else "#/x-root" + pointer[1:]
    return jsonschema.Draft202012Validator({"$defs": SCHEMA["$defs"], "x-root": SCHEMA, "$ref": target})


def test_the_objects_authors_add_most_have_snippets() -> None:
    where = {path for path, _node in SNIPPETS}
    assert {"#", "#/$defs/purpose", "#/$defs/recipient", "#/$defs/retention_statement", "#/$defs/contact",
            "#/$defs/right", "#/$defs/channel", "#/$defs/data_category"} <= where


@pytest.mark.parametrize("path,node", SNIPPETS, ids=[path for path, _node in SNIPPETS])
def test_every_snippet_is_valid_where_it_stands(path: str, node: dict[str, Any]) -> None:
    validator = validator_at(path)
    for snippet in node["defaultSnippets"]:
        assert set(snippet) <= {"label", "description", "body", "bodyText"}, snippet
        assert snippet["label"] and snippet["description"], snippet
        assert ("body" in snippet) != ("bodyText" in snippet), snippet
        if "body" in snippet:
            body = snippet["body"]
            # yaml-language-server writes a body's strings unquoted: each must read back as the same string.
            for text in strings(body):
                assert yaml_reads(expanded(text)) == expanded(text), (snippet["label"], text)
        else:
            body = yaml_load(expanded(snippet["bodyText"]))
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(expanded(body))]
        assert errors == [], snippet["label"]


@pytest.mark.parametrize("path,node", SNIPPETS, ids=[path for path, _node in SNIPPETS])
def test_snippet_labels_are_unique_and_not_key_names(path: str, node: dict[str, Any]) -> None:
    """In the completion list a snippet stands beside the object's keys: one called `right` would be taken for the
    key `right` (tests/test_editor_lsp.py checks each label is offered once)."""
    labels = [snippet["label"] for snippet in node["defaultSnippets"]]
    assert len(set(labels)) == len(labels)
    assert set(labels).isdisjoint(resolve(node, SCHEMA).get("properties", {})), labels


def test_an_invalid_snippet_would_be_caught() -> None:
    validator = validator_at("#/$defs/retention_statement")
    assert validator.is_valid(expanded({"kind": "period", "period": "${1:P6Y}"}))
    assert not validator.is_valid(expanded({"kind": "period", "period": "${1:six years}"}))
    assert not validator.is_valid(expanded({"kind": "period"}))
    with pytest.raises(AssertionError, match="without default text"):
        expanded("${1}")


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)


def yaml_load(text: str) -> Any:
    """A YAML text read as policylint reads a policy."""
    from policylint.loader import parse

    return parse(text).data


def yaml_reads(scalar: str) -> Any:
    """What an unquoted scalar written as a mapping's value reads as."""
    return yaml_load(f"key: {scalar}\n")["key"]
