"""The policy as JSON-LD in the terms of the W3C Data Privacy Vocabulary (DPV) 2.3 and its `pd` (personal data) and
`eu-gdpr` extensions.

The organisation is a `dpv:DataController` with its representatives and DPO; each purpose a
`dpv:PersonalDataHandling` whose `dpv:hasPurpose` is typed with the DPV purpose of its kind; data categories are
`dpv:PersonalData` associated with the `pd:` concepts their classification names; legal bases are the GDPR's own
(`eu-gdpr:A6-1-a` ...); recipients carry their roles; transfers their mechanisms; retention statements are
`dpv:StorageDuration`s; rights are `dpv:DataSubjectRight`s, exercised at the methods the policy gives.

The tables below are the whole mapping, and `docs/export.md` is written from them. A value with no entry (None) has
no DPV term: the export still says it, as the schema's value in a literal (`dct:type`), and never types it with a
near term. The
JSON-LD context is inline, so nothing is fetched to read the document.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from policylint.model import (
    EEA_COUNTRIES,
    Item,
    Policy,
    categories_of,
    retention_is_about_all_data,
    transfer_destination,
)
from policylint.project import slug

DPV = "https://w3id.org/dpv#"
PD = "https://w3id.org/dpv/pd#"
EU_GDPR = "https://w3id.org/dpv/legal/eu/gdpr#"
CONTEXT: dict[str, Any] = {
    "dpv": DPV, "pd": PD, "eu-gdpr": EU_GDPR,
    "dct": "http://purl.org/dc/terms/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "schema": "https://schema.org/",
}
Terms = tuple[str, ...]

# Each table: a schema enum's values and the DPV terms (compact IRIs) each stands for; () where DPV has none.

# $defs/purpose/kind -> the dpv:Purpose subclass of the purpose.
PURPOSE_KINDS: dict[str, Terms] = {
    "service_delivery": ("dpv:ServiceProvision",),
    "legal_compliance": ("dpv:LegalCompliance",),
    # "Security and fraud": DPV's EnforceSecurity, whose narrower terms include fraud prevention.
    "security_fraud": ("dpv:EnforceSecurity",),
    "analytics": ("dpv:ServiceUsageAnalytics",),
    "marketing": ("dpv:Marketing",),
    "advertising": ("dpv:Advertising",),
    "personalisation": ("dpv:Personalisation",),
    "research": ("dpv:ResearchAndDevelopment",),
    "other": (),
}

# $defs/legal_basis: the schema's bases are GDPR Art. 6(1)'s letters by definition.
LEGAL_BASES: dict[str, Terms] = {
    "consent": ("eu-gdpr:A6-1-a",),
    "contract": ("eu-gdpr:A6-1-b",),
    "legal_obligation": ("eu-gdpr:A6-1-c",),
    "vital_interests": ("eu-gdpr:A6-1-d",),
    "public_task": ("eu-gdpr:A6-1-e",),
    "legitimate_interests": ("eu-gdpr:A6-1-f",),
}

# $defs/special_category_condition: GDPR Art. 9(2)'s letters.
SPECIAL_CATEGORY_CONDITIONS: dict[str, Terms] = {
    "explicit_consent": ("eu-gdpr:A9-2-a",),
    "employment_social_security": ("eu-gdpr:A9-2-b",),
    "vital_interests": ("eu-gdpr:A9-2-c",),
    "not_for_profit_body": ("eu-gdpr:A9-2-d",),
    "made_public_by_subject": ("eu-gdpr:A9-2-e",),
    "legal_claims": ("eu-gdpr:A9-2-f",),
    "substantial_public_interest": ("eu-gdpr:A9-2-g",),
    "health_or_social_care": ("eu-gdpr:A9-2-h",),
    "public_health": ("eu-gdpr:A9-2-i",),
    "archiving_research_statistics": ("eu-gdpr:A9-2-j",),
}

# $defs/sensitive_type -> the personal data a category or item is associated with. Every Art. 9(1) type is special
# category data; an "A or B" type with no DPV term covering both (religious or philosophical beliefs) gets only that.
SENSITIVE_TYPES: dict[str, Terms] = {
    "racial_or_ethnic_origin": ("pd:Ethnicity", "dpv:SpecialCategoryPersonalData"),  # pd:Race and pd:EthnicOrigin's
    "political_opinions": ("pd:PoliticalOpinion", "dpv:SpecialCategoryPersonalData"),
    "religious_or_philosophical_beliefs": ("dpv:SpecialCategoryPersonalData",),
    "trade_union_membership": ("pd:TradeUnionMembership", "dpv:SpecialCategoryPersonalData"),
    "genetic": ("pd:Genetic", "dpv:SpecialCategoryPersonalData"),
    "biometric": ("pd:Biometric", "dpv:SpecialCategoryPersonalData"),
    "health": ("pd:Health", "dpv:SpecialCategoryPersonalData"),
    "sex_life_or_orientation": ("pd:Sexual", "dpv:SpecialCategoryPersonalData"),
    "criminal_offences": ("pd:Criminal", "dpv:SensitivePersonalData"),
    "government_identifier": ("pd:OfficialID", "dpv:SensitivePersonalData"),
    "financial_account": ("pd:FinancialAccount", "dpv:SensitivePersonalData"),
    "account_credentials": ("pd:Authenticating", "dpv:SensitivePersonalData"),
    "precise_geolocation": ("pd:Location", "dpv:SensitivePersonalData"),  # pd has no "precise" location
    "communications_content": ("pd:Communication", "dpv:SensitivePersonalData"),
    "citizenship_or_immigration_status": ("dpv:SensitivePersonalData",),  # pd:Citizenship is half of it
    "children": ("dpv:SensitivePersonalData",),  # children's data: a kind of person, not of data, in DPV
    "unspecified": ("dpv:SensitivePersonalData",),
}

# $defs/ccpa_category -> personal data. Several CCPA categories are lists of unlike data with no one DPV term.
CCPA_CATEGORIES: dict[str, Terms] = {
    "identifiers": ("pd:Identifying",),
    "customer_records": (),
    "protected_classifications": (),
    "commercial_information": ("pd:Transactional",),
    "biometric_information": ("pd:Biometric",),
    "internet_activity": ("pd:BrowsingBehaviour",),
    "geolocation": ("pd:Location",),
    "sensory_data": (),
    "professional_information": ("pd:Professional",),
    "education_information": ("pd:Education",),
    "inferences": ("dpv:InferredPersonalData",),
    "sensitive_personal_information": ("dpv:SensitivePersonalData",),
}

# A data category's or item's fideslang key -> personal data. A key narrower than one listed takes the nearest
# listed ancestor's terms (user.contact.address.street is pd:Street; user.contact.fax_number is pd:Contact).
FIDESLANG_CATEGORIES: dict[str, Terms] = {
    "user.account.username": ("pd:Username",),
    "user.authorization": ("pd:Authenticating",),
    "user.authorization.password": ("pd:Password",),
    "user.behavior": ("pd:Behavioural",),
    "user.behavior.browsing_history": ("pd:BrowserHistory",),
    "user.behavior.purchase_history": ("pd:Purchase",),
    "user.biometric": ("pd:Biometric",),
    "user.biometric.fingerprint": ("pd:Fingerprint",),
    "user.biometric.retinal": ("pd:Retina",),
    "user.contact": ("pd:Contact",),
    "user.contact.address": ("pd:PhysicalAddress",),
    "user.contact.address.city": ("pd:City",),
    "user.contact.address.country": ("pd:Country",),
    "user.contact.address.postal_code": ("pd:PostalCode",),
    "user.contact.address.street": ("pd:Street",),
    "user.contact.email": ("pd:EmailAddress",),
    "user.contact.phone_number": ("pd:TelephoneNumber",),
    "user.criminal_history": ("pd:Criminal",),
    "user.demographic": ("pd:Demographic",),
    "user.demographic.age_range": ("pd:AgeRange",),
    "user.demographic.date_of_birth": ("pd:BirthDate",),
    "user.demographic.gender": ("pd:Gender",),
    "user.demographic.language": ("pd:Language",),
    "user.demographic.marital_status": ("pd:MaritalStatus",),
    "user.demographic.political_opinion": ("pd:PoliticalOpinion",),
    "user.demographic.race_ethnicity": ("pd:Ethnicity",),
    "user.demographic.religious_belief": ("pd:ReligiousBelief",),
    "user.demographic.sexual_orientation": ("pd:Sexual",),
    "user.device": ("pd:DeviceBased",),
    "user.device.ip_address": ("pd:IPAddress",),
    "user.financial": ("pd:Financial",),
    "user.financial.bank_account": ("pd:BankAccount",),
    "user.financial.credit_card": ("pd:PaymentCard",),
    "user.government_id": ("pd:OfficialID",),
    "user.government_id.passport_number": ("pd:Passport",),
    "user.health_and_medical": ("pd:Health",),
    "user.health_and_medical.genetic": ("pd:Genetic",),
    "user.job_title": ("pd:Job",),
    "user.location": ("pd:Location",),
    "user.name": ("pd:Name",),
    "user.privacy_preferences": ("pd:PrivacyPreference",),
    "user.social": ("pd:Social",),
    "user.unique_id": ("pd:UID",),
}

# $defs/data_source/kind -> where data comes from.
DATA_SOURCES: dict[str, Terms] = {
    "data_subject": ("dpv:DataSubjectDataSource",),
    "automatic": (),  # observed from the person's use: DPV types the data (ObservedPersonalData), not the source
    "third_party": ("dpv:ThirdPartyDataSource",),
    "affiliate": (),  # a group company: DPV has no source for it
    "publicly_available": ("dpv:PublicDataSource",),
    "customer": (),  # the organisation's business customer, about its own people
    "user_about_others": ("dpv:ThirdPartyDataSource",),  # a party other than the person the data is about
}

# $defs/processing_role: an entity of the organisation's group.
ENTITY_ROLES: dict[str, Terms] = {
    "controller": ("dpv:DataController",),
    "processor": ("dpv:DataProcessor",),
    # dpv:JointDataControllers is the group, not one member: a joint controller is a controller.
    "joint_controller": ("dpv:DataController",),
}

# $defs/recipient/role.
RECIPIENT_ROLES: dict[str, Terms] = {
    "processor": ("dpv:DataProcessor",),
    "independent_controller": ("dpv:DataController", "dpv:ThirdParty"),
    "joint_controller": ("dpv:DataController",),
}

# $defs/recipient/kind: what sort of organisation a recipient is. Most kinds are trades DPV has no entity term for.
RECIPIENT_KINDS: dict[str, Terms] = {
    "service_provider": ("dpv:ServiceProvider",),
    "affiliate": (),
    "advertiser": (),
    "analytics_provider": (),
    "payment_processor": (),
    "shipping_carrier": (),
    "public_authority": ("dpv:Authority",),
    "acquirer": (),
    "professional_adviser": (),
    "credit_reference_agency": (),
    "fraud_prevention_agency": (),
    "business_partner": (),
    "reseller": (),
    "customer": (),  # dpv:Customer is a data subject, not a recipient organisation
    "social_media_platform": (),
    "other_third_party": ("dpv:ThirdParty",),
    "public": (),
}

# $defs/contact/kind: the controller's contacts. Only the DPO and the representative are entities of their own.
CONTACT_KINDS: dict[str, Terms] = {
    "privacy_office": (),
    "dpo": ("dpv:DataProtectionOfficer",),
    "representative": ("dpv:Representative",),
    "general": (),
    "customer_service": (),
}

# $defs/transfer/mechanism. The EU-U.S. DPF, the UK's IDTA and Addendum and the Art. 49 derogations as a whole have
# no term in these vocabularies.
TRANSFER_MECHANISMS: dict[str, Terms] = {
    "adequacy": ("eu-gdpr:AdequacyDecision",),
    "dpf": (),
    "sccs": ("eu-gdpr:StandardContractualClauses",),
    "bcrs": ("eu-gdpr:BindingCorporateRules",),
    "idta": (),
    "uk_addendum": (),
    "derogation": (),
    "other_stated_basis": (),
    "not_stated": (),
}

# $defs/retention_statement/kind -> the kind of duration. A statement that states nothing (not_stated) is not
# exported as a storage duration.
RETENTION_KINDS: dict[str, Terms] = {
    "period": ("dpv:TemporalDuration",),
    "until_event": ("dpv:UntilEventDuration",),
    "after_inactivity": (),  # a period counted from the last use: neither a fixed period nor until an event
    "criteria": (),
    "schedule_reference": (),
    "indefinite": ("dpv:EndlessDuration",),
    "combined": (),  # its parts are typed
    "not_stated": (),
}

# $defs/retention_statement/disposal -> what is done with data at the end.
DISPOSAL: dict[str, Terms] = {
    "deletion": ("dpv:Erase",),
    "anonymisation": ("dpv:Anonymise",),
    "aggregation": ("dpv:Aggregate",),
    "blocking": ("dpv:Restrict",),
}

# $defs/right_kind -> the GDPR right. Given only for rights granted in the EEA (or to everyone): the same words in
# a notice for Californians are not a GDPR right. CCPA and other rights have no term in these vocabularies.
RIGHTS: dict[str, Terms] = {
    "informed": ("eu-gdpr:A13", "eu-gdpr:A14"),
    "access": ("eu-gdpr:A15",),
    "rectification": ("eu-gdpr:A16",),
    "erasure": ("eu-gdpr:A17",),
    "restriction": ("eu-gdpr:A18",),
    "portability": ("eu-gdpr:A20",),
    "objection": ("eu-gdpr:A21",),
    "object_direct_marketing": ("eu-gdpr:A21",),  # Art. 21(2)
    "withdraw_consent": ("eu-gdpr:A7-3",),
    "automated_decisions": ("eu-gdpr:A22",),
    "complaint": ("eu-gdpr:A77",),
    "know": (), "delete": (), "correct": (), "opt_out_sale_sharing": (), "limit_sensitive": (),
    "non_discrimination": (), "opt_out_marketing": (), "opt_out_third_party_disclosure": (),
    "escalate_complaint": (), "post_mortem_instructions": (), "opt_out_publication": (),
    "opt_out_interest_based_ads": (), "control_visibility": (), "other": (), "opt_out_sale": (),
    "opt_out_sharing": (),
}

# $defs/exercise_method/kind: DPV has no terms for the ways a right is exercised; each is a dpv:RightExerciseNotice
# carrying its kind as a literal.
EXERCISE_METHODS: dict[str, Terms] = {kind: () for kind in (
    "account_settings", "unsubscribe_link", "cookie_settings", "browser_settings", "in_writing", "web_form",
    "opt_out_preference_signal", "other")}

# $defs/security/measures/kind -> the technical or organisational measure the controller states it takes.
SECURITY_MEASURES: dict[str, Terms] = {
    "general": (),
    "encryption_in_transit": ("dpv:EncryptionInTransfer",),
    "encryption_at_rest": ("dpv:EncryptionAtRest",),
    "access_control": ("dpv:AccessControlMethod",),
    "physical": ("dpv:PhysicalMeasure",),
    "certification": ("dpv:Certification",),
    "staff_training": ("dpv:StaffTraining",),
    "vendor_assessment": ("dpv:ThirdPartySecurityProcedures",),
    "monitoring": ("dpv:ActivityMonitoring",),
    "confidentiality_obligations": ("dpv:ConfidentialityAgreement",),
    "policies_and_review": (),  # a policy and its review: dpv:InformationSecurityPolicy is half of it
    "data_minimisation": (),  # a principle in DPV (eu-gdpr:DataMinimisationPrinciple), not a measure
    "pseudonymisation": ("dpv:Pseudonymisation",),
    "encryption": ("dpv:Encryption",),
}

# Every table, by the schema enum it maps (its path under $defs): docs/export.md and the tests read this.
TABLES: dict[str, dict[str, Terms]] = {
    "purpose/properties/kind": PURPOSE_KINDS,
    "legal_basis": LEGAL_BASES,
    "special_category_condition": SPECIAL_CATEGORY_CONDITIONS,
    "sensitive_type": SENSITIVE_TYPES,
    "ccpa_category": CCPA_CATEGORIES,
    "data_source/properties/kind": DATA_SOURCES,
    "processing_role": ENTITY_ROLES,
    "recipient/properties/role": RECIPIENT_ROLES,
    "recipient/properties/kind": RECIPIENT_KINDS,
    "contact/properties/kind": CONTACT_KINDS,
    "transfer/properties/mechanism": TRANSFER_MECHANISMS,
    "retention_statement/properties/kind": RETENTION_KINDS,
    "retention_statement/properties/disposal/items": DISPOSAL,
    "right_kind": RIGHTS,
    "exercise_method/properties/kind": EXERCISE_METHODS,
    "security/properties/measures/items/properties/kind": SECURITY_MEASURES,
}


def fideslang_terms(key: str) -> Terms:
    """The personal data a fideslang data-category key names: its own entry, else its nearest listed ancestor's."""
    parts = key.split(".")
    for end in range(len(parts), 0, -1):
        terms = FIDESLANG_CATEGORIES.get(".".join(parts[:end]))
        if terms:
            return terms
    return ()


