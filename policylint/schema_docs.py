"""The schema reference, docs/schema.md, generated from schema/privacy-policy.schema.json (the single source of truth):
the top level and each object type, with its description and its keys in schema order (type, required or not, every
allowed value), the conditions between keys, and an example taken from the schema's `examples`.

    policylint schema --docs > docs/schema.md        (or: python -m policylint.schema_docs)

It ships with the package, beside the schema it reads, so an installed policylint prints the reference of the very
schema it validates against. tests/test_schema_docs.py checks that docs/schema.md is what this writes now.

Anchors are GitHub's ids of the headings: a type of `$defs` is `#NAME` (`#channel`), an object written inline is
`#PARENTKEY` (`#californiashine_the_light` for `california.shine_the_light`), the top level `#top-level`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from policylint.rule_docs import github_anchor
from policylint.schema import load_schema

TOP_LEVEL = "Top level"
_DEF_REF = re.compile(r"^#/\$defs/([A-Za-z0-9_]+)$")
EXAMPLE_MAX_LINES = 16  # a type's example is shown when it is this short; a key's when it fits one line
INLINE_EXAMPLE_MAX = 80


@dataclass
class Section:
    """One heading of the reference: the top level, a type of `$defs`, or an object written inline in another."""

    heading: str
    node: dict[str, Any]
    level: int  # 2 for the top level and the types, 3 for inline objects under their type
    # The schema pointer of the node, for schema_anchor.
    pointer: tuple[str, ...] = ()
    children: list[Section] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return github_anchor(self.heading)


def sections(schema: dict[str, Any] | None = None) -> list[Section]:
    """The top level, then each type in `$defs` order, each followed by the objects written inline in it."""
    schema = schema or load_schema()
    top = Section(TOP_LEVEL, schema, 2)
    top.children = list(_inline_objects(schema, "", ()))
    out = [top]
    for name, node in schema.get("$defs", {}).items():
        section = Section(name, node, 2, ("$defs", name))
        section.children = list(_inline_objects(node, name, ("$defs", name)))
        out.append(section)
    return out


def _inline_objects(node: dict[str, Any], name: str, pointer: tuple[str, ...]) -> Iterator[Section]:
    """Objects with keys written inside a section's keys (not through `$ref`), depth first."""
    for key, child in node.get("properties", {}).items():
        if not isinstance(child, dict):
            continue
        path = f"{name}.{key}" if name else key
        for inner, step in ((child, ("properties", key)), (child.get("items"), ("properties", key, "items"))):
            if isinstance(inner, dict) and "properties" in inner and "$ref" not in inner:
                heading = path + ("[]" if step[-1] == "items" else "")
                yield Section(heading, inner, 3, (*pointer, *step))
                yield from _inline_objects(inner, heading.removesuffix("[]"), (*pointer, *step))


def schema_anchor(schema_pointer: tuple[str | int, ...]) -> str:
    """The anchor in docs/schema.md of the section that documents the object at a schema path (a validator's path to
    the failing keyword, through `$ref`s): the deepest section whose node the path passes through."""
    schema = load_schema()
    known = _anchors_by_pointer()
    best, current = github_anchor(TOP_LEVEL), ()
    node: Any = schema
    for part in schema_pointer:
        if not isinstance(node, dict | list):
            break
        if part == "$ref" and isinstance(node, dict):
            match = _DEF_REF.match(str(node.get("$ref", "")))
            if not match:
                break
            current = ("$defs", match[1])
            node = schema["$defs"][match[1]]
        else:
            try:
                node = node[part]  # type: ignore[index]
            except (KeyError, IndexError, TypeError):
                break
            current = (*current, str(part))
        if current in known:
            best = known[current]
    return best


@lru_cache(maxsize=1)
def _anchors_by_pointer() -> dict[tuple[str, ...], str]:
    return {s.pointer: s.anchor for top in sections(load_schema()) for s in (top, *top.children)}


def schema_markdown(schema: dict[str, Any] | None = None) -> str:
    """docs/schema.md."""
    schema = schema or load_schema()
    all_sections = sections(schema)
    out = ["# Schema reference", "",
           "<!-- Generated from schema/privacy-policy.schema.json by `policylint schema --docs > docs/schema.md`: "
           "do not edit. -->", "",
           f"The keys and values of a policy file, from [the schema](../schema/privacy-policy.schema.json) "
           f"(`$id` `{schema.get('$id', '')}`). Every object is closed: a key not listed for it is an error "
           "(PL101). Types link to their sections; `policylint rule PL101` (and PL100-PL107) explains each kind of "
           "schema error.", "", "## Contents", ""]
    for section in all_sections:
        out.append(f"- [{section.heading}](#{section.anchor})")
        out += [f"  - [{child.heading}](#{child.anchor})" for child in section.children]
    out.append("")
    for section in all_sections:
        out += _section(section, schema)
        for child in section.children:
            out += _section(child, schema)
    return "\n".join(out).rstrip("\n") + "\n"


