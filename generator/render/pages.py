"""Which pages exist and what each template gets: one spec function per page kind."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from functools import partial
from typing import Any, NamedTuple

from generator import layout
from generator.dates import MONTHS, FuzzyDate, parse_fuzzy_date
from generator.load.text import Paragraph
from generator.model import Actor, Demand, Event, Judgment, Passage, Position, Question, Source
from generator.render.changes import Changes
from generator.render.chart import build_chart
from generator.render.escape import Md
from generator.render.graph import Graph, Place, event_order, timeline_parts
from generator.render.listing import list_parts
from generator.render.relations import mapped_demands, side_of
from generator.render.tradecraft import CitedRecords, SourceCoverage, coverage, furniture_of, summarise_sources
from generator.validate.dossier import ValidDossier
from generator.validate.independence import Independence


class PageSpec(NamedTuple):
    """A page to render. Its context is made only when the page is rendered, so a large dossier never holds
    every page's context at once."""

    path: str
    template: str
    make_context: Callable[[], dict[str, Any]]
    # What the context is made of, when it is made of nothing else (besides what every page may show, see
    # reuse.site_facts): `mkdocs serve` keeps the page while these equal the last build's.
    inputs: tuple[Any, ...] | None = None


def _made_of(path: str, template: str, make: Callable[..., dict[str, Any]], *inputs: Any) -> PageSpec:
    """A page whose context is `make(*inputs)`: nothing else reaches it (`make` may be bound to site facts)."""
    return PageSpec(path, template, partial(make, *inputs), inputs)


KIND_TITLES = {"state": "States", "organisation": "Organisations", "group": "Groups", "person": "People",
               "media": "Media"}
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")


Marker = Callable[[str, list[tuple[int, int, str]]], str]  # md_passages, or a memo of it


def page_specs(d: ValidDossier, graph: Graph, changes: Changes | None, marked: Marker,
               sources: Mapping[str, Source]) -> Iterator[PageSpec]:
    """The pages, in order. A page that reads a source by id reads it from `sources` (render notes which)."""
    yield PageSpec(layout.HOME, "home.md.jinja", lambda: {**_home(d), "changes": changes})
    yield from _actors_index(d)
    yield PageSpec(layout.MAP, "map.md.jinja", partial(_map, d))
    source_order = partial(_source_order_of, sources)
    for actor in d.actors:
        yield _made_of(layout.actor_page(actor.id), "actor.md.jinja", partial(_actor, source_order),
                       *_actor_links(graph, actor))
    for page, context, demands in list_parts(layout.DEMANDS, _sorted_demands(d)):
        yield _made_of(page, "demands_index.md.jinja", _with_demands, context, demands)
    for demand in d.demands:
        yield _made_of(layout.demand_page(demand.id), "demand.md.jinja", _with_demand, {}, demand)
    yield from _timeline_pages(d)
    for page, context, questions in list_parts(layout.QUESTIONS, d.questions):
        yield _made_of(page, "questions_index.md.jinja", _with_questions, context, questions)
    for question in d.questions:
        yield _made_of(layout.question_page(question.id), "question.md.jinja", _with_question, {}, question)
    yield from _sources_index(d, graph)
    for source in d.sources:
        yield _made_of(layout.source_page(source.id), "source.md.jinja", partial(_source, marked),
                       *_source_links(d, graph, source))
    yield from _coverage(d, graph)
    yield PageSpec(layout.BOOK, "book.md.jinja", lambda: {**_book(d), "changes": changes})


def _with(name: str) -> Callable[[dict[str, Any], Any], dict[str, Any]]:
    """A context of `context` and one more value, under `name`."""
    return lambda context, value: {**context, name: value}


_with_demand, _with_demands = _with("demand"), _with("demands")
_with_question, _with_questions, _with_groups = _with("question"), _with("questions"), _with("groups")


def _source_order(source: Source) -> tuple[Any, ...]:
    return (parse_fuzzy_date(source.published.date).sort_key, source.id)


