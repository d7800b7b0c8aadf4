from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from policylint.rules import EXAMPLE_BASE

REPO = Path(__file__).resolve().parent.parent
POLICIES = sorted((REPO / "policies").glob("*.yaml"))

sys.path.insert(0, str(Path(__file__).parent))  # tests/strategies.py


@pytest.fixture
def run_cli():
    """Run the policylint CLI in-process; returns the click Result (exit_code, stdout, stderr)."""
    from policylint.cli import cli

    def run(*args: str, input: str | bytes | None = None) -> Result:
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)

    return run


def schema_nodes(node: Any, path: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every mapping in a schema document, with its JSON pointer."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from schema_nodes(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from schema_nodes(value, f"{path}/{i}")


MINIMAL_POLICY = EXAMPLE_BASE  # the smallest schema-valid policy


# A policy clean under every core rule, for tests that need a file without findings (with --today 2026-11-22).
TODAY = "2026-11-22"
CLEAN_POLICY = """\
schema_version: "2.0"
document:
  title: Example privacy policy
  effective_date: {date: "2026-01-01"}
  last_updated: {date: "2026-06-01"}
organisation:
  name: Example Ltd
contacts:
  - id: privacy
    kind: privacy_office
    channels: [{type: email, value: privacy@example.com}]
frameworks: []
data_categories:
  - {id: contact, label: Contact details}
purposes:
  - {id: orders, description: Process orders, data_categories: [contact]}
recipients: []
retention:
  - {kind: period, period: P6Y}
negative_statements:
  - {id: no-adm, claim: no_automated_decision_making}
rights:
  contacts: [privacy]
  statements:
    - right: access
changes:
  notification:
    - method: post_on_site
children:
  statements:
    - {kind: not_directed, age: 13}
"""
