"""The findings on the five bundled policies, compared exactly with reviewed golden files.

Each finding in tests/golden/ was checked against the policy's source text in policies/sources/. When a rule change
alters them, regenerate with `POLICYLINT_UPDATE_GOLDEN=1 pytest tests/test_golden.py`, then review the diff against the
sources before committing it.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from conftest import POLICIES, REPO

from policylint.check import Options, check_file

GOLDEN = REPO / "tests" / "golden"
TODAY = date(2026, 11, 22)  # fixed, so staleness findings do not change with the calendar


def findings_text(policy: Path) -> str:
    result = check_file(str(policy.relative_to(REPO)), Options.default(today=TODAY))
    assert result.error is None
    lines = [f"{f.line}:{f.col} {f.code} {f.name} {f.anchor}" for f in result.findings]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.stem)
def test_findings_match_the_reviewed_golden_file(policy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    golden = GOLDEN / f"{policy.stem}.txt"
    header = f"# {policy.stem}: findings reviewed against policies/sources/{policy.stem}.txt (today = {TODAY})\n"
    actual = header + findings_text(policy)
    if os.environ.get("POLICYLINT_UPDATE_GOLDEN"):
        golden.write_text(actual, encoding="utf-8")
    assert golden.read_text(encoding="utf-8") == actual


def test_real_policies_have_real_defects() -> None:
    counts = {p.stem: len(findings_text(p).splitlines()) for p in POLICIES}
    assert all(count >= 5 for count in counts.values()), counts
