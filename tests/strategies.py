"""Hypothesis strategies for schema-valid policies, composed from the schema's own parts.

Enumerations are read from the published schema, so a value added to an enum is generated without touching this
file. References (a purpose's data categories, a right's contacts, the DPF's covered entities) point at ids the same
policy declares. Awkward cases come for free: empty lists, unicode, optional sections present or absent.

`policies()` draws ordinary and maximal policies. A maximal policy has every optional key and non-empty lists whose
enum-keyed items take distinct values, so every value of every enum is generated within a few dozen examples (the
ordinary ones alone would leave values deep in optional sections to luck: hypothesis favours small examples).
"""

from __future__ import annotations

import string
from collections.abc import Callable
from functools import cache
from typing import Any

from hypothesis import strategies as st

from policylint.rules.core import REFERENCE_FIELDS  # which fields hold references, and to what
from policylint.schema import load_schema

SCHEMA = load_schema()
DEFS = SCHEMA["$defs"]
Strategy = st.SearchStrategy
Fields = dict[str, Strategy[Any]]


def enum_values(*path: str) -> list[str]:
    """The values of the enum at a path in the schema's $defs, e.g. enum_values("contact", "properties", "kind")."""
    node: Any = DEFS
    for part in path:
        node = node[part]
    return list(node["enum"])


@cache
def enum(*path: str) -> Strategy[str]:
    return st.sampled_from(enum_values(*path))


# Text: ASCII plus the characters that break naive code - accents, CJK, right-to-left, emoji, a combining mark,
# typographic quotes, and YAML's own punctuation. A fixed alphabet generates much faster than all of unicode.
_ALPHABET = (string.ascii_letters + string.digits + " .,;:!?'\"-_/&()[]{}#*%@|>~<=+"
             + "éüßçøñÅ\u0301中文字カナ한국אבגعربي🙂🔒\u2014\u2013\u2018\u2019\u201c\u201d\u00a0")
text = st.text(_ALPHABET, min_size=1, max_size=16).filter(lambda s: s.strip() != "")
ids = st.from_regex(r"[a-z0-9][a-z0-9-]{0,8}", fullmatch=True)
country = st.one_of(st.sampled_from(["US", "GB", "NL", "BR", "CA", "DE", "FR", "IE"]),
                    st.from_regex(r"[A-Z]{2}", fullmatch=True))
region = st.one_of(country, st.sampled_from(["EU", "EEA", "WORLDWIDE", "US-CA", "CA-QC"]))
url = st.builds(
    lambda scheme, host, tld, path: f"{scheme}{host}.{tld}{path}",
    st.sampled_from(["", "http://", "https://"]),
    st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True),
    st.sampled_from(["com", "org", "co.uk", "tech"]),
    st.sampled_from(["", "/", "/privacy", "/a/b?x=1#y"]),
)
email = st.builds(lambda local, host: f"{local}@{host}.com",
                  st.from_regex(r"[a-z0-9._%+-]{1,10}", fullmatch=True),
                  st.from_regex(r"[a-z0-9-]{1,10}", fullmatch=True))
phone = st.one_of(st.from_regex(r"\+?[0-9][0-9 ().-]{6,14}", fullmatch=True), st.just("(+45) 89 88 7227"))
fideslang_key = st.from_regex(r"user(\.[a-z_]{1,8}){0,3}", fullmatch=True)
# fideslang data-use and data-subject keys: real ones and a made-up one (the schema checks only their form).
fideslang_use = st.sampled_from(["essential.service", "marketing.communications.email", "analytics", "no_such.use"])
fideslang_subject = st.sampled_from(["customer", "job_applicant", "visitor", "no_such_subject"])
age = st.integers(0, 25)


@st.composite
def partial_date(draw: st.DrawFn) -> str:
    year = draw(st.integers(1995, 2035))
    precision = draw(st.sampled_from(["year", "month", "day"]))
    if precision == "year":
        return f"{year:04d}"
    month = draw(st.integers(1, 12))
    if precision == "month":
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{draw(st.integers(1, 28)):02d}"


