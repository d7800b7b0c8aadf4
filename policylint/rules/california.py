"""California rules outside the CCPA: CalOPPA (profile `caloppa`, Cal. Bus. & Prof. Code 22575) and Shine the
Light (profile `shine-the-light`, Cal. Civ. Code 1798.83).
"""

from __future__ import annotations

from collections.abc import Iterator

from policylint.model import Policy
from policylint.rules import Violation, rule

CALOPPA = """
        frameworks:
          - framework: caloppa
"""
STL = """
        frameworks:
          - framework: shine_the_light
"""


@rule(code="PL701", name="caloppa-do-not-track", profile="caloppa", severity="error",
      summary="The policy does not say how it responds to Do Not Track or similar browser signals.",
      citation="Cal. Bus. & Prof. Code 22575(b)(5), (b)(7)",
      citation_note="(b)(5) asks how the operator responds to Do Not Track signals \"or other mechanisms that provide "
                    "consumers the ability to exercise choice\" over cross-site collection; a stated response to an "
                    "opt-out preference signal such as Global Privacy Control is read as such a mechanism, and (b)(7) "
                    "lets a description of a protocol the operator follows satisfy (b)(5). No court or Attorney "
                    "General text on Global Privacy Control under (b)(5) was found.",
      rationale="An operator that collects personally identifiable information about consumers' online activities "
                "over time and across sites must disclose how it responds to browser Do Not Track signals or other "
                "mechanisms offering that choice, such as Global Privacy Control (or link to a description of a "
                "program that offers choice).",
      fails=CALOPPA,
      passes=CALOPPA + """
        rights:
          statements:
            - right: opt_out_sale_sharing
              methods:
                - kind: opt_out_preference_signal
                  description: a "frictionless" opt out of sharing using a Global Privacy Control signal
                  url: https://globalprivacycontrol.org/
      """)
def caloppa_do_not_track(policy: Policy) -> Iterator[Violation]:
    dnt = (policy.data.get("cookies") or {}).get("do_not_track")
    if _states_preference_signal_response(policy):
        return  # rule-gaps: Urban Dictionary's "frictionless" opt-out by Global Privacy Control signal
    if not dnt:
        yield Violation(("cookies",) if "cookies" in policy.data else (), "no response to Do Not Track or to another "
                                                                          "browser signal such as Global Privacy "
                                                                          "Control is disclosed")
    elif dnt["response"] == "not_stated":
        yield Violation(("cookies", "do_not_track", "response"), "Do Not Track is raised but the response is not "
                                                                 "stated")


def _states_preference_signal_response(policy: Policy) -> bool:
    """Whether the policy says how it processes an opt-out preference signal such as Global Privacy Control: a
    California statement on such signals, or a right exercised through one."""
    if (policy.data.get("california") or {}).get("opt_out_preference_signal"):
        return True
    return any(m["kind"] == "opt_out_preference_signal" for s in policy.rights for m in s.get("methods", []))


@rule(code="PL702", name="caloppa-cross-site-tracking", profile="caloppa", severity="error",
      summary="The policy does not say whether other parties may track users across sites.",
      citation="Cal. Bus. & Prof. Code 22575(b)(6)",
      rationale="The policy must disclose whether other parties may collect personally identifiable information "
                "about a consumer's online activities over time and across sites when they use the operator's site.",
      fails=CALOPPA,
      passes=CALOPPA + """
        cookies:
          third_party_cross_site_tracking: {allowed: false}
      """)
def caloppa_cross_site_tracking(policy: Policy) -> Iterator[Violation]:
    if "third_party_cross_site_tracking" not in (policy.data.get("cookies") or {}):
        yield Violation(("cookies",) if "cookies" in policy.data else (),
                        "no statement on cross-site tracking by other parties")


@rule(code="PL703", name="caloppa-effective-date", profile="caloppa", severity="error",
      summary="The policy does not state its effective date.",
      citation="Cal. Bus. & Prof. Code 22575(b)(4)",
      citation_note="(b)(1)-(4) were checked against summaries, not the statute's text.",
      rationale="CalOPPA requires the policy to state its effective date.",
      fails=CALOPPA,
      passes=CALOPPA + """
        document:
          title: Privacy policy
          effective_date: {date: "2024-01-01"}
      """)
def caloppa_effective_date(policy: Policy) -> Iterator[Violation]:
    if policy.date("effective_date") is None:
        yield Violation(("document",), "no effective date")


@rule(code="PL751", name="shine-the-light-statement", profile="shine-the-light", severity="error",
      summary="The policy names Shine the Light but states no policy on disclosures for direct marketing.",
      citation="Cal. Civ. Code 1798.83",
      citation_note="The subsection allowing a policy statement instead of a disclosure on request (cited as "
                    "(c)(2)) and the under-20-employees exemption were not confirmed against the statute's text.",
      rationale="A business covered by Shine the Light must either disclose, on request, the third parties it gave "
                "personal information to for their direct marketing, or adopt and state a policy of not disclosing "
                "without opt-in or opt-out.",
      fails=STL,
      passes=STL + """
        california:
          shine_the_light: {policy: no_disclosure}
      """)
def shine_the_light_statement(policy: Policy) -> Iterator[Violation]:
    if "shine_the_light" not in (policy.data.get("california") or {}):
        yield Violation(("california",) if "california" in policy.data else (),
                        "no Shine the Light statement on disclosures for direct marketing")


@rule(code="PL752", fixed_by_removal=True,
      name="shine-the-light-contradicted", profile="shine-the-light", severity="error",
      summary="The policy says it does not disclose personal information for others' direct marketing, and does.",
      citation="Cal. Civ. Code 1798.83",
      rationale="A no-disclosure statement that relieves the business of Shine the Light's disclosure duty must be "
                "true.",
      fails=STL + """
        california:
          shine_the_light: {policy: no_disclosure}
        recipients:
          - {id: partners, kind: business_partner, sharing_for_advertising: true}
      """,
      passes=STL + """
        california:
          shine_the_light: {policy: no_disclosure}
        recipients:
          - {id: couriers, kind: shipping_carrier}
      """)
def shine_the_light_contradicted(policy: Policy) -> Iterator[Violation]:
    statement = (policy.data.get("california") or {}).get("shine_the_light")
    if not statement or statement["policy"] != "no_disclosure":
        return
    marketing = [path for path, r in policy.items("recipients") if r.get("sharing_for_advertising")]
    if marketing:
        yield Violation(("california", "shine_the_light", "policy"),
                        "the no-disclosure statement is contradicted by recipients that receive data for marketing",
                        related=tuple(marketing))
