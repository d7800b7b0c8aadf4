"""Give each schema property that has no `examples` some: values from the bundled policies, else built from its type.

    python scripts/add_schema_examples.py

Examples already in the schema are kept (hand-written ones too). Values from policies lose their `evidence` and
`note` and keep at most two items per list; a value over 400 characters is not used. Every example is validated
against its property; tests/test_schema.py checks that every property has examples the property accepts.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import yaml

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = ROOT / "schema" / "privacy-policy.schema.json"
MAX_EXAMPLE_CHARACTERS = 400
# Values for properties no bundled policy uses and whose description quotes nothing.
DEFAULTS = {
    "duration": "P1Y", "partial_date": "2024-05-24", "url": "https://www.example.com/privacy",
    "email": "privacy@example.com", "country": "GB", "region": "EEA", "id": "contact-details",
    "data_ref": "account-data/email-address", "fideslang": "user.contact.email", "language": "en-GB",
    "sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "path": "sources/example-ltd.txt",
    "schema_version": "2.0", "note": "Read as the policy's own scope: the sentence follows the heading it qualifies.",
    "hedge": "Generally", "name": "Swiss Federal Act on Data Protection (FADP)",
    "description": "to send you our newsletter", "text": "Except as permitted or required by applicable law",
    "label": "account holders", "condition": "if you make a purchase", "exceptions": "unless the law permits it",
}
QUOTED = re.compile(r'\("([^"]{2,80})"')


class Schema:
    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.seen: dict[str, list[Any]] = {}  # property pointer -> values the policies give it
        self._wrapper = {"$defs": document["$defs"], "x-root": {"properties": document["properties"]}}

    def get(self, pointer: str) -> Any:
        node: Any = self.document
        for part in pointer.split("/")[1:]:
            node = node[int(part)] if isinstance(node, list) else node[part]
        return node

    def resolve(self, pointer: str) -> tuple[str, Any]:
        node = self.get(pointer)
        while isinstance(node, dict) and "$ref" in node:
            pointer = node["$ref"]
            node = self.get(pointer)
        return pointer, node

    def validator(self, pointer: str) -> jsonschema.Draft202012Validator:
        target = pointer if pointer.startswith("#/$defs") else "#/x-root" + pointer[1:]
        return jsonschema.Draft202012Validator({**self._wrapper, "$ref": target})

    def record(self, value: Any, pointer: str) -> None:
        """Note the value of every property in a policy, under the pointer of the property that describes it."""
        pointer, node = self.resolve(pointer)
        if isinstance(node, dict) and "anyOf" in node and isinstance(value, (dict, str)):
            for i in range(len(node["anyOf"])):
                branch_pointer, branch = self.resolve(f"{pointer}/anyOf/{i}")
                if (isinstance(value, dict) and "properties" in branch) or (
                        isinstance(value, str) and value in branch.get("enum", ())):
                    pointer, node = branch_pointer, branch
                    break
        if isinstance(value, dict) and "properties" in node:
            for key, child in value.items():
                if key in node["properties"]:
                    self.seen.setdefault(f"{pointer}/properties/{key}", []).append(child)
                    self.record(child, f"{pointer}/properties/{key}")
        elif isinstance(value, list) and isinstance(node.get("items"), dict):
            for child in value:
                self.record(child, f"{pointer}/items")

    def built(self, pointer: str) -> Any:
        """A value made from the schema alone: an enum's first value, the required keys of an object, a default."""
        resolved, node = self.resolve(pointer)
        if "enum" in node:
            return node["enum"][0]
        if "anyOf" in node:
            return self.built(f"{resolved}/anyOf/0")
        kind = node.get("type")
        if kind == "boolean":
            return True
        if kind == "integer":
            return max(node.get("minimum", 0), 13)
        if kind == "array":
            return [self.built(f"{resolved}/items")]
        if kind == "object":
            return {key: self.built(f"{resolved}/properties/{key}") for key in node.get("required", [])}
        name = resolved.rsplit("/", 1)[-1]
        if name in DEFAULTS:
            return DEFAULTS[name]
        quoted = QUOTED.search(self.get(pointer).get("description", "") + " " + node.get("description", ""))
        return quoted.group(1) if quoted else DEFAULTS.get(pointer.rsplit("/", 1)[-1], "in the policy's words")


def trimmed(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: trimmed(v) for k, v in value.items() if k not in ("evidence", "note")}
    if isinstance(value, list):
        return [trimmed(v) for v in value[:2]]
    return value


def add_examples(schema: Schema, node: Any, pointer: str, in_condition: bool = False) -> tuple[int, int]:
    added = built = 0
    if isinstance(node, dict):
        for name, prop in (node.get("properties", {}) if not in_condition else {}).items():
            if not isinstance(prop, dict) or "examples" in prop:
                continue
            prop_pointer = f"{pointer}/properties/{name}"
            validator = schema.validator(prop_pointer)
            # Shortest first, and a non-empty value before an empty list or mapping.
            candidates = sorted({json.dumps(trimmed(v), ensure_ascii=False) for v in schema.seen.get(prop_pointer, [])},
                                key=lambda text: (text in ("[]", "{}"), len(text)))
            chosen = [json.loads(c) for c in candidates
                      if len(c) <= MAX_EXAMPLE_CHARACTERS and validator.is_valid(json.loads(c))][:2]
            if not chosen:
                chosen = [schema.built(prop_pointer)]
                built += 1
                if not validator.is_valid(chosen[0]):
                    raise SystemExit(f"{prop_pointer}: the built example {chosen[0]!r} is not valid; add one by hand")
            prop["examples"] = chosen
            added += 1
        for key, value in node.items():
            if key != "examples":
                more = add_examples(schema, value, f"{pointer}/{key}", in_condition or key in ("allOf", "if", "then"))
                added, built = added + more[0], built + more[1]
    elif isinstance(node, list):
        for i, value in enumerate(node):
            more = add_examples(schema, value, f"{pointer}/{i}", in_condition)
            added, built = added + more[0], built + more[1]
    return added, built


def main() -> None:
    schema = Schema(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    for policy in sorted((ROOT / "policies").glob("*.yaml")):
        schema.record(yaml.safe_load(policy.read_text(encoding="utf-8")), "#")
    added, built = add_examples(schema, schema.document, "#")
    SCHEMA_FILE.write_text(json.dumps(schema.document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"examples added to {added} properties ({built} built from the schema, the rest from the policies)")


if __name__ == "__main__":
    main()
