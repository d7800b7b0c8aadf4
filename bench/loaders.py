"""Time the two ways to load YAML with line and column that policylint considered, on the bundled policies.

    python bench/loaders.py [ROUNDS]

- ruamel.yaml's round-trip loader (pure Python; positions in `.lc`), then conversion to plain data;
- libyaml's parser (C; positions on its events) plus policylint's own YAML 1.2 builder (what ships).

Both produce the same data (tests/test_loader.py checks it); this prints the time per document and the ratio.
Not a test: timings depend on the machine.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from policylint.loader import parse

ROOT = Path(__file__).resolve().parent.parent


def plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    return node


def ruamel_round_trip(text: str) -> Any:
    yaml = YAML(typ="rt")
    yaml.version = (1, 2)
    return plain(yaml.load(text))


def policylint_loader(text: str) -> Any:
    return parse(text).data


def best_of(function: Any, texts: list[str], rounds: int) -> float:
    """Median seconds to load all texts once."""
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        for text in texts:
            function(text)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "policies").glob("*.yaml"))]
    lines = sum(t.count("\n") for t in texts)
    assert all(ruamel_round_trip(t) == policylint_loader(t) for t in texts), "the loaders disagree"
    ruamel = best_of(ruamel_round_trip, texts, rounds)
    ours = best_of(policylint_loader, texts, rounds)
    print(f"{len(texts)} policies, {lines} lines, median of {rounds} rounds")
    print(f"ruamel.yaml round-trip:          {ruamel * 1000:7.1f} ms  ({ruamel / lines * 1e6:5.1f} us/line)")
    print(f"libyaml events + policylint:     {ours * 1000:7.1f} ms  ({ours / lines * 1e6:5.1f} us/line)")
    print(f"ratio: policylint's loader takes {ours / ruamel:.2f}x the time of ruamel round-trip "
          f"({ruamel / ours:.1f}x faster)")


if __name__ == "__main__":
    main()
