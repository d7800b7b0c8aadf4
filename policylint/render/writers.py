"""Write a Notice as Markdown (CommonMark with GFM tables), standalone HTML, or plain text."""

from __future__ import annotations

import html
import re
import textwrap

from policylint.render.blocks import (
    Block,
    Bullets,
    Entry,
    Heading,
    Inline,
    Line,
    Link,
    Notice,
    Paragraph,
    Ref,
    Region,
    Strong,
    Table,
    href,
)

# The ASCII punctuation that gives text inline meaning somewhere a notice's Markdown is read: CommonMark and GFM
# (emphasis, code, links, raw HTML, entities, tables, strikethrough), and the extensions that read `{...}` after a
# heading or span as attributes, such as Python-Markdown's attr_list (MkDocs) and Pandoc's: a title ending in
# `{: onfocus=... }` became an event handler (security review finding 5). Not every ASCII punctuation character:
# Python-Markdown shows the backslash before one outside its own escapes, so `don\'t` would read so in MkDocs (as
# `\<`, `\&` and `\~` already do, which CommonMark needs).
_MD_INLINE = re.compile(r"([\\`*_{}\[\]<>!|~&])")
# In a link destination `<...>` backslash escapes and entities are read too; `<` and `>` are never put there.
_MD_DESTINATION = re.compile(r"([\\&])")
# What would start a heading, list, quote or break at the start of a block.
_MD_BLOCK_START = re.compile(r"^(\s*)(\d*)([#+\-=>.)])")


def _flat(text: str) -> str:
    """Runs of whitespace (newlines included) as one space; the spaces that join inline parts are kept."""
    return re.sub(r"\s+", " ", text)


# Markdown ---------------------------------------------------------------------------------------------------------

def _md_text(text: str) -> str:
    return _MD_INLINE.sub(r"\\\1", _flat(text))


def _md_destination(url: str) -> str:
    """A URL as a link destination between `<` and `>`, read back as written (a trailing `\\` would escape the `>`)."""
    return _MD_DESTINATION.sub(r"\\\1", url)


def _md_block(text: str) -> str:
    """Inline Markdown that cannot be read as the start of another block."""
    # A backslash escapes only punctuation: "1." becomes "1\.", "# x" becomes "\# x".
    def escape(m: re.Match[str]) -> str:
        if m[2] and m[3] not in ".)":
            return m[0]
        return f"{m[1]}{m[2]}\\{m[3]}"

    return _MD_BLOCK_START.sub(escape, text.strip(), count=1)


def _md_inline(parts: Line) -> str:
    out = []
    for part in parts:
        if isinstance(part, Link):
            target = href(part.url) if not part.url.startswith("mailto:") else part.url
            out.append(f"[{_md_text(part.text)}](<{_md_destination(target)}>)"
                       if target and "<" not in target and ">" not in target else _md_text(part.text))
        elif isinstance(part, Ref):
            out.append(f"[{_md_text(part.text)}](#{part.anchor})")
        elif isinstance(part, Strong):
            # Emphasis closes only after a non-space: keep the spaces outside the markers.
            core = _md_text(part.text).strip()
            lead, trail = part.text[: len(part.text) - len(part.text.lstrip())], part.text[len(part.text.rstrip()):]
            out.append(f"{_flat(lead)}**{core}**{_flat(trail)}" if core else "")
        else:
            out.append(_md_text(part))
    return _md_block("".join(out))


def _md_item(item: Line | Entry) -> str:
    if isinstance(item, Entry):
        return "\n".join([f"- {_md_inline(item.line)}", *(f"  - {_md_inline(line)}" for line in item.under)])
    return f"- {_md_inline(item)}"


