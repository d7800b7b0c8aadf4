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
from typing import Any

from policylint.findings import MAX_RELATED, JsonPath
from policylint.model import (
    LAW_NAMES,
    NOT_IDENTIFYING,
    SPECIAL_CATEGORY_TYPES,
    Item,
    PartialDate,
    Policy,
    categories_of,
    data_overlaps,
    duration_days,
    is_ico,
    is_unlimited_fee,
    retention_is_about_all_data,
    retention_sets_end,
)
from policylint.rules import Violation, listed, rule

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
    # One defect, one finding: rights that fail for the same reason (most often: no route is given for any of
    # them) are reported together, at the rights list, naming each.
    failing: dict[tuple[str, ...], list[tuple[JsonPath, Item]]] = {}
    for path, statement in policy.right_statements():
        if statement["right"] in RIGHTS_WITHOUT_REQUEST:
            continue
        own = [c for c in statement.get("contacts", []) if policy.is_usable_contact(c)]
        if not (own or general or statement.get("methods") or fallback):
            failing.setdefault(tuple(statement.get("contacts", [])), []).append((path, statement))
    for named, statements in failing.items():
        one = len(statements) == 1
        if named:
            why = f"{'its' if one else 'their'} contacts ({', '.join(named)}) have no usable channel"
        elif named_general:
            why = f"the contacts given for rights in general ({', '.join(named_general)}) have no usable channel"
        else:
            why = f"no contact or method is given for {'it' if one else 'them'}, and none for rights in general"
        if one:
            path, statement = statements[0]
            yield Violation(path, f"right '{statement['right']}' cannot be exercised: {why}")
        else:
            rights = ", ".join(dict.fromkeys(f"'{s['right']}'" for _, s in statements))
            yield Violation(("rights", "statements"), f"rights {rights} cannot be exercised: {why}",
                            tuple(p for p, _ in statements))


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
        empty = [c["id"] for c in policy.data["contacts"] if not c["channels"]]
        given = f"; {', '.join(repr(c) for c in empty)} {'is' if len(empty) == 1 else 'are'} introduced with no " \
                f"channel at all" if empty else ""
        yield Violation(("contacts",), "no contact has a usable channel (an email address, phone number, postal "
                                       f"address or web form that can be used as published){given}")


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
            # A placeholder the capture recorded as its own defect is PL270's: the published page is not at fault.
            if "unusable" in channel and not policy.is_capture_artefact(channel):
                yield Violation((*path, "channels", i, "value"),
                                f"{channel['type']} channel of contact '{contact['id']}' is {channel['unusable']} as "
                                f"published: {channel['value']!r}")


@rule(code="PL204", fixed_by_removal=True,
      name="contact-without-channels", profile="core", severity="error",
      summary="The policy introduces a contact and gives no way to reach it.",
      citation=None,
      rationale="\"Please contact us as follows:\" followed by nothing is a broken promise: the reader is told where "
                "to go and given nothing.",
      fails=CONTACT + """
          - id: questions
            kind: general
            channels: []
      """,
      passes=CONTACT)
def contact_without_channels(policy: Policy) -> Iterator[Violation]:
    if not policy.usable_contacts:
        return  # PL202 reports the policy that gives no usable contact at all, naming its empty ones
    for path, contact in policy.items("contacts"):
        if not contact["channels"]:
            yield Violation(path, f"contact '{contact['id']}' has no channel at all")


@rule(code="PL270", name="capture-hid-contact", profile="core", severity="info",
      summary="The captured source lost contact details to a placeholder, so the contact checks cannot confirm them.",
      citation=None,
      rationale="An e-mail address the published page hides from scrapers (Cloudflare's \"[email protected]\") "
                "is a defect of the capture, not of the policy: readers of the page see the address. When "
                "`source.capture_defects` records the placeholder, the contact rules (PL201-PL203) take the channel "
                "as usable, and this note says which addresses to confirm on the published page.",
      fails="""
        source:
          path: sources/example.txt
          sha256: "0000000000000000000000000000000000000000000000000000000000000000"
          capture_defects:
            - {kind: obfuscated, text: "[email protected]"}
        contacts:
          - id: privacy
            kind: privacy_office
            channels: [{type: email, value: "[email protected]", unusable: obfuscated}]
      """,
      passes=CONTACT)
def capture_hid_contact(policy: Policy) -> Iterator[Violation]:
    hidden = [((*path, "channels", i, "value"), contact["id"])
              for path, contact in policy.items("contacts")
              for i, channel in enumerate(contact["channels"]) if policy.is_capture_artefact(channel)]
    if hidden:
        names = ", ".join(dict.fromkeys(f"'{cid}'" for _, cid in hidden))
        yield Violation(hidden[0][0], f"the captured source shows a placeholder where {len(hidden)} channel(s) of "
                                      f"{names} give an address (source.capture_defects); the contact checks took "
                                      "them as usable: confirm the addresses on the published page",
                        tuple(p for p, _ in hidden[1:]))


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