def _ref(*terms: str) -> list[dict[str, str]]:
    """IRIs as JSON-LD node references, each once, in order."""
    return [{"@id": term} for term in dict.fromkeys(terms)]


def _region(code: str) -> dict[str, Any]:
    """A country or region as the policy writes it (ISO 3166, EU, EEA, WORLDWIDE): DPV's location vocabulary is
    not among the files, so the code is the location's identifier."""
    kind = "dpv:Country" if len(code) == 2 and code not in ("EU",) else "dpv:Location"
    return {"@type": kind, "dpv:hasIdentifier": code}


class _Writer:
    """Builds the graph of one policy."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.data = policy.data
        self.base = f"urn:policylint:{slug(self.data['organisation']['name'])}:"

    def iri(self, kind: str, ident: str) -> str:
        return self.base + kind + ":" + quote(ident, safe="-._~")

    def graph(self) -> list[dict[str, Any]]:
        nodes = [self.organisation(), *self.contacts(), *self.entities(), *self.categories(), *self.audiences(),
                 *self.recipients(), *self.handlings(), *self.transfers(), *self.retention(), *self.rights()]
        return [node for node in nodes if node]

    def organisation(self) -> dict[str, Any]:
        organisation = self.data["organisation"]
        node: dict[str, Any] = {"@id": self.iri("organisation", "controller"), "@type": ["dpv:DataController"],
                                "dpv:hasName": organisation.get("legal_name", organisation["name"])}
        if organisation.get("website"):
            node["schema:url"] = organisation["website"]
        if (organisation.get("address") or {}).get("country"):
            node["dpv:hasCountry"] = _region(organisation["address"]["country"])
        links = {"representative": "dpv:hasRepresentative", "dpo": "dpv:hasDataProtectionOfficer"}
        channels: list[str] = []
        for contact in self.data["contacts"]:
            if contact["kind"] in links:
                node.setdefault(links[contact["kind"]], []).append({"@id": self.iri("contact", contact["id"])})
            else:
                channels += [channel["value"] for channel in contact["channels"]]
        if channels:
            node["dpv:hasContact"] = list(dict.fromkeys(channels))
        measures = [self._measure(m) for m in (self.data.get("security") or {}).get("measures", [])]
        if measures:
            node["dpv:hasTechnicalOrganisationalMeasure"] = measures
        if organisation.get("entities"):
            node["dpv:hasEntity"] = [{"@id": self.iri("entity", e["id"])} for e in organisation["entities"]]
        return node

    @staticmethod
    def _measure(measure: Item) -> dict[str, Any]:
        node: dict[str, Any] = {"@type": ["dpv:TechnicalOrganisationalMeasure", *SECURITY_MEASURES[measure["kind"]]],
                                "dct:type": measure["kind"]}
        if measure.get("description"):
            node["dct:description"] = measure["description"]
        return node

    def contacts(self) -> list[dict[str, Any]]:
        nodes = []
        for contact in self.data["contacts"]:
            terms = CONTACT_KINDS[contact["kind"]]
            if not terms:
                continue  # the controller's own channels, on its node
            node: dict[str, Any] = {"@id": self.iri("contact", contact["id"]), "@type": list(terms)}
            if contact["kind"] == "representative" and any(r in EEA_COUNTRIES for r in contact["represents_in"]):
                node["@type"].append("eu-gdpr:Representative")
            if contact.get("name"):
                node["dpv:hasName"] = contact["name"]
            if contact.get("channels"):
                node["dpv:hasContact"] = [channel["value"] for channel in contact["channels"]]
            if contact.get("represents_in"):
                node["dpv:hasJurisdiction"] = [_region(r) for r in contact["represents_in"]]
            nodes.append(node)
        return nodes

    def entities(self) -> list[dict[str, Any]]:
        nodes = []
        for entity in self.data["organisation"].get("entities", []):
            roles = [r if isinstance(r, str) else r["role"] for r in entity.get("roles", [])]
            types = [t for role in roles for t in ENTITY_ROLES[role]]
            node: dict[str, Any] = {"@id": self.iri("entity", entity["id"]),
                                    "@type": list(dict.fromkeys(["dpv:LegalEntity", *types])),
                                    "dpv:hasName": entity["legal_name"]}
            if entity.get("country"):
                node["dpv:hasCountry"] = _region(entity["country"])
            nodes.append(node)
        return nodes

    def data_terms(self, entry: Item) -> list[str]:
        """The personal data a category or item is associated with, from its classification."""
        terms = [t for kind in entry.get("sensitive_types", []) for t in SENSITIVE_TYPES[kind]]
        if entry.get("ccpa_category"):
            terms += CCPA_CATEGORIES[entry["ccpa_category"]]
        if entry.get("fideslang"):
            terms += fideslang_terms(entry["fideslang"])
        return terms

    def categories(self) -> list[dict[str, Any]]:
        nodes = []
        for category in self.data["data_categories"]:
            node: dict[str, Any] = {"@id": self.iri("data", category["id"]), "@type": "dpv:PersonalData",
                                    "rdfs:label": category["label"]}
            terms = self.data_terms(category)
            if terms:
                node["dpv:hasPersonalData"] = _ref(*terms)
            sources = [t for source in category.get("sources", []) for t in DATA_SOURCES[source["kind"]]]
            if sources:
                node["dpv:hasDataSource"] = _ref(*sources)
            parts = []
            for item in category.get("items", []):
                part: dict[str, Any] = {"@id": self.iri("data", f"{category['id']}/{item['id']}"),
                                        "@type": "dpv:PersonalData", "rdfs:label": item["label"]}
                terms = self.data_terms(item)
                if terms:
                    part["dpv:hasPersonalData"] = _ref(*terms)
                parts.append(part)
            if parts:
                node["dct:hasPart"] = parts
            nodes.append(node)
        return nodes

    def audiences(self) -> list[dict[str, Any]]:
        return [{"@id": self.iri("audience", a["id"]), "@type": "dpv:DataSubject", "rdfs:label": a["label"]}
                for a in self.data.get("audiences", [])]

    def recipients(self) -> list[dict[str, Any]]:
        nodes = []
        for recipient in self.data["recipients"]:
            types = ["dpv:Recipient", *RECIPIENT_KINDS[recipient["kind"]]]
            if recipient.get("role"):
                types += RECIPIENT_ROLES[recipient["role"]]
            node: dict[str, Any] = {"@id": self.iri("recipient", recipient["id"]),
                                    "@type": list(dict.fromkeys(types)), "dct:type": recipient["kind"]}
            if recipient.get("description"):
                node["rdfs:comment"] = recipient["description"]
            if recipient.get("named"):
                node["dpv:hasName"] = [n["name"] for n in recipient["named"]]
            if recipient.get("data_categories"):
                node["dpv:hasPersonalData"] = [{"@id": self.iri("data", ref)} for ref in recipient["data_categories"]]
            if recipient.get("countries"):
                node["dpv:hasLocation"] = [_region(r) for r in recipient["countries"]]
            if recipient.get("hosting"):
                node["dpv:hasStorageCondition"] = [{"@type": "dpv:StorageLocation", "dpv:hasLocation": _region(r)}
                                                   for r in recipient["hosting"]]
            nodes.append(node)
        return nodes

    def handlings(self) -> list[dict[str, Any]]:
        nodes = []
        for purpose in self.data["purposes"]:
            kind_terms = PURPOSE_KINDS[purpose["kind"]] if purpose.get("kind") else ()
            stated: dict[str, Any] = {"@type": ["dpv:Purpose", *kind_terms], "dct:description": purpose["description"]}
            if purpose.get("kind"):
                stated["dct:type"] = purpose["kind"]
            node: dict[str, Any] = {"@id": self.iri("purpose", purpose["id"]), "@type": "dpv:PersonalDataHandling",
                                    "dpv:hasPurpose": stated}
            recipients = self.policy.purpose_recipients(purpose)
            by = purpose.get("pursued_by", "organisation")
            controllers = [{"@id": self.iri("organisation", "controller")}] if by != "recipients" else []
            if by != "organisation":
                controllers += [{"@id": self.iri("recipient", r)} for r in purpose.get("recipients", [])]
            if controllers:
                node["dpv:hasDataController"] = controllers
            data = self.policy.purpose_data(purpose)
            if data:
                node["dpv:hasPersonalData"] = [{"@id": self.iri("data", ref)} for ref in data]
            bases = [*purpose.get("legal_bases", []), *(s["basis"] for s in purpose.get("legal_basis_statements", []))]
            terms = [t for b in bases for t in LEGAL_BASES[b]]
            terms += [t for c in purpose.get("special_category_conditions", []) for t in SPECIAL_CATEGORY_CONDITIONS[c]]
            if terms:
                node["dpv:hasLegalBasis"] = _ref(*terms)
            if recipients:
                node["dpv:hasRecipient"] = [{"@id": self.iri("recipient", r["id"])} for r in recipients]
            subjects = self.policy.purpose_audiences(purpose)
            if subjects:
                node["dpv:hasDataSubject"] = [{"@id": self.iri("audience", a["id"])} for a in subjects]
            storage = [{"@id": self.iri("retention", str(i))} for i, statement in enumerate(self.data["retention"])
                       if statement["kind"] != "not_stated" and self._retention_covers(statement, purpose, data)]
            if storage:
                node["dpv:hasStorageCondition"] = storage
            nodes.append(node)
        return nodes

    @staticmethod
    def _retention_covers(statement: Item, purpose: Item, data: list[str]) -> bool:
        """Whether a retention statement is about a purpose's data: about all data, the purpose by name, or data
        the purpose uses."""
        if retention_is_about_all_data(statement) or purpose["id"] in statement.get("purposes", []):
            return True
        return bool(set(categories_of(statement.get("applies_to", []))) & set(categories_of(data)))

    def transfers(self) -> list[dict[str, Any]]:
        nodes = []
        for i, transfer in enumerate(self.data.get("transfers", [])):
            node: dict[str, Any] = {"@id": self.iri("transfer", str(i)), "@type": "dpv:PersonalDataHandling",
                                    "dpv:hasProcessing": {"@id": "dpv:CrossBorderTransfer"},
                                    "dct:type": transfer["mechanism"]}
            terms = TRANSFER_MECHANISMS[transfer["mechanism"]]
            # An adequacy decision is a legal basis (Art. 45(3)); clauses and rules are measures (Art. 46).
            bases = [t for t in terms if t == "eu-gdpr:AdequacyDecision"]
            measures = [t for t in terms if t not in bases]
            if bases:
                node["dpv:hasLegalBasis"] = _ref(*bases)
            if measures:
                node["dpv:hasOrganisationalMeasure"] = _ref(*measures)
            if transfer.get("recipients"):
                node["dpv:hasDataImporter"] = [{"@id": self.iri("recipient", r)} for r in transfer["recipients"]]
            if transfer.get("destination"):
                node["dpv:hasLocation"] = _region(transfer["destination"])
            node["rdfs:comment"] = f"to {transfer_destination(transfer)}"
            if transfer.get("stated_basis"):
                node["dct:description"] = transfer["stated_basis"]
            nodes.append(node)
        return nodes

    def retention(self) -> list[dict[str, Any]]:
        nodes = []
        for i, statement in enumerate(self.data["retention"]):
            if statement["kind"] == "not_stated":
                continue  # says that nothing is said: no storage duration
            node: dict[str, Any] = {"@id": self.iri("retention", str(i)), "@type": "dpv:StorageDuration",
                                    "dct:type": statement["kind"]}
            parts = statement.get("parts") or [statement]
            durations = [self._duration(part) for part in parts]
            node["dpv:hasDuration"] = durations if statement["kind"] == "combined" else durations[0]
            if statement.get("combine"):
                node["rdfs:comment"] = f"whichever is {'longer' if statement['combine'] == 'longest_of' else 'shorter'}"
            if statement.get("applies_to"):
                node["dpv:hasPersonalData"] = [{"@id": self.iri("data", ref)} for ref in statement["applies_to"]]
            if statement.get("scope_text"):
                node["dct:coverage"] = statement["scope_text"]
            disposal = [t for d in statement.get("disposal", []) for t in DISPOSAL[d]]
            if disposal:
                node["dpv:hasProcessing"] = _ref(*disposal)
            nodes.append(node)
        return nodes

    @staticmethod
    def _duration(limit: Item) -> dict[str, Any]:
        node: dict[str, Any] = {"@type": ["dpv:Duration", *RETENTION_KINDS.get(limit["kind"], ())],
                                "dct:type": limit["kind"]}
        if limit.get("period"):
            node["rdf:value"] = {"@value": limit["period"], "@type": "xsd:duration"}
        text = limit.get("event") or limit.get("criteria")
        if text:
            node["dct:description"] = text
        if limit.get("schedule"):
            node["dct:description"] = limit["schedule"].get("title", "")
        return node

    def rights(self) -> list[dict[str, Any]]:
        nodes = []
        for i, statement in enumerate(self.policy.rights):
            residents = statement.get("residents_of")
            in_eea = not residents or any(r in EEA_COUNTRIES or r == "WORLDWIDE" for r in residents)
            terms = RIGHTS[statement["right"]] if in_eea else ()
            node: dict[str, Any] = {"@id": self.iri("right", str(i)), "@type": ["dpv:DataSubjectRight", *terms],
                                    "dct:type": statement["right"]}
            if residents:
                node["dpv:hasJurisdiction"] = [_region(r) for r in residents]
            methods = [self._method(m) for m in statement.get("methods", [])]
            contacts = statement.get("contacts") or (self.data.get("rights") or {}).get("contacts", [])
            for contact_id in contacts:
                contact = self.policy.contacts.get(contact_id)
                if contact:
                    methods.append({"@type": "dpv:RightExerciseNotice", "dct:type": "contact",
                                    "dpv:hasContact": [channel["value"] for channel in contact["channels"]]})
            if methods:
                node["dpv:isExercisedAt"] = methods
            nodes.append(node)
        return nodes

    @staticmethod
    def _method(method: Item) -> dict[str, Any]:
        node: dict[str, Any] = {"@type": ["dpv:RightExerciseNotice", *EXERCISE_METHODS[method["kind"]]],
                                "dct:type": method["kind"]}
        if method.get("label"):
            node["rdfs:label"] = method["label"]
        if method.get("url"):
            node["schema:url"] = method["url"]
        return node


def export(policy: Policy) -> str:
    """The policy as a JSON-LD document (a graph with an inline context), in the policy's order."""
    document = {"@context": CONTEXT, "@graph": _Writer(policy).graph()}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
