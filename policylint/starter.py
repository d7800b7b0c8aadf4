"""`policylint init`: the files a repository of privacy policies starts with.

The starter policy says only what the author told `init` (the organisation's name) and what every policy needs to
be valid (the required lists, empty). Everything else is a comment: what each section wants, with examples for the
kind of service, which the author keeps only where true. The policy is a draft (`document.status: draft`), so its
findings are its to-do list and fail no check until the author publishes it; nothing in it is invented.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml

HOOKS_REPO = "https://github.com/policylint/policylint"
POLICY_FOLDER = "policies"
RENDERED_FOLDER = "policies/rendered"
SCHEMA_FOLDER = "schema"

# The laws whose requirements change what the starter asks for; the rest only reach policylint.toml.
GDPR_LIKE = frozenset({"gdpr", "uk_gdpr"})


@dataclass(frozen=True)
class Service:
    """What a kind of service usually collects, does with it and shares: examples for the author's comments."""

    description: str
    data_categories: tuple[dict[str, Any], ...]
    purposes: tuple[dict[str, Any], ...]
    recipients: tuple[dict[str, Any], ...]


_CONTACT = {"id": "contact", "label": "Contact details (name, email address)"}
_USAGE = {"id": "usage", "label": "How you use the site (pages visited, device and browser, IP address)"}
_ACCOUNT = {"id": "account", "label": "Account details (email address, password, settings)"}
_HOSTING = {"id": "hosting", "kind": "service_provider", "description": "our hosting provider",
            "data_categories": ["usage"]}

SERVICES: dict[str, Service] = {
    "website": Service(
        "a website",
        (_CONTACT, _USAGE),
        ({"id": "enquiries", "description": "Answer your messages", "kind": "service_delivery",
          "data_categories": ["contact"], "legal_bases": ["legitimate_interests"]},
         {"id": "site-statistics", "description": "Count visits to improve the site", "kind": "analytics",
          "data_categories": ["usage"], "legal_bases": ["consent"]}),
        (_HOSTING,
         {"id": "analytics", "kind": "analytics_provider", "description": "our web analytics provider",
          "data_categories": ["usage"]}),
    ),
    "online-shop": Service(
        "an online shop",
        (_CONTACT, {"id": "delivery", "label": "Delivery address"},
         {"id": "orders", "label": "Orders and payments (items bought, amounts, payment card type)"}, _USAGE),
        ({"id": "orders", "description": "Take, deliver and invoice your orders", "kind": "service_delivery",
          "data_categories": ["contact", "delivery", "orders"], "legal_bases": ["contract"]},
         {"id": "bookkeeping", "description": "Keep the accounts the law requires", "kind": "legal_compliance",
          "data_categories": ["orders"], "legal_bases": ["legal_obligation"]}),
        ({"id": "payments", "kind": "payment_processor", "description": "our payment provider",
          "data_categories": ["orders"]},
         {"id": "carriers", "kind": "shipping_carrier", "description": "the carriers who deliver your orders",
          "data_categories": ["contact", "delivery"]},
         _HOSTING),
    ),
    "app": Service(
        "a mobile app",
        (_ACCOUNT, {"id": "device", "label": "Device information (model, operating system, app version)"},
         {"id": "location", "label": "Location, while the app is open and only if you allow it"}),
        ({"id": "service", "description": "Provide the app and your account", "kind": "service_delivery",
          "data_categories": ["account", "device"], "legal_bases": ["contract"]},
         {"id": "crash-reports", "description": "Find and fix crashes", "kind": "security_fraud",
          "data_categories": ["device"], "legal_bases": ["legitimate_interests"]}),
        ({"id": "cloud", "kind": "service_provider", "description": "our cloud provider",
          "data_categories": ["account", "device"]},),
    ),
    "saas": Service(
        "an online service for businesses",
        (_ACCOUNT, {"id": "billing", "label": "Billing details (company name, address, VAT number)"}, _USAGE),
        ({"id": "service", "description": "Provide the service to your organisation", "kind": "service_delivery",
          "data_categories": ["account", "usage"], "legal_bases": ["contract"]},
         {"id": "billing", "description": "Invoice your organisation", "kind": "legal_compliance",
          "data_categories": ["billing"], "legal_bases": ["legal_obligation"]}),
        (_HOSTING, {"id": "payments", "kind": "payment_processor", "description": "our payment provider",
                    "data_categories": ["billing"]}),
    ),
}

CONTACT_EXAMPLE = {"id": "privacy", "kind": "privacy_office",
                   "channels": [{"type": "email", "value": "privacy@your-domain.example"}]}


def _flow(item: dict[str, Any]) -> str:
    """One item as a YAML flow mapping, for a comment line."""
    text: str = yaml.safe_dump(item, default_flow_style=True, sort_keys=False, width=10**6, allow_unicode=True)
    return text.strip()


def _examples(items: tuple[dict[str, Any], ...] | list[dict[str, Any]], gdpr: bool) -> list[str]:
    shown = [{k: v for k, v in item.items() if gdpr or k != "legal_bases"} for item in items]
    return [f"#   - {_flow(item)}" for item in shown]


def _quoted(text: str) -> str:
    return _flow({"x": text})[len("{x: "):-1]


