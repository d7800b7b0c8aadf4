"""Contradiction rules read a negative statement's structured scope and exceptions instead of skipping it (issue 13,
rule-gaps F7, F8): a recipient outside the statement's data, or one it excepts, contradicts nothing; naming a
recipient in the exceptions removes exactly the findings that named it."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import policies

from policylint.lint import lint
from policylint.loader import LoadedDocument
from policylint.rules import all_rules
from policylint.validate import is_valid

TODAY = date(2026, 11, 22)
RULES = [r for r in all_rules() if r.code in ("PL217", "PL218", "PL221", "PL222", "PL227")]
BASE: dict[str, Any] = {
    "schema_version": "2.0", "document": {"title": "T"}, "organisation": {"name": "O"}, "contacts": [],
    "frameworks": [], "purposes": [], "retention": [],
    "data_categories": [{"id": "queries", "label": "Search queries", "items": [{"id": "terms", "label": "terms"}]},
                        {"id": "subscribers", "label": "Subscribers",
                         "items": [{"id": "email", "label": "email"}, {"id": "name", "label": "name"}]}],
}


def findings(data: dict[str, Any]) -> list[tuple[str, str]]:
    assert is_valid(data)
    return [(f.code, f.message) for f in lint(LoadedDocument("p.yaml", "", data, {}, {}), RULES, TODAY)]


def policy(denial: dict[str, Any], recipients: list[dict[str, Any]], **more: Any) -> dict[str, Any]:
    return {**copy.deepcopy(BASE), "negative_statements": [{"id": "denial", **denial}], "recipients": recipients,
            **more}


def test_a_denial_about_some_data_is_not_contradicted_by_recipients_of_other_data() -> None:
    mailer = {"id": "mailer", "kind": "service_provider", "data_categories": ["subscribers"]}
    assert findings(policy({"claim": "no_sharing", "data_categories": ["queries"]}, [mailer])) == []
    # ... nor by one that does not say what it receives; a recipient shown receiving that data does contradict it.
    analytics = {"id": "analytics", "kind": "analytics_provider", "data_categories": ["queries/terms"]}
    unknown = {"id": "unknown", "kind": "other_third_party"}
    found = findings(policy({"claim": "no_sharing", "data_categories": ["queries"]}, [mailer, analytics, unknown]))
    assert [code for code, _ in found] == ["PL217"]
    assert "analytics" in found[0][1] and "mailer" not in found[0][1] and "unknown" not in found[0][1]
    # A denial about all data is contradicted by any third party.
    assert "mailer, analytics, unknown" in findings(policy({"claim": "no_sharing"}, [mailer, analytics, unknown]))[0][1]


def test_two_items_of_one_category_do_not_overlap() -> None:
    publisher = {"id": "publisher", "kind": "other_third_party", "data_categories": ["subscribers/name"]}
    denial = {"claim": "no_sharing", "data_categories": ["subscribers/email"]}
    assert findings(policy(denial, [publisher])) == []
    whole = {"id": "whole", "kind": "other_third_party", "data_categories": ["subscribers"]}
    assert [code for code, _ in findings(policy(denial, [publisher, whole]))] == ["PL217"]


def test_structured_exceptions_are_respected() -> None:
    recipients = [{"id": "auditors", "kind": "professional_adviser"}, {"id": "police", "kind": "public_authority"},
                  {"id": "buyer", "kind": "acquirer"}]
    denial = {"claim": "no_sharing", "exceptions": {"recipients": ["auditors"],
                                                    "conditions": ["legal_requirement", "business_transfer"]}}
    assert findings(policy(denial, recipients)) == []
    denial["exceptions"]["conditions"] = ["legal_requirement"]
    assert "buyer" in findings(policy(denial, recipients))[0][1]


def test_limits_in_words_are_not_evaluated() -> None:
    recipients = [{"id": "partners", "kind": "business_partner"}]
    for limit in ({"qualification": "for their own marketing"}, {"via": "through the Steamworks API"},
                  {"technique": "automated decision making"}):
        assert findings(policy({"claim": "no_sharing", **limit}, recipients)) == []
    assert findings(policy({"claim": "no_sharing", "hedge": "Currently"}, recipients)) != []  # a hedge narrows nothing


def test_off_site_cookies_do_not_contradict_no_cookies() -> None:
    cookies = {"technologies": [{"id": "paypal", "technology": "cookies", "location": "off_site"}]}
    assert findings(policy({"claim": "no_cookies"}, [], cookies=cookies)) == []
    cookies["technologies"].append({"id": "site", "technology": "cookies"})
    assert "site" in findings(policy({"claim": "no_cookies"}, [], cookies=cookies))[0][1]


def test_a_purpose_the_denial_excepts_does_not_contradict_it() -> None:
    purposes = [{"id": "newsletter", "description": "Newsletter", "legal_bases": ["consent"]}]
    denial = {"claim": "no_consent_reliance", "exceptions": {"purposes": ["newsletter"]}}
    assert findings(policy(denial, [], purposes=purposes)) == []
    del denial["exceptions"]
    assert [code for code, _ in findings(policy(denial, [], purposes=purposes))] == ["PL227"]


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(policies(maximal=False), st.data())
def test_excepting_the_recipients_a_finding_names_removes_it(data: dict[str, Any], draw: st.DataObject) -> None:
    if not data["recipients"]:
        data["recipients"].append({"id": "r0", "kind": "other_third_party"})
    denial = {"id": "denial-x", "claim": draw.draw(st.sampled_from(["no_sharing", "no_transfer_to_third_parties"]))}
    data["negative_statements"] = [denial]
    for recipient in data["recipients"]:
        recipient["kind"] = "other_third_party"
    before = [f for f in lint(LoadedDocument("p.yaml", "", data, {}, {}), RULES, TODAY) if f.code == "PL217"]
    assert len(before) == 1  # every recipient is a third party the unscoped denial covers
    denial["exceptions"] = {"recipients": [r["id"] for r in data["recipients"]]}
    assert is_valid(data)
    after = [f for f in lint(LoadedDocument("p.yaml", "", data, {}, {}), RULES, TODAY) if f.code == "PL217"]
    assert after == []


def test_a_required_dpf_statement_that_omits_part_of_it_is_reported() -> None:
    """rule-gaps DP4: Steam's "to comply with court orders or laws" says nothing of national security."""
    pl513 = [r for r in all_rules() if r.code == "PL513"]
    data = {**copy.deepcopy(BASE), "negative_statements": [], "recipients": [],
            "dpf": {"participates": True, "public_authority_disclosure": {"text": "to comply with court orders"}}}
    assert lint(LoadedDocument("p.yaml", "", data, {}, {}), pl513, TODAY) == []
    data["dpf"]["public_authority_disclosure"]["omits"] = ["national security"]
    found = lint(LoadedDocument("p.yaml", "", data, {}, {}), pl513, TODAY)
    assert len(found) == 1 and found[0].message.endswith("leaves out: national security")


