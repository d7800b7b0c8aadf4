"""Check an encoding's provenance: its source text is there and unchanged, every quote occurs in it, and every claim
has a quote.

Quotes are compared after normalising whitespace and typographic punctuation (curly quotes, non-breaking spaces,
en and em dashes), because copying from a rendered page changes those and nothing else. Case and spelling count.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from policylint import findings
from policylint.findings import Check, Finding, JsonPath, format_json_path
from policylint.loader import MAX_FILE_BYTES, LoadedDocument
from policylint.project import hidden_part, is_within, project_root
from policylint.schema import claims, load_schema

_TYPOGRAPHY = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u00a0": " ", "\u2007": " ", "\u202f": " ",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
})
_SPACE = re.compile(r"\s+")
# Searching costs up to the source's length per distinct quote, and repetitive text makes each character cost more.
# Real policies search a few million characters (700 quotes, 50 KB sources, most found early); a hostile one could
# ask for 20,000 near-misses in 10 MB, minutes of work. The budget stops that deterministically; the time limit
# stops what is slow per character.
SEARCH_BUDGET = 500_000_000
SEARCH_SECONDS = 3.0


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_TYPOGRAPHY)).strip()


@lru_cache(maxsize=4)
def _normalised_source(text: str) -> str:
    # Many policies share a source (copies, versions): normalise each text once. A few suffice (a bulk run reads
    # policies folder by folder), and each entry can hold a 10 MB source several times over.
    return normalise(text)


def check_evidence(doc: LoadedDocument, base_dir: Path, max_bytes: int = MAX_FILE_BYTES,
                   source_roots: Sequence[Path] = ()) -> list[Finding]:
    """Evidence findings; none when the document names no source (an authored policy is its own source).

    The source is read only from the policy's repository (the git top level above `base_dir`, the policy's folder,
    or `base_dir` itself when it is in no repository) or from under `source_roots`. A source that cannot be read is
    one finding, and the claims are still checked for a quote.
    """
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("source"), dict):
        return []
    source = data["source"]
    result: list[Finding] = []

    def finding(check: Check, at: JsonPath, message: str) -> Finding:
        line, col = doc.position(at)
        return Finding(doc.path, line, col, check.code, check.name, f"{format_json_path(at)}: {message}",
                       json_path=at)

    source_path = source.get("path")
    text: str | None = None
    if isinstance(source_path, str):
        try:
            raw = _read_source(base_dir, source_path, max_bytes, (project_root(base_dir), *source_roots))
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            reason = "it is not UTF-8"
        except ValueError as error:  # refused by _read_source
            reason = str(error)
        except OSError:
            reason = "no such file or unreadable (source.path is read relative to the policy's folder: correct it)"
        else:
            reason = ""
            digest = hashlib.sha256(raw).hexdigest()
            if isinstance(source.get("sha256"), str) and source["sha256"] != digest:
                result.append(finding(findings.SOURCE_CHANGED, ("source", "sha256"),
                                      f"the source text has changed since it was encoded (its SHA-256 is now "
                                      f"{digest}); check the evidence quotes, then update the hash"))
        if reason:
            result.append(finding(findings.SOURCE_MISSING, ("source", "path"),
                                  f"cannot read the source text {source_path!r}: {reason}; evidence quotes are not "
                                  "checked"))
    corpus = _normalised_source(text) if text is not None else None
    found: dict[str, bool] = {}  # each distinct quote is searched for once
    budget, deadline = SEARCH_BUDGET, time.monotonic() + SEARCH_SECONDS
    searching = corpus is not None
    for path, claim in claims(data, load_schema()):
        if "evidence" not in claim:
            result.append(finding(findings.MISSING_EVIDENCE, path, "claim has no evidence quote from the source"))
            continue
        if not searching:
            continue
        assert corpus is not None
        for quote_path, quote in _quotes(claim["evidence"], (*path, "evidence")):
            wanted = normalise(quote)
            if wanted not in found:
                if budget <= 0 or time.monotonic() > deadline:
                    result.append(finding(findings.EVIDENCE_NOT_FOUND, quote_path, "evidence checking stopped here: "
                                          f"{len(found):,} distinct quotes searched a {len(corpus):,}-character "
                                          "source, which is as much as one check may take"))
                    searching = False  # claims without a quote are still reported
                    break
                at = corpus.find(wanted)
                budget -= at + len(wanted) if at >= 0 else len(corpus)  # a quote that is there costs less
                found[wanted] = at >= 0
            if not found[wanted]:
                result.append(finding(findings.EVIDENCE_NOT_FOUND, quote_path,
                                      f"quote not found in {source_path}: {_excerpt(quote)}"))
    return result


def _read_source(base_dir: Path, source_path: str, max_bytes: int, roots: Sequence[Path]) -> bytes:
    """The source text's bytes. Only a regular, non-hidden file inside one of `roots`, named relative to the policy,
    no larger than the policy limit.

    A policy from an untrusted branch chooses the path, and whether each quote is found tells it whether a string
    occurs in the file: it must not be able to probe a credential file, `.git/config` or `.env`, or make the check
    read /dev/zero."""
    if Path(source_path).is_absolute() or "\0" in source_path:
        raise ValueError("source.path must be a relative path, from the policy's folder")
    path = base_dir / source_path
    real = os.path.realpath(path)
    root = next((str(r) for r in roots if is_within(real, os.path.realpath(r))), None)
    if root is None:
        home = roots[0]
        where = (f"the policy's repository ({_shown(home)})" if os.path.lexists(home / ".git")
                 else f"the policy's folder ({_shown(home)}), which is in no git repository")
        raise ValueError(f"it is outside {where}; move it there, or add its folder to source-roots in "
                         "[tool.policylint]")
    hidden = hidden_part(real, os.path.realpath(root))
    if hidden:
        raise ValueError(f"it is in a hidden file or folder ({hidden}), which policylint does not read")
    if not os.path.isfile(real):
        raise FileNotFoundError(source_path)
    with open(real, "rb") as handle:
        raw = handle.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise ValueError(f"it is larger than the limit of {max_bytes:,} bytes")
    return raw


def _shown(folder: Path) -> str:
    relative = os.path.relpath(folder)
    return relative if len(relative) < len(str(folder)) else str(folder)


def _quotes(evidence: Any, path: JsonPath) -> list[tuple[JsonPath, str]]:
    if isinstance(evidence, str):
        return [(path, evidence)]
    if isinstance(evidence, list):
        return [((*path, i), q) for i, q in enumerate(evidence) if isinstance(q, str)]
    return []


def _excerpt(quote: str, limit: int = 70) -> str:
    flat = normalise(quote)
    return repr(flat if len(flat) <= limit else flat[: limit - 3] + "...")
