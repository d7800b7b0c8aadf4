"""Fuzzing: whatever bytes it is given, `check` and `render` answer without an unexpected exception (issue 6).

Three sources of input: random bytes, YAML built from a small grammar of the constructs that break loaders (anchors,
aliases, tags, merge keys, complex keys, flow and block collections, directives, odd indentation), and mutations of
the seed policies, both of their text and of their data, so that schema-valid oddities reach the rules and the
renderer. Each input goes through the same calls as the CLI, in-process; only InputError may escape the loader.

The number of examples scales with POLICYLINT_FUZZ_SCALE (default 1); scripts/fuzz.py runs a longer fuzz.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CLEAN_POLICY, POLICIES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import LINE_MUTATIONS, mutate_lines

from policylint import loader
from policylint.check import Options, check_file
from policylint.findings import InputError
from policylint.render import WRITERS, render
from policylint.validate import is_valid

pytestmark = pytest.mark.slow  # the whole module: see pyproject's markers

SCALE = float(os.environ.get("POLICYLINT_FUZZ_SCALE", "1"))
OPTIONS = Options.default(today=date(2026, 11, 22))
SEED_TEXTS = [CLEAN_POLICY, *(p.read_text(encoding="utf-8") for p in POLICIES)]
SEED_DATA = [loader.parse(text).data for text in SEED_TEXTS]


def fuzz_settings(examples: int) -> Any:
    return settings(max_examples=max(1, int(examples * SCALE)), deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])


def check_and_render(raw: bytes, folder: Path) -> None:
    """What `policylint check` and `policylint render` do with these bytes; any exception but InputError fails."""
    path = folder / "fuzzed.yaml"
    path.write_bytes(raw)
    result = check_file(str(path), OPTIONS)  # not _check_safely: an internal error must surface here
    assert result.error is None or result.error.check.code.startswith("PL0")
    assert all(f.line >= 1 and f.col >= 1 for f in result.findings)
    try:
        doc = loader.load(path)
    except InputError:
        assert result.error is not None
        return
    assert result.error is None
    if is_valid(doc.data):
        for fmt in WRITERS:
            assert render(doc.data, fmt)


@fuzz_settings(1500)
@given(st.binary(max_size=400))
def test_random_bytes(tmp_path: Path, raw: bytes) -> None:
    check_and_render(raw, tmp_path)


# A small YAML grammar, biased towards what breaks loaders.
_WORDS = ["a", "id", "yes", "no", "on", "~", "null", "1", "012", "0x1f", ".nan", "-.inf", "1e3", "2026-02-30",
          "<<", "-", "?", ":", "#", "''", '""', "'q'", '"\\u0000"', '"\\x41"', "|", ">", "'a\n b'", "[]", "{}",
          "\t", "é", "\u2028", "\ufeff", "%", "@", "`"]
_scalar = st.one_of(st.sampled_from(_WORDS), st.text(min_size=0, max_size=12), st.integers().map(str))
_prefix = st.sampled_from(["", "", "", "&a ", "&b ", "*a", "*b", "!!str ", "!!int ", "!!python/none ", "!x ",
                           "!!map ", "!!binary "])


def _node(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    flow_seq = st.lists(children, max_size=4).map(lambda items: "[" + ", ".join(items) + "]")
    flow_map = st.lists(st.tuples(_scalar, children), max_size=4).map(
        lambda pairs: "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}")
    block_map = st.lists(st.tuples(_scalar, children, st.sampled_from(["", " ", "  ", "\t"])), min_size=1,
                         max_size=4).map(lambda pairs: "\n" + "\n".join(
                             f"{indent}{k}: {v}".replace("\n", "\n  ") for k, v, indent in pairs))
    block_seq = st.lists(children, min_size=1, max_size=4).map(
        lambda items: "\n" + "\n".join(f"- {v}".replace("\n", "\n  ") for v in items))
    complex_key = st.tuples(children, children).map(lambda kv: f"\n? {kv[0]}\n: {kv[1]}")
    return st.tuples(_prefix, st.one_of(flow_seq, flow_map, block_map, block_seq, complex_key)).map("".join)


_yaml_text = st.tuples(
    st.sampled_from(["", "", "%YAML 1.1\n---\n", "---\n", "%TAG ! tag:x,2000:\n---\n", "# comment\n"]),
    st.recursive(st.tuples(_prefix, _scalar).map("".join), _node, max_leaves=12),
    st.sampled_from(["", "\n", "\n...\n", "\n---\nb: 2\n", " # trailing"]),
).map(lambda parts: f"{parts[0]}root: {parts[1]}{parts[2]}")


@fuzz_settings(1500)
@given(_yaml_text)
def test_yaml_from_a_grammar(tmp_path: Path, text: str) -> None:
    check_and_render(text.encode("utf-8", "surrogatepass"), tmp_path)


@fuzz_settings(300)
@given(st.sampled_from(range(len(SEED_TEXTS))), st.lists(st.tuples(
    st.sampled_from(LINE_MUTATIONS), st.integers(min_value=0), st.binary(max_size=8)), min_size=1, max_size=4))
def test_text_mutations_of_the_seed_policies(tmp_path: Path, seed: int, mutations: list[Any]) -> None:
    lines = mutate_lines(SEED_TEXTS[seed].encode().splitlines(keepends=True), mutations)
    check_and_render(b"".join(lines), tmp_path)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*path, i))
    return found


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    values = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    return [s for value in values for s in _strings(value)]


@fuzz_settings(300)
@given(st.sampled_from(range(len(SEED_DATA))), st.lists(st.tuples(
    st.sampled_from(["delete", "duplicate", "reuse-string", "empty"]), st.integers(min_value=0),
    st.integers(min_value=0)), min_size=1, max_size=6))
def test_data_mutations_of_the_seed_policies(tmp_path: Path, seed: int, mutations: list[Any]) -> None:
    """Mutations that keep the YAML well-formed, and often the document schema-valid, so the rules see them."""
    import copy

    data = copy.deepcopy(SEED_DATA[seed])
    strings = _strings(data)
    for operation, where, other in mutations:
        paths = [p for p in _paths(data) if p]
        if not paths:
            break
        path = paths[where % len(paths)]
        parent: Any = data
        for part in path[:-1]:
            parent = parent[part]
        key = path[-1]
        if operation == "delete":
            del parent[key]
        elif operation == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
        elif operation == "reuse-string" and isinstance(parent[key], str):
            parent[key] = strings[other % len(strings)]  # an id where a label was, a label where an id was...
        elif operation == "empty" and isinstance(parent[key], (list, dict, str)):
            parent[key] = type(parent[key])()
    check_and_render(yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode(), tmp_path)


def test_the_longer_fuzz_script_runs_the_same_tests_at_a_larger_scale() -> None:
    import subprocess
    import sys

    script = Path(__file__).resolve().parent.parent / "scripts" / "fuzz.py"
    result = subprocess.run([sys.executable, str(script), "--scale", "0.01", "--", "-k", "random_bytes"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "1 passed" in result.stdout
