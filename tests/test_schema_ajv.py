"""The published schema under two validators other than policylint's: ajv (JavaScript, in strict mode, strictRequired
included) compiles it and accepts every bundled policy, and so does check-jsonschema, without the network.

ajv runs through tests/js/validate.mjs, with the versions pinned by tests/js/package-lock.json; .ci/run installs
Node.js and npm and runs `npm ci --prefix tests/js`, and the tests run `npm ci` themselves when tests/js/node_modules
is missing or does not match the lock file. Without node or npm the ajv tests skip; under .ci/run
(POLICYLINT_REQUIRE_NODE=1) they fail instead, so CI cannot go green without having run them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, NoReturn

import pytest
from conftest import MINIMAL_POLICY, POLICIES, REPO

from policylint.loader import load
from policylint.schema import schema_path

JS = REPO / "tests" / "js"
SCRIPT = JS / "validate.mjs"
LOCK = JS / "package-lock.json"
INSTALL = ("these tests run the schema through ajv under Node.js: install node and npm (Debian, Ubuntu: "
           "apt-get install nodejs npm), then `npm ci --prefix tests/js`")
UNKNOWN_KEY = "policylint_unknown_top_level_key"


def unavailable(reason: str) -> NoReturn:
    """A skip that says what is missing; under .ci/run (POLICYLINT_REQUIRE_NODE=1) a failure."""
    if os.environ.get("POLICYLINT_REQUIRE_NODE") == "1":
        pytest.fail(f"{reason}; POLICYLINT_REQUIRE_NODE=1 makes this a failure")
    pytest.skip(reason)


def installed() -> bool:
    """Whether tests/js/node_modules holds exactly the packages of the lock file (npm ci's record of what it put
    there is node_modules/.package-lock.json)."""
    record = JS / "node_modules" / ".package-lock.json"
    if not record.is_file():
        return False
    wanted = json.loads(LOCK.read_text(encoding="utf-8"))["packages"]
    have = json.loads(record.read_text(encoding="utf-8")).get("packages", {})
    return all(have.get(name, {}).get("version") == entry.get("version") for name, entry in wanted.items()
               if name and _for_this_platform(entry))


def _for_this_platform(entry: dict[str, Any]) -> bool:
    """Whether npm installs a locked package here: an optional one for other systems (the SARIF multitool's macOS
    and Windows builds) it leaves out. Node's platform names are Python's sys.platform for these three."""
    return not (entry.get("optional") and "os" in entry and sys.platform not in entry["os"])


def node_with_packages(install: str = INSTALL) -> str:
    """The node executable, with tests/js's packages installed (by `npm ci` if they are not); else a skip that says
    what to install (install), or under POLICYLINT_REQUIRE_NODE=1 a failure. tests/test_render_browser_summary.py
    uses it too."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        unavailable(f"{install} (not found: {', '.join(n for n, p in (('node', node), ('npm', npm)) if p is None)})")
    if not installed():
        result = subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=JS,
                                capture_output=True, text=True, timeout=600)
        if result.returncode != 0 or not installed():
            unavailable(f"`npm ci` in tests/js failed (exit {result.returncode}):\n{result.stdout}{result.stderr}")
    return node


@pytest.fixture(scope="module")
def node() -> str:
    """The node executable, with tests/js's packages installed."""
    return node_with_packages()


def ajv(node: str, schema: Path, *documents: Path, print_data: bool = False) -> tuple[int, dict[str, Any]]:
    """tests/js/validate.mjs's exit status and JSON report."""
    args = [node, str(SCRIPT), "--json", *(["--print-data"] if print_data else []), str(schema), *map(str, documents)]
    result = subprocess.run(args, capture_output=True, text=True, timeout=120, cwd=REPO)
    assert result.returncode in (0, 1), result.stdout + result.stderr
    return result.returncode, json.loads(result.stdout)


def strict_issues(report: dict[str, Any]) -> str:
    """Every strict-mode issue, with where it is in the schema file."""
    issues = [f"{issue['message']}\n    in the schema at {', '.join(issue['pointers']) or '?'}"
              for issue in report["strict"]["issues"]]
    return "\n".join(issues or [report["strict"]["error"] or ""])


@pytest.fixture(scope="module")
def policies_report(node: str) -> dict[str, Any]:
    """One run of ajv over the published schema and every bundled policy."""
    _status, report = ajv(node, schema_path(), *POLICIES, print_data=True)
    assert [d["file"] for d in report["documents"]] == list(map(str, POLICIES))
    return report


