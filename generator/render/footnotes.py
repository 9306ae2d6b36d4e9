"""Per-page footnotes: one note per distinct passage, numbered in order of first use."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.dates import parse_fuzzy_date
from generator.escape import Md, md_inline
from generator.model import Citation
from generator.quotes import Passage
from generator.render import paths
from generator.render.paths import paragraph_anchor, relative, source_page
from generator.resolved import ValidDossier


@dataclass
class Footnotes:
    """Collects citations while a page renders; `definitions()` is called once, at the end."""

    page: str
    dossier: ValidDossier
    numbers: dict[tuple[Passage, str], int] = field(default_factory=dict)
    notes: list[tuple[Citation, Passage]] = field(default_factory=list)
    shared: dict[tuple[Passage, str, int | None, str], str] = field(default_factory=dict)  # across pages

    def cite(self, citations: Iterable[Citation]) -> Md:
        """Footnote references for these citations, e.g. '[^1][^2]'."""
        refs = []
        for citation in citations:
            passage = self.dossier.passages[citation]
            key = (passage, citation.note or "")
            if key not in self.numbers:
                self.numbers[key] = len(self.numbers) + 1
                self.notes.append((citation, passage))
            refs.append(f"[^{self.numbers[key]}]")
        return Md("".join(dict.fromkeys(refs)))

    def definitions(self) -> Md:
        return Md("\n".join(f"[^{n}]: {self._cached_note(c, p)}" for n, (c, p) in enumerate(self.notes, 1)))

    def _cached_note(self, citation: Citation, passage: Passage) -> str:
        """A note's text depends on the passage, the citation's remarks and the page's folder only."""
        key = (passage, citation.note or "", citation.credibility, paths.directory(self.page))
        if key not in self.shared:
            self.shared[key] = self._note(citation, passage)
        return self.shared[key]

    def _note(self, citation: Citation, passage: Passage) -> str:
        source = self.dossier.source_by_id[passage.source]
        words = self.dossier.texts[passage.source][passage.paragraph - 1].text[passage.start : passage.end]
        target = relative(self.page, source_page(source.id), paragraph_anchor(passage.paragraph))
        quoted = f"“{md_inline(words)}”"
        if source.language != self.dossier.dossier.language:  # mark text in another language
            quoted = f'<span lang="{source.language}">{quoted}</span>'
        text = (f"**{md_inline(source.short_name)}**, {md_inline(parse_fuzzy_date(source.published.date).label())}: "
                f"{quoted} [¶ {passage.paragraph}]({target})")
        if citation.credibility:
            text += f" · credibility {citation.credibility}"
        if citation.note:
            text += f" · *Note:* {md_inline(citation.note)}"
        return text
