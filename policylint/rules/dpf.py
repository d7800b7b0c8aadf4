"""Data Privacy Framework rules (profile `dpf`): the Notice Principle's thirteen items, and the links and entities
the program requires.

Switched on when the policy declares the EU-U.S. DPF, its UK Extension or the Swiss-U.S. DPF, or says it
participates. The item numbers are those of DPF Principles II.1(a)(i)-(xiii) (Annex I to Commission Implementing
Decision (EU) 2023/1795), checked against an unofficial copy of the Principles: see docs/legal-citations.md.
"""

from __future__ import annotations

from collections.abc import Iterator

from policylint.findings import MAX_RELATED
from policylint.model import EU_COUNTRIES, Policy
from policylint.rules import Violation, rule

DPF = """
        frameworks:
          - framework: eu_us_dpf
        dpf:
          participates: true
"""
UNVERIFIED = ("Checked against an unofficial copy of the DPF Principles; the official text is at "
              "dataprivacyframework.gov.")


def _dpf(policy: Policy) -> dict:
    return policy.data.get("dpf") or {}


def _statement_rule(code: str, name: str, item: str, key: str, what: str, example_field: str) -> None:
    """A rule for one DPF statement that must be present (items iii, xi, xii, xiii and the links)."""

    @rule(code=code, name=name, profile="dpf", severity="error",
          summary=f"The policy does not include the DPF statement on {what}.",
          citation=f"DPF Principles {item}", citation_note=UNVERIFIED,
          rationale=f"A DPF participant's policy must inform individuals of {what} "
                    f"(Notice Principle {item}).",
          fails=DPF, passes=DPF + f"""
          {example_field}: {{text: "the statement"}}
          """)
    def check(policy: Policy) -> Iterator[Violation]:
        statement = _dpf(policy).get(key)
        if not statement:
            yield Violation(("dpf",) if "dpf" in policy.data else (), f"the DPF statement on {what} is missing")
        elif statement.get("omits"):  # a statement that leaves out part of what the item requires (rule-gaps DP4)
            yield Violation(("dpf", key, "omits"), f"the DPF statement on {what} leaves out: "
                                                   + "; ".join(statement["omits"]))

    check.__name__ = name.replace("-", "_")


@rule(code="PL501", name="dpf-participation-not-stated", profile="dpf", severity="error",
      summary="The policy names the DPF but does not state that the organisation participates in it.",
      citation="DPF Principles II.1(a)(i)", citation_note=UNVERIFIED,
      rationale="The first item of notice is the organisation's participation in the DPF.",
      fails="""
        frameworks:
          - framework: eu_us_dpf
      """,
      passes=DPF)
def dpf_participation_not_stated(policy: Policy) -> Iterator[Violation]:
    if not _dpf(policy).get("participates"):
        yield Violation(("dpf",) if "dpf" in policy.data else ("frameworks",),
                        "the policy does not state participation in the Data Privacy Framework")


@rule(code="PL502", name="dpf-list-link-missing", profile="dpf", severity="error",
      summary="The policy does not link to the Data Privacy Framework List.",
      citation="DPF Principles II.1(a)(i)", citation_note=UNVERIFIED,
      rationale="Participants must give a link to, or the web address of, the DPF List so individuals can check the "
                "certification.",
      fails=DPF,
      passes=DPF + """
          dpf_list_link: {url: "https://www.dataprivacyframework.gov/list"}
      """)
def dpf_list_link_missing(policy: Policy) -> Iterator[Violation]:
    if not (_dpf(policy).get("dpf_list_link") or {}).get("url"):
        yield Violation(("dpf",), "no link to the Data Privacy Framework List")


@rule(code="PL503", fixed_by_removal=True,
      name="dpf-covered-entities", profile="dpf", severity="warning",
      summary="The DPF covered entities include entities outside the United States.",
      citation="DPF Principles II.1(a)(ii)", citation_note=UNVERIFIED,
      rationale="Only U.S. organisations can self-certify; a policy that extends its DPF certification to foreign "
                "subsidiaries overstates it.",
      fails=DPF + """
          covered_entities: [uk-ltd]
        organisation:
          name: Example
          entities:
            - {id: uk-ltd, legal_name: Example UK Limited, country: GB}
      """,
      passes=DPF + """
          covered_entities: [us-inc]
        organisation:
          name: Example
          entities:
            - {id: us-inc, legal_name: Example Inc., country: US}
      """)
