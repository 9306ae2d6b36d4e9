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


def decode_source(data: bytes) -> tuple[str | None, str]:
    """Decode a source file; returns (text, '') or (None, reason). Line endings become '\\n'."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, f"is not UTF-8 (invalid byte at line {line}); re-save it as UTF-8"
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return None, "is empty; a source needs text to cite"
    return text, ""
