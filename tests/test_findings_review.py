"""docs/findings-review.md is the project's record of recall and precision: it must review exactly the findings the
rules give today, at warning and error level, on every bundled policy, and it must not record a wrong one."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from conftest import POLICIES, REPO

from policylint.check import Options, check_file

REVIEW = REPO / "docs" / "findings-review.md"
TODAY = date(2026, 11, 22)
ROW = re.compile(r"^\| (\d+) \| (PL\d+) \| (error|warning) \| [^|]*(?:\\\|[^|]*)* \| (right|wrong|debatable)\b")


def reviewed_rows(policy: Path) -> list[tuple[int, str, str, str]]:
    text = REVIEW.read_text(encoding="utf-8")
    start = text.index(f"(`policies/{policy.name}`)")
    end = text.find("\n## ", start)
    section = text[start:end if end > 0 else None]
    return [(int(m[1]), m[2], m[3], m[4]) for line in section.splitlines() if (m := ROW.match(line))]


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.stem)
def test_the_review_covers_exactly_todays_findings(policy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = check_file(str(policy.relative_to(REPO)), Options.default(today=TODAY))
    found = sorted((f.line, f.code, f.severity.value) for f in result.findings
                   if f.severity.value in ("error", "warning"))
    rows = reviewed_rows(policy)
    assert sorted(row[:3] for row in rows) == found, "update docs/findings-review.md with the rule change"


def test_the_review_records_no_wrong_error_and_few_wrong_warnings() -> None:
    rows = [row for policy in POLICIES for row in reviewed_rows(policy)]
    assert rows
    assert not [row for row in rows if row[2] == "error" and row[3] == "wrong"]
    warnings = [row for row in rows if row[2] == "warning"]
    assert 20 * sum(row[3] == "wrong" for row in warnings) <= len(warnings)
