from __future__ import annotations

import sys
from pathlib import Path

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
