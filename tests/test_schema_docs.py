"""The schema reference docs/schema.md (issue 16, item 7): generated from the schema, complete (every property, every
allowed value), its links and anchors GitHub's, its examples valid; and schema findings in `full` output end with a
link to the section of the type where the error is, while `concise` lines stay as they were."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import CLEAN_POLICY, REPO, TODAY
from markdown_it import MarkdownIt

from policylint.schema import load_schema
from policylint.schema_docs import schema_markdown

SCHEMA_MD = REPO / "docs" / "schema.md"
SCHEMA = load_schema()
DOCS_URL = "https://github.com/policylint/policylint/blob/main/docs/schema.md"


@pytest.fixture(scope="module")
def text() -> str:
    return SCHEMA_MD.read_text(encoding="utf-8")


def github_id(heading: str) -> str:
    """GitHub's id for a heading, written out here apart from policylint's own (lower case; drop what is not a letter,
    digit, space, '-' or '_'; spaces to '-')."""
    return "".join(ch for ch in heading.lower() if ch.isalnum() or ch in " -_").replace(" ", "-")


def by_heading(text: str, tag: str | None = None) -> dict[str, str]:
    """Each heading's text and the Markdown under it, up to the next heading (of level `tag` when given: an h2's
    text then holds its h3s)."""
    tokens = MarkdownIt().parse(text)
    lines = text.splitlines()
    heads = [(tokens[i + 1].content, t.map[0]) for i, t in enumerate(tokens)
             if t.type == "heading_open" and t.map and (tag is None or t.tag == tag)]
    ends = [start for _, start in heads[1:]] + [len(lines)]
    return {heading: "\n".join(lines[start + 1:end]) for (heading, start), end in zip(heads, ends, strict=True)}


def test_docs_schema_md_is_generated_from_the_schema(text: str) -> None:
    assert text == schema_markdown(), (
        "docs/schema.md is out of date with schema/privacy-policy.schema.json: regenerate it with "
        "`policylint schema --docs > docs/schema.md`")


def test_python_m_and_the_cli_print_the_same(run_cli, text: str) -> None:
    import subprocess
    import sys

    module = subprocess.run([sys.executable, "-m", "policylint.schema_docs"], capture_output=True, text=True,
                            check=True, encoding="utf-8")
    assert module.stdout == run_cli("schema", "--docs").stdout == text
    assert run_cli("schema").stdout.strip().endswith("privacy-policy.schema.json")  # without --docs: the path


def test_every_type_has_its_section_and_every_key_its_line(text: str) -> None:
    sections = by_heading(text)
    assert "Top level" in sections
    for key in SCHEMA["properties"]:
        assert f"\n- `{key}`" in "\n" + sections["Top level"]
    for name, node in SCHEMA["$defs"].items():
        assert name in sections, f"no section for $defs/{name}"
        for key in node.get("properties", {}):
            assert f"\n- `{key}`" in "\n" + sections[name], f"{name}.{key}"


def properties_everywhere(node: Any, inside_condition: bool = False) -> list[tuple[dict[str, Any], bool]]:
    """Every object schema with properties (and whether it is an if/then condition, whose keys are the object's)."""
    found: list[tuple[dict[str, Any], bool]] = []
    if isinstance(node, dict):
        if isinstance(node.get("properties"), dict):
            found.append((node, inside_condition))
        for key, value in node.items():
            if key not in ("examples", "properties"):
                found += properties_everywhere(value, inside_condition or key in ("if", "then"))
        for value in (node.get("properties") or {}).values():
            found += properties_everywhere(value, inside_condition)
    elif isinstance(node, list):
        for value in node:
            found += properties_everywhere(value, inside_condition)
    return found


def test_every_property_of_the_schema_is_listed(text: str) -> None:
    """Inline objects too (`california.shine_the_light`): each key of each object is a list item of some section, and
    the keys an if/then names appear where the condition is told."""
    objects = properties_everywhere(SCHEMA)
    assert len(objects) > 90
    for node, condition in objects:
        for key in node["properties"]:
            assert (f"`{key}`" in text) if condition else (f"\n- `{key}`" in text), key


def enums_everywhere(node: Any, path: str = "#") -> list[tuple[str, list[Any]]]:
    found: list[tuple[str, list[Any]]] = []
    if isinstance(node, dict):
        for word in ("enum", "const"):
            if word in node:
                found.append((path, node[word] if word == "enum" else [node[word]]))
        for key, value in node.items():
            if key != "examples":
                found += enums_everywhere(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += enums_everywhere(value, f"{path}/{i}")
    return found


def test_every_allowed_value_is_listed_in_its_types_section(text: str) -> None:
    sections = by_heading(text, "h2")  # a type's section with the objects written inline in it
    enums = enums_everywhere(SCHEMA)
    assert sum(len(values) for _, values in enums) > 300
    for path, values in enums:
        parts = path.split("/")
        section = sections[parts[2]] if parts[1] == "$defs" else text
        for value in values:
            shown = value if isinstance(value, str) else str(value).lower()
            assert f"`{shown}`" in section, f"{path}: {value!r}"


def test_links_go_to_headings_and_headings_are_unique(text: str) -> None:
    tokens = MarkdownIt().parse(text)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    ids = [github_id(h) for h in headings]
    assert len(ids) == len(set(ids)), "a repeated id would get GitHub's -1 suffix and move an anchor"
    links = [child.attrs["href"] for t in tokens if t.type == "inline" for child in t.children or []
             if child.type == "link_open"]
    assert len(links) > 300
    local = [str(link)[1:] for link in links if str(link).startswith("#")]
    assert set(local) <= set(ids), set(local) - set(ids)
    # the $defs keep their names as anchors, which other documents may link to
    assert {name for name in SCHEMA["$defs"]} <= set(ids)
    for link in links:
        if not str(link).startswith(("#", "http")):
            assert (SCHEMA_MD.parent / str(link)).resolve().is_file(), link


def test_the_examples_shown_are_valid_for_their_type(text: str) -> None:
    sections = by_heading(text)
    checked = 0
    for name in SCHEMA["$defs"]:
        body = sections[name]
        if "```yaml\n" not in body:
            continue
        example = yaml.safe_load(body.split("```yaml\n", 1)[1].split("```", 1)[0])
        validator = jsonschema.Draft202012Validator({"$defs": SCHEMA["$defs"], "$ref": f"#/$defs/{name}"})
        assert not list(validator.iter_errors(example)), f"{name}: {example}"
        checked += 1
    assert checked > 40


def test_the_readme_and_the_schema_codes_link_the_reference(run_cli) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The schema", 1)[1].split("\n## ", 1)[0]
    assert "(docs/schema.md)" in section
    for code in ("PL100", "PL101", "PL102", "PL103", "PL104", "PL105", "PL106", "PL107"):
        assert "docs/schema.md" in run_cli("rule", code).stdout


def test_full_output_ends_a_schema_finding_with_its_types_section(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(CLEAN_POLICY.replace("  name: Example Ltd\n", "  name: Example Ltd\n  legal_nmae: Example\n")
                    .replace("kind: privacy_office", "kind: privacy_ofice"))
    full = run_cli("check", "--today", TODAY, "--output-format", "full", str(path)).stdout
    helps = [line.strip() for line in full.splitlines() if line.strip().startswith("help: ")]
    assert helps == [f"help: {DOCS_URL}#organisation", f"help: {DOCS_URL}#contact"], full
    concise = run_cli("check", "--today", TODAY, "--output-format", "concise", str(path)).stdout
    assert "help" not in concise and "schema.md" not in concise
    assert len(concise.splitlines()) == 2
