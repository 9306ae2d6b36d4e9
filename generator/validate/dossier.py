"""The validated dossier: every record checked, every citation placed in its source."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from generator.load.text import Paragraph
from generator.model import Actor, Citation, Demand, Dossier, Event, Question, Source
from generator.validate.independence import Independence


@dataclass(frozen=True)
class ValidDossier:
    dossier: Dossier
    sources: tuple[Source, ...]
    actors: tuple[Actor, ...] = ()
    demands: tuple[Demand, ...] = ()
    events: tuple[Event, ...] = ()
    questions: tuple[Question, ...] = ()
    texts: dict[str, tuple[Paragraph, ...]] = field(default_factory=dict)  # source id -> paragraphs
    citations: tuple[Citation, ...] = ()  # every citation, each with its `passage`, in validation order
    citation_count: int = 0
    independence: Independence = field(default_factory=lambda: Independence(()))

    @cached_property
    def source_by_id(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}

    @cached_property
    def actor_by_id(self) -> dict[str, Actor]:
        return {a.id: a for a in self.actors}
