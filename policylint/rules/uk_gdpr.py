"""UK GDPR rules (profile `uk-gdpr`): where the UK's regime differs from the EU's. The GDPR profile's rules also run
for a policy that declares the UK GDPR.
"""

from __future__ import annotations

from collections.abc import Iterator

from policylint.model import Policy, is_ico
from policylint.rules import Violation, rule

UK = """
        frameworks:
          - framework: uk_gdpr
"""


@rule(code="PL401", name="uk-ico-not-named", profile="uk-gdpr", severity="warning",
      summary="A policy under the UK GDPR does not name the Information Commissioner's Office.",
      citation="UK GDPR Art. 13(2)(d), 77",
      rationale="The UK's supervisory authority is the ICO; readers should be told they can complain to it.",
      fails=UK,
      passes=UK + """
        complaints:
          supervisory_authorities:
            - name: Information Commissioner's Office
              channels: [{type: website, value: "https://ico.org.uk/make-a-complaint"}]
      """)
def uk_ico_not_named(policy: Policy) -> Iterator[Violation]:
    # Named anywhere counts: a policy that names the ICO as its DPF recourse body (Steam) has told UK readers it
    # exists; Art. 13(2)(d) asks for the right to complain to "a supervisory authority", which PL308 checks.
    named = [*policy.authorities(), *policy.dpf_recourse_bodies()]
    if not any(is_ico(body.get("name", "")) for _path, body in named):
        yield Violation(("complaints",) if "complaints" in policy.data else (), "the ICO is not named")


@rule(code="PL402", fixed_by_removal=True,
      name="uk-child-consent-age", profile="uk-gdpr", severity="info",
      summary="An age threshold for children is not the UK's 13.",
      citation="UK GDPR Art. 8(1)",
      citation_note="The Children's Wellbeing and Schools Act 2026 lets the Secretary of State set the age anywhere "
                    "from 13 to 16; whether that is in force was not confirmed.",
      rationale="For consent-based information society services the UK age is 13; a different age may reflect "
                "another country's rule.",
      fails=UK + """
        negative_statements:
          - {id: children, claim: no_knowing_collection_from_children, age: 16}
      """,
      passes=UK + """
        negative_statements:
          - {id: children, claim: no_knowing_collection_from_children, age: 13}
      """)
def uk_child_consent_age(policy: Policy) -> Iterator[Violation]:
    for path, statement in policy.items("negative_statements"):
        if statement["claim"] == "no_knowing_collection_from_children" and statement["age"] != 13:
            yield Violation((*path, "age"), f"age {statement['age']}; the UK GDPR age is 13")


@rule(code="PL403", fixed_by_removal=True,
      name="uk-transfer-mechanism", profile="uk-gdpr", severity="info",
      summary="A transfer relies on EU standard contractual clauses without the UK Addendum or the IDTA.",
      citation="UK GDPR Art. 46",
      rationale="EU SCCs alone do not cover transfers from the UK; the UK Addendum or the International Data "
                "Transfer Agreement is needed.",
      fails=UK + """
        transfers:
          - {destination: US, mechanism: sccs}
      """,
      passes=UK + """
        transfers:
          - {destination: US, mechanism: sccs}
          - {destination: US, mechanism: uk_addendum}
      """)
def uk_transfer_mechanism(policy: Policy) -> Iterator[Violation]:
    mechanisms = {t["mechanism"] for t in policy.data.get("transfers") or []}
    if "sccs" in mechanisms and not {"uk_addendum", "idta"} & mechanisms:
        for path, transfer in policy.items("transfers"):
            if transfer["mechanism"] == "sccs":
                yield Violation((*path, "mechanism"), "EU SCCs without the UK Addendum or the IDTA")
