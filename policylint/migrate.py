"""Upgrade a schema-1 policy to schema 2, keeping its comments and layout (a ruamel.yaml round trip).

Schema 2 renamed or merged three schema-1 fields; everything else a 1.x document says means the same in 2.0:
- `schema_version` 1.x becomes "2.0";
- `dpf.recourse_body` (one body) becomes the first item of `dpf.recourse_bodies`;
- contact kinds `eu_representative` and `uk_representative` become `representative` with `represents_in` EU or GB.

The upgrade works on the text's own nodes, so a file keeps its comments, quotes, key order and folded lines; the
caller validates the result and refuses to write one that schema 2 would reject.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from policylint import loader
from policylint.schema import schema_1_version

TARGET_VERSION = "2.0"
_REPRESENTATIVE_REGIONS = {"eu_representative": "EU", "uk_representative": "GB"}


class MigrationError(Exception):
    """The text cannot be upgraded (it is not a YAML mapping the round-trip loader reads)."""


@dataclass
class Migration:
    """The upgraded text and what changed; `changes` is empty when the document was already schema 2."""

    text: str
    from_version: str | None = None
    changes: list[str] = field(default_factory=list)


class CoreResolver(VersionedResolver):
    """Plain scalars resolved as policylint's loader resolves them (YAML 1.2 core schema), whatever the file's
    %YAML directive: ruamel.yaml's own 1.2 rules also take `1_000` as a number and `2020-01-01` as a date, which
    it could then write back in another form, and fail on a plain `+_` (which they take for a number)."""

    _TABLE: ClassVar[dict[Any, list[tuple[str, Any]]]] = {
        first: list(resolvers) for first, resolvers in loader.CORE_IMPLICIT_RESOLVERS.items()}

    @property
    def versioned_resolver(self) -> Any:
        # Asked for each scalar. Shared safely: ruamel.yaml extends the list it gets with the one under None, which
        # this table does not have (an empty list extends nothing).
        return self._TABLE


def _yaml() -> YAML:
    # The layout the bundled policies and `policylint init` use; a file in it round-trips byte for byte.
    yaml = YAML(typ="rt")
    yaml.Resolver = CoreResolver
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-fold a long line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def migrate_text(text: str) -> Migration:
    """Upgrade one document's text; a document that is not schema 1 comes back unchanged."""
    yaml = _yaml()
    try:
        data = yaml.load(text)
    except YAMLError as error:
        raise MigrationError(f"not readable YAML: {str(error).splitlines()[0]}") from error
    if not isinstance(data, CommentedMap):
        raise MigrationError("the document is not a mapping")
    version = schema_1_version(data)
    if version is None:
        return Migration(text)
    changes = [f"schema_version {version} -> {TARGET_VERSION}"]
    quoted = SingleQuotedScalarString if isinstance(version, SingleQuotedScalarString) else DoubleQuotedScalarString
    data["schema_version"] = quoted(TARGET_VERSION)
    changes += _recourse_body(data) + _representatives(data)
    keep_anchors(data)
    out = io.StringIO()
    yaml.dump(data, out)
    return Migration(out.getvalue(), version, changes)


def keep_anchors(node: Any) -> None:
    """Mark every anchor to be written back: ruamel.yaml drops an anchor on a list or mapping that no alias uses,
    which would change a line the upgrade had no reason to touch."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, (CommentedMap, CommentedSeq)):
            if current.anchor.value:
                current.yaml_set_anchor(current.anchor.value, always_dump=True)
            stack.extend(current.values() if isinstance(current, CommentedMap) else current)


def rename_key(mapping: CommentedMap, old: str, new: str, value: Any) -> None:
    """Put `new: value` where `old` was, with the comments that followed `old`."""
    position = list(mapping).index(old)
    comment = mapping.ca.items.pop(old, None)
    del mapping[old]
    mapping.insert(position, new, value)
    if comment is not None:
        mapping.ca.items[new] = comment


def _recourse_body(data: CommentedMap) -> list[str]:
    dpf = data.get("dpf")
    if not isinstance(dpf, CommentedMap) or "recourse_body" not in dpf:
        return []
    body = dpf["recourse_body"]
    bodies = dpf.get("recourse_bodies")
    if isinstance(bodies, CommentedSeq):
        bodies.insert(0, body)
        comment = dpf.ca.items.pop("recourse_body", None)
        del dpf["recourse_body"]
        if comment is not None and "recourse_bodies" not in dpf.ca.items:
            dpf.ca.items["recourse_bodies"] = comment
    else:
        rename_key(dpf, "recourse_body", "recourse_bodies", CommentedSeq([body]))
    return ["dpf.recourse_body -> dpf.recourse_bodies[0]"]


def _representatives(data: CommentedMap) -> list[str]:
    changes = []
    contacts = data.get("contacts")
    for i, contact in enumerate(contacts if isinstance(contacts, CommentedSeq) else []):
        if not isinstance(contact, CommentedMap) or contact.get("kind") not in _REPRESENTATIVE_REGIONS:
            continue
        old = str(contact["kind"])
        region = _REPRESENTATIVE_REGIONS[old]
        contact["kind"] = "representative"
        regions = contact.get("represents_in")
        if isinstance(regions, CommentedSeq):
            if region not in regions:
                regions.insert(0, region)
        else:
            flow = CommentedSeq([region])
            flow.fa.set_flow_style()
            contact.insert(list(contact).index("kind") + 1, "represents_in", flow)
        changes.append(f"contacts[{i}].kind {old} -> representative, represents_in {region}")
    return changes
