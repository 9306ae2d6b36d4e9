"""Tradecraft computed from the data: independent origins, corroboration, conflicts, coverage.

Sources that share an origin (a wire dispatch, a broadcast interview) are one line of evidence:
sources are grouped by shared `derives_from` ids (transitively), and corroboration counts groups.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Generic, TypeVar

from generator.model import FURNITURE_KINDS, Citation, Claim, Judgment, Position, Source
from generator.validate.dossier import ValidDossier
from generator.validate.independence import Independence

SUMMARY_LIST_LIMIT = 40  # entries per list of the summary statement; the rest are counted

Entry = TypeVar("Entry")


@dataclass(frozen=True)
class Shortlist(Generic[Entry]):
    """The first entries of a list that may be long, and how many there are in all."""

    items: list[Entry]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.items)


def shortlist(entries: list[Entry], limit: int | None = None) -> Shortlist[Entry]:
    return Shortlist(entries[: limit or SUMMARY_LIST_LIMIT], len(entries))


@dataclass(frozen=True)
class SourceSummary:
    """The figures of the Sources index's summary statement; its lists stay short as the dossier grows."""

    grades: list[tuple[str, int]]
    origin_groups: Shortlist[list[str]]  # groups that share an origin first, largest first
    single_origin_judgments: list[int]  # key judgment numbers resting on one origin
    corroborating: Shortlist[tuple[str, str, int]]  # (source a, source b, statements shared), most first
    conflicting: Shortlist[tuple[str, str, int]]  # (source a, source b, points of conflict), most first
    translation_notes: Shortlist[tuple[str, str]]  # (source id, note)


CitedRecords = Sequence[tuple[list[Citation], list[Claim]]]  # each cited record's own citations, and its claims'


def summarise_sources(independence: Independence, sources: Sequence[Source], key_judgments: Sequence[Judgment],
                      cited: CitedRecords, contested: Sequence[Sequence[Position]]) -> SourceSummary:
    """The figures of the summary statement, from the records' citations (`cited`, as in Graph.cited) and
    the positions of contested questions."""
    grades = Counter(s.reliability.grade for s in sources)
    single = [n for n, j in enumerate(key_judgments, 1) if independence.origins(j.citations) <= 1]
    groups = sorted(independence.groups(), key=lambda group: (-len(group), group))

    def strongest(pairs: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
        return sorted(pairs, key=lambda pair: (-pair[2], pair[0], pair[1]))

    return SourceSummary(
        grades=sorted(grades.items()),
        origin_groups=shortlist(groups),
        single_origin_judgments=single,
        corroborating=shortlist(strongest(_corroborating_pairs(independence, cited))),
        conflicting=shortlist(strongest(_conflicting_pairs(cited, contested))),
        translation_notes=shortlist(_translation_notes(cited)),
    )


def _corroborating_pairs(independence: Independence, cited: CitedRecords) -> list[tuple[str, str, int]]:
    shared: Counter[tuple[str, str]] = Counter()
    for citations, _claims in cited:
        sources = sorted({c.source for c in citations})
        for a, b in combinations(sources, 2):
            if independence.group(a) != independence.group(b):
                shared[(a, b)] += 1
    return [(a, b, n) for (a, b), n in sorted(shared.items())]


def _conflicting_pairs(cited: CitedRecords, contested: Sequence[Sequence[Position]]) -> list[tuple[str, str, int]]:
    conflicts: Counter[tuple[str, str]] = Counter()

    def count(sides: list[set[str]]) -> None:
        pairs = {tuple(sorted((a, b))) for x, y in combinations(sides, 2) for a in x for b in y if a != b}
        for pair in pairs:
            conflicts[(pair[0], pair[1])] += 1

    for own, claims in cited:
        for claim in claims:
            count([{c.source for c in own}, {c.source for c in claim.citations}])
    for positions in contested:
        count([{c.source for c in p.citations} for p in positions])
    return [(a, b, n) for (a, b), n in sorted(conflicts.items())]


def _translation_notes(cited: CitedRecords) -> list[tuple[str, str]]:
    notes: dict[tuple[str, str], None] = {}
    for own, claims in cited:
        for citation in [*own, *(c for claim in claims for c in claim.citations)]:
            if citation.note:
                notes[(citation.source, citation.note)] = None
    return sorted(notes)


def furniture_of(source: Source) -> dict[int, str]:
    """Paragraph number -> the kind of furniture it is, for the paragraphs a source marks as furniture."""
    return {number: kind for kind in FURNITURE_KINDS for number in getattr(source.furniture, kind)}


@dataclass(frozen=True)
class SourceCoverage:
    source_id: str
    substantive: int
    cited: int
    uncited: list[int]  # substantive paragraph numbers never cited

    @property
    def share(self) -> float:
        return self.cited / self.substantive if self.substantive else 1.0


def coverage(d: ValidDossier) -> list[SourceCoverage]:
    cited: dict[str, set[int]] = {}
    for citation in d.citations:
        assert citation.passage is not None
        cited.setdefault(citation.passage.source, set()).add(citation.passage.paragraph)
    result = []
    for source in d.sources:
        furniture = furniture_of(source)
        numbers = [p.number for p in d.texts[source.id] if p.number not in furniture]
        hit = cited.get(source.id, set())
        result.append(SourceCoverage(source.id, len(numbers), len([n for n in numbers if n in hit]),
                                     [n for n in numbers if n not in hit]))
    return result