def test_an_identifiability_claim_with_a_condition_is_not_held_against_its_identifiers() -> None:
    pl240 = [r for r in all_rules() if r.code == "PL240"]
    data = {**copy.deepcopy(BASE), "negative_statements": [], "recipients": []}
    data["data_categories"][0]["identifiability"] = {"claim": "not_linked_to_identity"}
    data["data_categories"][0]["items"][0]["identifier"] = True
    assert len(lint(LoadedDocument("p.yaml", "", data, {}, {}), pl240, TODAY)) == 1
    data["data_categories"][0]["identifiability"]["condition"] = "Unless your IP address identifies you"
    assert lint(LoadedDocument("p.yaml", "", data, {}, {}), pl240, TODAY) == []


def test_ccpa_rights_count_only_rights_californians_have() -> None:
    """rule-gaps: Steam's rectification right "as a resident of the European Economic Area, United Kingdom or
    Switzerland" is not the CCPA's right to correct; an opt-out of sale does not cover sharing."""
    ccpa = [r for r in all_rules() if r.code in ("PL601", "PL606")]
    rights = [{"right": "know"}, {"right": "delete"}, {"right": "non_discrimination"},
              {"right": "rectification", "residents_of": ["EEA", "GB", "CH"]}, {"right": "opt_out_sale"}]
    data = {**copy.deepcopy(BASE), "negative_statements": [], "frameworks": [{"framework": "ccpa"}],
            "rights": {"statements": rights},
            "recipients": [{"id": "ads", "kind": "advertiser", "sharing_for_advertising": True}]}

    def codes() -> list[str]:
        return sorted(f.code for f in lint(LoadedDocument("p.yaml", "", data, {}, {}), ccpa, TODAY))

    assert codes() == ["PL601", "PL606"]
    rights[3]["residents_of"].append("US-CA")
    rights[4]["right"] = "opt_out_sharing"
    assert codes() == []


def test_a_purpose_pursued_only_with_consent_contradicts_a_denial_of_relying_on_it() -> None:
    """rule-gaps M2: "Generally, we do not rely on consent" beside "you consent to receive marketing-related
    communications" (Precision), where consent is stated in substance but not named as the basis."""
    from policylint.loader import parse
    from policylint.rules import example_policy, find_rule

    rule = find_rule("PL227")
    assert rule is not None
    base = ("negative_statements:\n  - {id: no-consent, claim: no_consent_reliance, hedge: Generally}\n"
            "purposes:\n  - {id: news, description: Newsletter, consent: opt_in}\n")
    found = lint(parse(example_policy(base), "p.yaml"), [rule], date(2026, 11, 22))
    assert [f.message for f in found] == ["'no_consent_reliance' (statement 'no-consent') is contradicted by "
                                          "purposes that rest on consent: news"]
    excepted = base.replace("hedge: Generally}", "hedge: Generally, exceptions: {purposes: [news]}}")
    assert lint(parse(example_policy(excepted), "p.yaml"), [rule], date(2026, 11, 22)) == []
