"""The fast path of loading: a policy's data from a compiled YAML 1.2 parser, with positions found only when asked.

Positions are what make the main loader (`loader`) slow: it spends about 4 ms on a 335-line policy handing libyaml's
1,000 events to Python to record where every node is. Only findings need positions, and most policies in a bulk run
have none. yaml-rs (Rust) builds the same data in about 0.5 ms, without positions.

The fast path takes a file only when nothing in it is read differently by the two parsers or reported by the main
loader: a screen over the text refuses tabs, control characters, escapes, anchors, aliases, tags, merge keys,
directives, document markers, suppression comments, plain values that YAML 1.1 reads differently (PL160), numbers
other than plain integers, and more nesting or nodes than the limits allow. Anything else goes to the main loader.

A document from the fast path finds its positions the first time one is asked for (to report a finding), by running
the main loader on the same text. If that reading differs in any way, `Mismatch` is raised and the caller checks
the file again from the main loader's reading, so a finding is never reported from data the main loader would not
have produced. `tests/test_fast_loader.py` compares the two readings on generated and mutated YAML.
"""

from __future__ import annotations

import re
from typing import Any

from policylint import loader
from policylint.findings import InputError, JsonPath
from policylint.loader import Limits, LoadedDocument, Position

try:
    import yaml_rs
except ImportError:  # a platform without a yaml-rs wheel: every file takes the main loader
    yaml_rs = None

# yaml-rs recurses once per level of nesting and overflows the stack at about 10,000 levels. Every level needs one
# of these characters, so their count bounds the depth; well-formed policies nest about eight levels.
_NESTING_CHARACTERS = "[{-:?"
MAX_NESTING_CHARACTERS = 2_000

# Characters the fast path leaves to the main loader: control characters, tabs, carriage returns, DEL and C1 controls
# (NEL among them), the Unicode line separators libyaml reads as line breaks, byte order marks, non-characters, and
# backslashes (escapes, which the two parsers might read differently).
_SCREENED_CHARACTERS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\\]")
# Where libyaml (YAML 1.1) and yaml-rs (YAML 1.2) read indicators differently. `?`, `:`, `|` and `>` starting a plain
# scalar in a flow collection ([?x], {a: :x}, {a: |\n}) are refused in the data: a key or value starting with one of
# them. The text is searched for the rest: an empty value before a flow separator ([x:], {a: # note\n}), a colon
# before `?` or `:` ([a:?], which libyaml refuses), and a line that starts with `:` (a key over two lines in a flow
# mapping, or an explicit value).
_EMPTY_FLOW_VALUE = re.compile(r":[ \n]*(?:#.*\n[ \n]*)*[?:,\]}]")
_COLON_FIRST = re.compile(r"\n *:")
_INDICATOR_FIRST = frozenset("|>?:")
# yaml-rs reads a long run of digits as an integer in quadratic time: 10 MB take minutes, 100 KB 15 ms. Files
# larger than that are searched for runs of 20 digits, which no policy has.
_LONG_NUMBER = re.compile(r"[0-9][0-9]{19}")
_LONG_NUMBER_SEARCHED_FROM = 100_000
_MAX_PROPERTY_CHARACTERS = 1_000  # &, *, ! and ? to look at one by one
_SCREENED_TEXT = ("<<", "policylint:", "\n%", "\n---", "\n...")  # merge keys, suppressions, directives, markers

# A scalar YAML 1.2 (the core schema) or YAML 1.1 reads as something other than a string: the main loader resolves
# it, or reports it (PL160), when it is plain. The fast path takes it only when every time it appears it is quoted.
_RESOLVABLE = re.compile("|".join(f"(?:{pattern})" for pattern in loader.RESOLVABLE_SCALAR_PATTERNS))
_RESOLVABLE_FIRST = frozenset("+-.0123456789")
_RESOLVABLE_WORDS = loader.RESOLVABLE_WORDS
# Integers the two parsers, or YAML 1.1, read differently from a plain decimal: 012, 0o12, 0x0C, 0X0C, 0b1100, +12,
# 1_2, _12. Looked for only when the data holds an integer. A plain scalar never starts right after a word character, a
# quote, a slash or a sign, which keeps dates, URLs and quoted values out.
_UNUSUAL_INTEGER = re.compile(r"(?<![\w.\"'/+-])[-+]?0[0-9a-zA-Z_]|(?<![\w.\"'/+-])\+[0-9]|[0-9]_|_[0-9]")
_LARGEST_INTEGER = 2**63
_SEARCH_BUDGET = 50_000_000  # characters searched for values that must not appear plain: about 20 ms


class Mismatch(Exception):
    """The main loader, run for positions, read the file differently from the fast path: its reading stands."""


def load(raw: bytes, display_path: str, limits: Limits) -> LoadedDocument | None:
    """The document, with positions to be found when first asked for; None when the main loader must read it."""
    if yaml_rs is None or raw.startswith(b"\xef\xbb\xbf"):
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    # Without a final line break, the two parsers end a block scalar differently.
    if not text.endswith("\n") or not _plain_text(text, limits):
        return None
    try:
        data = yaml_rs.loads(text, parse_datetime=False)
    except Exception:  # a syntax error or a duplicate key: the main loader says where
        return None
    if data.__class__ is not dict or not _plain_data(data, text, limits):
        return None
    return UnpositionedDocument(display_path, text, data, limits)