def _md_blocks(blocks: list[Block]) -> list[str]:
    chunks = []
    for block in blocks:
        if isinstance(block, Region):
            chunks.append(f"## {_md_block(_md_text(block.label))}")
            chunks += _md_blocks(block.blocks)
        elif isinstance(block, Heading):
            # Every # is escaped: a trailing " #" would otherwise close the heading and vanish.
            chunks.append("#" * block.level + " " + _md_block(_md_text(block.text).replace("#", "\\#")))
        elif isinstance(block, Paragraph):
            chunks.append(_md_inline(block.parts))
        elif isinstance(block, Bullets):
            chunks.append("\n".join(_md_item(item) for item in block.items))
        elif isinstance(block, Table):
            rows = ["| " + " | ".join(_md_text(h).strip() for h in block.header) + " |",
                    "|" + "---|" * len(block.header)]
            rows += ["| " + " | ".join(_md_inline(cell) for cell in row) + " |" for row in block.rows]
            chunks.append("\n".join(rows))
    return chunks


def to_markdown(notice: Notice) -> str:
    return "\n\n".join(c for c in _md_blocks(notice.blocks) if c) + "\n"


# HTML -------------------------------------------------------------------------------------------------------------

_STYLE = """
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 72rem; margin: 2rem auto;
       padding: 0 1rem; color: #1a1a1a; background: #fff; }
h1, h2, h3, p, ul, nav { max-width: 46rem; }
h1 { font-size: 1.8rem; } h2 { font-size: 1.35rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.1rem; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
caption { text-align: left; font-weight: 600; padding-bottom: .25rem; }
th, td { border: 1px solid #bbb; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; } tbody th { font-weight: normal; background: none; }
a { color: #0645ad; overflow-wrap: anywhere; }
.summary { border: 1px solid #bbb; border-radius: .5rem; padding: 0 1rem .5rem; }
.summary h2 { margin-top: .75rem; border: none; }
.summary table { font-size: .9rem; margin: .5rem 0; }
.summary ul { max-width: none; padding-left: 1.2rem; margin: .5rem 0; }
@media (min-width: 60rem) {
  .summary { display: grid; grid-template-columns: 3fr 2fr; column-gap: 1.5rem; align-items: start; }
  .summary h2 { grid-column: 1 / -1; }
  .summary > ul:nth-child(2) { grid-column: 1 / -1; }  /* no grid table: the facts take the width */
}
@media (prefers-color-scheme: dark) {
  :root { color-scheme: dark; }
  body { background: #121212; color: #e6e6e6; }
  h2, .summary { border-color: #444; }
  th, td { border-color: #555; } th { background: #2a2a2a; } tbody th { background: none; }
  a { color: #8ab4f8; }
}
@media print {
  body { max-width: none; margin: 0; font-size: 11pt; color: #000; background: #fff; }
  nav { display: none; }
  .summary { display: block; break-inside: avoid; }
  a { color: #000; text-decoration: none; }
  a[href^="http"]::after, a[href^="mailto"]::after { content: " (" attr(href) ")"; font-size: 90%; }
  h2, h3 { break-after: avoid; } tr, li { break-inside: avoid; }
}
""".strip()


def _html_inline(parts: Line) -> str:
    out = []
    for part in parts:
        if isinstance(part, Link):
            target = part.url if part.url.startswith("mailto:") and "<" not in part.url else href(part.url)
            text = html.escape(_flat(part.text))
            out.append(f'<a href="{html.escape(target, quote=True)}">{text}</a>' if target else text)
        elif isinstance(part, Ref):
            out.append(f'<a href="#{html.escape(part.anchor, quote=True)}">{html.escape(_flat(part.text))}</a>')
        elif isinstance(part, Strong):
            out.append(f"<strong>{html.escape(_flat(part.text))}</strong>")
        else:
            out.append(html.escape(_flat(part)))
    return "".join(out).strip()


def _html_item(item: Line | Entry) -> str:
    if isinstance(item, Entry):
        under = "\n".join(f"    <li>{_html_inline(line)}</li>" for line in item.under)
        return f"  <li>{_html_inline(item.line)}\n  <ul>\n{under}\n  </ul></li>"
    return f"  <li>{_html_inline(item)}</li>"


