"""Back-links: which records cite which passage, and everything that involves an actor.

Built once from the whole validated dossier before any page renders (tags induce a graph, not a tree).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from generator import layout
from generator.dates import parse_fuzzy_date
from generator.model import Actor, Citation, Claim, Demand, Event, Passage, Question
from generator.validate.dossier import ValidDossier

LABELS = {
    "kj": "Key judgment {number}",
    "summary": "{words}: summary",
    "statement": "{words}: statement {number}",
    "demand": "Demand: {words}",
    "response": "Response {number} to: {words}",
    "event": "Event: {words}",
    "position": "Question: {words} (position {number})",
}


class Place(NamedTuple):
    """Where a cited record is shown: page and anchor, and a plain-text label for links.

    The label is made when a link needs it (from `kind`, the record's own `words` and a `number`): a
    large dossier has hundreds of thousands of places and shows each label on one page or two. A tuple,
    so that hashing and comparing one (as a dict key, or against the last build's) stays in C."""

    page: str
    anchor: str
    kind: str  # a key of LABELS
    words: str = ""
    number: int = 0

    @property
    def label(self) -> str:
        return LABELS[self.kind].format(words=self.words, number=self.number)


def _numbered(prefix: str, number: int) -> str:
    return sys.intern(f"{prefix}-{number}")  # 'statement-1' and the like recur on every record


def timeline_parts(d: ValidDossier) -> list[list[Event]]:
    """Events in chronological order, cut into pages of at most TIMELINE_PAGE_SIZE (one page if they fit)."""
    ordered = sorted(d.events, key=event_order)
    size = layout.TIMELINE_PAGE_SIZE
    return [ordered[i : i + size] for i in range(0, len(ordered), size)] or [[]]


def event_pages(d: ValidDossier) -> dict[str, str]:
    """event id -> the page that shows it: the timeline itself, or one of its parts."""
    parts = timeline_parts(d)
    if len(parts) == 1:
        return {e.id: layout.TIMELINE for e in parts[0]}
    return {e.id: layout.timeline_part(n) for n, part in enumerate(parts, 1) for e in part}


def event_order(event: Event) -> tuple[object, ...]:
    return (*parse_fuzzy_date(event.date).sort_key, event.id)


def cited_records(d: ValidDossier, pages: dict[str, str] | None = None
                  ) -> Iterator[tuple[Place, list[Citation], list[Claim]]]:
    """Every cited record at its home place: its own citations and the claims that contest it."""
    event_page = pages if pages is not None else event_pages(d)
    for n, judgment in enumerate(d.dossier.key_judgments, 1):
        yield Place(layout.HOME, _numbered("kj", n), "kj", number=n), judgment.citations, judgment.contested_by
    for actor in d.actors:
        page = layout.actor_page(actor.id)
        yield Place(page, "summary", "summary", actor.name), actor.citations, []
        for n, statement in enumerate(actor.statements, 1):
            yield Place(page, _numbered("statement", n), "statement", actor.name, n), statement.citations, \
                statement.contested_by
    for demand in d.demands:
        page = layout.demand_page(demand.id)
        yield Place(page, "demand", "demand", demand.demand), demand.citations, []
        for n, response in enumerate(demand.responses, 1):
            yield Place(page, _numbered("response", n), "response", demand.demand, n), response.citations, []
    for event in d.events:
        yield Place(event_page[event.id], layout.event_anchor(event.id), "event", event.title), event.citations, \
            event.contested_by
    for question in d.questions:
        page = layout.question_page(question.id)
        for n, position in enumerate(question.positions, 1):
            yield Place(page, _numbered("position", n), "position", question.question, n), position.citations, []


@dataclass
class Graph:
    # (source, paragraph) -> the places citing it, in first-citation order (a dict as an ordered set)
    cited_at: dict[tuple[str, int], dict[Place, None]] = field(default_factory=lambda: defaultdict(dict))
    citations_per_source: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    events_of: dict[str, list[Event]] = field(default_factory=lambda: defaultdict(list))
    demands_by: dict[str, list[Demand]] = field(default_factory=lambda: defaultdict(list))
    demands_of: dict[str, list[Demand]] = field(default_factory=lambda: defaultdict(list))
    responses_by: dict[str, list[Demand]] = field(default_factory=lambda: defaultdict(list))
    questions_of: dict[str, list[Question]] = field(default_factory=lambda: defaultdict(list))
    members_of: dict[str, list[Actor]] = field(default_factory=lambda: defaultdict(list))
    sources_of: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    passages_of: dict[str, list[Passage]] = field(default_factory=dict)  # source -> where its citations landed
    event_page: dict[str, str] = field(default_factory=dict)
    timeline_split: bool = False  # events are shown on timeline parts, not on one timeline page
    # every cited record at its home place, with its own citations and the claims contesting it
    cited: list[tuple[Place, list[Citation], list[Claim]]] = field(default_factory=list)


def build_graph(d: ValidDossier) -> Graph:
    event_page = event_pages(d)
    graph = Graph(event_page=event_page,
                  timeline_split=any(page != layout.TIMELINE for page in event_page.values()),
                  cited=list(cited_records(d, event_page)))
    cited_at, per_source = graph.cited_at, graph.citations_per_source  # a large dossier's hottest loop
    for place, own, claims in graph.cited:
        for citation in [*own, *(c for claim in claims for c in claim.citations)] if claims else own:
            passage = citation.passage
            assert passage is not None, "render only a validated dossier"
            cited_at[passage[:2]][place] = None  # (source, paragraph)
            per_source[passage.source] += 1
    for citation in d.citations:
        assert citation.passage is not None
        graph.passages_of.setdefault(citation.passage.source, []).append(citation.passage)
    _link_actors(d, graph)
    return graph


def _append_once(records: list[Any], record: Any) -> None:
    """Records arrive grouped (a demand's responses, a question's positions): one entry per record."""
    if not records or records[-1] is not record:
        records.append(record)


def _link_actors(d: ValidDossier, graph: Graph) -> None:
    def mention(actor_ids: list[str], citations: list[Citation]) -> None:
        sources = {c.source for c in citations}
        for actor_id in actor_ids:
            graph.sources_of[actor_id] |= sources

    for actor in d.actors:
        mention([actor.id], [*actor.citations, *(c for s in actor.statements for c in s.citations)])
        if actor.affiliation:
            graph.members_of[actor.affiliation].append(actor)
    for event in d.events:
        for actor_id in dict.fromkeys(event.actors):
            graph.events_of[actor_id].append(event)
        mention(event.actors, event.citations)
    for demand in d.demands:
        for actor_id in dict.fromkeys(demand.by):
            graph.demands_by[actor_id].append(demand)
        for actor_id in dict.fromkeys(demand.of):
            graph.demands_of[actor_id].append(demand)
        mention(demand.by + demand.of, demand.citations)
        for response in demand.responses:
            for actor_id in response.by:
                _append_once(graph.responses_by[actor_id], demand)
            mention(response.by, response.citations)
    for question in d.questions:
        for position in question.positions:
            for actor_id in position.holders:
                _append_once(graph.questions_of[actor_id], question)
            mention(position.holders, position.citations)
