"""Machine-readable exports published with the site, all from the same validated model.

- exports/dossier.json (+ exports/dossier.schema.json): every record, and where each citation landed;
- exports/timeline.csv and exports/timeline.timelinejs.json (TimelineJS 3's JSON format);
- exports/actors.csv.

CSV cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR) get a leading
apostrophe, the usual defence against CSV injection.

Exports grow with the dossier (hundreds of megabytes for a very large one), so each is produced as a
stream of chunks, record by record: JSON files hold one record per line, CSV files are cut every
CHUNK_ROWS rows. Whoever writes them never holds a whole export in memory.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Callable, Iterable, Iterator
from functools import cache, partial
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from generator.dates import FuzzyDate, Point, parse_fuzzy_date
from generator.model import Actor, Citation, Demand, Dossier, Event, Passage, Question, Source, adapter
from generator.validate.dossier import ValidDossier

if TYPE_CHECKING:
    from generator.render.reuse import RenderedPages

EXPORTS = "exports"


class PassageExport(BaseModel):
    """Where a quote landed: paragraph number and character offsets in the source's paragraph."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    source: str
    quote: str
    paragraph: int
    start: int
    end: int
    text: str


class DossierExport(BaseModel):
    """The whole dossier as published: the curated records plus the location of every quote."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    dossier: Dossier
    sources: list[Source]
    actors: list[Actor]
    demands: list[Demand]
    events: list[Event]
    questions: list[Question]
    passages: list[PassageExport]


CHUNK_ROWS = 1000
# One encoder for every line (json.dumps with options makes a new encoder per call).
_to_json = json.JSONEncoder(ensure_ascii=False).encode
RECORD_LISTS = (("sources", Source), ("actors", Actor), ("demands", Demand), ("events", Event),
                ("questions", Question))


def _json_line(record_class: type[Any], record: Any) -> str:
    return adapter(record_class).dump_json(record).decode("utf-8")


def _passage_lines(d: ValidDossier) -> Iterator[str]:
    """Every distinct placed quote as a PassageExport (one per line), sorted by source, quote and place.

    Sorted one source at a time: the whole dossier's placements would be a large list to sort."""
    by_source: dict[str, list[tuple[Citation, Passage]]] = {}
    for citation in d.citations:
        assert citation.passage is not None
        by_source.setdefault(citation.passage.source, []).append((citation, citation.passage))
    for source in sorted(by_source):
        placed = sorted({(c.quote, p.paragraph, p.start, p.end) for c, p in by_source.pop(source)})
        paragraphs = d.texts[source]
        for quote, paragraph, start, end in placed:
            text = paragraphs[paragraph - 1].text[start:end]
            yield _to_json({"source": source, "quote": quote, "paragraph": paragraph, "start": start, "end": end,
                            "text": text})


def _json_list(name: str, lines: Iterable[str], last: bool = False) -> Iterator[str]:
    yield f'"{name}": ['
    separator = "\n"
    for line in lines:
        yield separator + line
        separator = ",\n"
    yield "\n]" + ("\n" if last else ",\n")


def dossier_json(d: ValidDossier, kept: RenderedPages | None = None) -> Iterator[str]:
    """exports/dossier.json, valid against DossierExport: one record per line. With `kept` (mkdocs serve), a
    list whose records are those of the last build is that build's text, and so is each unchanged record's
    line; the passages, while every quote landed where it did in the same texts."""
    yield '{\n"dossier": ' + _json_line(Dossier, d.dossier) + ",\n"
    for name, record_class in RECORD_LISTS:
        records, line = getattr(d, name), partial(_json_line, record_class)
        if kept is None:
            yield from _json_list(name, map(line, records))
            continue
        kept.records.carry("json", records)  # for the next build, whether this one makes the list or not
        lines = (kept.records.get("json", record, line) for record in records)  # made at once, or not at all
        yield kept.exports.text(f"dossier.json {name}", records, None, partial(_json_list, name, lines))
    passages = partial(_json_list, "passages", _passage_lines(d), last=True)
    if kept is None:
        yield from passages()
    else:
        placed = tuple((c.quote, c.passage) for c in d.citations)
        yield kept.exports.text("dossier.json passages", tuple(d.texts.values()), placed, passages)
    yield "}\n"


