"""Run every hostile input of tests/hostile.py through `policylint check` and `policylint render`, one process each.

    python scripts/hostile_run.py [--only NAME,NAME] [--timeout SECONDS]

Prints each input's exit status, wall time and peak memory, and exits 1 if any run printed a traceback, exited
other than 0, 1 or 2, took 5 s or more, or used 500 MiB of memory or more. A script for local use;
tests/test_hostile.py runs the same inputs and asserts all but the time (the suite shares the machine).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from hostile import SECONDS_LIMIT, problem, run_catalogue, write_catalogue


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="comma-separated input names")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a run counts as hung")
    args = parser.parse_args()
    names = {n.strip() for n in args.only.split(",") if n.strip()} or None
    bad = 0
    print(f"{'input':<48} {'command':<14} {'exit':>4} {'seconds':>8} {'MiB':>6}  problem")
    with tempfile.TemporaryDirectory() as folder:
        write_catalogue(Path(folder))
        for name, command, run in run_catalogue(Path(folder), names, args.timeout):
            trouble = problem(run) or ("hung" if run.seconds >= args.timeout else
                                       f"{run.seconds:.1f} s" if run.seconds >= SECONDS_LIMIT else "")
            bad += bool(trouble)
            print(f"{name:<48} {command:<14} {run.exit:>4} {run.seconds:>8.2f} {run.peak_mib:>6.0f}  {trouble}")
    print(f"\n{'no problems' if not bad else f'{bad} problem(s)'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