def _source_order_of(by_id: Mapping[str, Source], source_id: str) -> tuple[Any, ...]:
    return _source_order(by_id[source_id])


LATEST_EVENTS = 5


def _home(d: ValidDossier) -> dict[str, Any]:
    """The newest events over by the as-of date, and those that may still be under way or to come (announced
    or expected), soonest first: a month or a range that runs past the as-of date is not over."""
    as_of = parse_fuzzy_date(d.dossier.as_of).start.first
    ordered = sorted(d.events, key=event_order)
    over = [e for e in ordered if parse_fuzzy_date(e.date).latest <= as_of]
    expected = [e for e in ordered if parse_fuzzy_date(e.date).latest > as_of]
    latest = over[-LATEST_EVENTS:][::-1]
    counts = {"sources": len(d.sources), "actors": len(d.actors), "demands": len(d.demands),
              "events": len(d.events), "questions": len(d.questions), "citations": d.citation_count}
    return {"latest_events": latest, "expected_events": expected[:LATEST_EVENTS], "counts": counts}


MAP_SIDES_LISTED = 60  # sides listed under the map (those in the diagram first)
MAP_MEMBERS_LISTED = 24  # members listed per side; the actors index gives every actor's affiliation


def _map(d: ValidDossier) -> dict[str, Any]:
    """A card per demand, and who sits on which side; bounded however large the dossier."""
    by_id = d.actor_by_id
    sides: dict[str, list[Actor]] = defaultdict(list)
    for actor in d.actors:
        sides[side_of(actor, by_id).id].append(actor)
    mapped = mapped_demands(d)
    involved = (a for m in mapped for a in [*m.by, *m.of, *(x for r in m.responses for x in r.by)])
    drawn = {side_of(by_id[a], by_id).id for a in involved}
    order = sorted(sides, key=lambda s: (s not in drawn, s))[:MAP_SIDES_LISTED]
    listed = []
    for side in order:
        members = sorted((a for a in sides[side] if a.id != side), key=lambda a: (a.name.casefold(), a.id))
        listed.append((by_id[side], members[:MAP_MEMBERS_LISTED], max(len(members) - MAP_MEMBERS_LISTED, 0)))
    return {"sides": listed, "sides_total": len(sides), "demands": mapped, "demands_total": len(d.demands)}


def _actors_index(d: ValidDossier) -> Iterator[PageSpec]:
    """Actors by kind, then by name; a long list is cut into pages, each grouped by kind again."""
    kinds = list(KIND_TITLES)
    ordered = sorted(d.actors, key=lambda a: (kinds.index(a.kind), a.name.casefold(), a.id))
    for page, context, actors in list_parts(layout.ACTORS, ordered):
        groups: dict[str, list[Actor]] = defaultdict(list)
        for actor in actors:
            groups[KIND_TITLES[actor.kind]].append(actor)
        yield _made_of(page, "actors_index.md.jinja", _with_groups, context, list(groups.items()))


def _actor_links(graph: Graph, actor: Actor) -> tuple[Any, ...]:
    """An actor and what the graph holds of it: the inputs of its page."""
    a = actor.id
    return (actor, graph.members_of.get(a, []), graph.events_of.get(a, []), graph.demands_by.get(a, []),
            graph.demands_of.get(a, []), graph.responses_by.get(a, []), graph.questions_of.get(a, []),
            graph.sources_of.get(a, set()))


def _actor(source_order: Callable[[str], Any], actor: Actor, members: list[Actor], events: list[Event],
           demands_by: list[Demand], demands_of: list[Demand], responses_by: list[Demand],
           questions: list[Question], sources: set[str]) -> dict[str, Any]:
    return {
        "actor": actor,
        "members": sorted(members, key=lambda a: (a.name.casefold(), a.id)),
        "events": sorted(events, key=event_order),
        "demands_by": demands_by,
        "demands_of": demands_of,
        "responses_by": responses_by,
        "questions": questions,
        "sources": sorted(sources, key=source_order),
    }