def _safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv(header: list[str], rows: Iterable[list[object]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for number, row in enumerate(rows, 1):
        writer.writerow([_safe_cell(v) for v in row])
        if number % CHUNK_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _by_date(events: Iterable[Event]) -> list[Event]:
    return sorted(events, key=lambda e: (parse_fuzzy_date(e.date).sort_key, e.id))


def _timeline_row(event: Event) -> list[object]:
    date = parse_fuzzy_date(event.date)
    basis = event.date_basis
    return [event.id, event.date, date.kind, date.start.first.isoformat(), (date.end or date.start).last.isoformat(),
            event.title, ";".join(event.actors), event.summary, ";".join(sorted({c.source for c in event.citations})),
            f"{basis.expression} ({basis.source}): {basis.reasoning}" if basis else ""]


def timeline_csv(d: ValidDossier) -> Iterator[str]:
    header = ["id", "date", "precision", "earliest", "latest", "title", "actors", "summary", "sources",
              "date_basis"]
    return _csv(header, (_timeline_row(event) for event in _by_date(d.events)))


def actors_csv(d: ValidDossier) -> Iterator[str]:
    involved: dict[str, int] = {}
    for event in d.events:
        for actor_id in set(event.actors):
            involved[actor_id] = involved.get(actor_id, 0) + 1
    rows = ([a.id, a.name, a.kind, a.role, a.affiliation or "", ";".join(a.aliases), a.summary, involved.get(a.id, 0)]
            for a in sorted(d.actors, key=lambda a: a.id))
    return _csv(["id", "name", "kind", "role", "affiliation", "aliases", "summary", "events"], rows)


def _tl_date(point: Point, last: bool = False) -> dict[str, Any]:
    day = point.last if last else point.first
    parts: dict[str, Any] = {"year": day.year}
    if point.precision in ("month", "day"):
        parts["month"] = day.month
    if point.precision == "day":
        parts["day"] = day.day
    return parts


def _tl_event(event: Event, date: FuzzyDate) -> dict[str, Any]:
    item: dict[str, Any] = {
        "unique_id": event.id,
        "start_date": {**_tl_date(date.start), "display_date": date.label()},
        "text": {"headline": event.title, "text": event.summary},
    }
    if date.end:
        item["end_date"] = _tl_date(date.end, last=True)
    if date.approximate:
        item["group"] = "approximate dates"
    return item


def timelinejs_json(d: ValidDossier) -> Iterator[str]:
    """TimelineJS 3 JSON: {title, events[{start_date, end_date?, text{headline, text}, unique_id}]}, one
    event per line.

    Text is plain: TimelineJS renders `text` as HTML, so it is escaped here, in the export."""
    title = {"text": {"headline": html.escape(d.dossier.title),
                      "text": html.escape(d.dossier.bottom_line or d.dossier.summary or "")}}
    yield '{\n"title": ' + _to_json(title) + ",\n"
    events = (_to_json(_escaped(_tl_event(e, parse_fuzzy_date(e.date)))) for e in _by_date(d.events))
    yield from _json_list("events", events, last=True)
    yield "}\n"


def _escaped(item: dict[str, Any]) -> dict[str, Any]:
    item["text"] = {k: html.escape(v) for k, v in item["text"].items()}
    return item


@cache  # the same for every dossier
def export_schema() -> str:
    schema = DossierExport.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def render_exports(d: ValidDossier, kept: RenderedPages | None = None) -> Iterator[tuple[str, Iterable[str]]]:
    """(path, chunks) of every export, each made only when its turn comes. With `kept` (mkdocs serve), an
    export whose records are the very objects of the last build is that build's text."""

    def made(name: str, records: tuple[Any, ...], make: Callable[[], Iterable[str]]) -> Iterable[str]:
        return make() if kept is None else [kept.exports.text(name, records, None, make)]

    yield f"{EXPORTS}/dossier.json", dossier_json(d, kept)
    yield f"{EXPORTS}/dossier.schema.json", iter([export_schema()])
    yield f"{EXPORTS}/timeline.csv", made("timeline.csv", d.events, partial(timeline_csv, d))
    yield f"{EXPORTS}/timeline.timelinejs.json", made("timelinejs", (d.dossier, *d.events), partial(timelinejs_json, d))
    yield f"{EXPORTS}/actors.csv", made("actors.csv", (*d.actors, *d.events), partial(actors_csv, d))
