"""Pages that need not be rendered again: under `mkdocs serve`, a page whose inputs are those of the
last build is the page of the last build.

A page's text follows from its template, its context, and what the helpers look up beyond the context:
actor names, the sources (names, dates, languages, what they derive from), the dossier's own record,
where each event is shown, and the texts of the sources its footnotes quote. A fingerprint of all but the
texts, taken before the page is rendered, and the texts' digests of the sources it quoted last time, tell
a page that would come out the same: an edit to one source's text renders again only the pages quoting it.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from typing import Any, NamedTuple

from generator.model import RECORD_TYPES
from generator.render.graph import Graph
from generator.validate.dossier import ValidDossier


def fingerprint(value: Any) -> bytes:
    """A digest of page inputs: their pickled form, which holds every field of every record (citations with
    where their quotes landed)."""
    return hashlib.blake2b(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), digest_size=16).digest()


def site_facts(dossier: ValidDossier, graph: Graph, templates: dict[str, str]) -> bytes:
    """What any page may show besides its own context: when it changes, every page is rendered again."""
    return fingerprint([
        sorted(templates.items()), dossier.dossier, list(dossier.sources),
        [(actor.id, actor.name, actor.affiliation) for actor in dossier.actors], sorted(graph.event_page.items()),
        graph.timeline_split,
    ])


class Fingerprints:
    """Fingerprints of pages' inputs in one build, each record pickled once however many pages show it
    (the actors index and every actor's page show the same actor): a page's pickle holds its records'
    digests instead of the records."""

    def __init__(self) -> None:
        self._records: dict[int, bytes] = {}  # id of a record (alive for the build) -> its digest
        self._by_digest = {kind: self._as_digest for kind in RECORD_TYPES}  # only records call back here

    def of(self, value: Any) -> bytes:
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dispatch_table = self._by_digest
        pickler.dump(value)
        return hashlib.blake2b(buffer.getbuffer(), digest_size=16).digest()

    def _as_digest(self, record: Any) -> tuple[type[bytes], tuple[bytes]]:
        """Pickle a record as its digest (a reduce value: never unpickled)."""
        known = self._records.get(id(record))
        if known is None:
            known = self._records[id(record)] = fingerprint(record)
        return bytes, (known,)


class _Rendered(NamedTuple):
    inputs: bytes  # the fingerprint of what the page shows, but the texts it quotes
    text: str
    texts: tuple[tuple[str, bytes], ...]  # (source id, digest of its text) of each source it quotes


class RenderedPages:
    """Each page's fingerprint and text from the last build, kept by the caller from one build to the next."""

    def __init__(self) -> None:
        self._pages: dict[str, _Rendered] = {}
        self._now: dict[str, _Rendered] = {}
        self._texts: dict[str, bytes] = {}  # source id -> digest of its text, this build

    def start(self, dossier: ValidDossier) -> None:
        self._now = {}
        self._texts = {source_id: fingerprint([p.text for p in paragraphs])
                       for source_id, paragraphs in dossier.texts.items()}

    def get(self, path: str, inputs: bytes) -> str | None:
        known = self._pages.get(path)
        if known is not None and known.inputs == inputs and \
                all(self._texts.get(source_id) == text for source_id, text in known.texts):
            self._now[path] = known
            return known.text
        return None

    def keep(self, path: str, inputs: bytes, text: str, quoted: set[str]) -> None:
        self._now[path] = _Rendered(inputs, text, tuple((s, self._texts[s]) for s in sorted(quoted)))

    def finish(self) -> None:
        """Keep only this build's pages (memory stays that of one site)."""
        self._pages = self._now