def starter_policy(organisation: str, laws: frozenset[str], service: str, modeline: str, today: date) -> str:
    """The starter policy's text: valid against the schema, with the author's to-dos as comments and findings."""
    kind = SERVICES[service]
    gdpr = bool(laws & GDPR_LIKE)
    named = ", ".join(sorted(laws)) or "none given"
    lines = [
        modeline,
        f"# {organisation}'s privacy policy, as data. Started by `policylint init` on {today.isoformat()} for "
        f"{kind.description}",
        f"# (laws that apply, in policylint.toml: {named}).",
        "#",
        "# `policylint check` lists what is left to write: each finding names the section and what it wants, and",
        "# `policylint rule CODE` shows an example that passes. Your editor completes keys and values from the schema",
        "# named on the first line. Write only what is true of your organisation: the examples below are the usual",
        "# things for the kind of service, not yours until you have checked them.",
        'schema_version: "2.0"',
        "",
        "document:",
        f"  title: {_quoted(organisation + ' privacy policy')}",
        "  # A draft's findings are its to-do list and fail no check. When the policy is published, delete this line",
        '  # and add the dates it gives, e.g. effective_date: {date: "2027-01-15"} and last_updated.',
        "  status: draft",
        "",
        "organisation:",
        f"  name: {_quoted(organisation)}",
    ]
    if gdpr:
        lines.append("  # legal_name: the controller's registered name, even where it is the name above "
                     "(GDPR Art. 13(1)(a))")
    lines += [
        "",
        "# Who people write to about their data, and how (an email address, a postal address, a web form):",
        f"#   - {_flow(CONTACT_EXAMPLE)}",
        "contacts: []",
        "",
        "# The laws the policy follows and the schemes the organisation takes part in (the EU-U.S. Data Privacy",
        "# Framework, ...). A key of its own, applicability: says why each law applies to the organisation, or not.",
        *[f"#   - {_flow({'framework': law, 'stance': 'applies'})}" for law in sorted(laws)],
        "frameworks: []",
        "",
        f"# Each kind of personal data you collect. For {kind.description}, usually:",
        *_examples(kind.data_categories, gdpr),
        "data_categories: []",
        "",
        "# What you use each kind of data for" + (", and the legal basis for it (GDPR Art. 6(1)):" if gdpr else ":"),
        *_examples(kind.purposes, gdpr),
        "purposes: []",
        "",
        "# Who receives personal data from you (service providers, group companies, authorities), and what:",
        *_examples(kind.recipients, gdpr),
        "recipients: []",
        "",
        '# What you do not do, where the policy says so ("we do not sell personal information"): only what is true.',
        "negative_statements: []",
        "",
        "# How long you keep each kind of data: a period (P6Y is six years), an event, or the criteria you use:",
        f"#   - {_flow({'kind': 'period', 'period': 'P2Y', 'applies_to': [kind.data_categories[0]['id']]})}",
        "retention: []",
        "",
        "# Still to write, as `policylint check` reports them (`policylint rule CODE` shows an example of each):",
        *[f"#   {key}: {what}" for key, what in _still_to_write(laws)],
        "# The reference for every key: docs/schema.md in the policylint repository.",
    ]
    return "\n".join(lines) + "\n"


# Sections the starter leaves out, with what they are for: the rules that find them missing point here.
STILL_TO_WRITE = (
    ("rights", "the rights people have over their data, and how to use them"),
    ("changes", "how you tell people the policy has changed"),
    ("children", "whether the service is meant for children, and what you do about their data"),
    ("automated_decision_making", "whether you make decisions about people by automated means"),
)
STILL_TO_WRITE_FOR = {
    "gdpr": (("complaints", "the supervisory authority people may complain to"),
             ("provision_requirements", "whether people must give their data, and what happens if they do not")),
    "ccpa": (("california", "the CCPA's lists: categories collected, sold or shared, disclosed for a business "
                            "purpose"),),
    "caloppa": (("cookies", "cookies, tracking by others, and how you answer Do Not Track"),),
}
STILL_TO_WRITE_FOR["uk_gdpr"] = STILL_TO_WRITE_FOR["gdpr"]


def _still_to_write(laws: frozenset[str]) -> list[tuple[str, str]]:
    found = dict(STILL_TO_WRITE)
    for law in sorted(laws):
        found.update(STILL_TO_WRITE_FOR.get(law, ()))
    return list(found.items())


def config_text(laws: frozenset[str]) -> str:
    listed = ", ".join(f'"{law}"' for law in sorted(laws))
    return (
        "# policylint's configuration (https://github.com/policylint/policylint#configuration-and-suppressions).\n"
        "# The laws that apply to the organisation, whatever its policies name: their rules run on every policy.\n"
        f"laws = [{listed}]\n"
    )


def precommit_text(repo: str, rev: str) -> str:
    return f"""\
# pre-commit hooks for the privacy policies (https://pre-commit.com): pip install pre-commit && pre-commit install
repos:
  - repo: {repo}
    rev: {rev}
    hooks:
      - id: policylint-fmt      # format the changed policies in place (first: the other hooks see the result)
        files: ^{POLICY_FOLDER}/.*\\.ya?ml$
      - id: policylint          # check the changed policies (a draft's findings are listed, and fail nothing)
        files: ^{POLICY_FOLDER}/.*\\.ya?ml$
      - id: policylint-render   # keep {RENDERED_FOLDER}/<name>.md current: written, then staged by you
        files: ^{POLICY_FOLDER}/[^/]*\\.ya?ml$
        args: [--rendered, {RENDERED_FOLDER}]
      - id: policylint-material-change   # list what changed; block a material change without a newer date
        files: ^{POLICY_FOLDER}/[^/]*\\.ya?ml$
      - id: policylint-all      # re-check every policy when the schema or the configuration changes
        args: [{POLICY_FOLDER}/]
"""
