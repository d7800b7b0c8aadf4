"""Schema validation: every error reported at the most specific node, and the same verdict as the reference."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import MINIMAL_POLICY, POLICIES
from hypothesis import HealthCheck, given, settings
from strategies import policies

from policylint.loader import load, parse
from policylint.schema import load_schema
from policylint.validate import is_valid, validate

REFERENCE = jsonschema.Draft202012Validator(load_schema())


def located(text: str) -> list[tuple[int, int, str]]:
    return [(f.line, f.col, f.code) for f in validate(parse(text, "p.yaml"))]


def test_the_minimal_policy_is_valid() -> None:
    assert located(MINIMAL_POLICY) == []


def test_a_wrong_type_deep_in_a_list_points_at_the_value() -> None:
    text = MINIMAL_POLICY.replace("purposes: []", """purposes:
  - id: billing
    description: Billing
  - id: marketing
    description: Marketing
    data_categories:
      - contact
      - 42
""")
    assert located(text) == [(16, 9, "PL103")]
    message = validate(parse(text))[0].message
    assert message.startswith("$.purposes[1].data_categories[1]: expected a string, got an integer")


def test_an_unknown_key_points_at_the_key_itself() -> None:
    text = MINIMAL_POLICY.replace("  name: Example Ltd\n", "  name: Example Ltd\n  legal_nmae: Example Limited\n")
    [finding] = validate(parse(text))
    assert (finding.line, finding.col, finding.code) == (6, 3, "PL101")
    # The keys allowed at that place are named, so the author need not open the schema.
    assert finding.message == ("$.organisation.legal_nmae: unknown key 'legal_nmae' (did you mean 'legal_name'?); "
                               "allowed here: address, entities, evidence, legal_name, name, note, "
                               "registration_numbers, trading_names, website")


def test_a_missing_required_key_points_at_the_mapping() -> None:
    text = MINIMAL_POLICY.replace("contacts: []", """contacts:
  - id: privacy
    channels: []""")
    [finding] = validate(parse(text))
    assert (finding.line, finding.col, finding.code) == (7, 5, "PL102")
    # A missing key names what it wants: here its values.
    assert finding.message == ("$.contacts[0]: missing required key 'kind' (one of: privacy_office, dpo, "
                               "representative, general, customer_service)")


def test_a_missing_top_level_section_points_at_the_document() -> None:
    text = MINIMAL_POLICY.replace("retention: []\n", "")
    assert located(text) == [(1, 1, "PL102")]


def test_a_bad_enum_value_points_at_the_value_and_suggests_the_nearest() -> None:
    text = MINIMAL_POLICY.replace("frameworks: []", "frameworks:\n  - framework: gpdr")
    [finding] = validate(parse(text))
    assert (finding.line, finding.col, finding.code) == (8, 16, "PL104")
    assert "(did you mean 'gdpr'?)" in finding.message


def test_an_error_inside_a_flow_sequence_points_at_the_item() -> None:
    text = MINIMAL_POLICY.replace("purposes: []", """purposes:
  - {id: sales, description: Sales, legal_bases: [contract, consnet, legal_obligation]}""")
    [finding] = validate(parse(text))
    assert (finding.line, finding.col, finding.code) == (10, 61, "PL104")
    assert finding.message.startswith("$.purposes[0].legal_bases[1]: 'consnet' is not an allowed value")


def test_a_conditional_requirement_points_at_its_object() -> None:
    text = MINIMAL_POLICY.replace("retention: []", "retention:\n  - kind: period\n    criteria: as long as needed")
    [finding] = validate(parse(text))
    assert (finding.line, finding.col, finding.code) == (12, 5, "PL102")
    # The `required` stands in an if/then clause; what the key wants is said by the object's own properties.
    assert re.match(r"\$\.retention\[0\]: missing required key 'period' \(a string such as 'P[0-9]+[YMWD]': ",
                    finding.message), finding.message


def test_a_malformed_date_explains_the_expected_form() -> None:
    text = MINIMAL_POLICY.replace("  title: Example privacy policy\n",
                                  '  title: Example privacy policy\n  last_updated: {date: "2018-13-02"}\n')
    [finding] = validate(parse(text))
    assert (finding.line, finding.col, finding.code) == (4, 24, "PL105")
    assert "YYYY-MM-DD" in finding.message


def test_an_obfuscated_email_is_invalid_unless_marked_unusable() -> None:
    contact = """contacts:
  - id: privacy
    kind: privacy_office
    channels:
      - type: email
        value: "[email protected]"
