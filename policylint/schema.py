"""The published schema: where it is, what it says, and a walk over a document beside it."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from policylint.findings import JsonPath

_SCHEMA_1_VERSION = re.compile(r"^1\.[0-9]+$")


def schema_1_version(data: Any) -> str | None:
    """A document's schema_version when it is a schema-1 version (1.x): `check` reports it (PL107), `migrate`
    upgrades it."""
    version = data.get("schema_version") if isinstance(data, dict) else None
    return version if isinstance(version, str) and _SCHEMA_1_VERSION.match(version) else None

SCHEMA_FILE = "privacy-policy.schema.json"


def schema_path() -> Path:
    """The schema file: inside the installed package, or at the top of a source checkout (editable installs)."""
    packaged = Path(__file__).with_name("schema") / SCHEMA_FILE
    if packaged.is_file():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "schema" / SCHEMA_FILE
    if checkout.is_file():
        return checkout
    raise FileNotFoundError(f"the policylint schema ({SCHEMA_FILE}) is missing from the installation")


SCHEMA_ID_PREFIX = "https://policylint.dev/schema/"


def copy_status(target: Path) -> str:
    """What writing the schema to `target` would do: "create", "current" (the same bytes are there), "update" (an
    older or newer policylint schema is there) or "refuse" (some other file is there, which is not ours to replace).
    """
    if not target.exists() and not target.is_symlink():
        return "create"
    if target.is_symlink() or not target.is_file():
        return "refuse"
    try:
        with target.open("rb") as handle:
            existing = handle.read(8 * 1024 * 1024 + 1)
        if existing == schema_path().read_bytes():
            return "current"
        found = json.loads(existing)
    except (OSError, ValueError):
        return "refuse"
    identifier = found.get("$id") if isinstance(found, dict) else None
    return "update" if isinstance(identifier, str) and identifier.startswith(SCHEMA_ID_PREFIX) else "refuse"


def modeline(schema_file: Path, policy_folder: Path) -> str:
    """The first line that points the YAML language server (VS Code, Neovim, JetBrains, Helix...) at the schema
    from a policy in `policy_folder`: a relative path, which resolves in every clone, offline."""
    relative = Path(os.path.relpath(schema_file.resolve(), policy_folder.resolve())).as_posix()
    return f"# yaml-language-server: $schema={relative}"


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    with schema_path().open(encoding="utf-8") as f:
        schema: dict[str, Any] = json.load(f)
    return schema


def resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    """Follow local `$ref`s; keywords beside a `$ref` (a title, a description) override the target's."""
    while "$ref" in node:
        ref = node["$ref"]
        if not ref.startswith("#/"):
            raise ValueError(f"only local references are supported, not {ref}")
        target: Any = root
        for part in ref[2:].split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def subschema_at(schema_path_parts: list[str | int], root: dict[str, Any]) -> dict[str, Any]:
    """The schema node a validator's schema path leads to, following `$ref` steps."""
    node: Any = root
    for part in schema_path_parts:
        if part == "$ref":
            node = resolve({"$ref": node["$ref"]}, root)
            continue
        node = node[part]
    return resolve(node, root) if isinstance(node, dict) else {}


def walk(instance: Any, root: dict[str, Any]) -> Iterator[tuple[JsonPath, Any, dict[str, Any]]]:
    """Every node of a document with the (resolved) schema that describes it.

    Tolerant of invalid documents: it descends only where the document's shape matches the schema's.
    """
    resolved: dict[int, dict[str, Any]] = {}  # schema nodes are immutable: resolve each once per walk
    stack: list[tuple[JsonPath, Any, dict[str, Any]]] = [((), instance, root)]
    while stack:
        path, value, node = stack.pop()
        key = id(node)
        if key not in resolved:
            resolved[key] = resolve(node, root)
        node = resolved[key]
        if "anyOf" in node and isinstance(value, (dict, str)):
            node = _branch_for(value, node, root, resolved)
        yield path, value, node
        if isinstance(value, dict):
            properties = node.get("properties", {})
            children = [((*path, k), v, properties[k]) for k, v in value.items() if k in properties]
            stack.extend(reversed(children))
        elif isinstance(value, list) and isinstance(node.get("items"), dict):
            stack.extend(reversed([((*path, i), v, node["items"]) for i, v in enumerate(value)]))


def _branch_for(value: dict[str, Any] | str, node: dict[str, Any], root: dict[str, Any],
                resolved: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """The branch of an `anyOf` that describes `value`: the object for a mapping, the enum holding a string (an
    entity's role is a role, or a role with its scope). The `anyOf` itself when no branch is that specific."""
    for branch in node["anyOf"]:
        if id(branch) not in resolved:
            resolved[id(branch)] = resolve(branch, root)
        candidate = resolved[id(branch)]
        if isinstance(value, dict) and "properties" in candidate:
            return candidate
        if isinstance(value, str) and value in candidate.get("enum", ()):
            return candidate
    return node


def is_claim_schema(node: dict[str, Any]) -> bool:
    """A claim is an object the schema lets carry `evidence`: a statement the policy makes."""
    return "evidence" in node.get("properties", {})


def claims(instance: Any, root: dict[str, Any]) -> Iterator[tuple[JsonPath, dict[str, Any]]]:
    for path, value, node in walk(instance, root):
        if isinstance(value, dict) and is_claim_schema(node):
            yield path, value
