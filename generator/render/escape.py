"""The one place untrusted text (source files, YAML strings) is made literal for Markdown and HTML.

Everything that is not our own markup goes through `md_inline`/`md_lines` exactly once: the Jinja
environment applies it to every `{{ value }}` unless the value is `Md` (Markdown we built ourselves
from already-escaped pieces). Characters that Markdown or its extensions could act on become
character references (`*` -> `&#42;`), which every Markdown processor passes through and every
browser shows as the character itself.

Text we cannot show as-is is made visible instead (documented in REFERENCE.md): C0/C1 control
characters become Unicode control pictures (␂) and bidirectional overrides/isolates become
`[U+202E]`, so nothing can hide or reorder what a reader sees.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from itertools import pairwise

from generator.render.words import typeset

# Always escaped, wherever they stand: they start inline syntax in Markdown or an enabled extension.
_ALWAYS = {c: f"&#{ord(c)};" for c in "\\`*_{}[]#|~^=+:!$"}
_ALWAYS.update({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
# Applied one after another: '&' first and '#' second, as the later replacements bring both in.
_REPLACEMENTS = sorted(_ALWAYS.items(), key=lambda item: (item[0] != "&", item[0] != "#"))
_BIDI = [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_CONTROLS = [*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0)]
_VISIBLE = {
    **{chr(c): f"[U+{c:04X}]" for c in _BIDI},
    **{chr(c): chr(0x2400 + c) if c < 0x20 else "\u2421" if c == 0x7F else f"[U+{c:04X}]" for c in _CONTROLS},
}
_INVISIBLE = re.compile(f"[{re.escape(''.join(_VISIBLE))}]")
_LINE_START = re.compile(r"^(\s*)(\d+)([.)])")


class Md(str):
    """Markdown built by the generator from escaped pieces: emitted as-is, never escaped again."""

    __slots__ = ()


def visible(text: str) -> str:
    """Make control and bidi-override characters visible instead of active (␂, [U+202E])."""
    return _INVISIBLE.sub(lambda match: _VISIBLE[match[0]], text)


_WHITESPACE_RUN = re.compile(r"\s+")


def _escape_characters(text: str) -> str:
    """Every Markdown-active character as a character reference (str.replace is fastest: few occur)."""
    for char, reference in _REPLACEMENTS:
        if char in text:
            text = text.replace(char, reference)
    return text


def _collapse_whitespace(text: str) -> str:
    """Runs of whitespace become one space, kept at the ends.

    Every whitespace character but the space is unprintable, so a printable line without a double space
    has nothing to collapse and is returned as it is, without the regex."""
    if "  " not in text and text.isprintable():
        return text
    return _WHITESPACE_RUN.sub(" ", text)


def _escape_fragment(text: str) -> str:
    """Escape a piece of one line (already `visible`); whitespace runs become one space (kept at the ends)."""
    return _escape_characters(_collapse_whitespace(text))


def _defuse_line_start(escaped: str) -> str:
    """Ordered-list markers ('1.'), list dashes and the like only act at a line start."""
    if not escaped or not (escaped[0].isdigit() or escaped[0] in " -."):
        return escaped
    escaped = _LINE_START.sub(lambda m: f"{m.group(1)}{m.group(2)}&#{ord(m.group(3))};", escaped)
    if escaped[:1] in ("-", "."):  # list marker / setext underline / snippet marker
        escaped = f"&#{ord(escaped[0])};" + escaped[1:]
    return escaped


def _escape_line(line: str) -> str:
    return _defuse_line_start(_escape_fragment(line).strip())


@lru_cache(maxsize=1 << 16)  # names and titles recur on many pages; bounded, as a large dossier has millions
def md_inline(text: str) -> str:
    """One line of literal text for any Markdown context (runs of whitespace become one space)."""
    return _defuse_line_start(_escape_characters(" ".join(visible(str(text)).split())))


def md_text(text: str) -> str:
    """The analyst's plain text as inline Markdown: real dashes (`words.typeset`), then escaped."""
    return md_inline(typeset(text))


def md_inline_piece(text: str, first: bool) -> str:
    """Like `md_inline`, for a stretch of a line that continues after footnote markers: a single space
    at either end is kept, and only the line's first piece can start a list or a heading."""
    collapsed = _collapse_whitespace(visible(str(text)).replace("\n", " "))
    escaped = _escape_characters(collapsed)
    return _defuse_line_start(escaped.lstrip()) if first else escaped


def md_lines(text: str) -> str:
    """Literal text keeping its line breaks (as <br>): for source paragraphs."""
    lines = [" ".join(line.split()) for line in visible(str(text)).split("\n")]
    return "<br>\n".join(_escape_line(line) for line in lines if line)


def md_marked(text: str, spans: list[tuple[int, int]], tag: str = "mark") -> str:
    """Like `md_lines`, with the [start, end) spans wrapped in <tag>: each piece escaped on its own."""
    return md_passages(text, [(start, end, "") for start, end in spans], tag)


def md_passages(text: str, passages: list[tuple[int, int, str]], tag: str = "mark") -> str:
    """Like `md_lines`, with each cited [start, end) passage marked: every piece of text inside one or more
    passages is a <tag> naming them (`data-passages`), and an empty anchor stands where each passage
    starts (its id, generator-made). Passages may overlap; each piece is escaped on its own."""
    out: list[str] = []
    position = 0
    for line in text.split("\n"):
        start, end = position, position + len(line)
        position = end + 1
        cuts = sorted({start, end} | {b for s, e, _ in passages for b in (s, e) if start < b < end})
        pieces: list[str] = []
        for a, b in pairwise(cuts):
            pieces.extend(f'<span id="{anchor}" class="dossier-passage-start"></span>'
                          for s, _, anchor in passages if anchor and s == a)
            piece = _escape_fragment(visible(text[a:b]))  # per piece: `visible` may lengthen text
            inside = [anchor for s, e, anchor in passages if s <= a and b <= e]
            if inside and piece.strip():
                names = " ".join(name for name in inside if name)
                attributes = f' data-passages="{names}"' if names else ""
                pieces.append(f"<{tag}{attributes}>{piece}</{tag}>")
            else:
                pieces.append(piece)
        joined = _defuse_line_start("".join(pieces).strip())
        if joined:
            out.append(joined)
    return "<br>\n".join(out)


def md_block(text: str) -> str:
    """Literal multi-paragraph text: blank lines separate paragraphs, other breaks are spaces."""
    paragraphs = re.split(r"\n\s*\n", visible(str(text)).strip())
    return "\n\n".join(md_inline(p) for p in paragraphs if p.strip())


def html_text(text: str) -> str:
    """Literal text for a raw-HTML context (Markdown leaves raw HTML blocks alone)."""
    return html.escape(visible(str(text)), quote=True)


def attr_value(text: str) -> str:
    """A value for a Markdown link title or attr_list value: quotes and breaks removed, then escaped."""
    return md_inline(str(text).replace('"', "'"))
