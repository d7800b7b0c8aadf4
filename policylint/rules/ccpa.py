"""CCPA/CPRA rules (profile `ccpa`): the privacy-policy contents of Cal. Civ. Code 1798.130(a)(5) and 11 CCR 7011.

Switched on when the policy declares the CCPA. Checked against unofficial copies of the statute and regulations;
see docs/legal-citations.md.
"""

from __future__ import annotations

from collections.abc import Iterator

from policylint.findings import MAX_RELATED
from policylint.model import CALIFORNIA, Item, Policy, categories_of, category_of, denies_everything, duration_days
from policylint.rules import Violation, listed, rule

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


# The CCPA's sensitive personal information (Cal. Civ. Code 1798.140(ae)) among the schema's sensitive types. Left out:
# the contents of communications (sensitive only when the business is not the intended recipient, which the encoding
# does not record), political opinions, criminal offences and children (not in (ae)), and `unspecified`.
CCPA_SENSITIVE_TYPES = frozenset({"government_identifier", "account_credentials", "financial_account",
                                  "precise_geolocation", "racial_or_ethnic_origin", "citizenship_or_immigration_status",
                                  "religious_or_philosophical_beliefs", "trade_union_membership", "genetic",
                                  "biometric", "health", "sex_life_or_orientation"})


def _quoted(names: list[str], limit: int = 6) -> str:
    return listed([f"'{n}'" for n in names], limit)


def _identifying(policy: Policy, refs: list[str]) -> bool:
    """Whether data references name personal information: none, meaning all data, or some category the policy does
    not say identifies no one."""
    if not refs:
        return True
    return any(not policy.said_not_identifying(policy.categories.get(category_of(ref), {})) for ref in refs)


