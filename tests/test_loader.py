"""The loader reads YAML 1.2 into JSON data with positions, and refuses what JSON or a policy cannot hold."""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import POLICIES
from hypothesis import HealthCheck, given, settings
from ruamel.yaml import YAML
from strategies import policies

from policylint import findings
from policylint.findings import InputError
from policylint.loader import load, load_bytes, parse


def error_of(text: str | bytes) -> InputError:
    with pytest.raises(InputError) as caught:
        load_bytes(text.encode() if isinstance(text, str) else text, "x.yaml")
    return caught.value


@pytest.mark.parametrize("scalar,expected", [
    ("yes", "yes"), ("no", "no"), ("on", "on"), ("off", "off"), ("NO", "NO"), ("y", "y"),
    ("2018-05-24", "2018-05-24"), ("2018-05", "2018-05"), ("12:30", "12:30"),
    ("true", True), ("False", False), ("null", None), ("~", None), ("", None),
    ("42", 42), ("-7", -7), ("0o17", 15), ("0x1f", 31), ("1.5", 1.5), ("1e3", 1000.0), (".5", 0.5),
    ("1_000", "1_000"), ("0b101", "0b101"), ('"42"', "42"), ("'true'", "true"), ("!!str 12", "12"),
])
def test_scalars_follow_the_yaml_1_2_core_schema(scalar: str, expected: Any) -> None:
    value = parse(f"key: {scalar}\n").data["key"]
    assert value == expected and type(value) is type(expected)


def test_positions_of_values_and_keys_are_one_based() -> None:
    doc = parse("a:\n  b:\n    - x\n    - {c: [1, 2, 3]}\n")
    assert doc.position(()) == (1, 1)
    assert doc.key_position(("a",)) == (1, 1)
    assert doc.position(("a",)) == (2, 3)
    assert doc.key_position(("a", "b")) == (2, 3)
    assert doc.position(("a", "b", 0)) == (3, 7)
    assert doc.position(("a", "b", 1, "c", 2)) == (4, 18)
    assert doc.key_position(("a", "b", 1, "c")) == (4, 8)
    # A path that does not exist falls back to its nearest ancestor.
    assert doc.position(("a", "b", 1, "missing")) == (4, 7)


def test_duplicate_keys_are_an_error_at_the_second_key() -> None:
    error = error_of("a: 1\nb:\n  c: 1\n  c: 2\n")
    assert (error.check, error.line, error.col) == (findings.DUPLICATE_KEY, 4, 3)
    assert "first defined on line 3" in error.message


@pytest.mark.parametrize("text", [
    "a: !!python/object/apply:os.system ['touch /tmp/policylint-pwned']\n",
    "a: !!python/name:os.system\n",
    "a: !custom value\n",
    "a: !!binary aGVsbG8=\n",
    "a: !!set {x, y}\n",
    "a: !!timestamp 2001-12-14\n",
    "a: !!omap [x: 1]\n",
])
def test_non_core_tags_are_refused_and_never_constructed(text: str) -> None:
    error = error_of(text)
    assert error.check is findings.FORBIDDEN_TAG
    assert (error.line, error.col) == (1, 4)
    assert not Path("/tmp/policylint-pwned").exists()


def test_aliases_are_expanded_within_the_budget() -> None:
    doc = parse("a: &x [1, 2]\nb: *x\n")
    assert doc.data == {"a": [1, 2], "b": [1, 2]}


def test_a_recursive_alias_is_refused() -> None:
    assert error_of("a: &x [1, *x]\n").check is findings.ALIAS_LIMIT


def test_an_alias_bomb_is_refused_quickly() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    started = time.monotonic()
    error = error_of("\n".join(lines) + "\n")
    assert error.check is findings.ALIAS_LIMIT
    assert "10000" in error.message
    assert time.monotonic() - started < 5


def test_merge_keys_are_refused_but_a_quoted_key_is_a_string() -> None:
    error = error_of("base: &b {x: 1}\nc:\n  <<: *b\n")
    assert (error.check, error.line, error.col) == (findings.NOT_JSON_DATA, 3, 3)
    assert parse('"<<": 1\n').data == {"<<": 1}


@pytest.mark.parametrize("text,line,col", [
    ("1: a\n", 1, 1), ("a:\n  true: x\n", 2, 3), ("? [a, b]\n: c\n", 1, 3), ("null: x\n", 1, 1),
])
def test_keys_must_be_strings(text: str, line: int, col: int) -> None:
    error = error_of(text)
    assert (error.check, error.line, error.col) == (findings.NOT_JSON_DATA, line, col)


@pytest.mark.parametrize("scalar", [".nan", ".NaN", ".inf", "-.inf", "+.Inf"])
def test_nan_and_infinities_are_refused(scalar: str) -> None:
    error = error_of(f"a: {scalar}\n")
    assert (error.check, error.line, error.col) == (findings.NOT_JSON_DATA, 1, 4)


