"""The policy as a Fides `system` manifest (YAML), in fideslang's taxonomy.

One system, the organisation's processing as its policy describes it; one privacy declaration for each purpose that
has a fideslang data use: its `fideslang` key, else the data use of its kind (below). A declaration's data
categories are the `fideslang` keys of the data the purpose uses (of each category and item, and those its sensitive
types name); its data subjects the `fideslang` keys of the audiences it concerns. Nothing is guessed: a purpose with
no data use, or data with no key, is not made into one. `meta.policylint` says what each purpose, data category and
recipient became, and which have no fideslang key, so nothing the policy says is silently dropped.

The tables below are the whole mapping; `docs/export.md` is written from them. The manifest is written with PyYAML:
fideslang (a test dependency) validates it in the tests, and policylint does not need it.
"""

from __future__ import annotations

from typing import Any

import yaml

from policylint.model import SPECIAL_CATEGORY_TYPES, Item, Policy, categories_of
from policylint.project import slug
from policylint.render.wording import words

# $defs/purpose/kind -> fideslang data use, for a purpose without a `fideslang` key. "Security and fraud" spans two
# data uses (essential.service.security, essential.fraud_detection), and fideslang has no research use.
PURPOSE_KINDS: dict[str, str | None] = {
    "service_delivery": "essential.service",
    "legal_compliance": "essential.legal_obligation",
    "security_fraud": None,
    "analytics": "analytics",
    "marketing": "marketing",
    "advertising": "marketing.advertising",
    "personalisation": "personalize",
    "research": None,
    "other": None,
}

# $defs/sensitive_type -> the fideslang data category data of that type is in. "A or B" types whose halves are
# different categories (religious or philosophical beliefs; sex life or sexual orientation) have none.
SENSITIVE_TYPES: dict[str, str | None] = {
    "racial_or_ethnic_origin": "user.demographic.race_ethnicity",
    "political_opinions": "user.demographic.political_opinion",
    "religious_or_philosophical_beliefs": None,
    "trade_union_membership": None,
    "genetic": "user.health_and_medical.genetic",
    "biometric": "user.biometric",
    "health": "user.health_and_medical",
    "sex_life_or_orientation": None,
    "criminal_offences": "user.criminal_history",
    "government_identifier": "user.government_id",
    "financial_account": "user.financial",
    "account_credentials": "user.authorization.credentials",
    "precise_geolocation": "user.location.precise",
    "communications_content": None,
    "citizenship_or_immigration_status": None,
    "children": "user.childrens",
    "unspecified": None,
}

# $defs/legal_basis -> fideslang's LegalBasisForProcessingEnum (a declaration holds one: given when the purpose
# states exactly one).
LEGAL_BASES: dict[str, str | None] = {
    "consent": "Consent",
    "contract": "Contract",
    "legal_obligation": "Legal obligations",
    "vital_interests": "Vital interests",
    "public_task": "Public interest",
    "legitimate_interests": "Legitimate interests",
}

# $defs/special_category_condition -> fideslang's SpecialCategoryLegalBasisEnum (likewise one per declaration).
SPECIAL_CATEGORY_CONDITIONS: dict[str, str | None] = {
    "explicit_consent": "Explicit consent",
    "employment_social_security": "Employment, social security and social protection",
    "vital_interests": "Vital interests",
    "not_for_profit_body": "Not-for-profit bodies",
    "made_public_by_subject": "Made public by the data subject",
    "legal_claims": "Legal claims or judicial acts",
    "substantial_public_interest": "Reasons of substantial public interest (with a basis in law)",
    "health_or_social_care": "Health or social care (with a basis in law)",
    "public_health": "Public health (with a basis in law)",
    "archiving_research_statistics": "Archiving, research and statistics (with a basis in law)",
}

# $defs/transfer/mechanism -> the bases Fides offers for a system's transfers (a free list: Adequacy Decision, SCCs,
# BCRs, Supplementary Measures, Other). The others are named in meta, not folded into "Other".
TRANSFER_MECHANISMS: dict[str, str | None] = {
    "adequacy": "Adequacy Decision",
    "dpf": None,
    "sccs": "SCCs",
    "bcrs": "BCRs",
    "idta": None,
    "uk_addendum": None,
    "derogation": None,
    "other_stated_basis": None,
    "not_stated": None,
}

# Every table, by the schema enum it maps (its path under $defs): docs/export.md and the tests read this.
TABLES: dict[str, dict[str, str | None]] = {
    "purpose/properties/kind": PURPOSE_KINDS,
    "sensitive_type": SENSITIVE_TYPES,
    "legal_basis": LEGAL_BASES,
    "special_category_condition": SPECIAL_CATEGORY_CONDITIONS,
    "transfer/properties/mechanism": TRANSFER_MECHANISMS,
}
# The tables whose values are taxonomy keys (the others are fideslang's enum values or free text).
TAXONOMY_TABLES = {"purpose/properties/kind": "data_use", "sensitive_type": "data_category"}


def data_use(purpose: Item) -> str | None:
    """A purpose's fideslang data use: its own key, else its kind's, else none."""
    return purpose.get("fideslang") or (PURPOSE_KINDS[purpose["kind"]] if purpose.get("kind") else None)


def _keys(entry: Item) -> list[str]:
    """The fideslang data categories of a data category or item: its key and those its sensitive types name."""
    keys = [entry["fideslang"]] if entry.get("fideslang") else []
    keys += [key for kind in entry.get("sensitive_types", []) if (key := SENSITIVE_TYPES[kind])]
    return keys


