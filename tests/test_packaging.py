"""The wheel carries the schema from its one home in the repository, and works on its own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import POLICIES, REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # Build from a copy, so the test never writes into the checkout.
    source = out / "src"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(".git", "*.egg-info", "__pycache__", ".venv",
                                                                 ".pytest_cache", ".hypothesis", "build", "dist"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                    str(source)], check=True, capture_output=True, timeout=300)
    [built] = out.glob("policylint-*.whl")
    return built


def test_the_wheel_ships_the_schema_byte_for_byte(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        shipped = archive.read("policylint/schema/privacy-policy.schema.json")
    assert shipped == (REPO / "schema" / "privacy-policy.schema.json").read_bytes()
    assert [n for n in names if n.endswith(".schema.json")] == ["policylint/schema/privacy-policy.schema.json"]
    assert any(n.endswith("entry_points.txt") for n in names)


def test_the_installed_package_finds_its_own_schema_and_checks_policies(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    work = tmp_path / "work"
    shutil.copytree(REPO / "policies", work / "policies")
    env = {**os.environ, "PYTHONPATH": str(site)}  # ahead of any editable install of the checkout
    probe = subprocess.run(
        [sys.executable, "-c", "import policylint, policylint.schema as s; print(policylint.__file__); "
                               "print(s.schema_path())"],
        capture_output=True, text=True, env=env, cwd=work, check=True)
    module_file, schema_file = probe.stdout.split()
    assert Path(module_file).is_relative_to(site)
    assert Path(schema_file).is_relative_to(site)
    result = subprocess.run([sys.executable, "-m", "policylint", "check", "policies"], capture_output=True,
                            text=True, env=env, cwd=work, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr  # the rules find the policies' real defects
    assert f" in {len(POLICIES)} files in " in result.stderr
    assert " PL1" not in result.stdout  # no schema or evidence findings


def test_ci_runs_the_readme_test_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = [block.split("```", 1)[0].strip() for block in readme.split("```sh\n")[1:]]
    install_and_check, install_and_test = blocks[0], blocks[1]
    assert "policylint check policies/" in install_and_check
    assert install_and_test in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()


# The distribution that provides each third-party module policylint imports.
DISTRIBUTIONS = {"yaml": "PyYAML", "jsonschema_rs": "jsonschema-rs", "yaml_rs": "yaml-rs", "click": "click",
                 "ruamel": "ruamel.yaml", "tomli": "tomli", "pycountry": "pycountry"}


def test_every_module_policylint_imports_is_a_runtime_dependency() -> None:
    """A plain `pip install .` gets only `dependencies`: `policylint migrate` once needed ruamel.yaml from the test
    extra, and failed with an internal error on a fresh install."""
    import ast
    import re
    import sys

    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib

    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    required = {re.split(r"[<>=!;\[ ]", dep, maxsplit=1)[0].lower() for dep in pyproject["project"]["dependencies"]}
    imported: set[str] = set()
    for source in (REPO / "policylint").rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = imported - set(sys.stdlib_module_names) - {"policylint", "__future__"}
    assert third_party - set(DISTRIBUTIONS) == set(), "map the new module to its distribution above"
    assert {DISTRIBUTIONS[m].lower() for m in third_party} <= required
