"""Load a policy file: YAML 1.2 (core schema) into plain JSON data, with the line and column of every node.

libyaml (through PyYAML's C parser) parses at C speed and gives each event its line and column; this module builds
the data from the events itself, so that it, not PyYAML, decides what the YAML means:

- scalars are resolved by the YAML 1.2 core schema: `yes`, `no`, `on` and `off` are strings, unquoted dates are
  strings, and only `true`/`false` are booleans (PyYAML alone follows YAML 1.1);
- duplicate keys, tags other than the core ones, merge keys, non-string keys, NaN and infinities are errors, never
  silently converted, and nothing is ever constructed from a tag (no `!!python/object`);
- plain values that YAML 1.1 reads differently (`yes`, `012`, an unquoted date) are kept as YAML 1.2 reads them and
  recorded, for the check to report;
- aliases are expanded under a budget and recursive aliases are refused, so an alias bomb stops quickly;
- file size, node count and nesting are limited (`Limits`), so hostile input costs bounded time and memory; only
  regular files are read, and never past the size limit.
"""

from __future__ import annotations

import math
import re
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import yaml
from yaml.nodes import ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from policylint import findings
from policylint.findings import InputError, JsonPath
from policylint.project import link_out_of

MAX_FILE_BYTES = 10 * 1024 * 1024  # a 30,000-line policy is about 1 MB
MAX_NODES = 100_000  # keys and values; a 30,000-line policy has about 45,000
MAX_ALIAS_NODES = 10_000
MAX_DEPTH = 64  # the schema nests about ten levels; not configurable, no policy needs more


@dataclass(frozen=True)
class Limits:
    """What the loader accepts before it stops: so that hostile input costs bounded time and memory."""

    max_file_bytes: int = MAX_FILE_BYTES
    max_nodes: int = MAX_NODES  # memory grows with nodes, not bytes: 10 MB of "1," is four million of them
    max_alias_nodes: int = MAX_ALIAS_NODES
    max_depth: int = MAX_DEPTH

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


# Plain words that are not strings: in YAML 1.2's core schema, and (the last) in YAML 1.1.
_NULL_WORDS = ("~", "null", "Null", "NULL")
_BOOLEAN_WORDS = ("true", "True", "TRUE", "false", "False", "FALSE")
_YAML_1_1_BOOLEAN_WORDS = ("y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off",
                           "OFF")

_CoreSchemaResolver.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    (NULL, rf"^(?:{'|'.join(_NULL_WORDS)}|)$", ["~", "n", "N", ""]),
    (BOOL, rf"^(?:{'|'.join(_BOOLEAN_WORDS)})$", list("tTfF")),
    (INT, r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        FLOAT,
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+.0123456789"),
    ),
):
    _CoreSchemaResolver.add_implicit_resolver(_tag, re.compile(_pattern), _first)
# The core schema's implicit resolvers by first character, for other readers that must agree (`policylint fmt`).
CORE_IMPLICIT_RESOLVERS = _CoreSchemaResolver.yaml_implicit_resolvers
# A plain scalar whose first character is not one of these is a string; the builder skips resolution for it.
_RESOLVABLE_FIRST = frozenset(_CoreSchemaResolver.yaml_implicit_resolvers)
_CORE_FORMS = {tag: regexp for resolvers in _CoreSchemaResolver.yaml_implicit_resolvers.values()
               for tag, regexp in resolvers}
# Plain keys such as `name` or `type` start like a null or a boolean but resolve to strings; remembered (a bounded
# set, shared by all files a process loads) so that each is resolved once. `<<` never enters: it is refused.
_PLAIN_STRING_KEYS: set[str] = set()


try:
    from yaml._yaml import CParser as _Parser  # libyaml: parses in C
except ImportError:  # PyYAML built without libyaml: the same events, parsed in Python
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)

        def dispose(self) -> None:
            pass


