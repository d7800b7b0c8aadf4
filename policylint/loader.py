"""Load a policy file: YAML 1.2 (core schema) into plain JSON data, with the line and column of every node.

libyaml (through PyYAML's C parser) composes the node tree, which carries marks, at C speed; this module turns the
nodes into data itself, so that it, not PyYAML, decides what the YAML means:

- scalars are resolved by the YAML 1.2 core schema: `yes`, `no`, `on` and `off` are strings, unquoted dates are
  strings, and only `true`/`false` are booleans (PyYAML alone follows YAML 1.1);
- duplicate keys, tags other than the core ones, merge keys, non-string keys, NaN and infinities are errors, never
  silently converted, and nothing is ever constructed from a tag (no `!!python/object`);
- aliases are expanded under a budget and recursive aliases are refused, so an alias bomb stops quickly;
- nesting is limited, so a hostile file cannot exhaust the stack.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from policylint import findings
from policylint.findings import InputError, JsonPath

MAX_ALIAS_NODES = 10_000
MAX_DEPTH = 64

_CORE = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = (_CORE + t for t in ("str", "int", "float", "bool", "null"))
MAP, SEQ = _CORE + "map", _CORE + "seq"
_ALLOWED_TAGS = {STR, INT, FLOAT, BOOL, NULL, MAP, SEQ}


class _CoreSchemaResolver(BaseResolver):
    """Implicit tags of the YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution).

    `resolve` is called from C for every scalar; this lean version skips PyYAML's path resolvers, which policylint
    never uses, and is a good part of the loader's speed on large files.
    """

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:  # type: ignore[override]
        if kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return STR
        return SEQ if kind is SequenceNode else MAP


_CoreSchemaResolver.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    (NULL, r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    (INT, r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        FLOAT,
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+.0123456789"),
    ),
):
    _CoreSchemaResolver.add_implicit_resolver(_tag, re.compile(_pattern), _first)


try:
    from yaml._yaml import CParser as _Parser  # libyaml: composes the node tree in C
except ImportError:  # PyYAML built without libyaml: the same node tree, composed in Python
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)

        def dispose(self) -> None:
            pass


class _Composer(_Parser, _CoreSchemaResolver):  # type: ignore[misc]
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _CoreSchemaResolver.__init__(self)


Position = tuple[int, int]


@dataclass
class LoadedDocument:
    """A policy file's data, with the 1-based line and column of each value and of each mapping key."""

    path: str
    text: str
    data: Any
    positions: dict[JsonPath, Position]
    key_positions: dict[JsonPath, Position]

    def position(self, path: JsonPath) -> Position:
        """Where the node at `path` starts; for a path that does not exist, its nearest existing ancestor."""
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))

    def key_position(self, path: JsonPath) -> Position:
        """Where the key of the mapping entry at `path` is; the value's position for list items and the root."""
        return self.key_positions.get(path) or self.position(path)