def dpf_covered_entities(policy: Policy) -> Iterator[Violation]:
    entities = {e["id"]: e for e in policy.data["organisation"].get("entities", [])}
    foreign = [(i, entities[e]) for i, e in enumerate(_dpf(policy).get("covered_entities", []))
               if e in entities and entities[e].get("country") and entities[e]["country"] != "US"]
    if foreign:  # one finding for the list: one defined term ("Precision") usually brings them all in
        names = "; ".join(f"{entity['legal_name']} ({entity['country']})" for _, entity in foreign)
        yield Violation(("dpf", "covered_entities"),
                        f"not U.S. entities, so no DPF certification can cover them: {names}",
                        related=tuple(("dpf", "covered_entities", i) for i, _ in foreign[:MAX_RELATED]))


_statement_rule("PL504", "dpf-commitment-missing", "II.1(a)(iii)", "commitment_to_principles",
                "the commitment to subject personal data received in reliance on the DPF to the Principles",
                "commitment_to_principles")


@rule(code="PL505", name="dpf-purposes-missing", profile="dpf", severity="error",
      summary="A DPF participant's policy gives no purposes of collection and use.",
      citation="DPF Principles II.1(a)(iv)", citation_note=UNVERIFIED,
      rationale="Notice must say the purposes for which personal information is collected and used.",
      fails=DPF + """
        purposes: []
      """,
      passes=DPF + """
        purposes:
          - {id: orders, description: Process orders}
      """)
def dpf_purposes_missing(policy: Policy) -> Iterator[Violation]:
    if not policy.data["purposes"]:
        yield Violation(("purposes",), "no purposes of collection and use are given")


@rule(code="PL506", name="dpf-inquiry-contact-missing", profile="dpf", severity="error",
      summary="A DPF participant's policy gives no usable contact for inquiries or complaints.",
      citation="DPF Principles II.1(a)(v)", citation_note=UNVERIFIED,
      rationale="Individuals must be told how to contact the organisation with inquiries or complaints.",
      fails=DPF,
      passes=DPF + """
        contacts:
          - id: privacy
            kind: privacy_office
            channels: [{type: email, value: privacy@example.com}]
      """)
def dpf_inquiry_contact_missing(policy: Policy) -> Iterator[Violation]:
    if not policy.usable_contacts:
        yield Violation(("contacts",), "no usable contact for DPF inquiries or complaints")


@rule(code="PL507", name="dpf-third-parties-missing", profile="dpf", severity="error",
      summary="A DPF participant's policy does not say to which third parties it discloses data.",
      citation="DPF Principles II.1(a)(vi)", citation_note=UNVERIFIED,
      rationale="Notice must give the type or identity of third parties to which personal information is disclosed, "
                "and the purposes.",
      fails=DPF + """
        recipients: []
      """,
      passes=DPF + """
        recipients:
          - {id: hosting, kind: service_provider}
      """)
def dpf_third_parties_missing(policy: Policy) -> Iterator[Violation]:
    if not policy.data["recipients"]:
        yield Violation(("recipients",), "the types or identities of third parties are not given")


@rule(code="PL508", name="dpf-access-right-missing", profile="dpf", severity="error",
      summary="A DPF participant's policy does not state the right of access.",
      citation="DPF Principles II.1(a)(vii)", citation_note=UNVERIFIED,
      rationale="Notice must tell individuals of their right to access their personal data.",
      fails=DPF,
      passes=DPF + """
        rights:
          statements:
            - right: access
      """)
def dpf_access_right_missing(policy: Policy) -> Iterator[Violation]:
    if not {"access", "know"} & policy.granted_rights:
        yield Violation(("rights",) if "rights" in policy.data else (), "the right of access is not stated")


