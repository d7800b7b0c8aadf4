"""GDPR rules (profile `gdpr`): the information Art. 13 and 14 require, and the limits of Art. 8, 9, 12 and 21.

Switched on when the policy declares the GDPR or the UK GDPR (whose Art. 13 is the same). Citations were checked
against the Regulation's text; see docs/legal-citations.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from policylint.findings import MAX_RELATED, JsonPath
from policylint.model import (
    ADEQUATE_COUNTRIES,
    EEA_COUNTRIES,
    Item,
    Policy,
    categories_of,
    country_of,
    duration_days,
    is_ico,
    is_unlimited_fee,
    recipient_locations,
    retention_sets_end,
    transfer_destination,
)
from policylint.rules import Violation, listed, rule
from policylint.rules.core import CONTACT

GDPR = """
        frameworks:
          - framework: gdpr
"""


@rule(code="PL301", name="controller-identity", profile="gdpr", severity="error",
      summary="The policy does not give the controller's legal name.",
      citation="GDPR Art. 13(1)(a), 14(1)(a)",
      rationale="Readers must know who is responsible for their data: the legal entity, not only a brand. (The "
                "contact details Art. 13(1)(a) also requires are checked by no-usable-contact, PL202.)",
      fails=GDPR + """
        organisation:
          name: Example
      """,
      passes=GDPR + CONTACT + """
        organisation:
          name: Example
          legal_name: Example Ltd
      """)
def controller_identity(policy: Policy) -> Iterator[Violation]:
    organisation = policy.data["organisation"]
    if not (organisation.get("legal_name") or any(e.get("legal_name") for e in organisation.get("entities", []))):
        yield Violation(("organisation",), "the policy gives no legal name for the controller")


@rule(code="PL302", fixed_by_removal=True,
      name="purpose-without-legal-basis", profile="gdpr", severity="error",
      summary="A purpose has no legal basis.",
      citation="GDPR Art. 13(1)(c), 14(1)(c)",
      rationale="Every purpose needs one of the six Art. 6(1) bases, stated, so readers know what rights they have "
                "(consent can be withdrawn; legitimate interests can be objected to).",
      fails=GDPR + """
        purposes:
          - {id: marketing, description: Marketing emails}
      """,
      passes=GDPR + """
        purposes:
          - {id: marketing, description: Marketing emails, legal_bases: [consent]}
      """)
def purpose_without_legal_basis(policy: Policy) -> Iterator[Violation]:
    missing = [(path, purpose) for path, purpose in policy.items("purposes")
               if not purpose.get("legal_bases") and not policy.handles_only_anonymous_data(purpose)]
    opt_in = [purpose["id"] for _, purpose in missing if purpose.get("consent") == "opt_in"]
    if len(missing) == 1:
        path, purpose = missing[0]
        if opt_in:
            # Consent stated in substance (rule-gaps F12): the remedy is to name it, not to find a basis.
            yield Violation(path, f"purpose '{purpose['id']}' is pursued only with the person's consent (opt-in), but "
                                  "the policy does not name consent as its legal basis (GDPR Art. 6(1)(a))")
        else:
            yield Violation(path, f"purpose '{purpose['id']}' gives no legal basis")
        return
    if not missing:
        return
    # One defect, one finding (rule-gaps F9): purposes left without a basis are one gap in the notice, said once
    # with the purposes listed, and described by what the policy does give.
    tied = len(policy.data["purposes"]) - len(missing)
    names = _listed([purpose["id"] for _, purpose in missing])
    if policy.data.get("legal_bases"):
        why = ("though others are: the policy's general list of bases (legal_bases) does not say which applies to "
               "them") if tied else "the policy lists its bases only for its processing as a whole (legal_bases)"
        message = f"{len(missing)} purposes are tied to no legal basis, {why}: {names}"
    elif tied:
        message = f"{len(missing)} purposes give no legal basis: {names}"
    else:
        message = f"the policy states no legal basis for any of its {len(missing)} purposes: {names}"
    if opt_in:
        message += (f" ({_listed(opt_in)} {'is' if len(opt_in) == 1 else 'are'} pursued only with consent, which "
                    "the policy does not name as the basis)")
    yield Violation(("purposes",), message, related=tuple(path for path, _ in missing[:MAX_RELATED]))


def _listed(ids: list[str], most: int = 12) -> str:
    """Ids in a message, quoted: all of them up to `most`, then how many more."""
    return listed([f"'{i}'" for i in ids], most)


@rule(code="PL303", fixed_by_removal=True,
      name="legitimate-interest-not-stated", profile="gdpr", severity="error",
      summary="A purpose relies on legitimate interests without saying which interest.",
      citation="GDPR Art. 13(1)(d), 14(2)(b)",
      rationale="\"Legitimate interests\" alone tells readers nothing they can weigh or object to; the interest "
                "pursued must be named.",
      fails=GDPR + """
        purposes:
          - {id: analytics, description: Site analytics, legal_bases: [legitimate_interests]}
      """,
      passes=GDPR + """
        purposes:
          - id: analytics
            description: Site analytics
            legal_bases: [legitimate_interests]
            legitimate_interest: to understand which pages are used so we can improve them
      """)
def legitimate_interest_not_stated(policy: Policy) -> Iterator[Violation]:
    unnamed = [(path, purpose) for path, purpose in policy.items("purposes")
               if "legitimate_interests" in purpose.get("legal_bases", []) and not purpose.get("legitimate_interest")]
    if len(unnamed) == 1:
        path, purpose = unnamed[0]
        yield Violation(path, f"purpose '{purpose['id']}' relies on legitimate interests without naming them")
    elif unnamed:
        # One drafting gap, one finding, with the purposes it leaves unexplained.
        yield Violation(("purposes",), f"{len(unnamed)} purposes rely on legitimate interests without naming the "
                                       f"interest: {_listed([purpose['id'] for _, purpose in unnamed])}",
                        related=tuple(path for path, _ in unnamed[:MAX_RELATED]))


@rule(code="PL304", name="recipients-not-stated", profile="gdpr", severity="warning",
      summary="The policy names no recipients or categories of recipients.",
      citation="GDPR Art. 13(1)(e), 14(1)(e)",
      rationale="Almost every organisation shares data with processors at least; a policy that names none is "
                "unlikely to be complete. If there really are none, say so. Disclosures only to \"others\" or "
                "\"certain third parties\" name neither a recipient nor a category either.",
      fails=GDPR + """
        recipients:
          - {id: others, kind: other_third_party, description: others}
      """,
      passes=GDPR + """
        recipients:
          - {id: hosting, kind: service_provider, description: our hosting provider}
      """)
def recipients_not_stated(policy: Policy) -> Iterator[Violation]:
    recipients = policy.data["recipients"]
    if not recipients and not any(policy.negative("no_sharing", "no_transfer_to_third_parties")):
        yield Violation(("recipients",), "the policy names no recipients of personal data")
    elif recipients and all(r["kind"] == "other_third_party" and not r.get("named") for r in recipients):
        # rule-gaps M9: "providing your information to others" names neither a recipient nor a category of them.
        said = listed([repr(r.get("description") or r["id"]) for r in recipients])
        yield Violation(("recipients",), f"the policy's only recipients ({said}) are named neither by name nor by "
                                         "category: say who receives the data, or what kind of organisation")


@rule(code="PL305", fixed_by_removal=True,
      name="transfer-without-mechanism", profile="gdpr", severity="error",
      summary="An international transfer gives no lawful transfer mechanism.",
      citation="GDPR Art. 13(1)(f), 44-49",
      rationale="A transfer outside the EEA needs an adequacy decision (the DPF is one) or an Art. 46/47 safeguard "
                "or an Art. 49 derogation. A legitimate interest, or nothing, is not a transfer mechanism.",
      fails=GDPR + """
        transfers:
          - destination: US
            mechanism: other_stated_basis
            stated_basis: we have a legitimate interest in storing data in the United States
      """,
      passes=GDPR + """
        transfers:
          - {destination: US, mechanism: sccs}
      """)
def transfer_without_mechanism(policy: Policy) -> Iterator[Violation]:
    unlawful = ("other_stated_basis", "not_stated")
    # Data from the EEA or the UK to a destination another statement safeguards (Precision: "a legitimate interest
    # in storing your personal information ... in the United States", then the DPF for data from the EU and UK) is
    # covered by that statement; the bare one speaks for data the GDPR does not reach.
    safeguarded = {transfer_destination(t) for t in policy.data.get("transfers", [])
                   if t["mechanism"] not in unlawful
                   and (not t.get("origin") or set(t["origin"]) & (EEA_COUNTRIES | {"GB"}))}
    for path, transfer in policy.items("transfers"):
        if transfer["mechanism"] in unlawful and transfer_destination(transfer) not in safeguarded:
            basis = f" (it states: {transfer['stated_basis']!r})" if transfer.get("stated_basis") else ""
            yield Violation((*path, "mechanism"), f"the transfer to {transfer_destination(transfer)} has no lawful "
                                                  f"transfer mechanism{basis}")


@rule(code="PL306", name="gdpr-right-missing", profile="gdpr", severity="error",
      summary="The policy omits one of the rights Art. 13(2)(b) requires it to state.",
      citation="GDPR Art. 13(2)(b), 14(2)(c)",
      rationale="Access, rectification, erasure, restriction, objection and portability must each be stated so "
                "readers know they exist.",
      fails=GDPR + """
        rights:
          statements:
            - right: access
      """,
      passes=GDPR + """
        rights:
          statements:
            - {right: access}
            - {right: rectification}
            - {right: erasure}
            - {right: restriction}
            - {right: objection}
            - {right: portability}
      """)
def gdpr_right_missing(policy: Policy) -> Iterator[Violation]:
    required = ("access", "rectification", "erasure", "restriction", "objection", "portability")
    where = ("rights",) if "rights" in policy.data else ()
    granted = policy.granted_rights | ({"objection"} if "object_direct_marketing" in policy.granted_rights else set())
    missing = [r for r in required if r not in granted]
    if missing:
        yield Violation(where, f"the policy does not state the right(s) of {', '.join(missing)}")


@rule(code="PL307", name="withdraw-consent-missing", profile="gdpr", severity="error",
      summary="Processing rests on consent but the policy does not say consent can be withdrawn.",
      citation="GDPR Art. 13(2)(c), 7(3)",
      rationale="Where consent is the basis, readers must be told they can withdraw it at any time, as easily as "
                "they gave it. A purpose pursued only with prior consent (opt-in), and cookies set only once the "
                "person agrees, rest on consent whether or not the policy names it as the basis.",
      citation_note="Art. 13(2)(c) speaks of processing based on Art. 6(1)(a) or 9(2)(a); an opt-in purpose with no "
                    "named basis is read as resting on consent. Cookie consent under ePrivacy Directive Art. 5(3) is "
                    "consent in the GDPR's sense (Art. 2(f) of that Directive; GDPR Art. 94(2)), so Art. 7(3) applies "
                    "to it.",
      fails=GDPR + """
        purposes:
          - {id: updates, description: News about our products, consent: opt_in}
      """,
      passes=GDPR + """
        purposes:
          - {id: newsletter, description: Newsletter, legal_bases: [consent]}
        rights:
          statements:
            - right: withdraw_consent
      """)
def withdraw_consent_missing(policy: Policy) -> Iterator[Violation]:
    if "withdraw_consent" in policy.granted_rights:
        return
    consent = [(path, p["id"]) for path, p in policy.items("purposes") if policy.rests_on_consent(p)]
    cookies = policy.data.get("cookies") or {}
    if cookies.get("consent") == "opt_in" and any(t["technology"] != "log_files" for _, t in policy.technologies()):
        consent.append((("cookies", "consent"), "cookies set once the person agrees"))
    if consent:
        names = listed([f"'{name}'" if path[0] == "purposes" else name for path, name in consent])
        yield Violation(consent[0][0], f"processing rests on consent ({names}) but the policy does not state the right "
                                       "to withdraw it", related=tuple(path for path, _ in consent[1:MAX_RELATED]))


@rule(code="PL308", name="complaint-right-missing", profile="gdpr", severity="error",
      summary="The policy does not tell readers they can complain to a supervisory authority.",
      citation="GDPR Art. 13(2)(d), 77(1)",
      rationale="The right to lodge a complaint with a data protection authority must be stated.",
      fails=GDPR + """
        rights:
          statements:
            - right: access
      """,
      passes=GDPR + """
        complaints:
          supervisory_authorities:
            - name: the Data Protection Commission
      """)
def complaint_right_missing(policy: Policy) -> Iterator[Violation]:
    complaints = policy.data.get("complaints") or {}
    if not (complaints.get("supervisory_authorities") or complaints.get("right_to_complain")
            or "complaint" in policy.granted_rights):
        yield Violation(("complaints",) if complaints else (),
                        "the policy does not state the right to complain to a supervisory authority")


@rule(code="PL309", fixed_by_removal=True,
      name="complaint-preconditioned", profile="gdpr", severity="warning",
      summary="The policy makes a complaint to the authority conditional on complaining to the organisation first.",
      citation="GDPR Art. 77(1)",
      rationale="The right to complain to a supervisory authority is unconditional; asking people to come to the "
                "organisation first is fine, requiring it is not.",
      fails=GDPR + """
        complaints:
          supervisory_authorities:
            - name: the ICO
              precondition: If you have a complaint that is not resolved to your satisfaction
      """,
      passes=GDPR + """
        complaints:
          supervisory_authorities:
            - name: the ICO
      """)
def complaint_preconditioned(policy: Policy) -> Iterator[Violation]:
    for path, authority in policy.authorities():
        if authority.get("precondition"):
            yield Violation((*path, "precondition"),
                            f"complaints to {authority['name']} are made conditional: {authority['precondition']!r}")


@rule(code="PL310", name="provision-requirement-missing", profile="gdpr", severity="warning",
      summary="The policy does not say whether people must provide their data, or what happens if they do not.",
      citation="GDPR Art. 13(2)(e)",
      rationale="Readers must know whether providing data is a statutory or contractual requirement, whether they "
                "are obliged to, and the consequences of not doing so.",
      fails=GDPR + """
        purposes: []
      """,
      passes=GDPR + """
        provision_requirements:
          - requirement: contractual
            consequences: we cannot deliver your order
      """)
def provision_requirement_missing(policy: Policy) -> Iterator[Violation]:
    if not policy.data.get("provision_requirements"):
        yield Violation((), "the policy does not say whether providing data is required, or the consequences of "
                            "not providing it")


@rule(code="PL311", fixed_by_removal=True,
      name="automated-decision-logic-missing", profile="gdpr", severity="error",
      summary="The policy says it makes automated decisions but not how, or with what consequences.",
      citation="GDPR Art. 13(2)(f), 14(2)(g), 22(1)",
      rationale="Where decisions are automated, readers are owed meaningful information about the logic involved and "
                "the significance and envisaged consequences for them.",
      citation_note="Art. 13(2)(f) requires logic, significance and consequences; safeguards are Art. 22(3)'s and "
                    "are checked by automated-decision-safeguards-missing (PL339).",
      fails=GDPR + """
        automated_decision_making:
          used: true
      """,
      passes=GDPR + """
        automated_decision_making:
          used: true
          logic: a credit score computed from your payment history
          significance: an order may be refused credit terms
      """)
def automated_decision_logic_missing(policy: Policy) -> Iterator[Violation]:
    adm = policy.data.get("automated_decision_making") or {}
    if adm.get("used"):
        missing = [k for k in ("logic", "significance") if not adm.get(k)]
        if missing:
            yield Violation(("automated_decision_making",), f"automated decision-making is described without its "
                                                            f"{' or '.join(missing)}")


@rule(code="PL312", fixed_by_removal=True,
      name="third-party-source-unnamed", profile="gdpr", severity="warning",
      summary="Data obtained from third parties does not say where it comes from.",
      citation="GDPR Art. 14(2)(f)",
      rationale="When data is not collected from the person, the policy must say its source, and whether that "
                "source is publicly accessible.",
      fails=GDPR + """
        data_categories:
          - id: leads
            label: Marketing leads
            sources: [{kind: third_party}]
      """,
      passes=GDPR + """
        data_categories:
          - id: leads
            label: Marketing leads
            sources: [{kind: third_party, named: [LinkedIn]}]
      """)
def third_party_source_unnamed(policy: Policy) -> Iterator[Violation]:
    for path, category in policy.items("data_categories"):
        for i, source in enumerate(category.get("sources", [])):
            if source["kind"] in ("third_party", "affiliate") and not (source.get("named")
                                                                        or source.get("description")):
                yield Violation((*path, "sources", i), f"'{category['id']}' comes from a {source['kind']} the policy "
                                                       "does not name or describe")


@rule(code="PL313", fixed_by_removal=True,
      name="response-time-too-long", profile="gdpr", severity="warning",
      summary="The response time for requests exceeds one month.",
      citation="GDPR Art. 12(3)",
      rationale="Requests must be answered without undue delay and within one month, extendable by two further "
                "months only with notice within the first.",
      fails=GDPR + """
        rights:
          statements: []
          response_times:
            - {period: P45D, commitment: within}
      """,
      passes=GDPR + """
        rights:
          statements: []
          response_times:
            - {period: P1M, commitment: within}
      """)
def response_time_too_long(policy: Policy) -> Iterator[Violation]:
    for path, time in policy.response_times():
        days = duration_days(time["period"])
        if days is not None and days > 31:
            yield Violation((*path, "period"), f"{time['period']} is longer than the one month Art. 12(3) allows")
        extension = duration_days(time.get("extension", "")) if time.get("extension") else None
        if extension is not None and extension > 62:
            yield Violation((*path, "extension"), f"an extension of {time['extension']} is longer than two months")


@rule(code="PL314", fixed_by_removal=True,
      name="fee-not-allowed", profile="gdpr", severity="error",
      summary="The policy says it may charge for requests without limiting the fee to the cases the GDPR allows.",
      citation="GDPR Art. 12(5), 15(3)",
      rationale="Information and actions on requests are free. A reasonable fee is allowed only for manifestly "
                "unfounded or excessive requests, or for further copies. (A fee limited to stated grounds is "
                "judged by fee-ground-not-allowed, PL336.)",
      fails=GDPR + """
        rights:
          statements:
            - right: access
              fee: {kind: may_charge, amount: a small fee}
      """,
      passes=GDPR + """
        rights:
          fees: [{kind: free_unless_unfounded_or_excessive}]
          statements:
            - right: access
      """)
def fee_not_allowed(policy: Policy) -> Iterator[Violation]:
    for path, fee in policy.fees():
        if is_unlimited_fee(fee):
            yield Violation((*path, "kind"), f"a fee ({fee.get('amount', fee['kind'])}) without the Art. 12(5) limits")


@rule(code="PL315", fixed_by_removal=True,
      name="special-category-without-condition", profile="gdpr", severity="error",
      summary="Special-category data is used without an Art. 9(2) condition.",
      citation="GDPR Art. 9(1)-(2)",
      rationale="Processing health, biometric and the other special categories is prohibited unless one of the "
                "Art. 9(2) conditions applies; the policy must say which.",
      fails=GDPR + """
        data_categories:
          - {id: health, label: Health, sensitive_types: [health]}
        purposes:
          - {id: orders, description: Orders, data_categories: [health], legal_bases: [contract]}
      """,
      passes=GDPR + """
        data_categories:
          - {id: health, label: Health, sensitive_types: [health]}
        purposes:
          - id: orders
            description: Orders
            data_categories: [health]
            legal_bases: [consent]
            special_category_conditions: [explicit_consent]
      """)
def special_category_without_condition(policy: Policy) -> Iterator[Violation]:
    special = set(policy.special_categories)
    for path, purpose in policy.items("purposes"):
        used = special & set(categories_of(purpose.get("data_categories", [])))
        if used and not purpose.get("special_category_conditions"):
            yield Violation(path, f"purpose '{purpose['id']}' uses special-category data ({', '.join(sorted(used))}) "
                                  "with no Art. 9(2) condition")


@rule(code="PL316", name="objection-right-missing", profile="gdpr", severity="error",
      summary="Processing rests on legitimate interests or serves direct marketing, and the right to object is not "
              "stated.",
      citation="GDPR Art. 21(1)-(4)",
      rationale="Where processing rests on legitimate interests, or serves direct marketing, the right to object "
                "must be brought explicitly to readers' attention, clearly and separately from other information.",
      fails=GDPR + """
        purposes:
          - id: analytics
            description: Analytics
            legal_bases: [legitimate_interests]
            legitimate_interest: improving the site
      """,
      passes=GDPR + """
        purposes:
          - id: analytics
            description: Analytics
            legal_bases: [legitimate_interests]
            legitimate_interest: improving the site
        rights:
          statements:
            - right: objection
      """)
def objection_right_missing(policy: Policy) -> Iterator[Violation]:
    triggering = [path for path, p in policy.items("purposes")
                  if {"legitimate_interests", "public_task"} & set(p.get("legal_bases", []))]
    if triggering and not {"objection", "object_direct_marketing"} & policy.granted_rights:
        yield Violation(triggering[0], "processing rests on legitimate interests or a public task but the right to "
                                       "object is not stated", related=tuple(triggering[1:]))


@rule(code="PL317", fixed_by_removal=True,
      name="child-consent-age", profile="gdpr", severity="info",
      summary="An age threshold for children is outside the 13-16 range the GDPR allows for consent.",
      citation="GDPR Art. 8(1)",
      rationale="For information society services offered to children on the basis of consent, the age is 16, which "
                "Member States may lower to no less than 13.",
      citation_note="Art. 8(1) applies only to consent-based information society services offered directly to a "
                    "child; the UK sets 13 (UK GDPR Art. 8(1)).",
      fails=GDPR + """
        negative_statements:
          - {id: children, claim: no_knowing_collection_from_children, age: 12}
      """,
      passes=GDPR + """
        negative_statements:
          - {id: children, claim: no_knowing_collection_from_children, age: 16}
      """)
def child_consent_age(policy: Policy) -> Iterator[Violation]:
    ages = [((*path, "age"), s["age"]) for path, s in policy.items("negative_statements") if "age" in s]
    statements = (policy.data.get("children") or {}).get("statements", [])
    ages += [(("children", "statements", i, "age"), s["age"]) for i, s in enumerate(statements) if "age" in s]
    for path, age in ages:
        if not 13 <= age <= 16:
            yield Violation(path, f"age {age} is outside the 13-16 range of GDPR Art. 8(1)")


@rule(code="PL318", fixed_by_removal=True,
      name="uk-authority-without-uk-gdpr", profile="gdpr", severity="info",
      summary="The policy names the UK's Information Commissioner but cites only the EU GDPR.",
      citation="UK GDPR; Data Protection Act 2018",
      rationale="Since 2021 the UK applies its own UK GDPR and the Data Protection Act 2018; a UK-facing policy that "
                "cites only the EU Regulation names the wrong law.",
      fails=GDPR + """
        complaints:
          supervisory_authorities:
            - name: Information Commissioner's Office
      """,
      passes="""
        frameworks:
          - framework: gdpr
          - framework: uk_gdpr
        complaints:
          supervisory_authorities:
            - name: Information Commissioner's Office
      """)
def uk_authority_without_uk_gdpr(policy: Policy) -> Iterator[Violation]:
    if "uk_gdpr" in policy.frameworks:
        return
    for path, authority in policy.authorities():
        if is_ico(authority["name"]):
            yield Violation((*path, "name"),
                            f"{authority['name']!r} is the UK authority, but the policy does not cite the UK GDPR")


@rule(code="PL341", name="retention-criteria-only", profile="gdpr", severity="warning",
      summary="The policy gives only criteria for how long it keeps data, and no period or end for any of it.",
      citation="GDPR Art. 13(2)(a); Art. 14(2)(a)",
      citation_note="Art. 13(2)(a) allows the criteria only \"if that is not possible\". The Article 29 Working "
                    "Party's transparency guidelines (WP260 rev.01) call a generic \"as long as necessary for the "
                    "legitimate purposes\" insufficient, and the Irish DPC's WhatsApp inquiry (IN-18-12-2) found "
                    "generic retention information short of Art. 13(2)(a); the first was not seen verbatim in the "
                    "store, the second in an excerpt. The rule cannot tell generic criteria from specific ones, so "
                    "it reports only a policy that sets no end for any data. It runs where the GDPR's rules run: "
                    "other laws (the CCPA's 1798.100(a)(3) too) accept the criteria.",
      rationale="\"For the time necessary to realize our legitimate business purposes and to comply with the law\" "
                "lets no reader work out when their data goes. The GDPR asks for the period, and accepts the "
                "criteria only where a period cannot be given; a policy that gives no period, event or time "
                "without use for any of its data claims that for all of it. A retention schedule that exists "
                "shows the periods can be given.",
      fails="""
        retention:
          - kind: criteria
            criteria: for the time necessary to realize our legitimate business purposes and to comply with the law
      """ + GDPR,
      passes="""
        retention:
          - kind: criteria
            criteria: for the time necessary to realize our legitimate business purposes and to comply with the law
          - {kind: until_event, event: you close your account, period: P30D}
      """ + GDPR)
def retention_criteria_only(policy: Policy) -> Iterator[Violation]:
    statements = list(policy.items("retention"))
    if any(retention_sets_end(s) or (s.get("schedule") or {}).get("url") for _, s in statements):
        return
    # Criteria, and criteria joined to criteria; an end joined by "whichever is longer" to criteria is PL254's.
    criteria = [(path, s) for path, s in statements if s["kind"] == "criteria" or (
        s["kind"] == "combined" and all(part["kind"] == "criteria" for part in s["parts"]))]
    if not criteria:
        return  # nothing said (PL228), only a schedule (PL229), or an end overridden (PL254)
    path, first = criteria[0]
    said = first.get("criteria") or " ... ".join(part["criteria"] for part in first["parts"])
    more = f" and {len(criteria) - 1} more" if len(criteria) > 1 else ""
    schedules = [s["schedule"]["title"] for _, s in statements if s["kind"] == "schedule_reference"]
    held = (f"; the periods exist in \"{schedules[0]}\", which shows they can be given" if schedules else "")
    yield Violation(path, f"the policy gives only criteria ({said!r}{more}) and no period, event or "
                          f"time without use for any data{held}; Art. 13(2)(a) accepts criteria only where a "
                          "period cannot be given",
                    related=tuple(p for p, _ in criteria[1:1 + MAX_RELATED]))


# The Art. 6(1) point a basis names: "6(1)(f)", "6 (1), point (a)", "6 para. 1 lit. f". The 6 stands alone (not the
# 6 of 16(1) or 46(1)).
_ART_6_1 = re.compile(r"(?<!\d)6\s*(?:\(\s*1\s*\)|para(?:graph|\.)?\s*1)\s*,?\s*(?:point|lit(?:\.|era)?|letter|sub)?"
                      r"\s*\(?\s*([a-f])\s*\)", re.IGNORECASE)
_ART_6_1_BARE = re.compile(r"(?<!\d)6\s*(?:\(\s*1\s*\)|para(?:graph|\.)?\s*1)\s*,?\s*(?:point|lit(?:\.|era)?|letter)"
                           r"\s+([a-f])\b", re.IGNORECASE)
BASIS_LETTER = {"consent": "a", "contract": "b", "legal_obligation": "c", "vital_interests": "d", "public_task": "e",
                "legitimate_interests": "f"}
LETTER_BASIS = {letter: basis for basis, letter in BASIS_LETTER.items()}


def cited_article_6_points(cited: str) -> set[str]:
    """The points of GDPR Art. 6(1) a citation names ("Article 6 (1), point (a)" -> {"a"}); empty when it names none
    (another article, or words this reading does not know)."""
    return {m.lower() for pattern in (_ART_6_1, _ART_6_1_BARE) for m in pattern.findall(cited)}


def _basis_statements(policy: Policy) -> Iterator[tuple[JsonPath, Item]]:
    """Every stated legal basis with a citation: on purposes and for the processing as a whole."""
    for path, purpose in policy.items("purposes"):
        for i, statement in enumerate(purpose.get("legal_basis_statements", [])):
            yield (*path, "legal_basis_statements", i), statement
    yield from policy.items("legal_bases")


@rule(code="PL319", fixed_by_removal=True,
      name="legal-basis-miscited", profile="gdpr", severity="error",
      summary="A legal basis is given with the Art. 6(1) point of a different basis.",
      citation="GDPR Art. 6(1), 13(1)(c)",
      rationale="Each basis has its own point of Art. 6(1), and the point decides readers' rights: consent (a) can be "
                "withdrawn, legitimate interests (f) can be objected to. A legitimate interest cited to point (a) "
                "leaves readers unable to tell which basis is relied on.",
      fails=GDPR + """
        purposes:
          - id: research
            description: User research
            legal_bases: [legitimate_interests]
            legal_basis_statements:
              - {basis: legitimate_interests, cited: "GDPR Article 6 (1), point (a)"}
      """,
      passes=GDPR + """
        purposes:
          - id: research
            description: User research
            legal_bases: [legitimate_interests]
            legal_basis_statements:
              - {basis: legitimate_interests, cited: "GDPR Article 6 (1), point (f)"}
      """)
def legal_basis_miscited(policy: Policy) -> Iterator[Violation]:
    for path, statement in _basis_statements(policy):
        points = cited_article_6_points(statement.get("cited") or "")
        expected = BASIS_LETTER[statement["basis"]]
        if points and expected not in points:
            named = " or ".join(f"point ({p}), {LETTER_BASIS[p].replace('_', ' ')}" for p in sorted(points))
            yield Violation((*path, "cited"), f"{statement['basis'].replace('_', ' ')} is cited as "
                                              f"{statement['cited']!r}: that is Art. 6(1) {named}; "
                                              f"{statement['basis'].replace('_', ' ')} is point ({expected})")


@rule(code="PL320", fixed_by_removal=True,
      name="tracking-on-legitimate-interests", profile="gdpr", severity="warning",
      summary="Analytics or advertising trackers serve a purpose that rests on legitimate interests, not consent.",
      citation="Directive 2002/58/EC Art. 5(3); GDPR Art. 6(1)",
      rationale="Storing or reading analytics and advertising cookies, pixels or SDK identifiers on a person's device "
                "is allowed only with consent, unless strictly necessary for a service the person asked for "
                "(ePrivacy Art. 5(3); CJEU C-673/17 Planet49). Legitimate interests cannot stand in for that consent.",
      citation_note="Art. 5(3) applies through national law (PECR reg. 6 in the UK). Some authorities exempt narrow "
                    "audience measurement (CNIL), and PECR Sch. A1 para. 5 (in force 5 Feb 2026) exempts analytics "
                    "for statistical purposes, so under the UK rules alone analytics trackers are not checked. "
                    "Silent when the policy says trackers are set only after consent (cookies.consent: opt_in).",
      fails=GDPR + """
        purposes:
          - id: tracking
            description: To track your behaviour on the website
            legal_bases: [legitimate_interests]
        cookies:
          technologies:
            - {id: ga4, technology: analytics_tool, category: analytics, name: Google Analytics 4, purposes: [tracking]}
      """,
      passes=GDPR + """
        purposes:
          - id: tracking
            description: To track your behaviour on the website
            legal_bases: [consent]
        cookies:
          technologies:
            - {id: ga4, technology: analytics_tool, category: analytics, name: Google Analytics 4, purposes: [tracking]}
      """)
def tracking_on_legitimate_interests(policy: Policy) -> Iterator[Violation]:
    if (policy.data.get("cookies") or {}).get("consent") == "opt_in":
        return
    served: dict[str, list[tuple[JsonPath, Item]]] = {}
    for path, technology in policy.consent_trackers():
        for purpose_id in technology.get("purposes", []):
            served.setdefault(purpose_id, []).append((path, technology))
    for path, purpose in policy.items("purposes"):
        bases = purpose.get("legal_bases", [])
        trackers = served.get(purpose["id"])
        if trackers and "legitimate_interests" in bases and not policy.rests_on_consent(purpose):
            names = listed([f"'{t['id']}' ({t.get('name') or t.get('provider') or t['technology']})"
                            for _, t in trackers])
            yield Violation((*path, "legal_bases"), f"purpose '{purpose['id']}' rests on legitimate interests, but "
                                                    f"it is served by {names}: storing or reading such trackers on a "
                                                    "device needs the person's consent",
                            related=tuple(p for p, _ in trackers[:MAX_RELATED]))


@rule(code="PL321", name="tracker-without-consent-info", profile="gdpr", severity="warning",
      summary="The policy describes analytics or advertising trackers and says nothing of asking consent for them, "
              "or says they are set without it.",
      citation="Directive 2002/58/EC Art. 5(3); PECR reg. 6",
      rationale="Analytics and advertising cookies and similar technologies may be stored or read only after the "
                "person has been clearly informed and has consented; readers should learn from the policy whether "
                "and how that consent is asked. Setting them until the person objects is not consent (CJEU C-673/17 "
                "Planet49).",
      citation_note="Art. 5(3) applies through national law; in the UK PECR reg. 6 and Sch. A1 (in force 5 Feb 2026), "
                    "whose para. 5 exempts analytics for statistical purposes, so under the UK rules alone only "
                    "advertising trackers are checked. A cookie-settings tool is taken as consent information. "
                    "Trackers whose purpose claims legitimate interests are left to PL320.",
      fails=GDPR + """
        cookies:
          technologies:
            - {id: ga, technology: analytics_tool, category: analytics, name: Google Analytics}
      """,
      passes=GDPR + """
        cookies:
          consent: opt_in
          technologies:
            - {id: ga, technology: analytics_tool, category: analytics, name: Google Analytics}
      """)
def tracker_without_consent_info(policy: Policy) -> Iterator[Violation]:
    unasked = policy.trackers_without_consent_info
    if not unasked:
        return
    mode = (policy.data.get("cookies") or {}).get("consent")
    names = listed([f"'{t['id']}' ({t.get('name') or t.get('provider') or t.get('category')})" for _, t in unasked])
    said = {None: "the policy does not say that consent is asked for them",
            "none": "the policy says they are set without asking (cookies.consent: none)",
            "opt_out": "the policy says they are set until the person refuses, which is not consent"}[mode]
    yield Violation(("cookies",) if mode is None else ("cookies", "consent"),
                    f"analytics or advertising trackers ({names}) need consent, but {said}",
                    related=tuple(path for path, _ in unasked[:MAX_RELATED]))


@rule(code="PL322", name="special-category-unaccounted", profile="gdpr", severity="warning",
      summary="Special-category data, or data the policy calls sensitive without saying what it is, is tied to no "
              "purpose with an Art. 9(2) condition.",
      citation="GDPR Art. 9(1)-(2)",
      rationale="Processing special-category data is prohibited unless an Art. 9(2) condition applies. Health or "
                "other special data that no purpose uses has no condition stated for it; \"other sensitive "
                "information\" may be special-category data, and then needs one too.",
      citation_note="PL315 covers special-category data a purpose uses without a condition; this rule covers what "
                    "no purpose uses and data marked only 'unspecified'. Where no purpose names its data at all, a "
                    "condition stated on any purpose is taken to cover it.",
      fails=GDPR + """
        data_categories:
          - {id: order, label: Order details}
          - {id: prescriptions, label: Prescription details, sensitive_types: [health]}
        purposes:
          - {id: orders, description: Orders, data_categories: [order], legal_bases: [contract]}
      """,
      passes=GDPR + """
        data_categories:
          - {id: order, label: Order details}
          - {id: prescriptions, label: Prescription details, sensitive_types: [health]}
        purposes:
          - id: orders
            description: Orders
            data_categories: [order, prescriptions]
            legal_bases: [contract]
            special_category_conditions: [health_or_social_care]
      """)
def special_category_unaccounted(policy: Policy) -> Iterator[Violation]:
    purposes = policy.data["purposes"]
    if not any(p.get("data_categories") for p in purposes) and any(p.get("special_category_conditions")
                                                                   for p in purposes):
        return  # a condition is stated, and no purpose says which data it uses
    used = {c for p in purposes for c in categories_of(p.get("data_categories", []))}
    conditioned = {c for p in purposes if p.get("special_category_conditions")
                   for c in categories_of(p.get("data_categories", []))}
    special = policy.special_categories
    for path, category in policy.items("data_categories"):
        if category["id"] in special and category["id"] not in used:
            yield Violation(path, f"'{category['id']}' ({category['label']}) holds special-category data "
                                  f"({', '.join(special[category['id']])}) that no purpose uses, so no Art. 9(2) "
                                  "condition is given for it")
        elif (category["id"] not in special and "unspecified" in category.get("sensitive_types", [])
              and category["id"] not in conditioned):
            yield Violation(path, f"'{category['id']}' ({category['label']}) is called sensitive without saying what "
                                  "it is: if it includes special-category data (health, beliefs, ...), the policy "
                                  "gives no Art. 9(2) condition for it")


_SOURCE_FILLER = re.compile(r"\b(?:the|personal|information|data|details|from|obtained|received|collected|about|you|"
                            r"and|or|other|our|we|receive|get|by|via|of)\b|[^\w]", re.IGNORECASE)


@rule(code="PL323", fixed_by_removal=True,
      name="third-party-categories-unstated", profile="gdpr", severity="warning",
      summary="Data obtained from a third party is described only by its source, not by what it is.",
      citation="GDPR Art. 14(1)(d)",
      rationale="When data does not come from the person, the policy must say which categories of data are "
                "obtained; \"information from credit reference agencies\" names a source, not the data.",
      fails=GDPR + """
        data_categories:
          - id: agency-data
            label: information from credit reference agencies
            sources: [{kind: third_party, named: [credit reference agencies]}]
      """,
      passes=GDPR + """
        data_categories:
          - id: agency-data
            label: credit score and payment defaults
            sources: [{kind: third_party, named: [credit reference agencies]}]
      """)
def third_party_categories_unstated(policy: Policy) -> Iterator[Violation]:
    for path, category in policy.items("data_categories"):
        sources = category.get("sources", [])
        if (not sources or category.get("examples") or category.get("items")
                or any(s["kind"] in ("data_subject", "automatic", "user_about_others") for s in sources)):
            continue
        label = category["label"].lower()
        for source in sources:
            for name in source.get("named", []):
                label = label.replace(name.lower(), " ")
        if not _SOURCE_FILLER.sub("", label).strip() and label != category["label"].lower():
            yield Violation((*path, "label"), f"'{category['id']}' is described only by where it comes from "
                                              f"({category['label']!r}): say which data is obtained")


@rule(code="PL324", fixed_by_removal=True,
      name="legal-compliance-not-legal-obligation", profile="gdpr", severity="info",
      summary="A purpose of complying with the law rests on a basis other than legal obligation.",
      citation="GDPR Art. 6(1)(c), 6(3)",
      rationale="Processing required by EU or Member State law rests on Art. 6(1)(c). Filing it under legitimate "
                "interests gives readers a right to object they do not have; if the law is a third country's, "
                "which Art. 6(3) does not cover, the policy should say so.",
      citation_note="Info only: compliance with a third country's law is not an Art. 6(1)(c) obligation, and "
                    "legitimate interests may then be the right basis; the encoding cannot tell which law is meant.",
      fails=GDPR + """
        purposes:
          - id: legal
            description: As required by applicable law, legal process or regulation.
            kind: legal_compliance
            legal_bases: [legitimate_interests]
            legitimate_interest: complying with the law
      """,
      passes=GDPR + """
        purposes:
          - id: legal
            description: As required by applicable law, legal process or regulation.
            kind: legal_compliance
            legal_bases: [legal_obligation]
      """)
def legal_compliance_not_legal_obligation(policy: Policy) -> Iterator[Violation]:
    for path, purpose in policy.items("purposes"):
        bases = purpose.get("legal_bases", [])
        if purpose.get("kind") == "legal_compliance" and bases and "legal_obligation" not in bases:
            yield Violation((*path, "legal_bases"), f"purpose '{purpose['id']}' complies with the law but rests on "
                                                    f"{', '.join(b.replace('_', ' ') for b in bases)}, not legal "
                                                    "obligation (Art. 6(1)(c)); if the law is a third country's, say "
                                                    "so")


# The Art. 46 and 47 safeguards, whose copy (or where they are made available) Art. 13(1)(f) requires the policy to
# give; an adequacy decision (Art. 45, the DPF included) needs only to be named.
COPY_MECHANISMS = {"sccs": "standard contractual clauses", "bcrs": "binding corporate rules",
                   "idta": "the International Data Transfer Agreement", "uk_addendum": "the UK Addendum"}
# Mechanisms that make a transfer lawful (PL305 reports the others).
LAWFUL_MECHANISMS = frozenset({"adequacy", "dpf", "sccs", "bcrs", "idta", "uk_addendum", "derogation"})
ADEQUACY_NOTE = ("The adequacy list (policylint.model.ADEQUATE_COUNTRIES) follows the Commission's list and its 2024 "
                 "review of the pre-GDPR decisions; a decision adopted later is not in it. Canada's decision covers "
                 "commercial organisations only.")


def _places(places: list[str]) -> str:
    return ", ".join("any country (WORLDWIDE)" if p == "WORLDWIDE" else p for p in places)


@rule(code="PL330", name="transfer-unstated", profile="gdpr", severity="error",
      summary="A recipient outside the EEA receives data and no transfer statement covers it.",
      citation="GDPR Art. 13(1)(f), 14(1)(f), 44-46",
      citation_note="A recipient's place is what the policy says (its hosting, else its countries); a recipient "
                    "with no place given is not checked. " + ADEQUACY_NOTE,
      rationale="Data that leaves the EEA needs an adequacy decision or an Art. 46/47 safeguard, and readers must be "
                "told of the transfer and of that decision or safeguard. A recipient placed outside the EEA that no "
                "transfer statement speaks to leaves both untold.",
      fails=GDPR + """
        recipients:
          - {id: group, kind: affiliate, countries: [US, BR]}
      """,
      passes=GDPR + """
        recipients:
          - {id: group, kind: affiliate, countries: [US, BR]}
        transfers:
          - {destination_outside: [EEA], recipients: [group], mechanism: sccs, copy_available: on request from us}
      """)
def transfer_unstated(policy: Policy) -> Iterator[Violation]:
    for path, recipient, places in policy.unstated_transfers():
        adequate = [p for p in places if country_of(p) in ADEQUATE_COUNTRIES]
        note = (f" ({_places(adequate)} {'has' if len(adequate) == 1 else 'have'} an adequacy decision, which the "
                "policy must still name)") if adequate else ""
        home = "the EEA" if policy.home_regions == EEA_COUNTRIES else "the UK and the EEA"
        yield Violation(path, f"recipient '{recipient['id']}' is in {_places(places)}, outside {home}, and no "
                              f"transfer statement covers it{note}: add a transfer with its mechanism")


@rule(code="PL331", fixed_by_removal=True,
      name="dpf-outside-us", profile="gdpr", severity="error",
      summary="The Data Privacy Framework is the only mechanism given for a transfer to a country other than the "
              "United States.",
      citation="GDPR Art. 45(1), 13(1)(f); Commission Implementing Decision (EU) 2023/1795",
      citation_note="A transfer to an EEA country (a U.S. provider hosting in the EU) needs no mechanism and is not "
                    "reported; nor is one for which the policy also gives another mechanism.",
      rationale="The DPF adequacy decision covers only transfers to U.S. organisations on the Data Privacy "
                "Framework List. A transfer to another third country resting on it alone has no lawful mechanism.",
      fails=GDPR + """
        recipients:
          - {id: support, kind: service_provider, hosting: [UA]}
        transfers:
          - {destination: UA, recipients: [support], mechanism: dpf}
      """,
      passes=GDPR + """
        recipients:
          - {id: support, kind: service_provider, hosting: [US]}
        transfers:
          - {destination: US, recipients: [support], mechanism: dpf}
      """)
def dpf_outside_us(policy: Policy) -> Iterator[Violation]:
    recipients = {r["id"]: r for r in policy.data["recipients"]}
    # Where another lawful mechanism sends data: (recipient id or None, country or "*").
    covered = {(rid, "*" if t.get("destination") in (None, "WORLDWIDE") else country_of(t["destination"]))
               for t in policy.data.get("transfers", []) if t["mechanism"] in LAWFUL_MECHANISMS - {"dpf"}
               for rid in t.get("recipients") or [None]}
    for path, transfer in policy.items("transfers"):
        if transfer["mechanism"] != "dpf":
            continue
        tied = [recipients[r] for r in transfer.get("recipients", []) if r in recipients]
        if transfer.get("destination"):
            places = [transfer["destination"]]
        elif tied and all(recipient_locations(r) for r in tied):
            places = [p for r in tied for p in recipient_locations(r)]
            if any(country_of(p) in ("US", "WORLDWIDE") for p in places):
                continue  # the DPF can cover the part that goes to the United States
        else:
            continue
        foreign = [p for p in dict.fromkeys(places)
                   if country_of(p) not in {"US", "WORLDWIDE"} | EEA_COUNTRIES
                   and not any((rid, c) in covered for rid in [*transfer.get("recipients", []), None]
                               for c in ("*", country_of(p)))]
        if foreign:
            yield Violation((*path, "mechanism"), f"the transfer to {_places(foreign)} rests on the Data Privacy "
                                                  "Framework alone, which covers only certified U.S. organisations: "
                                                  "give the mechanism that applies there (SCCs, an adequacy "
                                                  "decision)")


@rule(code="PL332", name="safeguards-copy-missing", profile="gdpr", severity="warning",
      summary="A transfer rests on standard contractual clauses or binding corporate rules, and the policy does not "
              "say how to obtain a copy.",
      citation="GDPR Art. 13(1)(f), 14(1)(f)",
      rationale="For transfers under Art. 46 or 47 the policy must give \"the means by which to obtain a copy of "
                "them or where they have been made available\"; naming the safeguard is not enough.",
      fails=GDPR + """
        transfers:
          - {destination: US, mechanism: sccs}
      """,
      passes=GDPR + """
        transfers:
          - {destination: US, mechanism: sccs, copy_available: write to privacy@example.com for a copy}
      """)
def safeguards_copy_missing(policy: Policy) -> Iterator[Violation]:
    missing = [(path, t) for path, t in policy.items("transfers")
               if t["mechanism"] in COPY_MECHANISMS and not (t.get("copy_available") or t.get("url"))]
    if missing:  # one finding: the policy lacks a copy route, however many transfers rest on the safeguards
        kinds = ", ".join(dict.fromkeys(COPY_MECHANISMS[t["mechanism"]] for _, t in missing))
        where = "; ".join(dict.fromkeys(transfer_destination(t) for _, t in missing))
        yield Violation(missing[0][0], f"the policy relies on {kinds} (for transfers: {where}) but does not say "
                                       "how to obtain a copy or where they are made available",
                        related=tuple(path for path, _ in missing[1:MAX_RELATED + 1]))


@rule(code="PL333", fixed_by_removal=True,
      name="adequacy-without-decision", profile="gdpr", severity="warning",
      summary="A transfer is said to rest on an adequacy decision for a country that has none.",
      citation="GDPR Art. 45(1), 13(1)(f)",
      citation_note=ADEQUACY_NOTE + " Transfers to the United States are not checked: its decision covers DPF "
                                    "participants, which the policy may mean.",
      rationale="Only the Commission can find a third country adequate; a transfer to a country without such a "
                "decision needs an Art. 46 or 47 safeguard or an Art. 49 derogation.",
      fails=GDPR + """
        transfers:
          - {destination: IN, mechanism: adequacy}
      """,
      passes=GDPR + """
        transfers:
          - {destination: JP, mechanism: adequacy}
      """)
def adequacy_without_decision(policy: Policy) -> Iterator[Violation]:
    for path, transfer in policy.items("transfers"):
        destination = transfer.get("destination")
        if transfer["mechanism"] != "adequacy" or not destination:
            continue
        country = country_of(destination)
        if country not in ADEQUATE_COUNTRIES | EEA_COUNTRIES | {"US", "WORLDWIDE"}:
            yield Violation((*path, "mechanism"), f"{destination} has no Commission adequacy decision known to "
                                                  "policylint: name the safeguard the transfer rests on")


# The limits Art. 21(1) allows on an objection: compelling legitimate grounds, or legal claims. Art. 21(3) allows none
# on an objection to direct marketing.
OBJECTION_GROUNDS = frozenset({"compelling_legitimate_grounds", "legal_claims"})
# Condition kinds that keep processing going despite an objection ("legal_obligation" and "other" say nothing about
# continuing the marketing: a suppression list kept by law is not marketing).
CONTINUING_GROUNDS = frozenset({"compelling_legitimate_grounds", "legal_claims", "public_interest", "rights_of_others",
                                "case_by_case"})


@rule(code="PL334", fixed_by_removal=True,
      name="direct-marketing-objection-conditioned", profile="gdpr", severity="error",
      summary="The right to object to direct marketing is made subject to a condition.",
      citation="GDPR Art. 21(2)-(3)",
      rationale="Where a person objects to direct marketing, the data \"shall no longer be processed for such "
                "purposes\": unlike the general right to object, no compelling grounds or legal claims can "
                "outweigh it.",
      fails=GDPR + """
        rights:
          statements:
            - right: object_direct_marketing
              conditions: unless we can demonstrate compelling legitimate grounds
              condition_kinds: [compelling_legitimate_grounds]
      """,
      passes=GDPR + """
        rights:
          statements:
            - right: object_direct_marketing
      """)
def direct_marketing_objection_conditioned(policy: Policy) -> Iterator[Violation]:
    for path, statement in policy.right_statements():
        kinds = [k for k in statement.get("condition_kinds", []) if k in CONTINUING_GROUNDS]
        if statement["right"] == "object_direct_marketing" and kinds:
            said = f" ({statement['conditions']!r})" if statement.get("conditions") else ""
            yield Violation((*path, "condition_kinds"), f"the objection to direct marketing is limited by "
                                                        f"{', '.join(kinds)}{said}: Art. 21(3) makes it absolute")


@rule(code="PL335", fixed_by_removal=True,
      name="objection-ground-not-allowed", profile="gdpr", severity="warning",
      summary="The right to object is limited by a ground Art. 21(1) does not give.",
      citation="GDPR Art. 21(1), 21(6)",
      citation_note="A public-interest limit is right for research and statistics only (Art. 21(6)); the schema "
                    "does not say which processing an objection condition is about.",
      rationale="After an objection the controller may go on only if it demonstrates compelling legitimate grounds "
                "that override the person's interests, or for legal claims. Processing for a task in the public "
                "interest is itself open to objection (Art. 21(1) names point (e) of Art. 6(1)), and the rights of "
                "others are no ground.",
      fails=GDPR + """
        rights:
          statements:
            - right: objection
              conditions: unless the processing is necessary for a task carried out in the public interest
              condition_kinds: [public_interest]
      """,
      passes=GDPR + """
        rights:
          statements:
            - right: objection
              conditions: unless we demonstrate compelling legitimate grounds, or for legal claims
              condition_kinds: [compelling_legitimate_grounds, legal_claims]
      """)
def objection_ground_not_allowed(policy: Policy) -> Iterator[Violation]:
    for path, statement in policy.right_statements():
        kinds = [k for k in statement.get("condition_kinds", []) if k in {"public_interest", "rights_of_others"}]
        if statement["right"] == "objection" and kinds:
            said = f" ({statement['conditions']!r})" if statement.get("conditions") else ""
            yield Violation((*path, "condition_kinds"), f"the right to object is limited by {', '.join(kinds)}"
                                                        f"{said}, which Art. 21(1) does not allow")


# The grounds on which the GDPR allows a fee: Art. 12(5) and 15(3).
FEE_GROUNDS = frozenset({"manifestly_unfounded", "excessive", "further_copies"})


@rule(code="PL336", fixed_by_removal=True,
      name="fee-ground-not-allowed", profile="gdpr", severity="warning",
      summary="The policy may charge for a request on a ground the GDPR does not allow.",
      citation="GDPR Art. 12(5), 15(3)",
      rationale="A fee may be charged only for manifestly unfounded or excessive requests (Art. 12(5)) or for "
                "further copies (Art. 15(3)). That a request affects the rights of others may limit what is given "
                "(Art. 15(4)), not make it chargeable.",
      fails=GDPR + """
        rights:
          fees:
            - kind: free_unless_unfounded_or_excessive
              grounds: [affects_others, manifestly_unfounded, excessive]
          statements:
            - right: access
      """,
      passes=GDPR + """
        rights:
          fees:
            - kind: free_unless_unfounded_or_excessive
              grounds: [manifestly_unfounded, excessive]
          statements:
            - right: access
      """)
def fee_ground_not_allowed(policy: Policy) -> Iterator[Violation]:
    for path, fee in policy.fees():
        wrong = [g for g in fee.get("grounds", []) if g not in FEE_GROUNDS]
        if wrong:
            names = ", ".join("another ground" if g == "other" else "the request affecting others"
                              if g == "affects_others" else g for g in wrong)
            yield Violation((*path, "grounds"), f"a fee ({fee.get('amount', fee['kind'])}) may be charged for "
                                                f"{names}, which Art. 12(5) and 15(3) do not allow")


@rule(code="PL337", fixed_by_removal=True,
      name="extension-unbounded", profile="gdpr", severity="warning",
      summary="The policy allows itself more time to answer requests without saying how much.",
      citation="GDPR Art. 12(3)",
      rationale="The one-month period may be extended by two further months at most, where necessary given the "
                "complexity and number of requests; an extension of no stated length promises no limit.",
      fails=GDPR + """
        rights:
          statements: []
          response_times:
            - period: P1M
              commitment: within
              extension_condition: if your request is complex it could take us longer
      """,
      passes=GDPR + """
        rights:
          statements: []
          response_times:
            - period: P1M
              commitment: within
              extension: P2M
              extension_condition: if your request is complex
      """)
def extension_unbounded(policy: Policy) -> Iterator[Violation]:
    for path, time in policy.response_time_statements():
        if time.get("extension_condition") and not time.get("extension"):
            yield Violation((*path, "extension_condition"), f"the response time may be extended "
                                                            f"({time['extension_condition']!r}) with no limit: say "
                                                            "it is by two further months at most")


# The rights whose requests Art. 12(3) times.
TIMED_RIGHTS = frozenset({"access", "rectification", "erasure", "restriction", "portability", "objection",
                          "object_direct_marketing", "automated_decisions"})


@rule(code="PL338", name="response-time-not-stated", profile="gdpr", severity="info",
      summary="The policy states rights but not how soon requests are answered.",
      citation="GDPR Art. 12(3)",
      citation_note="Art. 13 does not list the response time among what a policy must give; Art. 12(3) binds the "
                    "controller whatever the policy says, so this is information readers lack, not a breach.",
      rationale="Readers who know that requests are answered within one month can tell when an answer is late and "
                "complain; a policy that gives rights but no time leaves them guessing.",
      fails=GDPR + """
        rights:
          statements:
            - right: access
      """,
      passes=GDPR + """
        rights:
          statements:
            - right: access
          response_times:
            - {period: P1M, commitment: within}
      """)
def response_time_not_stated(policy: Policy) -> Iterator[Violation]:
    if TIMED_RIGHTS & policy.granted_rights and not any(policy.response_times()):
        extensions = [t["extension"] for _, t in policy.response_time_statements() if t.get("extension")]
        only = f" (only an extension of {', '.join(extensions)})" if extensions else ""
        yield Violation(("rights",), f"the policy gives no period for answering requests{only}: Art. 12(3) sets "
                                     "one month")


ADM_SAFEGUARDS = {"human_intervention": "to obtain human intervention", "point_of_view": "to express one's point "
                  "of view", "contest": "to contest the decision"}


@rule(code="PL339", name="automated-decision-safeguards-missing", profile="gdpr", severity="warning",
      summary="The policy says it makes automated decisions but not that people can obtain human intervention, "
              "express their view and contest the decision.",
      citation="GDPR Art. 22(3); Recital 71",
      citation_note="Art. 22(3) binds decisions with legal or similarly significant effects made on a contract or "
                    "explicit consent (Art. 22(2)(a), (c)); one authorised by law carries the law's safeguards. The "
                    "schema records decisions under Art. 13(2)(f) and 22 but not their effect or basis, so this is a "
                    "warning. Since 5 Feb 2026 the UK GDPR sets its own safeguards (Arts 22A-22D), not checked here.",
      rationale="Where decisions are automated, the controller must give at least the right to obtain human "
                "intervention, to express one's point of view and to contest the decision; Recital 71 counts "
                "specific information to the person among the safeguards. A policy that names none leaves a "
                "person refused credit by a machine without the way to challenge it.",
      fails=GDPR + """
        automated_decision_making:
          used: true
          logic: a credit score computed from your payment history
          significance: an order may be refused credit terms
      """,
      passes=GDPR + """
        automated_decision_making:
          used: true
          logic: a credit score computed from your payment history
          significance: an order may be refused credit terms
          safeguards: you may ask for a person to review the decision, give your view and contest it
          safeguard_kinds: [human_intervention, point_of_view, contest]
      """)
def automated_decision_safeguards_missing(policy: Policy) -> Iterator[Violation]:
    adm = policy.data.get("automated_decision_making") or {}
    if not adm.get("used"):
        return
    missing = [text for kind, text in ADM_SAFEGUARDS.items() if kind not in adm.get("safeguard_kinds", [])]
    if missing:
        stated = f"the safeguards it states ({adm['safeguards']!r}) do not include" if adm.get("safeguards") else \
            "the policy names no safeguard such as"
        rights = ", ".join(missing[:-1]) + (" or " if len(missing) > 1 else "") + missing[-1]
        yield Violation(("automated_decision_making",), f"automated decisions may be made, but {stated} the right "
                                                        f"{rights} (Art. 22(3))")


@rule(code="PL340", fixed_by_removal=True,
      name="processor-with-own-purposes", profile="gdpr", severity="info",
      summary="The organisation calls itself a processor, yet the policy gives purposes of its own.",
      citation="GDPR Art. 4(7), 28(10)",
      citation_note="An entity may be a processor for some processing and a controller for the rest; a role the "
                    "policy limits to some processing (a scoped role) is not reported.",
      rationale="Whoever decides the purposes of processing is its controller; a processor that determines "
                "purposes is a controller for that processing (Art. 28(10)). A policy that calls the organisation "
                "only a processor while listing its own purposes misstates who answers for the data.",
      fails=GDPR + """
        organisation:
          name: Example
          legal_name: Example Ltd
          entities:
            - {id: example, legal_name: Example Ltd, roles: [processor]}
        purposes:
          - {id: marketing, description: Marketing our services, legal_bases: [consent]}
      """,
      passes=GDPR + """
        organisation:
          name: Example
          legal_name: Example Ltd
          entities:
            - id: example
              legal_name: Example Ltd
              roles: [controller, {role: processor, scope: our customers' data}]
        purposes:
          - {id: marketing, description: Marketing our services, legal_bases: [consent]}
      """)
def processor_with_own_purposes(policy: Policy) -> Iterator[Violation]:
    entities = list(enumerate(policy.data["organisation"].get("entities", [])))
    if any(role in ("controller", "joint_controller") or (isinstance(role, dict)
           and role["role"] in ("controller", "joint_controller")) for _, e in entities for role in e.get("roles", [])):
        return
    own = [p["id"] for p in policy.data["purposes"] if p.get("pursued_by", "organisation") != "recipients"]
    if not own:
        return
    own_purposes = listed(own)
    for i, entity in entities:
        if "processor" in entity.get("roles", []):
            yield Violation(("organisation", "entities", i, "roles"),
                            f"{entity['legal_name']} is called a processor without limit, yet the policy gives "
                            f"purposes of its own ({own_purposes}): for those it is a controller; say for which "
                            "processing it is a processor")


@rule(code="PL235",
      name="acceptance-by-use", profile="gdpr", severity="warning",
      summary="The policy says that using the site means accepting the policy.",
      citation="GDPR Art. 4(11), 7(2)",
      rationale="Consent must be a clear, specific, affirmative act; browsing a site is none. Presenting use as "
                "acceptance misleads readers about the legal basis of the processing. One sentence recorded both as "
                "a notice and as binding by use after changes is one finding. Where no consent regime applies, "
                "binding readers to later changes by their use is PL255's finding (FTC Act s.5), not this one's "
                "(rule-gaps F10).",
      fails=GDPR + """
        notices:
          - {topic: acceptance_by_use, text: By using the site you accept this policy.}
      """,
      passes=GDPR + """
        notices:
          - {topic: scope, text: This policy applies to our website.}
      """)
def acceptance_by_use(policy: Policy) -> Iterator[Violation]:
    # Not fixed_by_removal: where one sentence is recorded in both places, removing one leaves the sentence.
    binding = (policy.data.get("changes") or {}).get("binding_by_use")
    same = _sentence(binding["text"]) if binding and binding.get("text") else None
    reported_binding = False
    for path, notice in policy.items("notices"):
        if notice["topic"] != "acceptance_by_use":
            continue
        if same is not None and _sentence(notice.get("text", "")) == same:
            reported_binding = True
            yield Violation(path, "using the service is presented as accepting the policy, and any later version of "
                                  "it (the same sentence is changes.binding_by_use), which is not consent",
                            related=(("changes", "binding_by_use"),))
        else:
            yield Violation(path, "using the service is presented as accepting the policy, which is not consent")
    if binding and not reported_binding:
        yield Violation(("changes", "binding_by_use"),
                        "using the service after a change is presented as accepting it, which is not consent")


def _sentence(text: str) -> str:
    """A sentence compared with another: case and spacing ignored."""
    return " ".join(text.lower().split()).rstrip(".")
