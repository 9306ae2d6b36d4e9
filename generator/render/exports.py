"""Machine-readable exports published with the site, all from the same validated model.

- exports/dossier.json (+ exports/dossier.schema.json): every record, and where each citation landed;
- exports/timeline.csv and exports/timeline.timelinejs.json (TimelineJS 3's JSON format);
- exports/actors.csv.

CSV cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR) get a leading
apostrophe, the usual defence against CSV injection.
"""

from __future__ import annotations

import csv
import html
import io
import json
from typing import Any

from pydantic import BaseModel, ConfigDict

from generator.dates import FuzzyDate, Point, parse_fuzzy_date
from generator.model import Actor, Demand, Dossier, Event, Question, Source
from generator.resolved import ValidDossier

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


def export_model(d: ValidDossier) -> DossierExport:
    passages = sorted(
        {(p.source, c.quote, p.paragraph, p.start, p.end) for c, p in d.passages.items()}
    )
    return DossierExport(
        dossier=d.dossier, sources=list(d.sources), actors=list(d.actors), demands=list(d.demands),
        events=list(d.events), questions=list(d.questions),
        passages=[PassageExport(source=s, quote=q, paragraph=n, start=a, end=b,
                                text=d.texts[s][n - 1].text[a:b]) for s, q, n, a, b in passages],
    )


def _safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv(header: list[str], rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[_safe_cell(v) for v in row] for row in rows])
    return buffer.getvalue()


def timeline_csv(d: ValidDossier) -> str:
    rows: list[list[object]] = []
    for event in sorted(d.events, key=lambda e: (parse_fuzzy_date(e.date).sort_key, e.id)):
        date = parse_fuzzy_date(event.date)
        basis = event.date_basis
        rows.append([event.id, event.date, date.kind, date.start.first.isoformat(),
                     (date.end or date.start).last.isoformat(), event.title, ";".join(event.actors),
                     event.summary, ";".join(sorted({c.source for c in event.citations})),
                     f"{basis.expression} ({basis.source}): {basis.reasoning}" if basis else ""])
    header = ["id", "date", "precision", "earliest", "latest", "title", "actors", "summary", "sources",
              "date_basis"]
    return _csv(header, rows)


def actors_csv(d: ValidDossier) -> str:
    involved: dict[str, int] = {}
    for event in d.events:
        for actor_id in set(event.actors):
            involved[actor_id] = involved.get(actor_id, 0) + 1
    rows: list[list[object]] = [[a.id, a.name, a.kind, a.role, a.affiliation or "", ";".join(a.aliases),
                                 a.summary, involved.get(a.id, 0)] for a in sorted(d.actors, key=lambda a: a.id)]
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


def timelinejs_json(d: ValidDossier) -> str:
    """TimelineJS 3 JSON: {title, events[{start_date, end_date?, text{headline, text}, unique_id}]}.

    Text is plain: TimelineJS renders `text` as HTML, so it is escaped here, in the export."""
    ordered = sorted(d.events, key=lambda e: (parse_fuzzy_date(e.date).sort_key, e.id))
    events = []
    for event in ordered:
        item = _tl_event(event, parse_fuzzy_date(event.date))
        item["text"] = {k: html.escape(v) for k, v in item["text"].items()}
        events.append(item)
    title = {"text": {"headline": html.escape(d.dossier.title), "text": html.escape(d.dossier.summary)}}
    return json.dumps({"title": title, "events": events}, ensure_ascii=False, indent=2) + "\n"


def render_exports(d: ValidDossier) -> dict[str, str]:
    model = export_model(d)
    schema = DossierExport.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return {
        f"{EXPORTS}/dossier.json": model.model_dump_json(indent=2, exclude_none=False) + "\n",
        f"{EXPORTS}/dossier.schema.json": json.dumps(schema, indent=2, sort_keys=True) + "\n",
        f"{EXPORTS}/timeline.csv": timeline_csv(d),
        f"{EXPORTS}/timeline.timelinejs.json": timelinejs_json(d),
        f"{EXPORTS}/actors.csv": actors_csv(d),
    }