@rule(code="PL509", name="dpf-choice-missing", profile="dpf", severity="error",
      summary="A DPF participant's policy offers no choice to limit disclosure or use for new purposes.",
      citation="DPF Principles II.1(a)(viii), II.2(a)", citation_note=UNVERIFIED,
      rationale="Individuals must be offered the choice to opt out of disclosure to third parties and of use for a "
                "materially different purpose, and told how.",
      fails=DPF,
      passes=DPF + """
        rights:
          statements:
            - right: opt_out_third_party_disclosure
      """)
def dpf_choice_missing(policy: Policy) -> Iterator[Violation]:
    if "opt_out_third_party_disclosure" not in policy.granted_rights:
        yield Violation(("rights",) if "rights" in policy.data else (),
                        "no choice to opt out of disclosure to third parties or of use for a materially different "
                        "purpose")


@rule(code="PL510", name="dpf-recourse-body-missing", profile="dpf", severity="error",
      summary="The independent recourse mechanism is not named, not linked, or not said to be free.",
      citation="DPF Principles II.1(a)(ix)", citation_note=UNVERIFIED,
      rationale="Notice must name the independent dispute resolution body, available free of charge, and the "
                "program requires a link to its website or complaint form.",
      fails=DPF,
      passes=DPF + """
          recourse_bodies:
            - name: JAMS
              kind: us_adr
              url: "https://www.jamsadr.com/DPF-Dispute-Resolution"
              free_of_charge: true
      """)
def dpf_recourse_body_missing(policy: Policy) -> Iterator[Violation]:
    bodies = policy.dpf_recourse_bodies()
    if not bodies:
        yield Violation(("dpf",), "no independent recourse mechanism is named")
    for path, body in bodies:
        if not body.get("url"):
            yield Violation(path, f"no link to {body['name']}'s website or complaint form")
        if body.get("free_of_charge") is not True:
            yield Violation(path, f"the policy does not say {body['name']} is free of charge")


@rule(code="PL511", name="dpf-enforcement-authority-missing", profile="dpf", severity="error",
      summary="The policy does not name the U.S. authority with jurisdiction over its DPF compliance.",
      citation="DPF Principles II.1(a)(x)", citation_note=UNVERIFIED,
      rationale="Notice must say the organisation is subject to the investigatory and enforcement powers of the FTC, "
                "the Department of Transportation or another authorised U.S. body.",
      fails=DPF,
      passes=DPF + """
          enforcement_authorities: [{authority: ftc}]
      """)
def dpf_enforcement_authority_missing(policy: Policy) -> Iterator[Violation]:
    if not _dpf(policy).get("enforcement_authorities"):
        yield Violation(("dpf",), "the FTC, DOT or other enforcement authority is not named")


_statement_rule("PL512", "dpf-arbitration-missing", "II.1(a)(xi)", "binding_arbitration",
                "the possibility, under certain conditions, to invoke binding arbitration", "binding_arbitration")
_statement_rule("PL513", "dpf-public-authority-disclosure-missing", "II.1(a)(xii)", "public_authority_disclosure",
                "the requirement to disclose personal information in response to lawful requests by public "
                "authorities, including for national security or law enforcement", "public_authority_disclosure")
_statement_rule("PL514", "dpf-onward-liability-missing", "II.1(a)(xiii)", "onward_transfer_liability",
                "its liability in cases of onward transfers to third parties", "onward_transfer_liability")


@rule(code="PL515", name="dpf-website-link-missing", profile="dpf", severity="warning",
      summary="The policy does not link to the Department of Commerce's DPF website.",
      citation="DPF program, Key Requirements",
      citation_note="This requirement appears on the DPF program's Key Requirements page; no paragraph of the "
                    "Principles stating it was found.",
      rationale="The DPF program asks participants' privacy policies to link to its website, where individuals "
                "find their rights and the list of participants.",
      fails=DPF,
      passes=DPF + """
          dpf_website_link: {url: "https://www.dataprivacyframework.gov/"}
      """)
def dpf_website_link_missing(policy: Policy) -> Iterator[Violation]:
    if not (_dpf(policy).get("dpf_website_link") or {}).get("url"):
        yield Violation(("dpf",), "no link to the DPF program website")


@rule(code="PL516", name="dpf-data-types-missing", profile="dpf", severity="error",
      summary="A DPF participant's policy does not say what types of personal data it collects.",
      citation="DPF Principles II.1(a)(ii)", citation_note=UNVERIFIED,
      rationale="Notice must give the types of personal data collected.",
      fails=DPF + """
        data_categories: []
      """,
      passes=DPF + """
        data_categories:
          - {id: contact, label: Contact details}
      """)
