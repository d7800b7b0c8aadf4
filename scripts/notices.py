"""List the `notices` of policies: the statements an encoding keeps because no field of the schema holds them.

    python scripts/notices.py [POLICY.yaml ...]      (default: policies/*.yaml)
    python scripts/notices.py --counts [POLICY.yaml ...]

Each notice should be a statement that no field can hold (policies/ENCODING.md, rule 7). Reading this list is how
a missing field is noticed: a topic that keeps coming back is a candidate for the schema.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def notices(path: Path) -> list[dict[str, str]]:
    return yaml.safe_load(path.read_text(encoding="utf-8")).get("notices") or []


def main(argv: list[str]) -> None:
    counts_only = "--counts" in argv
    paths = [Path(a) for a in argv if a != "--counts"] or sorted((ROOT / "policies").glob("*.yaml"))
    total = 0
    for path in paths:
        found = notices(path)
        total += len(found)
        print(f"{path.stem}: {len(found)}")
        if not counts_only:
            for notice in found:
                text = " ".join(str(notice["text"]).split())
                print(f"  {notice['topic']:<18} {text[:90]}{'...' if len(text) > 90 else ''}")
    print(f"total: {total}")


if __name__ == "__main__":
    main(sys.argv[1:])
