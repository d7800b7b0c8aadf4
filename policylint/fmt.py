"""Format a policy file: keys in the schema's order, one indentation, quotes where YAML 1.1 tools would misread.

The style is the one the bundled policies and `policylint migrate` use: a mapping's keys two spaces in from their
parent key, a list's dashes two spaces in from their key and the keys of a list item two spaces past its dash:

    contacts:
      - id: dpo
        kind: dpo

What changes:
- keys follow the order of the schema's `properties` at each place; keys the schema does not know keep their
  relative order after the known ones. A key moves with the comments directly above it (a comment indented deeper
  than the key stays with the entry before it); blank lines between entries stay where they were, so groups keep
  their sizes; a file's opening comments stay at the top;
- indentation becomes the style above;
- a plain string that YAML 1.1 tools (PyYAML and the many tools built on it) read as something else (`yes`, `off`,
  `n`, `null` in any case, `1_000`, `12:30`, a date) is double-quoted, so that every tool reads the string
  policylint reads (YAML 1.2 core); dates, for one, are strings in the schema. Not where the schema wants another
  type (`used: yes` for a boolean): `check` says to write true there. A plain number YAML 1.1 reads otherwise
  (`0755`) is left too: quoting it would change the value. Quoted strings use double quotes, or single quotes
  when they hold a double quote and nothing that needs an escape: the convention of the bundled policies.

What never changes: a value (the data the loader reads before and after must be equal, or nothing is written), a
comment (the comments before and after must be the same), the blank lines that group keys (those that open the
file are dropped), and a long line (no re-folding: evidence quotes stay verbatim). A document fmt cannot format
safely is refused with one FormatError (explicit tags, a comment ruamel.yaml would lose, ...) or the loader's
InputError (not YAML, duplicate keys, too large, ...).
"""

from __future__ import annotations

import io
import json
import re
import warnings
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.emitter import RoundTripEmitter
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString
from yaml.reader import Reader
from yaml.scanner import Scanner, ScannerError

from policylint import loader
from policylint.findings import InputError, JsonPath
from policylint.loader import Limits
from policylint.migrate import CoreResolver, keep_anchors, rename_key
from policylint.schema import load_schema, walk

_CORE = "tag:yaml.org,2002:"
WIDTH = 1_000_000_000  # never re-fold a line: evidence quotes must stay as they were written