def _html_blocks(blocks: list[Block]) -> list[str]:
    body = []
    for block in blocks:
        if isinstance(block, Region):
            anchor = html.escape(block.anchor, quote=True)
            body.append(f'<{block.element} id="{anchor}" class="{anchor}" aria-labelledby="{anchor}-heading">\n'
                        f'<h2 id="{anchor}-heading">{html.escape(_flat(block.label).strip())}</h2>')
            body += _html_blocks(block.blocks)
            body.append(f"</{block.element}>")
        elif isinstance(block, Heading):
            anchor = f' id="{html.escape(block.anchor, quote=True)}"' if block.anchor else ""
            body.append(f"<h{block.level}{anchor}>{html.escape(_flat(block.text).strip())}</h{block.level}>")
        elif isinstance(block, Paragraph):
            body.append(f"<p>{_html_inline(block.parts)}</p>")
        elif isinstance(block, Bullets):
            items = "\n".join(_html_item(item) for item in block.items)
            body.append(f"<ul>\n{items}\n</ul>")
        elif isinstance(block, Table):
            head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in block.header)
            # The first cell names the row (a recipient, a kind of data): a row header, for screen readers.
            rows = "\n".join("    <tr>" + "".join((f'<th scope="row">{_html_inline(cell)}</th>' if i == 0 else
                                                     f"<td>{_html_inline(cell)}</td>") for i, cell in enumerate(row))
                             + "</tr>" for row in block.rows)
            caption = f"<caption>{html.escape(block.caption)}</caption>" if block.caption else ""
            body.append(f"<table>{caption}\n  <thead><tr>{head}</tr></thead>\n  <tbody>\n{rows}\n  </tbody>\n</table>")
    return body


def to_html(notice: Notice) -> str:
    language = notice.language if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", notice.language) else "en"
    body = _html_blocks(notice.blocks)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
        # No script, no network: only the inline style below may apply.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(_flat(notice.title).strip())}</title>\n<style>\n{_STYLE}\n</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body) + "\n</main>\n</body>\n</html>\n"
    )


# Plain text -------------------------------------------------------------------------------------------------------

WIDTH = 78


def _text_inline(parts: list[Inline]) -> str:
    out = []
    for part in parts:
        if isinstance(part, Link):
            out.append(part.text if part.url in (part.text, "mailto:" + part.text) else f"{part.text} <{part.url}>")
        else:
            out.append(part.text if isinstance(part, Strong | Ref) else part)
    return _flat("".join(out)).strip()


def _wrap(text: str, first: str = "", rest: str = "") -> str:
    return textwrap.fill(text, WIDTH, initial_indent=first, subsequent_indent=rest, break_long_words=False,
                         break_on_hyphens=False) or first.rstrip()


def _text_item(item: Line | Entry) -> str:
    if isinstance(item, Entry):
        return "\n".join([_wrap(_text_inline(item.line), "  * ", "    "),
                          *(_wrap(_text_inline(line), "      - ", "        ") for line in item.under)])
    return _wrap(_text_inline(item), "  * ", "    ")


def _text_heading(text: str, level: int) -> str:
    title = _flat(text).strip()
    underline = {1: "=", 2: "-"}.get(level)
    return f"{title}\n{underline * len(title)}" if underline else title.upper()


def _text_blocks(blocks: list[Block]) -> list[str]:
    chunks = []
    for block in blocks:
        if isinstance(block, Region):
            chunks.append(_text_heading(block.label, 2))
            chunks += _text_blocks(block.blocks)
        elif isinstance(block, Heading):
            chunks.append(_text_heading(block.text, block.level))
        elif isinstance(block, Paragraph):
            chunks.append(_wrap(_text_inline(block.parts)))
        elif isinstance(block, Bullets):
            chunks.append("\n".join(_text_item(item) for item in block.items))
        elif isinstance(block, Table):
            rows = []
            for row in block.rows:
                cells = [f"{h}: {_text_inline(cell)}" for h, cell in zip(block.header, row, strict=True)
                         if _text_inline(cell)]
                rows.append("\n".join(_wrap(c, "  * " if i == 0 else "    ", "      ") for i, c in enumerate(cells)))
            chunks.append("\n".join(rows))
    return chunks


def to_text(notice: Notice) -> str:
    return "\n\n".join(c for c in _text_blocks(notice.blocks) if c) + "\n"


WRITERS = {"markdown": to_markdown, "html": to_html, "text": to_text}
SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".txt": "text"}
