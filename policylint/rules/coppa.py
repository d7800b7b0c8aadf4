"""COPPA rules (profile `coppa`): the online notice of 16 CFR 312.4(d) and the retention policy of 312.10."""

from __future__ import annotations

from collections.abc import Iterator

from policylint.model import Policy
from policylint.rules import Violation, rule

COPPA = """
        frameworks:
          - framework: coppa
"""
NUMBERING = ("The paragraph numbers of 312.4(d) after the 2025 amendments were not confirmed against the current "
             "text.")


@rule(code="PL801", name="coppa-operator-contact", profile="coppa", severity="error",
      summary="The notice lacks the operator's name, postal address, telephone number or email address.",
      citation="16 CFR 312.4(d)(1)", citation_note=NUMBERING,
      rationale="A notice under COPPA must give the name, address, telephone number and email address of every "
                "operator collecting or maintaining children's personal information.",
      fails=COPPA + """
        contacts:
          - id: privacy
            kind: privacy_office
            channels: [{type: email, value: privacy@example.com}]
      """,
      passes=COPPA + """
        contacts:
          - id: privacy
            kind: privacy_office
            channels:
              - {type: email, value: privacy@example.com}
              - {type: phone, value: "+1 800 555 0100"}
              - {type: postal, value: "1 Main St, Springfield"}
      """)
def coppa_operator_contact(policy: Policy) -> Iterator[Violation]:
    types = {ch["type"] for cid in policy.usable_contacts for ch in policy.usable_channels(policy.contacts[cid])}
    if policy.data["organisation"].get("address"):
        types.add("postal")
    missing = [t for t in ("postal", "phone", "email") if t not in types]
    if missing:
        yield Violation(("contacts",), f"the operator's {', '.join(missing)} contact is not given")


@rule(code="PL802", name="coppa-parental-rights", profile="coppa", severity="error",
      summary="The notice does not tell parents how to review, delete or stop the collection of their child's data.",
      citation="16 CFR 312.4(d)(3)", citation_note=NUMBERING,
      rationale="Parents must be told they can review and have deleted their child's personal information and "
                "refuse further collection, and how to do so.",
      fails=COPPA,
      passes=COPPA + """
        children:
          statements:
            - {kind: parental_request, description: write to us to review or delete your child's information}
      """)
def coppa_parental_rights(policy: Policy) -> Iterator[Violation]:
    kinds = {s["kind"] for s in (policy.data.get("children") or {}).get("statements", [])}
    if "parental_request" not in kinds:
        yield Violation(("children",) if "children" in policy.data else (),
                        "no procedure for parents to review or delete their child's information")


@rule(code="PL803", name="coppa-retention-policy", profile="coppa", severity="error",
      summary="The notice does not state how long children's personal information is kept.",
      citation="16 CFR 312.10",
      rationale="Since the 2025 amendments (compliance date 22 April 2026), the written data retention policy for "
                "children's personal information must be set out in the online notice.",
      fails=COPPA,
      passes=COPPA + """
        retention:
          - {kind: period, period: P1Y}
      """)
def coppa_retention_policy(policy: Policy) -> Iterator[Violation]:
    if not [s for s in policy.data["retention"] if s["kind"] != "not_stated"]:
        yield Violation(("retention",), "no retention policy for children's personal information")