def dpf_data_types_missing(policy: Policy) -> Iterator[Violation]:
    if not policy.data["data_categories"]:
        yield Violation(("data_categories",), "no types of personal data are given")


@rule(code="PL517", name="dpf-covered-entities-missing", profile="dpf", severity="warning",
      summary="A DPF participant's policy does not name the entities its certification covers.",
      citation="DPF Principles II.1(a)(ii)", citation_note=UNVERIFIED,
      rationale="The notice must identify the U.S. entities or subsidiaries of the organisation also adhering to the "
                "Principles, where applicable; for a group, readers cannot otherwise tell which entity is bound.",
      fails=DPF + """
        organisation:
          name: Example
          entities:
            - {id: us-inc, legal_name: Example Inc., country: US}
      """,
      passes=DPF + """
          covered_entities: [us-inc]
        organisation:
          name: Example
          entities:
            - {id: us-inc, legal_name: Example Inc., country: US}
      """)
def dpf_covered_entities_missing(policy: Policy) -> Iterator[Violation]:
    dpf = _dpf(policy)
    if dpf.get("participates") and policy.data["organisation"].get("entities") and not dpf.get("covered_entities"):
        yield Violation(("dpf",), "the policy does not name the entities its DPF certification covers")


@rule(code="PL518", name="dpf-eu-contact-missing", profile="dpf", severity="info",
      summary="The organisation has an establishment in the EU, but the policy gives no contact there for DPF "
              "inquiries or complaints.",
      citation="DPF Principles II.1(a)(v)",
      citation_note=UNVERIFIED + " Whether an EU establishment is \"relevant\" (able to respond) is the "
                                 "organisation's to say; a contact with no postal address may be answered anywhere, "
                                 "so this is information only.",
      rationale="Notice must say how to contact the organisation with inquiries or complaints, \"including any "
                "relevant establishment in the EU that can respond to them\". A group with an EU entity that gives "
                "only contacts elsewhere leaves EU individuals to write abroad.",
      fails=DPF + """
        organisation:
          name: Example
          entities:
            - {id: us-inc, legal_name: Example Inc., country: US}
            - {id: nl-bv, legal_name: Example B.V., country: NL}
        contacts:
          - id: privacy
            kind: privacy_office
            channels: [{type: postal, value: "1 Main St, Springfield, USA", address: {lines: [1 Main St], country: US}}]
      """,
      passes=DPF + """
        organisation:
          name: Example
          entities:
            - {id: us-inc, legal_name: Example Inc., country: US}
            - {id: nl-bv, legal_name: Example B.V., country: NL}
        contacts:
          - id: privacy-eu
            kind: privacy_office
            channels: [{type: postal, value: "Damrak 1, Amsterdam", address: {lines: [Damrak 1], country: NL}}]
      """)
def dpf_eu_contact_missing(policy: Policy) -> Iterator[Violation]:
    if "eu_us_dpf" not in policy.laws and "eu_us" not in _dpf(policy).get("programs", []):
        return
    organisation = policy.data["organisation"]
    eu = [(i, e) for i, e in enumerate(organisation.get("entities", [])) if e.get("country") in EU_COUNTRIES]
    if not eu or (organisation.get("address") or {}).get("country") in EU_COUNTRIES:
        return
    for contact_id in policy.usable_contacts:
        contact = policy.contacts[contact_id]
        if set(contact.get("represents_in", [])) & EU_COUNTRIES or any(
                (ch.get("address") or {}).get("country") in EU_COUNTRIES for ch in policy.usable_channels(contact)):
            return
    names = "; ".join(f"{e['legal_name']} ({e['country']})" for _, e in eu)
    yield Violation(("organisation", "entities", eu[0][0]),
                    f"the group has an establishment in the EU ({names}), but no contact the policy gives is there: "
                    "say whether it can answer DPF inquiries and complaints, and how to reach it",
                    related=tuple(("organisation", "entities", i) for i, _ in eu[1:MAX_RELATED + 1]))
