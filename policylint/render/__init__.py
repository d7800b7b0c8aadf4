"""Render a policy to the notice people read: Markdown, HTML or plain text, from the same model the linter checks."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from policylint.model import Policy
from policylint.render.notice import build_notice
from policylint.render.writers import SUFFIXES, WRITERS

__all__ = ["SUFFIXES", "WRITERS", "render"]


# Control characters reach the data through YAML escapes ("\e[2J"); a notice has no use for them, and in a terminal
# or a browser they act instead of reading. Each is shown as U+FFFD, the replacement character.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def render(data: dict[str, Any], fmt: str) -> str:
    """The notice for a schema-valid policy, in `fmt` (markdown, html or text). Same input, same bytes."""
    return _CONTROL.sub("\ufffd", WRITERS[fmt](build_notice(Policy(data, date(1970, 1, 1)))))
