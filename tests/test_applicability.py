"""Which laws apply (issue 12, part 1): what a policy names and what applies to its organisation are different facts.

A profile runs when its law applies (the policy's `applicability`, `laws` and `per-file-laws` in the configuration,
`--law`) or when the text names it; PL238 reports a law the organisation's own facts point at that nothing decides;
`--select` of a profile that cannot run says so instead of "All checks passed".
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import MINIMAL_POLICY, TODAY

from policylint.model import LAW_NAMES, Policy
from policylint.rules import example_policy

# A policy that names no law; the GDPR's rules find plenty to say about it when they run (PL306, PL308, ...).
SILENT = MINIMAL_POLICY
GDPR_APPLIES = SILENT + """\
applicability:
  - law: gdpr
    applies: true
    assessed_by: organisation
    reasons: [{kind: establishment, region: DE}]
"""


def codes(result) -> set[str]:  # type: ignore[no-untyped-def]
    return {line.split()[1] for line in result.stdout.splitlines()}


def gdpr_codes(result) -> set[str]:  # type: ignore[no-untyped-def]
    return {code for code in codes(result) if code.startswith("PL3")}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_policy_that_names_no_law_gets_no_gdpr_checks_until_something_says_it_applies(run_cli, repo: Path) -> None:
    Path("p.yaml").write_text(SILENT)
    assert gdpr_codes(run_cli("check", "--today", TODAY, "p.yaml")) == set()
    Path("p.yaml").write_text(GDPR_APPLIES)
    assert {"PL306", "PL308"} <= gdpr_codes(run_cli("check", "--today", TODAY, "p.yaml"))


def test_the_law_applies_from_the_command_line(run_cli, repo: Path) -> None:
    Path("p.yaml").write_text(SILENT)
    assert {"PL306", "PL308"} <= gdpr_codes(run_cli("check", "--today", TODAY, "--law", "gdpr", "p.yaml"))
    both = run_cli("check", "--today", TODAY, "--law", "gdpr,coppa", "p.yaml")
    assert any(code.startswith("PL8") for code in codes(both))


def test_the_law_applies_from_the_configuration_for_all_files_or_by_glob(run_cli, repo: Path) -> None:
    Path("eu").mkdir()
    Path("eu/p.yaml").write_text(SILENT)
    Path("us.yaml").write_text(SILENT)
    Path("policylint.toml").write_text('[per-file-laws]\n"eu/*.yaml" = ["gdpr"]\n')
    result = run_cli("check", "--today", TODAY, "eu/p.yaml", "us.yaml")
    by_file = {path: {line.split()[1] for line in result.stdout.splitlines() if line.startswith(path)}
               for path in ("eu/p.yaml", "us.yaml")}
    assert "PL306" in by_file["eu/p.yaml"] and "PL306" not in by_file["us.yaml"]
    Path("policylint.toml").write_text('laws = ["gdpr"]\n')
    result = run_cli("check", "--today", TODAY, "eu/p.yaml", "us.yaml")
    assert sum(" PL306 " in line for line in result.stdout.splitlines()) == 2


def test_parallel_workers_carry_the_laws(run_cli, repo: Path) -> None:
    for i in range(20):
        Path(f"p{i:02d}.yaml").write_text(SILENT)
    files = [f"p{i:02d}.yaml" for i in range(20)]
    serial = run_cli("check", "--today", TODAY, "--law", "gdpr", "-j", "1", *files).stdout
    parallel = run_cli("check", "--today", TODAY, "--law", "gdpr", "-j", "2", *files).stdout
    assert parallel == serial and serial.count(" PL306 ") == 20


@pytest.mark.parametrize("args,config,line", [
    (["--law", "gdrp"], "", "policylint: --law: unknown law 'gdrp' (did you mean 'gdpr'?); known: caloppa, ccpa, "),
    ([], 'laws = ["GDPR", "cpra"]\n', "policylint.toml:1:1: laws: unknown law 'cpra' (did you mean 'ccpa'?)"),
    ([], '[per-file-laws]\n"*.yaml" = "ccpa"\n', ""),
    ([], 'per-file-laws = ["gdpr"]\n', "policylint.toml:1:1: per-file-laws must be a table of glob = [laws]"),
])
def test_unknown_laws_are_one_positioned_line(run_cli, repo: Path, args: list[str], config: str, line: str) -> None:
    Path("p.yaml").write_text(SILENT)
    if config:
        Path("policylint.toml").write_text(config)
    result = run_cli("check", "--today", TODAY, *args, "p.yaml")
    if not line:  # a single string is a list of one, as for select and ignore
        assert result.exit_code in (0, 1) and result.stderr.startswith("Found")
        return
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(line) and len(result.stderr.splitlines()) == 1


def test_selecting_a_profile_that_cannot_run_says_so(run_cli, repo: Path) -> None:
    Path("p.yaml").write_text(SILENT)
    result = run_cli("check", "--today", TODAY, "--select", "gdpr", "p.yaml")
    assert (result.exit_code, result.stdout) == (0, "")
    assert "All checks passed" not in result.stderr
    assert result.stderr.splitlines() == [
        "p.yaml: the gdpr checks did not run: no law they check applies to this policy or is named in it (say which "
        "laws apply in `applicability`, `laws` in the configuration, or --law)",
        result.stderr.splitlines()[-1]]
    assert result.stderr.splitlines()[-1].startswith("No findings, but the selected checks did not run on 1 of 1 file")
    # Once the law applies, the same selection runs and finds.
    assert {"PL306", "PL308"} <= gdpr_codes(run_cli("check", "--today", TODAY, "--select", "gdpr", "--law", "gdpr",
                                                    "p.yaml"))
    # Selecting everything is not asking for a profile: nothing to say about the ones that do not apply.
    quiet = run_cli("check", "--today", TODAY, "--select", "ALL", "p.yaml")
    assert "did not run" not in quiet.stderr


def test_a_law_assessed_not_to_apply_runs_only_if_the_text_names_it() -> None:
    import yaml

    data = yaml.safe_load(SILENT + "applicability:\n  - {law: gdpr, applies: false, assessed_by: encoder, "
                                   "reasons: [{kind: no_establishment_or_targeting}]}\n")
    assert "gdpr" not in Policy(data, date(2026, 1, 1)).profiles
    data["frameworks"] = [{"framework": "gdpr"}]  # what the text names still switches its profile on
    assert "gdpr" in Policy(data, date(2026, 1, 1)).profiles
    assert "gdpr" in Policy(yaml.safe_load(SILENT), date(2026, 1, 1), frozenset({"gdpr"})).profiles


FACTS = {
    "an EU authority for complaints": ("complaints:\n  supervisory_authorities:\n    - {name: CNIL, country: FR}\n",
                                       "gdpr", "complaints.supervisory_authorities[0] sends complaints to an "
                                       "authority in FR"),
    "a UK authority for complaints": ("complaints:\n  supervisory_authorities:\n    - {name: ICO, country: GB}\n",
                                      "uk_gdpr", "complaints.supervisory_authorities[0] sends complaints to an "
                                      "authority in GB"),
    "California notices": ("california:\n  minors_under_16: {text: We do not sell data of minors.}\n", "ccpa",
                           "the policy has notices for California residents"),
    "parental consent": ("children:\n  statements:\n    - {kind: parental_consent, age: 13}\n", "coppa",
                         "children.statements[0] speaks of collecting from children with a parent's consent"),
}


@pytest.mark.parametrize("fact", FACTS)
def test_a_fact_that_points_at_a_law_nothing_decides_is_reported(run_cli, repo: Path, fact: str) -> None:
    fragment, law, said = FACTS[fact]
    Path("p.yaml").write_text(example_policy(fragment))
    lines = [line for line in run_cli("check", "--today", TODAY, "--select", "PL238", "p.yaml").stdout.splitlines()]
    assert len(lines) == 1 and said in lines[0] and f"--law {law}" in lines[0]
    # Anything that decides it, either way, silences it: the text naming it (even as not applying), an assessment,
    # the command line.
    decided = [
        example_policy(fragment + f"frameworks: [{{framework: {law}, stance: does_not_apply}}]\n"),
        example_policy(fragment + f"applicability: [{{law: {law}, applies: false, assessed_by: organisation, "
                                  "reasons: [{kind: other, description: x}]}]\n"),
    ]
    for text in decided:
        Path("p.yaml").write_text(text)
        assert run_cli("check", "--today", TODAY, "--select", "PL238", "p.yaml").stdout == ""
    Path("p.yaml").write_text(example_policy(fragment))
    assert run_cli("check", "--today", TODAY, "--select", "PL238", "--law", law, "p.yaml").stdout == ""


def test_parental_consent_without_an_age_under_14_is_no_coppa_fact(run_cli, repo: Path) -> None:
    """Steam: "Where certain countries apply a higher age of consent ..., Valve requires parental consent" is the
    GDPR's Art. 8 ages, not COPPA's under-13s."""
    for age in ("", ", age: 16"):
        Path("p.yaml").write_text(example_policy(
            "children:\n  statements:\n    - {kind: parental_consent" + age + ", description: higher age}\n"))
        assert run_cli("check", "--today", TODAY, "--select", "PL238", "p.yaml").stdout == ""


def test_each_law_is_reported_once_at_its_first_fact(run_cli, repo: Path) -> None:
    Path("p.yaml").write_text(example_policy(
        "complaints:\n  supervisory_authorities:\n    - {name: CNIL, country: FR}\n    - {name: AP, country: NL}\n"))
    lines = run_cli("check", "--today", TODAY, "--select", "PL238", "p.yaml").stdout.splitlines()
    assert len(lines) == 1 and "supervisory_authorities[0]" in lines[0]


ESTABLISHED = {
    "an entity in the EU": ("organisation:\n  name: X\n  entities:\n    - {id: de, legal_name: X GmbH, country: DE}\n",
                            "gdpr", "organisation.entities[0] is in DE"),
    "an address in the UK": ("organisation:\n  name: X\n  address: {lines: [London], country: GB}\n", "uk_gdpr",
                             "organisation.address is in GB"),
    "a representative in the EU": (
        "contacts:\n  - {id: rep, kind: representative, represents_in: [EU], channels: [{type: email, "
        "value: rep@example.eu}]}\n", "gdpr", "contacts[0] is a representative in the Union"),
}


@pytest.mark.parametrize("fact", ESTABLISHED)
def test_an_establishment_settles_the_law_and_each_finding_says_so(run_cli, repo: Path, fact: str) -> None:
    """What applies is not what is said: an office in the Union puts its processing under the GDPR (Art. 3(1))
    whether or not the policy names it. Its rules run, each finding names the fact it rests on, and a policy that
    never speaks to the law gets PL271."""
    fragment, law, said = ESTABLISHED[fact]
    Path("p.yaml").write_text(example_policy(fragment))
    lines = run_cli("check", "--today", TODAY, "p.yaml").stdout.splitlines()
    profile_findings = [line for line in lines if " PL3" in line or " PL4" in line]
    assert profile_findings and all(f"rests on applicability: {LAW_NAMES[law]} applies because {said}" in line
                                    for line in profile_findings)
    assert not [line for line in lines if " PL238 " in line]
    # A representative is itself what the GDPR asks for (Art. 27): that much of the law is addressed.
    assert bool([line for line in lines if " PL271 " in line and said in line]) == ("representative" not in fact)
    # Once the text names the law, nothing rests on applicability and the law is addressed.
    Path("p.yaml").write_text(example_policy(fragment + f"frameworks: [{{framework: {law}, stance: applies}}]\n"))
    named = run_cli("check", "--today", TODAY, "p.yaml").stdout
    assert " PL3" in named and "rests on applicability" not in named and " PL271 " not in named
    # An assessment that it does not apply is the organisation's word, and the rules stay off.
    Path("p.yaml").write_text(example_policy(fragment + f"applicability: [{{law: {law}, applies: false, "
                                             "assessed_by: organisation, reasons: [{kind: other, description: x}]}]\n"))
    assert " PL3" not in run_cli("check", "--today", TODAY, "p.yaml").stdout


def test_a_policy_that_denies_a_law_the_assessment_applies_is_reported(run_cli, repo: Path) -> None:
    Path("p.yaml").write_text(example_policy(
        "frameworks: [{framework: ccpa, stance: does_not_apply}]\n"
        "applicability: [{law: ccpa, applies: true, assessed_by: organisation, "
        "reasons: [{kind: business_thresholds}]}]\n"))
    lines = run_cli("check", "--today", TODAY, "--select", "PL271", "p.yaml").stdout.splitlines()
    assert len(lines) == 1
    assert "the policy says the CCPA does not apply, and the CCPA applies per `applicability`" in lines[0]


def test_applicability_is_not_rendered_as_the_policys_words(run_cli, repo: Path) -> None:
    Path("p.yaml").write_text(GDPR_APPLIES.replace("region: DE}", "region: DE, description: Our office in Berlin}"))
    for fmt in ("markdown", "html", "text"):
        result = run_cli("render", "--format", fmt, "p.yaml")
        assert result.exit_code == 0 and "Berlin" not in result.stdout
