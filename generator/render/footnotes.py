"""Per-page footnotes: one note per distinct passage, numbered in order of first use."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from generator.dates import parse_fuzzy_date
from generator.layout import directory, passage_anchor, relative, source_page
from generator.model import Citation, Passage, Source
from generator.render.escape import Md, md_inline
from generator.render.memo import Memos
from generator.render.words import unquoted
from generator.validate.dossier import ValidDossier


@dataclass(frozen=True, slots=True)
class NoteSource:
    """What every footnote on one source repeats: its bold name and date, its page, its language tag."""

    prefix: str  # '**Harbour Gazette**, 16 Mar 2031: ' (escaped)
    page: str
    lang: str  # the source's language where it differs from the dossier's, else ''
    addresses: str  # ' · [original](<…>) · [archived copy](<…>), accessed 5 Mar 2031', or ' · no address recorded'


class NoteSources:
    """`NoteSource`s, worked out once per source for a whole render."""

    def __init__(self, dossier: ValidDossier, by_id: Mapping[str, Source]):
        self.dossier = dossier
        # The sources by id, for notes and for helpers that name a source (render notes which ones a page reads).
        # `_known` keeps a note's source for the whole render, so only the first page citing it reads `by_id`:
        # a page's footnotes are noted as its quoted sources instead.
        self.by_id = by_id
        self._known: dict[str, NoteSource] = {}

    def __getitem__(self, source_id: str) -> NoteSource:
        known = self._known.get(source_id)
        if known is None:
            source = self.by_id[source_id]
            date = parse_fuzzy_date(source.published.date).label()
            lang = source.language if source.language != self.dossier.dossier.language else ""
            known = NoteSource(f"**{md_inline(source.short_name)}**, {md_inline(date)}: ", source_page(source_id), lang,
                               addresses(source.url, source.archive_url, source.accessed))
            self._known[source_id] = known
        return known


@dataclass
class Footnotes:
    """Collects citations while a page renders; `definitions()` is called once, at the end."""

    page: str
    dossier: ValidDossier
    sources: NoteSources
    memos: Memos = field(default_factory=Memos)
    numbers: dict[tuple[Passage, str], int] = field(default_factory=dict)
    notes: list[tuple[Citation, Passage]] = field(default_factory=list)

    def cite(self, citations: Iterable[Citation]) -> Md:
        """Footnote references for these citations, e.g. '[^1][^2]'."""
        numbers = self.numbers
        refs = []
        for citation in citations:
            passage = citation.passage
            assert passage is not None, "render only a validated dossier"
            key = (passage, citation.note or "")
            number = numbers.get(key)
            if number is None:
                number = numbers[key] = len(numbers) + 1
                self.notes.append((citation, passage))
            refs.append(f"[^{number}]")
        return Md("".join(dict.fromkeys(refs)))

    def quoted_sources(self) -> set[str]:
        """The sources whose texts the notes quote: a page depends on those texts."""
        return {passage.source for _, passage in self.notes}

    def definitions(self) -> Md:
        return Md("\n".join(f"[^{n}]: {self._cached_note(c, p)}" for n, (c, p) in enumerate(self.notes, 1)))

    def _cached_note(self, citation: Citation, passage: Passage) -> str:
        """A note's text depends on the passage, the citation's remarks and the page's folder only."""
        key = (passage, citation.note, citation.credibility, directory(self.page))
        known = self.memos.notes.get(key)
        return known if known is not None else self.memos.notes.keep(key, self._note(citation, passage))

    def _note(self, citation: Citation, passage: Passage) -> str:
        source = self.sources[passage.source]
        words = self.dossier.texts[passage.source][passage.paragraph - 1].text[passage.start : passage.end]
        target = relative(self.page, source.page, passage_anchor(passage))
        quoted = f"“{md_inline(unquoted(words))}”"
        if source.lang:  # mark text in another language
            quoted = f'<span lang="{source.lang}">{quoted}</span>'
        text = f"{source.prefix}{quoted} [¶ {passage.paragraph}]({target})"
        if citation.credibility:
            text += f" · credibility {citation.credibility}"
        if citation.note:
            text += f" · *Note:* {md_inline(citation.note)}"
        return text + source.addresses


def addresses(url: str | None, archive_url: str | None, accessed: str | None) -> str:
    """Where a footnote's reader can find the source outside the dossier (addresses are validated http(s))."""
    links = [f"[{label}](<{address}>)" for label, address in (("original", url), ("archived copy", archive_url))
             if address]
    if not links:
        return " · no address recorded"
    when = f", accessed {md_inline(parse_fuzzy_date(accessed).label())}" if accessed else ""
    return " · " + " · ".join(links) + when
