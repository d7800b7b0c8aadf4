"""The policy generator the rules and renderer are tested on: valid, varied, and covering the whole schema."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from conftest import schema_nodes
from hypothesis import HealthCheck, Phase, given, settings
from strategies import policies

from policylint.model import categories_of
from policylint.schema import load_schema, walk
from policylint.validate import is_valid

SCHEMA = load_schema()


def schema_enums(schema: dict[str, Any]) -> dict[int, tuple[str, list[Any]]]:
    """The enums that constrain fields (not the ones in `if` conditions), by identity."""
    return {id(node["enum"]): (path, node["enum"]) for path, node in schema_nodes(schema)
            if isinstance(node.get("enum"), list) and "/if/" not in path}


@pytest.mark.slow
def test_generated_policies_cover_every_enum_value_and_are_valid() -> None:
    enums = schema_enums(SCHEMA)
    assert len(enums) >= 36
    seen: dict[int, set[Any]] = {key: set() for key in enums}
    examples = {"maximal": 0, "any": 0}

    def record(policy: dict[str, Any]) -> None:
        assert is_valid(policy)
        for _path, value, node in walk(policy, SCHEMA):
            if isinstance(node.get("enum"), list) and id(node["enum"]) in seen:
                seen[id(node["enum"])].add(value)
        declared = {c["id"] for c in policy["data_categories"]}
        assert all(set(categories_of(p.get("data_categories", []))) <= declared for p in policy["purposes"])

    @settings(max_examples=60, derandomize=True, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(policies(maximal=True))
    def collect_maximal(policy: dict[str, Any]) -> None:
        record(policy)
        examples["maximal"] += 1

    @settings(max_examples=60, derandomize=True, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(policies())
    def collect_any(policy: dict[str, Any]) -> None:
        record(policy)
        examples["any"] += 1

    def missing() -> dict[str, list[Any]]:
        return {path: sorted(set(values) - seen[key], key=str) for key, (path, values) in enums.items()
                if set(values) - seen[key]}

    class Covered(Exception):
        """Every enum value has been seen: no need to draw more."""

    # A maximal policy is large, and hypothesis gives the fields it draws last their simplest values when an example
    # runs past its budget of choices, more often when the machine is busy (as in a full run): so a value the first
    # 120 examples happen to miss is looked for in up to 300 more, stopping as soon as every value is seen. A value
    # the generator cannot produce is still missing after them.
    @settings(max_examples=300, derandomize=True, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(policies(maximal=True))
    def collect_more(policy: dict[str, Any]) -> None:
        record(policy)
        if not missing():
            raise Covered

    collect_maximal()
    collect_any()
    assert examples == {"maximal": 60, "any": 60}
    if missing():
        with contextlib.suppress(Covered):
            collect_more()
    assert missing() == {}


@pytest.mark.slow
@settings(max_examples=60, derandomize=True, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(policies())
def test_generated_policies_include_the_awkward_ones(policy: dict[str, Any]) -> None:
    assert is_valid(policy)
    AWKWARD["empty"] += policy["data_categories"] == [] or policy["contacts"] == []
    AWKWARD["unicode"] += any(ord(ch) > 127 for ch in str(policy))
    AWKWARD["references"] += any(p.get("data_categories") for p in policy["purposes"])


AWKWARD = {"empty": 0, "unicode": 0, "references": 0}


@pytest.mark.slow  # reads what the test above recorded, so it is selected and deselected with it
def test_the_awkward_cases_were_generated() -> None:
    # Runs after the property above (pytest keeps file order): each kind of awkward case came up.
    assert all(count > 0 for count in AWKWARD.values()), AWKWARD