class FormatError(Exception):
    """A document fmt refuses to format, with where: one line for the user, exit status 2."""

    def __init__(self, message: str, line: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col


def format_policy(text: str, limits: Limits | None = None) -> str:
    """The formatted text of a policy; InputError for what the loader refuses, FormatError for what fmt refuses."""
    limits = limits or Limits()
    before = loader.parse(text, "<fmt>", limits)  # the loader's errors, exactly as `check` reports them
    _refuse_tags(text)
    prologue, body = _split_prologue(text)
    try:
        canonical = _round_trip(body).lstrip("\n")  # ruamel.yaml keeps some opening blank lines and not others
    except FormatError as error:
        error.line += prologue.count("\n")
        raise
    formatted = prologue + _order_block_mappings(canonical, limits)
    _verify(before, formatted, limits)
    return formatted


def _split_prologue(text: str) -> tuple[str, str]:
    """The lines up to an explicit `---` (comments, directives, the marker itself) and the rest: ruamel.yaml drops
    the comments above `---`, so they are kept aside as they are."""
    parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        parser.get_event()  # the stream's start
        start = parser.get_event()
    finally:
        parser.dispose()
    if not isinstance(start, yaml.DocumentStartEvent) or not start.explicit:
        return "", text
    lines = _lines(text)
    end = start.end_mark
    if lines[end.line][end.column:].strip() and not lines[end.line][end.column:].strip().startswith("#"):
        return "", text  # a node on the marker's line (`--- {a: 1}`): formatted with the rest, if ruamel keeps it
    return "".join(lines[:end.line + 1]), "".join(lines[end.line + 1:])


# Reading and writing with ruamel.yaml ---------------------------------------------------------------------------

class _Emitter(RoundTripEmitter):
    """A plain string that cannot stay plain (a key `:`) is quoted as fmt quotes: double quotes unless it holds a
    double quote. ruamel.yaml would choose single quotes, which the next run would turn into double ones."""

    def choose_scalar_style(self) -> Any:
        style = super().choose_scalar_style()
        if style == "'" and not self.event.style and '"' not in self.event.value:
            return '"'
        return style


def _yaml() -> YAML:
    yaml_rt = YAML(typ="rt")
    yaml_rt.Resolver = CoreResolver
    yaml_rt.Emitter = _Emitter
    yaml_rt.preserve_quotes = True
    yaml_rt.width = WIDTH
    yaml_rt.indent(mapping=2, sequence=4, offset=2)
    return yaml_rt


def _round_trip(text: str) -> str:
    """The document re-emitted in the house indentation, flow mappings in schema order, strings quoted."""
    yaml_rt = _yaml()
    try:
        with warnings.catch_warnings():  # a reused anchor is valid YAML, and stderr is for one-line messages
            warnings.simplefilter("ignore")
            data = yaml_rt.load(text)
    except YAMLError as error:  # the loader read it; ruamel.yaml should too
        mark = getattr(error, "problem_mark", None)
        raise FormatError(f"fmt cannot read this YAML: {str(error).splitlines()[0]}",
                          *((mark.line + 1, mark.column + 1) if mark else (1, 1))) from None
    _order_flow_mappings(data)
    _quote(data)
    keep_anchors(data)
    out = io.StringIO()
    yaml_rt.dump(data, out)
    return out.getvalue()


def _wanted_order(mapping: dict[str, Any], node: dict[str, Any]) -> list[str] | None:
    """The keys of `mapping` in the schema's order (unknown ones last, as they were); None when no change."""
    properties = node.get("properties")
    if not isinstance(properties, dict):
        return None
    keys = list(mapping)
    wanted = [k for k in properties if k in mapping] + [k for k in keys if k not in properties]
    return wanted if wanted != keys else None


def _order_flow_mappings(data: Any) -> None:
    """Flow mappings (`{id: a, label: b}`) are reordered here, in place: they hold no comments to carry along.
    Block mappings are reordered in the text (_order_block_mappings), where comments move with their keys."""
    for _path, value, node in walk(data, load_schema()):
        if isinstance(value, CommentedMap) and value.fa.flow_style():
            for key in _wanted_order(value, node) or ():
                value.move_to_end(key)


# The YAML 1.1 readings that differ from YAML 1.2's for a plain string: PyYAML's own resolver, the spec's y/n
# (some YAML 1.1 tools implement them), and booleans and nulls in any case (some tools compare without case).
_PYYAML_RESOLVER = yaml.resolver.Resolver()
_WORDS = {word.lower() for word in loader.RESOLVABLE_WORDS} | {"~"}
_OTHER_READINGS = re.compile("|".join(f"(?:{p})" for p in loader.RESOLVABLE_SCALAR_PATTERNS))


def misread_by_yaml_1_1(value: str) -> bool:
    """Whether a plain scalar that YAML 1.2 reads as the string `value` means something else to a YAML 1.1 tool."""
    return (value.lower() in _WORDS or _OTHER_READINGS.fullmatch(value) is not None
            or _PYYAML_RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) != loader.STR)


def _restyled(value: Any) -> Any:
    """The string as fmt writes it, or None to keep it as it is."""
    if type(value) is str:  # a plain scalar (ruamel.yaml loads quoted and block scalars as str subclasses)
        return DoubleQuotedScalarString(value) if misread_by_yaml_1_1(value) else None
    if getattr(getattr(value, "anchor", None), "value", None):
        return None  # replacing an anchored string would part it from its aliases
    if isinstance(value, SingleQuotedScalarString) and not re.search(r"[\"\\\n]", value):
        return DoubleQuotedScalarString(value)
    if isinstance(value, DoubleQuotedScalarString) and '"' in value and not re.search(r"[\\'\n]", value) \
            and value.isprintable():
        return SingleQuotedScalarString(value)
    return None


def _not_strings(data: Any) -> set[JsonPath]:
    """Where the schema wants something other than a string (`used: yes` where a boolean belongs): a plain value
    there is left unquoted, so that `check` still says to write true or false rather than quoting a wrong type."""
    paths = set()
    for path, value, node in walk(data, load_schema()):
        kind = node.get("type")
        kinds = kind if isinstance(kind, list) else [kind]
        if type(value) is str and kind is not None and "string" not in kinds:
            paths.add(path)
    return paths


