"""The policy model the rules and the renderer read: a schema-valid document with its indexes.

The model never changes the data; it adds what several rules need - items by id, the active rule profiles, usable
contacts, partial dates - so each rule stays small.
"""

from __future__ import annotations

import calendar
import heapq
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from policylint.findings import JsonPath, format_json_path

Item = dict[str, Any]

# Which declared frameworks switch each rule profile on. `core` is always on.
PROFILE_FRAMEWORKS: dict[str, frozenset[str]] = {
    "gdpr": frozenset({"gdpr", "uk_gdpr"}),
    "uk-gdpr": frozenset({"uk_gdpr"}),
    "dpf": frozenset({"eu_us_dpf", "uk_extension_dpf", "swiss_us_dpf"}),
    "ccpa": frozenset({"ccpa"}),
    "caloppa": frozenset({"caloppa"}),
    "shine-the-light": frozenset({"shine_the_light"}),
    "coppa": frozenset({"coppa"}),
}
PROFILES = ("core", *PROFILE_FRAMEWORKS)

_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$")


@dataclass(frozen=True)
class PartialDate:
    """A date at the precision the policy gives it."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        parts = [int(p) for p in text.split("-")]
        return cls(*parts)  # type: ignore[arg-type]

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def valid(self) -> bool:
        """Whether the date exists (the schema's pattern allows 2023-02-30 and the year 0)."""
        try:
            date(self.year, self.month or 1, self.day or 1)
        except ValueError:
            return False
        return True

    def earliest(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> date:
        if self.month is None:
            return date(self.year, 12, 31)
        if self.day is not None:
            return date(self.year, self.month, self.day)
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def __str__(self) -> str:
        return "-".join(f"{v:02d}" if i else f"{v:04d}" for i, v in enumerate((self.year, self.month, self.day))
                        if v is not None)


def transfer_destination(transfer: dict[str, Any]) -> str:
    """Where a transfer goes, as the policy says it: a country or region, "outside the EEA", or "not stated"."""
    outside = "outside " + " and ".join(transfer["destination_outside"]) if transfer.get("destination_outside") else ""
    if "destination" in transfer:
        return str(transfer["destination"]) + (f" ({outside})" if outside else "")
    return outside or "a destination not stated"


def denies_everything(statement: dict[str, Any]) -> bool:
    """Whether a negative statement is about all personal information: no data, recipients, purposes or technologies
    narrow it."""
    return not any(key in statement for key in ("data_categories", "recipients", "purposes", "technologies"))


def is_unlimited_fee(fee: dict[str, Any]) -> bool:
    """Whether a fee may be charged for any request: no ground (manifestly unfounded, excessive, further copies)
    limits it."""
    return fee["kind"] in ("may_charge", "charge") and not fee.get("grounds")


def category_of(ref: str) -> str:
    """The data category a data reference names: the category itself, or the one an item (category-id/item-id) is
    in."""
    return ref.split("/", 1)[0]


def categories_of(refs: list[str]) -> list[str]:
    """The distinct data categories a list of data references names, in order."""
    return list(dict.fromkeys(category_of(ref) for ref in refs))


def data_overlaps(first: list[str], second: list[str]) -> bool:
    """Whether two lists of data references share data: the same category or item, or a category and an item in it
    (two different items of one category do not overlap)."""
    wide = set(first) | {category_of(ref) for ref in first}
    return any(ref in wide or category_of(ref) in first for ref in second)


# Words that narrow a negative statement in ways no rule can check against the rest of the policy: a free-text
# qualification, a technique ("automated decision making to profile"), a channel ("through the Steamworks API").
UNCHECKABLE_LIMITS = ("qualification", "technique", "via")
# The recipients an exception condition allows: disclosures the law requires go to authorities, a sale of the
# business to the acquirer.
EXCEPTED_KINDS = {"legal_requirement": "public_authority", "business_transfer": "acquirer"}


def is_ico(authority_name: str) -> bool:
    """Whether an authority's name, as a policy writes it, is the UK Information Commissioner('s Office)."""
    name = authority_name.lower()
    return "ico" in name.replace("(", " ").replace(")", " ").split() or "information commissioner" in name


def duration_days(text: str) -> float | None:
    """An ISO 8601 duration in days (a month is 30.44 days, a year 365.25), or None when it does not parse."""
    match = _DURATION.match(text)
    if not match:
        return None
    if any(g and len(g) > 12 for g in match.groups()):
        return float("inf")  # longer than any calendar; int() of thousands of digits would overflow a float
    years, months, weeks, days, hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    return years * 365.25 + months * 30.44 + weeks * 7 + days + hours / 24 + minutes / 1440 + seconds / 86400


# The keys that narrow a retention statement to some data; a statement with none of them is about all data.
RETENTION_SCOPES = ("applies_to", "purposes", "technologies", "audiences", "scope_text")
# The kinds of retention limit that set an end: a period, an event, a time without use.
RETENTION_ENDS = ("period", "until_event", "after_inactivity")


def retention_is_about_all_data(statement: dict[str, Any]) -> bool:
    """Whether a retention statement covers all the data, not some categories, purposes, cookies or audiences."""
    return not any(key in statement for key in RETENTION_SCOPES)


def retention_sets_end(statement: dict[str, Any]) -> bool:
    """Whether a retention statement says when the data stops being kept: a period, an event or a time without use.
    Criteria ("as long as necessary") set none, nor does `indefinite`. A combined statement sets one when it ends at
    the sooner of its parts and one of them sets an end, or at the later ("whichever is longer") and all of them do."""
    if statement["kind"] != "combined":
        return statement["kind"] in RETENTION_ENDS
    ends = [part["kind"] in RETENTION_ENDS for part in statement["parts"]]
    return any(ends) if statement["combine"] == "shortest_of" else all(ends)


# Claims that data identifies no one; an item the encoding classifies as an identifier (an IP address, a device id,
# a hashed e-mail address) is personal data whatever the policy calls it (GDPR Art. 4(1), Recital 26).
NOT_IDENTIFYING = frozenset({"anonymous", "aggregate", "not_linked_to_identity", "de_identified"})

# The regions whose residents California's laws protect: a right for residents of the US, or of anywhere, is theirs.
CALIFORNIA = frozenset({"US-CA", "US", "WORLDWIDE"})

# The member states of the European Union (ISO 3166-1 alpha-2), and the region codes the schema allows for it.
EU_COUNTRIES = frozenset({"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
                          "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "EU", "EEA"})
UK_COUNTRIES = frozenset({"GB"})
# The European Economic Area: the Union and Iceland, Liechtenstein and Norway. A transfer inside it is no transfer to
# a third country (GDPR Chapter V).
EEA_COUNTRIES = EU_COUNTRIES | {"IS", "LI", "NO"}
# The countries with a Commission adequacy decision for the whole country or its private sector (GDPR Art. 45; the
# decisions under Directive 95/46/EC Art. 25(6) stay in force by Art. 45(9)): Andorra, Argentina, Canada (commercial
# organisations), the Faroe Islands, Guernsey, Israel, the Isle of Man, Japan, Jersey, New Zealand, the Republic of
# Korea, Switzerland, the United Kingdom and Uruguay, as the Commission's 2024 review and its list give them. The
# United States is left out: its decision (2023/1795) covers only organisations on the Data Privacy Framework List.
# A decision adopted later is not here; keep the list short and dated rather than guess.
ADEQUATE_COUNTRIES = frozenset({"AD", "AR", "CA", "FO", "GG", "IL", "IM", "JP", "JE", "NZ", "KR", "CH", "GB", "UY"})


def country_of(region: str) -> str:
    """The country of a region as the schema writes it: US for US-CA; EU, EEA and WORLDWIDE stay as they are."""
    return region.split("-", 1)[0]


def recipient_locations(recipient: dict[str, Any]) -> list[str]:
    """Where a recipient holds the data, as the policy says: its hosting where given (a U.S. company hosting in the
    EU), else the countries it and the recipients it names are in. Empty when the policy says no data leaves the
    origin region (`transfers_outside: false`) or gives no place."""
    if recipient.get("transfers_outside") is False:
        return []
    if recipient.get("hosting"):
        return list(dict.fromkeys(recipient["hosting"]))
    named = [n["country"] for n in recipient.get("named", []) if n.get("country")]
    return list(dict.fromkeys([*recipient.get("countries", []), *named]))

# GDPR Art. 9(1): the special categories (criminal-offence data, Art. 10, has rules of its own).
SPECIAL_CATEGORY_TYPES = frozenset({
    "racial_or_ethnic_origin", "political_opinions", "religious_or_philosophical_beliefs", "trade_union_membership",
    "genetic", "biometric", "health", "sex_life_or_orientation"})

# Tracker categories that are not strictly necessary: storing or reading them on a device needs consent (ePrivacy
# Directive Art. 5(3); PECR reg. 6 in the UK, where Sch. A1 para. 5 exempts analytics for statistical purposes).
CONSENT_TRACKER_CATEGORIES = frozenset({"analytics", "advertising"})


@dataclass(frozen=True)
class LawSignal:
    """A fact of the organisation's own that points at a law: where it is, and what it says."""

    law: str
    path: JsonPath
    fact: str  # "organisation.entities[0] is in DE"
    why: str  # "an establishment in the Union"
    citation: str
    # Whether the fact settles that the law applies (an establishment in the Union: GDPR Art. 3(1)), rather than
    # only raising the question (notices for Californians leave the CCPA's thresholds open).
    decisive: bool = False


# Each law as a sentence names it.
LAW_NAMES = {"gdpr": "the GDPR", "uk_gdpr": "the UK GDPR", "ccpa": "the CCPA", "coppa": "COPPA", "caloppa": "CalOPPA"}


@dataclass
class Policy:
    """A schema-valid policy document, for the rules and the renderer.

    `assumed_laws` are the laws the configuration or the command line says apply (`laws`, `--law`): facts about
    the organisation that the policy file need not hold.
    """

    data: dict[str, Any]
    today: date
    assumed_laws: frozenset[str] = frozenset()

    def section(self, key: str) -> Any:
        return self.data.get(key)

    def items(self, key: str) -> Iterator[tuple[JsonPath, Item]]:
        """The items of a top-level list with their paths."""
        for i, item in enumerate(self.data.get(key) or []):
            yield (key, i), item

    @cached_property
    def frameworks(self) -> frozenset[str]:
        """The laws the text names as applying, or mentions (not those it says do not apply, nor a framework it
        names only as a recipient's transfer mechanism)."""
        return frozenset(f["framework"] for f in self.data["frameworks"]
                         if f.get("stance") not in ("does_not_apply", "recipient_mechanism"))

    @cached_property
    def assessed_laws(self) -> dict[str, bool]:
        """Whether each law the `applicability` section assesses applies to the organisation (the last word wins)."""
        return {entry["law"]: entry["applies"] for entry in self.data.get("applicability", [])}

    @cached_property
    def applying_laws(self) -> frozenset[str]:
        """The laws that apply to the organisation: assessed as applying, or assumed by the configuration or the
        command line. What the text names is `frameworks`: a different fact."""
        return frozenset(law for law, applies in self.assessed_laws.items() if applies) | self.assumed_laws

    @cached_property
    def inferred_laws(self) -> dict[str, LawSignal]:
        """Laws nothing decides that the organisation's own facts settle, with the deciding fact: an establishment
        in the Union or the United Kingdom, or a representative designated there (Art. 27 presumes Art. 3(2))."""
        found: dict[str, LawSignal] = {}
        for signal in self.law_signals():
            if signal.decisive and signal.law not in found and self.is_undecided(signal.law):
                found[signal.law] = signal
        return found

    @cached_property
    def laws(self) -> frozenset[str]:
        """The laws whose rules run: those that apply (assessed, assumed or settled by the organisation's facts),
        and those the text names."""
        return self.applying_laws | self.frameworks | frozenset(self.inferred_laws)

    def grounds(self, profile: str) -> str | None:
        """Why a profile's rules run when the text does not name its law, in words for a finding; None when the
        text names it (or the profile is not a law's)."""
        laws = PROFILE_FRAMEWORKS.get(profile, frozenset())
        if not laws or laws & self.frameworks:
            return None
        for law in sorted(laws & self.applying_laws):
            name = LAW_NAMES.get(law, law)
            if law in self.assumed_laws and law not in self.assessed_laws:
                return f"{name} applies per the configuration or --law; the policy does not name it"
            return f"{name} applies per `applicability`; the policy does not name it"
        for law in sorted(laws & set(self.inferred_laws)):
            signal = self.inferred_laws[law]
            return f"{LAW_NAMES.get(law, law)} applies because {signal.fact} ({signal.citation}: {signal.why})"
        return None

    def addresses(self, law: str) -> bool | None:
        """Whether the policy speaks to `law`: names it, or gives what only that law asks for (legal bases, a
        supervisory authority, a representative, the rights only the GDPR gives; notices for Californians). None
        for a law whose content no test can tell from any policy's."""
        if any(f["framework"] == law and f.get("stance") not in ("recipient_mechanism", "does_not_apply")
               for f in self.data["frameworks"]):
            return True
        if law in ("gdpr", "uk_gdpr"):
            complaints = self.data.get("complaints") or {}
            return bool(self.data.get("legal_bases") or any(p.get("legal_bases") for p in self.data["purposes"])
                        or complaints.get("supervisory_authorities")
                        or any(c["kind"] == "representative" for c in self.data["contacts"])
                        or self.granted_rights & {"restriction", "portability", "objection", "withdraw_consent"})
        if law == "ccpa":
            return bool(self.data.get("california")
                        or any("US-CA" in s.get("residents_of", []) for s in self.rights))
        return None

    def is_undecided(self, law: str) -> bool:
        """Whether nothing says if `law` applies: the text does not name it (with any stance), no assessment covers
        it, and neither the configuration nor the command line assumes it."""
        named = {f["framework"] for f in self.data["frameworks"]}
        return law not in named and law not in self.assessed_laws and law not in self.assumed_laws

    def law_signals(self) -> Iterator[LawSignal]:
        """The organisation's own facts that point at a law: an entity or address in the EU or the UK, notices for
        California residents, statements about collecting from children with a parent's consent."""
        organisation = self.data["organisation"]
        places = [(("organisation", "entities", i), e.get("country"))
                  for i, e in enumerate(organisation.get("entities", []))]
        places.append((("organisation", "address"), (organisation.get("address") or {}).get("country")))
        for path, country in places:
            where = format_json_path(path)[2:]
            if country in EU_COUNTRIES:
                yield LawSignal("gdpr", path, f"{where} is in {country}", "an establishment in the Union",
                                "GDPR Art. 3(1)", decisive=True)
            elif country in UK_COUNTRIES:
                yield LawSignal("uk_gdpr", path, f"{where} is in {country}", "an establishment in the United Kingdom",
                                "UK GDPR Art. 3(1)", decisive=True)
        for path, contact in self.items("contacts"):
            regions = set(contact.get("represents_in", [])) if contact["kind"] == "representative" else set()
            where = format_json_path(path)[2:]
            if regions & EU_COUNTRIES:
                yield LawSignal("gdpr", path, f"{where} is a representative in the Union", "a representative is "
                                "designated where Art. 3(2) applies", "GDPR Art. 27(1)", decisive=True)
            if regions & UK_COUNTRIES:
                yield LawSignal("uk_gdpr", path, f"{where} is a representative in the United Kingdom", "a "
                                "representative is designated where Art. 3(2) applies", "UK GDPR Art. 27(1)",
                                decisive=True)
        for i, authority in enumerate((self.data.get("complaints") or {}).get("supervisory_authorities", [])):
            path = ("complaints", "supervisory_authorities", i)
            country = authority.get("country")
            law = "gdpr" if country in EU_COUNTRIES else "uk_gdpr" if country in UK_COUNTRIES else None
            if law:
                yield LawSignal(law, path, f"{format_json_path(path)[2:]} sends complaints to an authority in "
                                f"{country}", "a supervisory authority hears complaints under that law",
                                "GDPR Art. 77(1)" if law == "gdpr" else "UK GDPR Art. 77(1)")
        if self.data.get("california"):
            yield LawSignal("ccpa", ("california",), "the policy has notices for California residents",
                            "California residents are consumers, whose rights bind a business that meets a "
                            "threshold", "Cal. Civ. Code 1798.140(d), (i)")
        for i, statement in enumerate((self.data.get("children") or {}).get("statements", [])):
            # Only an age of 13 or under is COPPA's: "a higher age of consent" where countries set one (Steam) is
            # the GDPR's Art. 8, and a statement with no age says nothing about under-13s.
            if statement["kind"] in ("parental_consent", "parental_request") and statement.get("age", 99) <= 13:
                path = ("children", "statements", i)
                yield LawSignal("coppa", path, f"{format_json_path(path)[2:]} speaks of collecting from children "
                                "with a parent's consent", "an operator with actual knowledge that it collects "
                                "from children under 13", "15 U.S.C. 6502(a)(1); 16 CFR 312.3")

    @cached_property
    def profiles(self) -> frozenset[str]:
        active = {"core"} | {p for p, fws in PROFILE_FRAMEWORKS.items() if fws & self.laws}
        if (self.data.get("dpf") or {}).get("participates"):
            active.add("dpf")
        return frozenset(active)

    def ids(self, key: str) -> dict[str, JsonPath]:
        """Ids declared in a top-level list (or organisation entities, or tracking technologies) and where; the
        first wins on collision. For data_categories, the items inside them too, as category-id/item-id."""
        if key == "entities":
            entries = [(("organisation", "entities", i), e)
                       for i, e in enumerate(self.data["organisation"].get("entities", []))]
        elif key == "technologies":
            entries = [(("cookies", "technologies", i), t)
                       for i, t in enumerate((self.data.get("cookies") or {}).get("technologies", []))]
        elif key == "data_categories":
            found_refs: dict[str, JsonPath] = {}
            for path, category in self.items("data_categories"):
                found_refs.setdefault(category["id"], path)
                for j, item in enumerate(category.get("items", [])):
                    found_refs.setdefault(f"{category['id']}/{item['id']}", (*path, "items", j))
            return found_refs
        else:
            entries = list(self.items(key))
        found: dict[str, JsonPath] = {}
        for path, item in entries:
            found.setdefault(item["id"], path)
        return found

    @cached_property
    def contacts(self) -> dict[str, Item]:
        return {c["id"]: c for c in self.data["contacts"]}

    @cached_property
    def categories(self) -> dict[str, Item]:
        return {c["id"]: c for c in self.data["data_categories"]}

    @cached_property
    def capture_placeholders(self) -> frozenset[str]:
        """Texts the capture of the source put in place of the policy's own (`source.capture_defects` of kind
        `obfuscated`): a placeholder the published page turns back into an address in the reader's browser."""
        defects = (self.data.get("source") or {}).get("capture_defects", [])
        return frozenset(d["text"] for d in defects if d["kind"] == "obfuscated")

    def is_capture_artefact(self, channel: Item) -> bool:
        """Whether a channel is unusable only in the captured text: an obfuscated value the capture recorded as its
        own defect, so the published page shows a real address that the capture lost."""
        return channel.get("unusable") == "obfuscated" and any(
            placeholder in channel["value"] for placeholder in self.capture_placeholders)

    def usable_channels(self, contact: Item) -> list[Item]:
        """The channels readers can use as published (a capture artefact counts: the page shows the address)."""
        return [ch for ch in contact["channels"] if "unusable" not in ch or self.is_capture_artefact(ch)]

    def is_usable_contact(self, contact_id: str) -> bool:
        contact = self.contacts.get(contact_id)
        return bool(contact and self.usable_channels(contact))

    @cached_property
    def usable_contacts(self) -> list[str]:
        return [cid for cid in self.contacts if self.is_usable_contact(cid)]

    @property
    def rights(self) -> list[Item]:
        return (self.data.get("rights") or {}).get("statements", [])

    def right_statements(self) -> Iterator[tuple[JsonPath, Item]]:
        for i, statement in enumerate(self.rights):
            yield ("rights", "statements", i), statement

    @cached_property
    def granted_rights(self) -> frozenset[str]:
        return frozenset(s["right"] for s in self.rights)

    def rights_for(self, regions: frozenset[str]) -> frozenset[str]:
        """The rights granted to residents of any of `regions`: those granted to everyone, and those the policy
        limits to residents of a region among them (an EEA-only right to rectification is no Californian's)."""
        return frozenset(s["right"] for s in self.rights
                         if not s.get("residents_of") or set(s["residents_of"]) & regions)

    def negative(self, *claims: str) -> Iterator[tuple[JsonPath, Item]]:
        """Negative statements making any of `claims`, however they are limited (`denials` for those rules can
        evaluate)."""
        for path, statement in self.items("negative_statements"):
            if statement["claim"] in claims:
                yield path, statement

    def denials(self, *claims: str) -> Iterator[tuple[JsonPath, Item]]:
        """Negative statements making any of `claims` that rules can hold against the rest of the policy: those
        whose limits are all structured (data, purposes, recipients, technologies, exceptions), which the
        `denial_covers_*` methods read. A statement limited in words (UNCHECKABLE_LIMITS) is not evaluated."""
        for path, statement in self.negative(*claims):
            if not any(key in statement for key in UNCHECKABLE_LIMITS):
                yield path, statement

    def denial_covers_recipient(self, statement: Item, recipient: Item) -> bool:
        """Whether a recipient falls within what a negative statement denies: not one of its exceptions (named, for
        excepted purposes only, or of a kind its exception conditions allow), within the recipients it names, and
        receiving data and purposes it is about. A denial about some data is contradicted only by a recipient the
        policy shows receiving that data; a denial about all data, by any."""
        exceptions = statement.get("exceptions") or {}
        if recipient["id"] in exceptions.get("recipients", []):
            return False
        if recipient.get("purposes") and set(recipient["purposes"]) <= set(exceptions.get("purposes", [])):
            return False
        if recipient["kind"] in {EXCEPTED_KINDS.get(c) for c in exceptions.get("conditions", [])}:
            return False
        if statement.get("recipients") and recipient["id"] not in statement["recipients"]:
            return False
        # A denial about some data is contradicted only by a recipient shown to receive that data.
        if statement.get("data_categories") and not data_overlaps(statement["data_categories"],
                                                                  recipient.get("data_categories", [])):
            return False
        return not (statement.get("purposes") and recipient.get("purposes")
                    and not set(statement["purposes"]) & set(recipient["purposes"]))

    @staticmethod
    def denial_covers_technology(statement: Item, technology: Item) -> bool:
        """Whether a tracking technology falls within what a negative statement denies: one of the site's own (not
        on another's site, such as a payment provider's pages), one the statement is about, and, where both say
        so, collecting the data and run by the recipients the statement is about (and not only by recipients it
        excepts)."""
        if technology.get("location") == "off_site":
            return False
        if statement.get("technologies") and technology["id"] not in statement["technologies"]:
            return False
        run_by = technology.get("recipients", [])
        if run_by and set(run_by) <= set((statement.get("exceptions") or {}).get("recipients", [])):
            return False
        if statement.get("recipients") and run_by and not set(statement["recipients"]) & set(run_by):
            return False
        return not (statement.get("data_categories") and technology.get("data_categories")
                    and not data_overlaps(statement["data_categories"], technology["data_categories"]))

    def sensitive_data(self, types: frozenset[str]) -> list[tuple[JsonPath, str, list[str]]]:
        """The data categories and items the encoding classifies as any of the sensitive `types`, each as (path,
        data reference, the matching types). An item is listed only where its category is not already."""
        found = []
        for path, category in self.items("data_categories"):
            matching = sorted(types & set(category.get("sensitive_types", [])))
            if matching:
                found.append((path, category["id"], matching))
                continue
            for j, item in enumerate(category.get("items", [])):
                matching = sorted(types & set(item.get("sensitive_types", [])))
                if matching:
                    found.append(((*path, "items", j), f"{category['id']}/{item['id']}", matching))
        return found

    @cached_property
    def own_ends(self) -> dict[str, list[tuple[JsonPath, str]]]:
        """For each recipient shown using data for its own ends, where the policy shows it, as (path, name): the
        recipient itself when the policy says it may use data for its own purposes, and the purposes it pursues
        (alone or jointly with the organisation)."""
        found: dict[str, list[tuple[JsonPath, str]]] = {}
        for path, recipient in self.items("recipients"):
            if recipient.get("own_purposes"):
                found.setdefault(recipient["id"], []).append((path, f"recipient '{recipient['id']}'"))
        for path, purpose in self.items("purposes"):
            if purpose.get("pursued_by") in ("recipients", "joint"):
                for recipient_id in purpose.get("recipients", []):
                    found.setdefault(recipient_id, []).append((path, f"purpose '{purpose['id']}'"))
        return found

    def restrictions(self, *kinds: str) -> Iterator[tuple[JsonPath, Item]]:
        """Restrictions of any of `kinds` that rules can hold against the rest of the policy: those that list what
        they allow (or need no list) rather than describe it in words (`limited_to`, "its original purpose"), and
        whose exceptions are all structured (an exception `other` is in words)."""
        for path, restriction in self.items("restrictions"):
            if restriction["kind"] not in kinds or "limited_to" in restriction:
                continue
            if "other" in (restriction.get("exceptions") or {}).get("conditions", []):
                continue
            yield path, restriction

    @staticmethod
    def restriction_excepts_recipient(restriction: Item, recipient: Item) -> bool:
        """Whether a restriction's exceptions allow a recipient: named, or of a kind its exception conditions
        allow (authorities where the law requires it, an acquirer in a sale of the business)."""
        exceptions = restriction.get("exceptions") or {}
        return (recipient["id"] in exceptions.get("recipients", [])
                or recipient["kind"] in {EXCEPTED_KINDS.get(c) for c in exceptions.get("conditions", [])})

    @staticmethod
    def restriction_covers_data(restriction: Item, refs: list[str] | None) -> bool:
        """Whether data (a purpose's or a recipient's references, None when it names none) falls within what a
        restriction restricts: any data when the restriction is about all data, else data that overlaps it."""
        if not restriction.get("data_categories"):
            return True
        return bool(refs) and data_overlaps(restriction["data_categories"], refs)  # type: ignore[arg-type]

    @staticmethod
    def denial_covers_purpose(statement: Item, purpose: Item) -> bool:
        """Whether a purpose falls within what a negative statement denies: not excepted, and among those it names."""
        if purpose["id"] in (statement.get("exceptions") or {}).get("purposes", []):
            return False
        return not statement.get("purposes") or purpose["id"] in statement["purposes"]

    @staticmethod
    def said_not_identifying(category: Item) -> bool:
        """Whether the policy says a data category identifies no one (anonymous, aggregate, de-identified), without a
        condition, and the encoding classifies none of its items as an identifier: data outside the privacy laws'
        reach as far as the encoding shows (CCPA 1798.140(v)(3) excludes deidentified and aggregate information)."""
        claim = category.get("identifiability") or {}
        return (claim.get("claim") in NOT_IDENTIFYING and "condition" not in claim
                and not any(item.get("identifier") for item in category.get("items", [])))

    @cached_property
    def categories_with_purpose(self) -> frozenset[str]:
        """The data categories some purpose uses: those purposes name, and every category when a purpose is stated
        for all the data the policy collects (`all_data`)."""
        if any(p.get("all_data") for p in self.data["purposes"]):
            return frozenset(self.categories)
        return frozenset(c for p in self.data["purposes"] for c in categories_of(p.get("data_categories", [])))

    @cached_property
    def _naming(self) -> dict[str, dict[str, list[tuple[int, Item]]]]:
        """For purposes and recipients: the items that name each data category (or one of its items), with their
        positions, built once (a walk per lookup made rendering quadratic: security review finding 6). Purposes
        stated for all the data are under "*"."""
        index: dict[str, dict[str, list[tuple[int, Item]]]] = {}
        for key in ("purposes", "recipients"):
            naming: dict[str, list[tuple[int, Item]]] = {}
            for position, item in enumerate(self.data[key]):
                refs = ["*"] if key == "purposes" and item.get("all_data") else categories_of(
                    item.get("data_categories", []))
                for ref in refs:
                    naming.setdefault(ref, []).append((position, item))
            index[key] = naming
        return index

    def purposes_using(self, category_id: str) -> list[Item]:
        """The purposes that use a data category, in the policy's order: those that name it (or one of its items),
        and those stated for all the data the policy collects."""
        naming = self._naming["purposes"]
        return [item for _, item in heapq.merge(naming.get(category_id, []), naming.get("*", []),
                                                key=lambda pair: pair[0])]

    def recipients_of(self, category_id: str) -> list[Item]:
        """The recipients the policy says receive a data category (or one of its items)."""
        return [item for _, item in self._naming["recipients"].get(category_id, [])]

    def purpose_data(self, purpose: Item) -> list[str]:
        """The data references a purpose uses, in order: those it names, or every data category when it is stated for
        all the data the policy collects (`all_data`)."""
        named = list(purpose.get("data_categories", []))
        if purpose.get("all_data"):
            return list(dict.fromkeys([*self.categories, *named]))
        return named

    def purpose_recipients(self, purpose: Item) -> list[Item]:
        """The recipients of a purpose, in the policy's order: those the purpose names, and those that name it among
        their purposes."""
        named = set(purpose.get("recipients", []))
        return [r for r in self.data["recipients"] if r["id"] in named or purpose["id"] in r.get("purposes", [])]

    def purpose_audiences(self, purpose: Item) -> list[Item]:
        """The audiences a purpose names, in the policy's order (none when it names none: the policy does not say
        whom it concerns)."""
        named = set(purpose.get("audiences", []))
        return [a for a in self.data.get("audiences", []) if a["id"] in named]

    def recipient_transfers(self, recipient_id: str) -> list[Item]:
        """The transfer statements tied to a recipient."""
        return [t for t in self.data.get("transfers", []) if recipient_id in t.get("recipients", [])]

    def unqualified_denials(self) -> list[Item]:
        """The negative statements nothing narrows or softens: about all personal information (`denies_everything`),
        for everyone, with no exception, qualification, hedge, channel or technique. Only these can be a headline."""
        narrowing = ("exceptions", "qualification", "hedge", "audiences", "via", "technique")
        return [s for s in self.data["negative_statements"]
                if denies_everything(s) and not any(key in s for key in narrowing)]

    def handles_only_anonymous_data(self, purpose: Item) -> bool:
        """Whether a purpose names its data and the policy says all of it identifies no one (`said_not_identifying`):
        outside the GDPR (Recital 26) as far as the encoding shows, so no Art. 6 basis is owed for it."""
        refs = categories_of(purpose.get("data_categories", []))
        return bool(refs) and all(ref in self.categories and self.said_not_identifying(self.categories[ref])
                                  for ref in refs)

    @cached_property
    def personal_categories(self) -> list[tuple[JsonPath, Item]]:
        """The data categories with their paths, less those the policy says identify no one (`said_not_identifying`)."""
        return [(path, c) for path, c in self.items("data_categories") if not self.said_not_identifying(c)]

    @cached_property
    def states_sharing(self) -> bool:
        """Whether the policy says what it shares for cross-context behavioural advertising (CCPA "sharing"): a list of
        the categories shared, alone or with those sold, or a statement that it does not share for that purpose or
        does not disclose personal information to third parties at all. A statement that it does not sell says
        nothing about sharing."""
        california = self.data.get("california") or {}
        if "sold_or_shared_categories" in california or "shared_categories" in california:
            return True
        if any(self.negative("no_sharing_for_cross_context_advertising")):
            return True
        return any(denies_everything(s) for _, s in self.denials("no_sharing", "no_transfer_to_third_parties"))

    @property
    def lists_sold_or_shared(self) -> bool:
        """Whether the policy lists the categories sold or shared in the last 12 months: in one list, or as a list
        of those sold beside a list of those shared."""
        california = self.data.get("california") or {}
        return "sold_or_shared_categories" in california or {"sold_categories", "shared_categories"} <= set(california)

    @cached_property
    def special_categories(self) -> dict[str, list[str]]:
        """The data categories holding GDPR Art. 9(1) special-category data, by id, with the special types found in
        the category or in any of its items."""
        found: dict[str, list[str]] = {}
        for category in self.data["data_categories"]:
            kinds = set(category.get("sensitive_types", []))
            kinds.update(t for item in category.get("items", []) for t in item.get("sensitive_types", []))
            if kinds & SPECIAL_CATEGORY_TYPES:
                found.setdefault(category["id"], sorted(kinds & SPECIAL_CATEGORY_TYPES))
        return found

    @staticmethod
    def rests_on_consent(purpose: Item) -> bool:
        """Whether a purpose rests on consent as the policy states it: consent named as its basis or its Art. 9(2)
        condition, or the purpose pursued only with prior consent (`consent: opt_in`) whether or not consent is
        named as the basis."""
        return ("consent" in purpose.get("legal_bases", []) or purpose.get("consent") == "opt_in"
                or "explicit_consent" in purpose.get("special_category_conditions", []))

    def consent_trackers(self) -> list[tuple[JsonPath, Item]]:
        """The site's own trackers whose storage on, or reading from, the person's device needs consent: analytics
        and advertising technologies (not log files, nor cookies set on another's site). Under the UK rules alone
        analytics is left out: PECR Sch. A1 para. 5 exempts storage for statistical purposes."""
        kinds = CONSENT_TRACKER_CATEGORIES
        if "uk_gdpr" in self.laws and "gdpr" not in self.laws:
            kinds = kinds - {"analytics"}
        return [(path, t) for path, t in self.technologies()
                if t.get("category") in kinds and t["technology"] != "log_files" and t.get("location") != "off_site"]

    @cached_property
    def trackers_without_consent_info(self) -> list[tuple[JsonPath, Item]]:
        """The trackers needing consent (`consent_trackers`) for which the policy states no consent: cookies.consent
        is not opt-in (nor raised and left unstated), no cookie-settings tool stands for it, and no purpose they serve
        rests on consent. Those on a purpose claiming legitimate interests are left out: that claim is its own
        defect (PL320)."""
        cookies = self.data.get("cookies") or {}
        mode = cookies.get("consent")
        if mode in ("opt_in", "not_stated"):
            return []
        if mode is None and any(c["kind"] == "cookie_settings" for c in cookies.get("controls", [])):
            return []
        purposes = {p["id"]: p for p in self.data["purposes"]}
        served = [[purposes[p] for p in t.get("purposes", []) if p in purposes] for _, t in self.consent_trackers()]
        return [(path, t) for (path, t), ends in zip(self.consent_trackers(), served, strict=True)
                if not any(self.rests_on_consent(p) for p in ends)
                and not any("legitimate_interests" in p.get("legal_bases", []) for p in ends)]

    def technologies(self) -> list[tuple[JsonPath, Item]]:
        """The tracking technologies the policy describes, with their paths."""
        return [(("cookies", "technologies", i), t)
                for i, t in enumerate((self.data.get("cookies") or {}).get("technologies", []))]

    @cached_property
    def legal_bases(self) -> frozenset[str]:
        return frozenset(b for p in self.data["purposes"] for b in p.get("legal_bases", []))

    def response_time_statements(self) -> Iterator[tuple[JsonPath, Item]]:
        """Every response-time statement: for rights in general and on single rights, with a period or without one
        (a statement may give only an extension, "for no longer than two further months")."""
        for i, time in enumerate((self.data.get("rights") or {}).get("response_times", [])):
            yield ("rights", "response_times", i), time
        for path, statement in self.right_statements():
            if "response_time" in statement:
                yield (*path, "response_time"), statement["response_time"]

    def response_times(self) -> Iterator[tuple[JsonPath, Item]]:
        """Every response time the policy states with a period."""
        for path, time in self.response_time_statements():
            if "period" in time:
                yield path, time

    def fees(self) -> Iterator[tuple[JsonPath, Item]]:
        """Every fee statement: for rights in general and on single rights."""
        for i, fee in enumerate((self.data.get("rights") or {}).get("fees", [])):
            yield ("rights", "fees", i), fee
        for path, statement in self.right_statements():
            if "fee" in statement:
                yield (*path, "fee"), statement["fee"]

    @cached_property
    def home_regions(self) -> frozenset[str]:
        """The countries a transfer starts from under the laws that apply: the EEA, and the United Kingdom when the
        UK GDPR applies (a UK company's UK hosting is no transfer under it, and the UK's adequacy decision covers its
        EU data; reporting it would make PL330 fire on lawful set-ups)."""
        return EEA_COUNTRIES | UK_COUNTRIES if "uk_gdpr" in self.laws else EEA_COUNTRIES

    @cached_property
    def transfer_places(self) -> dict[str | None, set[str]]:
        """Where the transfer statements send data, by recipient id (None for statements tied to no recipient): the
        countries they name, and "*" for a statement that names none ("outside the EEA") or WORLDWIDE."""
        places: dict[str | None, set[str]] = {}
        for transfer in self.data.get("transfers", []):
            destination = transfer.get("destination")
            place = "*" if destination in (None, "WORLDWIDE") else country_of(destination)
            for recipient_id in transfer.get("recipients") or [None]:
                places.setdefault(recipient_id, set()).add(place)
        return places

    def transfer_covers(self, recipient_id: str, region: str) -> bool:
        """Whether a transfer statement speaks to data going to a recipient in `region`: one tied to the recipient
        (to that country, or to no named country), or one tied to no recipient that names that country, names none
        ("outside the EEA"), or names WORLDWIDE."""
        wanted = {"*", country_of(region)}
        return any(wanted & self.transfer_places.get(key, set()) for key in (recipient_id, None))

    def unstated_transfers(self) -> Iterator[tuple[JsonPath, Item, list[str]]]:
        """Recipients the policy places outside the home region (`home_regions`) with the places no transfer statement
        covers."""
        for path, recipient in self.items("recipients"):
            outside = [r for r in recipient_locations(recipient) if country_of(r) not in self.home_regions]
            uncovered = [r for r in outside if not self.transfer_covers(recipient["id"], r)]
            if uncovered:
                yield path, recipient, uncovered

    def dpf_recourse_bodies(self) -> list[tuple[JsonPath, Item]]:
        """The DPF independent recourse bodies the policy names."""
        dpf = self.data.get("dpf") or {}
        return [(("dpf", "recourse_bodies", i), b) for i, b in enumerate(dpf.get("recourse_bodies", []))]

    def authorities(self) -> Iterator[tuple[JsonPath, Item]]:
        for i, authority in enumerate((self.data.get("complaints") or {}).get("supervisory_authorities", [])):
            yield ("complaints", "supervisory_authorities", i), authority

    @property
    def is_draft(self) -> bool:
        """The policy is being written and is not published (`document.status: draft`): its findings are its
        to-do list."""
        return (self.data["document"] or {}).get("status") == "draft"

    def date(self, key: str) -> PartialDate | None:
        statement = (self.data["document"] or {}).get(key)
        return PartialDate.parse(statement["date"]) if statement else None
