"""The normalisation quotes are matched under.

Normalisation (documented in REFERENCE.md) makes an analyst's typed quote match the scraped text:
curly quotes, primes and guillemets become straight quotes; every dash becomes '-'; '…' becomes '...';
no-break and other Unicode spaces become a space; zero-width characters, soft hyphens and control
characters are dropped; any run of whitespace becomes one space. Case and letters are kept.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_ONE_TO_ONE_MAP = {
    **{c: "'" for c in "‘’‚‛′‵`´"},
    **{c: '"' for c in "“”„‟″‶«»"},
    **{c: "-" for c in "‐‑‒–—―−﹘﹣－"},
    **{c: " " for c in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
                       "\u2009\u200a\u202f\u205f\u3000\t\n\r\f\v"},
}
_ONE_TO_ONE = str.maketrans(_ONE_TO_ONE_MAP)
_ONE_TO_ONE_RE = re.compile(f"[{re.escape(''.join(_ONE_TO_ONE_MAP))}]")
_DROPPED = "\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069\x00-\x08\x0b-\x1f\x7f"
_SPECIAL = re.compile(rf" {{2,}}|[{_DROPPED}]+|…")
# Anything normalisation would change; text without it (most typed quotes) is already normal.
_NEEDS_WORK = re.compile(f"[{re.escape(''.join(_ONE_TO_ONE_MAP))}{_DROPPED}…]|  ")


def _translate(text: str) -> str:
    """`text.translate(_ONE_TO_ONE)`, by regex: quicker, as only a few characters change."""
    return _ONE_TO_ONE_RE.sub(lambda match: _ONE_TO_ONE_MAP[match[0]], text)


@dataclass(frozen=True, slots=True)
class NormText:
    """Normalised text plus a map back to offsets in the original."""

    text: str
    norm_starts: tuple[int, ...]  # start of each segment in `text`
    orig_starts: tuple[int, ...]  # where that segment starts in the original
    orig_ends: tuple[int, ...]  # where it ends in the original
    copied: tuple[bool, ...]  # True: char-for-char copy; False: a replacement of the whole span

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of the normalised span [start, end)."""
        return self._orig(start, first=True), self._orig(end - 1, first=False)

    def _orig(self, index: int, first: bool) -> int:
        seg = bisect.bisect_right(self.norm_starts, index) - 1
        if not self.copied[seg]:
            return self.orig_starts[seg] if first else self.orig_ends[seg]
        offset = self.orig_starts[seg] + index - self.norm_starts[seg]
        return offset if first else offset + 1


def normalise(original: str) -> NormText:
    """Normalise `original` and remember where every piece came from."""
    translated = _translate(original)
    if _SPECIAL.search(translated) is None:  # the common case: same length, offsets unchanged
        return NormText(translated, (0,), (0,), (len(translated),), (True,))
    out: list[str] = []
    norm_starts: list[int] = []
    orig_starts: list[int] = []
    orig_ends: list[int] = []
    copied: list[bool] = []
    length = 0
    position = 0

    def emit(piece: str, start: int, end: int, is_copy: bool) -> None:
        nonlocal length
        if not piece:
            return
        out.append(piece)
        norm_starts.append(length)
        orig_starts.append(start)
        orig_ends.append(end)
        copied.append(is_copy)
        length += len(piece)

    for match in _SPECIAL.finditer(translated):
        emit(translated[position : match.start()], position, match.start(), True)
        token = match.group()
        emit(" " if token[0] == " " else "..." if token == "…" else "", match.start(), match.end(), False)
        position = match.end()
    emit(translated[position:], position, len(translated), True)
    text = "".join(out)
    if "  " in text:  # a dropped character between two spaces left a double space: take the slow path
        return normalise_simple(original)
    return NormText(text, tuple(norm_starts), tuple(orig_starts), tuple(orig_ends), tuple(copied))


def normalise_simple(original: str) -> NormText:
    """Char-by-char normalisation; slow but obviously right. Used for the rare odd cases."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for index, char in enumerate(original):
        piece = char.translate(_ONE_TO_ONE)
        if re.fullmatch(rf"[{_DROPPED}]", piece):
            continue
        piece = "..." if piece == "…" else piece
        if piece == " " and chars and chars[-1] == " ":
            ends[-1] = index + 1
            continue
        for sub in piece:
            chars.append(sub)
            starts.append(index)
            ends.append(index + 1)
    n = len(chars)
    return NormText("".join(chars), tuple(range(n)), tuple(starts), tuple(ends), tuple([False] * n))


def normalise_quote(quote: str) -> str:
    """The normalised text alone (no map back to the original), as quotes are matched."""
    if _NEEDS_WORK.search(quote) is None:
        return quote.strip()
    translated = _translate(quote)
    if _SPECIAL.search(translated) is None:
        return translated.strip()
    return normalise(quote).text.strip()