@st.composite
def duration(draw: st.DrawFn) -> str:
    units = draw(st.lists(st.sampled_from("YMWD"), min_size=1, max_size=2, unique=True))
    return "P" + "".join(f"{draw(st.integers(1, 99))}{unit}" for unit in sorted(units, key="YMWD".index))


# References are drawn as indexes and resolved to the policy's own ids once it is drawn (`_resolve_references`).
ref = st.lists(st.integers(0, 7), max_size=3)
_DISTINCT = 4  # how many distinct enum values a maximal list takes


def _build(maximal: bool, group: tuple[str, ...] | None = None) -> Strategy[dict[str, Any]]:
    """The policy strategy; `maximal` makes every optional key present and every list non-empty.

    A maximal policy has hundreds of fields: its texts and lists are kept short so that one example stays within
    hypothesis's budget of choices (past it, hypothesis discards the example and retries).
    """
    text = st.text(_ALPHABET, min_size=1, max_size=4).filter(str.strip) if maximal else globals()["text"]
    evidence = st.one_of(text, st.lists(text, min_size=1, max_size=1 if maximal else 3))
    list_cap = 2 if maximal else 3

    def obj(required: Fields, optional: Fields | None = None) -> Strategy[dict[str, Any]]:
        if maximal:
            return st.fixed_dictionaries({**required, **(optional or {})})
        return st.fixed_dictionaries(required, optional=optional or {})

    def claim(required: Fields, optional: Fields | None = None) -> Strategy[dict[str, Any]]:
        """An object that may carry evidence and an encoder's note (in a maximal policy too: neither is rendered,
        and drawing them for every claim would push a maximal policy past hypothesis's budget of choices)."""
        provenance = {"evidence": evidence, "note": text}
        if maximal:
            return st.fixed_dictionaries({**required, **(optional or {})}, optional=provenance)
        return obj(required, {**(optional or {}), **provenance})

    def many(element: Strategy[Any], max_size: int = 3, **kwargs: Any) -> Strategy[list[Any]]:
        return st.lists(element, min_size=1 if maximal else 0, max_size=min(max_size, list_cap), **kwargs)

    def enum_set(*path: str, max_size: int = 3) -> Strategy[list[str]]:
        """Distinct values of an enum."""
        values = enum_values(*path)
        if maximal:
            return st.permutations(values).map(lambda order: order[:_DISTINCT])
        return st.lists(st.sampled_from(values), max_size=max_size, unique=True)

    def each_of(field: str, values: list[str], build: Callable[[Fields], Strategy[dict[str, Any]]],
                max_size: int = 3, distinct: int = _DISTINCT) -> Strategy[list[dict[str, Any]]]:
        """Items keyed by an enum `field`; in a maximal policy with distinct values. Ids are made unique."""
        variants = {value: build({field: st.just(value)}) for value in values}

        @st.composite
        def items(draw: st.DrawFn) -> list[dict[str, Any]]:
            if maximal:
                chosen = draw(st.permutations(values))[:distinct]
            else:
                chosen = draw(st.lists(st.sampled_from(values), max_size=max_size))
            drawn = [draw(variants[value]) for value in chosen]
            for position, item in enumerate(drawn):
                if "id" in item:
                    item["id"] = f"{item['id']}-{position}"
            return drawn

        return items()

    def unique_by_id(element: Strategy[dict[str, Any]], max_size: int = 3) -> Strategy[list[dict[str, Any]]]:
        return many(element, max_size=max_size, unique_by=lambda item: item["id"])

    durations = duration()
    dated = claim({"date": partial_date()})
    linked = claim({}, {"text": text, "url": url, "omits": many(text, 2)})
    postal_address = obj({"lines": st.lists(text, min_size=1, max_size=4)}, {"country": country})
    texts = many(text)
    channel_extras = {"address": postal_address, "attention": text, "evidence": evidence, "note": text}
    channel_values = {"email": email, "website": url, "web_form": url, "phone": phone, "fax": phone}
    channel = st.one_of(
        *[obj({"type": st.just(kind), "value": channel_values.get(kind, text)}, channel_extras)
          for kind in enum_values("channel", "properties", "type")],
        obj({"type": enum("channel", "properties", "type"), "unusable": enum("channel", "properties", "unusable"),
             "value": st.sampled_from(["[email protected]", "please contact us as follows:", "n/a"])}, channel_extras),
    )
    fee = claim({"kind": enum("fee", "properties", "kind")},
                {"amount": text, "grounds": enum_set("fee", "properties", "grounds", "items", max_size=2)})
    response_time = claim({"commitment": enum("response_time", "properties", "commitment")},
                          {"period": durations, "extension": durations, "extension_condition": text})
    method = claim({"kind": enum("exercise_method", "properties", "kind")},
                   {"description": text, "url": url, "exclusive": st.booleans(), "label": text, "hedge": text,
                    "scope": enum_set("exercise_method", "properties", "scope", "items", max_size=2)})
    exceptions = claim({}, {"recipients": ref, "purposes": ref, "text": text,
                            "conditions": enum_set("claim_exceptions", "properties", "conditions", "items")})

    retention_limit = claim(  # one part of a combined retention statement
        {"kind": enum("retention_limit", "properties", "kind")},
        {"period": durations, "event": text, "criteria": text})

    def retention_of(fixed: Fields) -> Strategy[dict[str, Any]]:
        needs = {"period": ("period", durations), "after_inactivity": ("period", durations),
                 "until_event": ("event", text), "criteria": ("criteria", text),
                 "schedule_reference": ("schedule", obj({"title": text}, {"published": st.booleans(), "url": url,
                                                                          "how_to_obtain": text}))}
        required = dict(fixed)
        kind = fixed["kind"].value  # type: ignore[attr-defined]
        if kind in needs:
            required[needs[kind][0]] = needs[kind][1]
        if kind == "combined":
            required["combine"] = enum("retention_statement", "properties", "combine")
            required["parts"] = st.lists(retention_limit, min_size=2, max_size=2 if maximal else 3)
        optional = {"applies_to": ref, "period": durations, "event": text, "criteria": text,
                    "bound": enum("retention_statement", "properties", "bound"), "hedge": text,
                    "grace_period": durations,
                    "disposal": enum_set("retention_statement", "properties", "disposal", "items", max_size=2),
                    "combine": enum("retention_statement", "properties", "combine"),
                    "purposes": ref, "technologies": ref, "audiences": ref, "scope_text": text}
        return claim(required, {k: v for k, v in optional.items() if k not in required})

    negative_scope = {"qualification": text, "hedge": text, "lookback": durations, "purposes": ref, "recipients": ref,
                      "technologies": ref,
                      "technique": text, "via": text, "audiences": ref, "exceptions": exceptions}

    def negative_of(fixed: Fields) -> Strategy[dict[str, Any]]:
        if fixed["claim"].value == "no_knowing_collection_from_children":  # type: ignore[attr-defined]
            return claim({"id": ids, **fixed, "age": age}, {**negative_scope, "data_categories": ref})
        return claim({"id": ids, **fixed}, {**negative_scope, "data_categories": ref, "age": age})

    scoped_role = claim({"role": enum("processing_role"), "scope": text})
    entity = claim({"id": ids, "legal_name": text},
                   {"country": country, "address": postal_address,
                    "roles": st.tuples(enum_set("processing_role", max_size=2), many(scoped_role, 2)).map(
                        lambda both: [*both[0], *both[1]])})

    def contact_of(fixed: Fields) -> Strategy[dict[str, Any]]:
        represents = {"represents_in": st.lists(region, min_size=1, max_size=2)}
        representative = fixed["kind"].value == "representative"  # type: ignore[attr-defined]
        return claim({"id": ids, **fixed, "channels": many(channel), **(represents if representative else {})},
                     {"name": text, "for": texts, **({} if representative else represents)})

    contacts = each_of("kind", enum_values("contact", "properties", "kind"), contact_of)
    identifiability = claim({"claim": enum("identifiability_claim", "properties", "claim")},
                            {"hedge": text, "condition": text})
    data_item = claim({"id": ids, "label": text},
                      {"identifier": st.booleans(), "fideslang": fideslang_key, "condition": text,
                       "sensitive_types": enum_set("sensitive_type", max_size=2),
                       "ccpa_category": enum("ccpa_category"),
                       "identifiability": identifiability})
    source = claim({"kind": enum("data_source", "properties", "kind")},
                   {"named": texts, "description": text, "countries": many(region, 2)})
    category = claim({"id": ids, "label": text},
                     {"examples": texts, "sensitive_types": enum_set("sensitive_type"), "sources": many(source, 2),
                      "fideslang": fideslang_key, "ccpa_category": enum("ccpa_category"),
                      "items": many(data_item, 2, unique_by=lambda item: item["id"]),
                      "identifiability": identifiability, "audiences": ref, "excludes": texts,
                      "collected_when": text})
    basis_statement = claim({"basis": enum("legal_basis")},
                            {"cited": text, "condition": text, "alternative": st.booleans()})
    purpose = claim({"id": ids, "description": text},
                    {"kind": enum("purpose", "properties", "kind"), "fideslang": fideslang_use,
                     "pursued_by": enum("purpose", "properties", "pursued_by"), "recipients": ref,
                     "data_categories": ref, "all_data": st.booleans(), "legal_bases": enum_set("legal_basis"),
                     "legitimate_interest": text,
                     "special_category_conditions": enum_set("special_category_condition", max_size=2),
                     "consent": enum("purpose", "properties", "consent"),
                     "legal_basis_statements": many(basis_statement, 2), "audiences": ref, "hedge": text})
    named = claim({"name": text}, {"country": country})
    recipients = each_of("kind", enum_values("recipient", "properties", "kind"), lambda fixed: claim(
        {"id": ids, **fixed},
        {"description": text, "named": many(named, 2), "data_categories": ref, "purposes": ref,
         "countries": many(region, 2), "condition": text, "own_purposes": st.booleans(), "sale": st.booleans(),
         "sharing_for_advertising": st.booleans(), "role": enum("recipient", "properties", "role"),
         "hosting": many(region, 2), "url": url, "hedge": text, "transfers_outside": st.booleans(),
         "purpose_text": text}))
    right_statements = each_of("right", enum_values("right_kind"), lambda fixed: claim(
        fixed, {"description": text, "conditions": text, "contacts": ref, "methods": many(method, 2), "fee": fee,
                "response_time": response_time, "residents_of": st.lists(region, min_size=1, max_size=2),
                "condition_kinds": enum_set("right", "properties", "condition_kinds", "items"), "cited": text,
                "audiences": ref}),
        max_size=5, distinct=6)  # two dozen kinds of right
    rights = claim({"statements": right_statements},
                   {"contacts": ref, "fees": many(fee, 2), "response_times": many(response_time, 2),
                    "verification": linked,
                    "authorised_agents": claim({"allowed": st.booleans()}, {"description": text}),
                    "conditions": many(claim({"text": text}, {"kinds": enum_set("rights_condition", "properties",
                                                                                 "kinds", "items")}), 2),
                    "recipient_notification": linked})
    authority = claim({"name": text}, {"country": region, "channels": many(channel, 2), "precondition": text})
    complaints = obj({}, {"internal": claim({}, {"contacts": ref, "description": text}),
                          "supervisory_authorities": many(authority, 2), "right_to_complain": linked})
    transfers = each_of("mechanism", enum_values("transfer", "properties", "mechanism"), lambda fixed: claim(
        fixed, {"destination": region, "destination_outside": st.lists(region, min_size=1, max_size=2),
                "recipients": ref, "origin": many(region, 2), "stated_basis": text, "copy_available": text,
                "url": url}),
        max_size=2)
    onward_transfer = claim({}, {"requirements": enum_set("onward_transfer", "properties", "requirements", "items",
                                                          max_size=4),
                                 "principles_named": text,
                                 "liability": enum("onward_transfer", "properties", "liability"),
                                 "requirements_any_of": st.booleans(), "hedge": text})
    dpf_path = ("dpf", "properties")
    dpf = claim({"participates": st.booleans()},
                {"programs": enum_set(*dpf_path, "programs", "items"), "covered_entities": ref,
                 "entity_statements": many(claim({"entities": ref, "status": enum(
                     *dpf_path, "entity_statements", "items", "properties", "status")}), 2),
                 "commitment_to_principles": linked, "principles_govern": linked, "dpf_list_link": linked,
                 "dpf_website_link": linked,
                 "recourse_bodies": st.lists(claim({"name": text}, {
                     "kind": enum(*dpf_path, "recourse_bodies", "items", "properties", "kind"),
                     "programs": enum_set(*dpf_path, "recourse_bodies", "items", "properties", "programs", "items"),
                     "url": url, "free_of_charge": st.booleans()}), min_size=1, max_size=3),
                 "enforcement_authorities": many(claim({"authority": enum(
                     *dpf_path, "enforcement_authorities", "items", "properties", "authority")}), 2),
                 "binding_arbitration": linked, "public_authority_disclosure": linked,
                 "onward_transfer_liability": linked, "complaint_contacts": ref})
    technology_path = ("tracking_technology", "properties")
    technologies = each_of("technology", enum_values(*technology_path, "technology"), lambda fixed: claim(
        {"id": ids, **fixed}, {"category": enum(*technology_path, "category"), "purposes": ref, "name": text,
                               "party": enum(*technology_path, "party"), "provider": text, "description": text,
                               "can_be_disabled": st.booleans(), "recipients": ref,
                               "location": enum(*technology_path, "location"), "data_categories": ref,
                               "hedge": text}))
    cookies = claim({}, {"technologies": technologies, "consent": enum("cookies", "properties", "consent"),
                         "controls": many(method, 2), "cookie_policy": linked,
                         "do_not_track": claim({"response": enum("cookies", "properties", "do_not_track",
                                                                 "properties", "response")}),
                         "third_party_cross_site_tracking": claim({"allowed": st.booleans()})})
    children = obj({"statements": each_of(
        "kind", enum_values("children", "properties", "statements", "items", "properties", "kind"),
        lambda fixed: claim(fixed, {"age": age, "contacts": ref, "description": text}))})
    automated_decision_making = claim({"used": st.booleans()},
                                      {"hedge": text, "profiling": st.booleans(), "examples": texts, "logic": text,
                                       "significance": text, "safeguards": text,
                                       "safeguard_kinds": enum_set("automated_decision_making", "properties",
                                                                   "safeguard_kinds", "items")})
    security = obj({"measures": each_of(
        "kind", enum_values("security", "properties", "measures", "items", "properties", "kind"),
        lambda fixed: claim(fixed, {"description": text}), max_size=4)},
        {"disclaimer": linked, "breach_notification": claim({}, {
            "notifies": enum_set("security", "properties", "breach_notification", "properties", "notifies", "items"),
            "period": durations, "description": text})})
    changes = obj({}, {"consent_required": linked, "notification": each_of(
        "method", enum_values("changes", "properties", "notification", "items", "properties", "method"),
        lambda fixed: claim(fixed, {"applies_to": text, "hedge": text})), "review": linked,
        "binding_by_use": linked, "reserved_right": linked})
    provisions = each_of("requirement", enum_values("provision_requirement", "properties", "requirement"),
                         lambda fixed: claim(fixed, {"consequences": text, "data_categories": ref, "purposes": ref,
                                                     "hedge": text}), max_size=2)
    categories_statement = claim({"categories": ref})
    california = obj({}, {"shine_the_light": claim({"policy": enum("california", "properties", "shine_the_light",
                                                                     "properties", "policy")}, {"contacts": ref}),
                          "sold_or_shared_categories": categories_statement, "sold_categories": categories_statement,
                          "shared_categories": categories_statement, "collected_categories": categories_statement,
                          "disclosed_for_business_purpose": categories_statement,
                          "minors_under_16": linked, "opt_out_preference_signal": linked,
                          "categories_not_collected": claim({"ccpa_categories": st.lists(
                              enum("ccpa_category"), min_size=1, max_size=3, unique=True)})})
    notices = each_of("topic", enum_values("notice", "properties", "topic"),
                      lambda fixed: claim({**fixed, "text": text}, {"url": url}))
    empty_lists = each_of("section", enum_values("empty_list", "properties", "section"),
                          lambda fixed: claim({**fixed, "introduction": text}), max_size=2)
    registration = claim({"number": text}, {"register": text, "country": country})
    organisation = claim({"name": text},
                         {"legal_name": text, "trading_names": texts, "registration_numbers": many(registration, 2),
                          "entities": unique_by_id(entity), "address": postal_address, "website": url})
    document = obj({"title": text},
                   {"url": url, "language": st.sampled_from(["en", "en-GB", "de", "pt-BR", "nl"]),
                    "effective_date": dated, "last_updated": dated, "as_of": dated, "version": text,
                    "status": st.sampled_from(enum_values("document", "properties", "status")),
                    "evidence": evidence, "note": text})
    def framework_of(fixed: Fields) -> Strategy[dict[str, Any]]:
        named = {"name": text}  # required for `other`, optional for the rest
        other = fixed["framework"].value == "other"  # type: ignore[attr-defined]
        return claim({**fixed, **(named if other else {})},
                     {"stance": enum("framework_declaration", "properties", "stance"), **({} if other else named)})

    frameworks = each_of("framework", enum_values("framework"), framework_of, max_size=4)
    negative_statements = each_of("claim", enum_values("negative_statement", "properties", "claim"), negative_of)
    # Kept small in a maximal policy (two laws, three reasons each): a larger one pushes the fields drawn after it
    # past hypothesis's budget of choices, where they get their simplest values and some enum values go unseen.
    reason_kinds = enum_values("applicability_reason", "properties", "kind")
    reasons = (st.permutations(reason_kinds).map(lambda order: order[:3]) if maximal
               else st.lists(st.sampled_from(reason_kinds), min_size=1, max_size=2)).flatmap(
        lambda kinds: st.tuples(*(obj({"kind": st.just(k)}, {"region": region, "description": text})
                                  for k in kinds)).map(list))
    laws = enum_values("framework")
    applicability = (st.permutations(laws).map(lambda order: order[:2]) if maximal
                     else st.lists(st.sampled_from(laws), max_size=2)).flatmap(
        lambda chosen: st.tuples(*(obj({"law": st.just(law), "applies": st.booleans(), "reasons": reasons,
                                        "assessed_by": enum("law_applicability", "properties", "assessed_by"),
                                        **({"name": text} if law == "other" else {})},
                                       {"note": text, **({} if law == "other" else {"name": text})})
                                   for law in chosen)).map(list))
    retention = each_of("kind", enum_values("retention_statement", "properties", "kind"), retention_of)
    audiences = unique_by_id(claim({"id": ids, "label": text}, {"fideslang": fideslang_subject}))
    policy_bases = many(claim({"basis": enum("legal_basis")}, {"description": text, "cited": text}), 2)
    restrictions = each_of("kind", enum_values("restriction", "properties", "kind"), lambda fixed: claim(
        {"id": ids, **fixed}, {"data_categories": ref, "purposes": ref, "recipients": ref,
                               "binds": ref, "limited_to": text, "hedge": text,
                               "exceptions": exceptions}), max_size=2)
    profiling = claim({"used": st.booleans()}, {"hedge": text, "purposes": ref, "description": text,
                                                 "pursued_by": enum("purpose", "properties", "pursued_by"),
                                                 "recipients": ref})
    defects = st.lists(obj({"kind": enum("source", "properties", "capture_defects", "items", "properties", "kind"),
                            "text": text}, {"note": text}), min_size=1, max_size=2)
    # The source text itself is never drawn: `check` reports it missing, which the properties that run `check` on
    # generated policies expect of nothing else (tests that need a real source write one).
    source = obj({"path": st.just("sources/policy.txt"), "sha256": st.just("0" * 64)},
                 {"retrieved": partial_date(), "note": text, "capture_defects": defects})

    required = {
        "schema_version": st.sampled_from(["2.0", "2.1", "2.12"]),
        "document": document,
        "organisation": organisation,
        "contacts": contacts,
        "frameworks": frameworks,
        "data_categories": unique_by_id(category, max_size=4),
        "purposes": unique_by_id(purpose),
        "recipients": recipients,
        "negative_statements": negative_statements,
        "retention": retention,
    }
    sections = {
        "rights": rights, "complaints": complaints, "transfers": transfers, "onward_transfer": onward_transfer,
        "dpf": dpf, "cookies": cookies, "children": children,
        "automated_decision_making": automated_decision_making, "security": security, "changes": changes,
        "provision_requirements": provisions, "california": california, "notices": notices,
        "empty_lists": empty_lists, "applicability": applicability, "audiences": audiences,
        "legal_bases": policy_bases, "recipients_closed": claim({}, {"exceptions": text, "hedge": text}),
        "restrictions": restrictions, "profiling": profiling, "source": source,
    }
    if not maximal:
        return st.fixed_dictionaries(required, optional=sections).map(_resolve_references)
    # A maximal policy has every optional section of one group, all at their fullest. All sections at once are past
    # hypothesis's budget of choices: it discards such examples (or gives their last fields the simplest values), so
    # the sections drawn last would rarely be seen. Every group is drawn about as often as the others.
    return st.one_of(*(st.fixed_dictionaries({**required, **{key: sections[key] for key in chosen}})
                       for chosen in MAXIMAL_GROUPS if group in (None, chosen))).map(_resolve_references)


