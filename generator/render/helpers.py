"""What templates may call: links, citations, dates. Each helper returns `Md` built from escaped text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from generator import layout
from generator.dates import parse_fuzzy_date
from generator.model import Citation, Demand, Event, Question, Response
from generator.render.changes import Change
from generator.render.chart import Bar, Tick, Window
from generator.render.escape import Md, html_text, md_block, md_inline, md_inline_piece, md_text
from generator.render.footnotes import Footnotes
from generator.render.graph import Graph, Place
from generator.render.listing import Part
from generator.render.memo import Memos
from generator.render.relations import side_of
from generator.render.words import counted, in_words, language_name, shortened, typeset
from generator.validate.dossier import ValidDossier
from generator.validate.sentences import pieces
from generator.validate.walk import cited_text_field

PART_LINKS_AROUND = 3  # pages linked on either side of the current one in a long list's page links
_ATTR_TOKEN = re.compile(r"^([#.][A-Za-z][A-Za-z0-9_-]*|lang=[a-z]{2,3}(-[A-Za-z]{2,4})?)$")


def _class_word(value: str) -> str:
    return re.sub(r"[^a-z0-9-]", "-", value.lower())


@dataclass
class PageHelpers:
    """Bound to one page while it renders; exposed to its template as `page`."""

    path: str
    dossier: ValidDossier
    graph: Graph
    notes: Footnotes
    memos: Memos = field(default_factory=Memos)

    def cite(self, citations: Iterable[Citation]) -> Md:
        return self.notes.cite(citations)

    def cited(self, record: Any) -> Md:
        """A record's cited text with each footnote where its marker stands, or all at the end of a text
        without markers (one sentence resting on all its citations)."""
        text = str(getattr(record, cited_text_field(type(record))))
        parts = list(pieces(text))
        if len(parts) == 1:
            return Md(md_text(text) + self.notes.cite(record.citations))
        citations = record.citations
        out = []
        for number, part in enumerate(parts):
            out.append(md_inline_piece(typeset(part.text), first=number == 0))
            if part.markers:
                out.append(self.notes.cite(citations[n - 1] for n in part.markers))
        return Md("".join(out).rstrip())

    def estimate(self, record: Any) -> Md:
        """What kind of judgment a record is: 'Estimate: likely, by the end of March' or 'Judgment of fact',
        then its confidence and basis (in sentences of their own: likelihood and confidence are not mixed)."""
        parts = []
        if getattr(record, "kind", None) == "fact":
            parts.append("**Judgment of fact.**")
        elif record.likelihood:
            frame = f", {md_inline(record.time_frame)}" if record.time_frame else ""
            parts.append(f"**Estimate:** {md_inline(record.likelihood)}{frame}.")
        if record.confidence:
            basis = f" — {md_inline(record.confidence_basis)}" if record.confidence_basis else ""
            parts.append(f"**Confidence:** {md_inline(record.confidence)}{basis}")
        return Md(" ".join(parts))

    def link(self, text: str, target_page: str, anchor: str = "") -> Md:
        if target_page == self.path:  # "#anchor": the same on no other page
            return Md(f"[{md_text(text)}]({layout.relative(self.path, target_page, anchor)})")
        key = (layout.directory(self.path), text, target_page, anchor)
        known = self.memos.links.get(key)
        if known is None:
            target = layout.relative(self.path, target_page, anchor)
            known = self.memos.links.keep(key, f"[{md_text(text)}]({target})")
        return Md(known)

    def to(self, place: Place) -> Md:
        """A link to where a record is shown, its label shortened past 100 characters (a long demand)."""
        return self.link(shortened(place.label, 100), place.page, place.anchor)

    def cited_in(self, places: Iterable[Place]) -> Md:
        """The back-links under a source paragraph, as one Markdown paragraph with its class."""
        links = " · ".join(self.to(place) for place in places)
        return Md(f"Cited in: {links}\n{{ .dossier-cited-in }}")

    def corroboration(self, citations: Iterable[Citation], key: bool = False) -> Md:
        """'single-source' or 'N independent sources', counting origins, not copies."""
        origins = self.dossier.independence.origins(citations)
        if origins <= 1:
            css = "dossier-single dossier-key-single" if key else "dossier-single"
            label = "single-source key statement" if key else "single-source"
        else:
            css, label = "dossier-corroborated", f"{origins} independent sources"
        return Md(f'<span class="dossier-badge {css}">{label}</span>')

    def contested(self, record: object) -> Md:
        """A 'contested' marker wherever a record with conflicting claims is shown."""
        if getattr(record, "contested_by", None) or getattr(record, "kind", None) == "contested":
            return Md(' <span class="dossier-badge dossier-contested">contested</span>')
        return Md("")

    def actor(self, actor_id: str) -> Md:
        return self.link(self.dossier.actor_by_id[actor_id].name, layout.actor_page(actor_id))

    def side(self, actor_id: str) -> str:
        """The id of the side an actor sits on: the top of its affiliation chain."""
        by_id = self.dossier.actor_by_id
        return side_of(by_id[actor_id], by_id).id

    def actors(self, actor_ids: Iterable[str]) -> Md:
        return Md(", ".join(self.actor(a) for a in dict.fromkeys(actor_ids)))

    def source(self, source_id: str) -> Md:
        return self.link(self.notes.sources.by_id[source_id].short_name, layout.source_page(source_id))

    def url(self, target_page: str, anchor: str = "") -> Md:
        return Md(layout.relative(self.path, target_page, anchor))

    def date(self, text: str) -> Md:
        """A date label with its precision visible, e.g. '16 Mar 2031' or 'Mar 2031 month only'."""
        parsed = parse_fuzzy_date(text)
        label = md_inline(parsed.label())
        if parsed.kind == "day":
            return Md(label)
        return Md(f'{label} <span class="dossier-precision">{in_words("precision", parsed.kind)}</span>')

    def actor_filter(self, actor_ids: Iterable[str]) -> Md:
        """The timeline's 'show events involving …' control (raw HTML: it holds no link)."""
        actors = sorted((self.dossier.actor_by_id[a] for a in set(actor_ids)), key=lambda a: (a.name.casefold(), a.id))
        options = "".join(f'<option value="{a.id}">{html_text(a.name)}</option>' for a in actors)
        return Md(
            '<div class="dossier-filter" role="search">\n'
            '<label for="dossier-actor-filter">Show events involving</label>\n'
            f'<select id="dossier-actor-filter"><option value="">all actors</option>{options}</select>\n'
            '<span id="dossier-filter-status" role="status" aria-live="polite"></span>\n</div>'
        )

    def bar(self, bar: Bar) -> Md:
        """The bar of one event on the chart's axis; decorative (the label beside it is the link)."""
        css = f"dossier-bar dossier-bar-{_class_word(bar.precision)}" + (" dossier-bar-clipped" if bar.clipped else "")
        return Md(f'<span class="dossier-track" aria-hidden="true"><span class="{css}" '
                  f'style="left: {bar.start}%; width: {bar.width}%;"></span></span>')

    def chart_windows(self, windows: Iterable[Window]) -> Md:
        """The chart's zoom buttons (raw HTML, no links): hidden until the page's script can draw a month."""
        buttons = "".join(
            f'<button type="button" class="md-button" data-first="{w.first.isoformat()}" '
            f'data-last="{w.last.isoformat()}" aria-pressed="{"true" if n == 0 else "false"}">'
            f'{html_text(w.label)}</button>'
            for n, w in enumerate(windows))
        if not buttons:
            return Md("")
        return Md(f'<div class="dossier-zoom" role="group" aria-label="Chart window" hidden>'
                  f'<span class="dossier-zoom-label">Show:</span> {buttons}</div>')

    def bar_dates(self, bar: Bar) -> Md:
        """attr_list values of a chart row: the first and last day its event may stand for (ISO dates)."""
        return Md(f'data-first="{bar.first.isoformat()}" data-last="{bar.last.isoformat()}"')

    def ticks(self, ticks: Iterable[Tick]) -> Md:
        spans = "".join(f'<span class="dossier-tick" style="left: {t.position}%;">'
                        f'<span class="dossier-tick-label">{html_text(t.label)}</span></span>' for t in ticks)
        return Md(f'<div class="dossier-axis" aria-hidden="true">{spans}</div>')

    def data_actors(self, actor_ids: Iterable[str]) -> Md:
        """An attr_list `data-actors` value: space-separated ids (ids are [a-z0-9-] by the schema)."""
        return Md(" ".join(dict.fromkeys(actor_ids)))

    def timeline_for(self, actor_id: str, text: str) -> Md:
        """A link to the timeline filtered to one actor (the filter reads `?actor=`; ids are URL-safe).

        A timeline split into parts has no single page to filter: the event links below serve instead."""
        if self.graph.timeline_split:
            return Md("")
        return Md(f"[{md_inline(text)}]({layout.relative(self.path, layout.TIMELINE)}?actor={actor_id})")

    def part_links(self, part: int, parts: list[Part]) -> Md:
        """'[1](index.md) · **2** · [3](index_3.md) … [9](index_9.md)': the pages of a long list, this
        one in bold. The first, the last and those near this one are linked, so a list of hundreds of
        pages does not put hundreds of links on each of them."""
        shown = [p for p in parts if p.number in (1, len(parts)) or abs(p.number - part) <= PART_LINKS_AROUND]
        pieces: list[str] = []
        for previous, entry in zip([None, *shown], shown, strict=False):
            if previous is not None:
                pieces.append(" · " if entry.number == previous.number + 1 else " … ")
            pieces.append(f"**{entry.number}**" if entry.number == part else self.link(str(entry.number), entry.page))
        return Md("".join(pieces))

    def date_sortable(self, text: str) -> Md:
        """A date in a sortable table cell: sorts by its start, shows its label and precision."""
        start = parse_fuzzy_date(text).start.first.isoformat()
        return Md(f'<span data-sort="{start}">{self.date(text)}</span>')

    def date_kind(self, text: str) -> str:
        """day / month / year / range / approximate."""
        return parse_fuzzy_date(text).kind

    def date_text(self, text: str) -> str:
        """A date label as plain text (escaped where printed), e.g. inside a link."""
        return parse_fuzzy_date(text).label()

    def block(self, text: str) -> Md:
        return Md(md_block(typeset(text)))

    def word(self, kind: str, value: str) -> str:
        """An enum value in words ('partially-met' -> 'partially met'): see generator.render.words."""
        return in_words(kind, value)

    def change(self, change: Change) -> Md:
        """A change since the previous edition: what it concerns, linked where the record still is."""
        label = change.label
        if change.kind == "removed" or change.what == "bottom line":
            return Md(md_text(label))
        if change.what == "key judgment":
            return self.link(label, layout.HOME, f"kj-{change.record_id}")
        if change.what == "event":
            return self.link(label, self.graph.event_page[change.record_id],
                             layout.event_anchor(change.record_id))
        page = layout.record_page(change.what + "s", change.record_id)
        return self.link(label, page) if page else Md(md_text(label))

    def short(self, text: str, limit: int = 90) -> str:
        return shortened(text, limit)

    def language(self, code: str) -> str:
        return language_name(code)

    def counted(self, number: int, singular: str, plural: str | None = None) -> str:
        return counted(number, singular, plural)

    def stance(self, stance: str) -> Md:
        """A response's stance in words, in a coloured chip (the colour repeats the words, never replaces them)."""
        return Md(f'<span class="dossier-stance dossier-stance-{_class_word(stance)}">'
                  f'{md_inline(in_words("stance", stance))}</span>')

    def attrs(self, *parts: str) -> Md:
        """An attr_list block `{ #id .class }` from generator-made ids and class names only."""
        tokens = " ".join(parts).split()
        for token in tokens:
            if not _ATTR_TOKEN.match(token):
                raise ValueError(f"not a generator-made id or class: {token!r}")
        return Md("{ " + " ".join(tokens) + " }")

    def demand(self, demand: Demand) -> Md:
        """A link to a demand, its text shortened past 140 characters (its page gives it in full)."""
        return self.link(shortened(demand.demand, 140), layout.demand_page(demand.id))

    def event(self, event: Event) -> Md:
        return self.link(event.title, self.graph.event_page[event.id], layout.event_anchor(event.id))

    def question(self, question: Question) -> Md:
        return self.link(question.question, layout.question_page(question.id))

    def actors_text(self, actor_ids: Iterable[str]) -> str:
        """Actor names as plain text (for headings, where links would clutter the table of contents)."""
        return ", ".join(self.dossier.actor_by_id[a].name for a in dict.fromkeys(actor_ids))

    def status(self, status: str) -> Md:
        return Md(f'<span class="dossier-status dossier-status-{_class_word(status)}">'
                  f'{md_inline(in_words("status", status))}</span>')

    def latest_response(self, demand: Demand) -> Response | None:
        if not demand.responses:
            return None
        return max(demand.responses, key=lambda r: parse_fuzzy_date(r.date).sort_key)

    def external(self, url: str) -> Md:
        """A link to an http(s) address (validated by the model), shown as the address itself."""
        return Md(f"[{md_inline(url)}](<{url}>)")
