"""Time `policylint check` against `check-jsonschema --schemafile` on the same files, in one run.

    python bench/check_speed.py [--quick]

Prints, with the machine it ran on:
1. cold start on the five bundled policies: policylint (schema + evidence + every rule + positions) vs
   check-jsonschema (schema only), median of interleaved runs, and the ratio;
2. bulk throughput: N generated ~300-line policies with -j 2, in policies per second, for clean policies (the
   fast path of loading) and for policies with findings (which also take the main loader, for positions);
3. growth with size: one generated policy of ~300, ~3,000 and ~30,000 lines.

A script, not a test: the figures depend on the machine. Needs check-jsonschema (pip install -e '.[test]').
"""

from __future__ import annotations

import importlib.util
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schema" / "privacy-policy.schema.json"
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    found = shutil.which(name) or str(BIN / name)
    if not Path(found).exists():
        sys.exit(f"bench: {name} not found; pip install -e '.[test]'")
    return found


def make_policy(items: int, number: int = 0, defect: bool = False) -> str:
    """A realistic policy with `items` categories, purposes and recipients (about 19 lines per item).

    `number` makes each file of a bulk run different; `defect` leaves out the contacts for exercising rights, which
    gives every file a finding (and so the positions of the main loader)."""
    out = ['# yaml-language-server: $schema=../schema/privacy-policy.schema.json', 'schema_version: "2.0"',
           "document:", f"  title: Example Retail {number} Ltd privacy policy", "  language: en-GB",
           '  effective_date: {date: "2026-01-01"}', '  last_updated: {date: "2026-06-01"}',
           "organisation:", "  name: Example Retail", "  legal_name: Example Retail Ltd",
           "  address: {lines: [1 High Street, Leeds, LS1 1AA], country: GB}",
           "contacts:", "  - id: privacy", "    kind: privacy_office", "    name: Privacy Office",
           "    channels:", "      - {type: email, value: privacy@example.co.uk}",
           '      - {type: phone, value: "+44 113 496 0000"}',
           "frameworks:", "  - {framework: uk_gdpr}", "  - {framework: gdpr}", "data_categories:"]
    for i in range(items):
        out += [f"  - id: category-{i}", f"    label: Category {i} data", "    examples:",
                f"      - first example of category {i}", f"      - second example of category {i}",
                "    sources:", "      - kind: data_subject", f"        description: forms you fill in ({i})"]
    out.append("purposes:")
    for i in range(items):
        out += [f"  - id: purpose-{i}", f"    description: To run part {i} of our service for you",
                f"    data_categories: [category-{i}]", "    legal_bases: [contract, legitimate_interests]",
                f"    legitimate_interest: improving service part {i}"]
    out.append("recipients:")
    for i in range(items):
        out += [f"  - id: recipient-{i}", "    kind: service_provider",
                f"    description: the hosting provider for part {i}", f"    data_categories: [category-{i}]",
                "    own_purposes: false", "    countries: [GB]"]
    out += ["retention:", "  - {kind: period, period: P6Y}", "negative_statements:",
            "  - {id: no-sale, claim: no_sale}", "  - {id: no-adm, claim: no_automated_decision_making}",
            "rights:", *([] if defect else ["  contacts: [privacy]"]),
            "  response_times: [{period: P1M, commitment: within}]", "  statements:"]
    out += [f"    - right: {r}" for r in ("access", "rectification", "erasure", "restriction", "portability",
                                            "objection", "withdraw_consent")]
    out += ["complaints:", "  supervisory_authorities:", "    - name: Information Commissioner's Office",
            '      channels: [{type: phone, value: "0303 123 1113"}]',
            "provision_requirements:", "  - {requirement: contractual, consequences: we cannot serve you}",
            "changes:", "  notification:", "    - method: post_on_site", "    - method: direct_notice",
            "children:", "  statements:", "    - {kind: not_directed, age: 13}"]
    return "\n".join(out) + "\n"


def compile_bytecode() -> None:
    """Compile policylint's bytecode, as pip does when it installs a package (check-jsonschema's was compiled so).

    An editable install compiles on first import instead, unless PYTHONDONTWRITEBYTECODE is set, as it is on some CI
    machines: then every run would compile policylint's modules again, about 80 ms that no installed copy pays."""
    spec = importlib.util.find_spec("policylint")
    folders = list(spec.submodule_search_locations or []) if spec else []
    subprocess.run([sys.executable, "-m", "compileall", "-q", *folders], check=True)


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def median_interleaved(commands: dict[str, list[str]], cwd: Path, rounds: int) -> dict[str, float]:
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():  # warm the file cache once
        timed(command, cwd)
    for _ in range(rounds):
        for name, command in commands.items():
            samples[name].append(timed(command, cwd))
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> None:
    quick = "--quick" in sys.argv
    rounds, bulk_count = (5, 200) if quick else (15, 1000)
    policylint, check_jsonschema = tool("policylint"), tool("check-jsonschema")
    compile_bytecode()
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
          f"Python {platform.python_version()}")

    bundled = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "policies").glob("*.yaml"))
    lines = sum((ROOT / p).read_text(encoding="utf-8").count("\n") for p in bundled)
    cold = median_interleaved({
        "policylint": [policylint, "check", "-q", "--output-format", "concise", *bundled],
        "check-jsonschema": [check_jsonschema, "--schemafile", str(SCHEMA), *bundled],
    }, ROOT, rounds)
    print(f"\n1. cold start, {len(bundled)} bundled policies ({lines} lines), median of {rounds}:")
    print(f"   policylint check (schema, evidence, all rules, positions): {cold['policylint'] * 1000:7.0f} ms")
    print(f"   check-jsonschema --schemafile (schema only):               {cold['check-jsonschema'] * 1000:7.0f} ms")
    print(f"   ratio: {cold['policylint'] / cold['check-jsonschema']:.2f}x (target <= 0.30x)")

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for label, defect in (("clean", False), ("with findings", True)):
            bulk = work / label.replace(" ", "-")
            bulk.mkdir()
            for i in range(bulk_count):
                (bulk / f"policy-{i:05d}.yaml").write_text(make_policy(15, i, defect), encoding="utf-8")
            lines = make_policy(15, 0, defect).count("\n")
            command = [policylint, "check", "-q", "-j", "2", "--output-format", "concise", bulk.name]
            seconds = median_interleaved({"bulk": command}, work, 3)["bulk"]
            target = " (target >= 500)" if not defect else " (no target: these need the main loader's positions)"
            print(f"\n2. bulk, {label}: {bulk_count} policies of {lines} lines with -j 2, median of 3: "
                  f"{seconds:.2f} s, {bulk_count / seconds:.0f} policies/s{target}")

        print("\n3. growth with size (one policy, cold process, median of 3):")
        baseline = None
        for items in (15, 160, 1600):
            text = make_policy(items)
            path = work / f"size-{items}.yaml"
            path.write_text(text, encoding="utf-8")
            run = median_interleaved({"p": [policylint, "check", "-q", path.name]}, work, 3)["p"]
            n = text.count("\n")
            baseline = baseline or run
            print(f"   {n:6d} lines: {run * 1000:7.0f} ms ({(run - baseline) / n * 1e6:6.1f} us/line above the "
                  f"smallest){'  (target < 1 s)' if n > 20000 else ''}")


if __name__ == "__main__":
    main()
