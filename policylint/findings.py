"""What a check reports: findings (exit 1) and input errors (exit 2), with the codes of the built-in checks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

JsonPath = tuple[str | int, ...]

# Shown as escapes wherever policylint prints text from a file: control characters and line separators (a line built
# from hostile input stays one inert line); bidirectional controls and invisible characters (they can show a name
# reversed or hide part of it: CVE-2021-42574); lone surrogates (a file name that is not UTF-8, which a strict UTF-8
# stream refuses to write). Zero-width joiners stay: scripts and emoji need them, and they reorder nothing.
_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060\u2066-\u2069"
                          "\ufeff\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as Python decodes file names (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 256 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with every character of _UNPRINTABLE shown as an escape, so that it prints as one inert line."""
    return _UNPRINTABLE.sub(_escape, text)


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Check:
    """A built-in check that is not a policy rule: loading, schema validation, evidence."""

    code: str
    name: str
    summary: str


# Input errors (PL0xx): the file cannot be checked at all; exit 2.
YAML_SYNTAX = Check("PL001", "yaml-syntax", "The file is not well-formed YAML.")
DUPLICATE_KEY = Check("PL002", "duplicate-key", "A mapping has the same key twice.")
FORBIDDEN_TAG = Check("PL003", "forbidden-tag", "A node has a tag other than the core ones (str, int, float, bool...).")
NOT_JSON_DATA = Check("PL004", "not-json-data", "The YAML holds what JSON cannot: a non-string key, NaN, a merge key.")
ALIAS_LIMIT = Check("PL005", "alias-limit", "Aliases expand past the limit or refer to themselves.")
ENCODING = Check("PL006", "encoding", "The file is not UTF-8 text.")
NOT_ONE_DOCUMENT = Check("PL007", "not-one-document", "The file is empty or holds several YAML documents.")
UNREADABLE = Check("PL008", "unreadable", "The file cannot be read.")
TOO_DEEP = Check("PL009", "too-deep", "The document nests deeper than the limit.")
TOO_LARGE = Check("PL010", "too-large", "The file is larger than the size limit.")
NOT_A_MAPPING = Check("PL011", "not-a-mapping", "The document is a list or a single value, not a mapping.")

# Schema findings (PL1xx): the document does not conform to the published schema.
SCHEMA_OTHER = Check("PL100", "schema-violation", "The document breaks a schema constraint.")
UNKNOWN_KEY = Check("PL101", "unknown-key", "A mapping has a key the schema does not define.")
MISSING_KEY = Check("PL102", "missing-key", "A mapping lacks a key the schema requires.")
WRONG_TYPE = Check("PL103", "wrong-type", "A value has the wrong type.")
INVALID_VALUE = Check("PL104", "invalid-value", "A value is not one of those the schema allows.")
INVALID_FORMAT = Check("PL105", "invalid-format", "A string does not have the form the schema requires.")
OUT_OF_RANGE = Check("PL106", "out-of-range", "A value, string or list is too small or too large.")
OUTDATED_SCHEMA = Check("PL107", "outdated-schema-version",
                        "The document is written against schema 1; `policylint migrate` upgrades it to schema 2.")

# Evidence findings (PL15x): the encoding's quotes do not match its source text.
SOURCE_MISSING = Check("PL150", "source-missing", "The source text named in `source.path` cannot be read.")
SOURCE_CHANGED = Check("PL151", "source-changed", "The source text's SHA-256 differs from `source.sha256`.")
EVIDENCE_NOT_FOUND = Check("PL152", "evidence-not-found", "An evidence quote does not occur in the source text.")
MISSING_EVIDENCE = Check("PL153", "missing-evidence", "A claim has no evidence although the document names a source.")

# YAML portability (PL16x): valid YAML 1.2 that other YAML tools read differently.
YAML_1_1_DIFFERENCE = Check("PL160", "yaml-1-1-difference",
                            "A plain value that YAML 1.1 tools read differently (yes, on, 012, an unquoted date).")

# Suppression findings (PL18x): comments that suppress, wrongly or for nothing.
UNUSED_SUPPRESSION = Check("PL180", "unused-suppression", "A suppression comment suppresses no finding.")
SUPPRESSION_WITHOUT_REASON = Check("PL181", "suppression-without-reason", "A suppression comment gives no reason.")
UNKNOWN_SUPPRESSED_CODE = Check("PL182", "unknown-suppressed-code", "A suppression comment names an unknown code.")

BUILTIN_CHECKS: tuple[Check, ...] = (
    YAML_SYNTAX, DUPLICATE_KEY, FORBIDDEN_TAG, NOT_JSON_DATA, ALIAS_LIMIT, ENCODING, NOT_ONE_DOCUMENT, UNREADABLE,
    TOO_DEEP, TOO_LARGE, NOT_A_MAPPING,
    SCHEMA_OTHER, UNKNOWN_KEY, MISSING_KEY, WRONG_TYPE, INVALID_VALUE, INVALID_FORMAT, OUT_OF_RANGE, OUTDATED_SCHEMA,
    SOURCE_MISSING, SOURCE_CHANGED, EVIDENCE_NOT_FOUND, MISSING_EVIDENCE,
    YAML_1_1_DIFFERENCE,
    UNUSED_SUPPRESSION, SUPPRESSION_WITHOUT_REASON, UNKNOWN_SUPPRESSED_CODE,
)


# The most other places one finding names (the message counts the rest): output stays linear in the findings.
MAX_RELATED = 8


@dataclass(frozen=True)
class Finding:
    """Something wrong with a policy document, at one place in one file."""

    file: str
    line: int
    col: int
    code: str
    name: str
    message: str
    severity: Severity = Severity.ERROR
    json_path: JsonPath = field(default=())
    # Other places the message refers to (the other side of a contradiction): (json path, line, col).
    related: tuple[tuple[JsonPath, int, int], ...] = field(default=())
    # The node named by ids rather than list positions ($.recipients[couriers]), for fingerprints.
    anchor: str = ""

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.col, self.code, self.message)


class InputError(Exception):
    """A file that cannot be checked: one line for the user, exit status 2."""

    def __init__(self, check: Check, message: str, line: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.check = check
        self.message = message
        self.line = line
        self.col = col


def format_json_path(path: JsonPath) -> str:
    """`$.purposes[3].legal_bases[0]`; keys that are not identifiers are quoted: `$['a b']`."""
    parts = ["$"]
    for part in path:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        elif part.isidentifier():
            parts.append(f".{part}")
        else:
            parts.append("['" + part.replace("\\", "\\\\").replace("'", "\\'") + "']")
    return "".join(parts)
