"""Schema 1.1: what real policies state that 1.0 could not hold (issue 12; shared/research/schema-gaps.md), each
test naming the needs it covers: recipients' roles and hosting, transfers tied to recipients or with no destination,
retention bounds and disposal, CCPA sold apart from shared, representatives anywhere, rights for some residents only,
exclusive methods, fee grounds, cookie consent, ADM safeguards, and DPF mentions and recourse bodies."""

from __future__ import annotations

from pathlib import Path

from conftest import TODAY

from policylint.rules import example_policy

TABLE = """\
frameworks: [{framework: gdpr}]
recipients:
  - {id: zendesk, kind: service_provider, description: Zendesk, role: processor, countries: [US], hosting: [DE],
     url: "https://www.zendesk.com/company/privacy"}
  - {id: meta, kind: advertiser, description: Meta, role: independent_controller}
  - {id: profiles, kind: public, description: Anyone who looks up your profile}
transfers:
  - {recipients: [zendesk], destination: US, mechanism: dpf}
  - {destination_outside: [EEA], mechanism: not_stated}
"""


def test_roles_hosting_links_and_transfers_render(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(example_policy(TABLE))
    result = run_cli("render", "--format", "text", str(path))
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "Role: processor, acting only on our behalf" in text
    assert "Role: independent controller, deciding its own purposes" in text
    assert "hosts the data in Germany" in text and "https://www.zendesk.com/company/privacy" in text
    assert "transfers to the United States rely on Data Privacy Framework" in text  # beside the recipient
    assert "anyone (made public)" in text.lower()
    assert "To the United States (Zendesk)" in text and "To outside the European Economic Area" in text


def test_a_transfer_without_a_destination_is_checked_and_named_as_stated(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(example_policy(TABLE))
    lines = run_cli("check", "--today", TODAY, "--select", "PL305", str(path)).stdout.splitlines()
    assert len(lines) == 1 and "the transfer to outside EEA has no lawful transfer mechanism" in lines[0]


def test_a_transfer_names_only_declared_recipients(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(example_policy(TABLE.replace("recipients: [zendesk]", "recipients: [zendesk, intercom]")))
    lines = run_cli("check", "--today", TODAY, "--select", "PL212", str(path)).stdout.splitlines()
    assert len(lines) == 1 and "'intercom' is not declared in recipients" in lines[0]
    written = path.read_text().splitlines()
    assert written[int(lines[0].split(":")[1]) - 1].strip() == "- intercom"  # at the reference itself


def test_a_role_outside_the_list_is_refused(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(example_policy(TABLE.replace("role: processor", "role: processer")))
    lines = run_cli("check", "--today", TODAY, str(path)).stdout.splitlines()
    assert any(" PL104 " in line and "did you mean 'processor'?" in line for line in lines)


RETENTION = """\
retention:
  - {kind: period, period: P4Y, bound: at_most, hedge: Generally, disposal: [anonymisation, aggregation]}
  - {kind: after_inactivity, period: P48M, grace_period: P30D}
"""


def test_retention_bounds_hedges_inactivity_and_disposal_render(run_cli, tmp_path: Path) -> None:
    """schema-gaps RT1, RT3, RT4."""
    path = tmp_path / "p.yaml"
    path.write_text(example_policy(RETENTION))
    text = " ".join(run_cli("render", "--audience", "review", "--format", "text", str(path)).stdout.split())
    assert ('All data How long we keep it: for a fixed period: at most 4 years; then: anonymisation, aggregation (as '
            'the policy hedges it: "Generally")') in text
    assert "All data How long we keep it: after inactivity: after 48 months without use; then a grace period of " \
           "30 days" in text
    missing = run_cli("check", "--today", TODAY, str(tmp_path / "p.yaml"))
    assert " PL228 " not in missing.stdout  # retention is stated
    path.write_text(example_policy(RETENTION.replace(", period: P48M", "")))
    lines = run_cli("check", "--today", TODAY, str(path)).stdout.splitlines()
    assert any(" PL102 " in line and "missing required key 'period'" in line for line in lines)


CCPA = "frameworks: [{framework: ccpa}]\ncalifornia:\n"


def test_sold_and_shared_listed_apart_satisfy_the_ccpa_list(run_cli, tmp_path: Path) -> None:
    """schema-gaps CA1: a list sold beside a list shared is the list 1798.130(a)(5)(C) asks for; one alone is not."""
    path = tmp_path / "p.yaml"
    both = CCPA + "  sold_categories: {categories: []}\n  shared_categories: {categories: []}\n"
    path.write_text(example_policy(both))
    assert " PL604 " not in run_cli("check", "--today", TODAY, "--select", "PL604", str(path)).stdout
    path.write_text(example_policy(CCPA + "  sold_categories: {categories: []}\n"))
    assert " PL604 " in run_cli("check", "--today", TODAY, "--select", "PL604", str(path)).stdout


def test_representatives_residents_exclusive_methods_fee_grounds_consent_and_safeguards_render(
        run_cli, tmp_path: Path) -> None:
    """schema-gaps OR1, RI1, RI2, RI5, CK1, AD2."""
    path = tmp_path / "p.yaml"
    path.write_text(example_policy("""\
contacts:
  - {id: ch, kind: representative, name: RIVACY Switzerland GmbH, represents_in: [CH],
     channels: [{type: email, value: swiss@example.com}]}
rights:
  statements:
    - right: access
      residents_of: [EEA, GB, CH]
      methods: [{kind: account_settings, exclusive: true}]
      fee: {kind: may_charge, grounds: [manifestly_unfounded, affects_others]}
cookies:
  consent: opt_in
automated_decision_making:
  used: true
  safeguard_kinds: [human_intervention, contest]
"""))
    result = run_cli("render", "--format", "text", str(path))
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    for expected in ("RIVACY Switzerland GmbH (representative in Switzerland)",
                     "(for residents of the European Economic Area, the United Kingdom and Switzerland only)",
                     "(the only way)", "when a request is manifestly unfounded or affects others",
                     "Consent to cookies and trackers: opt-in (nothing non-essential is set before you agree)",
                     "You may: obtain human intervention; contest the decision"):
        assert expected in text, expected


DPF_NAMED_BY_A_RECIPIENT = """\
frameworks:
  - {framework: eu_us_dpf, stance: recipient_mechanism}
"""


def test_a_framework_named_only_as_a_recipients_mechanism_runs_no_participant_checks(run_cli, tmp_path: Path) -> None:
    """schema-gaps DP1: "DPF = Data Privacy Framework" in a processor table does not make the organisation a
    participant, so the DPF profile's findings (ten false ones on Donkey Republic) do not appear."""
    path = tmp_path / "p.yaml"
    path.write_text(example_policy(DPF_NAMED_BY_A_RECIPIENT))
    assert not any(" PL5" in line for line in run_cli("check", "--today", TODAY, str(path)).stdout.splitlines())
    path.write_text(example_policy(DPF_NAMED_BY_A_RECIPIENT.replace("recipient_mechanism", "applies")))
    assert any(" PL5" in line for line in run_cli("check", "--today", TODAY, str(path)).stdout.splitlines())


def test_each_recourse_body_is_checked_and_rendered(run_cli, tmp_path: Path) -> None:
    """schema-gaps DP2: one body per program."""
    path = tmp_path / "p.yaml"
    path.write_text(example_policy("""\
frameworks: [{framework: eu_us_dpf}]
dpf:
  participates: true
  recourse_bodies:
    - {name: EU DPA panel, kind: eu_dpa_panel, programs: [eu_us], url: "https://edpb.europa.eu", free_of_charge: true}
    - {name: Gibraltar Regulatory Authority, kind: gibraltar_gra, programs: [uk_extension]}
"""))
    lines = run_cli("check", "--today", TODAY, "--select", "PL510", str(path)).stdout.splitlines()
    assert [line.split(": ", 1)[1].split(" (")[0] for line in lines] == [
        "PL510 [error] no link to Gibraltar Regulatory Authority's website or complaint form",
        "PL510 [error] the policy does not say Gibraltar Regulatory Authority is free of charge"]
    text = " ".join(run_cli("render", "--format", "text", str(path)).stdout.split())
    assert "Independent recourse mechanism: EU DPA panel" in text and "Gibraltar Regulatory Authority" in text


def test_laws_without_a_profile_and_document_metadata(run_cli, tmp_path: Path) -> None:
    """schema-gaps AP2 (the Swiss FADP, ePrivacy, the French Act, another law by name) and CH4 (current as of, a
    version): held and rendered, and `other` needs its name."""
    path = tmp_path / "p.yaml"
    policy = example_policy("""\
document:
  title: Example privacy policy
  as_of: {date: "2018-05-24"}
  version: "1.2"
frameworks:
  - {framework: ch_fadp}
  - {framework: fr_data_protection_act, name: "Act No 78-17 of 6 January 1978"}
  - {framework: other, name: Brazilian LGPD}
""")
    path.write_text(policy)
    text = " ".join(run_cli("render", "--format", "text", str(path)).stdout.split())
    for expected in ("Information current as of: 24 May 2018", "Version: 1.2",
                     "Swiss Federal Act on Data Protection (FADP)", "named as: Act No 78-17 of 6 January 1978",
                     "Other law: Brazilian LGPD"):
        assert expected in text, expected
    path.write_text(policy.replace("framework: other\n  name: Brazilian LGPD", "framework: other"))
    lines = run_cli("check", "--today", TODAY, str(path)).stdout.splitlines()
    assert any(" PL102 " in line and "missing required key 'name'" in line for line in lines)
    assert run_cli("check", "--law", "other", str(path)).exit_code == 2  # not a law one can assume


def test_new_claims_rights_consent_to_changes_and_tracker_purposes(run_cli, tmp_path: Path) -> None:
    """schema-gaps NE1 (new negative claims), RI3 (new rights), CH1 (consent to changes is not notice: PL233 still
    fires) and CK2 (purposes per tracking technology)."""
    path = tmp_path / "p.yaml"
    path.write_text(example_policy("""\
purposes:
  - {id: fraud, description: Detecting cheating}
negative_statements:
  - {id: no-pub, claim: no_publication}
  - {id: no-name, claim: no_real_name_required}
rights:
  statements:
    - {right: post_mortem_instructions}
    - {right: other, description: to hide your profile}
changes:
  consent_required: {text: This will not change your rights without your express consent.}
cookies:
  technologies:
    - {id: beacons, technology: web_beacons, category: analytics, purposes: [fraud]}
"""))
    text = " ".join(run_cli("render", "--audience", "review", "--format", "text", str(path)).stdout.split())
    for expected in ("We do not publish it without your permission.", "We do not require your real name.",
                     "Right to leave instructions for after your death", "Other right: to hide your profile",
                     "The policy does not say how you are told about changes.",
                     "We ask for your consent before some changes: This will not change your rights",
                     "analytics: Detecting cheating"):
        assert expected.lower() in text.lower(), expected
    assert " PL233 " in run_cli("check", "--today", TODAY, "--select", "PL233", str(path)).stdout


def test_purpose_kinds_who_pursues_them_and_hedges(run_cli, tmp_path: Path) -> None:
    """schema-gaps PU1 (purpose kind), PU2 (pursued by recipients), NE5 (hedges on recipients, automated decisions
    and change notices) and CH2 (a prominent notice on the site)."""
    path = tmp_path / "p.yaml"
    fragment = """\
recipients:
  - {id: ads, kind: advertiser, description: Ad partners, hedge: may}
purposes:
  - {id: ads-own, description: Showing ads on other sites, kind: advertising, pursued_by: recipients,
     recipients: [ads]}
automated_decision_making:
  used: true
  hedge: We may carry automated processing
changes:
  notification:
    - {method: site_notice, hedge: We may notify you}
"""
    path.write_text(example_policy(fragment))
    text = " ".join(run_cli("render", "--audience", "review", "--format", "text", str(path)).stdout.split())
    for expected in ("Showing ads on other sites (advertising); pursued by: recipients (Ad partners)",
                     'as the policy hedges it: "may"', 'As the policy hedges it: "We may carry automated processing"',
                     'Site notice; as the policy hedges it: "We may notify you"'):
        assert expected in text, expected
    path.write_text(example_policy(fragment.replace("recipients: [ads]", "recipients: [partners]")))
    assert "'partners' is not declared in recipients" in run_cli("check", "--today", TODAY, "--select", "PL212",
                                                                 str(path)).stdout
