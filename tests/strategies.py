"""Hypothesis strategies for schema-valid policies, composed from the schema's own parts.

Enumerations, and the shapes of ids, dates and durations, are read from the published schema, so a value added to an
enum is generated without touching this file. References (a purpose's data categories, a right's contacts, the DPF's
covered entities, retention's categories) point at ids the same policy declares. Awkward cases come for free: empty
lists, unicode text, optional sections present or absent.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from policylint.schema import load_schema

SCHEMA = load_schema()
DEFS = SCHEMA["$defs"]


def enum(*path: str) -> st.SearchStrategy[str]:
    """The values of the enum at a path in the schema's $defs, e.g. enum("contact", "properties", "kind")."""
    node: Any = DEFS
    for part in path:
        node = node[part]
    return st.sampled_from(node["enum"])


# Text: any printable unicode except surrogates; YAML and JSON can hold it all.
_printable = st.characters(blacklist_categories=("Cs", "Cc"))
text = st.text(_printable, min_size=1, max_size=24).filter(lambda s: s.strip() != "")
texts = st.lists(text, max_size=3)
evidence = st.one_of(text, st.lists(text, min_size=1, max_size=3))
ids = st.from_regex(r"[a-z0-9][a-z0-9-]{0,8}", fullmatch=True)
country = st.one_of(st.sampled_from(["US", "GB", "NL", "BR", "CA", "DE", "FR", "IE"]),
                    st.from_regex(r"[A-Z]{2}", fullmatch=True))
region = st.one_of(country, st.sampled_from(["EEA", "WORLDWIDE"]))
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
phone = st.from_regex(r"\+?[0-9][0-9 ().-]{6,14}", fullmatch=True)


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
    units = draw(st.lists(st.sampled_from(["Y", "M", "W", "D"]), min_size=1, max_size=2, unique=True))
    order = "YMWD"
    return "P" + "".join(f"{draw(st.integers(1, 99))}{u}" for u in sorted(units, key=order.index))


def optional(**fields: st.SearchStrategy[Any]) -> dict[str, st.SearchStrategy[Any]]:
    return fields


def obj(required: dict[str, st.SearchStrategy[Any]], opt: dict[str, st.SearchStrategy[Any]] | None = None,
        ) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(required, optional=opt or {})


def claim(required: dict[str, st.SearchStrategy[Any]], opt: dict[str, st.SearchStrategy[Any]] | None = None,
          ) -> st.SearchStrategy[dict[str, Any]]:
    """An object that may carry evidence and an encoder's note."""
    return obj(required, {**(opt or {}), "evidence": evidence, "note": text})


dated = claim({"date": partial_date()})
linked = claim({}, {"text": text, "url": url})
postal_address = obj({"lines": st.lists(text, min_size=1, max_size=4)}, {"country": country})


@st.composite
def channel(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(enum("channel", "properties", "type"))
    fields: dict[str, Any] = {"type": kind}
    if draw(st.booleans()):
        fields["unusable"] = draw(enum("channel", "properties", "unusable"))
        fields["value"] = draw(st.sampled_from(["[email protected]", "please contact us as follows:", "n/a"]))
    else:
        fields["value"] = draw({"email": email, "website": url, "web_form": url, "phone": phone, "fax": phone}
                               .get(kind, text))
    extra = draw(obj({}, {"address": postal_address, "evidence": evidence, "note": text}))
    return {**fields, **extra}


def unique_by_id(element: st.SearchStrategy[dict[str, Any]], max_size: int = 4) -> st.SearchStrategy[list[Any]]:
    return st.lists(element, max_size=max_size, unique_by=lambda item: item["id"])


def refs(pool: list[str]) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(pool), max_size=3, unique=True) if pool else st.just([])


fee = claim({"kind": enum("fee", "properties", "kind")}, {"amount": text})
response_time = claim({"period": duration(), "commitment": enum("response_time", "properties", "commitment")},
                      {"extension": duration(), "extension_condition": text})
method = claim({"kind": enum("exercise_method", "properties", "kind")}, {"description": text, "url": url})


@st.composite
def retention_statement(draw: st.DrawFn, categories: list[str]) -> dict[str, Any]:
    kind = draw(enum("retention_statement", "properties", "kind"))
    required: dict[str, st.SearchStrategy[Any]] = {"kind": st.just(kind)}
    needs = {"period": ("period", duration()), "until_event": ("event", text), "criteria": ("criteria", text),
             "schedule_reference": ("schedule", obj({"title": text},
                                                     {"published": st.booleans(), "url": url, "how_to_obtain": text}))}
    if kind in needs:
        key, strategy = needs[kind]
        required[key] = strategy
    opt = {"applies_to": refs(categories), "period": duration(), "event": text, "criteria": text}
    return draw(claim(required, {k: v for k, v in opt.items() if k not in required}))