class _Writer:
    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.data = policy.data

    def keys_of(self, ref: str) -> list[str]:
        """The fideslang data categories a data reference stands for: a category's own and all its items'; an item's
        own, else its category's (the item is in it)."""
        category = self.policy.categories.get(ref.split("/", 1)[0])
        if category is None:
            return []
        if "/" in ref:
            item = next((i for i in category.get("items", []) if i["id"] == ref.split("/", 1)[1]), None)
            return (_keys(item) if item else []) or _keys(category)
        return [*_keys(category), *(key for item in category.get("items", []) for key in _keys(item))]

    def keys(self, refs: list[str]) -> list[str]:
        return sorted({key for ref in refs for key in self.keys_of(ref)})

    def declaration(self, purpose: Item, use: str) -> dict[str, Any]:
        refs = self.policy.purpose_data(purpose)
        declaration: dict[str, Any] = {
            "name": purpose["description"],
            "data_use": use,
            "data_categories": self.keys(refs),
            "data_subjects": sorted({a["fideslang"] for a in self.policy.purpose_audiences(purpose)
                                     if a.get("fideslang")}),
        }
        bases = {b for b in [*purpose.get("legal_bases", []), *(s["basis"] for s in
                                                                 purpose.get("legal_basis_statements", []))]}
        if len(bases) == 1 and LEGAL_BASES[next(iter(bases))]:
            declaration["legal_basis_for_processing"] = LEGAL_BASES[next(iter(bases))]
        special = {t for ref in categories_of(refs) for t in self.policy.special_categories.get(ref, [])}
        if special & SPECIAL_CATEGORY_TYPES:
            declaration["processes_special_category_data"] = True
            conditions = set(purpose.get("special_category_conditions", []))
            if len(conditions) == 1:
                declaration["special_category_legal_basis"] = SPECIAL_CATEGORY_CONDITIONS[next(iter(conditions))]
        # Processors act for the organisation; any other recipient (or one whose role is not stated) is shared with.
        shared = [r for r in self.policy.purpose_recipients(purpose) if r.get("role") != "processor"]
        if shared:
            declaration["data_shared_with_third_parties"] = True
            declaration["third_parties"] = "; ".join(_recipient_words(r) for r in shared)
            declaration["shared_categories"] = self.keys([ref for r in shared for ref in r.get("data_categories", [])])
        return declaration

    def system(self) -> dict[str, Any]:
        organisation = self.data["organisation"]
        document = self.data["document"] or {}
        declarations, purposes = [], {}
        for purpose in self.data["purposes"]:
            use = data_use(purpose)
            purposes[purpose["id"]] = use
            if use:
                declarations.append(self.declaration(purpose, use))
        system: dict[str, Any] = {
            "fides_key": slug(organisation["name"]).replace("-", "_"),
            "name": organisation["name"],
            "description": f"The processing of personal data described in the privacy policy of {organisation['name']}"
                           + (f" ({document['title']})." if document.get("title") else "."),
            "system_type": "Service",
        }
        if organisation.get("legal_name"):
            system["legal_name"] = organisation["legal_name"]
        if str(document.get("url", "")).startswith(("https://", "http://")):
            system["privacy_policy"] = document["url"]
        dpo = [ch["value"] for c in self.data["contacts"] if c["kind"] == "dpo" for ch in c["channels"]]
        if dpo:
            system["dpo"] = dpo[0]
        transfers = self.data.get("transfers", [])
        if transfers:
            system["does_international_transfers"] = True
            bases = [b for t in transfers if (b := TRANSFER_MECHANISMS[t["mechanism"]])]
            if bases:
                system["legal_basis_for_transfers"] = list(dict.fromkeys(bases))
        system["privacy_declarations"] = declarations
        system["meta"] = {"policylint": self.meta(purposes)}
        return system

    def meta(self, purposes: dict[str, str | None]) -> dict[str, Any]:
        """What became of each purpose, data category and recipient, in the policy's words and order."""
        categories = {c["id"]: self.keys_of(c["id"]) for c in self.data["data_categories"]}
        return {
            "purposes": [{"id": pid, "data_use": use} for pid, use in purposes.items()],
            "data_categories": [{"id": cid, "fideslang": keys} for cid, keys in categories.items()],
            "recipients": [{"id": r["id"], "kind": r["kind"], **({"role": r["role"]} if r.get("role") else {}),
                            "names": [n["name"] for n in r.get("named", [])],
                            "data_categories": self.keys(r.get("data_categories", []))}
                           for r in self.data["recipients"]],
            "transfer_mechanisms": list(dict.fromkeys(t["mechanism"] for t in self.data.get("transfers", []))),
            "without_fideslang_key": {
                "purposes": [pid for pid, use in purposes.items() if not use],
                "data_categories": [cid for cid, keys in categories.items() if not keys],
            },
        }


def _recipient_words(recipient: Item) -> str:
    """A recipient as Fides' free-text field reads best: the names the policy gives, with what they are."""
    kind = words(recipient["kind"])
    names = ", ".join(n["name"] for n in recipient.get("named", []))
    return f"{names} ({kind})" if names else str(recipient.get("description") or kind)


def export(policy: Policy) -> str:
    """The Fides manifest, `system:` with one system, as YAML in a fixed key order."""
    manifest = {"system": [_Writer(policy).system()]}
    return yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True, width=120, default_flow_style=False)
