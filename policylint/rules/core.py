"""Core rules: consistency and completeness any privacy policy owes its readers, whatever law applies.

Their common legal footing is transparency (GDPR Art. 5(1)(a) and 12(1)), the ban on deceptive statements (FTC Act
s.5, 15 U.S.C. 45) and the duty to follow one's own posted policy (Cal. Bus. & Prof. Code 22576); where a rule rests
on a more specific provision it cites it.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterator
from itertools import groupby, islice

from policylint.findings import MAX_RELATED, JsonPath
from policylint.model import NOT_IDENTIFYING, PartialDate, Policy, categories_of, duration_days, is_ico
from policylint.rules import Violation, rule

CONTACT = """
        contacts:
          - id: privacy
            kind: privacy_office
            channels: [{type: email, value: privacy@example.com}]
"""  # indented like the examples it is joined to


# Rights exercised without a request to the organisation (rule-gaps F4, F5): being informed is met by the notice
# itself, non-discrimination is a duty, and a complaint goes to a supervisory authority (GDPR Art. 77), whose naming
# other rules check.
RIGHTS_WITHOUT_REQUEST = frozenset({"informed", "non_discrimination", "complaint"})


@rule(code="PL201", fixed_by_removal=True,
      name="right-without-contact", profile="core", severity="error",
      summary="A right the policy grants gives no usable way to exercise it.",
      citation="GDPR Art. 12(2)",
      rationale="A right is only as good as the way to exercise it. Each right needs a contact with a usable channel, "
                "or another method (a form, an account setting, an unsubscribe link), either on the right itself or "
                "for rights in general (`rights.contacts`).",
      fails="""
        rights:
          statements:
            - right: access
      """,
      passes=CONTACT + """
        rights:
          statements:
            - right: access
              contacts: [privacy]
            - right: complaint
            - right: informed
      """)
def right_without_contact(policy: Policy) -> Iterator[Violation]:
    named_general = (policy.data.get("rights") or {}).get("contacts", [])
    general = [c for c in named_general if policy.is_usable_contact(c)]
    # A request may come by any channel (GDPR Art. 12(2)): where the contacts named for rights are unusable, the
    # privacy office, DPO or general contact still takes it; the unusable channel itself is PL203's finding.
    fallback = [c["id"] for c in policy.data["contacts"] if c["kind"] in ("privacy_office", "dpo", "general")
                and policy.is_usable_contact(c["id"])]
    for path, statement in policy.right_statements():
        if statement["right"] in RIGHTS_WITHOUT_REQUEST:
            continue
        own = [c for c in statement.get("contacts", []) if policy.is_usable_contact(c)]
        if not (own or general or statement.get("methods") or fallback):
            named = statement.get("contacts", [])
            if named:
                why = f"its contacts ({', '.join(named)}) have no usable channel"
            elif named_general:
                why = f"the contacts given for rights in general ({', '.join(named_general)}) have no usable channel"
            else:
                why = "it names no contact or method and the policy gives none for rights in general"
            yield Violation(path, f"right '{statement['right']}' cannot be exercised: {why}")


@rule(code="PL202", name="no-usable-contact", profile="core", severity="error",
      summary="The policy gives no contact that can actually be used.",
      citation="GDPR Art. 13(1)(a)",
      rationale="Readers must be able to reach the organisation about their data. A policy whose every contact is "
                "missing, empty or obfuscated leaves them no way to ask, object or complain.",
      fails="""
        contacts:
          - id: privacy
            kind: privacy_office
            channels: [{type: email, value: "[email protected]", unusable: obfuscated}]
      """,
      passes=CONTACT)
def no_usable_contact(policy: Policy) -> Iterator[Violation]:
    if not policy.usable_contacts:
        yield Violation(("contacts",), "no contact has a usable channel (an email address, phone number, postal "
                                       "address or web form that can be used as published)")


@rule(code="PL203", fixed_by_removal=True,
      name="unusable-channel", profile="core", severity="warning",
      summary="A contact channel is published in a form that cannot be used.",
      citation=None,
      rationale="An address replaced by a placeholder such as \"[email protected]\" (an email-obfuscation artefact of "
                "the published page), cut off, or malformed sends readers nowhere.",
      fails="""
        contacts:
          - id: privacy
            kind: privacy_office
            channels: [{type: email, value: "[email protected]", unusable: obfuscated}]
      """,
      passes=CONTACT)
def unusable_channel(policy: Policy) -> Iterator[Violation]:
    for path, contact in policy.items("contacts"):
        for i, channel in enumerate(contact["channels"]):
            if "unusable" in channel:
                yield Violation((*path, "channels", i, "value"),
                                f"{channel['type']} channel of contact '{contact['id']}' is {channel['unusable']} as "
                                f"published: {channel['value']!r}")


@rule(code="PL204", fixed_by_removal=True,
      name="contact-without-channels", profile="core", severity="error",
      summary="The policy introduces a contact and gives no way to reach it.",
      citation=None,
      rationale="\"Please contact us as follows:\" followed by nothing is a broken promise: the reader is told where "
                "to go and given nothing.",
      fails="""
        contacts:
          - id: questions
            kind: general
            channels: []
      """,
      passes=CONTACT)
def contact_without_channels(policy: Policy) -> Iterator[Violation]:
    for path, contact in policy.items("contacts"):
        if not contact["channels"]:
            yield Violation(path, f"contact '{contact['id']}' has no channel at all")


@rule(code="PL205", fixed_by_removal=True,
      name="empty-list", profile="core", severity="error",
      summary="The policy introduces a list and leaves it empty.",
      citation=None,
      rationale="\"You have the right to:\" followed by nothing tells readers there is something they are not being "
                "told. Either the list was lost when the policy was published or it was never written.",
      fails="""
        empty_lists:
          - section: rights
            introduction: "You have the right to:"
      """,
      passes="""
        empty_lists: []
      """)
def empty_list(policy: Policy) -> Iterator[Violation]:
    for path, entry in policy.items("empty_lists"):
        yield Violation(path, f"the policy introduces a list of {entry['section'].replace('_', ' ')} and gives "
                              f"nothing: {entry['introduction']!r}")


@rule(code="PL206", name="no-policy-date", profile="core", severity="error",
      summary="The policy gives neither an effective date nor a last-updated date.",
      citation="Cal. Bus. & Prof. Code 22575(b)(4); 11 CCR 7011(e)(4)",
      rationale="Without a date, readers cannot tell which version they agreed to or whether the policy is current.",
      fails="""
        document:
          title: Privacy policy
      """,
      passes="""
        document:
          title: Privacy policy
          last_updated: {date: "2024-05-01"}
      """)
def no_policy_date(policy: Policy) -> Iterator[Violation]:
    if policy.date("effective_date") is None and policy.date("last_updated") is None:
        yield Violation(("document",), "the policy states neither an effective date nor a last-updated date")


def _dates(policy: Policy) -> Iterator[tuple[JsonPath, PartialDate]]:
    for key in ("effective_date", "last_updated"):
        value = policy.date(key)
        if value is not None:
            yield ("document", key, "date"), value


@rule(code="PL207", fixed_by_removal=True,
      name="impossible-date", profile="core", severity="error",
      summary="A date does not exist (the 30th of February).",
      citation=None,
      rationale="A date that does not exist is a typing error; the policy's real date is unknown.",
      fails="""
        document:
          title: Privacy policy
          last_updated: {date: "2023-02-30"}
      """,
      passes="""
        document:
          title: Privacy policy
          last_updated: {date: "2023-02-28"}
      """)
def impossible_date(policy: Policy) -> Iterator[Violation]:
    for path, value in _dates(policy):
        if not value.valid():
            yield Violation(path, f"{value} is not a date that exists")


@rule(code="PL208", fixed_by_removal=True,
      name="date-in-future", profile="core", severity="error",
      summary="A policy date lies in the future.",
      citation=None,
      rationale="A policy cannot have been updated after today; a future date is a typing error or a draft "
                "published early.",
      fails="""
        document:
          title: Privacy policy
          last_updated: {date: "2999-01-01"}
      """,
      passes="""
        document:
          title: Privacy policy
          last_updated: {date: "2020-01-01"}
      """)
def date_in_future(policy: Policy) -> Iterator[Violation]:
    for path, value in _dates(policy):
        if value.valid() and value.earliest() > policy.today:
            yield Violation(path, f"{value} is after today ({policy.today.isoformat()})")


@rule(code="PL209", fixed_by_removal=True,
      name="dates-out-of-order", profile="core", severity="error",
      summary="The policy was last updated before it took effect.",
      citation=None,
      rationale="A last-updated date earlier than the effective date means one of the two is wrong.",
      fails="""
        document:
          title: Privacy policy
          effective_date: {date: "2024-06-01"}
          last_updated: {date: "2023-01-01"}
      """,
      passes="""
        document:
          title: Privacy policy
          effective_date: {date: "2023-01-01"}
          last_updated: {date: "2024-06-01"}
      """)
def dates_out_of_order(policy: Policy) -> Iterator[Violation]:
    effective, updated = policy.date("effective_date"), policy.date("last_updated")
    if effective and updated and effective.valid() and updated.valid() and updated.latest() < effective.earliest():
        yield Violation(("document", "last_updated", "date"),
                        f"last updated {updated}, before the effective date {effective}",
                        related=(("document", "effective_date", "date"),))


@rule(code="PL210", name="stale-policy", profile="core", severity="warning",
      summary="The policy has not been updated for more than 12 months.",
      citation="Cal. Civ. Code 1798.130(a)(5)",
      rationale="Practices, recipients and laws change; a policy untouched for over a year is unlikely to describe "
                "them. The CCPA requires an update at least once every 12 months (PL603 says so where its rules "
                "run, and this rule then stays silent); elsewhere it is good practice.",
      fails="""
        document:
          title: Privacy policy
          last_updated: {date: "2015-03-01"}
      """,
      passes="""
        document:
          title: Privacy policy
          last_updated: {date: "2999-01-01"}
      """)
def stale_policy(policy: Policy) -> Iterator[Violation]:
    if "ccpa" in policy.profiles:
        return  # PL603 reports the same date against the CCPA's own 12 months (rule-gaps F9: one defect, one finding)
    dated = [(path, value) for path, value in _dates(policy) if value.valid()]
    if not dated:
        return
    path, newest = max(dated, key=lambda item: item[1].latest())
    age_days = (policy.today - newest.latest()).days
    if age_days > 365:
        yield Violation(path, f"the policy's newest date is {newest}, {age_days // 365} year(s) and "
                              f"{age_days % 365 // 30} month(s) before today")


@rule(code="PL211", fixed_by_removal=True,
      name="imprecise-date", profile="core", severity="info",
      summary="A policy date gives only a month or a year.",
      citation=None,
      rationale="\"Updated May, 2018\" leaves readers unsure which version applied on a given day.",
      fails="""
        document:
          title: Privacy policy
          last_updated: {date: "2018-05"}
      """,
      passes="""
        document:
          title: Privacy policy
          last_updated: {date: "2018-05-24"}
      """)
def imprecise_date(policy: Policy) -> Iterator[Violation]:
    for path, value in _dates(policy):
        if value.precision != "day":
            yield Violation(path, f"{value} gives only the {value.precision}")


REFERENCE_FIELDS = {"data_categories": "data_categories", "applies_to": "data_categories", "contacts": "contacts",
                    "purposes": "purposes", "covered_entities": "entities", "complaint_contacts": "contacts",
                    "categories": "data_categories", "recipients": "recipients", "audiences": "audiences",
                    "technologies": "technologies", "binds": "recipients",
                    "entities": "entities"}


def _references(node: object, path: JsonPath) -> Iterator[tuple[JsonPath, str, str]]:
    """(path of the reference, referenced id, id pool) for every reference in the document."""
    # Iterative: nested `yield from` generators cost a frame per level for every value (this runs on every file).
    stack: list[tuple[object, JsonPath]] = [(node, path)]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            children: list[tuple[object, JsonPath]] = []
            for key, value in node.items():
                if key in REFERENCE_FIELDS and isinstance(value, list) and all(isinstance(v, str) for v in value):
                    for i, ref in enumerate(value):
                        yield (*path, key, i), ref, REFERENCE_FIELDS[key]
                elif isinstance(value, (dict, list)):
                    children.append((value, (*path, key)))
            stack.extend(reversed(children))
        elif isinstance(node, list):
            stack.extend((value, (*path, i)) for i, value in reversed(list(enumerate(node)))
                         if isinstance(value, (dict, list)))


@rule(code="PL212", fixed_by_removal=True,
      name="dangling-reference", profile="core", severity="error",
      summary="A reference names an id the document does not declare.",
      citation=None,
      rationale="A purpose that uses an undeclared data category, or a right that names a contact that does not "
                "exist, says something the document cannot back up.",
      fails="""
        purposes:
          - id: billing
            description: Billing
            data_categories: [payment-card]
      """,
      passes="""
        data_categories:
          - {id: payment-card, label: Payment card}
        purposes:
          - id: billing
            description: Billing
            data_categories: [payment-card]
      """)
def dangling_reference(policy: Policy) -> Iterator[Violation]:
    pools = {pool: policy.ids(pool) for pool in set(REFERENCE_FIELDS.values())}
    for path, ref, pool in _references(policy.data, ()):
        if ref not in pools[pool]:
            yield Violation(path, f"'{ref}' is not declared in {pool.replace('_', ' ')}")


@rule(code="PL213", fixed_by_removal=True,
      name="duplicate-id", profile="core", severity="error",
      summary="Two items of the same list share an id.",
      citation=None,
      rationale="Ids are how one part of a policy points at another; when two items share one, every reference to it "
                "is ambiguous and later rules check the wrong item.",
      fails="""
        data_categories:
          - {id: contact, label: Contact details}
          - {id: contact, label: Contact preferences}
      """,
      passes="""
        data_categories:
          - {id: contact, label: Contact details}
          - {id: contact-preferences, label: Contact preferences}
      """)
def duplicate_id(policy: Policy) -> Iterator[Violation]:
    sections: list[tuple[JsonPath, list[dict]]] = [
        ((key,), policy.data.get(key) or [])
        for key in ("contacts", "audiences", "data_categories", "purposes", "recipients", "negative_statements",
                    "restrictions")]
    sections.append((("organisation", "entities"), policy.data["organisation"].get("entities", [])))
    sections += [(("data_categories", i, "items"), category.get("items", []))
                 for i, category in enumerate(policy.data["data_categories"])]
    sections.append((("cookies", "technologies"), (policy.data.get("cookies") or {}).get("technologies", [])))
    for base, items in sections:
        first: dict[str, int] = {}
        for i, item in enumerate(items):
            if item["id"] in first:
                yield Violation((*base, i, "id"), f"id '{item['id']}' is already used",
                                related=((*base, first[item["id"]], "id"),))
            else:
                first[item["id"]] = i


@rule(code="PL214", fixed_by_removal=True,
      name="unused-data-category", profile="core", severity="warning",
      summary="A data category is collected but no purpose uses it.",
      citation="GDPR Art. 5(1)(b)-(c)",
      rationale="Data collected for no stated purpose breaches purpose limitation, or the policy forgot to say why.",
      fails="""
        data_categories:
          - {id: contact, label: Contact details}
          - {id: location, label: Location}
        purposes:
          - {id: billing, description: Billing, data_categories: [contact]}
      """,
      passes="""
        data_categories:
          - {id: location, label: Location}
        purposes:
          - {id: delivery, description: Delivery, data_categories: [location]}
      """)
def unused_data_category(policy: Policy) -> Iterator[Violation]:
    if not any(p.get("data_categories") for p in policy.data["purposes"]):
        return  # the policy links no purpose to data at all: one finding per category would only repeat that
    used = {c for p in policy.data["purposes"] for c in categories_of(p.get("data_categories", []))}
    for path, category in policy.items("data_categories"):
        if category["id"] not in used:
            yield Violation(path, f"no purpose uses data category '{category['id']}' ({category['label']})")


@rule(code="PL215", name="purposes-without-data", profile="core", severity="info",
      summary="No purpose says which data it uses.",
      citation="GDPR Art. 13(1)(c)",
      rationale="When purposes and data categories are never linked, readers cannot tell what is used for what.",
      fails="""
        data_categories:
          - {id: contact, label: Contact details}
        purposes:
          - {id: marketing, description: Marketing}
      """,
      passes="""
        data_categories:
          - {id: contact, label: Contact details}
        purposes:
          - {id: marketing, description: Marketing, data_categories: [contact]}
      """)
def purposes_without_data(policy: Policy) -> Iterator[Violation]:
    if policy.data["purposes"] and policy.data["data_categories"] and not any(
            p.get("data_categories") for p in policy.data["purposes"]):
        yield Violation(("purposes",), "no purpose names the data categories it uses")


# GDPR Art. 9(1): the special categories (criminal-offence data, Art. 10, has rules of its own).
SPECIAL_CATEGORY_TYPES = frozenset({
    "racial_or_ethnic_origin", "political_opinions", "religious_or_philosophical_beliefs", "trade_union_membership",
    "genetic", "biometric", "health", "sex_life_or_orientation"})


@rule(code="PL216", fixed_by_removal=True,
      name="sensitive-data-without-consent", profile="core", severity="warning",
      summary="Special-category data is used for a purpose that does not rest on explicit, opt-in consent.",
      citation="GDPR Art. 9(2)(a); DPF Principles II.2(c)",
      rationale="Health, biometric, genetic and other special-category data call for affirmative, explicit consent "
                "(or another specific exception) under the GDPR and the DPF's Choice Principle.",
      fails="""
        data_categories:
          - {id: health, label: Health conditions, sensitive_types: [health]}
        purposes:
          - {id: orders, description: Orders, data_categories: [health], legal_bases: [contract]}
      """,
      passes="""
        data_categories:
          - {id: health, label: Health conditions, sensitive_types: [health]}
        purposes:
          - id: orders
            description: Orders
            data_categories: [health]
            legal_bases: [consent]
            consent: opt_in
            special_category_conditions: [explicit_consent]
      """)
def sensitive_data_without_consent(policy: Policy) -> Iterator[Violation]:
    sensitive = {c["id"] for c in policy.data["data_categories"]
                 if SPECIAL_CATEGORY_TYPES & set(c.get("sensitive_types", []))}
    for path, purpose in policy.items("purposes"):
        used = sensitive & set(categories_of(purpose.get("data_categories", [])))
        explicit = ("explicit_consent" in purpose.get("special_category_conditions", [])
                    or purpose.get("consent") == "opt_in")
        if used and not explicit:
            yield Violation(path, f"purpose '{purpose['id']}' uses sensitive data ({', '.join(sorted(used))}) without "
                                  "explicit opt-in consent or another stated exception")


def _contradiction(statement_path: JsonPath, claim: str, related: list[tuple[JsonPath, str]], what: str,
                   complete: bool = True) -> Violation:
    """A negative statement contradicted by `related` (path, name) items the policy also states; `complete` is
    False when `related` holds only the first of them."""
    more = (f" and {len(related) - 4} more" if complete else " and more") if len(related) > 4 else ""
    names = ", ".join(name for _, name in related[:4]) + more
    return Violation(statement_path, f"'{claim}' is contradicted by {what}: {names}",
                     related=tuple(path for path, _ in related[:MAX_RELATED]))


THIRD_PARTY_KINDS = frozenset({"service_provider", "advertiser", "analytics_provider", "payment_processor",
                               "shipping_carrier", "public_authority", "acquirer", "professional_adviser",
                               "credit_reference_agency", "fraud_prevention_agency", "business_partner", "reseller",
                               "social_media_platform", "other_third_party"})


@rule(code="PL217", fixed_by_removal=True,
      name="no-transfer-contradicted", profile="core", severity="error",
      summary="The policy says it does not share or transfer data with third parties, and lists third parties it "
              "does.",
      citation="FTC Act s.5 (15 U.S.C. 45)",
      rationale="An unqualified \"we do not transfer personal data to third parties\" beside a list of recipients "
                "cannot both be true; a reader relying on the first is misled.",
      fails="""
        negative_statements:
          - {id: no-transfer, claim: no_transfer_to_third_parties}
        recipients:
          - {id: couriers, kind: shipping_carrier}
      """,
      passes="""
        data_categories:
          - {id: queries, label: Search queries}
          - {id: email, label: Email address}
        negative_statements:
          - id: queries-kept-in-house
            claim: no_sharing
            data_categories: [queries]
            exceptions: {recipients: [auditors], conditions: [legal_requirement]}
        recipients:
          - {id: group, kind: affiliate}
          - {id: mailer, kind: service_provider, data_categories: [email]}
          - {id: auditors, kind: professional_adviser}
          - {id: police, kind: public_authority}
      """)
def no_transfer_contradicted(policy: Policy) -> Iterator[Violation]:
    third_parties = [(path, r) for path, r in policy.items("recipients") if r["kind"] in THIRD_PARTY_KINDS]
    if not third_parties:
        return
    for path, statement in policy.denials("no_transfer_to_third_parties", "no_sharing"):
        covered = [(at, r["id"]) for at, r in third_parties if policy.denial_covers_recipient(statement, r)]
        if covered:
            yield _contradiction(path, statement["claim"], covered, "the third-party recipients")


@rule(code="PL218", fixed_by_removal=True,
      name="no-cookies-contradicted", profile="core", severity="error",
      summary="The policy says it does not use cookies, and describes cookies it uses.",
      citation="FTC Act s.5 (15 U.S.C. 45)",
      rationale="\"We do not use cookies\" beside cookie descriptions leaves readers unable to tell whether they are "
                "tracked.",
      fails="""
        negative_statements:
          - {id: no-cookies, claim: no_cookies}
        cookies:
          technologies:
            - {id: analytics, technology: cookies, category: analytics}
      """,
      passes="""
        negative_statements:
          - {id: no-cookies, claim: no_cookies}
        cookies:
          technologies:
            - {id: logs, technology: log_files}
            - {id: payment-pages, technology: cookies, location: off_site}
      """)
def no_cookies_contradicted(policy: Policy) -> Iterator[Violation]:
    technologies = (policy.data.get("cookies") or {}).get("technologies", [])
    cookies = [(("cookies", "technologies", i), t) for i, t in enumerate(technologies) if t["technology"] == "cookies"]
    for path, statement in policy.denials("no_cookies") if cookies else ():
        covered = [(at, t["id"]) for at, t in cookies if policy.denial_covers_technology(statement, t)]
        if covered:
            yield _contradiction(path, statement["claim"], covered, "the cookies described")


@rule(code="PL219", fixed_by_removal=True,
      name="no-special-categories-contradicted", profile="core", severity="error",
      summary="The policy says it collects no special-category data, and lists some.",
      citation="GDPR Art. 9(1)",
      rationale="A denial of special-category collection beside health or biometric data categories misstates the "
                "most protected data the organisation holds.",
      fails="""
        negative_statements:
          - {id: no-special, claim: no_special_categories}
        data_categories:
          - {id: health, label: Health, sensitive_types: [health]}
      """,
      passes="""
        negative_statements:
          - {id: no-special, claim: no_special_categories}
        data_categories:
          - {id: card, label: Payment card, sensitive_types: [financial_account]}
      """)
def no_special_categories_contradicted(policy: Policy) -> Iterator[Violation]:
    special = [(path, c["id"]) for path, c in policy.items("data_categories")
               if SPECIAL_CATEGORY_TYPES & set(c.get("sensitive_types", []))]
    if special:
        for path, statement in policy.denials("no_special_categories"):
            yield _contradiction(path, statement["claim"], special, "the special-category data listed")


@rule(code="PL220", fixed_by_removal=True,
      name="no-automated-decisions-contradicted", profile="core", severity="error",
      summary="The policy says it makes no automated decisions (or does no profiling), and describes some.",
      citation="GDPR Art. 13(2)(f), 22",
      rationale="Readers cannot tell whether decisions about them are made by machine.",
      fails="""
        negative_statements:
          - {id: no-adm, claim: no_automated_decision_making}
        automated_decision_making:
          used: true
      """,
      passes="""
        negative_statements:
          - {id: no-adm, claim: no_automated_decision_making}
      """)
def no_automated_decisions_contradicted(policy: Policy) -> Iterator[Violation]:
    adm = policy.data.get("automated_decision_making") or {}
    if adm.get("used"):
        for path, statement in policy.denials("no_automated_decision_making"):
            yield _contradiction(path, statement["claim"], [(("automated_decision_making",), "used: true")],
                                 "the automated decision-making described")
    if adm.get("profiling"):
        for path, statement in policy.denials("no_profiling"):
            yield _contradiction(path, statement["claim"], [(("automated_decision_making", "profiling"), "profiling")],
                                 "the profiling described")


@rule(code="PL221", fixed_by_removal=True,
      name="no-sale-contradicted", profile="core", severity="error",
      summary="The policy says it does not sell personal information, and describes a disclosure as a sale.",
      citation="Cal. Civ. Code 1798.120, 1798.135",
      rationale="A \"we do not sell\" statement beside a sale removes the reader's reason to opt out.",
      fails="""
        negative_statements:
          - {id: no-sale, claim: no_sale}
        recipients:
          - {id: brokers, kind: other_third_party, sale: true}
      """,
      passes="""
        negative_statements:
          - {id: no-sale, claim: no_sale}
        recipients:
          - {id: couriers, kind: shipping_carrier, sale: false}
      """)
def no_sale_contradicted(policy: Policy) -> Iterator[Violation]:
    sales = [(path, r) for path, r in policy.items("recipients") if r.get("sale")]
    for path, statement in policy.denials("no_sale", "no_rental") if sales else ():
        covered = [(at, r["id"]) for at, r in sales if policy.denial_covers_recipient(statement, r)]
        if covered:
            yield _contradiction(path, statement["claim"], covered, "disclosures the policy presents as sales")


@rule(code="PL222", fixed_by_removal=True,
      name="no-third-party-marketing-contradicted", profile="core", severity="error",
      summary="The policy says it does not share data for others' marketing, and shares it for advertising.",
      citation="Cal. Civ. Code 1798.83",
      rationale="Sharing with advertisers, or for their marketing, contradicts a promise not to.",
      fails="""
        negative_statements:
          - {id: no-marketing, claim: no_third_party_marketing}
        recipients:
          - {id: ad-networks, kind: advertiser, sharing_for_advertising: true}
      """,
      passes="""
        negative_statements:
          - {id: no-marketing, claim: no_third_party_marketing}
        recipients:
          - {id: couriers, kind: shipping_carrier}
      """)
def no_third_party_marketing_contradicted(policy: Policy) -> Iterator[Violation]:
    advertising = [(path, r) for path, r in policy.items("recipients")
                   if r.get("sharing_for_advertising") or r["kind"] == "advertiser"]
    for path, statement in policy.denials("no_third_party_marketing") if advertising else ():
        covered = [(at, r["id"]) for at, r in advertising if policy.denial_covers_recipient(statement, r)]
        if covered:
            yield _contradiction(path, statement["claim"], covered, "recipients that receive data for advertising")


@rule(code="PL223", fixed_by_removal=True,
      name="no-storage-contradicted", profile="core", severity="error",
      summary="The policy says it does not store some data, and says how long it keeps it.",
      citation=None,
      rationale="\"None of the data you enter with the payment processor is stored\" beside a retention statement for "
                "that same data cannot both be true.",
      fails="""
        data_categories:
          - {id: payment, label: Payment details}
        negative_statements:
          - {id: no-storage, claim: no_storage_of_payment_data, data_categories: [payment]}
        retention:
          - {kind: criteria, criteria: Until the order ships, applies_to: [payment]}
      """,
      passes="""
        data_categories:
          - {id: payment, label: Payment details}
        negative_statements:
          - {id: no-storage, claim: no_storage_of_payment_data, data_categories: [payment]}
        retention: []
      """)
def no_storage_contradicted(policy: Policy) -> Iterator[Violation]:
    statements = list(policy.denials("no_storage_of_payment_data"))
    if not statements:
        return
    retention = list(policy.items("retention"))
    by_category: dict[str, list[int]] = {}  # category -> positions of the retention statements for it, in order
    for position, (_path, item) in enumerate(retention):
        for category in categories_of(item.get("applies_to", [])):
            by_category.setdefault(category, []).append(position)
    for path, statement in statements:
        # The first few retention statements for any of the denied categories, in order: many statements against
        # many retention items must not cost their product.
        lists = [by_category.get(c, []) for c in categories_of(statement.get("data_categories", []))]
        first = [i for i, _ in islice(groupby(heapq.merge(*lists)), MAX_RELATED + 1)]
        kept = [(retention[i][0], f"retention[{i}] ({retention[i][1]['kind']})") for i in first]
        if kept:
            yield _contradiction(path, statement["claim"], kept, "retention statements for the same data",
                                 complete=len(first) <= MAX_RELATED)


def _values(policy: Policy, items: list[tuple[JsonPath, str]], what: str) -> Iterator[Violation]:
    distinct = {value for _, value in items}
    if len(distinct) > 1:
        (first_path, first), *others = items
        for path, value in others:
            if value != first:
                yield Violation(path, f"{what} {value} differs from {first} stated elsewhere", related=(first_path,))


@rule(code="PL224", fixed_by_removal=True,
      name="conflicting-fees", profile="core", severity="warning",
      summary="The policy says different things about charging for requests.",
      citation="GDPR Art. 12(5)",
      rationale="\"No fee\" in one place and \"we may charge a small fee\" in another leaves readers unsure what a "
                "request costs.",
      fails="""
        rights:
          fees: [{kind: free}]
          statements:
            - {right: access, fee: {kind: may_charge}}
      """,
      passes="""
        rights:
          fees: [{kind: free}]
          statements:
            - {right: access, fee: {kind: free}}
      """)
def conflicting_fees(policy: Policy) -> Iterator[Violation]:
    yield from _values(policy, [((*path, "kind"), fee["kind"]) for path, fee in policy.fees()], "fee")


@rule(code="PL225", fixed_by_removal=True,
      name="conflicting-response-times", profile="core", severity="warning",
      summary="The policy gives different response times for requests.",
      citation=None,
      rationale="\"Within one month\" and \"within 45 days\" are two promises; readers cannot tell which one holds. "
                "Periods within two days of each other (one month and 30 days) are the same promise in other words.",
      fails="""
        rights:
          statements: []
          response_times:
            - {period: P1M, commitment: within}
            - {period: P45D, commitment: typically}
      """,
      passes="""
        rights:
          statements: []
          response_times:
            - {period: P1M, commitment: within}
            - {period: P30D, commitment: typically}
      """)
def conflicting_response_times(policy: Policy) -> Iterator[Violation]:
    times = [((*path, "period"), time["period"]) for path, time in policy.response_times()]
    if not times:
        return
    (first_path, first), *others = times
    first_days = duration_days(first)
    for path, period in others:
        days = duration_days(period)
        same = period == first or (days is not None and first_days is not None and abs(days - first_days) <= 2)
        if not same:  # rule-gaps F2: "one month" and "30 days" are one promise
            yield Violation(path, f"response time {period} differs from {first} stated elsewhere",
                            related=(first_path,))


@rule(code="PL226", fixed_by_removal=True,
      name="conflicting-ages", profile="core", severity="warning",
      summary="The policy gives different ages in what it says about children.",
      citation=None,
      rationale="Two different age thresholds for the same protection make it unclear who is protected.",
      fails="""
        negative_statements:
          - {id: children, claim: no_knowing_collection_from_children, age: 13}
        children:
          statements:
            - {kind: not_directed, age: 16}
      """,
      passes="""
        negative_statements:
          - {id: children, claim: no_knowing_collection_from_children, age: 16}
        children:
          statements:
            - {kind: not_directed, age: 16}
      """)
def conflicting_ages(policy: Policy) -> Iterator[Violation]:
    ages = [((*path, "age"), str(s["age"])) for path, s in policy.items("negative_statements") if "age" in s]
    statements = (policy.data.get("children") or {}).get("statements", [])
    ages += [(("children", "statements", i, "age"), str(s["age"])) for i, s in enumerate(statements) if "age" in s]
    yield from _values(policy, ages, "age")


@rule(code="PL227", fixed_by_removal=True,
      name="consent-reliance-contradicted", profile="core", severity="warning",
      summary="The policy says it does not rely on consent, and gives consent as the legal basis of a purpose.",
      citation="GDPR Art. 6(1)(a), 13(1)(c)",
      rationale="Whether consent is relied on decides whether readers can withdraw it; the policy must say one thing.",
      fails="""
        negative_statements:
          - {id: no-consent, claim: no_consent_reliance}
        purposes:
          - {id: newsletter, description: Newsletter, legal_bases: [consent]}
      """,
      passes="""
        negative_statements:
          - {id: no-consent, claim: no_consent_reliance}
        purposes:
          - {id: newsletter, description: Newsletter, legal_bases: [legitimate_interests]}
      """)
def consent_reliance_contradicted(policy: Policy) -> Iterator[Violation]:
    relying = [(path, p) for path, p in policy.items("purposes") if "consent" in p.get("legal_bases", [])]
    for path, statement in policy.denials("no_consent_reliance") if relying else ():
        covered = [(at, p["id"]) for at, p in relying if policy.denial_covers_purpose(statement, p)]
        if covered:
            yield _contradiction(path, statement["claim"], covered, "purposes whose legal basis is consent")


@rule(code="PL228", name="retention-not-stated", profile="core", severity="error",
      summary="The policy does not say how long it keeps personal data.",
      citation="GDPR Art. 13(2)(a); Cal. Civ. Code 1798.100(a)(3)",
      rationale="How long data is kept is one of the first things readers and regulators ask. A period, an event, or "
                "at least the criteria used must be given.",
      citation_note="Whether the CCPA requires per-category retention periods in the privacy policy itself, rather "
                    "than in the notice at collection, is uncertain.",
      fails="""
        retention:
          - kind: not_stated
      """,
      passes="""
        retention:
          - {kind: period, period: P6Y}
      """)
def retention_not_stated(policy: Policy) -> Iterator[Violation]:
    statements = policy.data["retention"]
    if not statements:
        yield Violation(("retention",), "the policy says nothing about how long data is kept")
    elif all(s["kind"] == "not_stated" for s in statements):
        yield Violation(("retention", 0), "the policy mentions keeping data but never says for how long")


@rule(code="PL229", fixed_by_removal=True,
      name="retention-by-unpublished-schedule", profile="core", severity="warning",
      summary="Retention periods are only in a schedule the policy does not publish.",
      citation="GDPR Art. 13(2)(a)",
      rationale="A pointer to an internal retention policy that readers cannot see tells them nothing.",
      fails="""
        retention:
          - kind: schedule_reference
            schedule: {title: Retention Policy, published: false}
      """,
      passes="""
        retention:
          - kind: schedule_reference
            schedule: {title: Retention schedule, published: true, url: "https://example.com/retention"}
      """)
def retention_by_unpublished_schedule(policy: Policy) -> Iterator[Violation]:
    statements = policy.data["retention"]
    periods = [s for s in statements if s["kind"] in ("period", "until_event", "indefinite")]
    for path, statement in policy.items("retention"):
        schedule = statement.get("schedule") or {}
        if statement["kind"] == "schedule_reference" and not schedule.get("url") and not periods:
            yield Violation(path, f"retention periods are in \"{schedule['title']}\", which the policy neither "
                                  "includes nor links, and the policy gives no period of its own")


@rule(code="PL230", name="cookies-without-controls", profile="core", severity="warning",
      summary="The policy describes cookies or trackers and gives no way to control them.",
      citation="Directive 2002/58/EC Art. 5(3)",
      rationale="Readers told they are tracked should be told how to refuse: a banner, settings, or browser controls.",
      citation_note="Art. 5(3) of the ePrivacy Directive applies in the EU through national law (in the UK, PECR "
                    "reg. 6); the rule asks only that controls be described.",
      fails="""
        cookies:
          technologies:
            - {id: analytics, technology: cookies, category: analytics}
      """,
      passes="""
        cookies:
          technologies:
            - {id: analytics, technology: cookies, category: analytics}
          controls:
            - {kind: cookie_settings}
      """)
def cookies_without_controls(policy: Policy) -> Iterator[Violation]:
    cookies = policy.data.get("cookies") or {}
    trackers = [t for t in cookies.get("technologies", []) if t["technology"] != "log_files"]
    if trackers and not cookies.get("controls") and not any("can_be_disabled" in t for t in trackers):
        yield Violation(("cookies",), "cookies or trackers are described but no way to control them is given")


@rule(code="PL231", name="legacy-transfer-framework", profile="core", severity="warning",
      summary="The policy relies on Privacy Shield or Safe Harbor wording without the Data Privacy Framework.",
      citation="CJEU C-311/18 (Schrems II), 16 July 2020",
      rationale="The EU-U.S. Privacy Shield was invalidated in 2020 and Safe Harbor in 2015. A policy that still "
                "declares them, or that requires third parties to \"subscribe to the Privacy Principles\" without "
                "declaring the DPF, describes a transfer basis that no longer exists.",
      fails="""
        onward_transfer:
          requirements: [subscribe_to_principles]
          principles_named: the relevant Privacy Principles
      """,
      passes="""
        frameworks:
          - {framework: eu_us_dpf}
        onward_transfer:
          requirements: [subscribe_to_principles]
          principles_named: the DPF Principles
      """)
def legacy_transfer_framework(policy: Policy) -> Iterator[Violation]:
    if "dpf" in policy.profiles:
        return
    for path, declaration in policy.items("frameworks"):
        if declaration["framework"] in ("privacy_shield", "safe_harbor"):
            yield Violation(path, f"{declaration['framework'].replace('_', ' ')} is declared but no longer valid, "
                                  "and the policy does not declare the Data Privacy Framework")
    onward = policy.data.get("onward_transfer") or {}
    if "subscribe_to_principles" in onward.get("requirements", []):
        named = onward.get("principles_named", "a set of privacy principles")
        yield Violation(("onward_transfer", "requirements"),
                        f"third parties are asked to subscribe to {named}, Privacy Shield wording, but the policy "
                        "declares no Data Privacy Framework participation")


@rule(code="PL232", name="no-rights-section", profile="core", severity="warning",
      summary="The policy grants readers no rights over their data.",
      citation="GDPR Art. 13(2)(b); Cal. Civ. Code 1798.130(a)(5)(A)",
      rationale="Nearly every privacy law gives people rights over their data; a policy silent on them leaves readers "
                "without recourse.",
      fails="""
        retention: []
      """,
      passes="""
        rights:
          statements:
            - right: access
      """)
def no_rights_section(policy: Policy) -> Iterator[Violation]:
    if not policy.rights:
        yield Violation(("rights",) if "rights" in policy.data else (), "the policy grants no rights")


@rule(code="PL233", name="changes-not-notified", profile="core", severity="warning",
      summary="The policy does not say how readers learn of changes to it.",
      citation="Cal. Bus. & Prof. Code 22575(b)(3)",
      rationale="A policy that can change without notice gives readers nothing to rely on.",
      fails="""
        retention: []
      """,
      passes="""
        changes:
          notification:
            - method: post_on_site
      """)
def changes_not_notified(policy: Policy) -> Iterator[Violation]:
    methods = {n["method"] for n in (policy.data.get("changes") or {}).get("notification", [])}
    if not methods - {"check_back"}:
        where = ("changes",) if "changes" in policy.data else ()
        yield Violation(where, "the policy does not say how readers are told about changes"
                        + (" (it only asks them to check back)" if methods else ""))


@rule(code="PL234", name="automated-decisions-not-addressed", profile="core", severity="info",
      summary="The policy says nothing about automated decision-making.",
      citation="GDPR Art. 13(2)(f)",
      rationale="Readers should know whether decisions about them are made by machine; saying \"we do not\" is "
                "enough.",
      fails="""
        retention: []
      """,
      passes="""
        negative_statements:
          - {id: no-adm, claim: no_automated_decision_making}
      """)
def automated_decisions_not_addressed(policy: Policy) -> Iterator[Violation]:
    addressed = "automated_decision_making" in policy.data or any(
        policy.negative("no_automated_decision_making", "no_profiling"))
    if not addressed and "profiling" in policy.data:  # profiling is stated, but not whether decisions follow
        yield Violation(("profiling",), "the policy speaks of profiling but does not say whether it makes decisions "
                                        "about people by automated means alone")
    elif not addressed:
        yield Violation((), "the policy does not say whether it makes automated decisions or profiles people")


@rule(code="PL235", fixed_by_removal=True,
      name="acceptance-by-use", profile="core", severity="warning",
      summary="The policy says that using the site means accepting the policy.",
      citation="GDPR Art. 4(11), 7(2)",
      rationale="Consent must be a clear, specific, affirmative act; browsing a site is none. Presenting use as "
                "acceptance misleads readers about the legal basis of the processing.",
      fails="""
        notices:
          - {topic: acceptance_by_use, text: By using the site you accept this policy.}
      """,
      passes="""
        notices:
          - {topic: scope, text: This policy applies to our website.}
      """)
def acceptance_by_use(policy: Policy) -> Iterator[Violation]:
    for path, notice in policy.items("notices"):
        if notice["topic"] == "acceptance_by_use":
            yield Violation(path, "using the service is presented as accepting the policy, which is not consent")
    if "binding_by_use" in (policy.data.get("changes") or {}):
        yield Violation(("changes", "binding_by_use"),
                        "using the service after a change is presented as accepting it, which is not consent")


@rule(code="PL236", fixed_by_removal=True,
      name="outdated-ico-contact", profile="core", severity="warning",
      summary="The policy gives an outdated telephone number for the UK Information Commissioner's Office.",
      citation="UK GDPR Art. 13(2)(d), 77",
      rationale="The ICO's helpline is 0303 123 1113. An old number (such as 01625 545745, its former Wilmslow "
                "switchboard) sends complainants nowhere.",
      citation_note="The ICO's number is checked against a value built into policylint, current when the rule was "
                    "written; check ico.org.uk if in doubt.",
      fails="""
        complaints:
          supervisory_authorities:
            - name: Information Commissioners Office (ICO)
              channels: [{type: phone, value: "01625 545745"}]
      """,
      passes="""
        complaints:
          supervisory_authorities:
            - name: Information Commissioner's Office
              channels: [{type: phone, value: "0303 123 1113"}]
      """)
def outdated_ico_contact(policy: Policy) -> Iterator[Violation]:
    current = "03031231113"
    for path, authority in policy.authorities():
        if not is_ico(authority["name"]):
            continue
        for j, channel in enumerate(authority.get("channels", [])):
            digits = "".join(ch for ch in channel["value"] if ch.isdigit())
            if channel["type"] == "phone" and digits.removeprefix("44") not in (current, current[1:]):
                yield Violation((*path, "channels", j, "value"),
                                f"{channel['value']} is not the ICO's helpline (0303 123 1113)")


@rule(code="PL237", fixed_by_removal=True,
      name="response-time-unbounded", profile="core", severity="info",
      summary="A response time is only an aim or a typical figure, not a limit.",
      citation="GDPR Art. 12(3); Cal. Civ. Code 1798.130(a)(2)",
      rationale="The law sets deadlines (one month under the GDPR, 45 days under the CCPA); \"we try to\" or "
                "\"typically\" promises less than the law requires.",
      fails="""
        rights:
          statements: []
          response_times:
            - {period: P30D, commitment: typically}
      """,
      passes="""
        rights:
          statements: []
          response_times:
            - {period: P30D, commitment: within}
      """)
def response_time_unbounded(policy: Policy) -> Iterator[Violation]:
    for path, time in policy.response_times():
        if time["commitment"] in ("typically", "aim"):
            days = duration_days(time["period"])
            shown = (f"{time['period']} (about {round(days)} days)" if days is not None and math.isfinite(days)
                     else time["period"])
            how = "only what the policy aims for" if time["commitment"] == "aim" else "only a typical figure"
            yield Violation((*path, "commitment"), f"the response time {shown} is {how}, not a limit")


@rule(code="PL238", name="applicability-unstated", profile="core", severity="warning",
      summary="The organisation's own facts point at a law, and nothing says whether that law applies.",
      citation="GDPR Art. 3(1); UK GDPR Art. 3(1); Cal. Civ. Code 1798.140(d), (i); 15 U.S.C. 6502(a)(1); "
               "16 CFR 312.3",
      citation_note="Each fact is a reason to ask, not proof that the law applies: a CCPA business must also meet "
                    "a threshold of 1798.140(d)(1) (the revenue figure is adjusted under 1798.199.95(d)), and COPPA "
                    "reaches operators of services directed to children or with actual knowledge of collecting "
                    "from them. The texts were read in unofficial consolidated copies (docs/legal-citations.md).",
      rationale="What a policy names and what applies to its organisation are different facts. A policy that never "
                "names the GDPR, from a company with an office in Germany, is the policy that most needs the GDPR's "
                "checks, and gets none of them until something says the GDPR applies. Say whether it does: in the "
                "`applicability` section, or with `laws` in the configuration or `--law` on the command line.",
      fails="""
        organisation:
          name: Example Ltd
          entities:
            - {id: de, legal_name: Example GmbH, country: DE}
      """,
      passes="""
        organisation:
          name: Example Ltd
          entities:
            - {id: de, legal_name: Example GmbH, country: DE}
        applicability:
          - law: gdpr
            applies: true
            assessed_by: organisation
            reasons: [{kind: establishment, region: DE}]
      """)
def applicability_unstated(policy: Policy) -> Iterator[Violation]:
    reported: set[str] = set()
    for signal in policy.law_signals():
        if signal.law in reported or not policy.is_undecided(signal.law):
            continue
        reported.add(signal.law)
        name = LAW_NAMES[signal.law]
        yield Violation(signal.path, f"{signal.fact}, which points at the {name} ({signal.citation}: "
                                     f"{signal.why}), and nothing says whether the {name} applies: say so in "
                                     f"`applicability`, or with `laws` in the configuration or --law {signal.law}")


LAW_NAMES = {"gdpr": "GDPR", "uk_gdpr": "UK GDPR", "ccpa": "CCPA", "coppa": "COPPA"}


@rule(code="PL239", fixed_by_removal=True,
      name="exclusive-method-contradicted", profile="core", severity="warning",
      summary="The policy calls one way of exercising a right the only way, and offers others for it.",
      citation="GDPR Art. 12(2)",
      rationale="\"The only way to access your data is through logging in\" beside an e-mail address and a web form "
                "for the same requests leaves readers unable to tell which route is honoured; and a person without "
                "an account has no way at all. The controller must facilitate the exercise of rights.",
      fails=CONTACT + """
        rights:
          contacts: [privacy]
          statements:
            - right: access
              methods: [{kind: account_settings, exclusive: true}]
      """,
      passes=CONTACT + """
        rights:
          statements:
            - right: access
              methods: [{kind: account_settings, exclusive: true}]
            - right: erasure
              contacts: [privacy]
      """)
def exclusive_method_contradicted(policy: Policy) -> Iterator[Violation]:
    general = (policy.data.get("rights") or {}).get("contacts", [])
    for path, statement in policy.right_statements():
        methods = statement.get("methods", [])
        for i, method in enumerate(methods):
            if not method.get("exclusive"):
                continue
            # Another method of the same kind is the same route described twice (a dashboard, and logging in to it).
            others = list(dict.fromkeys(f"'{m['kind']}'" for m in methods if m["kind"] != method["kind"]))
            others += [f"contact '{c}'" for c in dict.fromkeys([*statement.get("contacts", []), *general])]
            if len(others) > 4:
                others = [*others[:4], f"{len(others) - 4} more"]
            if others:
                yield Violation((*path, "methods", i, "exclusive"),
                                f"'{method['kind']}' is called the only way to exercise "
                                f"'{statement['right']}', which the policy also lets readers exercise through "
                                f"{', '.join(others)}")


@rule(code="PL240", fixed_by_removal=True,
      name="identifiability-claim-contradicted", profile="core", severity="warning",
      summary="The policy calls data anonymous or not linked to anyone, and it includes an identifier.",
      citation="FTC Act s.5 (15 U.S.C. 45)",
      rationale="\"The information we collect is anonymous\" said of data that includes IP addresses or device "
                "identifiers misleads readers: such data identifies a person or a device (under the GDPR it is "
                "personal data, Art. 4(1) and Recital 26), and sharing it is sharing personal data.",
      fails="""
        data_categories:
          - id: beacons
            label: Web beacon data
            identifiability: {claim: anonymous}
            items: [{id: ip, label: IP address, identifier: true}]
      """,
      passes="""
        data_categories:
          - id: beacons
            label: Web beacon data
            identifiability: {claim: anonymous}
            items: [{id: pages, label: pages visited, identifier: false}]
          - id: logs
            label: Server logs
            items: [{id: ip, label: IP address, identifier: true}]
      """)
def identifiability_claim_contradicted(policy: Policy) -> Iterator[Violation]:
    for path, category in policy.items("data_categories"):
        items = category.get("items", [])
        claims = [((*path, "identifiability"), category["identifiability"], items)] if "identifiability" in category \
            else []
        claims += [((*path, "items", j, "identifiability"), item["identifiability"], [item])
                   for j, item in enumerate(items) if "identifiability" in item]
        for at, claim, covered in claims:
            if claim["claim"] not in NOT_IDENTIFYING or "condition" in claim:
                continue  # a claim with a condition ("unless your IP address identifies you") is not absolute
            identifiers = [item["label"] for item in covered if item.get("identifier")]
            if identifiers:
                yield Violation((*at, "claim"), f"'{category['label']}' is said to be '{claim['claim']}', "
                                                f"and it includes {', '.join(identifiers)}, which identify a person "
                                                "or a device")