class _EventParser(_Parser, _CoreSchemaResolver):  # type: ignore[misc]
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _CoreSchemaResolver.__init__(self)


Position = tuple[int, int]

# Plain scalars that YAML 1.1 (PyYAML, and the many tools built on it) reads differently from YAML 1.2's core
# schema, which policylint follows: the value is kept as YAML 1.2 reads it and the difference is reported (PL160).
_YAML_1_1_READINGS = (
    (re.compile(f"(?:{'|'.join(_YAML_1_1_BOOLEAN_WORDS)})"), "a boolean"),
    (re.compile(r"[-+]?0[0-7_]+"), "an octal number"),
    (re.compile(r"[-+]?0[0-9_]+"), "a string"),
    (re.compile(r"[-+]?0b[01_]+"), "a binary number"),
    (re.compile(r"[-+]?0o[0-7]+"), "a string"),
    (re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"), "a base-60 number"),
    (re.compile(r"[-+]?[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?"), "a number"),
    (re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
                r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?"), "a date"),
)
_YAML_1_1_FIRST = frozenset("yYnNoO+-0123456789")
# What a plain scalar must look like to be read as anything but a string, by YAML 1.2 or by YAML 1.1.
RESOLVABLE_SCALAR_PATTERNS = tuple(regexp.pattern.strip("^$") for regexp in _CORE_FORMS.values()) + tuple(
    pattern.pattern for pattern, _reading in _YAML_1_1_READINGS)
# The words among them (the rest start with a digit, a sign or a dot).
RESOLVABLE_WORDS = frozenset(_NULL_WORDS + _BOOLEAN_WORDS + _YAML_1_1_BOOLEAN_WORDS)


def _yaml_1_1_difference(value: str, read_as: Any) -> str | None:
    """How YAML 1.1 reads a plain scalar, when that differs from what YAML 1.2 made of it (`read_as`)."""
    for pattern, reading in _YAML_1_1_READINGS:
        if pattern.fullmatch(value):
            here = "the string" if isinstance(read_as, str) else "the number"
            # A number is made unambiguous by its plain form: quoting 013 would make a string of it.
            remedy = ("quote it" + (" (or write true or false)" if reading == "a boolean" else "")
                      if isinstance(read_as, str) else f"write it as {read_as!r}")
            return (f"unquoted {value} is {here} {read_as!r} in YAML 1.2 (as policylint reads it) but {reading} in "
                    f"YAML 1.1 (as PyYAML and other tools read it); {remedy} so that every tool agrees")
    return None


@dataclass
class LoadedDocument:
    """A policy file's data, with the 1-based line and column of each value and of each mapping key."""

    path: str
    text: str
    data: Any
    positions: dict[JsonPath, Position]
    key_positions: dict[JsonPath, Position]
    # Plain scalars YAML 1.1 would read differently: (path, position, explanation).
    yaml_1_1_differences: list[tuple[JsonPath, Position, str]] = field(default_factory=list)
    # (start, end) of each key or string that contains "policylint:", for telling comments from text.
    text_spans: list[tuple[Position, Position]] = field(default_factory=list)

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


class _Frame:
    """A mapping or sequence being built, with what is needed to finish it."""

    __slots__ = ("anchor", "height", "is_map", "key", "key_mark", "path", "size", "value")

    def __init__(self, value: dict[str, Any] | list[Any], path: JsonPath, anchor: str | None) -> None:
        self.value = value
        self.is_map = isinstance(value, dict)
        self.path = path
        self.anchor = anchor
        self.key: str | None = None  # a mapping's pending key
        self.key_mark: Position = (0, 0)
        self.size = 1  # nodes in this subtree, for the alias budget
        self.height = 1  # levels of mappings and sequences in this subtree, itself included, for the depth limit


class _EventBuilder:
    """Builds JSON data and position tables straight from libyaml's events, iteratively.

    Composing PyYAML Node objects first costs about three times as much on large files; building from events also
    means deep nesting is refused as soon as it is met, with no recursion at all.
    """

    def __init__(self, parser: Any, limits: Limits, record_text: bool = False) -> None:
        self.parser = parser
        # Where scalars that mention "policylint:" lie, so that suppression comments inside them are not comments.
        self._record_text = record_text
        self.text_spans: list[tuple[Position, Position]] = []
        self.positions: dict[JsonPath, Position] = {}
        self.key_positions: dict[JsonPath, Position] = {}
        self.yaml_1_1_differences: list[tuple[JsonPath, Position, str]] = []
        self._anchors: dict[str, tuple[Any, int, int]] = {}  # anchor -> (value, subtree size, subtree height)
        self._open_anchors: set[str] = set()
        self._alias_budget = limits.max_alias_nodes
        self._max_alias_nodes = limits.max_alias_nodes
        self._max_depth = limits.max_depth
        self._max_nodes = limits.max_nodes

    def build(self) -> Any:
        parser = self.parser
        event = parser.get_event()  # StreamStart
        event = parser.get_event()
        if isinstance(event, yaml.StreamEndEvent):
            raise InputError(findings.NOT_ONE_DOCUMENT,
                             "the file holds no YAML document (it is empty or only comments)")
        stack: list[_Frame] = []
        frame: _Frame | None = None  # the innermost open mapping or sequence
        root: Any = None
        done = False
        get_event, positions, key_positions = parser.get_event, self.positions, self.key_positions
        scalar_event, end_events = yaml.ScalarEvent, (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        mapping_end, document_end = yaml.MappingEndEvent, yaml.DocumentEndEvent
        resolvable, plain_keys, yaml_1_1_first = _RESOLVABLE_FIRST, _PLAIN_STRING_KEYS, _YAML_1_1_FIRST
        nodes_left = self._max_nodes
        record_text = self._record_text
        while True:
            event = get_event()
            kind = event.__class__
            if kind is document_end:
                break
            start = event.start_mark
            mark = (start.line + 1, start.column + 1)
            if kind not in end_events:
                nodes_left -= 1
                if nodes_left < 0:
                    raise InputError(findings.TOO_LARGE, f"the document has more than {self._max_nodes:,} keys and "
                                     "values; a 30,000-line policy has about 45,000 (raise the limit with "
                                     "max-nodes in the configuration)", *mark)
            if frame is not None and frame.is_map and frame.key is None and kind is not mapping_end:
                # A key. The common case, a plain scalar that resolves to a string, is handled inline for speed.
                key = event.value if kind is scalar_event and event.tag is None else None
                if key is None or not event.implicit[0] or (key[:1] in resolvable and key not in plain_keys) \
                        or key == "<<":
                    key = self._key(event, mark)
                child = (*frame.path, key)
                if key in frame.value:
                    raise InputError(findings.DUPLICATE_KEY, f"duplicate key {key!r} (first defined on line "
                                                             f"{key_positions[child][0]})", *mark)
                key_positions[child] = mark
                frame.key = key
                frame.size += len(key) >> 7  # a long key weighs in the alias budget as a long string does
                if record_text and "policylint:" in key:
                    self._record_span(event)
                continue
            if frame is None:
                path: JsonPath = ()
            elif frame.is_map:
                path = (*frame.path, frame.key)  # type: ignore[arg-type]
            else:
                path = (*frame.path, len(frame.value))
            if kind is scalar_event:
                positions[path] = mark
                value = event.value
                if event.tag is not None or not event.implicit[0]:
                    value = self._scalar(event, mark)
                else:
                    first = value[:1]
                    if first in resolvable:
                        tag = parser.resolve(ScalarNode, value, event.implicit)
                        if tag != STR:
                            value = _scalar_value(value, tag, mark)
                    if first in yaml_1_1_first:
                        difference = _yaml_1_1_difference(event.value, value)
                        if difference:
                            self.yaml_1_1_differences.append((path, mark, difference))
                # A long string weighs one node per 128 characters, so that aliases of it cannot multiply memory.
                weight = 1 + (len(event.value) >> 7)
                if record_text and value.__class__ is str and "policylint:" in value:
                    self._record_span(event)
                if event.anchor:
                    self._anchors[event.anchor] = (value, weight, 0)
                if frame is None:
                    done, root = True, value
                elif frame.is_map:
                    frame.value[frame.key] = value  # type: ignore[index]
                    frame.key = None
                    frame.size += weight
                else:
                    frame.value.append(value)  # type: ignore[union-attr]
                    frame.size += weight
            elif kind in end_events:
                finished = stack.pop()
                frame = stack[-1] if stack else None
                if finished.anchor:
                    self._open_anchors.discard(finished.anchor)
                    self._anchors[finished.anchor] = (finished.value, finished.size, finished.height)
                done, root = self._attach(frame, finished.value, finished.size, finished.height, root)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self._check_tag(event, mark, MAP if kind is yaml.MappingStartEvent else SEQ)
                if len(path) >= self._max_depth:
                    raise InputError(findings.TOO_DEEP, f"the document nests deeper than {self._max_depth} levels",
                                     *mark)
                positions[path] = mark
                frame = _Frame({} if kind is yaml.MappingStartEvent else [], path, event.anchor)
                if event.anchor:
                    self._open_anchors.add(event.anchor)
                stack.append(frame)
            elif kind is yaml.AliasEvent:
                if event.anchor in self._open_anchors:
                    raise InputError(findings.ALIAS_LIMIT, "an alias refers to a node that contains it", *mark)
                if event.anchor not in self._anchors:
                    raise InputError(findings.YAML_SYNTAX, f"YAML syntax error: found undefined alias "
                                                           f"{event.anchor!r}", *mark)
                value, size, height = self._anchors[event.anchor]
                self._alias_budget -= size
                if self._alias_budget < 0:
                    raise InputError(findings.ALIAS_LIMIT, f"aliases expand to more than {self._max_alias_nodes} "
                                     "nodes (a long string counts one node per 128 characters)", *mark)
                if len(path) + height > self._max_depth:  # the alias would nest its anchor's levels below here
                    raise InputError(findings.TOO_DEEP, f"the document nests deeper than {self._max_depth} levels "
                                     "(through an alias)", *mark)
                positions[path] = mark
                done, root = self._attach(frame, value, size, height, root)
        event = parser.get_event()
        if not isinstance(event, yaml.StreamEndEvent):
            mark = event.start_mark
            raise InputError(findings.NOT_ONE_DOCUMENT,
                             "the file holds more than one YAML document; a policy is one document",
                             mark.line + 1, mark.column + 1)
        assert done
        return root

    def _record_span(self, event: Any) -> None:
        start, end = event.start_mark, event.end_mark
        self.text_spans.append(((start.line + 1, start.column + 1), (end.line + 1, end.column + 1)))

    def _key(self, event: Any, mark: Position) -> str:
        """A mapping key that is not a plain string: check it is a string after all, or refuse it."""
        if event.__class__ is not yaml.ScalarEvent:
            raise InputError(findings.NOT_JSON_DATA, "a key must be a string, not a mapping or a sequence"
                             if event.__class__ is not yaml.AliasEvent else "a key cannot be an alias", *mark)
        tag = self._scalar_tag(event, mark)
        if tag != STR:
            kind = {INT: "a number", FLOAT: "a number", BOOL: "a boolean", NULL: "null"}.get(tag, "not a string")
            raise InputError(findings.NOT_JSON_DATA, f"a key must be a string, not {kind} ({event.value!r}); quote it",
                             *mark)
        if event.value == "<<" and not event.style:
            message = "merge keys (<<) are not part of YAML 1.2 and are not supported; write the keys out"
            raise InputError(findings.NOT_JSON_DATA, message, *mark)
        if event.tag is None and event.implicit[0] and len(_PLAIN_STRING_KEYS) < 4096:
            _PLAIN_STRING_KEYS.add(event.value)
        return event.value  # type: ignore[no-any-return]

    @staticmethod
    def _attach(frame: _Frame | None, value: Any, size: int, height: int, root: Any) -> tuple[bool, Any]:
        if frame is None:
            return True, value
        frame.size += size
        if height >= frame.height:
            frame.height = height + 1
        if frame.is_map:
            frame.value[frame.key] = value  # type: ignore[index]
            frame.key = None
        else:
            frame.value.append(value)
        return False, root

    def _check_tag(self, event: Any, mark: Position, expected: str) -> None:
        tag = event.tag
        if tag not in (None, "!", expected):
            raise InputError(findings.FORBIDDEN_TAG, f"tag {_short(tag)} is not allowed here", *mark)

    def _scalar_tag(self, event: Any, mark: Position) -> str:
        tag = event.tag
        if tag is None or tag == "!":
            if tag is None and event.implicit[0]:
                return self.parser.resolve(ScalarNode, event.value, event.implicit)  # type: ignore[no-any-return]
            return STR
        if tag not in _ALLOWED_TAGS or tag in (MAP, SEQ):
            raise InputError(findings.FORBIDDEN_TAG, f"tag {_short(tag)} is not allowed in a policy", *mark)
        return tag  # type: ignore[no-any-return]

    def _scalar(self, event: Any, mark: Position) -> Any:
        tag = self._scalar_tag(event, mark)
        if event.tag not in (None, "!") and tag != STR and not _CORE_FORMS[tag].match(event.value):
            # An explicit !!bool, !!int, !!float or !!null must still be written as the core schema writes one:
            # `!!bool yes` is not false and `!!int " 12 "` is not 12.
            raise InputError(findings.NOT_JSON_DATA, f"{event.value!r:.60} is not a valid {_short(tag)} in YAML 1.2",
                             *mark)
        return _scalar_value(event.value, tag, mark)


def _scalar_value(value: str, tag: str, mark: Position) -> Any:
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
        if len(value) > 4000:  # Python refuses to convert longer numbers (int_max_str_digits)
            raise InputError(findings.NOT_JSON_DATA, f"a number with {len(value):,} digits is too long to read",
                             *mark) from None
        raise InputError(findings.NOT_JSON_DATA, f"{value!r:.60} is not a valid {tag[len(_CORE):]}", *mark) from None
    if math.isnan(number) or math.isinf(number):
        raise InputError(findings.NOT_JSON_DATA, f"{value!r} is not a number JSON can hold", *mark)
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


def _syntax_error(error: yaml.YAMLError, text: str, limits: Limits) -> InputError:
    if isinstance(error, yaml.reader.ReaderError) and isinstance(error.character, int):
        # The reader reports a byte offset and no line; the first such character in the text is the one it met.
        character = chr(error.character)
        index = text.find(character)
        line = text.count("\n", 0, index) + 1 if index >= 0 else 1
        col = index - text.rfind("\n", 0, index) if index >= 0 else 1
        return InputError(findings.YAML_SYNTAX, f"YAML syntax error: the control character U+{error.character:04X} "
                          "is not allowed in YAML; write it as an escape in a double-quoted string", line, col)
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    message = f"{context}: {problem}" if context and problem and context not in problem else problem
    if "maximum nesting depth" in message and mark is not None:
        # libyaml's scanner reads a flow collection's tokens ahead of the events (`[[[[...` could still turn out to
        # be a key), so newer libyaml builds (PyYAML 6.0.3+) meet their own nesting limit (1,000) before the builder
        # meets ours; the answer must not depend on which libyaml is installed.
        return InputError(findings.TOO_DEEP, f"the document nests deeper than {limits.max_depth} levels",
                          mark.line + 1, mark.column + 1)
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


def parse(text: str, path: str = "<string>", limits: Limits = Limits()) -> LoadedDocument:
    """Parse YAML text into a LoadedDocument, or raise InputError."""
    parser = _EventParser(text)
    try:
        builder = _EventBuilder(parser, limits, record_text="policylint:" in text)
        data = builder.build()
    except yaml.YAMLError as error:
        raise _syntax_error(error, text, limits) from None
    finally:
        parser.dispose()
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a single value ({data!r:.40})"
        message = f"the document is {kind}; a policy is a mapping of keys (schema_version:, document:, ...)"
        raise InputError(findings.NOT_A_MAPPING, message, *builder.positions.get((), (1, 1)))
    return LoadedDocument(path, text, data, builder.positions, builder.key_positions, builder.yaml_1_1_differences,
                          builder.text_spans)


def load(path: Path, display_path: str | None = None, limits: Limits = Limits(),
         project: Path | None = None) -> LoadedDocument:
    """Read and parse a policy file, or raise InputError. Only regular files are read, and never past the limit."""
    return load_bytes(read_file(path, limits, project), display_path or str(path), limits)


def read_file(path: Path, limits: Limits = Limits(), project: Path | None = None) -> bytes:
    """A policy file's bytes, or InputError. Only regular files are read, and never past the size limit; with
    `project`, not a file that a symbolic link inside the project leads out of it to (a branch can commit
    `policies/p.yaml -> ~/.netrc`, and messages quote what they read)."""
    try:
        if project is not None and link_out_of(path, project):
            raise InputError(findings.UNREADABLE, "is a symbolic link to a file outside the repository; policylint "
                             "does not follow it")
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise InputError(findings.UNREADABLE, "is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(findings.UNREADABLE, "is not a regular file (a device, a pipe or a socket)")
        _check_size(info.st_size, limits)
        with path.open("rb") as handle:
            raw = handle.read(limits.max_file_bytes + 1)  # the file may have grown since stat
    except FileNotFoundError:
        raise InputError(findings.UNREADABLE, "no such file" if not path.is_symlink()
                         else "is a symbolic link to a file that does not exist") from None
    except OSError as error:
        raise InputError(findings.UNREADABLE, f"cannot read the file: {error.strerror or error}") from None
    except ValueError:  # a NUL byte in the name
        raise InputError(findings.UNREADABLE, "cannot read the file: its name holds a NUL byte") from None
    _check_size(len(raw), limits)
    return raw


def load_stdin(limits: Limits = Limits()) -> LoadedDocument:
    """Read and parse a policy from standard input, named <stdin>."""
    return load_bytes(read_stdin(limits), "<stdin>", limits)


def read_stdin(limits: Limits = Limits()) -> bytes:
    """Standard input's bytes, or InputError."""
    if sys.stdin is None:
        raise InputError(findings.UNREADABLE, "standard input is closed")
    return read_stream(sys.stdin.buffer, limits)


def read_stream(stream: BinaryIO, limits: Limits = Limits()) -> bytes:
    """A stream's bytes, reading no more than the limit allows, or InputError."""
    try:
        raw = stream.read(limits.max_file_bytes + 1)
    except OSError as error:
        raise InputError(findings.UNREADABLE, f"cannot read: {error.strerror or error}") from None
    _check_size(len(raw), limits)
    return raw


def _check_size(size: int, limits: Limits) -> None:
    if size > limits.max_file_bytes:
        raise InputError(findings.TOO_LARGE,
                         f"the file is larger than the limit of {limits.max_file_bytes:,} bytes; a policy is rarely "
                         f"over 1 MB (raise the limit with --max-file-bytes or max-file-bytes in the configuration)")


def load_bytes(raw: bytes, display_path: str, limits: Limits = Limits()) -> LoadedDocument:
    """Parse a policy file's bytes, or raise InputError."""
    _check_size(len(raw), limits)
    return parse(_decode(raw), display_path, limits)
