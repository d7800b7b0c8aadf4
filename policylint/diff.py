"""A semantic diff of two versions of a policy: what changed for the people it is about, in the notice's words.

Lists of items with ids are matched by id, and an item whose id alone changed is one rename (its references in the
new version are read under the old id). Lists without ids are matched by what identifies their items (a right by
the right, a channel by its type and value, a retention statement by what it covers), other lists by content.
Provenance (`evidence`, `note`, `source`) is not compared.

Each change is classed by CLASSES: material when people lose something or the organisation does more with their data,
minor otherwise. The README's table is CLASSES (tests/test_diff.py checks it).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from policylint.model import duration_days
from policylint.render.notice import NEGATIVE
from policylint.render.wording import duration_words, place_words, words

Item = dict[str, Any]

IGNORED = frozenset({"evidence", "note", "source"})  # provenance: where a claim comes from, not what it says

# What identifies an item of a list without ids, so that a changed item reads as changed, not as removed and added.
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "contacts[].channels": ("type", "value"),
    "frameworks": ("framework", "name"),
    "applicability": ("law",),
    "rights.statements": ("right", "residents_of", "audiences"),
    "transfers": ("destination", "destination_outside", "recipients", "origin"),
    "retention": ("applies_to", "purposes", "technologies", "audiences", "scope_text"),
    "children.statements": ("kind",),
    "security.measures": ("kind",),
    "changes.notification": ("method",),
    "legal_bases": ("basis",),
    "complaints.supervisory_authorities": ("name",),
    "dpf.recourse_bodies": ("name",),
    "data_categories[].sources": ("kind",),
    "recipients[].named": ("name",),
    "rights.fees": ("kind",),
    "rights.response_times": ("commitment",),
    "cookies.controls": ("kind",),
    "provision_requirements": ("requirement", "data_categories", "purposes"),
}

# Fields that refer to items by id, and the list those ids are declared in: a renamed item's new id is read as its
# old one there (only there: ids are unique within their list, and a purpose may have a data category's id).
REFERENCE_FIELDS: dict[str, str] = {
    "data_categories": "data_categories", "applies_to": "data_categories", "categories": "data_categories",
    "purposes": "purposes", "recipients": "recipients", "binds": "recipients", "contacts": "contacts",
    "complaint_contacts": "contacts", "audiences": "audiences", "technologies": "cookies.technologies",
    "covered_entities": "organisation.entities", "entities": "organisation.entities"}
ITEMS = "data_categories[].items"  # a category's items, named "category-id/item-id" in references

# Renamed ids, new -> old, for each list of items with ids: its pattern and the ids of the items it is in (the items
# of a category are another list for each category).
Renames = dict[tuple[str, tuple[str, ...]], dict[str, str]]


@dataclass(frozen=True)
class ChangeClass:
    pattern: str  # where in the policy: a path with [] for any list item ("recipients[].data_categories[]")
    change: str  # added, removed, changed, longer, shorter, true, false
    material: bool
    meaning: str  # what it means for the people the policy is about, for the README's table


# The material changes; every other change is minor (wording, a shorter retention, a new right, a new contact).
CLASSES: tuple[ChangeClass, ...] = (
    ChangeClass("data_categories[]", "added", True, "a new kind of information is collected"),
    ChangeClass("data_categories[].items[]", "added", True, "a new piece of information is collected"),
    ChangeClass("purposes[]", "added", True, "data is used for a new purpose"),
    ChangeClass("purposes[].data_categories[]", "added", True, "a purpose uses more data"),
    ChangeClass("purposes[].legal_bases[]", "added", True, "a purpose rests on another legal basis"),
    ChangeClass("purposes[].legal_bases[]", "removed", True, "a purpose no longer rests on a legal basis it named"),
    ChangeClass("purposes[].all_data", "true", True, "a purpose now uses all the data collected"),
    ChangeClass("recipients[]", "added", True, "a new recipient"),
    ChangeClass("recipients[].data_categories[]", "added", True, "a recipient receives more data"),
    ChangeClass("recipients[].purposes[]", "added", True, "a recipient receives data for more purposes"),
    ChangeClass("recipients[].sale", "true", True, "a disclosure becomes a sale"),
    ChangeClass("recipients[].sharing_for_advertising", "true", True, "a disclosure becomes sharing for advertising"),
    ChangeClass("recipients[].own_purposes", "true", True, "a recipient may use the data for its own purposes"),
    ChangeClass("california.sold_categories.categories[]", "added", True, "more information is sold"),
    ChangeClass("california.shared_categories.categories[]", "added", True, "more information is shared"),
    ChangeClass("california.sold_or_shared_categories.categories[]", "added", True,
                "more information is sold or shared"),
    ChangeClass("transfers[]", "added", True, "data goes to another country"),
    ChangeClass("retention[]", "removed", True, "a retention period is no longer stated"),
    ChangeClass("retention[].period", "longer", True, "data is kept longer"),
    ChangeClass("retention[].kind", "changed", True, "how long data is kept is decided differently"),
    ChangeClass("rights.statements[]", "removed", True, "a right is no longer granted"),
    ChangeClass("rights.statements[].methods[]", "removed", True, "a way of exercising a right is gone"),
    ChangeClass("rights.statements[].contacts[]", "removed", True, "a contact for exercising a right is gone"),
    ChangeClass("rights.contacts[]", "removed", True, "a contact for exercising rights is gone"),
    ChangeClass("contacts[]", "removed", True, "a contact is gone"),
    ChangeClass("contacts[].channels[]", "removed", True, "a way of reaching a contact is gone"),
    ChangeClass("negative_statements[]", "removed", True, "the policy no longer says it does not do something"),
    ChangeClass("negative_statements[].exceptions", "added", True, "a promise gains exceptions"),
    ChangeClass("negative_statements[].qualification", "added", True, "a promise is qualified"),
    ChangeClass("negative_statements[].hedge", "added", True, "a promise is hedged"),
    ChangeClass("negative_statements[].data_categories", "added", True, "a promise narrows to some data"),
    ChangeClass("negative_statements[].purposes", "added", True, "a promise narrows to some purposes"),
    ChangeClass("negative_statements[].recipients", "added", True, "a promise narrows to some recipients"),
    ChangeClass("negative_statements[].technologies", "added", True, "a promise narrows to some technologies"),
    ChangeClass("negative_statements[].audiences", "added", True, "a promise narrows to some people"),
    ChangeClass("cookies.technologies[]", "added", True, "a new tracking technology"),
    ChangeClass("frameworks[]", "removed", True, "the policy no longer names a law or framework"),
    ChangeClass("profiling.used", "true", True, "people are now profiled"),
    ChangeClass("automated_decision_making.used", "true", True, "decisions are now made by automated means"),
)
_CLASSES = {(c.pattern, c.change): c for c in CLASSES}
# The fields CLASSES classes something inside ("rights" for "rights.statements[]"): where such a section or list is
# added or taken away, it is compared with an empty one, so that the table's rows apply whether it was there or not
# (dropping `rights` takes every right away; a recipient given `data_categories` receives more data).
_CLASSED_INSIDE = frozenset(c.pattern[:i] for c in CLASSES for i, char in enumerate(c.pattern)
                            if char in ".[" and i and not c.pattern[:i].endswith("[]"))


@dataclass(frozen=True)
class Change:
    pattern: str  # CLASSES's pattern for where it is
    change: str  # CLASSES's change
    path: tuple[str | int, ...]  # where it is in the new version (the old one for a removal)
    words: str  # what changed, in the notice's words
    old: Any = None
    new: Any = None

    @property
    def material(self) -> bool:
        return classify(self.pattern, self.change)

    def as_dict(self) -> dict[str, Any]:
        return {"material": self.material, "change": self.change, "where": self.pattern,
                "path": list(self.path), "words": self.words, "old": self.old, "new": self.new}


def classes_table() -> str:
    """CLASSES as the README's Markdown table."""
    rows = ["| Where | Change | Class | What it means |", "|---|---|---|---|"]
    rows += [f"| `{c.pattern}` | {c.change} | {'material' if c.material else 'minor'} | {c.meaning} |"
             for c in CLASSES]
    rows.append("| anything else | any | minor | wording, a shorter retention, a new right or contact, ... |")
    return "\n".join(rows)