# The optional sections of a maximal policy, in groups of about the same size.
MAXIMAL_GROUPS = (
    ("rights", "complaints", "transfers", "onward_transfer", "dpf", "source"),
    ("cookies", "children", "profiling"),
    ("changes", "provision_requirements", "california", "notices", "empty_lists", "security"),
    ("applicability", "audiences", "legal_bases", "recipients_closed", "restrictions", "automated_decision_making"),
)


def _resolve_references(policy: dict[str, Any]) -> dict[str, Any]:
    """Turn index placeholders into ids the policy declares (index modulo the pool; none when the pool is empty)."""
    items = [f"{c['id']}/{item['id']}" for c in policy["data_categories"] for item in c.get("items", [])]
    pools = {"data_categories": [c["id"] for c in policy["data_categories"]] + items,
             "audiences": [a["id"] for a in policy.get("audiences", [])],
             "technologies": [t["id"] for t in (policy.get("cookies") or {}).get("technologies", [])],
             "contacts": [c["id"] for c in policy["contacts"]],
             "purposes": [p["id"] for p in policy["purposes"]],
             "entities": [e["id"] for e in policy["organisation"].get("entities", [])],
             "recipients": [r["id"] for r in policy["recipients"]]}

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in REFERENCE_FIELDS and isinstance(value, list) and all(isinstance(v, int) for v in value):
                    pool = pools[REFERENCE_FIELDS[key]]
                    node[key] = list(dict.fromkeys(pool[i % len(pool)] for i in value)) if pool else []
                else:
                    visit(value)
        elif isinstance(node, list):
            for item in node:
                visit(item)

    visit(policy)
    return policy


