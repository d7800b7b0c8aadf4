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
    # What it means and how to fix it: `policylint rule CODE`, docs/rules.md and SARIF's help text say it.
    explanation: str = ""
    severity: Severity = Severity.ERROR


# The schema reference that schema findings point to (relative to the repository's top).
SCHEMA_DOCS = "docs/schema.md"

# Input errors (PL0xx): the file cannot be checked at all; exit 2.
YAML_SYNTAX = Check(
    "PL001", "yaml-syntax", "The file is not well-formed YAML.",
    "The YAML parser stopped at the line and column given: usually a tab used for indentation, an unclosed bracket "
    "or quote, or a key indented differently from its siblings. Nothing else is checked until the file parses. Fix "
    "the YAML there (an editor with the YAML language server shows the same error as you type).")
DUPLICATE_KEY = Check(
    "PL002", "duplicate-key", "A mapping has the same key twice.",
    "YAML tools disagree on a repeated key (some keep the first value, some the last, some refuse the file), so "
    "policylint refuses it. Merge the two entries into one, or rename the one that was meant to be another key.")
FORBIDDEN_TAG = Check(
    "PL003", "forbidden-tag", "A node has a tag other than the core ones (str, int, float, bool...).",
    "A policy is data: only YAML's core tags (!!str, !!int, !!float, !!bool, !!null, !!map, !!seq) are read. A "
    "language tag such as !!python/object is refused, never executed. Remove the tag, or write the value as plain "
    "YAML.")
NOT_JSON_DATA = Check(
    "PL004", "not-json-data", "The YAML holds what JSON cannot: a non-string key, NaN, a merge key.",
    "The schema is a JSON Schema, so a policy must be JSON data written as YAML: keys are strings (quote a key "
    "such as 2024 or true), numbers are finite (no .nan or .inf), and merge keys (<<) are not used (write the "
    "merged keys out).")
ALIAS_LIMIT = Check(
    "PL005", "alias-limit", "Aliases expand past the limit or refer to themselves.",
    "Anchors and aliases (&name, *name) can make a small file expand to a huge document (a 'billion laughs'), so "
    "their expansion is limited (max-alias-nodes in the configuration, 10,000 nodes by default) and an alias may "
    "not refer to a node that contains it. Write the repeated values out, or raise the limit for a file you trust.")
ENCODING = Check(
    "PL006", "encoding", "The file is not UTF-8 text.",
    "Policies are read as UTF-8 only. A UTF-16 file, a file in a legacy encoding (Latin-1, Windows-1252) or a "
    "binary file with NUL bytes is refused at the first byte that is not UTF-8. Save the file as UTF-8.")
NOT_ONE_DOCUMENT = Check(
    "PL007", "not-one-document", "The file is empty or holds several YAML documents.",
    "A policy file holds exactly one YAML document: an empty file or one of comments only has none, and a file with "
    "several documents separated by '---' has more than one. Put each policy in a file of its own.")
UNREADABLE = Check(
    "PL008", "unreadable", "The file cannot be read.",
    "The path names no regular file that policylint may read: it is missing, a directory, a device or pipe, not "
    "readable with your permissions, a broken symbolic link or a loop, or a link that leads out of the repository. "
    "Check the path given on the command line or in the configuration.")
TOO_DEEP = Check(
    "PL009", "too-deep", "The document nests deeper than the limit.",
    "The schema nests about ten levels; a document nesting deeper than 64 is refused before it can exhaust the "
    "parser's stack. Something is likely indented wrongly, or the file is not a policy.")
TOO_LARGE = Check(
    "PL010", "too-large", "The file is larger than the size limit.",
    "A file over 10 MiB (max-file-bytes in the configuration, --max-file-bytes on the command line) is refused "
    "before it is read, and a document of more than 100,000 keys and values (max-nodes) while it is read, so that "
    "a hostile file costs bounded time and memory. Raise the limit for a policy you trust that is really that "
    "large.")
NOT_A_MAPPING = Check(
    "PL011", "not-a-mapping", "The document is a list or a single value, not a mapping.",
    "A policy is a mapping of top-level keys (schema_version, document, organisation, ...). A document that is a "
    "list or a single value cannot be one: start from the keys the schema requires.")

_SCHEMA_HELP = (f" The schema reference, {SCHEMA_DOCS}, lists every object's keys with their types and allowed "
                "values; the message names the place (a path such as $.purposes[0].legal_bases[1]) and what is "
                "allowed there.")

# Schema findings (PL1xx): the document does not conform to the published schema.
SCHEMA_OTHER = Check(
    "PL100", "schema-violation", "The document breaks a schema constraint.",
    "A constraint of the schema that has no code of its own is broken at the place given: a value that must match "
    "exactly one of several shapes (oneOf, anyOf), or a condition on other keys (if/then, not)." + _SCHEMA_HELP)
UNKNOWN_KEY = Check(
    "PL101", "unknown-key", "A mapping has a key the schema does not define.",
    "Every object of the schema is closed: a key it does not define is a typo or a field of another object, and "
    "would otherwise be ignored silently. The message suggests the nearest allowed key and lists those allowed "
    "there." + _SCHEMA_HELP)