@rule(code="PL206", name="no-policy-date", profile="core", severity="info",
      summary="The policy gives neither an effective date nor a last-updated date.",
      citation=None,
      rationale="Without a date, readers cannot tell which version they agreed to or whether the policy is current. "
                "Where a law requires the date, its rule reports it as an error: CalOPPA's effective date (PL703, "
                "Cal. Bus. & Prof. Code 22575(b)(4)) and the CCPA's last-updated date (PL603, 11 CCR 7011(e)(4)); "
                "elsewhere no law asks for one (rule-gaps F10), and this is a note.",
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


@rule(code="PL210", name="stale-policy", profile="core", severity="info",
      summary="The policy has not been updated for more than 12 months.",
      citation=None,
      rationale="Practices, recipients and laws change; a policy untouched for over a year is unlikely to describe "
                "them. The CCPA requires an update at least once every 12 months (Cal. Civ. Code 1798.130(a)(5)): "
                "PL603 reports it as an error where its rules run, and this rule then stays silent; elsewhere no law "
                "sets a cycle (rule-gaps F10), and this is a note.",
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
      rationale="Data collected for no stated purpose breaches purpose limitation, or the policy forgot to say why. "
                "A purpose stated for all the data (`all_data`: \"We use the information to provide our services\") "
                "uses every category.",
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
    for path, category in policy.items("data_categories"):
        if category["id"] not in policy.categories_with_purpose:
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
    sensitive = set(policy.special_categories)
    for path, purpose in policy.items("purposes"):
        used = sensitive & set(categories_of(purpose.get("data_categories", [])))
        explicit = ("explicit_consent" in purpose.get("special_category_conditions", [])
                    or purpose.get("consent") == "opt_in")
        if used and not explicit:
            yield Violation(path, f"purpose '{purpose['id']}' uses sensitive data ({', '.join(sorted(used))}) without "
                                  "explicit opt-in consent or another stated exception")


def _contradiction(statement_path: JsonPath, statement: Item, related: list[tuple[JsonPath, str]], what: str,
                   complete: bool = True, shown: int = 12) -> Violation:
    """A negative statement contradicted by `related` (path, name) items the policy also states, named by its claim
    and id; `complete` is False when `related` holds only the first of them."""
    extra = len(related) - shown
    more = " and more" if not complete else f" and {extra} more" if extra > 0 else ""
    names = ", ".join(name for _, name in related[:shown]) + more
    said = f"'{statement['claim']}'" + (f" (statement '{statement['id']}')" if "id" in statement else "")
    return Violation(statement_path, f"{said} is contradicted by {what}: {names}",
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
            yield _contradiction(path, statement, covered, "the third-party recipients")


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
            yield _contradiction(path, statement, covered, "the cookies described")


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
            yield _contradiction(path, statement, special, "the special-category data listed")


@rule(code="PL220", fixed_by_removal=True,
      name="no-automated-decisions-contradicted", profile="core", severity="error",
      summary="The policy says it makes no automated decisions (or does no profiling), and describes some.",
      citation="GDPR Art. 13(2)(f), 22",
      rationale="Readers cannot tell whether decisions about them are made by machine.",
      fails="""
        negative_statements:
          - {id: no-adm, claim: no_automated_decision_making}
          - {id: no-profiling, claim: no_profiling}
        automated_decision_making:
          used: true
        profiling: {used: true, description: personalised advertising}
      """,
      passes="""
        negative_statements:
          - {id: no-adm, claim: no_automated_decision_making}
          - {id: no-profiling, claim: no_profiling, exceptions: {purposes: [ads]}}
        profiling: {used: true, purposes: [ads]}
      """)
def no_automated_decisions_contradicted(policy: Policy) -> Iterator[Violation]:
    adm = policy.data.get("automated_decision_making") or {}
    if adm.get("used"):
        for path, statement in policy.denials("no_automated_decision_making"):
            yield _contradiction(path, statement, [(("automated_decision_making",), "used: true")],
                                 "the automated decision-making described")
    profiling = policy.data.get("profiling") or {}
    for path, statement in policy.denials("no_profiling") if adm.get("profiling") or profiling.get("used") else ():
        found = [(("automated_decision_making", "profiling"), "profiling in automated decisions")] \
            if adm.get("profiling") else []
        if profiling.get("used") and _profiling_covered(policy, statement, profiling):
            found.append((("profiling",), f"profiling ({profiling.get('description') or 'used: true'})"))
        if found:
            yield _contradiction(path, statement, found, "the profiling described")


def _profiling_covered(policy: Policy, statement: Item, profiling: Item) -> bool:
    """Whether the profiling the policy describes falls within a denial of profiling: profiling by recipients
    contradicts only a denial about those recipients, and profiling for purposes only a denial about one of them."""
    if profiling.get("pursued_by") == "recipients" and not (
            set(statement.get("recipients", [])) & set(profiling.get("recipients", []))):
        return False
    purposes = profiling.get("purposes", [])
    return not purposes or any(policy.denial_covers_purpose(statement, {"id": p}) for p in purposes)


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
            yield _contradiction(path, statement, covered, "disclosures the policy presents as sales")


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
            yield _contradiction(path, statement, covered, "recipients that receive data for advertising")


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
            yield _contradiction(path, statement, kept, "retention statements for the same data",
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
    # Where the GDPR's rules run, a fee for any request is PL314's finding: that sentence is the defect, and one
    # finding names it (Precision: "We may charge you a small fee" beside "free unless unfounded or excessive").
    gdpr = "gdpr" in policy.profiles
    yield from _values(policy, [((*path, "kind"), fee["kind"]) for path, fee in policy.fees()
                                if not (gdpr and is_unlimited_fee(fee))], "fee")


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
      summary="The policy says it does not rely on consent, and pursues a purpose on consent.",
      citation="GDPR Art. 6(1)(a), 13(1)(c)",
      rationale="Whether consent is relied on decides whether readers can withdraw it; the policy must say one thing. "
                "A purpose rests on consent when consent is its basis or its Art. 9(2) condition, or when it is "
                "pursued only with the person's prior consent (`consent: opt_in`) whether or not consent is named "
                "(rule-gaps M2: \"you consent to receive marketing-related communications\").",
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
    relying = [(path, p) for path, p in policy.items("purposes") if policy.rests_on_consent(p)]
    for path, statement in policy.denials("no_consent_reliance") if relying else ():
        covered = [(at, p["id"]) for at, p in relying if policy.denial_covers_purpose(statement, p)]
        if covered:
            yield _contradiction(path, statement, covered, "purposes that rest on consent")


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
      rationale="A pointer to an internal retention policy that readers cannot see tells them nothing. A period given "
                "for all data answers the question; one given only for cookies or one category does not. A schedule "
                "the policy says readers can request is not hidden, and is not reported here; whether criteria may "
                "stand in for the periods it holds is PL341's question where the GDPR applies.",
      fails="""
        retention:
          - kind: schedule_reference
            schedule: {title: Retention Policy, published: false}
          - {kind: period, period: P2Y, applies_to: [cookies]}
        data_categories:
          - {id: cookies, label: Cookie data}
      """,
      passes="""
        retention:
          - kind: schedule_reference
            schedule: {title: retention policy, published: false, how_to_obtain: which you can request from us}
          - {kind: criteria, criteria: "the amount, nature and sensitivity of the data and the legal requirements"}
      """)
def retention_by_unpublished_schedule(policy: Policy) -> Iterator[Violation]:
    statements = policy.data["retention"]
    # Only a statement about all data answers how long "the data" is kept: a cookie's lifetime does not (rule-gaps M8).
    answered = any(retention_is_about_all_data(s) and (retention_sets_end(s) or s["kind"] == "indefinite")
                   for s in statements)
    criteria = any(s["kind"] == "criteria" for s in statements)
    for path, statement in policy.items("retention"):
        schedule = statement.get("schedule") or {}
        if statement["kind"] != "schedule_reference" or schedule.get("url") or answered:
            continue
        if schedule.get("how_to_obtain") and criteria:
            continue  # the criteria are given, the detail on request (rule-gaps F11)
        how = (f" and says only that it is obtained \"{schedule['how_to_obtain']}\", without giving the criteria "
               "it uses" if schedule.get("how_to_obtain") else ", and does not say how to obtain it")
        yield Violation(path, f"retention periods are in \"{schedule['title']}\", which the policy neither "
                              f"includes nor links{how}; no period is given for all data")


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
    if "gdpr" in policy.profiles and policy.trackers_without_consent_info:
        return  # PL321 asks for consent for these trackers, which is more than a control: one defect, one finding
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


# The rights a data-protection law gives a person over the data an organisation holds about them: the GDPR's
# (Arts. 7(3), 15-22), the CCPA's, the DPF's choice, opting out of the organisation's marketing, instructions for
# after death, and `other` (a right the enum lacks: silence rather than a false finding). Not counted: being informed
# and non-discrimination (no request to make), complaints (recourse against the organisation, not a say over the
# data), a publisher's undertaking not to publish a message, an advertising-industry or vendor opt-out run on another
# site, and choosing who sees one's profile (rule-gaps M18, schema-gaps RI3).
DATA_PROTECTION_RIGHTS = frozenset({
    "access", "rectification", "erasure", "restriction", "portability", "objection", "object_direct_marketing",
    "withdraw_consent", "automated_decisions", "know", "delete", "correct", "opt_out_sale_sharing", "opt_out_sale",
    "opt_out_sharing", "limit_sensitive", "opt_out_third_party_disclosure", "opt_out_marketing",
    "post_mortem_instructions", "other"})


@rule(code="PL232", name="no-rights-section", profile="core", severity="warning",
      summary="The policy grants readers no data-protection rights over their data.",
      citation="GDPR Art. 13(2)(b); Cal. Civ. Code 1798.130(a)(5)(A)",
      rationale="Nearly every privacy law gives people rights over the data held about them: to see it, correct it, "
                "have it deleted, object to or opt out of its use. A policy silent on them leaves readers without "
                "recourse. A promise not to publish a letter, an advertising network's opt-out on its own site, a "
                "profile-visibility setting or the right to complain elsewhere gives no say over the data the "
                "organisation holds, and does not count.",
      fails="""
        rights:
          statements:
            - right: opt_out_publication
              description: We will honor any advance request not to publish a message.
      """,
      passes="""
        rights:
          statements:
            - right: access
      """)
def no_rights_section(policy: Policy) -> Iterator[Violation]:
    if policy.granted_rights & DATA_PROTECTION_RIGHTS:
        return
    where = ("rights",) if "rights" in policy.data else ()
    others = sorted(policy.granted_rights)
    yield Violation(where, "the policy grants no right of access, correction, deletion, objection or opt-out over the "
                           "data it holds" + (f"; it offers only {', '.join(repr(r) for r in others)}, which give no "
                                              "such say" if others else ""))


# Ways of "telling" people about changes that tell nobody: asking them to check back, and a promise to ask consent
# before some changes (rule-gaps M15, schema-gaps CH1; schema 2.0 has `changes.consent_required` for the latter).
NOT_NOTICE = frozenset({"check_back", "consent_for_material_changes"})


@rule(code="PL233", name="changes-not-notified", profile="core", severity="warning",
      summary="The policy does not say how readers learn of changes to it.",
      citation="Cal. Bus. & Prof. Code 22575(b)(3)",
      citation_note="22575(b)(3) (describe the process for notifying users of material changes) binds operators "
                    "under CalOPPA; its text was seen only in fragments (docs/legal-citations.md row 35). Elsewhere "
                    "the rule is a transparency point (GDPR Art. 12(1)).",
      rationale="A policy that can change without notice gives readers nothing to rely on. Asking readers to check "
                "back, promising consent before some changes, or saying only that the organisation \"may\" notify "
                "them commits it to telling no one.",
      fails="""
        changes:
          notification:
            - {method: site_notice, hedge: We may notify you}
            - {method: consent_for_material_changes}
      """,
      passes="""
        changes:
          notification:
            - method: post_on_site
      """)
def changes_not_notified(policy: Policy) -> Iterator[Violation]:
    notification = (policy.data.get("changes") or {}).get("notification", [])
    real = [n for n in notification if n["method"] not in NOT_NOTICE]
    if any("hedge" not in n for n in real):
        return
    where = ("changes",) if "changes" in policy.data else ()
    said = [f"it only says {n['hedge']!r} ({n['method']})" for n in real]
    said += ["it only asks them to check back"] * any(n["method"] == "check_back" for n in notification)
    said += ["it only promises consent before material changes, which tells no one of them"] * any(
        n["method"] == "consent_for_material_changes" for n in notification)
    yield Violation(where, "the policy does not say how readers are told about changes"
                    + (f" ({'; '.join(said)})" if said else ""))


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
                "names the GDPR, from a company that sends complaints to a German authority, is the policy that most "
                "needs the GDPR's checks, and gets none of them until something says the GDPR applies (an "
                "establishment in the Union settles it: those rules run, each finding saying why). Say whether it "
                "does: in the `applicability` section, or with `laws` in the configuration or `--law` on the "
                "command line.",
      fails="""
        complaints:
          supervisory_authorities:
            - {name: Berliner Beauftragte für Datenschutz, country: DE}
      """,
      passes="""
        complaints:
          supervisory_authorities:
            - {name: Berliner Beauftragte für Datenschutz, country: DE}
        applicability:
          - law: gdpr
            applies: true
            assessed_by: organisation
            reasons: [{kind: establishment, region: DE}]
      """)
def applicability_unstated(policy: Policy) -> Iterator[Violation]:
    # A law the organisation's facts settle (an establishment) runs its rules anyway, each finding saying so.
    reported: set[str] = set(policy.inferred_laws)
    for signal in policy.law_signals():
        if signal.law in reported or not policy.is_undecided(signal.law):
            continue
        reported.add(signal.law)
        name = LAW_NAMES[signal.law]
        yield Violation(signal.path, f"{signal.fact}, which points at {name} ({signal.citation}: "
                                     f"{signal.why}), and nothing says whether {name} applies: say so in "
                                     f"`applicability`, or with `laws` in the configuration or --law {signal.law}")


@rule(code="PL271", name="applicable-law-unaddressed", profile="core", severity="warning",
      summary="A law applies to the organisation and the policy never speaks to it.",
      citation="GDPR Art. 13, 14; UK GDPR Art. 13, 14; Cal. Civ. Code 1798.130(a)(5)",
      citation_note="Whether the law applies is the `applicability` assessment's, the configuration's, or the "
                    "organisation's establishment (GDPR Art. 3(1)); no law requires a notice to name the law, so the "
                    "test is the content only that law asks for.",
      rationale="What applies is not what is said. A policy that neither names the GDPR nor gives legal bases, a "
                "supervisory authority or the GDPR's rights, from an organisation the GDPR applies to, was not "
                "written for it: the reader in its scope is not told what the law gives them. The law's own rules "
                "report each missing part; this says the whole notice is missing. A policy that says the law does "
                "not apply, when the assessment says it does, contradicts it.",
      fails="""
        applicability:
          - law: ccpa
            applies: true
            assessed_by: organisation
            reasons: [{kind: business_thresholds}]
      """,
      passes="""
        applicability:
          - law: ccpa
            applies: true
            assessed_by: organisation
            reasons: [{kind: business_thresholds}]
        frameworks:
          - {framework: ccpa, stance: applies}
      """)
def applicable_law_unaddressed(policy: Policy) -> Iterator[Violation]:
    assessed = {entry["law"]: i for i, entry in enumerate(policy.data.get("applicability", []))}
    for law in sorted(policy.applying_laws | set(policy.inferred_laws)):
        if policy.addresses(law) is not False:
            continue
        name = LAW_NAMES.get(law, law)
        denied = next((i for i, f in enumerate(policy.data["frameworks"])
                       if f["framework"] == law and f.get("stance") == "does_not_apply"), None)
        if law in assessed:
            path: JsonPath = ("applicability", assessed[law])
            why = "per `applicability`"
        elif law in policy.inferred_laws:
            signal = policy.inferred_laws[law]
            path, why = signal.path, f"because {signal.fact} ({signal.citation})"
        else:
            path, why = ("organisation",), "per the configuration or --law"
        if denied is not None:
            yield Violation(("frameworks", denied), f"the policy says {name} does not apply, and {name} "
                                                    f"applies {why}", (path,))
        else:
            yield Violation(path, f"{name[0].upper()}{name[1:]} applies {why}, and the policy never speaks to "
                                  f"it: it neither names it nor gives what it asks for ({_LAW_CONTENT[law]})")


_LAW_CONTENT = {"gdpr": "legal bases, a supervisory authority, a representative, the GDPR's rights",
                "uk_gdpr": "legal bases, a supervisory authority, a representative, the UK GDPR's rights",
                "ccpa": "notices and rights for California residents"}


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
    # One defect, one finding: "the only way to access, rectify or delete your data is through logging in" is one
    # claim about one route, whatever number of rights it is said of.
    claims: dict[str, list[tuple[JsonPath, str, list[str]]]] = {}
    for path, statement in policy.right_statements():
        methods = statement.get("methods", [])
        for i, method in enumerate(methods):
            if not method.get("exclusive"):
                continue
            # Another method of the same kind is the same route described twice (a dashboard, and logging in to it).
            others = list(dict.fromkeys(f"'{m['kind']}'" for m in methods if m["kind"] != method["kind"]))
            others += [f"contact '{c}'" for c in dict.fromkeys([*statement.get("contacts", []), *general])]
            if others:
                claims.setdefault(method["kind"], []).append(((*path, "methods", i, "exclusive"), statement["right"],
                                                              others))
    for kind, said in claims.items():
        rights = ", ".join(dict.fromkeys(f"'{right}'" for _, right, _ in said))
        others = list(dict.fromkeys(other for _, _, routes in said for other in routes))
        if len(others) > 4:
            others = [*others[:4], f"{len(others) - 4} more"]
        path = said[0][0] if len(said) == 1 else ("rights", "statements")
        yield Violation(path, f"'{kind}' is called the only way to exercise {rights}, which the policy also lets "
                              f"readers exercise through {', '.join(others)}",
                        tuple(p for p, _, _ in said) if len(said) > 1 else ())


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


def _retention_limit(part: dict[str, Any]) -> str:
    """A retention limit in words, from its parts as the policy gives them (each part may leave its value out)."""
    kind, period = part["kind"], part.get("period")
    if kind == "until_event":
        event = f"until {part['event']!r}" if part.get("event") else "until an event"
        return event + (f" plus {period}" if period else "")
    if kind == "after_inactivity":
        return f"until it has gone {period} without use" if period else "until it goes unused"
    if kind == "period":
        return f"for {period}" if period else "for a period"
    if kind == "criteria":
        return repr(part["criteria"]) if part.get("criteria") else "by criteria"
    return "indefinitely"


@rule(code="PL254", fixed_by_removal=True,
      name="retention-end-overridden", profile="core", severity="warning",
      summary="A retention end is joined by \"whichever is longer\" to criteria that set none.",
      citation="GDPR Art. 13(2)(a), 12(1)",
      citation_note="The GDPR asks for the period, or the criteria where no period can be given; outside it the rule "
                    "is a transparency point. The text is not deceptive on its face (\"whichever is longer\" is "
                    "said), so no FTC Act s.5 footing is claimed.",
      rationale="\"Until you delete your account, or as long as is necessary for our security and compliance purposes, "
                "whichever is longer\" reads as an end and is none: the data is kept as long as the open criterion "
                "allows, whatever the reader does. Give the period the criterion comes to, or say that the event "
                "does not end retention.",
      fails="""
        retention:
          - kind: combined
            combine: longest_of
            parts:
              - {kind: until_event, event: you delete your account}
              - {kind: criteria, criteria: as long as is necessary for our security and compliance purposes}
      """,
      passes="""
        retention:
          - kind: combined
            combine: shortest_of
            parts:
              - {kind: until_event, event: you delete your account}
              - {kind: criteria, criteria: as long as is necessary for our security and compliance purposes}
      """)
def retention_end_overridden(policy: Policy) -> Iterator[Violation]:
    for path, statement in policy.items("retention"):
        if statement["kind"] != "combined" or statement["combine"] != "longest_of" or retention_sets_end(statement):
            continue
        ends = [_retention_limit(p) for p in statement["parts"] if retention_sets_end(p)]
        open_ = [_retention_limit(p) for p in statement["parts"] if not retention_sets_end(p)]
        if ends:
            yield Violation(path, f"{' and '.join(ends)} is no end: \"whichever is longer\" keeps the data "
                                  f"{' or '.join(open_)}, which sets none")


# The notification methods that only change the page: whoever does not reread it learns nothing.
POSTING_ONLY = frozenset({"post_on_site", "update_date"})


@rule(code="PL255", fixed_by_removal=True,
      name="bound-by-unannounced-changes", profile="core", severity="warning",
      summary="Using the service binds readers to changes whose only notice is the revised policy page.",
      citation="FTC Act s.5 (15 U.S.C. 45); GDPR Art. 12(1)",
      citation_note="The FTC's position that material changes applied to data already collected need notice and "
                    "affirmative express consent (Gateway Learning, 2004; the 2012 privacy report; the FTC technology "
                    "blog of 13 February 2024) was read in secondary sources only. The Article 29 Working Party's "
                    "transparency guidelines (WP260 rev.01) ask that changes be communicated actively and call "
                    "telling people to check the notice for changes insufficient and unfair; their text was not "
                    "seen in the store. Cal. Bus. & Prof. Code 22575(b)(3) asks only that the process be described, "
                    "which posting is, so it is not cited.",
      rationale="\"You agree to be bound by any such revisions\" beside \"we may revise this policy by updating this "
                "page\" binds readers to changes nobody tells them of: only someone who rereads the policy learns "
                "of them. Tell people of material changes directly (e-mail, a notice on the site) before they take "
                "effect, and do not apply them to data already collected without consent.",
      fails="""
        changes:
          binding_by_use: {text: By using the site you agree to be bound by any such revisions.}
          notification:
            - {method: post_on_site}
            - {method: check_back}
      """,
      passes="""
        changes:
          binding_by_use: {text: By using the site you agree to be bound by any such revisions.}
          notification:
            - {method: post_on_site}
            - {method: direct_notice, applies_to: material changes}
      """)
def bound_by_unannounced_changes(policy: Policy) -> Iterator[Violation]:
    changes = policy.data.get("changes") or {}
    if "binding_by_use" not in changes:
        return
    committed = [n["method"] for n in changes.get("notification", [])
                 if n["method"] not in NOT_NOTICE and "hedge" not in n]
    if committed and set(committed) <= POSTING_ONLY:  # no commitment at all is PL233's finding
        said = changes["binding_by_use"].get("text")
        yield Violation(("changes", "binding_by_use"),
                        f"using the service binds readers to changes{f' ({said!r})' if said else ''}, and "
                        f"the only notice of a change is the revised page ({', '.join(dict.fromkeys(committed))}): "
                        "tell people of material changes directly before they take effect")


@rule(code="PL256", name="children-not-addressed", profile="core", severity="info",
      summary="The policy says nothing about children.",
      citation=None,
      rationale="Parents, and regulators, look for whether a service is meant for children, whether it knowingly "
                "collects their data, and what a parent can do about it; a policy silent on children answers none "
                "of it. \"Our site is not directed to children under 13 and we do not knowingly collect their "
                "information\" is enough where it is true. (Under COPPA the notice must say more: PL802 reports "
                "that where the coppa rules run, and this rule then stays silent; the GDPR's Art. 8 sets the age "
                "for a child's own consent to online services.)",
      fails="""
        retention: []
      """,
      passes="""
        children:
          statements:
            - {kind: not_directed, age: 13}
      """)
def children_not_addressed(policy: Policy) -> Iterator[Violation]:
    if "children" not in policy.data and "coppa" not in policy.profiles:
        yield Violation((), "the policy does not say whether the service is meant for children, whether it "
                            "knowingly collects their data, or what a parent can do")


# Keys whose values are not the policy as readers see it: quotes of the source and the encoder's remarks, and the
# assessments and provenance the renderer leaves out (schema `$comment: internal`).
NOT_RENDERED = frozenset({"evidence", "note", "source", "applicability"})
REPLACEMENT_CHARACTER = "\ufffd"


def _strings(node: object, path: JsonPath) -> Iterator[tuple[JsonPath, str]]:
    """Every string value readers of the notice see, with its path, in document order."""
    stack: list[tuple[object, JsonPath]] = [(node, path)]
    while stack:
        node, path = stack.pop()
        if isinstance(node, str):
            yield path, node
        elif isinstance(node, dict):
            stack.extend((value, (*path, key)) for key, value in reversed(list(node.items()))
                         if key not in NOT_RENDERED)
        elif isinstance(node, list):
            stack.extend((value, (*path, i)) for i, value in reversed(list(enumerate(node))))


@rule(code="PL257", name="replacement-character", profile="core", severity="warning",
      summary="The policy's text contains the replacement character U+FFFD where a character was lost.",
      citation=None,
      rationale="\"the UK Information Commissioner\ufffds Office\" is a character lost to a wrong encoding, on the "
                "published page or in its capture. Readers see the defect, and a name or address with it may not "
                "be found. Write the intended character; quotes of the source (`evidence`) keep it as captured, "
                "and `source.capture_defects` records it.",
      fails="""
        complaints:
          supervisory_authorities:
            - name: "the UK Information Commissioner\ufffds Office"
      """,
      passes="""
        complaints:
          supervisory_authorities:
            - name: "the UK Information Commissioner's Office"
      """)
def replacement_character(policy: Policy) -> Iterator[Violation]:
    found = [(path, text) for path, text in _strings(policy.data, ()) if REPLACEMENT_CHARACTER in text]
    if not found:
        return
    path = found[0][0]
    quoted = ", ".join(repr(_around(t)) for _, t in found[:3]) + (f" and {len(found) - 3} more" if len(found) > 3
                                                                   else "")
    recorded = sum(d["kind"] == "replacement_character"
                   for d in (policy.data.get("source") or {}).get("capture_defects", []))
    known = (f"; source.capture_defects records {recorded} as a capture defect, but the values readers see still "
             "carry it" if recorded else "")
    yield Violation(path, f"{len(found)} value(s) contain U+FFFD, a lost character: {quoted}{known}; write the "
                          "intended character (evidence keeps the captured text)",
                    related=tuple(p for p, _ in found[1:1 + MAX_RELATED]))



def _introduced_empty(policy: Policy, section: str) -> bool:
    """The policy introduces this list and leaves it empty: PL205 reports that, and says it better."""
    return any(entry.get("section") == section for _, entry in policy.items("empty_lists"))


@rule(code="PL258", name="no-data-described", profile="core", severity="warning",
      summary="The policy does not say what personal data it collects.",
      citation="Cal. Bus. & Prof. Code 22575(b)(1); Cal. Civ. Code 1798.130(a)(5)(B); GDPR Art. 14(1)(d)",
      rationale="What is collected is the first thing a reader of a privacy policy looks for, and the laws that "
                "ask for a notice ask for it: CalOPPA the categories of personally identifiable information "
                "collected, the CCPA the categories collected in the past 12 months, the GDPR the categories of "
                "data not obtained from the person (Art. 14(1)(d)). List each kind of personal data in "
                "`data_categories`, with an id the purposes and recipients can name. (Where the DPF rules run, "
                "PL516 reports this instead.)",
      fails="""
        data_categories: []
      """,
      passes="""
        data_categories:
          - {id: contact, label: Contact details}
      """)
def no_data_described(policy: Policy) -> Iterator[Violation]:
    # Where the DPF rules run, PL516 reports the same gap as the DPF's own requirement.
    if not policy.data.get("data_categories") and not _introduced_empty(policy, "data_categories") \
            and "dpf" not in policy.profiles:
        yield Violation(("data_categories",), "the policy names no personal data it collects: list each kind in "
                                              "data_categories (an id and a label, e.g. {id: contact, label: "
                                              "Contact details})")


@rule(code="PL259", name="no-purposes-described", profile="core", severity="warning",
      summary="The policy does not say what it uses personal data for.",
      citation="GDPR Art. 13(1)(c); Cal. Civ. Code 1798.100(a)(1)",
      rationale="Why data is collected is what lets a reader judge whether to hand it over, and the laws that ask "
                "for a notice ask for it: the GDPR the purposes of the processing (Art. 13(1)(c)), the CCPA the "
                "purposes for which each category is collected or used. List each purpose in `purposes`, naming "
                "the data categories it uses. (Where the DPF rules run, PL505 reports this instead.)",
      fails="""
        purposes: []
      """,
      passes="""
        data_categories:
          - {id: contact, label: Contact details}
        purposes:
          - {id: orders, description: Process and deliver orders, data_categories: [contact]}
      """)
def no_purposes_described(policy: Policy) -> Iterator[Violation]:
    # Where the DPF rules run, PL505 reports the same gap as the DPF's own requirement.
    if not policy.data.get("purposes") and not _introduced_empty(policy, "purposes") and "dpf" not in policy.profiles:
        yield Violation(("purposes",), "the policy names no purpose for which it uses personal data: list each in "
                                       "purposes (an id, a description and the data_categories it uses)")

def _around(text: str, words: int = 4) -> str:
    """The words around the first U+FFFD in a text."""
    at = text.index(REPLACEMENT_CHARACTER)
    before, after = text[:at].split(), text[at + 1:].split()
    head = " " if text[:at].endswith(" ") else ""
    tail = " " if text[at + 1:].startswith(" ") else ""
    return (" ".join(before[-words:]) + head if before else "") + REPLACEMENT_CHARACTER + (
        tail + " ".join(after[:words]) if after else "")


# The contradiction rules below hold negative statements and restrictions against the facts the rest of the policy
# states (issue 13; rule-gaps M3, M4, M17). A plain self-contradiction misleads whatever law applies: FTC Act s.5,
# and where the GDPR applies its transparency principle.
SELF_CONTRADICTION = "FTC Act s.5 (15 U.S.C. 45(a)(1)); GDPR Art. 5(1)(a)"
WHERE_GDPR = "GDPR Art. 5(1)(a) only where the GDPR applies; under the FTC Act a contradiction is evidence of a " \
             "deceptive statement, not proof of one (docs/legal-citations.md row 40)."


def _data_excepted(policy: Policy, statement: Item, ref: str) -> bool:
    """Whether a denial's excepted purposes are the only ones using some data (data no purpose uses is not)."""
    excepted = set((statement.get("exceptions") or {}).get("purposes", []))
    users = [p["id"] for p in policy.data["purposes"] if data_overlaps(p.get("data_categories", []), [ref])]
    return bool(excepted and users) and set(users) <= excepted


def _sensitive_denials(policy: Policy, claims: tuple[str, ...], types: frozenset[str],
                       what: str) -> Iterator[Violation]:
    found = policy.sensitive_data(types)
    for path, statement in policy.denials(*claims) if found else ():
        if (statement.get("exceptions") or {}).get("conditions"):
            continue  # "not without your consent": the policy does not say which data was collected with it
        denied = statement.get("data_categories")
        covered = [(at, f"{ref} ({', '.join(matching)})") for at, ref, matching in found
                   if (not denied or data_overlaps(denied, [ref])) and not _data_excepted(policy, statement, ref)]
        if covered:
            yield _contradiction(path, statement, covered, what)


@rule(code="PL242", fixed_by_removal=True,
      name="no-criminal-offence-data-contradicted", profile="core", severity="error",
      summary="The policy says it collects no data about criminal convictions or offences, and lists some.",
      citation=f"{SELF_CONTRADICTION}; GDPR Art. 10",
      citation_note="Art. 10 says what criminal-offence data is and how closely the GDPR guards it; the defect "
                    "itself is the contradiction. " + WHERE_GDPR,
      rationale="\"Nor do we collect any information about criminal convictions and offences\" beside a data "
                "category the encoding classifies as criminal-offence data cannot both be true, and it misstates "
                "data whose processing the GDPR allows only under official authority or a law's safeguards.",
      fails="""
        negative_statements:
          - {id: no-criminal, claim: no_criminal_offence_data}
        data_categories:
          - {id: screening, label: Background checks, sensitive_types: [criminal_offences]}
      """,
      passes="""
        negative_statements:
          - {id: no-criminal, claim: no_criminal_offence_data, exceptions: {purposes: [hiring]}}
        data_categories:
          - {id: screening, label: Background checks, sensitive_types: [criminal_offences]}
        purposes:
          - {id: hiring, description: Screening applicants, data_categories: [screening]}
      """)
def no_criminal_offence_data_contradicted(policy: Policy) -> Iterator[Violation]:
    yield from _sensitive_denials(policy, ("no_criminal_offence_data",), frozenset({"criminal_offences"}),
                                  "the criminal-offence data listed")


# Cal. Civ. Code 1798.140(ae): the sensitive types that are sensitive personal information whatever their context.
# Left out, because the definition reaches them only in part: a card or account number alone (it must come "in
# combination with any required security or access code"), biometric data not processed to identify someone, and
# the contents of messages of which the business is the intended recipient.
CCPA_SENSITIVE_TYPES = frozenset({
    "government_identifier", "account_credentials", "precise_geolocation", "racial_or_ethnic_origin",
    "citizenship_or_immigration_status", "religious_or_philosophical_beliefs", "trade_union_membership", "genetic",
    "health", "sex_life_or_orientation"})


@rule(code="PL243", fixed_by_removal=True,
      name="no-sensitive-personal-information-contradicted", profile="core", severity="error",
      summary="The policy says it collects no sensitive personal information, and lists some.",
      citation="FTC Act s.5 (15 U.S.C. 45(a)(1)); Cal. Civ. Code 1798.140(ae)",
      citation_note="1798.140(ae) defines the sensitive personal information the claim denies. Financial account "
                    "and card numbers, biometric data and message contents are left out: the definition reaches "
                    "them only in combination with an access code, when processed to identify someone, or when "
                    "the business is not the intended recipient. Citizenship and immigration status were added by "
                    "AB 947 (2023); neural data, added in 2024, has no sensitive type in the schema.",
      rationale="\"We do not collect sensitive personal information\" beside passwords, precise location or health "
                "data tells Californians that their right to limit its use (1798.121) has nothing to bite on, "
                "when it does.",
      fails="""
        negative_statements:
          - {id: no-spi, claim: no_sensitive_personal_information}
        data_categories:
          - {id: account, label: Account login, sensitive_types: [account_credentials]}
      """,
      passes="""
        negative_statements:
          - {id: no-spi, claim: no_sensitive_personal_information}
        data_categories:
          - {id: card, label: Card number, sensitive_types: [financial_account]}
      """)
def no_sensitive_personal_information_contradicted(policy: Policy) -> Iterator[Violation]:
    yield from _sensitive_denials(policy, ("no_sensitive_personal_information",), CCPA_SENSITIVE_TYPES,
                                  "the sensitive personal information listed")


@rule(code="PL241", fixed_by_removal=True,
      name="no-cross-context-sharing-contradicted", profile="core", severity="warning",
      summary="The policy says it does not share data for cross-context behavioural advertising, and shares it "
              "with advertisers or lets their trackers run on its site.",
      citation="FTC Act s.5 (15 U.S.C. 45(a)(1)); Cal. Civ. Code 1798.140(ah), 1798.120",
      citation_note="A warning: `sharing_for_advertising` also covers disclosure for a recipient's own marketing, "
                    "which is not always cross-context behavioural advertising, and an advertising tracker run by "
                    "a third party may serve contextual ads only.",
      rationale="Under the CCPA \"sharing\" is making personal information available to a third party for "
                "cross-context behavioural advertising, with or without payment: a third party's advertising "
                "pixel on the site is the usual case. Denying it beside such a disclosure removes the reader's "
                "reason to opt out.",
      fails="""
        negative_statements:
          - {id: no-ccba, claim: no_sharing_for_cross_context_advertising}
        cookies:
          technologies:
            - {id: ad-pixel, technology: pixels, category: advertising, party: third, recipients: [ad-network]}
        recipients:
          - {id: ad-network, kind: advertiser, sharing_for_advertising: true}
      """,
      passes="""
        negative_statements:
          - {id: no-ccba, claim: no_sharing_for_cross_context_advertising, exceptions: {recipients: [ad-network]}}
        cookies:
          technologies:
            - {id: ad-pixel, technology: pixels, category: advertising, party: third, recipients: [ad-network]}
        recipients:
          - {id: ad-network, kind: advertiser, sharing_for_advertising: true}
      """)
def no_cross_context_sharing_contradicted(policy: Policy) -> Iterator[Violation]:
    advertising = [(path, r) for path, r in policy.items("recipients")
                   if r.get("sharing_for_advertising") or r["kind"] == "advertiser"]
    trackers = [(path, t) for path, t in _technologies(policy)
                if t.get("category") == "advertising" and t.get("party") in ("third", "both")]
    for path, statement in policy.denials("no_sharing_for_cross_context_advertising") if advertising or trackers \
            else ():
        covered = [(at, f"recipient '{r['id']}'") for at, r in advertising
                   if policy.denial_covers_recipient(statement, r)]
        covered += [(at, f"tracker '{t['id']}'") for at, t in trackers
                    if policy.denial_covers_technology(statement, t)]
        if covered:
            yield _contradiction(path, statement, covered,
                                 "disclosures to advertisers and third-party advertising trackers")


def _technologies(policy: Policy) -> list[tuple[JsonPath, Item]]:
    technologies = (policy.data.get("cookies") or {}).get("technologies", [])
    return [(("cookies", "technologies", i), t) for i, t in enumerate(technologies)]


@rule(code="PL244", fixed_by_removal=True,
      name="no-knowing-collection-from-children-contradicted", profile="core", severity="warning",
      summary="The policy says it does not knowingly collect data from children under an age, and describes "
              "collecting it from them with a parent's consent.",
      citation=SELF_CONTRADICTION,
      citation_note="A warning: a parental-consent statement may describe a procedure the organisation only "
                    "keeps in reserve. " + WHERE_GDPR,
      rationale="\"We do not knowingly collect information from anyone under 16\" beside \"we collect it from "
                "children under 16 with a parent's consent\" leaves parents unable to tell whether their children's "
                "data is held, and under which rules. A parental-consent age above the denial's (consent between "
                "13 and 16, no collection under 13) is consistent and not reported.",
      fails="""
        negative_statements:
          - {id: no-children, claim: no_knowing_collection_from_children, age: 16}
        children:
          statements:
            - {kind: parental_consent, age: 16}
      """,
      passes="""
        negative_statements:
          - {id: no-children, claim: no_knowing_collection_from_children, age: 13}
          - id: not-without-consent
            claim: no_knowing_collection_from_children
            age: 16
            exceptions: {conditions: [with_consent]}
        children:
          statements:
            - {kind: parental_consent, age: 16}
      """)
def no_knowing_collection_from_children_contradicted(policy: Policy) -> Iterator[Violation]:
    consents = [(("children", "statements", i), s) for i, s in
                enumerate((policy.data.get("children") or {}).get("statements", []))
                if s["kind"] == "parental_consent" and "age" in s]
    for path, statement in policy.denials("no_knowing_collection_from_children") if consents else ():
        if "with_consent" in (statement.get("exceptions") or {}).get("conditions", []):
            continue
        covered = [(at, f"children.statements[{at[2]}] (under {s['age']})") for at, s in consents
                   if s["age"] <= statement["age"]]
        if covered:
            yield _contradiction(path, statement, covered, f"statements that it collects data from "
                                 f"children under {statement['age']} with a parent's consent")


@rule(code="PL245", fixed_by_removal=True,
      name="tracking-denial-contradicted", profile="core", severity="warning",
      summary="The policy says it does not track individual users (or track them across sites), and describes "
              "advertising trackers, cross-site tracking by others, or profiling.",
      citation=SELF_CONTRADICTION,
      citation_note="A warning: an advertising tracker may serve contextual ads only, and whether the policy's "
                    "cross-site statement and its denial speak of the same party is a reading of the text. "
                    + WHERE_GDPR,
      rationale="\"We do not track what individual users read\" beside marketing cookies that \"may be used by "
                "third party components of the service to track the user across several websites\" cannot both "
                "be true; the reader who relies on the first is tracked. A denial about some tools (\"these tools "
                "do not record an individual user's session\") is held only against those tools.",
      fails="""
        negative_statements:
          - {id: no-tracking, claim: no_individual_tracking}
        cookies:
          technologies:
            - {id: marketing, technology: cookies, category: advertising, party: both}
          third_party_cross_site_tracking: {allowed: true}
      """,
      passes="""
        negative_statements:
          - {id: no-session-recording, claim: no_individual_tracking, technologies: [traffic-tools]}
          - {id: no-cross-site, claim: no_cross_site_tracking}
        cookies:
          technologies:
            - {id: traffic-tools, technology: analytics_tool, category: analytics}
            - {id: retargeting, technology: cookies, category: advertising, party: first}
          third_party_cross_site_tracking: {allowed: false}
      """)
def tracking_denial_contradicted(policy: Policy) -> Iterator[Violation]:
    cookies = policy.data.get("cookies") or {}
    cross_site = (cookies.get("third_party_cross_site_tracking") or {}).get("allowed")
    advertising = [(path, t) for path, t in _technologies(policy) if t.get("category") == "advertising"]
    profiling = policy.data.get("profiling") or {}
    for path, statement in policy.denials("no_individual_tracking", "no_cross_site_tracking"):
        individual = statement["claim"] == "no_individual_tracking"
        covered = [(at, f"advertising tracker '{t['id']}'") for at, t in advertising
                   if policy.denial_covers_technology(statement, t)
                   and (individual or t.get("party") in ("third", "both"))]
        if not statement.get("technologies"):  # a denial about some tools says nothing of the rest
            if cross_site:
                covered.append((("cookies", "third_party_cross_site_tracking", "allowed"),
                                "other parties allowed to track users across sites"))
            if individual and profiling.get("used") and _profiling_covered(policy, statement, profiling):
                covered.append((("profiling",), "profiling"))
        if covered:
            yield _contradiction(path, statement, covered, "the tracking the policy describes")


def _restriction_contradiction(path: JsonPath, restriction: Item, related: list[tuple[JsonPath, str]],
                               what: str) -> Violation:
    """A restriction contradicted by `related` (path, name) items the policy also states."""
    names = listed([name for _, name in related])
    return Violation(path, f"restriction '{restriction['id']}' ({restriction['kind']}) is contradicted by {what}: "
                           f"{names}", related=tuple(at for at, _ in related[:MAX_RELATED]))


def _own_ends(policy: Policy, path: JsonPath, recipient: Item,
              public_or_sold: bool = False) -> list[tuple[JsonPath, str]]:
    """Where the policy shows a recipient (at `path`) using data for its own ends; with `public_or_sold`, also a
    recipient that is the public, buys the data or gets it for advertising."""
    found = list(policy.own_ends.get(recipient["id"], []))
    if public_or_sold and not found and (recipient["kind"] in ("public", "advertiser") or recipient.get("sale")
                                         or recipient.get("sharing_for_advertising")):
        found.append((path, f"recipient '{recipient['id']}'"))
    return found


def _is_agent(recipient: Item) -> bool:
    """Whether a recipient is shown acting for the organisation: a processor or service provider not said to use
    data for its own purposes."""
    return not recipient.get("own_purposes") and (
        recipient.get("role") == "processor" or recipient.get("own_purposes") is False
        or recipient["kind"] == "service_provider")


@rule(code="PL246", fixed_by_removal=True,
      name="own-use-denial-contradicted", profile="core", severity="error",
      summary="The policy says its service providers may not use data for their own purposes (or that data is "
              "used only internally, or only on instructions), and shows a recipient using it for its own.",
      citation=SELF_CONTRADICTION,
      citation_note=WHERE_GDPR,
      rationale="\"They are not permitted to use your Personal Information for their own purposes\" beside a "
                "recipient the policy says may use data for its own purposes, or a purpose that recipient pursues, "
                "cannot both be true; the reader is told a processor relationship that the rest of the policy "
                "denies.",
      fails="""
        negative_statements:
          - {id: no-own-use, claim: no_processor_own_use, recipients: [vendors]}
        recipients:
          - {id: vendors, kind: service_provider, own_purposes: true}
        restrictions:
          - {id: internal-only, kind: internal_use_only}
      """,
      passes="""
        negative_statements:
          - {id: no-own-use, claim: no_processor_own_use, recipients: [vendors]}
        recipients:
          - {id: vendors, kind: service_provider, own_purposes: false}
          - {id: partners, kind: business_partner, own_purposes: true}
        restrictions:
          - {id: internal-only, kind: internal_use_only, exceptions: {recipients: [partners]}}
      """)
def own_use_denial_contradicted(policy: Policy) -> Iterator[Violation]:
    recipients = list(policy.items("recipients"))
    for path, statement in policy.denials("no_processor_own_use"):
        named = statement.get("recipients")
        scope = [(at, r) for at, r in recipients if (r["id"] in named if named else
                                                     r.get("role") == "processor" or r["kind"] == "service_provider")]
        covered = [found for at, r in scope if policy.denial_covers_recipient(statement, r)
                   for found in _own_ends(policy, at, r)]
        covered = list(dict.fromkeys(covered))  # a purpose two covered recipients pursue, once
        if covered:
            yield _contradiction(path, statement, covered, "recipients using data for their own ends")
    for path, restriction in policy.restrictions("only_as_instructed", "internal_use_only"):
        bound = restriction.get("binds")
        if restriction["kind"] == "only_as_instructed" and not bound:
            continue  # the organisation's own use on a customer's instructions: the model cannot tell whose data
        scope = [(at, r) for at, r in recipients if (not bound or r["id"] in bound)
                 and not policy.restriction_excepts_recipient(restriction, r)
                 and policy.restriction_covers_data(restriction, r.get("data_categories"))]
        internal = restriction["kind"] == "internal_use_only"
        covered = list(dict.fromkeys(found for at, r in scope
                                     for found in _own_ends(policy, at, r, public_or_sold=internal)))
        if covered:
            yield _restriction_contradiction(path, restriction, covered, "recipients using data for their own ends")


@rule(code="PL247", fixed_by_removal=True,
      name="personal-data-in-logs-claim-contradicted", profile="core", severity="info",
      summary="The policy says its logs hold no personal data, and the log data includes an identifier.",
      citation="FTC Act s.5 (15 U.S.C. 45(a)(1)); CJEU C-582/14 Breyer, ECLI:EU:C:2016:779",
      citation_note="Info only: under Breyer a dynamic IP address is personal data for a website operator that "
                    "has the legal means to identify the person with the access provider's help, so whether the "
                    "claim is false depends on facts the policy does not give.",
      rationale="\"None of the data we obtain in this manner is linked to any information that is personally "
                "identifiable\" said of logs that record IP addresses may be untrue: an IP address identifies a "
                "device, and often a person. The claim should say how the identifiers are kept apart, or go.",
      fails="""
        negative_statements:
          - {id: logs-anonymous, claim: no_personal_data_in_logs, data_categories: [logs]}
        data_categories:
          - id: logs
            label: Server logs
            items: [{id: ip, label: IP address, identifier: true}]
      """,
      passes="""
        negative_statements:
          - {id: logs-anonymous, claim: no_personal_data_in_logs, data_categories: [logs]}
        data_categories:
          - id: logs
            label: Server logs
            items: [{id: browser, label: Browser type, identifier: false}]
      """)
def personal_data_in_logs_claim_contradicted(policy: Policy) -> Iterator[Violation]:
    # An identifier in data the policy also calls anonymous or not linked to anyone is PL240's finding already.
    identifiers = [((*path, "items", j), f"{c['id']}/{item['id']}", item["label"])
                   for path, c in policy.items("data_categories")
                   for j, item in enumerate(c.get("items", [])) if item.get("identifier")
                   and not _claims_not_identifying(c) and not _claims_not_identifying(item)]
    logs = [t for _, t in _technologies(policy) if t["technology"] == "log_files"]
    for path, statement in policy.denials("no_personal_data_in_logs") if identifiers else ():
        data = statement.get("data_categories") or [ref for t in logs if policy.denial_covers_technology(statement, t)
                                                    for ref in t.get("data_categories", [])]
        covered = [(at, f"{ref} ({label})") for at, ref, label in identifiers
                   if data and data_overlaps(data, [ref]) and not _data_excepted(policy, statement, ref)]
        if covered:
            yield _contradiction(path, statement, covered, "identifiers in the log data")


def _claims_not_identifying(entry: Item) -> bool:
    """Whether a data category or item carries an unconditional claim that it identifies no one (PL240 reads it)."""
    claim = entry.get("identifiability") or {}
    return claim.get("claim") in NOT_IDENTIFYING and "condition" not in claim


@rule(code="PL248", fixed_by_removal=True,
      name="publication-denial-contradicted", profile="core", severity="error",
      summary="The policy says some data is not published (or is kept in confidence), and shows it published, or "
              "given to advertisers or buyers.",
      citation=SELF_CONTRADICTION,
      citation_note=WHERE_GDPR,
      rationale="\"We will not publish the author's email address\" or \"we hold the names and email addresses of "
                "subscribers in the strictest confidence\" beside the same data shown to the public, sold or "
                "handed to advertisers cannot both be true. Disclosures the statement excepts, and disclosures to "
                "those acting for the organisation, are not held against a promise of confidence.",
      fails="""
        data_categories:
          - {id: letters, label: Letters to the editor}
        negative_statements:
          - {id: not-published, claim: no_publication, data_categories: [letters]}
        recipients:
          - {id: readers, kind: public, data_categories: [letters]}
      """,
      passes="""
        data_categories:
          - {id: letters, label: Letters to the editor}
          - {id: subscribers, label: Subscribers}
        negative_statements:
          - {id: not-published, claim: no_publication, data_categories: [letters],
             exceptions: {recipients: [readers]}}
          - {id: confidential, claim: confidential, data_categories: [subscribers]}
        recipients:
          - {id: readers, kind: public, data_categories: [letters]}
          - {id: mailer, kind: service_provider, data_categories: [subscribers]}
      """)
def publication_denial_contradicted(policy: Policy) -> Iterator[Violation]:
    recipients = list(policy.items("recipients"))
    for path, statement in policy.denials("no_publication", "confidential"):
        confidential = statement["claim"] == "confidential"
        covered = [(at, f"recipient '{r['id']}' ({r['kind']})") for at, r in recipients
                   if (r["kind"] == "public" or (confidential and (
                       r["kind"] == "advertiser" or r.get("sale") or r.get("sharing_for_advertising"))))
                   and policy.denial_covers_recipient(statement, r)]
        if covered:
            yield _contradiction(path, statement, covered, "recipients to whom the data is made public, "
                                                                    "sold or given for advertising")


# What reads from or stores on the reader's device whatever it is used for (ePrivacy Directive Art. 5(3)); a log
# file is kept on the server, and pixels, scripts and tags may or may not store anything.
DEVICE_TECHNOLOGIES = frozenset({"cookies", "local_storage", "device_identifiers", "sdk"})


@rule(code="PL249", fixed_by_removal=True,
      name="no-device-access-contradicted", profile="core", severity="error",
      summary="The policy says nothing is read from or stored on the reader's device, and describes cookies, local "
              "storage, device identifiers or an SDK.",
      citation=f"{SELF_CONTRADICTION}; ePrivacy Directive 2002/58/EC Art. 5(3)",
      citation_note="Art. 5(3) says what storing information on, or reading it from, terminal equipment is; the "
                    "defect itself is the contradiction. " + WHERE_GDPR,
      rationale="Cookies and local storage are stored on the device, and device identifiers and SDKs read from it; "
                "\"we do not access your device\" beside them tells readers no consent question arises, when it "
                "does.",
      fails="""
        negative_statements:
          - {id: no-device, claim: no_device_access}
        cookies:
          technologies:
            - {id: prefs, technology: local_storage, category: functional}
      """,
      passes="""
        negative_statements:
          - {id: no-device, claim: no_device_access}
        cookies:
          technologies:
            - {id: logs, technology: log_files}
            - {id: checkout, technology: cookies, location: off_site}
      """)
def no_device_access_contradicted(policy: Policy) -> Iterator[Violation]:
    on_device = [(path, t) for path, t in _technologies(policy) if t["technology"] in DEVICE_TECHNOLOGIES]
    for path, statement in policy.denials("no_device_access") if on_device else ():
        covered = [(at, f"'{t['id']}' ({t['technology']})") for at, t in on_device
                   if policy.denial_covers_technology(statement, t)]
        if covered:
            yield _contradiction(path, statement, covered, "technologies that store on or read from "
                                                                    "the device")


# Purposes an exception condition allows: with consent, those resting on it; where the law requires, compliance;
# for protection, security and fraud; for the service requested, delivering it.
def _purpose_excepted(restriction: Item, purpose: Item) -> bool:
    exceptions = restriction.get("exceptions") or {}
    if purpose["id"] in exceptions.get("purposes", []):
        return True
    conditions = set(exceptions.get("conditions", []))
    bases = set(purpose.get("legal_bases", []))
    return bool(("with_consent" in conditions and (purpose.get("consent") == "opt_in" or "consent" in bases))
                or ("legal_requirement" in conditions and (purpose.get("kind") == "legal_compliance"
                                                           or "legal_obligation" in bases))
                or ("protection" in conditions and purpose.get("kind") == "security_fraud")
                or ("requested_service" in conditions and purpose.get("kind") == "service_delivery"))


@rule(code="PL250", fixed_by_removal=True,
      name="purpose-restriction-contradicted", profile="core", severity="error",
      summary="The policy says some data is used only for some purposes, and uses it (or has it used) for others.",
      citation=SELF_CONTRADICTION,
      citation_note=WHERE_GDPR + " A restriction that describes its purposes only in words (\"its original "
                                 "purpose\") is not evaluated.",
      rationale="\"This data is used only for the purposes of detection ... of such Violations\" beside a "
                "recommendations purpose that uses the same data cannot both be true; the reader is promised a "
                "purpose limitation the rest of the policy breaks. With `binds`, the restriction limits what those "
                "recipients may do, and their own purposes are held against it.",
      fails="""
        data_categories:
          - {id: cheat-data, label: Cheat detection data}
        purposes:
          - {id: detection, description: Detecting cheating, data_categories: [cheat-data]}
          - {id: recommendations, description: Recommendations, data_categories: [cheat-data]}
        restrictions:
          - {id: detection-only, kind: only_purposes, data_categories: [cheat-data], purposes: [detection]}
      """,
      passes="""
        data_categories:
          - {id: cheat-data, label: Cheat detection data}
        purposes:
          - {id: detection, description: Detecting cheating, data_categories: [cheat-data]}
          - {id: court, description: Court orders, kind: legal_compliance, data_categories: [cheat-data]}
        restrictions:
          - id: detection-only
            kind: only_purposes
            data_categories: [cheat-data]
            purposes: [detection]
            exceptions: {conditions: [legal_requirement]}
      """)
def purpose_restriction_contradicted(policy: Policy) -> Iterator[Violation]:
    purposes = {p["id"]: (path, p) for path, p in policy.items("purposes")}
    for path, restriction in policy.restrictions("only_purposes"):
        allowed = set(restriction.get("purposes", []))
        if not allowed:
            continue
        bound = set(restriction.get("binds", []))
        found: dict[JsonPath, str] = {}
        for at, purpose in purposes.values():
            pursuers = set(purpose.get("recipients", [])) if purpose.get("pursued_by") in ("recipients", "joint") \
                else set()
            if bound and not bound & pursuers:
                continue  # the restriction limits those recipients, and this purpose is not theirs
            if purpose["id"] not in allowed and not _purpose_excepted(restriction, purpose) \
                    and policy.restriction_covers_data(restriction, purpose.get("data_categories")):
                found[at] = f"purpose '{purpose['id']}'"
        for at, recipient in policy.items("recipients"):
            if ((bound and recipient["id"] not in bound)
                    or policy.restriction_excepts_recipient(restriction, recipient)
                    or not policy.restriction_covers_data(restriction, recipient.get("data_categories"))):
                continue
            outside = [p for p in recipient.get("purposes", []) if p not in allowed
                       and not (p in purposes and _purpose_excepted(restriction, purposes[p][1]))]
            if outside and not all(p in purposes and purposes[p][0] in found for p in outside):
                found[at] = f"recipient '{recipient['id']}' (for {', '.join(outside)})"
        if found:
            yield _restriction_contradiction(path, restriction, list(found.items()), "other purposes using that data")


@rule(code="PL251", fixed_by_removal=True,
      name="recipient-restriction-contradicted", profile="core", severity="warning",
      summary="The policy says some data goes only to some recipients, and lists others receiving it.",
      citation=SELF_CONTRADICTION,
      citation_note="A warning: the policy's categories of recipients may overlap (a payment processor may be one "
                    "of \"our contractors and agents\"), so a recipient acting only for the organisation is not "
                    "held against a restriction that allows such recipients. " + WHERE_GDPR,
      rationale="\"We share your information only with our couriers\" beside an advertising network receiving it "
                "cannot both be true; the reader is told the data stays within a circle it leaves.",
      fails="""
        restrictions:
          - {id: couriers-only, kind: only_recipients, recipients: [couriers]}
        recipients:
          - {id: couriers, kind: shipping_carrier}
          - {id: ad-network, kind: advertiser, own_purposes: true}
      """,
      passes="""
        restrictions:
          - id: agents-only
            kind: only_recipients
            recipients: [agents]
            exceptions: {conditions: [legal_requirement]}
        recipients:
          - {id: agents, kind: service_provider, own_purposes: false}
          - {id: payments, kind: payment_processor, role: processor}
          - {id: police, kind: public_authority}
      """)
def recipient_restriction_contradicted(policy: Policy) -> Iterator[Violation]:
    recipients = list(policy.items("recipients"))
    by_id = {r["id"]: r for _, r in recipients}
    for path, restriction in policy.restrictions("only_recipients"):
        allowed = set(restriction.get("recipients", [])) | set(
            (restriction.get("exceptions") or {}).get("recipients", []))
        if not restriction.get("recipients") or restriction.get("binds"):
            continue  # what bound recipients pass on, the policy's recipients do not show
        agents_allowed = any(_is_agent(by_id[r]) for r in allowed if r in by_id)
        covered = [(at, f"recipient '{r['id']}'") for at, r in recipients
                   if r["id"] not in allowed and not policy.restriction_excepts_recipient(restriction, r)
                   and not (agents_allowed and _is_agent(r))
                   and policy.restriction_covers_data(restriction, r.get("data_categories"))]
        if covered:
            yield _restriction_contradiction(path, restriction, covered, "other recipients of that data")


REQUIRED = frozenset({"necessary_for_service", "contractual", "statutory"})


@rule(code="PL252", fixed_by_removal=True,
      name="no-real-name-required-contradicted", profile="core", severity="warning",
      summary="The policy says no real name is required, and says a name must be provided.",
      citation=SELF_CONTRADICTION,
      citation_note="A warning: a required name may be a billing name for one service while the denial speaks of "
                    "another; a denial limited to purposes is held only against requirements for them. "
                    + WHERE_GDPR,
      rationale="\"We do not require you to provide your real name\" beside a requirement to give one leaves "
                "readers unable to tell whether they can stay pseudonymous. Names are found by their fideslang "
                "key (user.name).",
      fails="""
        negative_statements:
          - {id: no-real-name, claim: no_real_name_required}
        data_categories:
          - id: account
            label: Account data
            items: [{id: full-name, label: full name, fideslang: user.name}]
        provision_requirements:
          - {requirement: necessary_for_service, data_categories: [account]}
      """,
      passes="""
        negative_statements:
          - {id: no-real-name, claim: no_real_name_required, purposes: [signup]}
        data_categories:
          - id: account
            label: Account data
            items: [{id: full-name, label: full name, fideslang: user.name}]
        provision_requirements:
          - {requirement: necessary_for_service, data_categories: [account], purposes: [billing]}
      """)
def no_real_name_required_contradicted(policy: Policy) -> Iterator[Violation]:
    names = [c["id"] for c in policy.data["data_categories"] if _is_name(c)]
    names += [f"{c['id']}/{item['id']}" for c in policy.data["data_categories"] for item in c.get("items", [])
              if _is_name(item)]
    requirements = [(("provision_requirements", i), req)
                    for i, req in enumerate(policy.data.get("provision_requirements") or [])
                    if req["requirement"] in REQUIRED and req.get("data_categories")]
    for path, statement in policy.denials("no_real_name_required") if names and requirements else ():
        covered = []
        for at, req in requirements:
            purposes = set(req.get("purposes", []))
            outside = statement.get("purposes") and purposes and not set(statement["purposes"]) & purposes
            if outside or purposes & set((statement.get("exceptions") or {}).get("purposes", [])):
                continue
            named = [ref for ref in names if data_overlaps(req["data_categories"], [ref])]
            if named:
                covered.append((at, f"provision_requirements[{at[1]}] ({req['requirement']}: {', '.join(named)})"))
        if covered:
            yield _contradiction(path, statement, covered, "requirements to provide a name")


def _is_name(entry: Item) -> bool:
    key = entry.get("fideslang", "")
    return key == "user.name" or key.startswith("user.name.")