"""
    text = MINIMAL_POLICY.replace("contacts: []\n", contact)
    assert located(text) == [(11, 16, "PL105")]
    assert located(text.replace('        value: "[email protected]"\n',
                                '        value: "[email protected]"\n        unusable: obfuscated\n')) == []


def test_a_value_of_the_wrong_type_is_reported_once() -> None:
    text = MINIMAL_POLICY.replace("frameworks: []", "frameworks:\n  - framework: 3")
    assert located(text) == [(8, 16, "PL103")]


def test_every_error_is_reported_not_only_the_first() -> None:
    text = MINIMAL_POLICY.replace("  name: Example Ltd\n", "  name: 7\n  colour: blue\n").replace(
        'schema_version: "2.0"', 'schema_version: "3.0"')
    assert located(text) == [(1, 17, "PL105"), (5, 9, "PL103"), (6, 3, "PL101")]


def reference_errors(data: Any) -> set[tuple[Any, ...]]:
    return {tuple(e.absolute_path) for e in REFERENCE.iter_errors(data)}


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.stem)
def test_bundled_policies_are_valid_under_both_validators(policy: Any) -> None:
    data = load(policy).data
    assert is_valid(data)
    assert reference_errors(data) == set()


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policies())
def test_generated_policies_are_valid_under_both_validators(policy: dict[str, Any]) -> None:
    assert reference_errors(policy) == set()
    assert is_valid(policy)


BROKEN = [
    MINIMAL_POLICY.replace("  name: Example Ltd\n", "  name: 7\n  colour: blue\n"),
    MINIMAL_POLICY.replace("retention: []", "retention:\n  - kind: forever"),
    MINIMAL_POLICY.replace("retention: []", "retention:\n  - {kind: until_event, period: P1X}"),
    MINIMAL_POLICY.replace("frameworks: []", "frameworks: [{framework: gdpr, evidence: []}]"),
    MINIMAL_POLICY.replace("negative_statements: []",
                           "negative_statements:\n  - {id: a, claim: no_knowing_collection_from_children}"),
    MINIMAL_POLICY.replace('"2.0"', "2.0"),
    MINIMAL_POLICY.replace("contacts: []",
                           "contacts:\n  - {id: A, kind: dpo, channels: [{type: phone, value: call us}]}"),
]


@pytest.mark.parametrize("text", BROKEN)
def test_broken_documents_fail_both_validators_at_the_same_places(text: str) -> None:
    doc = parse(text)
    ours = {f.json_path for f in validate(doc)}
    theirs = reference_errors(doc.data)
    assert ours and theirs
    # jsonschema reports a missing or unknown key at the mapping; we point at the key itself, one level deeper.
    assert {p if p in theirs else p[:-1] for p in ours} == theirs


def test_a_malformed_identifier_or_address_names_the_character_that_breaks_it() -> None:
    """rule-gaps F13: "'Bad Id' is not in the required form" left the author to guess which character."""
    from policylint.loader import parse
    from policylint.rules import example_policy
    from policylint.validate import validate

    fragment = ("data_categories: [{id: order_data, label: Orders}]\n"
                "contacts: [{id: a, kind: general, channels: [{type: email, value: 'a b@example.com'}]}]\n")
    messages = sorted(f.message for f in validate(parse(example_policy(fragment), "p.yaml")) if f.code == "PL105")
    assert messages == [
        "$.contacts[0].channels[0].value: 'a b@example.com' is not in the required form (' ' at character 2 is not "
        "allowed): An email address. An address the policy publishes in an unusable form (\"[email protected]\") "
        "is kept as published and its channel marked `unusable`.",
        "$.data_categories[0].id: 'order_data' is not in the required form ('_' at character 6 is not allowed; use "
        "lower-case letters, digits and hyphens): A short lower-case identifier, unique within its list, that other "
        "parts of the document use to refer to this item."]


def test_a_value_is_suggested_by_meaning_as_well_as_spelling() -> None:
    from policylint.validate import _did_you_mean

    options = ["acquirer", "shipping_carrier", "service_provider", "public_authority"]
    assert _did_you_mean("courier", options) == " (did you mean 'shipping_carrier'?)"  # not 'acquirer'
    assert _did_you_mean("carrier", options) == " (did you mean 'shipping_carrier'?)"  # a word of its name
    assert _did_you_mean("Law enforcement", options) == " (did you mean 'public_authority'?)"
    assert _did_you_mean("acquirrer", options) == " (did you mean 'acquirer'?)"  # spelling still works
    assert _did_you_mean("zzz", options) == ""


def test_an_enum_error_lists_every_allowed_value_up_to_forty() -> None:
    from policylint.validate import LISTED, _listed

    assert _listed(["a", "b"]) == "a, b"
    many = [f"v{i}" for i in range(LISTED + 5)]
    assert _listed(many).endswith(f"v{LISTED - 1} and 5 more") and "see the schema" not in _listed(many)


def test_a_string_where_a_mapping_is_expected_names_the_mappings_keys() -> None:
    [finding] = validate(parse(MINIMAL_POLICY.replace("  name: Example Ltd\n", "").replace(
        "organisation:\n", "organisation: Example Ltd\n")))
    assert finding.code == "PL103"
    assert finding.message.startswith("$.organisation: expected a mapping (with keys: address, entities, evidence, "
                                      "legal_name, name, ")
    assert finding.message.endswith("; required: name), got a string ('Example Ltd')")


def test_a_string_where_a_list_is_expected_says_what_the_list_holds() -> None:
    [finding] = validate(parse(MINIMAL_POLICY.replace("contacts: []", "contacts: privacy@example.com")))
    assert finding.code == "PL103"
    assert finding.message.startswith("$.contacts: expected a list (of mappings with keys: channels, ")
    assert "required: id, kind, channels), got a string ('privacy@example.com')" in finding.message


def test_the_readmes_draft_example_shows_what_check_says(tmp_path: Path) -> None:
    """The README teaches with these messages; they must be the ones an author gets."""
    from click.testing import CliRunner
    from conftest import REPO

    from policylint.cli import cli

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    source = re.search(r"where `draft.yaml` is\n\n```yaml\n(.*?)```", readme, re.DOTALL)
    shown = re.findall(r"^draft\.yaml:\d+:\d+: .*$", readme, re.MULTILINE)
    assert source and len(shown) == 4
    (tmp_path / "draft.yaml").write_text(source.group(1), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--isolated", "--output-format", "concise",
                                      str(tmp_path / "draft.yaml")])
    said = [line.replace(f"{tmp_path}/", "") for line in result.output.splitlines() if "draft.yaml:" in line]
    assert said == shown
