"""Finding quotes in sources: each source is normalised and indexed once, then every quote is a search.

A quote is looked up in its own source only, so the cost grows with citations × source size,
never with citations × all text.
"""

from __future__ import annotations

import bisect
import difflib
from dataclasses import dataclass
from functools import cached_property

from generator.load.text import Paragraph
from generator.model import Passage
from generator.validate.normalise import NormText, normalise, normalise_quote


@dataclass(frozen=True)
class Miss:
    """Why a quote could not be placed, and what to do about it."""

    message: str
    hint: str


class SourceIndex:
    """One source's paragraphs, normalised once and joined for fast searching.

    The normalising waits for the first search: a source nobody cites (yet) costs nothing."""

    def __init__(self, source_id: str, paragraphs: tuple[Paragraph, ...]):
        self.source_id = source_id
        self.paragraphs = paragraphs
        self._placed: dict[tuple[str, int | None, int | None], Passage | Miss] = {}

    @cached_property
    def norms(self) -> list[NormText]:
        """Each paragraph normalised, with the map back to its original offsets."""
        return [normalise(p.text) for p in self.paragraphs]

    @cached_property
    def offsets(self) -> list[int]:
        """Where each paragraph starts in `joined`."""
        offsets, position = [], 0
        for norm in self.norms:
            offsets.append(position)
            position += len(norm.text) + 1
        return offsets

    @cached_property
    def joined(self) -> str:
        """All normalised paragraphs, one per line: a quote is one `str.find` away."""
        return "\n".join(n.text for n in self.norms)

    def occurrences(self, needle: str) -> list[tuple[int, int]]:
        """(paragraph index, start in its normalised text) of every occurrence."""
        found: list[tuple[int, int]] = []
        start = self.joined.find(needle)
        while start != -1:
            index = bisect.bisect_right(self.offsets, start) - 1
            found.append((index, start - self.offsets[index]))
            start = self.joined.find(needle, start + 1)
        return found

    def contains(self, text: str) -> bool:
        return normalise_quote(text) in self.joined

    def locate(self, quote: str, paragraph: int | None, occurrence: int | None) -> Passage | Miss:
        """Where the quote lies, or why it cannot be placed (each quote searched once per index)."""
        key = (quote, paragraph, occurrence)
        found = self._placed.get(key)
        if found is None:
            found = self._placed[key] = self._locate(quote, paragraph, occurrence)
        return found

    def _locate(self, quote: str, paragraph: int | None, occurrence: int | None) -> Passage | Miss:
        needle = normalise_quote(quote)
        hits = self.occurrences(needle)
        if paragraph is not None:
            hits = [h for h in hits if h[0] == paragraph - 1]
            if not hits:
                return self._not_found(needle, f"the quote is not in paragraph {paragraph}")
        if not hits:
            return self._not_found(needle, "the quote is not in the source")
        if occurrence is not None:
            if occurrence > len(hits):
                return Miss(f"the quote occurs {len(hits)} time(s), not {occurrence}",
                            "lower 'occurrence' or remove it")
            hits = [hits[occurrence - 1]]
        if len(hits) > 1:
            return self._ambiguous(hits, paragraph)
        index, start = hits[0]
        orig_start, orig_end = self.norms[index].to_original(start, start + len(needle))
        return Passage(self.source_id, index + 1, orig_start, orig_end)

    def _ambiguous(self, hits: list[tuple[int, int]], paragraph: int | None) -> Miss:
        numbers = sorted({i + 1 for i, _ in hits})
        if paragraph is None and len(numbers) > 1:
            listed = ", ".join(str(n) for n in numbers)
            return Miss(f"the quote occurs in several paragraphs ({listed})",
                        f"add 'paragraph: N' with one of {listed}, or quote more words")
        return Miss(f"the quote occurs {len(hits)} times in paragraph {numbers[0]}",
                    "add 'occurrence: N' to pick one, or quote more words")

    def _not_found(self, needle: str, message: str) -> Miss:
        across = self._across_paragraphs(needle)
        if across is not None:
            return across
        closest = self.closest(needle)
        if closest is None:
            return Miss(message, "copy the words exactly from the source")
        number, passage, diff = closest
        return Miss(f"{message}; closest is paragraph {number}: \"{passage}\"",
                    f"{diff}; copy the words exactly from the source")

    def _across_paragraphs(self, needle: str) -> Miss | None:
        """A quote that runs from one paragraph into the next: say so, and show the two quotes to use."""
        spaced = self.joined.replace("\n", " ")  # the same offsets, paragraph breaks read as spaces
        start = spaced.find(needle)
        if start == -1:
            return None
        first = bisect.bisect_right(self.offsets, start) - 1
        last = bisect.bisect_right(self.offsets, start + len(needle) - 1) - 1
        if first == last:
            return None
        parts = [self.joined[max(start, self.offsets[i]) : min(start + len(needle), self.offsets[i] +
                                                                 len(self.norms[i].text))].strip()
                 for i in range(first, last + 1)]
        numbers = " and ".join(str(i + 1) for i in range(first, last + 1))
        quotes = " and ".join(f"quote: \"{part}\" (paragraph {i + 1})" for i, part in zip(range(first, last + 1),
                                                                                         parts, strict=True))
        return Miss(f"the quote runs across paragraphs {numbers}; a quote must lie within one paragraph",
                    f"cite each paragraph with a citation of its own: {quotes}")

    def closest(self, needle: str) -> tuple[int, str, str] | None:
        """The paragraph number, passage and word difference of the best approximate match."""
        from rapidfuzz import fuzz  # only a quote that is not found needs it

        best: tuple[float, int, int, int] | None = None
        for index, norm in enumerate(self.norms):
            found = fuzz.partial_ratio_alignment(needle, norm.text)
            if found is not None and (best is None or found.score > best[0]):
                best = (found.score, index, found.dest_start, found.dest_end)
        if best is None or best[0] < 40:
            return None
        _, index, start, end = best
        passage = _widen_to_words(self.norms[index].text, start, end)
        return index + 1, passage, word_difference(needle, passage)


# Indexes kept from one build to the next, by (source id, paragraph mode, text): an unchanged source keeps
# its normalised text and its placed quotes.
SourceIndexes = dict[tuple[str, str, str], "SourceIndex"]


def _widen_to_words(text: str, start: int, end: int) -> str:
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end].strip()


def word_difference(quote: str, passage: str) -> str:
    """Say in words how the quote differs from the passage: 'source has X where the quote has Y'."""
    a, b = quote.split(), passage.split()
    changes: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        mine, theirs = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        if tag == "replace":
            changes.append(f"the source has '{theirs}' where the quote has '{mine}'")
        elif tag == "delete":
            changes.append(f"the quote adds '{mine}'")
        elif tag == "insert" and 0 < i1 < len(a):
            changes.append(f"the quote leaves out '{theirs}'")
    if not changes:
        return "the quote differs only in punctuation or spacing inside words"
    return "; ".join(changes[:4]) + ("; …" if len(changes) > 4 else "")