MISSING_KEY = Check(
    "PL102", "missing-key", "A mapping lacks a key the schema requires.",
    "The object at the place given lacks a key it requires; the message says what the key holds (its type and "
    "description, or its allowed values). Add it." + _SCHEMA_HELP)
WRONG_TYPE = Check(
    "PL103", "wrong-type", "A value has the wrong type.",
    "The value has a type the schema does not allow there: a string where a list is wanted, a number where a "
    "string is, a mapping where a single value is. In YAML, quote a value that must stay a string (\"2.0\", "
    "\"no\")." + _SCHEMA_HELP)
INVALID_VALUE = Check(
    "PL104", "invalid-value", "A value is not one of those the schema allows.",
    "The value is not in the schema's list of allowed values for that key (an enum). The message suggests the "
    "nearest allowed value and lists them all." + _SCHEMA_HELP)
INVALID_FORMAT = Check(
    "PL105", "invalid-format", "A string does not have the form the schema requires.",
    "The string does not match the form the schema gives it: a date (2024, 2024-05 or 2024-05-24), an e-mail "
    "address, a URL, an ISO 3166 country code (GB), an ISO 8601 duration (P1Y), an id of lowercase letters, digits "
    "and hyphens." +
    _SCHEMA_HELP)
OUT_OF_RANGE = Check(
    "PL106", "out-of-range", "A value, string or list is too small or too large.",
    "A number is below its minimum or above its maximum, a string is empty or too long, or a list has fewer or "
    "more items than the schema allows (an empty list where at least one item is needed), or a list that must hold "
    "each item once repeats one." + _SCHEMA_HELP)
OUTDATED_SCHEMA = Check(
    "PL107", "outdated-schema-version",
    "The document is written against schema 1; `policylint migrate` upgrades it to schema 2.",
    "The document's schema_version is 1.x. Schema 2 renamed and restructured several keys; `policylint migrate "
    "FILE` rewrites the file in place (keeping comments and layout) and says what it changed." + _SCHEMA_HELP)

# Evidence findings (PL15x): the encoding's quotes do not match its source text.
SOURCE_MISSING = Check(
    "PL150", "source-missing", "The source text named in `source.path` cannot be read.",
    "A policy encoded from a published text names that text in source.path, relative to the policy's folder (or "
    "under a folder named in source-roots in the configuration). The file cannot be read, so the evidence quotes "
    "are not checked. Correct the path, or add the source text.")
SOURCE_CHANGED = Check(
    "PL151", "source-changed", "The source text's SHA-256 differs from `source.sha256`.",
    "The source text has changed since the policy was encoded from it, so the encoding may no longer say what the "
    "text says. Check the evidence quotes and the claims against the new text, then update source.sha256 to the "
    "hash the message gives.")
EVIDENCE_NOT_FOUND = Check(
    "PL152", "evidence-not-found", "An evidence quote does not occur in the source text.",
    "Every evidence quote must be copied verbatim from the source text (whitespace and typographic quotes are "
    "normalised). A quote that does not occur there was mistyped or paraphrased, or the text has changed. Copy the "
    "quote from the source again.")
MISSING_EVIDENCE = Check(
    "PL153", "missing-evidence", "A claim has no evidence although the document names a source.",
    "A document that names its source text backs each claim with an evidence quote from it, so a reviewer can "
    "check the encoding against the text. Add the sentence of the source the claim is read from.")

# YAML portability (PL16x): valid YAML 1.2 that other YAML tools read differently.
YAML_1_1_DIFFERENCE = Check(
    "PL160", "yaml-1-1-difference",
    "A plain value that YAML 1.1 tools read differently (yes, on, 012, an unquoted date).",
    "policylint reads YAML 1.2, where yes, on and no are strings, 012 is twelve and 2024-05-24 is a string. Many "
    "YAML tools (PyYAML, older libraries) read YAML 1.1, where they are booleans, an octal number and a date. Quote "
    "the value so that every tool reads the same thing.", Severity.WARNING)

# Suppression findings (PL18x): comments that suppress, wrongly or for nothing.
UNUSED_SUPPRESSION = Check(
    "PL180", "unused-suppression", "A suppression comment suppresses no finding.",
    "A `# policylint: ignore[CODE] reason: ...` comment suppresses that code on the node it is on and everything "
    "under it. This one suppresses nothing there (the finding was fixed, or the comment is on the wrong line): "
    "remove it or move it.", Severity.WARNING)
SUPPRESSION_WITHOUT_REASON = Check(
    "PL181", "suppression-without-reason", "A suppression comment gives no reason.",
    "A suppression must say why the finding does not apply, so that a reviewer can judge it: write "
    "`# policylint: ignore[CODE] reason: why`. It suppresses nothing until it does.", Severity.WARNING)
UNKNOWN_SUPPRESSED_CODE = Check(
    "PL182", "unknown-suppressed-code", "A suppression comment names an unknown code.",
    "The code in ignore[...] is no rule's or check's code: a typo, or a rule that was removed. `policylint rule "
    "--all` lists the codes.", Severity.WARNING)

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
    # Where the documentation explains the place (a schema finding: its type's section of docs/schema.md); `full`
    # output ends the finding with it.
    help_url: str = ""

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