@st.composite
def negative_statement(draw: st.DrawFn, statement_id: str, categories: list[str]) -> dict[str, Any]:
    claim_kind = draw(enum("negative_statement", "properties", "claim"))
    required: dict[str, st.SearchStrategy[Any]] = {"id": st.just(statement_id), "claim": st.just(claim_kind)}
    age = st.integers(0, 25)
    if claim_kind == "no_knowing_collection_from_children":
        required["age"] = age
    opt: dict[str, st.SearchStrategy[Any]] = {"qualification": text, "data_categories": refs(categories)}
    if "age" not in required:
        opt["age"] = age
    return draw(claim(required, opt))


@st.composite
def policies(draw: st.DrawFn) -> dict[str, Any]:
    """A schema-valid policy whose references resolve."""
    entity_ids = draw(st.lists(ids, max_size=3, unique=True))
    contact_ids = draw(st.lists(ids, max_size=3, unique=True))
    category_ids = draw(st.lists(ids, max_size=4, unique=True))
    purpose_ids = draw(st.lists(ids, max_size=3, unique=True))
    recipient_ids = draw(st.lists(ids, max_size=3, unique=True))
    negative_ids = draw(st.lists(ids, max_size=3, unique=True))
    technology_ids = draw(st.lists(ids, max_size=3, unique=True))

    entities = [draw(claim({"id": st.just(i), "legal_name": text},
                           {"country": country, "roles": st.lists(enum("processing_role"), max_size=2, unique=True),
                            "address": postal_address})) for i in entity_ids]
    contacts = [draw(claim({"id": st.just(i), "kind": enum("contact", "properties", "kind"),
                            "channels": st.lists(channel(), max_size=3)},
                           {"name": text, "for": texts})) for i in contact_ids]
    source = obj({"kind": enum("data_source", "properties", "kind")},
                 {"named": texts, "description": text, "evidence": evidence, "note": text})
    categories = [draw(claim({"id": st.just(i), "label": text},
                             {"examples": texts,
                              "sensitive_types": st.lists(enum("sensitive_type"), max_size=3, unique=True),
                              "sources": st.lists(source, max_size=2),
                              "fideslang": st.from_regex(r"user(\.[a-z_]{1,8}){0,3}", fullmatch=True),
                              "ccpa_category": enum("data_category", "properties", "ccpa_category")}))
                  for i in category_ids]
    purposes = [draw(claim({"id": st.just(i), "description": text},
                           {"data_categories": refs(category_ids),
                            "legal_bases": st.lists(enum("legal_basis"), max_size=3, unique=True),
                            "legitimate_interest": text,
                            "special_category_conditions": st.lists(enum("special_category_condition"), max_size=2,
                                                                    unique=True),
                            "consent": enum("purpose", "properties", "consent")})) for i in purpose_ids]
    named = claim({"name": text}, {"country": country})
    recipients = [draw(claim({"id": st.just(i), "kind": enum("recipient", "properties", "kind")},
                             {"description": text, "named": st.lists(named, max_size=2),
                              "data_categories": refs(category_ids), "purposes": refs(purpose_ids),
                              "countries": st.lists(region, max_size=2), "condition": text,
                              "own_purposes": st.booleans(), "sale": st.booleans(),
                              "sharing_for_advertising": st.booleans()})) for i in recipient_ids]
    negatives = [draw(negative_statement(i, category_ids)) for i in negative_ids]
    right = claim({"right": enum("right_kind")},
                  {"description": text, "conditions": text, "contacts": refs(contact_ids),
                   "methods": st.lists(method, max_size=2), "fee": fee, "response_time": response_time})
    rights = claim({"statements": st.lists(right, max_size=4)},
                   {"contacts": refs(contact_ids), "fees": st.lists(fee, max_size=2),
                    "response_times": st.lists(response_time, max_size=2), "verification": linked,
                    "authorised_agents": claim({"allowed": st.booleans()}, {"description": text})})
    authority = claim({"name": text}, {"country": region, "channels": st.lists(channel(), max_size=2),
                                       "precondition": text})
    complaints = obj({}, {"internal": claim({}, {"contacts": refs(contact_ids), "description": text}),
                          "supervisory_authorities": st.lists(authority, max_size=2),
                          "right_to_complain": linked})
    transfer = claim({"destination": region, "mechanism": enum("transfer", "properties", "mechanism")},
                     {"origin": st.lists(region, max_size=2), "stated_basis": text, "copy_available": text})
    onward = claim({}, {"requirements": st.lists(enum("onward_transfer", "properties", "requirements", "items"),
                                                 max_size=3, unique=True),
                        "principles_named": text,
                        "liability": enum("onward_transfer", "properties", "liability")})
    dpf = claim({"participates": st.booleans()},
                {"programs": st.lists(enum("dpf", "properties", "programs", "items"), max_size=3, unique=True),
                 "covered_entities": refs(entity_ids), "commitment_to_principles": linked,
                 "principles_govern": linked, "dpf_list_link": linked, "dpf_website_link": linked,
                 "recourse_body": claim({"name": text},
                                        {"kind": enum("dpf", "properties", "recourse_body", "properties", "kind"),
                                         "url": url, "free_of_charge": st.booleans()}),
                 "enforcement_authorities": st.lists(
                     claim({"authority": enum("dpf", "properties", "enforcement_authorities", "items", "properties",
                                              "authority")}), max_size=2),
                 "binding_arbitration": linked, "public_authority_disclosure": linked,
                 "onward_transfer_liability": linked, "complaint_contacts": refs(contact_ids)})
    technologies = [draw(claim({"id": st.just(i), "technology": enum("tracking_technology", "properties",
                                                                        "technology")},
                               {"category": enum("tracking_technology", "properties", "category"),
                                "party": enum("tracking_technology", "properties", "party"), "provider": text,
                                "description": text, "can_be_disabled": st.booleans()})) for i in technology_ids]
    cookies = claim({}, {"technologies": st.just(technologies), "controls": st.lists(method, max_size=2),
                         "cookie_policy": linked,
                         "do_not_track": claim({"response": enum("cookies", "properties", "do_not_track",
                                                                 "properties", "response")}),
                         "third_party_cross_site_tracking": claim({"allowed": st.booleans()})})
    child_statement = claim({"kind": enum("children", "properties", "statements", "items", "properties", "kind")},
                            {"age": st.integers(0, 25), "contacts": refs(contact_ids), "description": text})
    children = obj({"statements": st.lists(child_statement, max_size=3)})
    adm = claim({"used": st.booleans()}, {"profiling": st.booleans(), "examples": texts, "logic": text,
                                          "significance": text, "safeguards": text})
    measure = claim({"kind": enum("security", "properties", "measures", "items", "properties", "kind")},
                    {"description": text})
    security = obj({"measures": st.lists(measure, max_size=3)}, {"disclaimer": linked})
    notification = claim({"method": enum("changes", "properties", "notification", "items", "properties", "method")},
                         {"applies_to": text})
    changes = obj({}, {"notification": st.lists(notification, max_size=3), "review": linked})
    provision = claim({"requirement": enum("provision_requirement", "properties", "requirement")},
                      {"consequences": text})
    categories_statement = claim({"categories": refs(category_ids)})
    california = obj({}, {"shine_the_light": claim({"policy": enum("california", "properties", "shine_the_light",
                                                                     "properties", "policy")},
                                                    {"contacts": refs(contact_ids)}),
                          "sold_or_shared_categories": categories_statement,
                          "disclosed_for_business_purpose": categories_statement,
                          "minors_under_16": linked, "opt_out_preference_signal": linked})
    notice = claim({"topic": enum("notice", "properties", "topic"), "text": text})
    empty_list = claim({"section": enum("empty_list", "properties", "section"), "introduction": text})
    registration = claim({"number": text}, {"register": text, "country": country})
    organisation = claim({"name": text},
                         {"legal_name": text, "trading_names": texts,
                          "registration_numbers": st.lists(registration, max_size=2),
                          "entities": st.just(entities), "address": postal_address, "website": url})
    document = obj({"title": text},
                   {"url": url, "language": st.sampled_from(["en", "en-GB", "de", "pt-BR", "nl"]),
                    "effective_date": dated, "last_updated": dated, "evidence": evidence})
    framework = claim({"framework": enum("framework")}, {"stance": enum("framework_declaration", "properties",
                                                                        "stance")})
    policy = draw(obj(
        {
            "schema_version": st.sampled_from(["1.0", "1.1", "1.12"]),
            "document": document,
            "organisation": organisation,
            "contacts": st.just(contacts),
            "frameworks": st.lists(framework, max_size=4),
            "data_categories": st.just(categories),
            "purposes": st.just(purposes),
            "recipients": st.just(recipients),
            "negative_statements": st.just(negatives),
            "retention": st.lists(retention_statement(category_ids), max_size=3),
        },
        {
            "rights": rights, "complaints": complaints, "transfers": st.lists(transfer, max_size=2),
            "onward_transfer": onward, "dpf": dpf, "cookies": cookies, "children": children,
            "automated_decision_making": adm, "security": security, "changes": changes,
            "provision_requirements": st.lists(provision, max_size=2), "california": california,
            "notices": st.lists(notice, max_size=3), "empty_lists": st.lists(empty_list, max_size=2),
        },
    ))
    return policy
