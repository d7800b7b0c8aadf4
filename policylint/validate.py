"""Validate a loaded document against the schema: one finding per error, at the most specific node."""

from __future__ import annotations

import difflib
from functools import lru_cache
from typing import Any

import jsonschema_rs

from policylint import findings
from policylint.findings import Check, Finding, JsonPath, format_json_path
from policylint.loader import LoadedDocument
from policylint.schema import load_schema, schema_1_version, subschema_at

_CHECK_BY_KIND: dict[str, Check] = {
    "AdditionalProperties": findings.UNKNOWN_KEY,
    "UnevaluatedProperties": findings.UNKNOWN_KEY,
    "Required": findings.MISSING_KEY,
    "DependentRequired": findings.MISSING_KEY,
    "Type": findings.WRONG_TYPE,
    "Enum": findings.INVALID_VALUE,
    "Constant": findings.INVALID_VALUE,
    "Pattern": findings.INVALID_FORMAT,
    "Format": findings.INVALID_FORMAT,
    "Minimum": findings.OUT_OF_RANGE,
    "Maximum": findings.OUT_OF_RANGE,
    "ExclusiveMinimum": findings.OUT_OF_RANGE,
    "ExclusiveMaximum": findings.OUT_OF_RANGE,
    "MinLength": findings.OUT_OF_RANGE,
    "MaxLength": findings.OUT_OF_RANGE,
    "MinItems": findings.OUT_OF_RANGE,
    "MaxItems": findings.OUT_OF_RANGE,
    "UniqueItems": findings.OUT_OF_RANGE,
}

MAX_SCHEMA_FINDINGS = 1000

_JSON_TYPE = {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean", int: "an integer",
              float: "a number", type(None): "null"}


@lru_cache(maxsize=1)
def _validator() -> Any:
    return jsonschema_rs.validator_for(load_schema())


def is_valid(data: Any) -> bool:
    return bool(_validator().is_valid(data))


def validate(doc: LoadedDocument) -> list[Finding]:
    """Schema findings for a document; empty when it is valid. A schema-1 document gets one finding that says how to
    upgrade it, not the dozens of errors its old fields would give."""
    old = schema_1_version(doc.data)
    if old is not None:
        check = findings.OUTDATED_SCHEMA
        line, col = doc.position(("schema_version",))
        return [Finding(doc.path, line, col, check.code, check.name,
                        f"$.schema_version: {old!r} is schema 1, and this policylint reads schema 2; upgrade the file "
                        f"with `policylint migrate {doc.path}`", json_path=("schema_version",))]
    validator = _validator()
    if validator.is_valid(doc.data):
        return []
    result: list[Finding] = []
    for error in validator.iter_errors(doc.data):
        result.extend(_findings_for(error, doc))
        if len(result) > MAX_SCHEMA_FINDINGS:  # each costs tens of microseconds; 200,000 bad items would take 10 s
            break
    # A value of the wrong type also fails its enum or pattern; the type error alone says what to fix.
    mistyped = {f.json_path for f in result if f.code == findings.WRONG_TYPE.code}
    result = [f for f in result if f.code == findings.WRONG_TYPE.code or f.json_path not in mistyped]
    result = sorted(set(result), key=lambda f: f.sort_key)
    if len(result) > MAX_SCHEMA_FINDINGS:
        check = findings.SCHEMA_OTHER
        result = [*result[:MAX_SCHEMA_FINDINGS], Finding(
            doc.path, 1, 1, check.code, check.name, f"$: more than {MAX_SCHEMA_FINDINGS:,} schema errors; the first "
            f"{MAX_SCHEMA_FINDINGS:,} found are shown")]
    return result


def schema_help_url(schema_pointer: list[Any]) -> str:
    """The section of docs/schema.md that documents the object the failing keyword belongs to."""
    from policylint.rule_docs import DOCS_URL
    from policylint.schema_docs import schema_anchor

    return f"{DOCS_URL}{findings.SCHEMA_DOCS}#{schema_anchor(tuple(schema_pointer))}"


