"""Time `policylint fmt` against a plain ruamel.yaml round trip of the same files, in one run.

    python bench/fmt_speed.py [--quick]

The peer is the floor of any formatter that keeps comments in Python: ruamel.yaml loading each bundled policy and
dumping it again (no key order, no quoting rules, no checks). fmt does that, puts keys in the schema's order, and then
loads its result twice more to prove it kept every value and comment. Prints, with the machine it ran on, the median
of interleaved runs per policy, the ratio, and the cold start of the command on all nine policies.

A script, not a test: the figures depend on the machine.
"""

from __future__ import annotations

import io
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

from ruamel.yaml import YAML

from policylint.fmt import format_policy

ROOT = Path(__file__).resolve().parent.parent
POLICIES = sorted((ROOT / "policies").glob("*.yaml"))


def ruamel_round_trip(text: str) -> str:
    yaml = YAML()
    yaml.width = 10**6
    out = io.StringIO()
    yaml.dump(yaml.load(text), out)
    return out.getvalue()


def seconds(work, text: str) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    work(text)
    return time.perf_counter() - start


def main() -> None:
    runs = 3 if "--quick" in sys.argv else 9
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"{'policy':36} {'lines':>6} {'fmt ms':>8} {'ruamel ms':>10} {'ratio':>6}")
    ratios = []
    for policy in POLICIES:
        text = policy.read_text(encoding="utf-8")
        fmt_times, peer_times = [], []
        for _ in range(runs):  # interleaved, so a busy moment costs both
            fmt_times.append(seconds(format_policy, text))
            peer_times.append(seconds(ruamel_round_trip, text))
        ours, theirs = statistics.median(fmt_times), statistics.median(peer_times)
        ratios.append(ours / theirs)
        print(f"{policy.stem:36} {text.count(chr(10)):>6} {ours * 1000:>8.0f} {theirs * 1000:>10.0f} "
              f"{ours / theirs:>5.1f}x")
    print(f"median ratio fmt / ruamel round trip: {statistics.median(ratios):.1f}x")
    command = [str(Path(sys.executable).with_name("policylint")), "fmt", "--check", *map(str, POLICIES)]
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=False)
    print(f"policylint fmt --check on the nine policies, cold: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
