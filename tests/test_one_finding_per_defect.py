"""One defect, one finding (issue 13, rule-gaps F9): a gap or a claim the policy makes once is reported once, with
what it affects listed; and what the capture of a source lost is not held against the policy."""

from __future__ import annotations

from datetime import date

from policylint.findings import Finding
from policylint.lint import lint
from policylint.loader import parse
from policylint.rules import all_rules, example_policy
from policylint.validate import validate

TODAY = date(2026, 11, 22)
RULES = all_rules()
GDPR = "frameworks:\n  - {framework: gdpr}\n"


def findings(fragment: str, code: str) -> list[Finding]:
    doc = parse(example_policy(fragment), "p.yaml")
    assert validate(doc) == []
    return [f for f in lint(doc, RULES, TODAY) if f.code == code]


def purposes(*entries: str) -> str:
    return "purposes:\n" + "".join(f"  - {entry}\n" for entry in entries)


def test_purposes_without_a_basis_are_one_finding_said_by_what_the_policy_does_give() -> None:
    none_given = findings(GDPR + purposes("{id: a, description: A}", "{id: b, description: B, consent: opt_in}"),
                          "PL302")
    assert len(none_given) == 1
    assert "no legal basis for any of its 2 purposes: 'a', 'b'" in none_given[0].message
    assert "'b' is pursued only with consent" in none_given[0].message
    assert len(none_given[0].related) == 2
    some_given = findings(GDPR + purposes("{id: a, description: A}", "{id: b, description: B}",
                                          "{id: c, description: C, legal_bases: [contract]}"), "PL302")
    assert len(some_given) == 1 and some_given[0].message.startswith("2 purposes give no legal basis: 'a', 'b'")
    general = findings(GDPR + "legal_bases:\n  - {basis: contract}\n" + purposes(
        "{id: a, description: A}", "{id: b, description: B}"), "PL302")
    assert len(general) == 1 and "only for its processing as a whole" in general[0].message
    one = findings(GDPR + purposes("{id: a, description: A}", "{id: c, description: C, legal_bases: [contract]}"),
                   "PL302")
    assert [f.message for f in one] == ["purpose 'a' gives no legal basis"]


def test_a_purpose_that_handles_only_data_said_to_be_anonymous_owes_no_basis() -> None:
    data = ("data_categories:\n  - {id: results, label: aggregated and anonymized results, "
            "identifiability: {claim: anonymous}}\n")
    assert findings(GDPR + data + purposes("{id: share, description: S, data_categories: [results]}"), "PL302") == []
    # An identifier in it, or a condition on the claim, and the data is personal again.
    identified = data.replace("identifiability:", "items: [{id: ip, label: IP address, identifier: true}], "
                                                  "identifiability:")
    assert findings(GDPR + identified + purposes("{id: share, description: S, data_categories: [results]}"), "PL302")


def test_purposes_on_unnamed_legitimate_interests_are_one_finding() -> None:
    found = findings(GDPR + purposes("{id: a, description: A, legal_bases: [legitimate_interests]}",
                                     "{id: b, description: B, legal_bases: [legitimate_interests]}",
                                     "{id: c, description: C, legal_bases: [legitimate_interests], "
                                     "legitimate_interest: keeping the site secure}"), "PL303")
    assert len(found) == 1 and found[0].message.endswith("without naming the interest: 'a', 'b'")


def test_rights_with_no_route_are_one_finding_naming_each() -> None:
    found = findings("rights:\n  statements:\n    - {right: access}\n    - {right: erasure}\n"
                     "    - {right: informed}\n", "PL201")
    assert len(found) == 1
    assert found[0].message == ("rights 'access', 'erasure' cannot be exercised: no contact or method is given for "
                                "them, and none for rights in general")


def test_one_only_way_said_of_several_rights_is_one_finding() -> None:
    method = "methods: [{kind: account_settings, exclusive: true}], contacts: [privacy]"
    fragment = ("contacts:\n  - {id: privacy, kind: privacy_office, channels: [{type: email, value: p@example.com}]}\n"
                f"rights:\n  statements:\n    - {{right: access, {method}}}\n    - {{right: erasure, {method}}}\n")
    found = findings(fragment, "PL239")
    assert len(found) == 1 and "only way to exercise 'access', 'erasure'" in found[0].message


CAPTURED = """\
source:
  path: sources/p.txt
  sha256: "{sha}"
  capture_defects:
    - {{kind: obfuscated, text: "[email protected]"}}
contacts:
  - id: privacy
    kind: privacy_office
    channels: [{{type: email, value: "[email protected]", unusable: obfuscated}}]
rights:
  contacts: [privacy]
  statements:
    - {{right: access}}
""".format(sha="0" * 64)


def test_a_placeholder_the_capture_recorded_is_not_the_policys_defect() -> None:
    for code in ("PL201", "PL202", "PL203"):
        assert findings(CAPTURED, code) == [], code
    note = findings(CAPTURED, "PL270")
    assert len(note) == 1 and "confirm the addresses on the published page" in note[0].message
    # Without the capture's record, the placeholder is what the published page shows: unusable.
    published = CAPTURED.replace('  capture_defects:\n    - {kind: obfuscated, text: "[email protected]"}\n', "")
    assert published != CAPTURED
    assert [bool(findings(published, code)) for code in ("PL201", "PL202", "PL203", "PL270")] == [
        True, True, True, False]


def test_a_contact_with_no_channel_is_named_by_pl202_when_nothing_else_is_usable() -> None:
    empty = "contacts:\n  - {id: questions, kind: general, channels: []}\n"
    assert findings(empty, "PL204") == []
    assert "'questions' is introduced with no channel at all" in findings(empty, "PL202")[0].message
    usable = empty + "  - {id: privacy, kind: privacy_office, channels: [{type: email, value: p@example.com}]}\n"
    assert len(findings(usable, "PL204")) == 1 and findings(usable, "PL202") == []


def test_a_purpose_stated_for_all_the_data_uses_every_category() -> None:
    """rule-gaps F1: "ILT uses the information to provide, maintain, protect and improve the products and services
    it provides" is a purpose for everything collected; no category is unused beside it."""
    data = "data_categories:\n  - {id: contact, label: Contact}\n  - {id: usage, label: Usage}\n"
    linked = purposes("{id: billing, description: Billing, data_categories: [contact]}")
    assert [f.message for f in findings(data + linked, "PL214")] == ["no purpose uses data category 'usage' (Usage)"]
    catch_all = linked + "  - {id: services, description: Provide our services, all_data: true}\n"
    assert findings(data + catch_all, "PL214") == []


def test_uk_hosting_is_no_transfer_where_the_uk_gdpr_applies() -> None:
    """A UK company naming both GDPRs, with UK hosting: the data is where it already is, and the UK's adequacy
    decision covers EU data; PL330 reports only places outside the EEA and the UK."""
    fragment = ("frameworks:\n  - {framework: gdpr}\n  - {framework: uk_gdpr}\n"
                "recipients:\n  - {id: host, kind: service_provider, description: hosting, countries: [GB]}\n"
                "  - {id: support, kind: service_provider, description: support desk, countries: [IN]}\n")
    found = findings(fragment, "PL330")
    assert len(found) == 1 and "'support' is in IN" in found[0].message
    assert findings(fragment.replace("  - {framework: uk_gdpr}\n", ""), "PL330")[0].message.startswith(
        "recipient 'host' is in GB")