@pytest.mark.parametrize("text,check,line,col", [
    ("a: [1, 2\n", findings.YAML_SYNTAX, 2, 1),
    ("a: 'unclosed\n", findings.YAML_SYNTAX, 2, 1),
    ("a:\n\tb: 1\n", findings.YAML_SYNTAX, 2, 1),
    ("a: 1\n b: 2\n", findings.YAML_SYNTAX, 2, 3),
    ("---\na: 1\n---\nb: 2\n", findings.NOT_ONE_DOCUMENT, 3, 1),
    ("", findings.NOT_ONE_DOCUMENT, 1, 1),
    ("# only a comment\n", findings.NOT_ONE_DOCUMENT, 1, 1),
    ("a: *nowhere\n", findings.YAML_SYNTAX, 1, 4),
])
def test_malformed_yaml_gives_one_positioned_error(text: str, check: findings.Check, line: int, col: int) -> None:
    error = error_of(text)
    assert (error.check, error.line, error.col) == (check, line, col)


def test_tabs_get_a_message_that_names_them() -> None:
    assert "tab" in error_of("a:\n\tb: 1\n").message


@pytest.mark.parametrize("raw,line,col", [
    (b"a: 1\nb: caf\xe9\n", 2, 7),
    (b"\xff\xfea\x00:\x00", 1, 1),
    (b"a: 1\n\x00\x01\x02", 2, 1),
])
def test_bytes_that_are_not_utf8_text_are_refused(raw: bytes, line: int, col: int) -> None:
    error = error_of(raw)
    assert (error.check, error.line, error.col) == (findings.ENCODING, line, col)


def test_a_utf8_byte_order_mark_is_accepted() -> None:
    assert load_bytes("\ufeffa: é\n".encode(), "x.yaml").data == {"a": "é"}


def test_nesting_is_limited() -> None:
    error = error_of("a: " + "[" * 100 + "]" * 100 + "\n")
    assert error.check is findings.TOO_DEEP


def test_missing_files_and_directories_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError) as missing:
        load(tmp_path / "nope.yaml")
    assert missing.value.check is findings.UNREADABLE
    with pytest.raises(InputError) as directory:
        load(tmp_path)
    assert "directory" in directory.value.message


def ruamel_load(text: str) -> Any:
    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    return yaml.load(text)


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.stem)
def test_seed_policies_load_as_an_independent_yaml_1_2_loader_reads_them(policy: Path) -> None:
    text = policy.read_text(encoding="utf-8")
    assert load(policy).data == ruamel_load(text)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policies())
def test_generated_policies_round_trip_through_yaml_1_2(policy: dict[str, Any]) -> None:
    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    yaml.default_flow_style = False  # ruamel leaves some strings unquoted in flow style that YAML 1.2 forbids there
    stream = io.StringIO()
    yaml.dump(policy, stream)
    doc = parse(stream.getvalue())
    assert doc.data == policy
    # Every node has a position.
    assert all(line >= 1 and col >= 1 for line, col in doc.positions.values())


def test_the_pure_python_fallback_reads_policies_as_libyaml_does() -> None:
    """PyYAML built without libyaml parses in Python; the loader must give the same data and positions."""
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    from policylint import loader as module

    class PureParser(Reader, Scanner, Parser, module._CoreSchemaResolver):
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            module._CoreSchemaResolver.__init__(self)

    text = POLICIES[0].read_text(encoding="utf-8")
    builder = module._EventBuilder(PureParser(text), module.Limits())
    data = builder.build()
    reference = parse(text)
    assert data == reference.data
    assert builder.positions == reference.positions and builder.key_positions == reference.key_positions


@pytest.mark.parametrize("scalar,reading", [
    ("yes", "a boolean"), ("No", "a boolean"), ("on", "a boolean"), ("OFF", "a boolean"), ("y", "a boolean"),
    ("012", "an octal number"), ("089", "a string"), ("0b101", "a binary number"), ("0o17", "a string"),
    ("1:30", "a base-60 number"), ("1_000", "a number"), ("2026-01-01", "a date"),
    ("2001-12-14t21:59:43.10-05:00", "a date"),
])
def test_plain_scalars_yaml_1_1_reads_differently_are_recorded_not_converted(scalar: str, reading: str) -> None:
    doc = parse(f"a:\n  b: {scalar}\n")
    [(path, position, message)] = doc.yaml_1_1_differences
    assert (path, position) == (("a", "b"), (2, 6))
    assert f" but {reading} in YAML 1.1" in message


@pytest.mark.parametrize("scalar", ["'yes'", '"012"', "true", "12", "0", "1.5", "hello", "no way", "2026", "~",
                                    "null", "order-2026-01-01"])
def test_values_that_every_yaml_version_reads_alike_are_not_recorded(scalar: str) -> None:
    assert parse(f"a: {scalar}\n").yaml_1_1_differences == []


@pytest.mark.parametrize("text,message", [
    ("- a\n- b\n", "the document is a list"), ("words\n", "a single value ('words')"), ("42\n", "(42)"),
])
def test_a_document_that_is_not_a_mapping_is_refused(text: str, message: str) -> None:
    error = error_of(text)
    assert (error.check, error.line, error.col) == (findings.NOT_A_MAPPING, 1, 1)
    assert message in error.message


def test_a_number_yaml_1_1_reads_otherwise_is_to_be_written_plainly_not_quoted() -> None:
    """Quoting 013 would make a string of a number; the fix is to write 13."""
    [(_path, _position, number)] = parse("age: 013\n").yaml_1_1_differences
    assert number.endswith("write it as 13 so that every tool agrees")
    [(_path, _position, word)] = parse("answer: yes\n").yaml_1_1_differences
    assert word.endswith("quote it (or write true or false) so that every tool agrees")
