"""Render a policy to the notice people read: Markdown, HTML or plain text, from the same model the linter checks."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from policylint.model import Policy
from policylint.render.notice import AUDIENCES, ChangesSince, build_notice
from policylint.render.writers import SUFFIXES, WRITERS

__all__ = ["AUDIENCES", "SUFFIXES", "WRITERS", "ChangesSince", "render"]


# Control characters reach the data through YAML escapes ("\e[2J"); a notice has no use for them, and in a terminal
# or a browser they act instead of reading. Each is shown as U+FFFD, the replacement character. So is each bidi
# embedding, override and isolate (U+202A-U+202E, U+2066-U+2069; security review finding 13): it holds until its
# closing control or the end of the paragraph, and can show a name or a whole sentence reversed ("Trojan Source").
# Kept as written: the bidi marks (U+200E, U+200F, U+061C), which right-to-left text needs to place punctuation and
# which can move only the digits and punctuation between them and the nearest letter; and the zero-width characters
# (U+200B-U+200D, U+2060, U+FEFF), which scripts and emoji need (a joiner builds many emoji and Indic conjuncts, a
# non-joiner is spelling in Persian) and which reorder nothing.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def render(data: dict[str, Any], fmt: str, audience: str = "notice", changes: ChangesSince | None = None) -> str:
    """The notice for a schema-valid policy, in `fmt` (markdown, html or text), for `audience` ("notice", the
    published notice in the organisation's voice, or "review", which says every gap), with what changed since an
    earlier version when `changes` is given. Same input, same bytes."""
    return _CONTROL.sub("\ufffd", WRITERS[fmt](build_notice(Policy(data, date(1970, 1, 1)), audience, changes)))
