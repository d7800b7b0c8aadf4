"""CCPA/CPRA rules (profile `ccpa`): the privacy-policy contents of Cal. Civ. Code 1798.130(a)(5) and 11 CCR 7011.

Switched on when the policy declares the CCPA. Checked against unofficial copies of the statute and regulations;
see docs/legal-citations.md.
"""

from __future__ import annotations

from collections.abc import Iterator

from policylint.findings import MAX_RELATED
from policylint.model import CALIFORNIA, Policy, duration_days
from policylint.rules import Violation, rule

CCPA = """
        frameworks:
          - framework: ccpa
"""
UNOFFICIAL = "Checked against an unofficial copy of the statute; confirm against leginfo.legislature.ca.gov."


@rule(code="PL601", name="ccpa-right-missing", profile="ccpa", severity="error",
      summary="The policy omits a right the CCPA requires it to describe.",
      citation="Cal. Civ. Code 1798.130(a)(5)(A); 1798.105, 1798.106, 1798.110, 1798.125", citation_note=UNOFFICIAL,
      rationale="The policy must describe the rights to know, to delete and to correct, and the right not to be "
                "discriminated against for exercising them.",
      fails=CCPA + """
        rights:
          statements:
            - right: know
      """,
      passes=CCPA + """
        rights:
          statements:
            - {right: know}
            - {right: delete}
            - {right: correct}
            - {right: non_discrimination}
      """)
def ccpa_right_missing(policy: Policy) -> Iterator[Violation]:
    granted = policy.rights_for(CALIFORNIA)  # rule-gaps: Steam's EEA-only rectification is not the right to correct
    equivalents = {"know": {"know", "access"}, "delete": {"delete", "erasure"}, "correct": {"correct",
                                                                                             "rectification"},
                   "non_discrimination": {"non_discrimination"}}
    missing = [right for right, names in equivalents.items() if not names & granted]
    if missing:
        yield Violation(("rights",) if "rights" in policy.data else (),
                        f"the policy does not describe the right(s) to {', '.join(missing).replace('_', '-')}")


@rule(code="PL602", name="ccpa-request-methods", profile="ccpa", severity="error",
      summary="The policy gives fewer than two ways to submit requests.",
      citation="Cal. Civ. Code 1798.130(a)(1)(A), (a)(5)(A)", citation_note=UNOFFICIAL,
      rationale="A business must offer two or more designated methods for requests, including a toll-free number "
                "unless it operates exclusively online and has a direct relationship with consumers.",
      fails=CCPA + """
        contacts:
          - id: privacy
            kind: privacy_office
            channels: [{type: email, value: privacy@example.com}]
      """,
      passes=CCPA + """
        contacts:
          - id: privacy
            kind: privacy_office
            channels:
              - {type: email, value: privacy@example.com}
              - {type: phone, value: "+1 800 555 0100"}
      """)
def ccpa_request_methods(policy: Policy) -> Iterator[Violation]:
    methods = {(ch["type"], ch["value"]) for cid in policy.usable_contacts
               for ch in policy.usable_channels(policy.contacts[cid])}
    methods |= {(m["kind"], m.get("url", "")) for s in policy.rights for m in s.get("methods", [])}
    if len(methods) < 2:
        yield Violation(("contacts",), f"{len(methods)} usable request method(s); the CCPA requires two or more")


@rule(code="PL603", name="ccpa-not-updated", profile="ccpa", severity="error",
      summary="The policy has no last-updated date, or it is more than 12 months old.",
      citation="Cal. Civ. Code 1798.130(a)(5); 11 CCR 7011(e)(4)", citation_note=UNOFFICIAL,
      rationale="The privacy policy must state the date it was last updated and be updated at least once every 12 "
                "months.",
      fails=CCPA + """
        document:
          title: Privacy policy
          last_updated: {date: "2019-01-01"}
      """,
      passes=CCPA + """
        document:
          title: Privacy policy
          last_updated: {date: "2999-01-01"}
      """)
def ccpa_not_updated(policy: Policy) -> Iterator[Violation]:
    updated = policy.date("last_updated")
    if updated is None:
        yield Violation(("document",), "no last-updated date")
    elif updated.valid() and (policy.today - updated.latest()).days > 365:
        yield Violation(("document", "last_updated", "date"), f"last updated {updated}, more than 12 months ago")


@rule(code="PL604", name="ccpa-sold-shared-list-missing", profile="ccpa", severity="error",
      summary="The policy does not list the categories sold or shared, or state that none were.",
      citation="Cal. Civ. Code 1798.130(a)(5)(C)", citation_note=UNOFFICIAL,
      rationale="The policy must list the categories of personal information sold or shared in the preceding 12 "
                "months, or state prominently that none were.",
      fails=CCPA,
      passes=CCPA + """
        california:
          sold_or_shared_categories: {categories: []}
      """)
