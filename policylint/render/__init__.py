"""Render a policy to the notice people read: Markdown, HTML or plain text, from the same model the linter checks."""

from __future__ import annotations

from datetime import date
from typing import Any

from policylint.model import Policy
from policylint.render.notice import build_notice
from policylint.render.writers import SUFFIXES, WRITERS

__all__ = ["SUFFIXES", "WRITERS", "render"]


def render(data: dict[str, Any], fmt: str) -> str:
    """The notice for a schema-valid policy, in `fmt` (markdown, html or text). Same input, same bytes."""
    return WRITERS[fmt](build_notice(Policy(data, date(1970, 1, 1))))
