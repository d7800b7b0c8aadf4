"""The semantic diff of two policy versions (issue 15): nothing for equal policies, a mirror image when the versions
are swapped, exactly the change made for a single mutation anywhere in a generated policy, classed as the README's
table says, and the cases the issue names by hand."""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pytest
from conftest import REPO
from hypothesis import HealthCheck, Phase, given, reject, settings
from hypothesis import strategies as st
from strategies import policies

from policylint.diff import IGNORED, NATURAL_KEYS, Change, classes_table, diff
from policylint.render.notice import NEGATIVE
from policylint.rules.core import REFERENCE_FIELDS  # which fields hold references, and to which pool of ids

Path = tuple[str | int, ...]

SETTINGS = {"deadline": None, "derandomize": True, "database": None,
            "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}
# Generation only: shrinking a maximal policy, or a mutation of an ordinary one, takes over five minutes, and the
# failing example names the mutation.
GENERATE_ONLY = {**SETTINGS, "phases": [Phase.generate]}

MINIMAL: dict[str, Any] = {
    "schema_version": "2.0",
    "document": {"title": "Privacy Notice", "language": "en"},
    "organisation": {"name": "Example Ltd"},
    "contacts": [{"id": "privacy", "kind": "privacy_office", "name": "Privacy team",
                  "channels": [{"type": "email", "value": "privacy@example.com"}]}],
    "frameworks": [],
    "data_categories": [{"id": "contact", "label": "Contact details"},
                        {"id": "orders", "label": "Order history"}],
    "purposes": [{"id": "deliver", "description": "To deliver your orders", "data_categories": ["contact", "orders"]}],
    "recipients": [{"id": "couriers", "kind": "shipping_carrier", "data_categories": ["contact"],
                    "purposes": ["deliver"]}],
    "retention": [{"kind": "period", "period": "P6Y", "applies_to": ["orders"]}],
    "negative_statements": [{"id": "sale", "claim": "no_sale"}],
}


# The README's table -----------------------------------------------------------------------------------------------

def readme_table() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.search(r"^<!-- diff-classes -->\n(.*?)\n<!-- /diff-classes -->$", readme, re.S | re.M)
    assert found, "README.md has no <!-- diff-classes --> ... <!-- /diff-classes --> section"
    return found[1]


def readme_classes() -> dict[tuple[str, str], bool]:
    """(pattern, change) -> material, read from the README's table; what it does not list is minor."""
    classes: dict[tuple[str, str], bool] = {}
    rows = [line for line in readme_table().splitlines() if line.startswith("|")][2:]  # past the header and rule
    for row in rows:
        where, change, klass, _meaning = (cell.strip() for cell in row.strip("|").split("|", 3))
        assert klass in ("material", "minor"), row
        if where == "anything else":
            assert (change, klass) == ("any", "minor"), row
            continue
        pattern = where.strip("`")
        assert (pattern, change) not in classes, f"{row}: listed twice"
        classes[pattern, change] = klass == "material"
    return classes


README_CLASSES = readme_classes()


def readme_class(pattern: str, change: str) -> bool:
    return README_CLASSES.get((pattern, change), False)


def test_the_readme_table_is_classes_table() -> None:
    assert readme_table() == classes_table()
    assert "anything else" in readme_table()
    assert any(README_CLASSES.values()) and len(README_CLASSES) > 20


# Paths and patterns -----------------------------------------------------------------------------------------------

def pattern_of(path: Path) -> str:
    """The CLASSES pattern of a path: keys joined by '.', list indexes as '[]'."""
    pattern = ""
    for step in path:
        pattern += "[]" if isinstance(step, int) else (f".{step}" if pattern else step)
    return pattern


def test_pattern_of() -> None:
    assert pattern_of(("recipients", 3, "data_categories", 0)) == "recipients[].data_categories[]"
    assert pattern_of(("rights", "statements", 1, "methods")) == "rights.statements[].methods"


def at(node: Any, path: Path) -> Any:
    for step in path:
        node = node[step]
    return node


def nodes(node: Any, path: Path = ()) -> list[tuple[Path, Any]]:
    """Every node of a policy with its path, provenance (which the diff ignores) left out."""
    found = [(path, node)]
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in IGNORED:
                found += nodes(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += nodes(value, (*path, i))
    return found


def said(node: Any) -> Any:
    """What a node says: itself without provenance."""
    if isinstance(node, dict):
        return {k: said(v) for k, v in node.items() if k not in IGNORED}
    if isinstance(node, list):
        return [said(v) for v in node]
    return node


def strings_in(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set(node).union(*(strings_in(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(strings_in(v) for v in node))
    return {node} if isinstance(node, str) else set()


DURATION = re.compile(r"P(\d+[YMWD])+")


# Single mutations -------------------------------------------------------------------------------------------------

@dataclass
class Mutation:
    kind: str  # remove (a list item), add (a list item), change (a scalar), rename (an item's id, and references)
    path: Path  # the list item removed (in old), added (in new), or the scalar changed
    old: dict[str, Any]
    new: dict[str, Any]


def changed_scalar(value: Any) -> Any:
    """A different value of the same type: a boolean flips, a number grows, a duration gets longer (P6Y -> P16Y),
    a string gets a suffix."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str) and DURATION.fullmatch(value):
        return "P1" + value[1:]
    return f"{value}-changed"


@st.composite
def mutations(draw: st.DrawFn, kind: str, maximal: bool | None = False) -> Mutation:
    """A generated policy and a copy with exactly one mutation of `kind` somewhere in it."""
    old = draw(policies(maximal))
    every = nodes(old)
    if kind == "change":
        candidates = [path for path, node in every if path and not isinstance(node, dict | list)]
    elif kind == "rename":
        candidates = [path for path, node in every if path[-1:] == ("id",) and isinstance(path[-2], int)]
    else:
        candidates = [path for path, node in every if isinstance(node, list) and node]
    if not candidates:
        reject()
    path = draw(st.sampled_from(candidates))
    new = copy.deepcopy(old)
    target = at(new, path)
    if kind == "remove":
        position = draw(st.integers(0, len(target) - 1))
        del target[position]
        return Mutation(kind, (*path, position), old, new)
    if kind == "add":
        used = strings_in(old)
        if all(isinstance(item, str) for item in target):
            added: Any = next(f"new-{n}" for n in range(len(used) + 1) if f"new-{n}" not in used)
        else:
            added = copy.deepcopy(draw(st.sampled_from(target)))
            if isinstance(added, dict) and "id" in added:
                added["id"] = next(f"{added['id']}-{n}" for n in range(len(used) + 1)
                                   if f"{added['id']}-{n}" not in used)
        position = draw(st.integers(0, len(target)))
        target.insert(position, added)
        return Mutation(kind, (*path, position), old, new)
    at(new, path[:-1])[path[-1]] = changed_scalar(target)
    if path[-1] == "id":  # a rename: references follow, so the policy's references still resolve
        rename_references(new, path[:-2], target, at(new, path))
    return Mutation(kind, path, old, new)


# Where each pool of ids REFERENCE_FIELDS names is declared.
POOLS = {("data_categories",): "data_categories", ("purposes",): "purposes", ("recipients",): "recipients",
         ("contacts",): "contacts", ("audiences",): "audiences", ("cookies", "technologies"): "technologies",
         ("organisation", "entities"): "entities"}


def rename_references(policy: dict[str, Any], declared: Path, old: str, new: str) -> None:
    """Rename references to the item `old` of the list at `declared` (a category's items are "category/item")."""
    if pattern_of(declared) == "data_categories[].items":
        category = at(policy, declared[:-1])["id"]
        pool, old, new = "data_categories", f"{category}/{old}", f"{category}/{new}"
    elif declared in POOLS:
        pool = POOLS[declared]
    else:
        return  # negative statements and restrictions are not referred to

    def renamed(ref: str) -> str:
        if ref == old:
            return new
        if pool == "data_categories" and ref.startswith(f"{old}/"):
            return new + ref[len(old):]
        return ref

    for _path, node in nodes(policy):
        if isinstance(node, dict):
            for key, value in node.items():
                if REFERENCE_FIELDS.get(key) == pool and isinstance(value, list) \
                        and all(isinstance(ref, str) for ref in value):
                    node[key] = [renamed(ref) for ref in value]


def assert_one_item_change(changes: list[Change], mutation: Mutation, change: str) -> None:
    replaced = content_keyed_item(mutation.old, mutation.path[:-1])
    if replaced is not None:  # the list is (in) what identifies an item: a retention statement's `applies_to`
        assert_replaced(changes, mutation, replaced)
        return
    list_pattern = pattern_of(mutation.path)  # ends in [] (the item's index)
    assert [(c.pattern, c.change) for c in changes] == [(list_pattern, change)], changes
    found = changes[0]
    # Where an equal item stands beside it, either may be the one reported: the path is to an item equal to it.
    version = mutation.old if change == "removed" else mutation.new
    assert found.path[:-1] == mutation.path[:-1]
    assert said(at(version, found.path)) == said(at(version, mutation.path))
    if change == "removed":
        assert (found.old, found.new) == (at(mutation.old, found.path), None)
    else:
        assert (found.old, found.new) == (None, at(mutation.new, found.path))
    assert found.material == readme_class(list_pattern, change)
    assert found.words.strip()


@settings(max_examples=60, **GENERATE_ONLY)
@given(mutations("remove"))
def test_removing_one_list_item_is_one_removal(mutation: Mutation) -> None:
    assert_one_item_change(diff(mutation.old, mutation.new), mutation, "removed")


@settings(max_examples=60, **GENERATE_ONLY)
@given(mutations("add"))
def test_adding_one_list_item_is_one_addition(mutation: Mutation) -> None:
    assert_one_item_change(diff(mutation.old, mutation.new), mutation, "added")


def content_keyed_item(policy: dict[str, Any], path: Path) -> Path | None:
    """The outermost list item that a change at `path` replaces as a whole: an item of a list matched by content
    (a string in a list; an item of a list with neither ids nor natural keys), or one whose natural key the path
    goes through. None when every list on the way matches its items by id or by a natural key the path is not in."""
    for depth, step in enumerate(path):
        if not isinstance(step, int):
            continue
        items = at(policy, path[:depth])
        list_pattern = pattern_of(path[:depth])
        has_ids = all(isinstance(i, dict) and "id" in i for i in items)
        natural = list_pattern in NATURAL_KEYS and all(isinstance(i, dict) for i in items)
        field = path[depth + 1] if depth + 1 < len(path) else None
        if has_ids:
            continue
        if natural and field not in NATURAL_KEYS[list_pattern]:
            continue
        return path[:depth + 1]
    return None


def assert_replaced(changes: list[Change], mutation: Mutation, replaced: Path) -> None:
    """The item at `replaced` is matched by what it says, so it reads as the old item removed and the new one added
    (or, where an equal item stands beside it, an item equal to the old one removed and one equal to the new one
    added)."""
    item_pattern = pattern_of(replaced)
    assert sorted((c.pattern, c.change) for c in changes) == [(item_pattern, "added"), (item_pattern, "removed")], \
        changes
    added, removed = sorted(changes, key=lambda c: c.change)
    assert said(removed.old) == said(at(mutation.old, replaced))
    assert said(added.new) == said(at(mutation.new, replaced))
    assert removed.old == at(mutation.old, removed.path) and added.new == at(mutation.new, added.path)
    assert (removed.material, added.material) == (readme_class(item_pattern, "removed"),
                                                  readme_class(item_pattern, "added"))


def check_changed_scalar(mutation: Mutation) -> None:
    changes = diff(mutation.old, mutation.new)
    assert changes, "a changed value must show"
    path, pattern = mutation.path, pattern_of(mutation.path)
    before, after = at(mutation.old, path), at(mutation.new, path)
    replaced = content_keyed_item(mutation.old, path)
    if replaced is not None:
        assert_replaced(changes, mutation, replaced)
        return
    if path[-1] == "id":
        # An id changed, and the references to it with it: one rename.
        assert [(c.pattern, c.change, c.path, c.old, c.new) for c in changes] == [
            (pattern, "changed", path, before, after)], changes
        assert not changes[0].material
        assert f"from {before} to {after}" in changes[0].words
        return
    assert len(changes) == 1, changes
    found = changes[0]
    if isinstance(before, bool):
        expected = "true" if after else "false"
    elif isinstance(before, str) and DURATION.fullmatch(before) and pattern.endswith(("period", "grace_period")):
        expected = "longer"
    else:
        expected = "changed"
    assert (found.pattern, found.change, found.path, found.old, found.new) == (pattern, expected, path, before, after)
    assert found.material == readme_class(pattern, expected)
    assert found.words.strip()


@settings(max_examples=100, **GENERATE_ONLY)
@given(mutations("change"))
def test_changing_one_value_shows_where_it_changed(mutation: Mutation) -> None:
    check_changed_scalar(mutation)


@settings(max_examples=40, **GENERATE_ONLY)
@given(mutations("rename"))
def test_renaming_one_item_is_one_rename(mutation: Mutation) -> None:
    check_changed_scalar(mutation)
    assert_mirror(mutation.old, mutation.new)


@pytest.mark.slow
@settings(max_examples=15, **GENERATE_ONLY)
@given(st.sampled_from(["remove", "add", "change", "rename"]).flatmap(lambda kind: mutations(kind, maximal=True)))
def test_single_mutations_of_maximal_policies(mutation: Mutation) -> None:
    if mutation.kind in ("change", "rename"):
        check_changed_scalar(mutation)
    else:
        assert_one_item_change(diff(mutation.old, mutation.new), mutation,
                               "removed" if mutation.kind == "remove" else "added")
    assert_mirror(mutation.old, mutation.new)


# Equal policies and mirror images ---------------------------------------------------------------------------------

@settings(max_examples=50, **SETTINGS)
@given(policies())
def test_a_policy_has_no_changes_from_itself(policy: dict[str, Any]) -> None:
    assert diff(policy, policy) == []
    assert diff(policy, copy.deepcopy(policy)) == []


@pytest.mark.slow
@settings(max_examples=10, **GENERATE_ONLY)
@given(policies(maximal=True))
def test_a_maximal_policy_has_no_changes_from_itself(policy: dict[str, Any]) -> None:
    assert diff(policy, copy.deepcopy(policy)) == []


# What diff(b, a) says for each change of diff(a, b). A key added with the value true reads as "true" (so that
# `sale: true` on a recipient reads as a sale), and taking such a key away reads as "removed" (the policy no longer
# says so; it does not say the opposite).
MIRROR = {"added": "removed", "removed": "added", "changed": "changed", "longer": "shorter", "shorter": "longer",
          "true": "false", "false": "true"}


def mirrored(change: Change) -> tuple[str, str, str, str]:
    if change.change == "true" and change.old is None:
        kind = "removed"  # a key added with the value true
    elif change.change == "removed" and change.old is True:
        kind = "true"  # a key with the value true taken away
    else:
        kind = MIRROR[change.change]
    return change.pattern, kind, json.dumps(change.new, sort_keys=True), json.dumps(change.old, sort_keys=True)


def plain(change: Change) -> tuple[str, str, str, str]:
    return change.pattern, change.change, json.dumps(change.old, sort_keys=True), json.dumps(change.new, sort_keys=True)


def assert_mirror(a: dict[str, Any], b: dict[str, Any]) -> None:
    forward, backward = diff(a, b), diff(b, a)
    assert len(forward) == len(backward)
    assert Counter(map(mirrored, forward)) == Counter(map(plain, backward))
    for change in forward + backward:  # every change, either way round, is classed as the README's table says
        assert change.material == readme_class(change.pattern, change.change), change


@settings(max_examples=30, **SETTINGS)
@given(policies(), policies())
def test_swapping_two_policies_mirrors_the_diff(a: dict[str, Any], b: dict[str, Any]) -> None:
    assert_mirror(a, b)


@settings(max_examples=60, **GENERATE_ONLY)
@given(st.sampled_from(["remove", "add", "change", "rename"]).flatmap(mutations))
def test_swapping_a_policy_and_its_mutation_mirrors_the_diff(mutation: Mutation) -> None:
    assert_mirror(mutation.old, mutation.new)


# Hand-written cases -----------------------------------------------------------------------------------------------

def policy(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(MINIMAL)
    data.update(copy.deepcopy(changes))
    return data


def test_a_renamed_category_is_one_minor_change() -> None:
    new = policy(
        data_categories=[{"id": "contact-details", "label": "Contact details"}, MINIMAL["data_categories"][1]],
        purposes=[{**MINIMAL["purposes"][0], "data_categories": ["contact-details", "orders"]}],
        recipients=[{**MINIMAL["recipients"][0], "data_categories": ["contact-details"]}])
    changes = diff(MINIMAL, new)
    assert [(c.pattern, c.change, c.path, c.old, c.new) for c in changes] == [
        ("data_categories[].id", "changed", ("data_categories", 0, "id"), "contact", "contact-details")]
    assert not changes[0].material
    assert "Contact details" in changes[0].words


def test_a_longer_retention_period_is_material_and_a_shorter_one_minor() -> None:
    longer = policy(retention=[{**MINIMAL["retention"][0], "period": "P10Y"}])
    [change] = diff(MINIMAL, longer)
    assert (change.pattern, change.change, change.old, change.new) == ("retention[].period", "longer", "P6Y", "P10Y")
    assert change.material
    [change] = diff(longer, MINIMAL)
    assert (change.pattern, change.change, change.old, change.new) == ("retention[].period", "shorter", "P10Y", "P6Y")
    assert not change.material


def test_dropping_a_no_sale_promise_is_material() -> None:
    [change] = diff(MINIMAL, policy(negative_statements=[]))
    assert (change.pattern, change.change) == ("negative_statements[]", "removed")
    assert change.material
    assert change.words.startswith("No longer says")
    assert NEGATIVE["no_sale"] == "We do not sell personal information."
    assert '"We do not sell personal information."' in change.words


def test_a_new_recipient_that_buys_the_data_is_a_material_sale() -> None:
    broker = {"id": "brokers", "kind": "data_broker", "data_categories": ["contact"], "sale": True}
    [change] = diff(MINIMAL, policy(recipients=[*MINIMAL["recipients"], broker]))
    assert (change.pattern, change.change, change.path, change.new) == ("recipients[]", "added", ("recipients", 1),
                                                                        broker)
    assert change.material
    assert "a sale" in change.words
    assert "Contact details" in change.words
    [not_sold] = diff(MINIMAL, policy(recipients=[*MINIMAL["recipients"], {**broker, "sale": False}]))
    assert "a sale" not in not_sold.words  # still material: a new recipient


def test_a_rename_is_followed_only_in_references_to_its_own_list() -> None:
    """Ids are unique within their list: a category renamed to the id a purpose has leaves the purpose as it was."""
    new = policy(
        data_categories=[{"id": "deliver", "label": "Contact details"}, MINIMAL["data_categories"][1]],
        purposes=[{**MINIMAL["purposes"][0], "data_categories": ["deliver", "orders"]}],
        recipients=[{**MINIMAL["recipients"][0], "data_categories": ["deliver"]}])
    assert [(c.pattern, c.change, c.old, c.new) for c in diff(MINIMAL, new)] == [
        ("data_categories[].id", "changed", "contact", "deliver")]
    assert [(c.pattern, c.change, c.old, c.new) for c in diff(new, MINIMAL)] == [
        ("data_categories[].id", "changed", "deliver", "contact")]


def test_renames_of_equal_items_pair_in_order_both_ways() -> None:
    twins = policy(data_categories=[{"id": "a", "label": "Same"}, {"id": "b", "label": "Same"}], purposes=[],
                   recipients=[], retention=[])
    one = policy(data_categories=[{"id": "c", "label": "Same"}], purposes=[], recipients=[], retention=[])
    assert [(c.change, c.old, c.new) for c in diff(twins, one)] == [("removed", {"id": "b", "label": "Same"}, None),
                                                                     ("changed", "a", "c")]
    assert [(c.change, c.old, c.new) for c in diff(one, twins)] == [("changed", "c", "a"),
                                                                     ("added", None, {"id": "b", "label": "Same"})]
    assert_mirror(twins, one)


def test_what_is_new_is_quoted_as_the_new_version_says_it() -> None:
    """References to a renamed item are compared under its old id, but a new item is quoted with the new id."""
    broker = {"id": "brokers", "kind": "data_broker", "data_categories": ["contact-details"]}
    new = policy(
        data_categories=[{"id": "contact-details", "label": "Contact details"}, MINIMAL["data_categories"][1]],
        purposes=[{**MINIMAL["purposes"][0], "data_categories": ["contact-details", "orders"]}],
        recipients=[{**MINIMAL["recipients"][0], "data_categories": ["contact-details"]}, broker])
    renamed, added = diff(MINIMAL, new)
    assert (renamed.change, added.change, added.new) == ("changed", "added", broker)
    assert "Contact details" in added.words
    assert_mirror(MINIMAL, new)


RIGHTS = {"contacts": ["privacy"], "statements": [{"right": "access"}, {"right": "erasure"}]}


@pytest.mark.parametrize(("before", "after", "expected"), [
    # A section or list that was not there reads as an empty one wherever the table classes what is in it.
    ({"rights": RIGHTS}, {}, [("rights.contacts[]", "removed", True), ("rights.statements[]", "removed", True),
                              ("rights.statements[]", "removed", True)]),
    ({}, {"profiling": {"used": True}}, [("profiling.used", "true", True)]),
    ({}, {"transfers": [{"destination": "US", "mechanism": "sccs"}]}, [("transfers[]", "added", True)]),
    ({}, {"cookies": {"technologies": [{"id": "ga", "technology": "cookie"}], "consent": "opt_in"}},
     [("cookies.technologies[]", "added", True), ("cookies.consent", "added", False)]),
    ({"recipients": [{"id": "couriers", "kind": "shipping_carrier"}]}, {},
     [("recipients[].data_categories[]", "added", True), ("recipients[].purposes[]", "added", True)]),
    ({"purposes": [{"id": "deliver", "description": "To deliver your orders"}]}, {},
     [("purposes[].data_categories[]", "added", True), ("purposes[].data_categories[]", "added", True)]),
    # Elsewhere a field added or taken away is one change.
    ({}, {"california": {"collected_categories": {"categories": ["contact"]}}},
     [("california.collected_categories", "added", False)]),
    ({"negative_statements": [{"id": "sale", "claim": "no_sale"}]},
     {"negative_statements": [{"id": "sale", "claim": "no_sale", "data_categories": ["contact"]}]},
     [("negative_statements[].data_categories", "added", True)]),
    ({}, {"transfers": []}, [("transfers", "added", False)]),
])
def test_sections_added_or_taken_away(before: dict[str, Any], after: dict[str, Any],
                                      expected: list[tuple[str, str, bool]]) -> None:
    old, new = policy(**before), policy(**after)
    assert [(c.pattern, c.change, c.material) for c in diff(old, new)] == expected
    assert_mirror(old, new)


def test_a_data_source_is_named_by_its_names() -> None:
    """A source's `named` is a list of strings (a recipient's is of {name, country}): labelling one crashed."""
    given = {"kind": "data_subject"}
    sourced = policy(data_categories=[{**MINIMAL["data_categories"][0], "sources": [
        given, {"kind": "third_party", "named": ["Acme Credit", "Bureau Ltd"]}]}, MINIMAL["data_categories"][1]])
    unsourced = policy(data_categories=[{**MINIMAL["data_categories"][0], "sources": [given]},
                                        MINIMAL["data_categories"][1]])
    [change] = diff(sourced, unsourced)
    assert (change.pattern, change.change) == ("data_categories[].sources[]", "removed")
    assert "Acme Credit, Bureau Ltd" in change.words
