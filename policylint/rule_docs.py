"""Every code explained once, for people and programs: `policylint rule CODE`, the reference docs/rules.md (one
heading per code), and the help, helpUri and tags that SARIF gives each rule (GitHub code scanning shows them).

    policylint rule --all --output-format markdown > docs/rules.md

The codes are the built-in checks (PL0xx input errors, PL1xx schema, PL15x evidence, PL16x YAML, PL18x
suppressions), the rules (PL2xx-PL8xx) and the history checks (PL901, PL902); tests/test_rule_docs.py checks that
docs/rules.md is what this module writes now.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from policylint.findings import BUILTIN_CHECKS, SCHEMA_DOCS, Check, Severity

if TYPE_CHECKING:
    from policylint.history import HistoryRule
    from policylint.rules import Rule

# Where the documentation lives ([project.urls] in pyproject.toml names the repository): helpUri must be absolute.
REPOSITORY_URL = "https://github.com/policylint/policylint"
DOCS_URL = f"{REPOSITORY_URL}/blob/main/"
RULES_DOCS = "docs/rules.md"


@dataclass(frozen=True)
class CodeDoc:
    """What is said about one code, whatever kind of check it is."""

    code: str
    name: str
    kind: str  # "input error", "built-in check", "rule" or "history check"
    severity: Severity
    summary: str
    explanation: str
    profile: str | None = None
    citation: str | None = None
    citation_note: str | None = None
    fails: str | None = None
    passes: str | None = None

    @property
    def heading(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def help_uri(self) -> str:
        return f"{DOCS_URL}{RULES_DOCS}#{github_anchor(self.heading)}"

    @property
    def tags(self) -> list[str]:
        # GitHub code scanning filters alerts by tags; none is "security", so alerts stay quality findings.
        return ["privacy", self.profile or self.kind.replace(" ", "-")]


def github_anchor(heading: str) -> str:
    """The id GitHub gives a Markdown heading: lower case, punctuation other than '-' and '_' dropped, each space a
    '-'. ('PL101 unknown-key' is '#pl101-unknown-key'.)"""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def check_doc(check: Check) -> CodeDoc:
    kind = "input error" if check.code.startswith("PL0") else "built-in check"
    return CodeDoc(check.code, check.name, kind, check.severity, check.summary, check.explanation)


def rule_doc(rule: Rule) -> CodeDoc:
    return CodeDoc(rule.code, rule.name, "rule", rule.severity, rule.summary, rule.rationale, rule.profile,
                   rule.citation, rule.citation_note, rule.fails, rule.passes)


def history_doc(rule: HistoryRule) -> CodeDoc:
    return CodeDoc(rule.code, rule.name, "history check", rule.severity, rule.summary,
                   rule.rationale + " " + HISTORY_NOTE, None, rule.citation)


HISTORY_NOTE = ("A check on history, not a rule: it compares a policy with its version at a git revision, and runs "
                "with `check --since REV`, `diff --git REV --check` and the policylint-material-change hook.")
_KIND_NOTE = {
    "input error": "Not a rule but an input error (exit 2): the file cannot be checked until it is fixed.",
    "built-in check": "Not a rule but a built-in check: it runs on every file, before the rules.",
}


def all_docs() -> list[CodeDoc]:
    """Every code, in code order."""
    from policylint.history import HISTORY_RULES
    from policylint.rules import all_rules

    docs = [check_doc(c) for c in BUILTIN_CHECKS] + [rule_doc(r) for r in all_rules()]
    return sorted(docs + [history_doc(h) for h in HISTORY_RULES], key=lambda d: d.code)


def find_doc(code_or_name: str) -> CodeDoc | None:
    wanted = code_or_name.strip()
    return next((d for d in all_docs() if wanted.upper() == d.code or wanted.lower() == d.name), None)


def as_dict(doc: CodeDoc) -> dict[str, Any]:
    return {**asdict(doc), "severity": doc.severity.value, "help_uri": doc.help_uri}


def _facts(doc: CodeDoc) -> list[str]:
    facts = [f"Default severity: {doc.severity.value}" + (f". Profile: {doc.profile}" if doc.profile else "")]
    if doc.kind in ("rule", "history check"):
        facts.append(f"Legal basis: {doc.citation or 'none (a consistency rule)'}")
    if doc.citation_note:
        facts.append(f"Uncertain: {doc.citation_note}")
    return facts


def help_text(doc: CodeDoc) -> str:
    """Plain text: what `policylint rule CODE` prints for a check, and SARIF's help.text."""
    parts = [doc.heading, doc.summary, "\n".join(_facts(doc)), doc.explanation]
    if doc.kind in _KIND_NOTE:
        parts.append(_KIND_NOTE[doc.kind])
    if doc.fails and doc.passes:
        parts += ["Fails:\n\n" + _indent(doc.fails), "Passes:\n\n" + _indent(doc.passes)]
    parts.append(f"More: {doc.help_uri}")
    return "\n\n".join(p.rstrip("\n") for p in parts) + "\n"


def help_markdown(doc: CodeDoc, heading_level: int = 0) -> str:
    """Markdown: SARIF's help.markdown, and (with a heading) a section of docs/rules.md."""
    parts = [f"{'#' * heading_level} {doc.heading}" if heading_level else f"**{doc.heading}**",
             _md(doc.summary), "  \n".join(_md(f) for f in _facts(doc)), _md(doc.explanation)]
    if doc.kind in _KIND_NOTE:
        parts.append(_md(_KIND_NOTE[doc.kind]))
    if doc.fails and doc.passes:
        parts += ["Fails:", _fence(doc.fails), "Passes:", _fence(doc.passes)]
    return "\n\n".join(parts) + "\n"


def rules_markdown() -> str:
    """docs/rules.md."""
    docs = all_docs()
    groups = [
        ("Input errors (PL0xx)", "The file cannot be checked at all; `policylint check` exits 2.",
         [d for d in docs if d.kind == "input error"]),
        ("Built-in checks (PL1xx)", "Schema, evidence, YAML portability and suppression checks run on every file, "
         "before the rules. The schema's keys and values are listed in [the schema reference](schema.md).",
         [d for d in docs if d.kind == "built-in check"]),
        ("Rules (PL2xx-PL8xx)", "Consistency and completeness rules, run by profile (`--laws`, `applicability` in "
         "the policy); each shows a failing and a passing example.", [d for d in docs if d.kind == "rule"]),
        ("History checks (PL9xx)", "Checks that compare a policy with its version at a git revision.",
         [d for d in docs if d.kind == "history check"]),
    ]
    out = ["# policylint codes", "",
           "<!-- Generated by `policylint rule --all --output-format markdown > docs/rules.md`: do not edit. -->", "",
           "Every code policylint reports, with what it means and how to fix it. `policylint rule CODE` prints the "
           "same text; SARIF output links each rule here.", ""]
    for title, intro, members in groups:
        out += [f"## {title}", "", intro, ""]
        out += [help_markdown(d, heading_level=3) for d in members]
    return "\n".join(out).rstrip("\n") + "\n"


def _md(text: str) -> str:
    # Our own texts, but '<' could open an HTML tag in Markdown. The schema reference becomes a link (absolute: the
    # same text is SARIF's help.markdown, read far from the repository).
    return text.replace("<", "&lt;").replace(SCHEMA_DOCS, f"[{SCHEMA_DOCS}]({DOCS_URL}{SCHEMA_DOCS})")


def _fence(yaml_text: str) -> str:
    return f"```yaml\n{yaml_text.rstrip()}\n```"


def _indent(text: str) -> str:
    return "".join(f"    {line}\n" for line in text.splitlines())
