"""Pages that need not be rendered again: under `mkdocs serve`, a page whose inputs are those of the
last build is the page of the last build.

A page's text follows from its template, its context, and what the helpers look up beyond the context:
actor names, the sources (names, dates, languages, what they derive from, and their texts, which footnotes
quote), the dossier's own record, where each event is shown. A fingerprint of all that, taken before the
page is rendered, tells a page that would come out the same.
"""

from __future__ import annotations

import hashlib
import pickle
from typing import Any

from generator.render.graph import Graph
from generator.validate.dossier import ValidDossier


def fingerprint(value: Any) -> bytes:
    """A digest of page inputs: their pickled form, which holds every field of every record (citations with
    where their quotes landed)."""
    return hashlib.blake2b(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), digest_size=16).digest()


def site_facts(dossier: ValidDossier, graph: Graph, templates: dict[str, str]) -> bytes:
    """What any page may show besides its own context: when it changes, every page is rendered again."""
    texts = {source_id: [p.text for p in paragraphs] for source_id, paragraphs in dossier.texts.items()}
    return fingerprint([
        sorted(templates.items()), dossier.dossier, list(dossier.sources), texts,
        [(actor.id, actor.name, actor.affiliation) for actor in dossier.actors], sorted(graph.event_page.items()),
        graph.timeline_split,
    ])


class RenderedPages:
    """Each page's fingerprint and text from the last build, kept by the caller from one build to the next."""

    def __init__(self) -> None:
        self._pages: dict[str, tuple[bytes, str]] = {}
        self._now: dict[str, tuple[bytes, str]] = {}

    def start(self) -> None:
        self._now = {}

    def get(self, path: str, inputs: bytes) -> str | None:
        known = self._pages.get(path)
        if known is not None and known[0] == inputs:
            self._now[path] = known
            return known[1]
        return None

    def keep(self, path: str, inputs: bytes, text: str) -> None:
        self._now[path] = (inputs, text)

    def finish(self) -> None:
        """Keep only this build's pages (memory stays that of one site)."""
        self._pages = self._now