def _section(section: Section, schema: dict[str, Any]) -> list[str]:
    node = section.node
    out = [f"{'#' * section.level} {section.heading}", ""]
    title, description = node.get("title"), node.get("description")
    if title or description:
        out += [" ".join(p for p in (f"**{_md(title)}.**" if title else "", _md(description or "")) if p), ""]
    if node.get("type") == "object" or "properties" in node:
        out += _keys(section, schema)
    else:
        out += [f"Type: {_type(node, schema, section)}.", ""]
    example = _section_example(section, schema)
    if isinstance(example, dict | list):
        out += ["Example:", "", "```yaml", _yaml(example).rstrip("\n"), "```", ""]
    elif example is not None:
        out += [f"Example: {_code(example)}", ""]
    return out


def _keys(section: Section, schema: dict[str, Any]) -> list[str]:
    node = section.node
    properties: dict[str, Any] = node.get("properties", {})
    required = set(node.get("required", []))
    out = ["Type: object (a mapping)." + ("" if node.get("additionalProperties") is False else
                                          " Keys other than these are allowed."), ""]
    if not properties:
        return out
    out += ["Keys, in schema order:", ""]
    for key, child in properties.items():
        child = child if isinstance(child, dict) else {}
        resolved = _resolved(child, schema)
        words = [f"- `{key}`" + (" (required)" if key in required else "") + f": {_type(child, schema, section, key)}."]
        title = child.get("title") or resolved.get("title")
        # A type's own description is in its section, which the key links to; the key says only what it adds.
        description = child.get("description") or (None if "$ref" in child else resolved.get("description"))
        if title:
            words.append(f"**{_md(title)}.**")
        if description:
            words.append(_md(description))
        example = _inline_example(child)
        if example:
            words.append(f"Example: {example}")
        out.append(" ".join(words))
    out.append("")
    conditions = [_condition(c, schema) for c in node.get("allOf", []) if isinstance(c, dict) and "if" in c]
    if conditions:
        out += ["Conditions:", ""] + [f"- {c}" for c in conditions] + [""]
    return out