def _short(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


def _mark(node: Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    """Turns a composed node tree into JSON data and position tables."""

    def __init__(self, max_alias_nodes: int, max_depth: int) -> None:
        self.positions: dict[JsonPath, Position] = {}
        self.key_positions: dict[JsonPath, Position] = {}
        self._built: set[int] = set()
        self._open: set[int] = set()
        self._alias_depth = 0
        self._alias_budget = max_alias_nodes
        self._max_alias_nodes = max_alias_nodes
        self._max_depth = max_depth

    def build(self, node: Node, path: JsonPath) -> Any:
        mark = node.start_mark
        self.positions[path] = (mark.line + 1, mark.column + 1)
        if node.__class__ is ScalarNode:  # most nodes: no alias or depth bookkeeping can apply to a leaf
            if self._alias_depth:
                self._spend_alias_budget(node)
            if node.tag not in _ALLOWED_TAGS:
                raise InputError(findings.FORBIDDEN_TAG, f"tag {_short(node.tag)} is not allowed in a policy",
                                 *_mark(node))
            return _scalar(node)
        if len(path) > self._max_depth:
            message = f"the document nests deeper than {self._max_depth} levels"
            raise InputError(findings.TOO_DEEP, message, *_mark(node))
        key = id(node)
        if key in self._open:
            raise InputError(findings.ALIAS_LIMIT, "an alias refers to a node that contains it", *_mark(node))
        # A collection met a second time is an alias: count what it expands to.
        is_alias = key in self._built
        if is_alias:
            self._alias_depth += 1
        if self._alias_depth:
            self._spend_alias_budget(node)
        self._built.add(key)
        self._open.add(key)
        try:
            return self._build(node, path)
        finally:
            self._open.discard(key)
            if is_alias:
                self._alias_depth -= 1

    def _spend_alias_budget(self, node: Node) -> None:
        self._alias_budget -= 1
        if self._alias_budget < 0:
            raise InputError(findings.ALIAS_LIMIT, f"aliases expand to more than {self._max_alias_nodes} nodes",
                             *_mark(node))

    def _build(self, node: Node, path: JsonPath) -> Any:
        if node.tag not in _ALLOWED_TAGS:
            raise InputError(findings.FORBIDDEN_TAG, f"tag {_short(node.tag)} is not allowed in a policy", *_mark(node))
        if isinstance(node, MappingNode):
            if node.tag != MAP:
                raise InputError(findings.FORBIDDEN_TAG, f"a mapping cannot have tag {_short(node.tag)}", *_mark(node))
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            if node.tag != SEQ:
                raise InputError(findings.FORBIDDEN_TAG, f"a sequence cannot have tag {_short(node.tag)}", *_mark(node))
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return _scalar(node)

    def _mapping(self, node: MappingNode, path: JsonPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag != STR:
                if isinstance(key_node, ScalarNode) and key_node.tag in _ALLOWED_TAGS:
                    kind = {INT: "a number", FLOAT: "a number", BOOL: "a boolean", NULL: "null"}.get(key_node.tag)
                    message = f"a key must be a string, not {kind} ({key_node.value!r}); quote it"
                else:
                    message = "a key must be a string, not a mapping or a sequence"
                raise InputError(findings.NOT_JSON_DATA, message, *_mark(key_node))
            key = key_node.value
            if key == "<<" and not key_node.style:  # plain style: None in PyYAML, "" in libyaml
                raise InputError(
                    findings.NOT_JSON_DATA,
                    "merge keys (<<) are not part of YAML 1.2 and are not supported; write the keys out",
                    *_mark(key_node),
                )
            child = (*path, key)
            if key in result:
                first_line = self.key_positions[child][0]
                raise InputError(
                    findings.DUPLICATE_KEY,
                    f"duplicate key {key!r} (first defined on line {first_line})",
                    *_mark(key_node),
                )
            self.key_positions[child] = _mark(key_node)
            result[key] = self.build(value_node, child)
        return result


def _scalar(node: ScalarNode) -> Any:
    value: str = node.value
    tag = node.tag
    try:
        if tag == STR:
            return value
        if tag == NULL:
            return None
        if tag == BOOL:
            return value.lower() == "true"
        if tag == INT:
            sign, digits = (-1, value[1:]) if value.startswith("-") else (1, value.lstrip("+"))
            if digits.startswith("0o"):
                return sign * int(digits[2:], 8)
            if digits.startswith("0x"):
                return sign * int(digits[2:], 16)
            return sign * int(digits, 10)
        number = float(value.lower().replace(".inf", "inf").replace(".nan", "nan"))
    except ValueError:
        raise InputError(findings.NOT_JSON_DATA, f"{value!r} is not a valid {tag[len(_CORE):]}", *_mark(node)) from None
    if math.isnan(number) or math.isinf(number):
        raise InputError(findings.NOT_JSON_DATA, f"{value!r} is not a number JSON can hold", *_mark(node))
    return number


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(findings.ENCODING, "the file is UTF-16; policylint reads UTF-8 only")
    if b"\x00" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
        raise InputError(findings.ENCODING, "the file contains NUL bytes; it is binary, not YAML", line, 1)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        line = raw.count(b"\n", 0, error.start) + 1
        col = len(raw[line_start : error.start].decode("utf-8", errors="replace")) + 1
        message = f"the file is not UTF-8 (byte 0x{raw[error.start]:02x})"
        raise InputError(findings.ENCODING, message, line, col) from None


def _syntax_error(error: yaml.YAMLError, text: str) -> InputError:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    message = f"{context}: {problem}" if context and problem and context not in problem else problem
    if "expected a single document" in message:
        return InputError(
            findings.NOT_ONE_DOCUMENT,
            "the file holds more than one YAML document; a policy is one document",
            mark.line + 1 if mark else 1,
            mark.column + 1 if mark else 1,
        )
    if mark is not None and "cannot start any token" in message and _char_at(text, mark.line, mark.column) == "\t":
        message = "a tab where YAML allows only spaces (YAML does not allow tabs for indentation)"
    if mark is None:
        return InputError(findings.YAML_SYNTAX, f"YAML syntax error: {message}")
    return InputError(findings.YAML_SYNTAX, f"YAML syntax error: {message}", mark.line + 1, mark.column + 1)


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    return lines[line][column : column + 1] if line < len(lines) else ""


def parse(
    text: str, path: str = "<string>", *, max_alias_nodes: int = MAX_ALIAS_NODES, max_depth: int = MAX_DEPTH
) -> LoadedDocument:
    """Parse YAML text into a LoadedDocument, or raise InputError."""
    composer = _Composer(text)
    try:
        root = composer.get_single_node()
    except yaml.YAMLError as error:
        raise _syntax_error(error, text) from None
    finally:
        composer.dispose()
    if root is None:
        raise InputError(findings.NOT_ONE_DOCUMENT, "the file holds no YAML document (it is empty or only comments)")
    builder = _Builder(max_alias_nodes, max_depth)
    data = builder.build(root, ())
    return LoadedDocument(path, text, data, builder.positions, builder.key_positions)


def load(path: Path, display_path: str | None = None) -> LoadedDocument:
    """Read and parse a policy file, or raise InputError."""
    shown = display_path or str(path)
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise InputError(findings.UNREADABLE, "is a directory, not a file") from None
    except FileNotFoundError:
        raise InputError(findings.UNREADABLE, "no such file") from None
    except OSError as error:
        raise InputError(findings.UNREADABLE, f"cannot read the file: {error.strerror or error}") from None
    return parse(_decode(raw), shown)


def load_bytes(raw: bytes, display_path: str) -> LoadedDocument:
    return parse(_decode(raw), display_path)