def test_schema_compiles_under_ajv_in_strict_mode(policies_report: dict[str, Any]) -> None:
    """Strict mode (strictSchema, strictNumbers, strictTypes, strictTuples, strictRequired): no unknown keyword, no
    keyword that cannot apply to the type, no required key left undefined."""
    assert policies_report["strict"]["ok"], "ajv strict mode refuses the schema:\n" + strict_issues(policies_report)


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.stem)
def test_policy_is_valid_under_ajv(policies_report: dict[str, Any], policy: Path) -> None:
    """Validated by the strict compile, or, if the schema fails strict mode (the test above says why), by a compile
    without it: the two validate alike."""
    assert policies_report["compiled"] is not None, strict_issues(policies_report)
    [document] = [d for d in policies_report["documents"] if d["file"] == str(policy)]
    assert document["valid"], json.dumps(document["errors"], indent=2)


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.stem)
def test_ajv_validates_the_data_policylint_reads(policies_report: dict[str, Any], policy: Path) -> None:
    """The `yaml` package (YAML 1.2, core schema) reads each policy as policylint's loader does, so ajv's verdict is
    about the same data (YAML 1.1 would read yes/no as booleans and unquoted dates as dates)."""
    [document] = [d for d in policies_report["documents"] if d["file"] == str(policy)]
    assert document["data"] == load(policy).data


def test_ajv_rejects_an_unknown_top_level_key(node: str, tmp_path: Path) -> None:
    valid, invalid = tmp_path / "minimal.yaml", tmp_path / "unknown-key.yaml"
    valid.write_text(MINIMAL_POLICY, encoding="utf-8")
    invalid.write_text(f"{MINIMAL_POLICY}{UNKNOWN_KEY}: true\n", encoding="utf-8")
    _status, report = ajv(node, schema_path(), valid, invalid)
    accepted, rejected = report["documents"]
    assert accepted["valid"], json.dumps(accepted["errors"], indent=2)
    assert not rejected["valid"]
    assert [(e["instancePath"], e["keyword"], e["params"]) for e in rejected["errors"]] == [
        ("", "additionalProperties", {"additionalProperty": UNKNOWN_KEY})]


def test_ajv_strict_mode_rejects_a_required_key_without_a_definition(node: str, tmp_path: Path) -> None:
    """The strict compile really is strict (strictRequired included), so the test of the schema above can fail."""
    schema = tmp_path / "loose.schema.json"
    schema.write_text(json.dumps({"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                                  "properties": {"kind": {"type": "string"}},
                                  "if": {"properties": {"kind": {"const": "a"}}},
                                  "then": {"required": ["undefined_key"]}}), encoding="utf-8")
    status, report = ajv(node, schema)
    assert status == 1 and not report["strict"]["ok"]
    assert "strictRequired" in report["strict"]["error"]
    assert [i["pointers"] for i in report["strict"]["issues"]] == [["/then"]]


# check-jsonschema: jsonschema (Python) with ruamel.yaml, another YAML 1.2 reader. The schema's $schema, the 2020-12
# metaschema, is built in; every $ref is local. Any fetch would go to a proxy that refuses at once, and --no-cache
# keeps a cached copy from hiding one.
OFFLINE = {**os.environ, "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
           "ALL_PROXY": "http://127.0.0.1:9", "NO_PROXY": "", "http_proxy": "http://127.0.0.1:9",
           "https_proxy": "http://127.0.0.1:9", "all_proxy": "http://127.0.0.1:9", "no_proxy": ""}


def check_jsonschema(*args: str) -> subprocess.CompletedProcess[str]:
    beside = Path(sys.executable).with_name("check-jsonschema")
    executable = str(beside) if beside.exists() else shutil.which("check-jsonschema")
    assert executable, "check-jsonschema is missing: pip install -e '.[test]'"
    return subprocess.run([executable, "--no-cache", "--color", "never", *args], capture_output=True, text=True,
                          timeout=120, cwd=REPO, env=OFFLINE)


def test_check_jsonschema_accepts_the_schema_and_every_policy_offline() -> None:
    metaschema = check_jsonschema("--check-metaschema", str(schema_path()))
    assert metaschema.returncode == 0, metaschema.stdout + metaschema.stderr
    result = check_jsonschema("--schemafile", str(schema_path()), *map(str, POLICIES))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


def test_check_jsonschema_rejects_an_unknown_top_level_key(tmp_path: Path) -> None:
    valid, invalid = tmp_path / "minimal.yaml", tmp_path / "unknown-key.yaml"
    valid.write_text(MINIMAL_POLICY, encoding="utf-8")
    invalid.write_text(f"{MINIMAL_POLICY}{UNKNOWN_KEY}: true\n", encoding="utf-8")
    accepted = check_jsonschema("--schemafile", str(schema_path()), str(valid))
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    rejected = check_jsonschema("--schemafile", str(schema_path()), str(invalid))
    assert rejected.returncode == 1, rejected.stdout + rejected.stderr
    assert "Schema validation errors were encountered" in rejected.stdout
    assert f"'{UNKNOWN_KEY}' was unexpected" in rejected.stdout
    assert str(valid) not in rejected.stdout


def test_ajv_strict_mode_still_rejects_a_misspelt_editor_keyword(node: str, tmp_path: Path) -> None:
    """validate.mjs declares `defaultSnippets` (for editors) and nothing else: a typo of it is still refused."""
    schema = tmp_path / "typo.schema.json"
    schema.write_text(json.dumps({"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                                  "defaultSnipets": [{"label": "x", "body": {}}]}), encoding="utf-8")
    status, report = ajv(node, schema)
    assert status == 1 and not report["strict"]["ok"]
    assert 'unknown keyword: "defaultSnipets"' in report["strict"]["error"]