def _findings_for(error: Any, doc: LoadedDocument) -> list[Finding]:
    kind_name = type(error.kind).__name__
    check = _CHECK_BY_KIND.get(kind_name, findings.SCHEMA_OTHER)
    path: JsonPath = tuple(error.instance_path)
    schema_path = list(error.schema_path)
    root = load_schema()

    def finding(at: JsonPath, message: str, *, key: bool = False) -> Finding:
        line, col = doc.key_position(at) if key else doc.position(at)
        where = format_json_path(at)
        where = where if len(where) <= 200 else where[:197] + "..."  # a key can be megabytes long
        return Finding(doc.path, line, col, check.code, check.name, f"{where}: {message}", json_path=at,
                       help_url=schema_help_url(schema_path[:-1]))

    if kind_name in ("AdditionalProperties", "UnevaluatedProperties"):
        allowed = sorted(subschema_at(schema_path[:-1], root).get("properties", {}))
        out = []
        for key in error.kind.unexpected:
            hint = _did_you_mean(key, allowed)
            out.append(finding((*path, key), f"unknown key {_brief(key)}{hint}; allowed here: {_listed(allowed)}",
                               key=True))
        return out
    if kind_name == "Required":
        wanted = _property_schema(schema_path[:-1], error.kind.property, root)
        what = _describe(wanted, root) if isinstance(wanted, dict) else ""
        return [finding(path, f"missing required key {error.kind.property!r}" + (f" ({what})" if what else ""))]
    value = error.instance
    if kind_name == "Type":
        expected = error.kind.types if hasattr(error.kind, "types") else None
        wanted = " or ".join(_type_word(t) for t in expected) if expected else "another type"
        if expected and len(expected) == 1 and _type_word(expected[0]) in ("a mapping", "a list"):
            # Name what goes inside: the mapping's keys, or what the list holds.
            described = _describe(subschema_at(schema_path[:-1], root), root)
            if described.startswith(("a mapping ", "a list ")):
                kind, _, detail = described.partition(" with ") if described.startswith("a mapping") \
                    else described.partition(" of ")
                wanted = f"{kind} ({'with ' if kind == 'a mapping' else 'of '}{detail})"
        return [finding(path, f"expected {wanted}, got {_JSON_TYPE.get(type(value), type(value).__name__)}"
                              f"{_show(value)}")]
    if kind_name == "Enum":
        options = [str(o) for o in error.kind.options]
        hint = _did_you_mean(str(value), options)
        return [finding(path, f"{_brief(value)} is not an allowed value{hint}; allowed: {_listed(options)}")]
    if kind_name == "Pattern":
        node = subschema_at(schema_path[:-1], root)
        what = node.get("description") or f"the pattern {error.kind.pattern}"
        culprit = _culprit(str(value), error.kind.pattern)
        return [finding(path, f"{_brief(value)} is not in the required form{culprit}: {what}")]
    if kind_name == "AnyOf":
        node = subschema_at(schema_path[:-1], root)
        what = node.get("description") or "none of the allowed forms match"
        return [finding(path, f"not a valid {node.get('title', 'value').lower()}: {what}")]
    return [finding(path, _first_sentence(error.message))]


# Identifiers and data references allow only these characters; the character that breaks one is worth naming.
_ID_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
_ID_PATTERNS = {"^[a-z0-9][a-z0-9-]*$": _ID_CHARACTERS, "^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)?$":
                _ID_CHARACTERS | {"/"}}


def _culprit(value: str, pattern: str) -> str:
    """Which character breaks the form, where that can be said for certain (rule-gaps F13): one an identifier may not
    hold, or white space in a value whose form has none."""
    allowed = _ID_PATTERNS.get(pattern)
    if allowed is not None:
        at = next((i for i, ch in enumerate(value) if ch not in allowed), None)
        remedy = "; use lower-case letters, digits and hyphens"
    elif "\\s" in pattern:  # the form excludes white space
        at = next((i for i, ch in enumerate(value) if ch.isspace()), None)
        remedy = ""
    else:
        return ""
    return "" if at is None else f" ({value[at]!r} at character {at + 1} is not allowed{remedy})"


def _type_word(json_type: Any) -> str:
    name = str(json_type).lower().rsplit(".", 1)[-1]
    return {"object": "a mapping", "array": "a list", "string": "a string", "boolean": "a boolean (true or false)",
            "integer": "an integer", "number": "a number", "null": "null"}.get(name, name)


def _show(value: Any) -> str:
    return "" if isinstance(value, (dict, list)) else f" ({_brief(value)})"


