"""The validated dossier: every record checked, every citation placed in its source."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from generator.model import Actor, Citation, Demand, Dossier, Event, Question, Source
from generator.quotes import Passage
from generator.text import Paragraph


class Placements:
    """Where each citation landed, looked up by the citation object itself.

    Keyed by identity, not equality: hashing a record hashes every field, and a large dossier looks
    citations up hundreds of thousands of times. The map keeps each citation alive, so an identity
    stays unique for as long as the map exists; two equal citations simply have equal passages.
    """

    __slots__ = ("_by_identity",)

    def __init__(self) -> None:
        self._by_identity: dict[int, tuple[Citation, Passage]] = {}

    def add(self, citation: Citation, passage: Passage) -> None:
        self._by_identity[id(citation)] = (citation, passage)

    def __getitem__(self, citation: Citation) -> Passage:
        return self._by_identity[id(citation)][1]

    def __contains__(self, citation: object) -> bool:
        return id(citation) in self._by_identity

    def __len__(self) -> int:
        return len(self._by_identity)

    def items(self) -> Iterator[tuple[Citation, Passage]]:
        return iter(self._by_identity.values())

    def values(self) -> Iterator[Passage]:
        return (passage for _, passage in self._by_identity.values())


@dataclass(frozen=True)
class ValidDossier:
    dossier: Dossier
    sources: tuple[Source, ...]
    actors: tuple[Actor, ...] = ()
    demands: tuple[Demand, ...] = ()
    events: tuple[Event, ...] = ()
    questions: tuple[Question, ...] = ()
    texts: dict[str, tuple[Paragraph, ...]] = field(default_factory=dict)  # source id -> paragraphs
    passages: Placements = field(default_factory=Placements)
    citation_count: int = 0

    @cached_property
    def source_by_id(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}

    @cached_property
    def actor_by_id(self) -> dict[str, Actor]:
        return {a.id: a for a in self.actors}
