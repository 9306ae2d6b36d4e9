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
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple, TypeVar

from generator.model import RECORD_TYPES
from generator.render.escape import md_passages
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


Made = TypeVar("Made")


class RecordMemo:
    """What rendering makes of one record (its digest, its line in dossier.json), kept from one build to the
    next while the record is the very same object (an unchanged file's records are, and so are the records
    a save did not touch in an edited file) and no source's text changed: placing a quote sets where it
    landed on the record's citation, the one fact that changes on a record after it is parsed."""

    def __init__(self) -> None:
        self._last: dict[tuple[str, int], tuple[Any, Any]] = {}  # (kind, id) -> (the record, kept alive; made)
        self._now: dict[tuple[str, int], tuple[Any, Any]] = {}

    def start(self, texts_changed: bool) -> None:
        self._now = {}
        if texts_changed:
            self._last = {}

    def get(self, kind: str, record: Any, make: Callable[[Any], Made]) -> Made:
        key = (kind, id(record))
        known = self._now.get(key) or self._last.get(key)
        made = known[1] if known is not None and known[0] is record else make(record)
        self._now[key] = (record, made)
        return made

    def carry(self, kind: str, records: Iterable[Any]) -> None:
        """Keep what was made of these records though this build did not ask (what it made of them is kept
        whole, e.g. an export's list)."""
        for record in records:
            key = (kind, id(record))
            known = self._last.get(key)
            if known is not None and known[0] is record:
                self._now[key] = known

    def finish(self) -> None:
        """Keep only this build's records (memory stays that of one dossier)."""
        self._last, self._now = self._now, {}


class KeptExports:
    """Each export's text from the last build, made again only when what it reads changed: records are
    compared by identity (an unchanged file's records are the very objects of the last build), anything
    else (where quotes landed, the dossier's title) by value."""

    def __init__(self) -> None:
        self._last: dict[str, tuple[tuple[Any, ...], Any, str]] = {}
        self._now: dict[str, tuple[tuple[Any, ...], Any, str]] = {}

    def text(self, name: str, records: tuple[Any, ...], values: Any, make: Callable[[], Iterable[str]]) -> str:
        last = self._last.get(name)
        if last is not None and last[1] == values and len(last[0]) == len(records) and \
                all(a is b for a, b in zip(last[0], records, strict=True)):
            text = last[2]
        else:
            text = "".join(make())
        self._now[name] = (records, values, text)
        return text

    def finish(self) -> None:
        self._last, self._now = self._now, {}


class Fingerprints:
    """Fingerprints of pages' inputs in one build, each record pickled once however many pages show it
    (the actors index and every actor's page show the same actor), or not at all when `memo` has it: a
    page's pickle holds its records' digests instead of the records."""

    def __init__(self, memo: RecordMemo | None = None) -> None:
        self._memo = memo if memo is not None else RecordMemo()
        self._by_digest = {kind: self._as_digest for kind in RECORD_TYPES}  # only records call back here

    def of(self, value: Any) -> bytes:
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dispatch_table = self._by_digest
        pickler.dump(value)
        return hashlib.blake2b(buffer.getbuffer(), digest_size=16).digest()

    def _as_digest(self, record: Any) -> tuple[type[bytes], tuple[bytes]]:
        """Pickle a record as its digest (a reduce value: never unpickled)."""
        return bytes, (self._memo.get("digest", record, fingerprint),)


class _Rendered(NamedTuple):
    inputs: bytes  # the fingerprint of what the page shows, but the texts it quotes
    text: str
    texts: tuple[tuple[str, bytes], ...]  # (source id, digest of its text) of each source it quotes


Marks = dict[tuple[str, tuple[tuple[int, int, str], ...]], str]


class RenderedPages:
    """Each page's fingerprint and text from the last build, kept by the caller from one build to the next,
    with what went into pages that are not rendered again but still fingerprinted: each source paragraph
    with its passages marked, each record's digest (and each export)."""

    def __init__(self) -> None:
        self._pages: dict[str, _Rendered] = {}
        self._now: dict[str, _Rendered] = {}
        self._texts: dict[str, bytes] = {}  # source id -> digest of its text, this build
        self.records = RecordMemo()
        self.exports = KeptExports()
        self._marks: Marks = {}  # (paragraph text, passages) -> the paragraph marked, last build
        self._marks_now: Marks = {}

    def marked(self, text: str, passages: list[tuple[int, int, str]]) -> str:
        """`md_passages(text, passages)`, from the last build when it marked the same."""
        key = (text, tuple(passages))
        found = self._marks.get(key)
        if found is None:
            found = md_passages(text, passages)
        self._marks_now[key] = found
        return found

    def start(self, dossier: ValidDossier) -> None:
        self._now, self._marks_now = {}, {}
        texts = {source: fingerprint([p.text for p in paragraphs]) for source, paragraphs in dossier.texts.items()}
        self.records.start(texts_changed=texts != self._texts)
        self._texts = texts

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
        self._pages, self._marks = self._now, self._marks_now
        self.records.finish()
        self.exports.finish()