def _book(d: ValidDossier) -> dict[str, Any]:
    if d.citation_count > layout.BOOK_MAX_CITATIONS:
        return {"too_large": True, "limit": layout.BOOK_MAX_CITATIONS, "citation_count": d.citation_count}
    return {
        "too_large": False,
        "demands": _sorted_demands(d),
        "events": sorted(d.events, key=event_order),
        "questions": list(d.questions),
        "actors": sorted(d.actors, key=lambda a: (a.name.casefold(), a.id)),
        "sources": sorted(d.sources, key=_source_order),
    }


def _sources_index(d: ValidDossier, graph: Graph) -> Iterator[PageSpec]:
    """The sources by date; the summary statement heads the first page. The key judgments and the lines of
    reporting are site facts: the summary is made of them, of every source and of every record's citations."""
    facts = (d.independence, d.dossier.key_judgments)
    cited = [(own, claims) for _, own, claims in graph.cited]
    contested = [q.positions for q in d.questions if q.kind == "contested"]
    for page, context, sources in list_parts(layout.SOURCES, sorted(d.sources, key=_source_order)):
        if context["part"] == 1:
            yield _made_of(page, "sources_index.md.jinja", partial(_sources_first, *facts), context, sources,
                           d.sources, cited, contested)
        else:
            yield _made_of(page, "sources_index.md.jinja", _sources_part, context, sources, len(d.sources))


def _sources_part(context: dict[str, Any], sources: Sequence[Source], total: int) -> dict[str, Any]:
    return {**context, "sources": sources, "total": total, "summary": None}


def _sources_first(independence: Independence, key_judgments: Sequence[Judgment], context: dict[str, Any],
                   sources: Sequence[Source], all_sources: Sequence[Source], cited: CitedRecords,
                   contested: Sequence[Sequence[Position]]) -> dict[str, Any]:
    summary = summarise_sources(independence, all_sources, key_judgments, cited, contested)
    return {**_sources_part(context, sources, len(all_sources)), "summary": summary}


def _coverage(d: ValidDossier, graph: Graph) -> Iterator[PageSpec]:
    """Coverage per source (cut into pages); the totals and the lists of gaps head the first page."""
    rows = coverage(d)
    substantive = sum(r.substantive for r in rows)
    cited = sum(r.cited for r in rows)
    totals = {"total_substantive": substantive, "total_cited": cited,
              "share": cited / substantive if substantive else 1.0}
    for page, context, part_rows in list_parts(layout.COVERAGE, rows):
        yield PageSpec(page, "coverage.md.jinja",
                       partial(_coverage_part, d, graph, {**context, **totals}, part_rows))


def _coverage_part(d: ValidDossier, graph: Graph, context: dict[str, Any], rows: Sequence[SourceCoverage]
                   ) -> dict[str, Any]:
    gaps: dict[str, Any] = {"actors_without_events": [], "uncited_records": []}
    if context["part"] == 1:
        linked = {a for e in d.events for a in e.actors}
        gaps = {"actors_without_events": sorted((a for a in d.actors if a.id not in linked), key=lambda a: a.id),
                "uncited_records": [p for p, own, _ in graph.cited if not own]}
    return {**context, **gaps, "rows": rows}


def _sorted_demands(d: ValidDossier) -> list[Demand]:
    return sorted(d.demands, key=lambda x: (parse_fuzzy_date(x.since).sort_key, x.id))


