"""Cited text, sentence by sentence: which citations each sentence rests on.

A text of several sentences marks each with the numbers of its citations, `[1]` or `[1, 3]`, counting
from 1 in the record's `citations` list. A text of one sentence may leave the markers out: it rests on
all its citations. Render puts each footnote where its marker stands.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

MARKER = re.compile(r"[ \t]*\[(\d+(?:[ \t]*,[ \t]*\d+)*)\]")
# Words that end with a full stop without ending a sentence.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "gov", "sen", "rep",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "vs", "etc", "e.g", "i.e", "cf", "c", "ca", "approx", "al", "inc", "ltd", "co", "corp", "jr", "sr",
    "u.s", "u.k", "u.n", "e.u", "p.m", "a.m",
}
_END = re.compile(r"""[.!?…]["'”’»)\]]*""")
_NEXT_CHARACTER = re.compile(r"\s*(\S)")


class Sentence(NamedTuple):
    text: str  # as written, markers included
    markers: tuple[int, ...]  # citation numbers (1-based) its markers name, in order


class Piece(NamedTuple):
    """A stretch of cited text, and the citation numbers marked right after it (none for the last piece)."""

    text: str
    markers: tuple[int, ...]


def pieces(text: str) -> Iterator[Piece]:
    """The text cut at its markers: render prints each piece, then the footnotes of its markers."""
    position = 0
    for found in MARKER.finditer(text):
        yield Piece(text[position : found.start()], _numbers(found))
        position = found.end()
    yield Piece(text[position:], ())


def sentences(text: str) -> tuple[Sentence, ...]:
    """The sentences of a text, each with its markers (a marker belongs to the sentence it follows)."""
    result: list[Sentence] = []
    start = 0
    for end in _sentence_ends(text):
        chunk = text[start:end].strip()
        if chunk:
            result.append(Sentence(chunk, tuple(n for m in MARKER.finditer(chunk) for n in _numbers(m))))
        start = end
    return tuple(result)


def _sentence_ends(text: str) -> Iterator[int]:
    """Offsets just past each sentence: its closing punctuation and any markers that follow it."""
    for found in _END.finditer(text):
        end = found.end()
        while (marker := MARKER.match(text, end)) is not None:
            end = marker.end()
        if end < len(text) and not text[end].isspace():
            continue
        following = _NEXT_CHARACTER.match(text, end)
        marked = end > found.end()  # a stop followed by markers always ends a sentence
        if not marked and following is not None and following.group(1).islower():
            continue  # "e.g. the", "c. 5 km": lower case goes on; capitals, digits, any caseless script start
        if not marked and found.group(0)[0] == "." and _abbreviated(text, found.start()):
            continue
        yield end
    yield len(text)


def _abbreviated(text: str, stop: int) -> bool:
    """Whether the full stop at `stop` ends an abbreviation or an initial ('Mr.', 'U.S.', 'J.')."""
    start = stop
    while start > 0 and (text[start - 1] == "." or text[start - 1] == "_" or text[start - 1].isalnum()):
        start -= 1  # back over the word before the stop (letters, digits, '_' and dots, as regex \w and '.')
    token = text[start:stop].lower()
    return bool(token) and (token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()))


def _numbers(found: re.Match[str]) -> tuple[int, ...]:
    return tuple(int(n) for n in re.split(r"[ \t]*,[ \t]*", found.group(1)))