def _quote(data: Any) -> None:
    leave = _not_strings(data)
    stack: list[tuple[JsonPath, Any]] = [((), data)]
    seen: set[int] = set()
    while stack:
        path, node = stack.pop()
        if id(node) in seen:  # an aliased collection is visited once
            continue
        seen.add(id(node))
        if isinstance(node, CommentedMap):
            for key in list(node):
                new_key = _restyled(key)
                if new_key is not None:
                    rename_key(node, key, new_key, node[key])
            children: list[tuple[Any, Any]] = list(node.items())
        elif isinstance(node, CommentedSeq):
            children = list(enumerate(node))
        else:
            continue
        for key, value in children:
            new = None if (*path, key) in leave else _restyled(value)
            if new is not None:
                node[key] = new
            elif isinstance(value, (CommentedMap, CommentedSeq)):
                stack.append(((*path, str(key) if isinstance(node, CommentedMap) else key), value))


# Reordering block mappings in the text ---------------------------------------------------------------------------

@dataclass
class _Node:
    """A node of the event stream: enough to know which lines each key and value occupies."""

    kind: str  # "scalar", "alias", "map" or "seq"
    line: int  # 0-based, where the node starts
    col: int
    end_line: int  # the last line holding its content
    flow: bool = False
    entries: list[tuple[_Node, _Node]] = field(default_factory=list)  # a mapping's keys and values
    items: list[_Node] = field(default_factory=list)  # a sequence's items
    value: str = ""  # a scalar's value


# libyaml's line breaks: marks count lines by these, so the text is split by them too.
_LINE = re.compile(r"[^\r\n\x85\u2028\u2029]*(?:\r\n|[\r\n\x85\u2028\u2029]|$)")
_CHOMPING = re.compile(r"[|>](?:[1-9]?([+-])|([+-])?[1-9]?)")


def _lines(text: str) -> list[str]:
    lines = _LINE.findall(text)
    return lines[:-1] if lines and lines[-1] == "" else lines


def _tree(text: str, lines: list[str]) -> _Node:
    """The document's nodes, from PyYAML's events (libyaml when available, as the loader)."""
    parser_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    parser = parser_class(text)
    try:
        stack: list[_Node] = []
        pending_keys: list[_Node | None] = []
        root: _Node | None = None
        while True:
            event = parser.get_event()
            if isinstance(event, (yaml.StreamStartEvent, yaml.DocumentStartEvent)):
                continue
            if isinstance(event, (yaml.DocumentEndEvent, yaml.StreamEndEvent)):
                break
            start, end = event.start_mark, event.end_mark
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                done = stack.pop()
                pending_keys.pop()
                children = [n for pair in done.entries for n in pair] + done.items
                if done.flow:
                    done.end_line = end.line
                else:
                    done.end_line = max([done.line, *(c.end_line for c in children)])
                node = done
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                kind = "map" if isinstance(event, yaml.MappingStartEvent) else "seq"
                stack.append(_Node(kind, start.line, start.column, start.line, bool(event.flow_style)))
                pending_keys.append(None)
                continue
            elif isinstance(event, yaml.ScalarEvent):
                node = _Node("scalar", start.line, start.column, _scalar_end(event, lines), value=event.value)
            else:  # an alias
                node = _Node("alias", start.line, start.column, end.line)
            if not stack:
                root = node
            elif stack[-1].kind == "seq":
                stack[-1].items.append(node)
            elif pending_keys[-1] is None:
                pending_keys[-1] = node
            else:
                stack[-1].entries.append((pending_keys[-1], node))  # type: ignore[arg-type]
                pending_keys[-1] = None
    finally:
        parser.dispose()
    assert root is not None
    return root


def _scalar_end(event: Any, lines: list[str]) -> int:
    """The last line of a scalar's content. A block scalar's end mark lies past its trailing blank lines, which are
    content only with keep chomping (`|+`); without it they are blank lines between keys."""
    start, end = event.start_mark, event.end_mark
    if event.style not in ("|", ">"):
        return end.line if end.column > 0 or end.line == start.line else end.line - 1
    last = max(start.line, min(end.line - (1 if end.column == 0 else 0), len(lines) - 1))
    header = _CHOMPING.match(lines[start.line], start.column)
    if header and "+" in (header.group(1), header.group(2)):
        return last
    while last > start.line and not lines[last].strip():
        last -= 1
    return last


