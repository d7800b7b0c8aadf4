"""A longer fuzz run than CI's: tests/test_fuzz.py with more examples per source of input.

    python scripts/fuzz.py [--scale 20] [-- PYTEST ARGS]

--scale multiplies every fuzz test's example count (CI runs scale 1: 3,600 inputs in about 45 seconds on two
cores; scale 20 is 72,000 inputs, about fifteen minutes). A failure prints the smallest input hypothesis found.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=20.0, help="multiplier of each test's example count")
    parser.add_argument("pytest_args", nargs="*", help="passed on to pytest (after --)")
    args = parser.parse_args()
    environment = {**os.environ, "POLICYLINT_FUZZ_SCALE": str(args.scale)}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(ROOT / "tests" / "test_fuzz.py"),
               *args.pytest_args]
    return subprocess.call(command, cwd=ROOT, env=environment)


if __name__ == "__main__":
    sys.exit(main())