def _brief(value: Any) -> str:
    """A value as a message shows it: its repr, cut at 60 characters (a value can be megabytes long)."""
    text = repr(value[:61] if isinstance(value, str) else value)
    return f"{text[:60]}..." if len(text) > 60 else text


LISTED = 40  # the values or keys an error names: all of them, up to this many


def _listed(options: list[str]) -> str:
    """Every option, or the first LISTED and how many more."""
    shown = ", ".join(options[:LISTED])
    return shown + (f" and {len(options) - LISTED} more" if len(options) > LISTED else "")


def _property_schema(schema_path: list[str | int], name: str, root: dict[str, Any]) -> dict[str, Any] | None:
    """The schema of property `name` where a `required` stands. A `required` in an if/then clause (a retention
    statement of kind period needs a period) has no properties beside it: the object's own, further up, say it."""
    from policylint.schema import resolve

    for end in range(len(schema_path), -1, -1):
        try:
            node = subschema_at(schema_path[:end], root)
        except (KeyError, IndexError, TypeError):
            continue
        found = resolve(node, root).get("properties", {}).get(name) if isinstance(node, dict) else None
        if isinstance(found, dict):
            return found
    return None


def _describe(node: dict[str, Any], root: dict[str, Any]) -> str:
    """What a missing key wants, from its schema: its values, its keys, or its type."""
    from policylint.schema import resolve

    node = resolve(node, root)
    if "enum" in node:
        return "one of: " + _listed([str(v) for v in node["enum"]])
    if node.get("type") == "object" and node.get("properties"):
        required = [k for k in node.get("required", [])]
        return "a mapping with keys: " + _listed(sorted(node["properties"])) + (
            f"; required: {', '.join(required)}" if required else "")
    if node.get("type") == "array":
        items = node.get("items")
        inner = _describe(items, root) if isinstance(items, dict) else ""
        inner = "mappings" + inner[len("a mapping"):] if inner.startswith("a mapping") else inner
        return "a list" + (f" of {inner}" if inner and not inner.startswith("a list") else "")
    if node.get("type"):
        examples = [e for e in node.get("examples", []) if isinstance(e, (str, int, float)) and len(str(e)) < 40]
        return _type_word(node["type"]) + (f" such as {examples[0]!r}" if examples else "") + (
            f": {node['description']}" if "description" in node and len(node["description"]) < 160 else "")
    return ""


# Words authors write for a value the schema names otherwise: meaning, which spelling cannot find ("courier" is
# not "acquirer" misspelt but a shipping carrier).
SYNONYMS = {
    "courier": "shipping_carrier", "delivery": "shipping_carrier", "postal": "shipping_carrier",
    "logistics": "shipping_carrier", "shipping": "shipping_carrier",
    "vendor": "service_provider", "supplier": "service_provider", "hosting": "service_provider",
    "subprocessor": "service_provider", "contractor": "service_provider",
    "police": "public_authority", "government": "public_authority", "regulator": "public_authority",
    "law_enforcement": "public_authority", "court": "public_authority",
    "subsidiary": "affiliate", "parent": "affiliate", "group": "affiliate", "group_company": "affiliate",
    "buyer": "acquirer", "purchaser": "acquirer", "successor": "acquirer",
    "lawyer": "professional_adviser", "accountant": "professional_adviser", "auditor": "professional_adviser",
    "advertising": "advertiser", "ad_network": "advertiser", "ads": "advertiser",
    "payment": "payment_processor", "psp": "payment_processor", "bank": "payment_processor",
    "analytics": "analytics_provider", "social_network": "social_media_platform",
    "gdpr_representative": "representative", "data_protection_officer": "dpo", "privacy_officer": "privacy_office",
}


def _did_you_mean(value: str, options: list[str]) -> str:
    if len(value) > 100:  # difflib is quadratic; no option is that long
        return ""
    key = "_".join(value.lower().replace("-", " ").split())
    meant = SYNONYMS.get(key)
    if meant is None:  # a word of an option's name: "carrier" is in shipping_carrier
        meant = next((o for o in options if key and key in o.split("_") and key != o), None)
    if meant in options:
        return f" (did you mean {meant!r}?)"
    close = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _first_sentence(message: str) -> str:
    return message.splitlines()[0] if message else "schema violation"
