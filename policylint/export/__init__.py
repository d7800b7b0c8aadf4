"""Export a policy to the privacy-engineering ecosystem (issue 17): W3C DPV as JSON-LD, and a Fides system manifest
in fideslang.

Each format is one module, with its mapping tables as data at its top (`docs/export.md` is generated from them). An
exporter reads a schema-valid policy through the model, says only what the policy says, and leaves out a value its
target has no term for rather than guess one. Same input, same bytes; nothing is fetched.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from policylint.export import dpv, fides
from policylint.model import Policy

EXPORTERS: dict[str, Callable[[Policy], str]] = {"dpv": dpv.export, "fideslang": fides.export}
FORMATS = tuple(EXPORTERS)


def export(data: dict[str, Any], fmt: str) -> str:
    """A schema-valid policy in `fmt` (dpv or fideslang)."""
    # The date is no fact of the export; the model wants one for the rules (as render does).
    return EXPORTERS[fmt](Policy(data, date(1970, 1, 1)))
