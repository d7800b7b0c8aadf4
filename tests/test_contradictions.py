"""The contradiction rules for negative statements and restrictions (issue 13; rule-gaps M3, M4, M17) read their
structured scope and exceptions: an item the statement excepts, or data outside its scope, contradicts nothing, and
adding the exception removes exactly the finding that named it."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from policylint.lint import lint
from policylint.loader import LoadedDocument
from policylint.rules import all_rules
from policylint.validate import is_valid

TODAY = date(2026, 11, 22)
BASE: dict[str, Any] = {
    "schema_version": "2.0", "document": {"title": "T"}, "organisation": {"name": "O"}, "contacts": [],
    "frameworks": [], "purposes": [], "recipients": [], "retention": [], "negative_statements": [],
    "data_categories": [{"id": "logs", "label": "Logs", "items": [{"id": "ip", "label": "IP address",
                                                                     "identifier": True}]},
                        {"id": "account", "label": "Account", "sensitive_types": ["account_credentials"],
                         "items": [{"id": "name", "label": "full name", "fideslang": "user.name"}]},
                        {"id": "checks", "label": "Background checks", "sensitive_types": ["criminal_offences"]}],
}


def codes(data: dict[str, Any], code: str) -> list[str]:
    """The messages of rule `code` on a policy."""
    assert is_valid(data), data
    rules = [r for r in all_rules() if r.code == code]
    return [f.message for f in lint(LoadedDocument("p.yaml", "", data, {}, {}), rules, TODAY)]


def policy(**more: Any) -> dict[str, Any]:
    return {**copy.deepcopy(BASE), **more}


def test_sensitive_data_denials_respect_scope_and_excepted_purposes() -> None:
    denial = {"id": "d", "claim": "no_criminal_offence_data"}
    purposes = [{"id": "hiring", "description": "Hiring", "data_categories": ["checks"]}]
    assert "checks (criminal_offences)" in codes(policy(negative_statements=[denial], purposes=purposes), "PL242")[0]
    denial["exceptions"] = {"purposes": ["hiring"]}
    assert codes(policy(negative_statements=[denial], purposes=purposes), "PL242") == []
    # "not without your consent": which data was collected with it the policy does not say, so nothing is held.
    spi = {"id": "s", "claim": "no_sensitive_personal_information"}
    assert len(codes(policy(negative_statements=[spi]), "PL243")) == 1
    spi["exceptions"] = {"conditions": ["with_consent"]}
    assert codes(policy(negative_statements=[spi]), "PL243") == []
    # A denial about other data is not contradicted; criminal-offence data is not CCPA sensitive information.
    scoped = {"id": "s", "claim": "no_sensitive_personal_information", "data_categories": ["logs", "checks"]}
    assert codes(policy(negative_statements=[scoped]), "PL243") == []


def test_an_item_classified_sensitive_counts_when_its_category_is_not() -> None:
    data = policy(negative_statements=[{"id": "s", "claim": "no_sensitive_personal_information",
                                        "data_categories": ["logs"]}])
    gps = {"id": "gps", "label": "GPS", "sensitive_types": ["precise_geolocation"]}
    data["data_categories"][0]["items"].append(gps)
    assert "logs/gps (precise_geolocation)" in codes(data, "PL243")[0]


def test_cross_context_sharing_exception_removes_the_finding() -> None:
    recipients = [{"id": "ads", "kind": "advertiser"}, {"id": "mailer", "kind": "service_provider"}]
    cookies = {"technologies": [{"id": "pixel", "technology": "pixels", "category": "advertising", "party": "third",
                                 "recipients": ["ads"]},
                                {"id": "own", "technology": "cookies", "category": "advertising", "party": "first"}]}
    denial = {"id": "d", "claim": "no_sharing_for_cross_context_advertising"}
    found = codes(policy(negative_statements=[denial], recipients=recipients, cookies=cookies), "PL241")
    assert len(found) == 1 and "recipient 'ads', tracker 'pixel'" in found[0] and "own" not in found[0]
    denial["exceptions"] = {"recipients": ["ads"]}  # the pixel runs for the excepted recipient only
    assert codes(policy(negative_statements=[denial], recipients=recipients, cookies=cookies), "PL241") == []


def test_parental_consent_contradicts_only_a_denial_at_or_above_its_age() -> None:
    children = {"statements": [{"kind": "parental_consent", "age": 16}]}
    denial = {"id": "d", "claim": "no_knowing_collection_from_children", "age": 16}
    assert len(codes(policy(negative_statements=[denial], children=children), "PL244")) == 1
    denial["exceptions"] = {"conditions": ["with_consent"]}
    assert codes(policy(negative_statements=[denial], children=children), "PL244") == []
    under_13 = {"id": "d", "claim": "no_knowing_collection_from_children", "age": 13}
    assert codes(policy(negative_statements=[under_13], children=children), "PL244") == []


def test_a_tracking_denial_about_some_tools_is_held_only_against_them() -> None:
    cookies = {"technologies": [{"id": "tools", "technology": "analytics_tool", "category": "analytics"},
                                {"id": "ads", "technology": "cookies", "category": "advertising", "party": "third"}],
               "third_party_cross_site_tracking": {"allowed": True}}
    scoped = {"id": "d", "claim": "no_individual_tracking", "technologies": ["tools"]}
    assert codes(policy(negative_statements=[scoped], cookies=cookies), "PL245") == []
    whole = {"id": "d", "claim": "no_individual_tracking"}
    found = codes(policy(negative_statements=[whole], cookies=cookies, profiling={"used": True}), "PL245")
    assert len(found) == 1 and "'ads'" in found[0] and "across sites" in found[0] and "profiling" in found[0]
    # Profiling for a purpose the denial excepts does not contradict it.
    whole["exceptions"] = {"purposes": ["ads-profile"]}
    found = codes(policy(negative_statements=[whole], cookies=cookies,
                         profiling={"used": True, "purposes": ["ads-profile"]}), "PL245")
    assert "profiling" not in found[0]


def test_processor_own_use_and_restrictions_on_own_use() -> None:
    recipients = [{"id": "vendors", "kind": "service_provider"}, {"id": "partners", "kind": "business_partner"}]
    purposes = [{"id": "partner-ads", "description": "Partner ads", "pursued_by": "recipients",
                 "recipients": ["vendors"]}]
    denial = {"id": "d", "claim": "no_processor_own_use"}
    found = codes(policy(negative_statements=[denial], recipients=recipients, purposes=purposes), "PL246")
    assert len(found) == 1 and "purpose 'partner-ads'" in found[0]
    denial["exceptions"] = {"recipients": ["vendors"]}
    assert codes(policy(negative_statements=[denial], recipients=recipients, purposes=purposes), "PL246") == []
    # only_as_instructed without `binds` is the organisation's own use on its customers' instructions: not read.
    restrictions = [{"id": "r", "kind": "only_as_instructed"}]
    assert codes(policy(restrictions=restrictions, recipients=recipients, purposes=purposes), "PL246") == []
    restrictions[0]["binds"] = ["vendors"]
    assert len(codes(policy(restrictions=restrictions, recipients=recipients, purposes=purposes), "PL246")) == 1


def test_identifiers_in_logs_are_info_and_read_from_the_log_technology() -> None:
    cookies = {"technologies": [{"id": "server-logs", "technology": "log_files", "data_categories": ["logs"]}]}
    denial = {"id": "d", "claim": "no_personal_data_in_logs"}
    found = codes(policy(negative_statements=[denial], cookies=cookies), "PL247")
    assert len(found) == 1 and "logs/ip (IP address)" in found[0]
    assert next(r for r in all_rules() if r.code == "PL247").severity.value == "info"
    assert codes(policy(negative_statements=[denial]), "PL247") == []  # no data said to be the logs
    # Logs the policy also calls "not linked to identity" are PL240's finding: one defect, one finding.
    data = policy(negative_statements=[denial], cookies=cookies)
    data["data_categories"][0]["identifiability"] = {"claim": "not_linked_to_identity"}
    assert codes(data, "PL247") == [] and len(codes(data, "PL240")) == 1


def test_publication_and_confidence() -> None:
    recipients = [{"id": "readers", "kind": "public", "data_categories": ["account/name"]},
                  {"id": "mailer", "kind": "service_provider", "data_categories": ["account"]},
                  {"id": "brokers", "kind": "other_third_party", "sale": True, "data_categories": ["account"]}]
    confidential = {"id": "c", "claim": "confidential", "data_categories": ["account"]}
    found = codes(policy(negative_statements=[confidential], recipients=recipients), "PL248")
    assert len(found) == 1 and "'readers'" in found[0] and "'brokers'" in found[0] and "mailer" not in found[0]
    confidential["exceptions"] = {"recipients": ["readers", "brokers"]}
    assert codes(policy(negative_statements=[confidential], recipients=recipients), "PL248") == []
    # Two items of one category do not overlap: publishing the name does not publish the IP address.
    not_published = {"id": "p", "claim": "no_publication", "data_categories": ["logs/ip"]}
    assert codes(policy(negative_statements=[not_published], recipients=recipients), "PL248") == []


def test_device_access_exception_by_technology() -> None:
    cookies = {"technologies": [{"id": "prefs", "technology": "local_storage"},
                                {"id": "pixel", "technology": "pixels"}]}
    denial = {"id": "d", "claim": "no_device_access", "technologies": ["pixel"]}
    assert codes(policy(negative_statements=[denial], cookies=cookies), "PL249") == []
    del denial["technologies"]
    found = codes(policy(negative_statements=[denial], cookies=cookies), "PL249")
    assert len(found) == 1 and "'prefs' (local_storage)" in found[0] and "pixel" not in found[0]


def test_purpose_restriction_and_its_exceptions() -> None:
    purposes = [{"id": "detection", "description": "Detection", "data_categories": ["logs"]},
                {"id": "recommendations", "description": "Recommendations", "data_categories": ["logs"]},
                {"id": "billing", "description": "Billing", "data_categories": ["account"]}]
    recipients = [{"id": "ad-partner", "kind": "advertiser", "data_categories": ["logs/ip"], "purposes": ["ads"]}]
    restriction = {"id": "r", "kind": "only_purposes", "data_categories": ["logs"], "purposes": ["detection"]}
    found = codes(policy(restrictions=[restriction], purposes=purposes, recipients=recipients), "PL250")
    assert len(found) == 1 and "purpose 'recommendations'" in found[0] and "recipient 'ad-partner' (for ads)" \
        in found[0] and "billing" not in found[0]
    restriction["exceptions"] = {"purposes": ["recommendations"], "recipients": ["ad-partner"]}
    assert codes(policy(restrictions=[restriction], purposes=purposes, recipients=recipients), "PL250") == []
    # Words are not evaluated: "its original purpose".
    words = {"id": "r", "kind": "only_purposes", "purposes": ["detection"], "limited_to": "its original purpose"}
    assert codes(policy(restrictions=[words], purposes=purposes), "PL250") == []


def test_a_restriction_that_binds_recipients_reads_their_purposes_only() -> None:
    recipients = [{"id": "support", "kind": "service_provider", "purposes": ["support", "upselling"]},
                  {"id": "couriers", "kind": "shipping_carrier", "purposes": ["delivery"]}]
    restriction = {"id": "r", "kind": "only_purposes", "binds": ["support"], "purposes": ["support"]}
    found = codes(policy(restrictions=[restriction], recipients=recipients), "PL250")
    assert len(found) == 1 and "recipient 'support' (for upselling)" in found[0] and "couriers" not in found[0]


def test_recipient_restriction_spares_agents_when_agents_are_allowed() -> None:
    recipients = [{"id": "agents", "kind": "service_provider", "own_purposes": False},
                  {"id": "payments", "kind": "payment_processor", "role": "processor"},
                  {"id": "police", "kind": "public_authority"},
                  {"id": "ad-network", "kind": "advertiser", "own_purposes": True}]
    restriction = {"id": "r", "kind": "only_recipients", "recipients": ["agents"]}
    found = codes(policy(restrictions=[restriction], recipients=recipients), "PL251")
    assert len(found) == 1 and "'police'" in found[0] and "'ad-network'" in found[0] and "payments" not in found[0]
    restriction["exceptions"] = {"conditions": ["legal_requirement"], "recipients": ["ad-network"]}
    assert codes(policy(restrictions=[restriction], recipients=recipients), "PL251") == []


def test_real_name_requirement_for_another_purpose_does_not_contradict() -> None:
    requirements = [{"requirement": "necessary_for_service", "data_categories": ["account"], "purposes": ["billing"]},
                    {"requirement": "voluntary", "data_categories": ["account/name"]}]
    denial = {"id": "d", "claim": "no_real_name_required"}
    found = codes(policy(negative_statements=[denial], provision_requirements=requirements), "PL252")
    assert len(found) == 1 and "account/name" in found[0] and "provision_requirements[1]" not in found[0]
    denial["exceptions"] = {"purposes": ["billing"]}
    assert codes(policy(negative_statements=[denial], provision_requirements=requirements), "PL252") == []
    scoped = {"id": "d", "claim": "no_real_name_required", "purposes": ["signup"]}
    assert codes(policy(negative_statements=[scoped], provision_requirements=requirements), "PL252") == []


def test_profiling_by_recipients_contradicts_only_a_denial_about_them() -> None:
    profiling = {"used": True, "pursued_by": "recipients", "recipients": ["partners"]}
    denial = {"id": "d", "claim": "no_profiling"}
    assert codes(policy(negative_statements=[denial], profiling=profiling), "PL220") == []
    denial["recipients"] = ["partners"]
    assert len(codes(policy(negative_statements=[denial], profiling=profiling), "PL220")) == 1