def _timeline_pages(d: ValidDossier) -> Iterator[PageSpec]:
    """One timeline page, or an overview page and parts of TIMELINE_PAGE_SIZE events each."""
    parts = timeline_parts(d)
    as_of = parse_fuzzy_date(d.dossier.as_of).start.first
    overview = [{"page": layout.timeline_part(n), "first": p[0], "last": p[-1], "count": len(p)}
                for n, p in enumerate(parts, 1)] if len(parts) > 1 else []

    context = partial(_timeline_part, as_of)
    if not overview:
        yield _made_of(layout.TIMELINE, "timeline.md.jinja", context, parts[0], 0, overview)
        return
    yield PageSpec(layout.TIMELINE, "timeline.md.jinja", lambda: {**context([], 0, overview), "chart": None})
    for number, events in enumerate(parts, 1):
        yield _made_of(layout.timeline_part(number), "timeline.md.jinja", context, events, number, overview)


def _timeline_part(as_of: date, events: list[Event], part: int, overview: list[dict[str, Any]]) -> dict[str, Any]:
    return {"groups": _groups(events), "chart": build_chart(events, as_of), "part": part, "parts": overview,
            "involved": sorted({a for e in events for a in e.actors})}


def _groups(events: Iterable[Event]) -> list[tuple[str, str, list[Event]]]:
    """(anchor, heading, events) per stretch of time the events' dates stand for, in chronological order:
    a year for a date known to the year, a month for a day or a month, the span of a range that crosses
    months. An event is never filed under a month its date does not name."""
    groups: dict[tuple[str, str], list[Event]] = defaultdict(list)
    for event in sorted(events, key=event_order):
        groups[date_group(parse_fuzzy_date(event.date))].append(event)
    return [(anchor, heading, items) for (anchor, heading), items in groups.items()]


def date_group(date: FuzzyDate) -> tuple[str, str]:
    """The (anchor, heading) of the timeline group a date belongs to: '1990', 'November 2021',
    'November – December 2021', '2014 – 2015' (approximate dates go with what they approximate)."""
    first, last = date.start.first, (date.end or date.start).last
    whole_years = (first.month, first.day, last.month, last.day) == (1, 1, 12, 31)
    if whole_years:
        if first.year == last.year:
            return f"year-{first.year}", str(first.year)
        return f"years-{first.year}-{last.year}", f"{first.year} – {last.year}"
    if (first.year, first.month) == (last.year, last.month):
        return f"month-{first.year:04d}-{first.month:02d}", f"{MONTH_NAMES[first.month - 1]} {first.year}"
    start = MONTH_NAMES[first.month - 1] + ("" if first.year == last.year else f" {first.year}")
    return (f"span-{first.year:04d}-{first.month:02d}-{last.year:04d}-{last.month:02d}",
            f"{start} – {MONTH_NAMES[last.month - 1]} {last.year}")


def _source_links(d: ValidDossier, graph: Graph, source: Source) -> tuple[Any, ...]:
    """A source, its text, and what the graph holds of it: the inputs of its page."""
    paragraphs = d.texts[source.id]
    # The places citing each paragraph, as tuples: their order shows, and == on dicts ignores it.
    cited_at = [tuple(graph.cited_at.get((source.id, p.number), ())) for p in paragraphs]
    return (source, paragraphs, graph.passages_of.get(source.id, []), cited_at,
            graph.citations_per_source.get(source.id, 0))


def _source(marked: Marker, source: Source, paragraphs: list[Paragraph], cited: list[Passage],
            cited_at: list[tuple[Place, ...]], citation_count: int) -> dict[str, Any]:
    passages: dict[int, set[tuple[int, int, str]]] = defaultdict(set)  # paragraph -> cited passages
    for passage in cited:
        passages[passage.paragraph].add((passage.start, passage.end, layout.passage_anchor(passage)))
    furniture = furniture_of(source)
    return {"source": source, "citation_count": citation_count, "paragraphs": [
        {
            "number": p.number,
            "anchor": layout.paragraph_anchor(p.number),
            "html": Md(marked(p.text, sorted(passages.get(p.number, ())))),
            "cited_at": list(places),
            "furniture": furniture.get(p.number, ""),
        }
        for p, places in zip(paragraphs, cited_at, strict=True)
    ]}


__all__ = ["MONTHS", "event_order", "page_specs"]
