"""Which pages exist and what each template gets: one spec function per page kind."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import Any

from generator import layout
from generator.dates import MONTHS, FuzzyDate, parse_fuzzy_date
from generator.model import Actor, Demand, Event, Source
from generator.render.changes import Changes
from generator.render.chart import build_chart
from generator.render.escape import Md, md_passages
from generator.render.graph import Graph, event_order, timeline_parts
from generator.render.listing import list_parts
from generator.render.relations import mapped_demands, side_of
from generator.render.tradecraft import SourceCoverage, coverage, furniture_of, summarise_sources
from generator.validate.dossier import ValidDossier

# (page path, template name, its context): the context is made only when the page is rendered, so a
# large dossier never holds every page's context at once.
PageSpec = tuple[str, str, Callable[[], dict[str, Any]]]
KIND_TITLES = {"state": "States", "organisation": "Organisations", "group": "Groups", "person": "People",
               "media": "Media"}
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")


Marker = Callable[[str, list[tuple[int, int, str]]], str]  # md_passages, or a memo of it


def page_specs(d: ValidDossier, graph: Graph, changes: Changes | None = None,
               marked: Marker = md_passages) -> Iterator[PageSpec]:
    yield layout.HOME, "home.md.jinja", lambda: {**_home(d), "changes": changes}
    yield from _actors_index(d)
    yield layout.MAP, "map.md.jinja", partial(_map, d)
    for actor in d.actors:
        yield layout.actor_page(actor.id), "actor.md.jinja", partial(_actor, d, graph, actor)
    for page, context, demands in list_parts(layout.DEMANDS, _sorted_demands(d)):
        yield page, "demands_index.md.jinja", partial(_with, context, demands=demands)
    for demand in d.demands:
        yield layout.demand_page(demand.id), "demand.md.jinja", partial(_with, {}, demand=demand)
    yield from _timeline_pages(d)
    for page, context, questions in list_parts(layout.QUESTIONS, d.questions):
        yield page, "questions_index.md.jinja", partial(_with, context, questions=questions)
    for question in d.questions:
        yield layout.question_page(question.id), "question.md.jinja", partial(_with, {}, question=question)
    yield from _sources_index(d, graph)
    for source in d.sources:
        yield layout.source_page(source.id), "source.md.jinja", partial(_source, d, graph, source, marked)
    yield from _coverage(d, graph)
    yield layout.BOOK, "book.md.jinja", lambda: {**_book(d), "changes": changes}


def _with(context: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {**context, **more}


def _source_order(source: Source) -> tuple[Any, ...]:
    return (parse_fuzzy_date(source.published.date).sort_key, source.id)


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
        yield page, "actors_index.md.jinja", partial(_with, context, groups=list(groups.items()))


def _actor(d: ValidDossier, graph: Graph, actor: Actor) -> dict[str, Any]:
    by_name = sorted(graph.members_of.get(actor.id, []), key=lambda a: (a.name.casefold(), a.id))
    return {
        "actor": actor,
        "members": by_name,
        "events": sorted(graph.events_of.get(actor.id, []), key=event_order),
        "demands_by": graph.demands_by.get(actor.id, []),
        "demands_of": graph.demands_of.get(actor.id, []),
        "responses_by": graph.responses_by.get(actor.id, []),
        "questions": graph.questions_of.get(actor.id, []),
        "sources": sorted(graph.sources_of.get(actor.id, set()), key=lambda s: _source_order(d.source_by_id[s])),
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
    """The sources by date; the summary statement heads the first page."""
    for page, context, sources in list_parts(layout.SOURCES, sorted(d.sources, key=_source_order)):
        yield page, "sources_index.md.jinja", partial(_sources_part, d, graph, context, sources)


def _sources_part(d: ValidDossier, graph: Graph, context: dict[str, Any], sources: Sequence[Source]
                  ) -> dict[str, Any]:
    summary = summarise_sources(d, graph) if context["part"] == 1 else None
    return {**context, "sources": sources, "total": len(d.sources), "summary": summary}


def _coverage(d: ValidDossier, graph: Graph) -> Iterator[PageSpec]:
    """Coverage per source (cut into pages); the totals and the lists of gaps head the first page."""
    rows = coverage(d)
    substantive = sum(r.substantive for r in rows)
    cited = sum(r.cited for r in rows)
    totals = {"total_substantive": substantive, "total_cited": cited,
              "share": cited / substantive if substantive else 1.0}
    for page, context, part_rows in list_parts(layout.COVERAGE, rows):
        yield page, "coverage.md.jinja", partial(_coverage_part, d, graph, {**context, **totals}, part_rows)


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

    def context(events: list[Event], part: int) -> dict[str, Any]:
        return {"groups": _groups(events), "chart": build_chart(events, as_of), "part": part, "parts": overview,
                "involved": sorted({a for e in events for a in e.actors})}

    if not overview:
        yield layout.TIMELINE, "timeline.md.jinja", partial(context, parts[0], 0)
        return
    yield layout.TIMELINE, "timeline.md.jinja", lambda: {**context([], 0), "chart": None}
    for number, events in enumerate(parts, 1):
        yield layout.timeline_part(number), "timeline.md.jinja", partial(context, events, number)


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


def _source(d: ValidDossier, graph: Graph, source: Source, marked: Marker) -> dict[str, Any]:
    passages: dict[int, set[tuple[int, int, str]]] = defaultdict(set)  # paragraph -> cited passages
    for passage in graph.passages_of.get(source.id, ()):
        passages[passage.paragraph].add((passage.start, passage.end, layout.passage_anchor(passage)))
    furniture = furniture_of(source)
    paragraphs = [
        {
            "number": p.number,
            "anchor": layout.paragraph_anchor(p.number),
            "html": Md(marked(p.text, sorted(passages.get(p.number, ())))),
            "cited_at": list(graph.cited_at.get((source.id, p.number), {})),
            "furniture": furniture.get(p.number, ""),
        }
        for p in d.texts[source.id]
    ]
    return {"source": source, "paragraphs": paragraphs, "citation_count": graph.citations_per_source[source.id]}


__all__ = ["MONTHS", "event_order", "page_specs"]