def _advertising_use(policy: Policy) -> list[tuple[tuple[str | int, ...], str]]:
    """What shows personal information used for advertising: recipients that receive it for advertising (or are
    advertisers the policy does not say receive none for it), advertising trackers on the organisation's own site,
    advertising purposes. Analytics and the organisation's own marketing are not advertising use."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    for path, r in policy.items("recipients"):
        advertising = r.get("sharing_for_advertising") or (r["kind"] == "advertiser"
                                                          and r.get("sharing_for_advertising") is not False)
        if advertising and _identifying(policy, r.get("data_categories", [])):
            found.append((path, f"recipient '{r['id']}'"))
    for i, t in enumerate((policy.data.get("cookies") or {}).get("technologies", [])):
        if (t.get("category") == "advertising" and t.get("location") != "off_site"
                and _identifying(policy, t.get("data_categories", []))):
            found.append((("cookies", "technologies", i), f"tracker '{t['id']}'"))
    for path, p in policy.items("purposes"):
        if p.get("kind") == "advertising" and _identifying(policy, p.get("data_categories", [])):
            found.append((path, f"purpose '{p['id']}'"))
    return found


def _california_path(policy: Policy) -> tuple[str, ...]:
    return ("california",) if policy.data.get("california") else ()


SHARING_CITATION = "Cal. Civ. Code 1798.130(a)(5)(C); 1798.120(a)(1); 1798.135(a)(1)"
SHARING_NOTE = (UNOFFICIAL + " \"Sharing\" is disclosure for cross-context behavioural advertising (defined in "
                "1798.140; the subdivision letters, (ah) and (k) in secondary sources, were not checked). The right to "
                "know what is sold or shared (1798.115) was not checked for a privacy-policy duty of its own.")


@rule(code="PL609", name="ccpa-sharing-not-addressed", profile="ccpa", severity="error",
      summary="The policy uses personal information for advertising but says nothing about sharing it.",
      citation=SHARING_CITATION, citation_note=SHARING_NOTE,
      rationale="Since the CPRA, disclosing personal information for cross-context behavioural advertising is "
                "\"sharing\" even when nothing is paid. A policy whose recipients, trackers or purposes show "
                "advertising use must list the categories shared (or state that none were) and offer the opt-out; "
                "\"we do not sell\" alone leaves the reader unable to tell.",
      fails=CCPA + """
        negative_statements:
          - {id: no-sale, claim: no_sale}
        recipients:
          - {id: ad-networks, kind: advertiser}
      """,
      passes=CCPA + """
        negative_statements:
          - {id: no-sale, claim: no_sale}
        recipients:
          - {id: ad-networks, kind: advertiser}
        california:
          shared_categories: {categories: []}
      """)
def ccpa_sharing_not_addressed(policy: Policy) -> Iterator[Violation]:
    if policy.states_sharing:
        return
    found = _advertising_use(policy)
    if found:
        yield Violation(_california_path(policy),
                        f"{', '.join(name for _, name in found[:4])}{' and more' if len(found) > 4 else ''} show "
                        "personal information used for advertising, but the policy neither lists the categories "
                        "shared for cross-context behavioural advertising nor says none were",
                        related=tuple(path for path, _ in found[:MAX_RELATED]))


@rule(code="PL610", name="ccpa-marketing-trackers-sharing-unclear", profile="ccpa", severity="warning",
      summary="Trackers not said to be the organisation's own serve marketing, and the policy says nothing about "
              "sharing.",
      citation=SHARING_CITATION, citation_note=SHARING_NOTE,
      rationale="Pixels, tags and cookies used for marketing are often run by advertising platforms, which makes the "
                "disclosure \"sharing\". When the policy neither says who runs them nor addresses sharing, a reader "
                "cannot tell whether the opt-out of sharing applies. A warning: first-party marketing trackers are "
                "lawful without it.",
      fails=CCPA + """
        purposes:
          - {id: improve-marketing, description: to improve marketing, kind: marketing}
        cookies:
          technologies:
            - {id: pixels, technology: pixels, purposes: [improve-marketing]}
      """,
      passes=CCPA + """
        purposes:
          - {id: improve-marketing, description: to improve marketing, kind: marketing}
        cookies:
          technologies:
            - {id: pixels, technology: pixels, party: first, purposes: [improve-marketing]}
      """)
def ccpa_marketing_trackers_sharing_unclear(policy: Policy) -> Iterator[Violation]:
    if policy.states_sharing or _advertising_use(policy):
        return  # PL609 speaks when advertising use is shown
    marketing = {p["id"] for p in policy.data["purposes"] if p.get("kind") in ("marketing", "advertising")}
    found = [(("cookies", "technologies", i), t["id"])
             for i, t in enumerate((policy.data.get("cookies") or {}).get("technologies", []))
             if marketing & set(t.get("purposes", [])) and t.get("party") != "first"
             and t.get("location") != "off_site"
             and t.get("category") not in ("strictly_necessary", "functional", "analytics")
             and _identifying(policy, t.get("data_categories", []))]
    if found:
        yield Violation(_california_path(policy),
                        f"trackers {_quoted([name for _, name in found])} serve marketing and are not said to be "
                        "the organisation's own, but the policy says nothing about sharing for cross-context "
                        "behavioural advertising: list the categories shared, or say none were",
                        related=tuple(path for path, _ in found[:MAX_RELATED]))


@rule(code="PL611", name="ccpa-sensitive-pi-not-addressed", profile="ccpa", severity="warning",
      summary="The policy collects sensitive personal information and says nothing about it as such.",
      citation="Cal. Civ. Code 1798.100(a)(2); 1798.121(a); 1798.140(ae); 11 CCR 7027(m)",
      citation_note=UNOFFICIAL + " 11 CCR 7027(m) (the permitted purposes) was seen only in a secondary copy of "
                                 "7027(a); 11 CCR 7011(e)(1)(K) (a privacy-policy statement whether sensitive personal "
                                 "information is used beyond the purposes of 7027(m)) was not seen in its text. A "
                                 "card or account number is sensitive only with its access code, which the encoding "
                                 "does not record.",
      rationale="Passwords with log-ins, card numbers with security codes, government identifiers, precise "
                "location and the like are sensitive personal information. The business must name them and their "
                "purposes, and either offer the right to limit their use or say they are used only for the "
                "permitted purposes; a policy silent on them lets readers assume none are collected.",
      fails=CCPA + """
        data_categories:
          - {id: account, label: Account data, sensitive_types: [account_credentials]}
      """,
      passes=CCPA + """
        data_categories:
          - {id: account, label: Account data, sensitive_types: [account_credentials]}
        rights:
          statements:
            - right: limit_sensitive
      """)
def ccpa_sensitive_pi_not_addressed(policy: Policy) -> Iterator[Violation]:
    sensitive = []
    for path, category in policy.items("data_categories"):
        types = set(category.get("sensitive_types", []))
        for item in category.get("items", []):
            types |= set(item.get("sensitive_types", []))
        if types & CCPA_SENSITIVE_TYPES:
            sensitive.append((path, category, sorted(types & CCPA_SENSITIVE_TYPES)))
    if not sensitive or _states_sensitive_pi(policy, {c["id"] for _, c, _ in sensitive}):
        return
    names = ", ".join(f"'{c['id']}' ({', '.join(types)})" for _, c, types in sensitive[:6])
    names += " and more" if len(sensitive) > 6 else ""
    verb = "hold" if len(sensitive) > 1 else "holds"
    yield Violation(sensitive[0][0], f"{names} {verb} sensitive personal information, but the policy says "
                                     "nothing about it: offer the right to limit its use, or say it is used only for "
                                     "the permitted purposes",
                    related=tuple(path for path, _, _ in sensitive[1:MAX_RELATED]))


def _states_sensitive_pi(policy: Policy, sensitive: set[str]) -> bool:
    """Whether the policy says something about sensitive personal information as the CCPA defines it: the right to
    limit its use, a method scoped to it, a statement that none is collected, a category it calls sensitive personal
    information, or a restriction on the use of the sensitive categories by name."""
    if "limit_sensitive" in policy.rights_for(CALIFORNIA):
        return True
    if any("sensitive_use" in m.get("scope", []) for s in policy.rights for m in s.get("methods", [])):
        return True
    if any(policy.negative("no_sensitive_personal_information")):
        return True
    california = policy.data.get("california") or {}
    if "sensitive_personal_information" in (california.get("categories_not_collected") or {}).get("ccpa_categories",
                                                                                                    []):
        return True
    if any(c.get("ccpa_category") == "sensitive_personal_information"
           or any(i.get("ccpa_category") == "sensitive_personal_information" for i in c.get("items", []))
           for c in policy.data["data_categories"]):
        return True
    return any(r["kind"] in ("only_purposes", "internal_use_only")
               and sensitive & set(categories_of(r.get("data_categories", [])))
               for _, r in policy.items("restrictions"))


@rule(code="PL612", fixed_by_removal=True,
      name="ccpa-no-sale-beside-do-not-sell-link", profile="ccpa", severity="warning",
      summary="The policy says it does not sell personal information and offers a \"Do Not Sell\" link.",
      citation="Cal. Civ. Code 1798.135(a)(1); 1798.130(a)(5)(C)", citation_note=UNOFFICIAL,
      rationale="A \"Do Not Sell\" link is the opt-out a business that sells or shares must offer. Next to \"we do not "
                "sell\" it tells the reader either that the denial is untrue or that the link is about something "
                "else, usually sharing for advertising, whose link the statute titles \"Do Not Sell or Share My "
                "Personal Information\".",
      fails=CCPA + """
        negative_statements:
          - {id: no-sale, claim: no_sale}
        rights:
          statements:
            - right: opt_out_sale_sharing
              methods:
                - {kind: other, label: Do Not Sell My Personal Information}
      """,
      passes=CCPA + """
        negative_statements:
          - {id: no-sale, claim: no_sale}
        rights:
          statements:
            - right: opt_out_sale_sharing
              methods:
                - {kind: other, label: Do Not Sell or Share My Personal Information, scope: [sharing]}
      """)
def ccpa_no_sale_beside_do_not_sell_link(policy: Policy) -> Iterator[Violation]:
    links = []
    for path, statement in policy.right_statements():
        for j, method in enumerate(statement.get("methods", [])):
            label = " ".join(str(method.get("label", "")).lower().split())
            if ("do not sell" in label and "or share" not in label) or method.get("scope") == ["sale"]:
                links.append(((*path, "methods", j), method.get("label") or "an opt-out of sale"))
    if not links:
        return
    offered = _quoted([name for _, name in links])
    for path, statement in policy.denials("no_sale"):
        if denies_everything(statement):
            yield Violation(path, f"'no_sale' says nothing is sold, yet the policy offers {offered}: if the link "
                                  "opts out of sharing for advertising, title it \"Do Not Sell or Share "
                                  "My Personal Information\" and say what is shared; if nothing is sold, drop it",
                            related=tuple(p for p, _ in links[:MAX_RELATED]))


@rule(code="PL613", fixed_by_removal=True,
      name="ccpa-limit-sensitive-without-sensitive-pi", profile="ccpa", severity="info",
      summary="The policy offers the right to limit sensitive personal information and says it collects none.",
      citation="Cal. Civ. Code 1798.121(a); 1798.135(a)(2)", citation_note=UNOFFICIAL,
      rationale="Offering a right that cannot apply is not unlawful, but one of the two statements is likely wrong: "
                "either sensitive personal information is collected after all, or the right is boilerplate that "
                "tells readers something the business does not do.",
      fails=CCPA + """
        negative_statements:
          - {id: no-spi, claim: no_sensitive_personal_information}
        rights:
          statements:
            - right: limit_sensitive
      """,
      passes=CCPA + """
        negative_statements:
          - {id: no-spi, claim: no_sensitive_personal_information}
        rights:
          statements:
            - right: know
      """)
def ccpa_limit_sensitive_without_sensitive_pi(policy: Policy) -> Iterator[Violation]:
    rights = [path for path, s in policy.right_statements() if s["right"] == "limit_sensitive"]
    if not rights:
        return
    for path, statement in policy.denials("no_sensitive_personal_information"):
        if denies_everything(statement):
            yield Violation(path, "'no_sensitive_personal_information' says none is collected, yet the policy offers "
                                  "the right to limit the use of sensitive personal information: drop one of them",
                            related=tuple(rights[:MAX_RELATED]))


RETENTION_NOTE = ("1798.100(a)(3) is a notice-at-collection duty; whether the privacy policy itself must give a "
                  "period per category (11 CCR 7011(e)(1)) was not confirmed. " + UNOFFICIAL)


def _indefinite(statement: Item) -> bool:
    if statement["kind"] == "indefinite":
        return True
    return (statement["kind"] == "combined" and statement.get("combine") == "longest_of"
            and any(part["kind"] == "indefinite" for part in statement.get("parts", [])))


@rule(code="PL614", fixed_by_removal=True,
      name="ccpa-retention-indefinite", profile="ccpa", severity="warning",
      summary="The policy keeps personal information indefinitely.",
      citation="Cal. Civ. Code 1798.100(a)(3), (c)", citation_note=RETENTION_NOTE,
      rationale="The CCPA asks how long each category is kept and forbids keeping it longer than reasonably "
                "necessary for the disclosed purpose; \"indefinitely\" states no limit at all.",
      fails=CCPA + """
        data_categories:
          - {id: orders, label: Purchase history}
        retention:
          - {kind: indefinite, applies_to: [orders]}
      """,
      passes=CCPA + """
        data_categories:
          - {id: orders, label: Purchase history}
        retention:
          - {kind: period, period: P6Y, applies_to: [orders]}
      """)
def ccpa_retention_indefinite(policy: Policy) -> Iterator[Violation]:
    for path, statement in policy.items("retention"):
        if _indefinite(statement) and _identifying(policy, statement.get("applies_to", [])):
            refs = statement.get("applies_to", [])
            data = _quoted(refs) if refs else "all personal information"
            verb = "are" if len(refs) > 1 else "is"
            yield Violation((*path, "kind"), f"{data} {verb} kept indefinitely: give a period, or the criteria that "
                                             "end retention")


@rule(code="PL615", name="ccpa-retention-missing-for-category", profile="ccpa", severity="warning",
      summary="Some categories of personal information have no retention period or criteria.",
      citation="Cal. Civ. Code 1798.100(a)(3)", citation_note=RETENTION_NOTE,
      rationale="The CCPA asks for the length of time each category of personal information is kept, or the criteria "
                "used to set it. Retention statements about some categories leave readers to guess about the rest.",
      fails=CCPA + """
        data_categories:
          - {id: orders, label: Orders}
          - {id: surveys, label: Survey answers}
        retention:
          - {kind: period, period: P6Y, applies_to: [orders]}
      """,
      passes=CCPA + """
        data_categories:
          - {id: orders, label: Orders}
          - {id: surveys, label: Survey answers}
        retention:
          - {kind: period, period: P6Y, applies_to: [orders]}
          - {kind: until_event, event: the survey closes, applies_to: [surveys]}
      """)
def ccpa_retention_missing_for_category(policy: Policy) -> Iterator[Violation]:
    statements = [s for s in policy.data["retention"] if s["kind"] != "not_stated"]
    if not statements:
        return  # PL228 speaks when no retention is stated at all
    if any(not s.get("applies_to") and not s.get("audiences") for s in statements):
        return
    # A statement about some data covers the categories it names (or the categories of the items it names); one about
    # an audience's data, the categories collected from that audience.
    covered = {category_of(ref) for s in statements for ref in s.get("applies_to", [])}
    audiences = {a for s in statements if not s.get("applies_to") for a in s.get("audiences", [])}
    missing = [(path, c) for path, c in policy.personal_categories
               if c["id"] not in covered and not audiences & set(c.get("audiences", []))]
    if missing:
        yield Violation(("retention",), f"no retention period or criteria for {_quoted([c['id'] for _, c in missing])}",
                        related=tuple(path for path, _ in missing[:MAX_RELATED]))


@rule(code="PL616", name="ccpa-collected-list-incomplete", profile="ccpa", severity="warning",
      summary="The CCPA list of categories collected leaves out categories the policy collects.",
      citation="Cal. Civ. Code 1798.130(a)(5)(B)(i)", citation_note=UNOFFICIAL,
      rationale="The privacy policy must list the categories of personal information collected in the preceding 12 "
                "months. A category described elsewhere in the policy, and in no CCPA category the list names, is "
                "missing from that list.",
      fails=CCPA + """
        data_categories:
          - {id: account, label: Account data, ccpa_category: identifiers}
          - {id: surveys, label: Survey answers}
        california:
          collected_categories: {categories: [account]}
      """,
      passes=CCPA + """
        data_categories:
          - {id: account, label: Account data, ccpa_category: identifiers}
          - {id: surveys, label: Survey answers}
        california:
          collected_categories: {categories: [account, surveys]}
      """)
def ccpa_collected_list_incomplete(policy: Policy) -> Iterator[Violation]:
    collected = (policy.data.get("california") or {}).get("collected_categories")
    if collected is None:
        return
    listed = {category_of(ref) for ref in collected["categories"]}
    listed_kinds = {kind for cid in listed for kind in _ccpa_kinds(policy.categories.get(cid, {}))}
    missing = [(path, c) for path, c in policy.personal_categories
               if c["id"] not in listed and not (_ccpa_kinds(c) and _ccpa_kinds(c) <= listed_kinds)]
    if missing:
        verb = "are" if len(missing) > 1 else "is"
        yield Violation(("california", "collected_categories"),
                        f"{_quoted([c['id'] for _, c in missing])} {verb} collected but in no category of the CCPA "
                        "list of categories collected", related=tuple(path for path, _ in missing[:MAX_RELATED]))


def _ccpa_kinds(category: Item) -> set[str]:
    """The CCPA categories (1798.140(v)(1)) a data category falls in: its own and its items'."""
    kinds = {category["ccpa_category"]} if category.get("ccpa_category") else set()
    return kinds | {i["ccpa_category"] for i in category.get("items", []) if i.get("ccpa_category")}
