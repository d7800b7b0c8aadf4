"""The rendered notice as a small tree of blocks, written out by the Markdown, HTML and text writers.

Content decisions live in `notice.py`; the writers only lay out and escape. So every format says the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class Strong:
    text: str


@dataclass(frozen=True)
class Ref:
    """A link to a section of the notice itself, by its anchor (one the notice made, never the policy's text)."""
    text: str
    anchor: str


Inline = str | Link | Strong | Ref
Line = list[Inline]


@dataclass
class Entry:
    """A list item with items under it: a contact and its channels."""
    line: Line
    under: list[Line]


@dataclass
class Heading:
    level: int
    text: str
    anchor: str = ""


@dataclass
class Paragraph:
    parts: Line


@dataclass
class Bullets:
    items: list[Line | Entry]


@dataclass
class Table:
    header: list[str]
    rows: list[list[Line]]
    caption: str = ""


@dataclass
class Region:
    """Blocks that belong together and are marked as such in HTML: the summary (a <section>), the contents (<nav>)."""
    element: str  # "section" or "nav"
    anchor: str
    label: str
    blocks: list[Block] = field(default_factory=list)


Block = Heading | Paragraph | Bullets | Table | Region


@dataclass
class Notice:
    title: str
    language: str
    blocks: list[Block] = field(default_factory=list)


def href(url: str) -> str | None:
    """A safe link target for a web address as a policy writes it, or None: only http(s), never javascript: or data:.

    A scheme-less address ("www.example.com") is linked with https://, as browsers do when it is typed in.
    """
    lowered = url.strip().lower()
    if lowered.startswith(("http://", "https://")):
        return url.strip()
    if ":" in lowered.split("/", 1)[0] or lowered.startswith(("//", "/", ".")):
        return None
    return "https://" + url.strip()