def classify(pattern: str, change: str) -> bool:
    """Whether a change of this kind in this place is material (CLASSES)."""
    found = _CLASSES.get((pattern, change))
    return found.material if found else False


def diff(old: Item, new: Item) -> list[Change]:
    """The changes from `old` to `new`, two schema-valid policies, in document order."""
    renames = _renames(old, new)
    namer = _Namer(old, new)
    changes = list(_compare(old, _renamed(new, renames), (), "", namer, renames))
    if not renames:
        return changes
    # Compared with references read under the old ids; what is new is quoted as the new version says it.
    return [c if c.change == "removed" else replace(c, new=_at(new, c.path)) for c in changes]


def _at(node: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        node = node[step]
    return node


def _renames(old: Item, new: Item) -> Renames:
    """New id -> old id, for items equal in all but their id, in every list with ids. Equal items pair in order:
    the first old one gone with the first new one, so that the pairs are the same either way round."""
    renames: Renames = {}
    for scope, old_list, new_list in _id_lists(old, new, "", ()):
        old_ids = {i["id"] for i in old_list}
        new_ids = {i["id"] for i in new_list}
        gone: dict[str, list[str]] = {}
        for item in old_list:
            if item["id"] not in new_ids:
                gone.setdefault(_fingerprint({k: v for k, v in item.items() if k != "id"}), []).append(item["id"])
        for item in new_list:
            if item["id"] in old_ids:
                continue
            candidates = gone.get(_fingerprint({k: v for k, v in item.items() if k != "id"}))
            if candidates:
                renames.setdefault(scope, {})[item["id"]] = candidates.pop(0)
    return renames


def _id_lists(old: Any, new: Any, pattern: str, within: tuple[str, ...]) \
        -> Iterator[tuple[tuple[str, tuple[str, ...]], list[Item], list[Item]]]:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in old:
            if key in new and key not in IGNORED:
                yield from _id_lists(old[key], new[key], f"{pattern}.{key}" if pattern else key, within)
    elif isinstance(old, list) and isinstance(new, list) and _has_ids(old) and _has_ids(new):
        yield (pattern, within), old, new
        by_id = {i["id"]: i for i in old}
        for item in new:
            if item["id"] in by_id:
                yield from _id_lists(by_id[item["id"]], item, f"{pattern}[]", (*within, item["id"]))


def _has_ids(items: list[Any]) -> bool:
    return bool(items) and all(isinstance(i, dict) and "id" in i for i in items)


def _renamed(node: Any, renames: Renames, key: str = "") -> Any:
    """`node` with renamed ids read as the old ones in reference fields."""
    if not renames:
        return node
    if isinstance(node, dict):
        return {k: _renamed(v, renames, k) for k, v in node.items()}
    if isinstance(node, list):
        if key in REFERENCE_FIELDS and all(isinstance(v, str) for v in node):
            return [_rename_ref(v, REFERENCE_FIELDS[key], renames) for v in node]
        return [_renamed(v, renames, key) for v in node]
    return node


def _rename_ref(ref: str, declared: str, renames: Renames) -> str:
    top = renames.get((declared, ()), {})
    category, slash, item = ref.partition("/")
    if not slash or declared != "data_categories":
        return top.get(ref, ref)
    category = top.get(category, category)
    return f"{category}/{renames.get((ITEMS, (category,)), {}).get(item, item)}"


def _fingerprint(node: Any) -> str:
    return json.dumps(_without_provenance(node), sort_keys=True, ensure_ascii=False)


def _without_provenance(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _without_provenance(v) for k, v in node.items() if k not in IGNORED}
    if isinstance(node, list):
        return [_without_provenance(v) for v in node]
    return node


def _compare(old: Any, new: Any, path: tuple[str | int, ...], pattern: str, namer: _Namer,
             renames: Renames, within: tuple[str, ...] = ()) -> Iterator[Change]:
    """The changes from `old` to `new` at `path`; `within` is the ids of the items with ids they are in."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(k for k in new if k not in old)]:
            if key in IGNORED:
                continue
            where = f"{pattern}.{key}" if pattern else key
            if (key not in new or key not in old) and where in _CLASSED_INSIDE:
                value = old[key] if key not in new else new[key]
                if isinstance(value, dict | list) and _without_provenance(value):
                    empty = type(value)()
                    yield from _compare(*((value, empty) if key not in new else (empty, value)), (*path, key), where,
                                        namer, renames, within)
                    continue
            if key not in new:
                yield Change(where, "removed", (*path, key), namer.field(path, key, old[key], None), old[key], None)
            elif key not in old:
                change = "true" if new[key] is True else "added"
                yield Change(where, change, (*path, key), namer.field(path, key, None, new[key]), None, new[key])
            else:
                yield from _compare(old[key], new[key], (*path, key), where, namer, renames, within)
    elif isinstance(old, list) and isinstance(new, list):
        yield from _compare_lists(old, new, path, pattern, namer, renames, within)
    elif _fingerprint(old) != _fingerprint(new):
        yield Change(pattern, _scalar_change(pattern, old, new), path, namer.field(path[:-1], path[-1], old, new),
                     old, new)


def _scalar_change(pattern: str, old: Any, new: Any) -> str:
    if isinstance(old, bool) and isinstance(new, bool):
        return "true" if new else "false"
    if pattern.endswith(("period", "grace_period")) and isinstance(old, str) and isinstance(new, str):
        before, after = duration_days(old), duration_days(new)
        if before is not None and after is not None and before != after:
            return "longer" if after > before else "shorter"
    return "changed"


def _compare_lists(old: list[Any], new: list[Any], path: tuple[str | int, ...], pattern: str, namer: _Namer,
                   renames: Renames, within: tuple[str, ...]) -> Iterator[Change]:
    where = f"{pattern}[]"
    ids = _has_ids(old) or _has_ids(new)
    renamed = renames.get((pattern, within), {})
    if ids:
        keys = (lambda item: item["id"]), (lambda item: renamed.get(item["id"], item["id"]))
    elif pattern in NATURAL_KEYS and all(isinstance(i, dict) for i in old + new):
        fields = NATURAL_KEYS[pattern]
        def natural(item: Item) -> str:
            return _fingerprint([item.get(f) for f in fields])

        keys = natural, natural
    else:
        keys = _fingerprint, _fingerprint
    removed, pairs = _match(old, new, *keys)
    for position, item in removed:
        yield Change(where, "removed", (*path, position), namer.item(path, pattern, item, "removed"), item, None)
    for position, item in enumerate(new):
        if position not in pairs:
            yield Change(where, "added", (*path, position), namer.item(path, pattern, item, "added"), None, item)
            continue
        before = old[pairs[position]]
        if isinstance(item, dict) and "id" in item and renamed.get(item["id"]) == before.get("id") \
                and item["id"] != before.get("id"):
            yield Change(f"{where}.id", "changed", (*path, position, "id"),
                         f"{namer.label(pattern, before)}: its id changed from {before['id']} to {item['id']}",
                         before["id"], item["id"])
            item = {**item, "id": before["id"]}
        inner = (*within, before["id"]) if ids and isinstance(before, dict) and "id" in before else within
        yield from _compare(before, item, (*path, position), where, namer, renames, inner)


def _match(old: list[Any], new: list[Any], old_key: Any, new_key: Any) -> tuple[list[tuple[int, Any]], dict[int, int]]:
    """The old items no new item matches (with their positions), and new position -> old position for the rest.

    Items match when their keys are equal. Among items with the same key (two statements of the same right, a
    repeated value), an item matches an equal one first and the others in order: taking away the first of two
    statements of a right reads as that statement removed, not as the first one changed into the second and the
    second removed."""
    unmatched: dict[str, list[int]] = {}
    for position, item in enumerate(old):
        unmatched.setdefault(old_key(item), []).append(position)
    pairs: dict[int, int] = {}
    later: list[tuple[int, list[int]]] = []
    for position, item in enumerate(new):
        candidates = unmatched.get(new_key(item))
        if not candidates:
            continue
        print_ = _fingerprint(item)
        equal = next((p for p in candidates if _fingerprint(old[p]) == print_), None)
        if equal is None:
            later.append((position, candidates))
        else:
            candidates.remove(equal)
            pairs[position] = equal
    for position, candidates in later:
        if candidates:
            pairs[position] = candidates.pop(0)
    paired = set(pairs.values())
    return [(p, item) for p, item in enumerate(old) if p not in paired], pairs


class _Namer:
    """Names for what changed, as the notice names them: a category's label, a recipient's name, a right."""

    SECTIONS: ClassVar[dict[str, str]] = {
        "data_categories": "information collected", "purposes": "purpose", "recipients": "recipient",
        "contacts": "contact", "negative_statements": "promise", "retention": "retention", "rights": "rights",
        "transfers": "transfer", "cookies": "cookies", "frameworks": "law or framework", "children": "children",
        "applicability": "applicability", "document": "policy", "organisation": "organisation",
        "california": "California notice", "dpf": "Data Privacy Framework"}

    LISTS: ClassVar[dict[str, str]] = {
        "data_categories[].items": "item", "contacts[].channels": "way to reach it", "restrictions": "restriction",
        "cookies.technologies": "tracking technology", "cookies.controls": "control", "legal_bases": "legal basis",
        "children.statements": "statement about children", "security.measures": "security measure",
        "changes.notification": "way of telling you about changes", "dpf.entity_statements": "entity statement",
        "complaints.supervisory_authorities": "supervisory authority", "data_categories[].sources": "source",
        "provision_requirements": "requirement to give data", "notices": "notice", "applicability": "assessment"}

    def __init__(self, old: Item, new: Item) -> None:
        self.versions = (old, new)
        self._names: dict[tuple[int, str], dict[str, str]] = {}

    def label(self, pattern: str, item: Any) -> str:
        section = pattern.split(".")[0].split("[")[0]
        if not isinstance(item, dict):
            return _value_words(item)
        if section == "negative_statements" and pattern == "negative_statements" and "claim" in item:
            return f"\"{NEGATIVE.get(item['claim'], words(str(item['claim'])))}\""
        if section == "rights" and "right" in item:
            return f"the right to {words(item['right'])}"
        if section == "retention" and pattern == "retention":
            covered = ", ".join(self.reference("data_categories", r) for r in item.get("applies_to", []))
            return "retention of " + (covered or item.get("scope_text") or "all data")
        if section == "transfers" and pattern == "transfers":
            destination = item.get("destination")
            return "transfer to " + (place_words(destination) if destination else "other countries")
        for key in ("label", "name", "description", "legal_name", "title", "value", "text"):
            if isinstance(item.get(key), str):
                return item[key]
        if item.get("named"):  # a recipient's named companies ({name, country}), a data source's names (strings)
            return ", ".join(n["name"] if isinstance(n, dict) else str(n) for n in item["named"])
        for key in ("kind", "technology", "framework", "method", "basis", "type", "claim", "law"):
            if isinstance(item.get(key), str):
                return words(item[key])
        return self.SECTIONS.get(section, section)

    def item(self, path: tuple[str | int, ...], pattern: str, item: Any, change: str) -> str:
        owner = self._owner(path, 1 if change == "removed" else 0)
        what = self.SECTIONS.get(pattern) or self.LISTS.get(pattern) or \
            pattern.split(".")[-1].replace("_", " ").replace("[]", "")
        subject = self.label(pattern, item)
        if pattern == "negative_statements":
            return f"No longer says {subject}" if change == "removed" else f"Now says {subject}"
        if pattern == "rights.statements":
            return f"No longer grants {subject}" if change == "removed" else f"Now grants {subject}"
        if pattern == "recipients" and isinstance(item, dict):
            subject += f" ({words(item['kind'])})" if subject != words(item["kind"]) else ""
            if item.get("data_categories"):
                subject += ", receiving " + ", ".join(self.reference("data_categories", r)
                                                      for r in item["data_categories"])
            subject += "".join(f"; {meaning}" for key, meaning in (
                ("sale", "a sale"), ("sharing_for_advertising", "shared for advertising"),
                ("own_purposes", "for its own purposes")) if item.get(key))
        if pattern == "retention" and isinstance(item, dict) and "period" in item:
            subject += f": {duration_words(item['period'])}"
        if not isinstance(item, dict) and pattern.split(".")[-1] in REFERENCE_FIELDS:
            subject = self.reference(pattern.split(".")[-1], item)
        text = f"{owner + ': ' if owner else ''}{'new' if change == 'added' else 'no longer'} {what}: {subject}"
        return text[:1].upper() + text[1:]

    def reference(self, field: str, ref: str) -> str:
        """What an id in a reference field names, in either version."""
        for index in (1, 0):
            if (index, field) not in self._names:  # each list of names built once (linear, however many refs)
                self._names[(index, field)] = _names(self.versions[index], field)
            name = self._names[(index, field)].get(ref)
            if name:
                return name
        return ref

    def field(self, path: tuple[str | int, ...], key: str | int, old: Any, new: Any) -> str:
        if (*path, key) == ("document", "status"):  # the state of the file, not something the policy says
            return "The policy is no longer a draft" if new is None else "The policy is now a draft"
        owner = self._owner((*path, key), 1 if new is None else 0)
        if not owner and path and isinstance(path[0], str):  # a section's own field: "Profiling: used is now yes"
            owner = self.SECTIONS.get(path[0]) or path[0].replace("_", " ")
        name = str(key).replace("_", " ")
        if key in REFERENCE_FIELDS:  # ids read as the names they refer to
            old, new = (", ".join(self.reference(str(key), r) for r in v)
                        if isinstance(v, list) and all(isinstance(r, str) for r in v) else v for v in (old, new))
        if old is None:
            text = f"{name} is now {_value_words(new)}"
        elif new is None:
            text = f"{name} ({_value_words(old)}) is no longer stated"
        else:
            text = f"{name} changed from {_value_words(old)} to {_value_words(new)}"
        text = f"{owner}: {text}" if owner else text
        return text[:1].upper() + text[1:]

    def _owner(self, path: tuple[str | int, ...], version: int) -> str:
        """The nearest item holding `path`, named, with its section: "recipient Advertisers"."""
        node: Any = self.versions[1 - version] if version else self.versions[1]
        owner = ""
        pattern = ""
        for step in path[:-1]:
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                break
            pattern = pattern + ("[]" if isinstance(step, int) else (f".{step}" if pattern else str(step)))
            if isinstance(step, int) and isinstance(node, dict):
                section = pattern.split("[")[0].split(".")[0]
                name = self.label(pattern[:-2], node)
                kind = self.SECTIONS.get(section, section)
                owner = name if name.startswith((kind, "the right")) or name.startswith('"') else f"{kind} {name}"
        return owner


def _names(policy: Item, field: str) -> dict[str, str]:
    section = {"applies_to": "data_categories", "categories": "data_categories", "binds": "recipients",
               "complaint_contacts": "contacts", "covered_entities": "entities"}.get(field, field)
    if section == "entities":
        items = (policy.get("organisation") or {}).get("entities", [])
    elif section == "technologies":
        items = (policy.get("cookies") or {}).get("technologies", [])
    else:
        items = policy.get(section, [])
    names: dict[str, str] = {}
    for item in items if isinstance(items, list) else []:
        name = next((item[k] for k in ("label", "name", "description", "legal_name") if isinstance(item.get(k), str)),
                    None) or (", ".join(n["name"] for n in item.get("named", [])) or words(str(item.get("kind", ""))))
        names[item["id"]] = name
        for sub in item.get("items", []) if section == "data_categories" else []:
            names[f"{item['id']}/{sub['id']}"] = f"{sub['label']} ({name})"
    return names


def _value_words(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        if duration_days(value) is not None and value.startswith("P"):
            return duration_words(value)
        return words(value) if value.islower() and "_" in value else f"\"{value}\""
    if isinstance(value, list):
        return ", ".join(_value_words(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k.replace('_', ' ')}: {_value_words(v)}" for k, v in value.items() if k not in IGNORED)
    return str(value)
