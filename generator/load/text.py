"""Source texts: decoding and paragraph splitting."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class Paragraph:
    number: int  # 1-based, stable for a given file
    text: str  # as in the file (lines of one paragraph joined by '\n')
    line: int  # 1-based line of the file where it starts


ParagraphMode = Literal["auto", "blank-line", "line"]


def split_paragraphs(text: str, mode: ParagraphMode = "auto") -> tuple[Paragraph, ...]:
    """Blank-line separated blocks, or one paragraph per line when the file has no blank lines."""
    if mode == "auto":
        mode = "blank-line" if re.search(r"\S[ \t]*\n[ \t]*\n", text) else "line"
    separator = re.compile(r"\n(?:[ \t]*\n)+") if mode == "blank-line" else re.compile(r"\n")
    paragraphs: list[Paragraph] = []
    position = 0
    for piece in [*separator.split(text)]:
        start = text.index(piece, position) if piece else position
        position = start + len(piece)
        stripped = piece.strip()
        if stripped:
            line = text.count("\n", 0, start + (len(piece) - len(piece.lstrip()))) + 1
            paragraphs.append(Paragraph(len(paragraphs) + 1, stripped, line))
    return tuple(paragraphs)


# Byte-order marks that make the encoding certain; UTF-32's come first (UTF-32-LE's begins like UTF-16-LE's).
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xef\xbb\xbf", "utf-8"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
# Control characters a text to cite has no use for (tab, line breaks and form feeds are whitespace).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_CONVERT = "convert it to UTF-8, e.g. iconv -f {encoding} -t UTF-8 FILE > FILE.txt, and use that file"


@dataclass(frozen=True)
class Decoded:
    """A source file's text, or what is wrong with it and how to mend it."""

    text: str | None
    refusal: str = ""
    hint: str = ""


def decode_source(data: bytes) -> Decoded:
    """Decode a source file: UTF-8, or UTF-16/32 with a byte-order mark. Line endings become '\\n'.

    Anything else is refused with what was found: UTF-16 or UTF-32 without a byte-order mark (a NUL byte
    beside every character) would otherwise "verify" every quote with NULs between the letters."""
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if encoding is None and b"\x00" in data:
        return _nul_bytes(data)
    try:
        text = data.decode(encoding or "utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return Decoded(None, f"is not {(encoding or 'UTF-8').upper()} (an invalid byte at line {line})",
                       _CONVERT.format(encoding="WINDOWS-1252") + " (if it came from Windows; else name its encoding)")
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    control = _CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        column = control.start() - text.rfind("\n", 0, control.start())
        return Decoded(None, f"contains the control character U+{ord(control.group()):04X} at line {line}, "
                       f"column {column}", "remove it: a text to cite holds no control characters")
    if not text.strip():
        return Decoded(None, "is empty", "a source needs text to cite: add the text, or remove the file")
    return Decoded(text)


def _nul_bytes(data: bytes) -> Decoded:
    """Name the encoding that NUL bytes give away (UTF-16 or UTF-32 without a byte-order mark), if any."""
    sample = data[:4096]
    for width, name in ((4, "UTF-32"), (2, "UTF-16")):
        for order, at in (("LE", 0), ("BE", width - 1)):
            units = [sample[i : i + width] for i in range(0, len(sample) - width + 1, width)]
            if units and sum(1 for u in units if u[at] != 0 and u.count(0) == width - 1) > 0.9 * len(units):
                return Decoded(None, f"looks like {name}-{order} without a byte-order mark (a NUL byte beside "
                               "every character)", _CONVERT.format(encoding=f"{name}{order}"))
    line = data[: data.index(b"\x00")].count(b"\n") + 1
    return Decoded(None, f"contains NUL bytes (the first at line {line}): it is not UTF-8 text",
                   "save it as UTF-8 text; if it is a document (PDF, Word), export its text first")
