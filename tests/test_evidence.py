"""Evidence: the source is there and unchanged, every quote occurs in it, every claim has one."""

from __future__ import annotations

import hashlib
from pathlib import Path

from conftest import MINIMAL_POLICY

from policylint.evidence import check_evidence, normalise
from policylint.loader import parse

SOURCE = "We collect your “name” and\u00a0email address.\nWe never sell it \u2013 ever.\n"


def write_policy(tmp_path: Path, body: str, source: str = SOURCE, digest: str | None = None) -> Path:
    (tmp_path / "src.txt").write_text(source, encoding="utf-8")
    digest = digest or hashlib.sha256(source.encode()).hexdigest()
    text = MINIMAL_POLICY + f'source:\n  path: src.txt\n  sha256: "{digest}"\n' + body
    policy = tmp_path / "p.yaml"
    policy.write_text(text, encoding="utf-8")
    return policy


def at(policy: Path, needle: str, code: str) -> tuple[int, int, str]:
    """The line and column where `needle` first occurs in the policy file, with a finding code."""
    for number, line in enumerate(policy.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number, line.index(needle) + 1, code
    raise AssertionError(f"{needle!r} not in {policy}")


def evidence_codes(policy: Path) -> list[tuple[int, int, str]]:
    doc = parse(policy.read_text(encoding="utf-8"), str(policy))
    return [(f.line, f.col, f.code) for f in check_evidence(doc, policy.parent)]


def test_normalise_folds_whitespace_and_typography_but_not_case() -> None:
    assert normalise("  “Name”\u00a0and\n\tmail \u2013 x ") == '"Name" and mail - x'
    assert normalise("Name") != normalise("name")


def test_quotes_match_across_line_breaks_and_typographic_punctuation(tmp_path: Path) -> None:
    quote = 'We collect your "name" and email address. We never sell it - ever.'
    policy = write_policy(tmp_path, f"notices:\n  - topic: other\n    text: t\n    evidence: {quote}\n")
    # The document and organisation are claims too: without evidence they are reported.
    assert {code for *_, code in evidence_codes(policy)} == {"PL153"}


def test_a_quote_that_is_not_in_the_source_is_reported_at_the_quote(tmp_path: Path) -> None:
    body = "notices:\n  - topic: other\n    text: t\n    evidence:\n      - We collect your\n      - We sell it\n"
    policy = write_policy(tmp_path, body)
    assert at(policy, "We sell it", "PL152") in evidence_codes(policy)
    assert at(policy, "We collect your", "PL152") not in evidence_codes(policy)


def test_case_and_spelling_count(tmp_path: Path) -> None:
    policy = write_policy(tmp_path, "notices:\n  - {topic: other, text: t, evidence: we collect YOUR name}\n")
    assert at(policy, "we collect YOUR", "PL152") in evidence_codes(policy)


def test_claims_without_evidence_are_reported_when_a_source_is_named(tmp_path: Path) -> None:
    policy = write_policy(tmp_path, "notices:\n  - {topic: other, text: t}\n")
    assert evidence_codes(policy) == [
        at(policy, "title:", "PL153"), at(policy, "name: Example", "PL153"), at(policy, "{topic", "PL153")]


def test_no_source_means_no_evidence_checks() -> None:
    doc = parse(MINIMAL_POLICY + "notices:\n  - {topic: other, text: t, evidence: not anywhere}\n")
    assert check_evidence(doc, Path(".")) == []


def test_a_changed_source_is_reported_at_the_hash(tmp_path: Path) -> None:
    policy = write_policy(tmp_path, "", digest="0" * 64)
    assert at(policy, '"0000', "PL151") in evidence_codes(policy)


def test_a_missing_source_is_reported_at_the_path_and_claims_still_need_quotes(tmp_path: Path) -> None:
    policy = write_policy(tmp_path, "notices:\n  - {topic: other, text: t, evidence: not checked without a source}\n")
    (tmp_path / "src.txt").unlink()
    # Without the source no quote can be searched, but a claim without any quote is still a finding (PL153).
    assert evidence_codes(policy) == [at(policy, "src.txt", "PL150"), at(policy, "title:", "PL153"),
                                      at(policy, "name: Example", "PL153")]