def _plain_text(text: str, limits: Limits) -> bool:
    nesting = sum(text.count(c) for c in _NESTING_CHARACTERS)
    # Every node but the root hangs from one of these characters or a comma, and none from more than two (a key and
    # its value), which bounds the node count without counting.
    if nesting > MAX_NESTING_CHARACTERS or 2 * (nesting + text.count(",")) + 1 > limits.max_nodes:
        return False
    if text.startswith(("%", "---", "...")) or any(s in text for s in _SCREENED_TEXT):
        return False
    if len(text) > _LONG_NUMBER_SEARCHED_FROM and _LONG_NUMBER.search(text):
        return False
    return not (_SCREENED_CHARACTERS.search(text) or _EMPTY_FLOW_VALUE.search(text) or _COLON_FIRST.search(text)
                or _node_property(text))


def _node_property(text: str) -> bool:
    """Whether an anchor (&), alias (*), tag (!) or explicit key (? ) may start a node: after a line's indentation,
    an indicator or a flow bracket. Inside a scalar ("Terms & Conditions", "Why? Because") they are text; a few such
    cases only send a file the slow way."""
    if sum(text.count(c) for c in "&*!?") > _MAX_PROPERTY_CHARACTERS:
        return True  # looking at each would cost more than the main loader
    for character in "&*!?":
        at = text.find(character)
        while at >= 0:
            before = at - 1
            while before >= 0 and text[before] == " ":
                before -= 1
            at_node_start = before < 0 or text[before] in "\n-?:[{,"
            if at_node_start and (character != "?" or text[at + 1 : at + 2] in (" ", "\n", "")):
                return True
            at = text.find(character, at + 1)
    return False


def _plain_data(data: dict[Any, Any], text: str, limits: Limits) -> bool:
    """Whether the data is what the main loader would read from the text: keys that are strings on one line, no
    floats, integers only as plain decimals, no more nesting than the limit, and quoted wherever a plain scalar would
    be read as something other than a string."""
    has_integer = False
    candidates = []
    stack: list[tuple[Any, int]] = [(data, 0)]  # a mapping or sequence, and the length of its path
    while stack:
        node, depth = stack.pop()
        is_map = node.__class__ is dict
        for key, value in (node.items() if is_map else enumerate(node)):
            # A key with a space or a line break may be a key over two lines in a flow mapping, which libyaml refuses.
            if is_map and (key.__class__ is not str or " " in key or "\n" in key or key[:1] in _INDICATOR_FIRST):
                return False
            kind = value.__class__
            if kind is str:
                if value[:1] == "\n" and not value.strip("\n"):
                    return False  # an empty block scalar, which yaml-rs reads as "\n" and libyaml as ""
                if value[:1] in _INDICATOR_FIRST:
                    return False
                if (value[:1] in _RESOLVABLE_FIRST or value in _RESOLVABLE_WORDS) and _RESOLVABLE.fullmatch(value):
                    candidates.append(value)
            elif kind is dict or kind is list:
                if depth + 1 >= limits.max_depth:
                    return False
                stack.append((value, depth + 1))
            elif kind is int:
                if not -_LARGEST_INTEGER <= value <= _LARGEST_INTEGER:
                    return False  # the main loader refuses numbers too long to read; no policy needs one this large
                has_integer = True
            elif kind is not bool and value is not None:
                return False  # a float: the schema has none, and 1e3 or .inf are where parsers differ
    if has_integer and _UNUSUAL_INTEGER.search(text):
        return False
    # A plain scalar starts where a node can start and ends where a plain scalar ends, so a value found nowhere with
    # such bounds (only in quotes, or inside longer text) was never plain. A value with a space may have been a plain
    # scalar folded over two lines, which appears nowhere as such.
    distinct = set(candidates)
    if len(distinct) * len(text) > _SEARCH_BUDGET:
        return False
    return not any(" " in value or _appears_plain(value, text) for value in distinct)


def _appears_plain(value: str, text: str) -> bool:
    """Whether `value` appears in the text where a whole plain scalar could be."""
    at, end = text.find(value), len(value)
    while at >= 0:
        before, after = text[at - 1 : at] if at else "\n", text[at + end : at + end + 1]
        if (before.isspace() or before in "[{,:") and (not after or after.isspace() or after in ",]}#:"):
            return True
        at = text.find(value, at + 1)
    return False


class UnpositionedDocument(LoadedDocument):
    """A document from the fast path. Its position tables are not attributes until first asked for: then
    `__getattr__` runs the main loader on the text and keeps its positions, or raises Mismatch."""

    def __init__(self, path: str, text: str, data: Any, limits: Limits) -> None:
        self.path, self.text, self.data = path, text, data
        self.yaml_1_1_differences = []  # the screen refuses every value YAML 1.1 reads differently
        self._limits = limits

    @property
    def located(self) -> bool:
        """Whether the main loader has been run for positions."""
        return "positions" in vars(self)

    def __getattr__(self, name: str) -> Any:
        if name not in ("positions", "key_positions", "text_spans"):
            raise AttributeError(name)
        try:
            located = loader.parse(self.text, self.path, self._limits)
        except InputError:
            raise Mismatch(f"{self.path}: the main loader refuses what the fast path read") from None
        if located.yaml_1_1_differences or not same_data(located.data, self.data):
            raise Mismatch(f"{self.path}: the main loader reads other data than the fast path")
        self.positions: dict[JsonPath, Position] = located.positions
        self.key_positions: dict[JsonPath, Position] = located.key_positions
        self.text_spans: list[tuple[Position, Position]] = located.text_spans
        return getattr(self, name)


def same_data(first: Any, second: Any) -> bool:
    """Equal, types and key order included (in Python 1 == 1.0 == True, and {"a": 1, "b": 2} == {"b": 2, "a": 1}).

    The reprs of plain data differ wherever the data do, and are built in C: ten times faster than a walk."""
    return repr(first) == repr(second)