def _is_gap(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _leading_blanks(block: list[str]) -> int:
    count = 0
    while count < len(block) and not block[count].strip():
        count += 1
    return count


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


class _Arranger:
    def __init__(self, lines: list[str], root: _Node, orders: dict[int, list[str]]) -> None:
        self.lines = lines
        self.root = root  # its opening comments stay at the top of the file
        self.orders = orders  # id of a block mapping node -> its keys in the wanted order

    def arrange(self, node: _Node, lo: int, hi: int) -> list[str]:
        """Lines lo..hi-1, which hold `node` (and comments or keys around it), with every block mapping in them
        in its wanted order."""
        if node.kind == "seq" and not node.flow and node.items:
            cuts = [lo] + [item.line for item in node.items[1:]] + [hi]
            # An item starts on its dash's line: cut there (the dash is left of the item's own column).
            out: list[str] = []
            for item, start, stop in zip(node.items, cuts, cuts[1:], strict=False):
                out += self.arrange(item, start, stop)
            return out
        if node.kind != "map" or node.flow or not node.entries:
            return self.lines[lo:hi]
        return self._arrange_mapping(node, lo, hi)

    def _arrange_mapping(self, node: _Node, lo: int, hi: int) -> list[str]:
        lines = self.lines
        keys = [key for key, _value in node.entries]
        key_col = keys[0].col
        prefix = lines[keys[0].line][:key_col]  # a list item's dash ("  - "), or spaces
        dashed = prefix.strip() != ""
        # Where each entry starts: its key's line, with the comments and blank lines directly above it.
        starts = []
        for i, key in enumerate(keys):
            start = key.line
            if i == 0 and (dashed or node is self.root):
                starts.append(start)  # a dash line; or the top of the file, whose comments stay at the top
                continue
            floor = node.entries[i - 1][1].end_line + 1 if i else lo
            while start - 1 >= floor and _is_gap(lines[start - 1]) and not (
                    lines[start - 1].strip() and _indent(lines[start - 1]) > key_col):
                start -= 1
            starts.append(start)
        content_end = node.entries[-1][1].end_line + 1
        bounds = [*starts[1:], content_end]
        blocks = [self.arrange(value, start, stop)
                  for (_key, value), start, stop in zip(node.entries, starts, bounds, strict=True)]
        order = self.orders.get(id(node))
        if order is not None:
            position = {key.value: i for i, key in enumerate(keys)}
            wanted = [position[k] for k in order]
            if dashed and wanted[0] != 0:
                blocks = self._move_dash(blocks, keys, starts, wanted[0], prefix, key_col)
            # Blank lines that open an entry separate it from the one before: they stay where they were, so the
            # groups keep their sizes, while comments travel with the key below them.
            separators = [block[:_leading_blanks(block)] for block in blocks]
            blocks = [separators[at] + blocks[i][_leading_blanks(blocks[i]):] for at, i in enumerate(wanted)]
        return lines[lo:starts[0]] + [line for block in blocks for line in block] + lines[content_end:hi]

    @staticmethod
    def _move_dash(blocks: list[list[str]], keys: list[_Node], starts: list[int], first: int, prefix: str,
                   key_col: int) -> list[list[str]]:
        """A list item's dash moves to the key that becomes first; that key's comments go above the dash."""
        blocks = [list(block) for block in blocks]
        old = blocks[0]
        old[0] = " " * key_col + old[0][key_col:]
        new = blocks[first]
        at = keys[first].line - starts[first]
        if new[at][:key_col].strip():  # keys of one block mapping share a column; anything else is not ours
            raise FormatError("fmt cannot reorder the keys of this list item", keys[first].line + 1,
                              keys[first].col + 1)
        new[at] = prefix + new[at][key_col:]
        dash_col = len(prefix) - len(prefix.lstrip(" "))
        for i in range(at):  # the comments now above the dash are indented as the dash is
            if new[i].strip():
                new[i] = " " * dash_col + new[i].lstrip(" ")
        return blocks


def _order_block_mappings(text: str, limits: Limits) -> str:
    """Block mappings put in schema order by moving whole lines: a key's value, the comments and blank lines above
    it, and its end-of-line comments travel together, and no line is rewritten but a list item's dash."""
    data = loader.parse(text, "<fmt>", limits).data
    wanted: dict[JsonPath, list[str]] = {}
    for path, value, node in walk(data, load_schema()):
        if isinstance(value, dict):
            order = _wanted_order(value, node)
            if order is not None:
                wanted[path] = order
    if not wanted:
        return text
    lines = _lines(text)
    root = _tree(text, lines)
    orders: dict[int, list[str]] = {}
    stack: list[tuple[JsonPath, _Node]] = [((), root)]
    while stack:
        path, node = stack.pop()
        if node.kind == "map":
            if path in wanted and not node.flow:
                orders[id(node)] = wanted[path]
            stack.extend(((*path, key.value), value) for key, value in node.entries)
        elif node.kind == "seq":
            stack.extend(((*path, i), item) for i, item in enumerate(node.items))
    if not orders:
        return text
    return "".join(_Arranger(lines, root, orders).arrange(root, 0, len(lines)))


# Refusing and verifying ------------------------------------------------------------------------------------------

def _refuse_tags(text: str) -> None:
    """Explicit tags (`!!str 12`, `!`) are refused: ruamel.yaml writes some back in other forms, and a quote says
    the same more plainly."""
    parser_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    parser = parser_class(text)
    try:
        while True:
            event = parser.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return
            tag = getattr(event, "tag", None)  # set only when the text gives one
            if tag is not None:
                mark = event.start_mark
                short = "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag
                raise FormatError(f"fmt does not format explicit tags ({short}); quote the value instead",
                                  mark.line + 1, mark.column + 1)
    finally:
        parser.dispose()


class _CommentScanner(Reader, Scanner):  # type: ignore[misc]
    """PyYAML's scanner, noting each comment it skips: (line, text)."""

    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        self.comments: list[tuple[int, str]] = []

    def _skip_comment(self) -> None:
        if self.peek() == "#":
            length = 0
            while self.peek(length) not in "\0\r\n\x85\u2028\u2029":
                length += 1
            self.comments.append((self.line + 1, self.prefix(length).rstrip()))
            self.forward(length)

    def scan_to_next_token(self) -> None:  # as PyYAML's, but noting comments
        if self.index == 0 and self.peek() == "\ufeff":
            self.forward()
        while True:
            while self.peek() == " ":
                self.forward()
            self._skip_comment()
            if self.scan_line_break():
                if not self.flow_level:
                    self.allow_simple_key = True
            else:
                return

    def scan_block_scalar_ignored_line(self, start_mark: Any) -> None:  # as PyYAML's, but noting comments
        while self.peek() == " ":
            self.forward()
        self._skip_comment()
        ch = self.peek()
        if ch not in "\0\r\n\x85\u2028\u2029":
            raise ScannerError("while scanning a block scalar", start_mark,
                               f"expected a comment or a line break, but found {ch!r}", self.get_mark())
        self.scan_line_break()

    def scan_directive_ignored_line(self, start_mark: Any) -> None:  # as PyYAML's, but noting comments
        while self.peek() == " ":
            self.forward()
        self._skip_comment()
        ch = self.peek()
        if ch not in "\0\r\n\x85\u2028\u2029":
            raise ScannerError("while scanning a directive", start_mark,
                               f"expected a comment or a line break, but found {ch!r}", self.get_mark())
        self.scan_line_break()


def comments(text: str) -> list[tuple[int, str]]:
    """Every comment of a YAML text: (line, text from # to the end of the line, trailing spaces dropped)."""
    scanner = _CommentScanner(text)
    while scanner.check_token():
        scanner.get_token()
    return scanner.comments


def _canonical_data(data: Any) -> str:
    # Strict: 1, 1.0 and true differ here, though Python's == takes them as equal.
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def _verify(before: loader.LoadedDocument, formatted: str, limits: Limits) -> None:
    """Refuse a result that reads differently or lost a comment (a bug in fmt or ruamel.yaml, never written)."""
    try:
        after = loader.parse(formatted, "<fmt>", limits)
    except InputError as error:
        alias = re.search(r"undefined alias '(.*)'", error.message)
        if alias:  # schema order would put an alias before its anchor
            line, col = _alias_position(before.text, alias[1])
            raise FormatError(f"fmt cannot put the keys in schema order: the alias *{alias[1]} would come before "
                              f"its anchor &{alias[1]}; write the value out", line, col) from None
        raise FormatError(f"fmt cannot format this document safely (the result would not load: {error.message})"
                          ) from None
    try:
        _refuse_tags(formatted)
    except FormatError:  # ruamel.yaml wrote one (`!!null ""` for an anchored empty value): the next run would refuse
        raise FormatError("fmt cannot format this document safely (the result would hold an explicit tag; an "
                          "anchored empty value?)") from None
    if _canonical_data(after.data) != _canonical_data(before.data):
        path, line, col = _first_difference(before.data, after.data, before)
        raise FormatError(f"fmt cannot keep the value at {path} unchanged; the file is left as it is", line, col)
    try:
        original, kept = comments(before.text), comments(formatted)
    except yaml.YAMLError as error:  # PyYAML's Python scanner refused what libyaml read
        raise FormatError(f"fmt cannot read the comments of this file: {str(error).splitlines()[0]}") from None
    lost = Counter(c for _line, c in original) - Counter(c for _line, c in kept)
    if lost:
        line = next(n for n, c in original if c in lost)
        raise FormatError("fmt cannot keep this comment in place; the file is left as it is", line, 1)


def _alias_position(text: str, anchor: str) -> tuple[int, int]:
    parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        for event in iter(parser.get_event, None):
            if isinstance(event, yaml.AliasEvent) and event.anchor == anchor:
                return event.start_mark.line + 1, event.start_mark.column + 1
            if isinstance(event, yaml.StreamEndEvent):
                break
    finally:
        parser.dispose()
    return 1, 1


def _first_difference(old: Any, new: Any, doc: loader.LoadedDocument) -> tuple[str, int, int]:
    from policylint.findings import format_json_path

    stack: list[tuple[JsonPath, Any, Any]] = [((), old, new)]
    while stack:
        path, a, b = stack.pop()
        if isinstance(a, dict) and isinstance(b, dict) and set(a) == set(b):
            stack.extend(((*path, k), a[k], b[k]) for k in a)
        elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
            stack.extend(((*path, i), x, y) for i, (x, y) in enumerate(zip(a, b, strict=True)))
        elif _canonical_data(a) != _canonical_data(b):
            line, col = doc.position(path)
            return format_json_path(path), line, col
    return "$", 1, 1


# `policylint check --fix` ----------------------------------------------------------------------------------------

def quote_yaml_1_1_strings(text: str, targets: set[tuple[int, int]], limits: Limits | None = None) -> tuple[str, int]:
    """`text` with the plain strings at `targets` (1-based line and column of PL160 findings) double-quoted, and how
    many were: the one fix that is certain, since the value stays the string YAML 1.2 reads and becomes the string
    YAML 1.1 tools read too. A number YAML 1.1 reads otherwise (`012`) is left: quoting would change the value; so
    is a word where the schema wants a boolean (`used: yes`).
    Nothing else in the text changes."""
    limits = limits or Limits()
    doc = loader.parse(text, "<fix>", limits)
    lines = text.splitlines(keepends=True)
    edits = []
    leave = _not_strings(doc.data)  # `used: yes` for a boolean: true is meant, which is not certain enough
    for path, (line, col), _message in doc.yaml_1_1_differences:
        value: Any = doc.data
        for part in path:
            value = value[part]
        if (line, col) in targets and isinstance(value, str) and path not in leave:
            edits.append((line, col, value))
    for line, col, value in sorted(edits, reverse=True):  # right to left: earlier columns stay where they are
        current = lines[line - 1]
        if current[col - 1:col - 1 + len(value)] != value:  # not written as it reads: leave it
            continue
        lines[line - 1] = f'{current[:col - 1]}"{value}"{current[col - 1 + len(value):]}'
    fixed = "".join(lines)
    if fixed == text:
        return text, 0
    after = loader.parse(fixed, "<fix>", limits)
    if _canonical_data(after.data) != _canonical_data(doc.data):  # a bug, never written
        return text, 0
    return fixed, len(doc.yaml_1_1_differences) - len(after.yaml_1_1_differences)