def _resolved(node: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    match = _DEF_REF.match(str(node.get("$ref", "")))
    return {**schema["$defs"][match[1]], **node} if match else node


def _type(node: Any, schema: dict[str, Any], section: Section | None = None, key: str | None = None) -> str:
    """A key's type in words, with links to the sections of the types it uses."""
    if node is True or node == {}:
        return "any value"
    if not isinstance(node, dict):
        return "no value"
    match = _DEF_REF.match(str(node.get("$ref", "")))
    if match:
        return f"[{match[1]}](#{github_anchor(match[1])})"
    if "const" in node:
        return f"the value {_code(node['const'])}"
    if "enum" in node:
        return "one of " + ", ".join(_code(v) for v in node["enum"])
    for combinator in ("anyOf", "oneOf"):
        if combinator in node:
            return " or ".join(_type(branch, schema, section, key) for branch in node[combinator])
    kind = node.get("type")
    if isinstance(kind, list):
        return " or ".join(_type({**node, "type": k}, schema, section, key) for k in kind)
    if kind == "array":
        items = node.get("items", True)
        inner = _type(items, schema, section, f"{key}[]" if key else None)
        if inner.startswith("["):  # a type's name: "list of [contact](#contact)"
            words = f"list of {inner}"
        elif isinstance(items, dict) and "enum" in items:
            words = f"list, each item {inner}"
        else:
            words = f"list, each item {'an' if inner[:1] in 'aeiou' else 'a'} {inner}"
        if node.get("minItems"):
            words += f", at least {node['minItems']}"
        if node.get("maxItems") is not None:
            words += f", at most {node['maxItems']}"
        if node.get("uniqueItems"):
            words += ", each once"
        return words
    if kind == "object" or "properties" in node:
        if section is not None and key is not None and "properties" in node:
            name = key if section.heading == TOP_LEVEL else f"{section.heading.removesuffix('[]')}.{key}"
            return f"object ([{name}](#{github_anchor(name)}))"
        return "object (a mapping)"
    if kind == "string":
        words = "string"
        if node.get("minLength") == 1:
            words = "non-empty string"
        elif node.get("minLength"):
            words += f" of at least {node['minLength']} characters"
        if node.get("maxLength") is not None:
            words += f" of at most {node['maxLength']} characters"
        if "pattern" in node:
            words += f" matching {_code(node['pattern'])}"
        if "format" in node:
            words += f" in the format {node['format']}"
        return words
    if kind in ("integer", "number"):
        words = "integer" if kind == "integer" else "number"
        if "minimum" in node:
            words += f", at least {node['minimum']}"
        if "maximum" in node:
            words += f", at most {node['maximum']}"
        return words
    if kind == "boolean":
        return "boolean (true or false)"
    if kind == "null":
        return "null"
    return "value"


def _condition(clause: dict[str, Any], schema: dict[str, Any]) -> str:
    """An if/then of the schema in words: 'If `kind` is `period`: `period` is required.'"""
    test = clause.get("if", {})
    facts = []
    for key, sub in test.get("properties", {}).items():
        if sub is False:
            facts.append(f"`{key}` is not given")
        elif isinstance(sub, dict) and "const" in sub:
            facts.append(f"`{key}` is {_code(sub['const'])}")
        elif isinstance(sub, dict) and "enum" in sub:
            facts.append(f"`{key}` is one of " + ", ".join(_code(v) for v in sub["enum"]))
        else:
            facts.append(f"`{key}` is {_type(sub, schema)}")
    outcome = clause.get("then", {})
    needed = [f"`{key}`" for key in outcome.get("required", [])]
    results = [f"{' and '.join(needed)} {'are' if len(needed) > 1 else 'is'} required"] if needed else []
    for key, sub in outcome.get("properties", {}).items():
        if sub is not True:
            results.append(f"`{key}` must be {_type(sub, schema)}"
                           + (f" ({_md(sub['description'])})" if isinstance(sub, dict) and "description" in sub
                              else ""))
    if not facts or not results:  # a form this reader does not know: shown as the schema writes it
        return f"`{json.dumps(clause, ensure_ascii=False)}`"
    return f"If {' and '.join(facts)}: {'; '.join(results)}."


def _inline_example(node: dict[str, Any]) -> str | None:
    examples = node.get("examples")
    if not isinstance(examples, list) or not examples:
        return None
    text = json.dumps(examples[0], ensure_ascii=False)
    return _code(examples[0]) if len(text) <= INLINE_EXAMPLE_MAX else None


def _section_example(section: Section, schema: dict[str, Any]) -> Any:
    """A type's example: its own `examples`, else the first example of a key that uses the type."""
    candidates: list[Any] = list(section.node.get("examples", []))
    if not candidates and section.pointer[:1] == ("$defs",) and len(section.pointer) == 2:
        candidates = list(_uses_examples(schema, section.pointer[1]))
    elif not candidates and section.level == 3:
        parent = _parent_node(schema, section.pointer)
        examples = parent.get("examples", []) if parent is not None else []
        candidates = [e[0] if section.pointer[-1] == "items" and isinstance(e, list) and e else e
                      for e in examples if not (section.pointer[-1] == "items" and not e)]
    is_object = section.node.get("type") == "object" or "properties" in section.node
    for candidate in candidates:
        if is_object != isinstance(candidate, dict):
            continue
        if not isinstance(candidate, dict | list) or _yaml(candidate).count("\n") <= EXAMPLE_MAX_LINES:
            return candidate
    return None


def _parent_node(schema: dict[str, Any], pointer: tuple[str, ...]) -> dict[str, Any] | None:
    """For an inline object's pointer (.../properties/KEY or .../properties/KEY/items), the node of KEY."""
    steps = pointer[:-1] if pointer[-1] == "items" else pointer
    node: Any = schema
    for step in steps:
        node = node[step]
    return node if isinstance(node, dict) else None


def _uses_examples(schema: dict[str, Any], name: str) -> Iterator[Any]:
    """The examples of the keys that use type NAME, in schema order (of a list of them: its items)."""
    ref = f"#/$defs/{name}"

    def visit(node: Any) -> Iterator[Any]:
        if isinstance(node, dict):
            if node.get("$ref") == ref:
                yield from node.get("examples", [])
            items = node.get("items")
            if isinstance(items, dict) and items.get("$ref") == ref:
                for example in node.get("examples", []):
                    if isinstance(example, list):
                        yield from example[:1]
            for key, value in node.items():
                if key != "examples":
                    yield from visit(value)
        elif isinstance(node, list):
            for value in node:
                yield from visit(value)

    yield from visit(schema)


def _yaml(value: Any) -> str:
    import yaml  # only the reference needs it here

    return str(yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False))


def _code(value: Any) -> str:
    """A value as inline code: strings bare, others as JSON; fenced with more backticks than it holds."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or longest else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _md(text: str) -> str:
    # The schema's own prose; '<' could open an HTML tag in Markdown.
    return text.replace("<", "&lt;")


def main() -> None:
    import sys

    sys.stdout.write(schema_markdown())


if __name__ == "__main__":
    main()