_ORDINARY = _build(maximal=False)
_MAXIMAL = _build(maximal=True)


def maximal_policies_with(group: tuple[str, ...]) -> Strategy[dict[str, Any]]:
    """Maximal policies with the sections of one of MAXIMAL_GROUPS."""
    return _build(maximal=True, group=group)


def policies(maximal: bool | None = None) -> Strategy[dict[str, Any]]:
    """Schema-valid policies whose references resolve: ordinary or maximal, or either when `maximal` is None."""
    if maximal is None:
        return st.one_of(_ORDINARY, _MAXIMAL)
    return _MAXIMAL if maximal else _ORDINARY


LINE_MUTATIONS = ["delete", "duplicate", "swap", "truncate", "insert", "indent", "dedent"]


def mutate_lines(lines: list[Any], mutations: list[tuple[str, int, Any]]) -> list[Any]:
    """Apply line mutations (LINE_MUTATIONS, a position, what to insert) to a file's lines, str or bytes alike."""
    lines = list(lines)
    for operation, where, insert in mutations:
        if not lines:
            break
        i = where % len(lines)
        indent = b"  " if isinstance(lines[i], bytes) else "  "
        if operation == "delete":
            del lines[i]
        elif operation == "duplicate":
            lines.insert(i, lines[i])
        elif operation == "swap":
            j = (where // 7) % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        elif operation == "truncate":
            lines = [*lines[:i], lines[i][: where % (len(lines[i]) + 1)]]
        elif operation == "insert":
            cut = where % (len(lines[i]) + 1)
            lines[i] = lines[i][:cut] + insert + lines[i][cut:]
        elif operation == "indent":
            lines[i] = indent + lines[i]
        else:
            lines[i] = lines[i][2:] if lines[i].startswith(indent) else lines[i]
    return lines