def ccpa_sold_shared_list_missing(policy: Policy) -> Iterator[Violation]:
    california = policy.data.get("california") or {}
    if not policy.lists_sold_or_shared and not any(policy.denials("no_sale")):
        yield Violation(("california",) if california else (), "no list of categories sold or shared, and no "
                                                               "statement that none were")


@rule(code="PL605", name="ccpa-business-purpose-list-missing", profile="ccpa", severity="error",
      summary="The policy does not list the categories disclosed for a business purpose.",
      citation="Cal. Civ. Code 1798.130(a)(5)(C)", citation_note=UNOFFICIAL,
      rationale="A separate list of the categories disclosed for a business purpose in the preceding 12 months is "
                "required.",
      fails=CCPA,
      passes=CCPA + """
        data_categories:
          - {id: contact, label: Contact details}
        california:
          disclosed_for_business_purpose: {categories: [contact]}
      """)
def ccpa_business_purpose_list_missing(policy: Policy) -> Iterator[Violation]:
    if "disclosed_for_business_purpose" not in (policy.data.get("california") or {}):
        yield Violation(("california",) if "california" in policy.data else (),
                        "no list of categories disclosed for a business purpose")


@rule(code="PL606", name="ccpa-opt-out-missing", profile="ccpa", severity="error",
      summary="The policy sells or shares personal information but offers no right to opt out.",
      citation="Cal. Civ. Code 1798.120(a), 1798.135(a)", citation_note=UNOFFICIAL,
      rationale="A business that sells or shares personal information must tell consumers they can opt out, and "
                "how.",
      fails=CCPA + """
        recipients:
          - {id: ad-networks, kind: advertiser, sharing_for_advertising: true}
      """,
      passes=CCPA + """
        recipients:
          - {id: ad-networks, kind: advertiser, sharing_for_advertising: true}
        rights:
          statements:
            - right: opt_out_sale_sharing
      """)
def ccpa_opt_out_missing(policy: Policy) -> Iterator[Violation]:
    granted = policy.rights_for(CALIFORNIA)
    # An opt-out of sale alone does not cover sharing for cross-context advertising, nor the reverse.
    covers = {"sale": {"opt_out_sale_sharing", "opt_out_sale"},
              "sharing_for_advertising": {"opt_out_sale_sharing", "opt_out_sharing"}}
    selling = [path for path, r in policy.items("recipients")
               if any(r.get(key) and not rights & granted for key, rights in covers.items())]
    if selling:
        yield Violation(selling[0], "personal information is sold or shared but no right to opt out of it is "
                                    "described for California residents", related=tuple(selling[1:MAX_RELATED]))


@rule(code="PL607", fixed_by_removal=True,
      name="ccpa-response-time", profile="ccpa", severity="warning",
      summary="A response time exceeds the CCPA's 45 days.",
      citation="Cal. Civ. Code 1798.130(a)(2)(A)", citation_note=UNOFFICIAL,
      rationale="Requests must be answered within 45 days, extendable once by 45 days when reasonably necessary.",
      fails=CCPA + """
        rights:
          statements: []
          response_times:
            - {period: P60D, commitment: within}
      """,
      passes=CCPA + """
        rights:
          statements: []
          response_times:
            - {period: P45D, commitment: within}
      """)
def ccpa_response_time(policy: Policy) -> Iterator[Violation]:
    for path, time in policy.response_times():
        days = duration_days(time["period"])
        if days is not None and days > 45:
            yield Violation((*path, "period"), f"{time['period']} exceeds 45 days")


@rule(code="PL608", name="ccpa-authorised-agent", profile="ccpa", severity="warning",
      summary="The policy does not say how an authorised agent can make a request.",
      citation="11 CCR 7011(e)(3)(H)",
      citation_note="Checked against the 2023 text of the regulations; amendments in force from 2026 may renumber "
                    "it.",
      rationale="Consumers may use an authorised agent; the policy must explain how one submits a request.",
      fails=CCPA + """
        rights:
          statements: []
      """,
      passes=CCPA + """
        rights:
          statements: []
          authorised_agents: {allowed: true, description: send us the signed authorisation}
      """)
def ccpa_authorised_agent(policy: Policy) -> Iterator[Violation]:
    if not (policy.data.get("rights") or {}).get("authorised_agents"):
        yield Violation(("rights",) if "rights" in policy.data else (), "authorised agents are not addressed")
