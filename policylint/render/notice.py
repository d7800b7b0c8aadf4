"""Build the human-readable notice from the policy model, for one of two audiences.

- `notice` (the default): what an organisation publishes, in its own voice ("We keep your order data for 6 years"),
  after a one-screen summary and a table of contents. What the policy leaves unstated is left out, never filled in.
- `review`: the auditor's view of the same model. Every gap is said ("Effective: not stated."), and the policy is
  described from outside ("as the policy hedges it").

Sections come in the order people expect. What the policy says it does not do is said in the negative. Every field of
the schema that is not marked internal is rendered somewhere in the review, and in the notice unless it says what is
missing or how the policy was encoded (NOT_IN_NOTICE; tests/test_render.py checks both).
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from policylint.model import Policy, duration_days
from policylint.render.blocks import (
    Block,
    Bullets,
    Entry,
    Heading,
    Line,
    Link,
    Notice,
    Paragraph,
    Ref,
    Region,
    Strong,
    Table,
)
from policylint.render.wording import date_words, duration_words, place_words, places_words, words

Item = dict[str, Any]

AUDIENCES = ("notice", "review")

# Fields the published notice leaves out: each says what the source lacks or how it was encoded, which the review
# shows and a reader of the organisation's notice has no use for.
NOT_IN_NOTICE = frozenset({
    "unusable",  # a channel's defect as published ("obfuscated"): the notice still shows the channel as written
    "omits",  # what a statement leaves out
    "introduction", "section",  # an empty list, as published
    "fideslang", "sensitive_types",  # the encoder's classification, not the policy's words
    "schema_version", "language",
})

# Which audience is being written. The section builders are many small functions; the audience changes only how a
# gap or a hedge is said, so it is read here rather than passed through every one of them.
_REVIEW: ContextVar[bool] = ContextVar("review", default=True)


def _reviewing() -> bool:
    return _REVIEW.get()


def _gap(text: str) -> list[Block]:
    """A paragraph saying what the policy leaves out: in the review only."""
    return [Paragraph([text])] if _reviewing() else []


def _unstated(text: str = "not stated") -> str:
    """What a table cell or a list shows for a value the policy does not give: said in the review, blank in the
    notice."""
    return text if _reviewing() else ""

NEGATIVE = {
    "no_sale": "We do not sell personal information.",
    "no_rental": "We do not rent personal information.",
    "no_sharing": "We do not share personal information with third parties.",
    "no_third_party_marketing": "We do not share personal information for third parties' own marketing.",
    "no_transfer_to_third_parties": "We do not transfer personal data to third parties.",
    "no_special_categories": "We do not collect special categories of personal data.",
    "no_publication": "We do not publish it without your permission.",
    "confidential": "We keep it confidential.",
    "no_other_collection": "We collect no other information.",
    "no_real_name_required": "We do not require your real name.",
    "no_device_access": "We do not read or store anything on your device.",
    "no_sensitive_personal_information": "We do not collect sensitive personal information (as California law "
                                         "defines it).",
    "no_sharing_for_cross_context_advertising": "We do not share personal information for cross-context "
                                                "behavioural advertising.",
    "no_criminal_offence_data": "We do not collect information about criminal convictions and offences.",
    "no_cookies": "We do not use cookies.",
    "no_automated_decision_making": "We do not make decisions about you by automated means alone.",
    "no_profiling": "We do not profile you.",
    "no_knowing_collection_from_children": "We do not knowingly collect personal information from children.",
    "no_cross_site_tracking": "We do not track you across other websites.",
    "no_storage_of_payment_data": "We do not store payment data.",
    "no_processor_own_use": "Our service providers may not use personal data for their own purposes.",
    "no_individual_tracking": "We do not track what individual users do.",
    "no_consent_reliance": "We do not rely on consent as a legal basis.",
    "no_personal_data_in_logs": "The data in our logs is not linked to personal information.",
}

# How each boolean field reads, true and false (also used by the coverage test).
BOOLEANS: dict[str, tuple[str, str]] = {
    "exclusive": ("the only way", "one way among others"),
    "own_purposes": ("may use it for their own purposes", "may use it only on our behalf"),
    "sale": ("this disclosure is a sale", "this disclosure is not a sale"),
    "sharing_for_advertising": ("shared for advertising", "not shared for advertising"),
    "published": ("published", "not published"),
    "allowed": ("allowed", "not allowed"),
    "participates": ("We participate in the Data Privacy Framework.",
                     "We do not participate in the Data Privacy Framework."),
    "free_of_charge": ("free of charge", "not stated to be free of charge"),
    "can_be_disabled": ("can be switched off", "cannot be switched off"),
    "used": ("We use automated decision-making.", "We do not use automated decision-making."),
    "profiling": ("It involves profiling.", "It does not involve profiling."),
    "profiling.used": ("People are profiled.", "People are not profiled."),
    "transfers_outside": ("data goes to it outside the region it comes from",
                          "no data goes to it outside the region it comes from"),
    "identifier": ("identifies you or your device", "does not identify you on its own"),
    "alternative": ("one of alternatives", "alongside the others"),
    "requirements_any_of": ("any one of these", "all of these"),
    "all_data": ("all the information we collect", "only the data named"),
}

RESTRICTIONS = {"only_purposes": "is used only for", "only_recipients": "is shared only with",
                "only_as_instructed": "is used and shared only as instructed",
                "internal_use_only": "is used only within the organisation"}
PARTIES = {"first": "first party (us)", "third": "third party", "both": "both (first and third parties)"}


SAFEGUARDS = {"human_intervention": "obtain human intervention", "point_of_view": "express your point of view",
              "contest": "contest the decision"}
CONSENT_MODES = {"opt_in": "nothing non-essential is set before you agree", "opt_out": "set until you refuse",
                 "none": "set without asking", "not_stated": "how is not stated"}
# A recipient's role reads differently from the same word for the organisation's own entities.
RECIPIENT_ROLES = {"processor": "processor, acting only on our behalf",
                   "independent_controller": "independent controller, deciding its own purposes",
                   "joint_controller": "joint controller, deciding the purposes with us"}


def label(value: str) -> str:
    """How an enum value reads in the notice (the one wording table, `wording.WORDS`); `not_stated` is said in the
    review only."""
    return words(value) if _stated(value) else _unstated()


def _stated(value: str) -> bool:
    """Whether an enum value says something the notice can show: in the review every value does, and in the
    notice every one but `not_stated` (the encoder's record that the policy is silent)."""
    return value != "not_stated" or _reviewing()


def yes_no(field_name: str, value: bool) -> str:
    return BOOLEANS[field_name][0 if value else 1]


def date_text(value: str) -> str:
    return date_words(value)


class _Indexed(Policy):
    """The policy with its lookups from id to name, each built once (security review finding 6: building one for
    each recipient, retention statement or right that refers to ids made rendering quadratic)."""

    @cached_property
    def names(self) -> dict[str, dict[str, str]]:
        data = self.data
        categories = _by_id(data["data_categories"], "label")
        items = {}
        for category in data["data_categories"]:
            for item in category.get("items", []):
                categories[f"{category['id']}/{item['id']}"] = f"{item['label']} ({category['label']})"
                items[f"{category['id']}/{item['id']}"] = item["label"]
        technologies = {t["id"]: _technology_name(t) for t in (data.get("cookies") or {}).get("technologies", [])}
        return {"data_categories": categories, "items": items, "technologies": technologies,
                "audiences": _by_id(data.get("audiences", []), "label"),
                "purposes": _by_id(data["purposes"], "description"),
                "contacts": {c["id"]: _contact_name(c) for c in data["contacts"]},
                "entities": _by_id(data["organisation"].get("entities", []), "legal_name"),
                "recipients": {r["id"]: _recipient_name(r) for r in data["recipients"]}}


def _contact_name(contact: Item) -> str:
    """How a contact reads: its name, or what it is ("Data protection officer"), never its id."""
    return str(contact.get("name") or label(contact["kind"]).capitalize())


def _recipient_name(recipient: Item) -> str:
    """How a reference to a recipient reads: the names the policy gives, its words for it, or its kind (and when)."""
    if recipient.get("named"):
        return ", ".join(n["name"] for n in recipient["named"])
    if "description" in recipient:
        return str(recipient["description"])
    return label(recipient["kind"]) + (f" (when: {recipient['condition']})" if "condition" in recipient else "")


def _technology_name(technology: Item) -> str:
    """How a reference to a tracking technology reads: its name, its provider, or what it is."""
    return str(technology.get("name") or technology.get("provider") or label(technology["technology"]))


def _hedged(statement: Item) -> str:
    """The words a statement is softened with, quoted: the reader sees that it is hedged, and how."""
    return (f"as the policy hedges it: \"{statement['hedge']}\"" if _reviewing()
            else f"in our words: \"{statement['hedge']}\"")


def _by_id(items: list[Item], field: str) -> dict[str, str]:
    """Each item's `field` (or its id when it has none) by id; the last item wins when ids collide."""
    return {item["id"]: item.get(field, item["id"]) for item in items}


SECTIONS = (
    ("Who we are and how to reach us", "who-we-are-and-how-to-reach-us"),
    ("What we collect and where it comes from", "what-we-collect-and-where-it-comes-from"),
    ("Why we use it and on what legal basis", "why-we-use-it-and-on-what-legal-basis"),
    ("Who we share it with", "who-we-share-it-with"),
    ("International transfers", "international-transfers"),
    ("How long we keep it", "how-long-we-keep-it"),
    ("Your rights and how to exercise them", "your-rights-and-how-to-exercise-them"),
    ("What we do not do", "what-we-do-not-do"),
    ("Cookies and tracking", "cookies-and-tracking"),
    ("Children", "children"),
    ("Security", "security"),
    ("Changes to this policy", "changes-to-this-policy"),
    ("Data Privacy Framework", "data-privacy-framework"),
    ("California notices", "california-notices"),
    ("Laws and frameworks this policy names", "laws-and-frameworks-this-policy-names"),
    ("Other information", "other-information"),
)
# Anchors are the slugs GitHub and most Markdown tools give the headings, so the contents links work in Markdown too.
ANCHORS = dict(SECTIONS)


@dataclass(frozen=True)
class ChangesSince:
    """The material changes since an earlier version, as `policylint diff` words them, and that version's date."""

    since: str  # the earlier version's date as written ("2024-02"), or "" when it gives none
    changes: tuple[str, ...]


def build_notice(policy: Policy, audience: str = "notice", changes: ChangesSince | None = None) -> Notice:
    """The notice for `audience` (one of AUDIENCES), with a "What changed" section when `changes` is given."""
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {', '.join(AUDIENCES)}, not {audience!r}")
    token = _REVIEW.set(audience == "review")
    try:
        return _build(_Indexed(policy.data, policy.today), changes)
    finally:
        _REVIEW.reset(token)


def _what_changed(changes: ChangesSince) -> list[Block]:
    since = f"the version of {date_text(changes.since)}" if changes.since else "the previous version"
    if not changes.changes:
        return [Paragraph([f"Nothing material has changed since {since}."])]
    return [Paragraph([f"What has changed since {since}:"]), Bullets([[c] for c in changes.changes])]


def _build(policy: _Indexed, changes: ChangesSince | None = None) -> Notice:
    data = policy.data
    document = data["document"]
    title = document["title"]
    organisation = data["organisation"]["name"]
    if organisation.casefold() not in title.casefold():
        title = f"{organisation}: {title}"  # which organisation's policy this is, in the tab and in search results
    notice = Notice(tidy_text(title), document.get("language", "en"))
    notice.blocks += [Heading(1, title), Paragraph(_document_line(document))]
    sections: list[tuple[str, str, list[Block]]] = []
    for (heading, anchor), section in zip(SECTIONS, (
            _who_we_are, _collect, _purposes, _sharing, _transfers, _retention, _rights, _negatives, _cookies,
            _children, _security, _changes, _dpf, _california, _frameworks, _other), strict=True):
        blocks = section(policy)
        if blocks:
            sections.append((heading, anchor, blocks))
    if changes is not None:
        sections.insert(0, ("What changed", "what-changed", _what_changed(changes)))
    present = {anchor for _, anchor, _ in sections}
    summary = _summary_blocks(policy, present) if not _reviewing() else [Bullets(_summary(policy))]
    notice.blocks.append(Region("section", "summary", "Summary", summary))
    notice.blocks.append(Region("nav", "contents", "Contents", [Bullets(
        [[Ref(heading, anchor)] for heading, anchor, _ in sections])]))
    for heading, anchor, blocks in sections:
        notice.blocks.append(Heading(2, heading, anchor))
        notice.blocks.extend(blocks)
    if _reviewing():
        notice.blocks.append(Paragraph([f"This review was generated by policylint from a policy written against "
                                        f"schema version {data['schema_version']}."]))
    _tidy_blocks(notice.blocks)
    return notice


def _blank(cell: Line) -> bool:
    return all(isinstance(part, str) and not part.strip() for part in cell)


def _drop_blank_columns(table: Table) -> None:
    """A column with nothing in it is left out: in the notice, one the policy gives nothing for (no recipient's role
    is stated); in the review, where a gap is said in its cell, one with nothing to say (no classification)."""
    keep = [i for i in range(len(table.header)) if i == 0 or not all(_blank(row[i]) for row in table.rows)]
    table.header = [table.header[i] for i in keep]
    table.rows = [[row[i] for i in keep] for row in table.rows]


def _tidy_blocks(blocks: list[Block]) -> None:
    for block in blocks:
        if isinstance(block, Region):
            _tidy_blocks(block.blocks)
        elif isinstance(block, Heading):
            block.text = tidy_text(block.text)
        elif isinstance(block, Paragraph):
            block.parts = _tidy(block.parts)
        elif isinstance(block, Bullets):
            block.items = [Entry(_tidy(item.line), [_tidy(line) for line in item.under]) if isinstance(item, Entry)
                           else _tidy(item) for item in block.items]
        elif isinstance(block, Table):
            block.rows = [[_tidy(cell) for cell in row] for row in block.rows]
            _drop_blank_columns(block)


# Punctuation doubled where the policy's words meet ours: "Policy." + "." or "; ", "København V," + ", ".
_DOUBLED = ((re.compile(r"(?<!\.)\.\.(?!\.)"), "."), (re.compile(r"\.;"), ";"), (re.compile(r",\s*,"), ","),
            (re.compile(r";\s*;"), ";"), (re.compile(r"\.\s+\.(?!\.)"), "."))


def tidy_text(text: str) -> str:
    """A text without doubled punctuation marks (an ellipsis is kept). Runs overlap (", ,,"), so the rules are applied
    until nothing changes; each pass at least halves every run of marks, so a run of n takes log n passes."""
    while True:
        tidied = text
        for pattern, single in _DOUBLED:
            tidied = pattern.sub(single, tidied)
        if tidied == text:
            return text
        text = tidied


def _tidy(line: Line) -> Line:
    """A line without doubled punctuation, within its parts and where two parts meet (links are left as written)."""
    out: Line = []
    for part in line:
        if isinstance(part, Link | Ref):
            out.append(part)
            continue
        text = tidy_text(part.text if isinstance(part, Strong) else part)
        before = out[-1] if out else None
        previous = (before if isinstance(before, str) else before.text) if before is not None else ""
        if previous.rstrip().endswith((".", ",", ";")) and text.lstrip()[:1] in (".", ",", ";") \
                and not text.lstrip().startswith("..."):
            text = text.lstrip()[1:]
        out.append(Strong(text) if isinstance(part, Strong) else text)
    return out


def _document_line(document: Item) -> Line:
    # A draft says so first, in both audiences: a notice printed from it must not pass for the published one.
    parts: Line = ["Draft: not yet published. "] if document.get("status") == "draft" else []
    for key, what in (("effective_date", "Effective"), ("last_updated", "Last updated")):
        if key in document:
            parts.append(f"{what}: {date_text(document[key]['date'])}. ")
        elif _reviewing():
            parts.append(f"{what}: not stated. ")
    if "as_of" in document:
        parts.append(f"Information current as of: {date_text(document['as_of']['date'])}. ")
    if "version" in document:
        parts.append(f"Version: {document['version']}. ")
    if "url" in document:
        parts += ["Published at ", Link(document["url"], document["url"]), ". "]
    if "language" in document and _reviewing():
        parts.append(f"Language: {document['language']}.")
    return parts


SUMMARY_ITEMS = 6  # the review's summary is one screen: longer lists are cut, and given in full in their section


def _few(names: list[str], empty: str) -> str:
    if not names:
        return empty
    shown = "; ".join(names[:SUMMARY_ITEMS])
    return shown + (f"; and {len(names) - SUMMARY_ITEMS} more (see below)" if len(names) > SUMMARY_ITEMS else "")


def _names(items: list[Item], key: str = "label") -> str:
    return _few([i[key] for i in items], "not stated")


def _summary(policy: Policy) -> list[Line]:
    """The review's summary: what the policy gives for each thing a reader looks for first, and what it does not."""
    data = policy.data
    kept = [_retention_text(r) for r in data["retention"]]
    rights = ", ".join(dict.fromkeys(label(s["right"]) for s in policy.rights))  # a right stated twice, listed once
    contacts = [_contact_name(c) for c in data["contacts"] if policy.is_usable_contact(c["id"])]
    return [
        [Strong("What we collect: "), _names(data["data_categories"])],
        [Strong("Why: "), _names(data["purposes"], "description")],
        [Strong("Who we share it with: "), _few([_recipient_name(r) for r in data["recipients"]],
                                                "no one named")],
        [Strong("How long we keep it: "), _few(kept, "not stated")],
        [Strong("Your rights: "), rights or "none stated"],
        [Strong("How to reach us: "), ", ".join(contacts) if contacts else "the policy gives no usable contact"],
    ]


# The notice's summary is built like a privacy "nutrition label" (Kelley et al., CMU 2009): a grid of what is
# collected against why it is used and who receives it, then the few facts people look for first. It must fit one
# screen (tests/test_render_browser_summary.py measures it at 1280x800), so rows and names are capped; the sections
# it links to give everything.
GRID_ROWS = 7
GRID_NAMES = 2
FACT_NAMES = 5


def _capped(names: list[str], limit: int, more: str = "more") -> str:
    names = list(dict.fromkeys(n for n in names if n))
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f" and {len(names) - limit} {more}"


def _short(text: str, words: int = 6) -> str:
    """A purpose's description as a grid cell holds it: up to its first colon, semicolon, parenthesis or "including",
    and at most `words` words (cut with an ellipsis, never reworded)."""
    head = re.split(r"[:;(]| including\b| which\b| such as\b", text, maxsplit=1)[0].strip().rstrip(",.")
    cut = head.split()
    return " ".join(cut[:words]) + ("…" if len(cut) > words else "") if cut else text


def _purpose_short(purpose: Item) -> str:
    # The kind is the encoder's reading, and "other" says nothing: the policy's own words then.
    kind = purpose.get("kind", "other")
    return label(kind).capitalize() if kind != "other" else _short(purpose["description"])


def _summary_blocks(policy: _Indexed, present: set[str]) -> list[Block]:
    data = policy.data
    blocks: list[Block] = []
    rows: list[list[Line]] = []
    for category in data["data_categories"][:GRID_ROWS]:
        uses = [_purpose_short(p) for p in policy.purposes_using(category["id"])]
        receivers = [label(r["kind"]).capitalize() for r in policy.recipients_of(category["id"])]
        rows.append([[category["label"]], [_capped(uses, GRID_NAMES)], [_capped(receivers, GRID_NAMES)]])
    if rows and any(cell != [""] for row in rows for cell in row[1:]):
        more = len(data["data_categories"]) - GRID_ROWS
        blocks.append(Table(["Information", "What we use it for", "Who receives it"], rows,
                            caption="What we collect, why, and who receives it"
                                    + (f" ({more} more kinds of information in the full policy)" if more > 0 else "")))
    facts: list[Line] = []

    def fact(what: str, anchor: str, *parts: str | Link) -> None:
        if anchor in present:
            facts.append([Ref(what, anchor), ": ", *parts])
    if not blocks:  # no purpose or recipient is tied to its data: the three lists side by side
        fact("What we collect", ANCHORS["What we collect and where it comes from"],
             _capped([c["label"] for c in data["data_categories"]], FACT_NAMES))
        fact("What we use it for", ANCHORS["Why we use it and on what legal basis"],
             _capped([_purpose_short(p) for p in data["purposes"]], FACT_NAMES))
    fact("Who receives it", ANCHORS["Who we share it with"],
         _capped([label(r["kind"]) for r in data["recipients"]], FACT_NAMES, "more kinds of recipient"))
    fact("What we do not do", ANCHORS["What we do not do"],
         " ".join(NEGATIVE[n["claim"]] for n in policy.unqualified_denials()[:3]))
    fact("How long we keep it", ANCHORS["How long we keep it"], _retention_summary(policy))
    rights = [label(s["right"]) for s in policy.rights]
    if rights:
        fact("Your rights", ANCHORS["Your rights and how to exercise them"],
             "you may " + _capped(rights, FACT_NAMES, "more rights") + ".")
    reach = _first_channel(policy)
    if reach:
        fact("How to reach us", ANCHORS["Who we are and how to reach us"], *reach)
    complaints = _complaint_summary(policy)
    if complaints:
        fact("Complaints", ANCHORS["Your rights and how to exercise them"], complaints)
    blocks.append(Bullets([f for f in facts if any(isinstance(p, Link) or (isinstance(p, str) and p.strip(": "))
                                                   for p in f[1:])]))
    return blocks


def _retention_summary(policy: Policy) -> str:
    """The shortest and longest periods the policy keeps data for, or nothing when it gives none."""
    periods = sorted((days, r["period"]) for r in policy.data["retention"] if "period" in r
                     for days in [duration_days(r["period"])] if days is not None)
    if not periods:
        return ""
    shortest, longest = duration_words(periods[0][1]), duration_words(periods[-1][1])
    if shortest == longest:
        return f"up to {shortest}" if len(policy.data["retention"]) == 1 else f"{shortest}, for some information"
    return f"from {shortest} to {longest}, depending on the information"


def _first_channel(policy: Policy) -> Line:
    """The first way to reach the first contact that can be reached: an e-mail address or web page, or another
    channel if it has no such channel."""
    for contact_id in policy.usable_contacts:
        # A capture artefact ("[email protected]") is the copy's defect, not a way to reach anyone.
        channels = [c for c in policy.usable_channels(policy.contacts[contact_id])
                    if not policy.is_capture_artefact(c)]
        order = ("email", "web_form", "website")
        preferred = sorted(channels, key=lambda c: order.index(c["type"]) if c["type"] in order else len(order))
        if preferred:
            line = _channel_line(preferred[0])[1:]
            return [f"{_contact_name(policy.contacts[contact_id])}, ", *line]
    return []


def _complaint_summary(policy: Policy) -> str:
    complaints = policy.data.get("complaints") or {}
    authorities = [a["name"] for a in complaints.get("supervisory_authorities", [])]
    if authorities:
        return "you may complain to " + _capped(authorities, 2, "more authorities") + "."
    if "right_to_complain" in complaints:
        return "you may complain to a data protection authority."
    return ""


def _channel_line(channel: Item) -> Line:
    parts: Line = [f"{label(channel['type']).capitalize()}: "]
    target = channel["value"]
    if channel["type"] in ("website", "web_form") and "unusable" not in channel:
        parts.append(Link(target, target))
    elif channel["type"] == "email" and "unusable" not in channel:
        parts.append(Link(target, "mailto:" + target))
    else:
        parts.append(target)
    if "unusable" in channel and _reviewing():
        parts.append(f" (unusable as published: {label(channel['unusable'])})")
    if "address" in channel:
        parts.append(_address_beside(channel["address"], target))
    if "attention" in channel:
        parts.append(f" (marked for the attention of: {channel['attention']})")
    return parts


def _address_beside(address: Item, value: str) -> str:
    """A channel's structured address where its value does not already give it (a postal channel's value is often
    the address itself, which would print twice): the lines unless each is in the value as written, then the
    country."""
    text = ""
    if not all(" ".join(line.split()) in " ".join(value.split()) for line in address["lines"]):
        text = " - " + ", ".join(address["lines"])
    if "country" in address:
        text += f" ({place_words(address['country'])})"
    return text


def _address(address: Item) -> str:
    return ", ".join(address["lines"]) + (f" ({place_words(address['country'])})" if "country" in address else "")


def _who_we_are(policy: Policy) -> list[Block]:
    organisation = policy.data["organisation"]
    lines: list[Line] = [[Strong("Name: "), organisation["name"]]]
    if "legal_name" in organisation:
        lines.append([Strong("Legal name: "), organisation["legal_name"]])
    if organisation.get("trading_names"):
        lines.append([Strong("Trading names: "), ", ".join(organisation["trading_names"])])
    for number in organisation.get("registration_numbers", []):
        country = place_words(number["country"]) if "country" in number else None
        extra = ", ".join(x for x in (number.get("register"), country) if x)
        lines.append([Strong("Registration number: "), number["number"] + (f" ({extra})" if extra else "")])
    if "address" in organisation:
        lines.append([Strong("Address: "), _address(organisation["address"])])
    if "website" in organisation:
        lines.append([Strong("Website: "), Link(organisation["website"], organisation["website"])])
    blocks: list[Block] = [Bullets(lines)]
    entities = organisation.get("entities", [])
    if entities:
        blocks.append(Table(["Entity", "Country", "Role", "Address"], [
            [[e["legal_name"]], [place_words(e["country"]) if "country" in e else _unstated()],
             [", ".join(_role_text(r) for r in e.get("roles", [])) or _unstated()],
             [_address(e["address"]) if "address" in e else ""]] for e in entities]))
    blocks.append(Heading(3, "How to reach us"))
    contact_lines: list[Line | Entry] = []
    for contact in policy.data["contacts"]:
        represents = f" in {places_words(contact['represents_in'])}" if contact.get("represents_in") else ""
        kind = label(contact["kind"])
        said = _reviewing() or represents or kind.casefold() != _contact_name(contact).casefold()
        head: Line = [Strong(_contact_name(contact))] + ([f" ({kind}{represents})"] if said else [])
        if contact.get("for"):
            head.append(" - for " + "; ".join(contact["for"]))
        channels = [_channel_line(channel) for channel in contact["channels"]]
        if not channels and _reviewing():
            channels.append(["The policy introduces this contact but gives no way to reach it."])
        contact_lines.append(Entry(head, channels) if channels else head)
    blocks += [Bullets(contact_lines)] if contact_lines else _gap("The policy gives no contact.")
    return blocks


def _role_text(role: str | Item) -> str:
    """An entity's role: a role, or a role for some processing only."""
    return label(role) if isinstance(role, str) else f"{label(role['role'])} ({role['scope']})"


def _identifiability(claim: Item) -> str:
    text = (f"the policy says this data is {label(claim['claim'])}" if _reviewing()
            else f"this information is {label(claim['claim'])}")
    text += f" ({_hedged(claim)})" if "hedge" in claim else ""
    return text + (f", with this condition: \"{claim['condition']}\"" if "condition" in claim else "")


def _item_text(item: Item) -> str:
    details = []
    if "identifier" in item:
        details.append(yes_no("identifier", item["identifier"]))
    if "condition" in item:
        details.append(f"when: {item['condition']}")
    if item.get("sensitive_types") and _reviewing():
        details.append("sensitive: " + ", ".join(label(s) for s in item["sensitive_types"]))
    if "ccpa_category" in item:
        details.append(f"CCPA: {label(item['ccpa_category'])}")
    if "identifiability" in item:
        details.append(_identifiability(item["identifiability"]))
    if "fideslang" in item and _reviewing():
        details.append(f"fideslang {item['fideslang']}")
    return item["label"] + (f" ({'; '.join(details)})" if details else "")


def _includes(category: Item) -> str:
    """A category's examples and items, each once (an item the examples already name shows its details there), with
    what the policy claims about the category's identifiability before them and what it excludes after them."""
    items = list(category.get("items", []))  # two items may share a label: each is shown
    shown = []
    for example in category.get("examples", []):
        match = next((item for item in items if item["label"] == example), None)
        if match is not None:
            items.remove(match)
        shown.append(_item_text(match) if match is not None else example)
    included = "; ".join([*shown, *(_item_text(item) for item in items)]) or _unstated()
    parts = [included] if included else []
    if "identifiability" in category:
        claim = _identifiability(category["identifiability"])
        parts = [f"{claim[:1].upper()}{claim[1:]}", *([f"Includes: {included}"] if included else [])]
    if category.get("excludes"):
        parts.append("Not including: " + "; ".join(category["excludes"]))
    if "collected_when" in category:
        parts.append(f"Collected: {category['collected_when']}")
    return ". ".join(parts)


def _audiences(policy: _Indexed, item: Item) -> str:
    """" (for: account holders)", or nothing when the item names no audience."""
    return f" (for: {_refs(policy, item['audiences'], 'audiences')})" if item.get("audiences") else ""


def _sources(category: Item) -> str:
    parts = []
    for source in category.get("sources", []):
        text = label(source["kind"])
        extra = [", ".join(source["named"])] if source.get("named") else []
        extra += [source["description"]] if source.get("description") else []
        extra += ["in " + places_words(source["countries"])] if source.get("countries") else []
        parts.append(text + (f" ({'; '.join(extra)})" if extra else ""))
    return "; ".join(parts) or _unstated()


def _collect(policy: _Indexed) -> list[Block]:
    categories = policy.data["data_categories"]
    blocks: list[Block] = []
    if policy.data.get("audiences"):
        blocks.append(Paragraph([("The policy" if _reviewing() else "This policy") + " speaks separately to: "
                                 + "; ".join(a["label"] + (f" (fideslang {a['fideslang']})" if "fideslang" in a
                                                           and _reviewing() else "")
                                             for a in policy.data["audiences"]) + "."]))
    if not categories:
        return [*blocks, *_gap("The policy does not say what personal data it collects.")]
    rows = []
    for c in categories:
        kinds = [label(s) for s in c.get("sensitive_types", [])]
        classes = [f"fideslang {c['fideslang']}"] if "fideslang" in c else []
        classes += [f"CCPA: {label(c['ccpa_category'])}"] if "ccpa_category" in c else []
        includes = _includes(c)
        rows.append([[Strong(c["label"]), _audiences(policy, c)], [includes],
                     [", ".join(kinds) or "none stated"], [_sources(c)], ["; ".join(classes)]])
    # Which data is sensitive, and its fideslang and CCPA categories, are the encoder's classification, not the
    # policy's words (schema-gaps, encoding pitfall 10): the review's headers say so, and the notice leaves them out
    # (its California section gives the CCPA categories the policy lists).
    if not _reviewing():
        california = [[label(c["ccpa_category"]) if "ccpa_category" in c else ""] for c in categories]
        return [*blocks, Table(["Information", "Includes", "Where it comes from", "Category under California law"],
                               [[*row[:2], row[3], ccpa] for row, ccpa in zip(rows, california, strict=True)])]
    return [*blocks, Table(["Data", "Includes", "Sensitive (classified)", "Where it comes from", "Classification"],
                           rows)]


def _purpose_text(policy: _Indexed, purpose: Item) -> str:
    text = purpose["description"] + (f" ({label(purpose['kind'])})" if "kind" in purpose else "")
    if "fideslang" in purpose and _reviewing():  # the encoder's classification, as for data categories
        text += f" (fideslang {purpose['fideslang']})"
    if "hedge" in purpose:
        text += f" ({_hedged(purpose)})"
    if "pursued_by" in purpose:
        who = _refs(policy, purpose.get("recipients", []), "recipients")
        text += f"; pursued by: {label(purpose['pursued_by'])}" + (f" ({who})" if who else "")
    return text + _audiences(policy, purpose)


def _basis_statement(statement: Item) -> str:
    text = label(statement["basis"])
    if "cited" in statement:
        text += f", citing {statement['cited']}"
    if "condition" in statement:
        text += f", {statement['condition']}"
    if "alternative" in statement:
        text += f" ({yes_no('alternative', statement['alternative'])})"
    return text


def _purposes(policy: _Indexed) -> list[Block]:
    blocks: list[Block] = []
    purposes = policy.data["purposes"]
    if purposes:
        rows = []
        for p in purposes:
            basis = ", ".join(label(b) for b in p.get("legal_bases", [])) or _unstated()
            if "legitimate_interest" in p:
                basis += f" (interest: {p['legitimate_interest']})"
            if p.get("special_category_conditions"):
                basis += "; sensitive data: " + ", ".join(label(x) for x in p["special_category_conditions"])
            if "consent" in p:
                basis += f"; consent: {label(p['consent'])}"
            if p.get("legal_basis_statements"):
                basis += "; as stated: " + "; ".join(_basis_statement(s) for s in p["legal_basis_statements"])
            data = _refs(policy, p.get("data_categories", []), "data_categories") or _unstated()
            if "all_data" in p:
                data = BOOLEANS["all_data"][0 if p["all_data"] else 1] + (
                    f" ({data})" if p.get("data_categories") else "")
            rows.append([[_purpose_text(policy, p)], [data], [basis]])
        blocks.append(Table(["Purpose", "Data used", "Legal basis"], rows))
    else:
        blocks += _gap("The policy does not say what it uses personal data for.")
    if policy.data.get("legal_bases"):
        blocks.append(Paragraph(["The policy also lists legal bases for its processing as a whole:" if _reviewing()
                                 else "The legal bases we rely on for our processing as a whole:"]))
        blocks.append(Bullets([[Strong(label(b["basis"]).capitalize())]
                               + ([f": {b['description']}"] if "description" in b else [])
                               + ([f" (citing {b['cited']})"] if "cited" in b else [])
                               for b in policy.data["legal_bases"]]))
    provisions = policy.data.get("provision_requirements", [])
    if provisions:
        blocks.append(Heading(3, "Do you have to give us your data?"))
        blocks.append(Bullets([_provision_line(policy, p) for p in provisions]))
    adm = policy.data.get("automated_decision_making")
    if adm:
        blocks.append(Heading(3, "Automated decisions"))
        lines: list[Line] = [[yes_no("used", adm["used"])]]
        if "hedge" in adm:
            hedged = _hedged(adm)
            lines.append([hedged[:1].upper() + hedged[1:]])  # not capitalize(): it would lower the quoted words
        if "profiling" in adm:
            lines.append([yes_no("profiling", adm["profiling"])])
        if adm.get("examples"):
            lines.append(["For example: " + "; ".join(adm["examples"])])
        for key, what in (("logic", "How it works"), ("significance", "What it means for you"),
                          ("safeguards", "Safeguards")):
            if key in adm or _reviewing():
                lines.append([f"{what}: {adm[key]}" if key in adm else f"{what}: not stated"])
        if adm.get("safeguard_kinds"):
            lines.append(["You may: " + "; ".join(SAFEGUARDS[k] for k in adm["safeguard_kinds"])])
        blocks.append(Bullets(lines))
    return blocks + _profiling(policy)


def _provision_line(policy: _Indexed, provision: Item) -> Line:
    text = label(provision["requirement"]).capitalize()
    scope = [_refs(policy, provision[key], key) for key in ("data_categories", "purposes") if provision.get(key)]
    if scope:
        text += " (" + "; for ".join(scope) + ")"
    if "consequences" in provision:
        text += f": {provision['consequences']}"
    if "hedge" in provision:
        text += f" ({_hedged(provision)})"
    return [text]


def _profiling(policy: _Indexed) -> list[Block]:
    profiling = policy.data.get("profiling")
    if not profiling:
        return []
    line = yes_no("profiling.used", profiling["used"])
    if "pursued_by" in profiling:
        who = _refs(policy, profiling.get("recipients", []), "recipients")
        line += f" Who profiles: {label(profiling['pursued_by'])}" + (f" ({who})" if who else "") + "."
    if "description" in profiling:
        line += (" In the policy's words: " if _reviewing() else " In our words: ") \
            + f"\"{profiling['description'].rstrip('.')}\"."
    if profiling.get("purposes"):
        line += f" For: {_refs(policy, profiling['purposes'], 'purposes').rstrip('.')}."
    if "hedge" in profiling:
        line += f" ({_hedged(profiling)})"
    return [Heading(3, "Profiling"), Paragraph([line])]


def _refs(policy: _Indexed, ids: list[str], key: str) -> str:
    """The names of the items `ids` refer to, in a list of `key` (an id that is not declared is shown as is). Items
    of a data category are named under it: "order data: name, email address; Phone location data"."""
    names = policy.names[key]
    if key != "data_categories" or not any("/" in i for i in ids):
        return ", ".join(names.get(i, i) for i in ids)
    groups: dict[str, list[str]] = {}
    for ref in ids:
        category, _, item = ref.partition("/")
        if item and ref in names:
            groups.setdefault(category, []).append(policy.names["items"][ref])
        else:
            groups.setdefault(ref, [])
    return "; ".join(names.get(c, c) + (": " + ", ".join(items) if items else "") for c, items in groups.items())


def _sharing(policy: _Indexed) -> list[Block]:
    """Recipients as a table: who, in what role, what they receive and why, where (with the transfers tied to them),
    and what else the policy says of them. A processor's mechanism and hosting sit beside its name."""
    blocks: list[Block] = []
    rows: list[list[Line]] = []
    for r in policy.data["recipients"]:
        who: Line = [Strong(r.get("description") or _recipient_name(r)), f" ({label(r['kind'])})"]
        if r.get("named") and "description" in r:
            who.append(": " + ", ".join(n["name"] for n in r["named"]))
        if "url" in r:
            who += [" (", Link(r["url"], r["url"]), ")"]
        receives: list[str] = []
        if r.get("data_categories"):
            receives.append(_refs(policy, r["data_categories"], "data_categories"))
        if r.get("purposes"):
            receives.append("for: " + _refs(policy, r["purposes"], "purposes"))
        if "purpose_text" in r:
            receives.append(("its purpose: " if _reviewing() else "") + r["purpose_text"])
        if "condition" in r:
            receives.append(f"when: {r['condition']}")
        where: list[str] = []
        named_places = [f"{n['name']}: {place_words(n['country'])}" for n in r.get("named", []) if "country" in n]
        where += named_places
        if r.get("countries"):
            where.append(places_words(r["countries"]))
        if r.get("hosting"):
            where.append("hosts the data in " + places_words(r["hosting"]))
        where += [f"transfers to {_destination(t)}" + (f" rely on {label(t['mechanism'])}" if _stated(t["mechanism"])
                                                        else "")
                  for t in policy.recipient_transfers(r["id"])]
        details = [_hedged(r)] if "hedge" in r else []
        details += [yes_no(key, r[key]) for key in ("own_purposes", "sale", "sharing_for_advertising",
                                                     "transfers_outside") if key in r]
        rows.append([who, [RECIPIENT_ROLES[r["role"]] if "role" in r else _unstated()], ["; ".join(receives)],
                     ["; ".join(where)], ["; ".join(details)]])
    if rows:
        blocks.append(Table(["Recipient", "Role", "What they receive and why", "Where", "What else we say"], rows))
    else:
        blocks += _gap("The policy names no one it shares personal data with.")
    closed = policy.data.get("recipients_closed")
    if closed:
        text = ("The policy says no one other than those listed receives personal data" if _reviewing()
                else "No one other than those listed receives personal data")
        text += f", except: {closed['exceptions']}" if "exceptions" in closed else ""
        text += f" ({_hedged(closed)})" if "hedge" in closed else ""
        blocks.append(Paragraph([text + "."]))
    onward = policy.data.get("onward_transfer")
    if onward:
        blocks.append(Heading(3, "Onward transfers"))
        text = []
        if onward.get("requirements"):
            which = f" ({yes_no('requirements_any_of', onward['requirements_any_of'])})" \
                if "requirements_any_of" in onward else ""
            text.append(f"We require third parties to{which}: "
                        + "; ".join(label(x) for x in onward["requirements"]) + ".")
        elif "requirements_any_of" in onward:
            text.append(f"Requirements: {yes_no('requirements_any_of', onward['requirements_any_of'])}.")
        if "hedge" in onward:
            hedged = _hedged(onward)
            text.append(hedged[:1].upper() + hedged[1:] + ".")
        if "principles_named" in onward:
            text.append(f"Principles named: {onward['principles_named']}.")
        if "liability" in onward and _stated(onward["liability"]):
            text.append(f"Our liability: {label(onward['liability'])}.")
        if text or _reviewing():
            blocks.append(Paragraph([" ".join(text) or "The policy mentions onward transfers without details."]))
    return blocks


def _destination(transfer: Item) -> str:
    """Where a transfer goes, in place names: a country or region, "outside the European Economic Area"."""
    outside = ("outside " + " and ".join(place_words(c) for c in transfer["destination_outside"])
               if transfer.get("destination_outside") else "")
    if "destination" in transfer:
        return place_words(transfer["destination"]) + (f" ({outside})" if outside else "")
    return outside or ("a destination not stated" if _reviewing() else "other countries")


def _transfers(policy: _Indexed) -> list[Block]:
    transfers = policy.data.get("transfers", [])
    if not transfers:
        return _gap("The policy says nothing about transfers to other countries.")
    lines: list[Line] = []
    for t in transfers:
        text = f"To {_destination(t)}"
        if t.get("recipients"):
            text += f" ({_refs(policy, t['recipients'], 'recipients')})"
        if t.get("origin"):
            text += " from " + places_words(t["origin"])
        text += f": relying on {label(t['mechanism'])}" if _stated(t["mechanism"]) else ""
        if "stated_basis" in t:
            text += f" ({t['stated_basis']})"
        if "copy_available" in t:
            text += f". A copy of the safeguards: {t['copy_available'].rstrip('.')}"
        line: Line = [text + "."]
        if "url" in t:
            line += [" See ", Link(t["url"], t["url"]), "."]
        lines.append(line)
    return [Bullets(lines)]


def _retention_text(r: Item) -> str:
    kind = r["kind"]
    if kind == "period":
        bound = {"exact": "exactly ", "at_most": "at most ", "at_least": "at least "}
        detail = bound.get(r.get("bound", ""), "") + duration_words(r["period"])
    elif kind == "after_inactivity":
        detail = f"after {duration_words(r['period'])} without use"
    elif kind == "until_event":
        detail = r["event"] + (f", plus {duration_words(r['period'])}" if "period" in r else "")
    elif kind == "criteria":
        detail = r["criteria"]
    elif kind == "schedule_reference":
        schedule = r["schedule"]
        detail = f"\"{schedule['title']}\""
        if "published" in schedule:
            detail += f" ({yes_no('published', schedule['published'])})"
        if "how_to_obtain" in schedule:
            detail += f", available: {schedule['how_to_obtain']}"
    elif kind == "combined":
        join = " or ".join(_retention_limit(part) for part in r["parts"])
        detail = f"{label(r['combine'])}: {join}"
    elif kind == "indefinite":
        detail = ""
    else:
        detail = _unstated("the policy mentions keeping data without saying for how long")
    for key in ("period", "event", "criteria"):
        value = duration_words(r[key]) if key == "period" and key in r else r.get(key)
        if value and value not in detail:
            detail += f"; {key}: {value}"
    if "combine" in r and kind != "combined":
        detail += f"; {label(r['combine'])}"
    if "bound" in r and kind != "period":
        detail += f"; {label(r['bound'])}"
    if "grace_period" in r:
        detail += f"; then a grace period of {duration_words(r['grace_period'])}"
    if r.get("disposal"):
        detail += "; then: " + ", ".join(label(d) for d in r["disposal"])
    text = label(kind) + (f": {detail}" if detail else "")
    return f"{text} ({_hedged(r)})" if "hedge" in r else text


def _retention_limit(part: Item) -> str:
    """One part of a combined retention statement; a part need not give the value its kind suggests."""
    key = {"period": "period", "after_inactivity": "period", "until_event": "event", "criteria": "criteria"}.get(
        part["kind"], "")
    detail = part.get(key)
    if detail and key == "period":
        detail = duration_words(detail)
    if detail and part["kind"] == "after_inactivity":
        detail = f"after {detail} without use"
    text = label(part["kind"]) + (f" ({detail})" if detail else "")
    for key in ("period", "event", "criteria"):
        value = duration_words(part[key]) if key == "period" and key in part else part.get(key)
        if value and value not in text:
            text += f"; {key}: {value}"
    return text


def _retention_scope(policy: _Indexed, r: Item) -> str:
    """What a retention statement covers: its data, purposes, technologies and audiences, or all data."""
    parts = [_refs(policy, r[key], key if key != "applies_to" else "data_categories")
             for key in ("applies_to", "purposes", "technologies", "audiences") if r.get(key)]
    parts += [r["scope_text"]] if "scope_text" in r else []
    return "; ".join(parts) or ("All data" if _reviewing() else "All information")


def _retention(policy: _Indexed) -> list[Block]:
    statements = policy.data["retention"]
    if not statements:
        return _gap("The policy does not say how long personal data is kept.")
    rows: list[list[Line]] = []
    for r in statements:
        cell: Line = [_retention_text(r)]
        schedule = r.get("schedule") or {}
        if "url" in schedule:
            cell += [" (", Link(schedule["url"], schedule["url"]), ")"]
        rows.append([[Strong(_retention_scope(policy, r))], cell])
    return [Table(["Information", "How long we keep it"], rows)]


def _fee_text(fee: Item) -> str:
    grounds = f" when a request is {' or '.join(label(g) for g in fee['grounds'])}" if fee.get("grounds") else ""
    return label(fee["kind"]) + (f" ({fee['amount']})" if "amount" in fee else "") + grounds


def _time_text(time: Item) -> str:
    period = duration_words(time["period"]) if "period" in time else _unstated("a period not stated")
    text = f"{label(time['commitment'])} {period}"
    if "extension" in time:
        text += f", extendable by {duration_words(time['extension'])}"
    if "extension_condition" in time:
        text += f" ({time['extension_condition']})"
    return text


def _method_line(method: Item) -> Line:
    line: Line = [label(method["kind"])]
    if "label" in method:
        line.append(f" \"{method['label']}\"")
    if method.get("scope"):
        line.append(" (for: " + ", ".join(label(s) for s in method["scope"]) + ")")
    if "hedge" in method:
        line.append(f" ({_hedged(method)})")
    if "description" in method:
        line.append(f": {method['description']}")
    if "url" in method:
        line += [" ", Link(method["url"], method["url"])]
    if "exclusive" in method:
        line.append(f" ({yes_no('exclusive', method['exclusive'])})")
    return line


def _rights(policy: _Indexed) -> list[Block]:
    rights = policy.data.get("rights")
    blocks: list[Block] = []
    if not rights:
        blocks += _gap("The policy grants no rights.")
    else:
        lines: list[Line] = []
        for s in rights["statements"]:
            line: Line = [Strong(_right_name(s["right"]))]
            if s.get("residents_of"):
                line.append(f" (for residents of {places_words(s['residents_of'])} only)")
            if "description" in s:
                line.append(f": {s['description']}")
            if "cited" in s:
                line.append(f" (citing {s['cited']})")
            if s.get("audiences"):
                line.append(f" (for: {_refs(policy, s['audiences'], 'audiences')})")
            if "conditions" in s:
                line.append(f" (conditions: {s['conditions']})")
            if s.get("condition_kinds"):
                line.append(" (limited by: " + ", ".join(label(k) for k in s["condition_kinds"]) + ")")
            if s.get("contacts"):
                line.append(". Contact: " + _refs(policy, s["contacts"], "contacts"))
            for method in s.get("methods", []):
                line += [". Or: ", *_method_line(method)]
            if "fee" in s:
                line.append(f". Fee: {_fee_text(s['fee'])}")
            if "response_time" in s:
                line.append(f". Response: {_time_text(s['response_time'])}")
            lines.append(line)
        blocks += [Bullets(lines)] if lines else _gap("The policy lists no rights.")
        general: list[Line] = [
            ["All these rights are limited: " + c["text"]
             + (" (" + ", ".join(label(k) for k in c["kinds"]) + ")" if c.get("kinds") else "")]
            for c in rights.get("conditions", [])]
        if rights.get("contacts"):
            general.append(["To exercise any right, contact: " + _refs(policy, rights["contacts"], "contacts")])
        general += [[f"Fee: {_fee_text(f)}"] for f in rights.get("fees", [])]
        general += [[f"We respond: {_time_text(t)}"] for t in rights.get("response_times", [])]
        verification = rights.get("verification")
        if verification:
            general.append(["Verification: ", *_linked(verification)])
        if "recipient_notification" in rights:
            general.append(["We tell those we disclosed your data to of corrections, erasures and restrictions: ",
                            *_linked(rights["recipient_notification"])])
        agents = rights.get("authorised_agents")
        if agents:
            general.append([f"Authorised agents: {yes_no('allowed', agents['allowed'])}"
                            + (f" ({agents['description']})" if "description" in agents else "")])
        if general:
            blocks.append(Bullets(general))
    complaints = policy.data.get("complaints")
    if complaints:
        blocks.append(Heading(3, "Complaints"))
        lines = []
        internal = complaints.get("internal")
        if internal:
            line = ["To us: " + internal.get("description", "")]
            if internal.get("contacts"):
                line.append(" (contact: " + _refs(policy, internal["contacts"], "contacts") + ")")
            lines.append(line)
        for authority in complaints.get("supervisory_authorities", []):
            line = [Strong(authority["name"])]
            if "country" in authority:
                line.append(f" ({place_words(authority['country'])})")
            if "precondition" in authority:
                line.append((" - the policy says: " if _reviewing() else " - ") + authority["precondition"])
            lines.append(line)
            lines += [_channel_line(ch) for ch in authority.get("channels", [])]
        if "right_to_complain" in complaints:
            lines.append(["You may complain to a supervisory authority. ", *_linked(complaints["right_to_complain"])])
        blocks.append(Bullets(lines))
    return blocks


def _right_name(right: str) -> str:
    """A right as a heading: "Right to access your data", "Right not to be subject to automated decisions"."""
    words = label(right)
    if right == "other":
        return "Other right"
    return f"Right {words}" if words.startswith("not ") else f"Right to {words}"


def _linked(statement: Item) -> Line:
    line: Line = [statement.get("text", "")]
    if "url" in statement:
        line += [" ", Link(statement["url"], statement["url"])]
    if statement.get("omits") and _reviewing():
        line.append(" (this statement leaves out: " + "; ".join(statement["omits"]) + ")")
    return line


def _negatives(policy: _Indexed) -> list[Block]:
    lines: list[Line] = []
    for n in policy.data["negative_statements"]:
        line: Line = [NEGATIVE[n["claim"]]]
        if "age" in n:
            line.append(f" Age: under {n['age']}.")
        if "lookback" in n:
            line.append(f" Nor in the past {duration_words(n['lookback'])}.")
        if "hedge" in n:
            line.append(f" {_hedge_sentence(n)}")
        if "qualification" in n:
            line.append(f" Except or limited: \"{n['qualification']}\".")
        line += _scope_parts(policy, n)
        lines.append(line)
    for r in policy.data.get("restrictions", []):
        data = _refs(policy, r.get("data_categories", []), "data_categories") or "Personal data"
        line = [Strong(f"Only ({label(r['kind'])}): ")]
        if r.get("binds"):
            line.append(f"When {_refs(policy, r['binds'], 'recipients')} receive it, ")
        line.append(f"{data} {RESTRICTIONS[r['kind']]}")
        if r.get("purposes"):
            line.append(": " + _refs(policy, r["purposes"], "purposes"))
        if "limited_to" in r:
            line.append(f": {r['limited_to']}")
        elif not r.get("purposes" if r["kind"] == "only_purposes" else "recipients") and r["kind"] in (
                "only_purposes", "only_recipients"):
            line.append(": what the policy names, without listing it" if _reviewing() else ": those this policy names")
        if r.get("recipients"):
            line.append((": " if r["kind"] == "only_recipients" else "; recipients: ")
                        + _refs(policy, r["recipients"], "recipients"))
        line.append(".")
        if "hedge" in r:
            line.append(f" {_hedge_sentence(r)}")
        if "exceptions" in r:
            line.append(_exceptions_text(policy, r["exceptions"]))
        lines.append(line)
    return [Bullets(lines)] if lines else []


def _hedge_sentence(statement: Item) -> str:
    return (f"The policy hedges: \"{statement['hedge']}\"." if _reviewing()
            else f"In our words: \"{statement['hedge']}\".")


def _exceptions_text(policy: _Indexed, exceptions: Item) -> str:
    parts = [label(c) for c in exceptions.get("conditions", [])]
    parts += [f"for {_refs(policy, exceptions['purposes'], 'purposes')}"] if exceptions.get("purposes") else []
    parts += [f"to {_refs(policy, exceptions['recipients'], 'recipients')}"] if exceptions.get("recipients") else []
    parts += [f"\"{exceptions['text']}\""] if "text" in exceptions else []
    return " Exceptions: " + ("; ".join(parts) or "stated without details") + "."


def _scope_parts(policy: _Indexed, n: Item) -> Line:
    """What limits a negative statement: the data, purposes, recipients, technologies and audiences it is about,
    the technique and channel it names, and its exceptions."""
    line: Line = []
    for key, what in (("data_categories", "Data"), ("purposes", "Purposes"), ("recipients", "Recipients"),
                      ("technologies", "Technologies"), ("audiences", "For")):
        if n.get(key):
            line.append(f" {what}: {_refs(policy, n[key], key)}.")
    if "technique" in n:
        line.append(f" Technique: {n['technique']}.")
    if "via" in n:
        line.append(f" Channel: {n['via']}.")
    if "exceptions" in n:
        line.append(_exceptions_text(policy, n["exceptions"]))
    return line


def _technology_purpose(policy: _Indexed, technology: Item) -> str:
    purposes = _refs(policy, technology.get("purposes", []), "purposes")
    return label(technology.get("category", "unspecified")) + (f": {purposes}" if purposes else "")


def _technology_where(policy: _Indexed, technology: Item) -> str:
    parts = [f"\"{technology['name']}\""] if "name" in technology else []
    parts += [label(technology["location"])] if "location" in technology else []
    if technology.get("data_categories"):
        parts.append("collects: " + _refs(policy, technology["data_categories"], "data_categories"))
    if "hedge" in technology:
        parts.append(_hedged(technology))
    if technology.get("recipients"):
        parts.append("run by or shared with " + _refs(policy, technology["recipients"], "recipients"))
    return "; ".join(parts)


def _cookies(policy: _Indexed) -> list[Block]:
    cookies = policy.data.get("cookies")
    if not cookies:
        return _gap("The policy says nothing about cookies or tracking.")
    blocks: list[Block] = []
    technologies = cookies.get("technologies", [])
    if technologies:
        blocks.append(Table(["Technology", "Purpose", "Set by", "Details", "Can you switch it off?"], [
            [[label(t["technology"])], [_technology_purpose(policy, t)],
             [PARTIES[t["party"]] if "party" in t else _unstated()],
             ["; ".join(x for x in (t.get("provider"), t.get("description"), _technology_where(policy, t)) if x)],
             [yes_no("can_be_disabled", t["can_be_disabled"]) if "can_be_disabled" in t else _unstated()]]
            for t in technologies]))
    if "consent" in cookies and _stated(cookies["consent"]):
        mode = cookies["consent"]
        blocks.append(Paragraph([f"Consent to cookies and trackers: {label(mode)} ({CONSENT_MODES[mode]})."]))
    if cookies.get("controls"):
        blocks.append(Paragraph(["How to control them:"]))
        blocks.append(Bullets([_method_line(m) for m in cookies["controls"]]))
    lines: list[Line] = []
    if "cookie_policy" in cookies:
        lines.append(["Cookie policy: ", *_linked(cookies["cookie_policy"])])
    dnt = cookies.get("do_not_track")
    if (dnt and _stated(dnt["response"])) or _reviewing():
        lines.append([f"Do Not Track signals: {label(dnt['response'])}." if dnt and _stated(dnt["response"]) else
                      "Do Not Track signals: the policy does not say how it responds."])
    cross = cookies.get("third_party_cross_site_tracking")
    if cross:
        lines.append([f"Other parties collecting information about your activity across sites through our service: "
                      f"{yes_no('allowed', cross['allowed'])}."])
    if lines:
        blocks.append(Bullets(lines))
    return blocks


def _children(policy: _Indexed) -> list[Block]:
    statements = (policy.data.get("children") or {}).get("statements", [])
    lines: list[Line] = []
    for s in statements:
        line: Line = [Strong(label(s["kind"]).capitalize())]
        if "age" in s:
            line.append(f" (under {s['age']})")
        if "description" in s:
            line.append(f": {s['description']}")
        if s.get("contacts"):
            line.append(" Contact: " + _refs(policy, s["contacts"], "contacts"))
        lines.append(line)
    return [Bullets(lines)] if lines else _gap("The policy says nothing about children.")


def _security(policy: Policy) -> list[Block]:
    security = policy.data.get("security")
    if not security:
        return _gap("The policy does not describe its security measures.")
    lines: list[Line] = [[Strong(label(m["kind"]).capitalize())] + ([f": {m['description']}"] if "description" in m
                                                                    else []) for m in security["measures"]]
    if "disclaimer" in security:
        lines.append(["Note: ", *_linked(security["disclaimer"])])
    breach = security.get("breach_notification")
    if breach:
        whom = ", ".join(label(n) for n in breach.get("notifies", [])) or _unstated("whom is not stated")
        text = "If personal data is breached, we notify" + (f": {whom}" if whom else "")
        text += f", within {duration_words(breach['period'])}" if "period" in breach else ""
        text += f". {breach['description']}" if "description" in breach else ""
        lines.append([text])
    return [Bullets(lines)] if lines else []


def _changes(policy: Policy) -> list[Block]:
    changes = policy.data.get("changes") or {}
    lines: list[Line] = [[label(n["method"]).capitalize() + (f" ({n['applies_to']})" if "applies_to" in n else "")
                          + (f"; {_hedged(n)}" if "hedge" in n else "")]
                         for n in changes.get("notification", [])]
    if "consent_required" in changes:  # a promise about changes, not a way of telling anyone about them
        if not lines and _reviewing():
            lines.append(["The policy does not say how you are told about changes."])
        lines.append(["We ask for your consent before some changes: ", *_linked(changes["consent_required"])])
    if "review" in changes:
        lines.append(["Review: ", *_linked(changes["review"])])
    if "binding_by_use" in changes:
        lines.append(["Using the service after a change means accepting it: ", *_linked(changes["binding_by_use"])])
    if "reserved_right" in changes:
        lines.append(["The policy keeps the right to change it: " if _reviewing() else
                      "We keep the right to change this policy: ", *_linked(changes["reserved_right"])])
    return [Bullets(lines)] if lines else _gap("The policy does not say how you are told about changes.")


def _dpf(policy: _Indexed) -> list[Block]:
    dpf = policy.data.get("dpf")
    if not dpf:
        return []
    lines: list[Line] = [[yes_no("participates", dpf["participates"])]]
    if dpf.get("programs"):
        lines.append(["Programs: " + ", ".join(label(p) for p in dpf["programs"])])
    if dpf.get("covered_entities"):
        lines.append(["Covered entities: " + _refs(policy, dpf["covered_entities"], "entities")])
    for statement in dpf.get("entity_statements", []):
        lines.append([f"{label(statement['status']).capitalize()}: "
                      + (_refs(policy, statement["entities"], "entities") or "entities not named")])
    for key, what in (("commitment_to_principles", "Commitment to the Principles"),
                      ("principles_govern", "The Principles govern"), ("dpf_list_link", "Data Privacy Framework List"),
                      ("dpf_website_link", "Data Privacy Framework website"),
                      ("binding_arbitration", "Binding arbitration"),
                      ("public_authority_disclosure", "Disclosure to public authorities"),
                      ("onward_transfer_liability", "Liability for onward transfers")):
        if key in dpf:
            lines.append([Strong(f"{what}: "), *_linked(dpf[key])])
    for _path, body in policy.dpf_recourse_bodies():
        line: Line = [Strong("Independent recourse mechanism: "), body["name"]]
        if "kind" in body:
            line.append(f" ({label(body['kind'])})")
        if body.get("programs"):
            line.append(" for " + ", ".join(label(p) for p in body["programs"]))
        if "url" in body:
            line += [", ", Link(body["url"], body["url"])]
        if "free_of_charge" in body:
            line.append(f", {yes_no('free_of_charge', body['free_of_charge'])}")
        lines.append(line)
    if dpf.get("enforcement_authorities"):
        lines.append(["Enforcement: " + ", ".join(label(a["authority"]) for a in dpf["enforcement_authorities"])])
    if dpf.get("complaint_contacts"):
        lines.append(["DPF inquiries and complaints: " + _refs(policy, dpf["complaint_contacts"], "contacts")])
    return [Bullets(lines)]


def _california(policy: _Indexed) -> list[Block]:
    california = policy.data.get("california")
    if not california:
        return []
    lines: list[Line] = []
    stl = california.get("shine_the_light")
    if stl:
        line: Line = [f"Shine the Light (Civil Code 1798.83): {label(stl['policy'])}"]
        if stl.get("contacts"):
            line.append("; contact: " + _refs(policy, stl["contacts"], "contacts"))
        lines.append(line)
    # The CCPA's lists as one table (Civil Code 1798.110(c), 1798.115(c), 1798.130(a)(5)): each category listed
    # against each list the policy gives; a list the policy gives empty is said in words.
    given = [(key, what) for key, what in CCPA_LISTS if key in california]
    listed = {key: california[key]["categories"] for key, _ in given}
    refs = list(dict.fromkeys(ref for key, _ in given for ref in listed[key]))
    for key, what in given:
        if not listed[key]:
            lines.append([f"{what} in the last 12 months: none"])
    table: list[Block] = []
    if refs:
        names = policy.names["data_categories"]
        table.append(Table(["Information", *(what for key, what in given if listed[key])],
                           [[[names.get(ref, ref)], *(["Yes" if ref in listed[key] else "No"]
                                                      for key, _ in given if listed[key])] for ref in refs],
                           caption="Personal information in the last 12 months"))
    if "categories_not_collected" in california:
        lines.append(["Categories we do not collect: " + ", ".join(
            label(c) for c in california["categories_not_collected"]["ccpa_categories"])])
    for key, what in (("minors_under_16", "Personal information of consumers under 16"),
                      ("opt_out_preference_signal", "Opt-out preference signals")):
        if key in california:
            lines.append([f"{what}: ", *_linked(california[key])])
    return table + ([Bullets(lines)] if lines else [])


CCPA_LISTS = (("collected_categories", "Collected"), ("sold_or_shared_categories", "Sold or shared"),
              ("sold_categories", "Sold"), ("shared_categories", "Shared for cross-context behavioural advertising"),
              ("disclosed_for_business_purpose", "Disclosed for a business purpose"))


def _frameworks(policy: Policy) -> list[Block]:
    lines: list[Line] = [[(f"Other law: {f['name']}" if f["framework"] == "other" else
                           label(f["framework"]) + (f", named as: {f['name']}" if "name" in f else ""))
                          + (f" ({label(f['stance'])})" if "stance" in f else "")]
                         for f in policy.data["frameworks"]]
    return [Bullets(lines)] if lines else _gap("The policy names no law or framework.")


def _other(policy: Policy) -> list[Block]:
    lines: list[Line] = [[Strong(label(n["topic"]).capitalize() + ": "), n["text"]]
                         + ([" (", Link(n["url"], n["url"]), ")"] if "url" in n and n["url"] != n["text"] else [])
                         for n in policy.data.get("notices", [])]
    lines += [[Strong(f"An empty list of {label(e['section'])}: "),
               f"the policy says \"{e['introduction']}\" and then lists nothing."]
              for e in policy.data.get("empty_lists", []) if _reviewing()]
    return [Bullets(lines)] if lines else []
