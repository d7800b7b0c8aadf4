from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

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


MINIMAL_POLICY = """\
schema_version: "1.0"
document:
  title: Example privacy policy
organisation:
  name: Example Ltd
contacts: []
frameworks: []
data_categories: []
purposes: []
recipients: []
retention: []
negative_statements: []
"""
