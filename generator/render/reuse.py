"""Pages that need not be rendered again: under `mkdocs serve`, a page whose inputs are those of the
last build is the page of the last build.

A page's text follows from its template, its context, the sources it reads or quotes (their records and
texts), and what the helpers look up beyond those (the site facts): actor names, the source ids, the lines
of reporting, the dossier's own record and where each event is shown. The sources a page reads are noted
while it renders (SourceReads), so an edit to one source's record or text renders again only the pages
that read it. A page that names its inputs (PageSpec.inputs) is kept at once while they equal the last
build's, its sources are unchanged, and neither the facts nor any text changed. Any other page is
fingerprinted: a fingerprint of all but its sources, taken before the page is rendered, and its sources as
they were, tell a page that would come out the same.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Generic, NamedTuple, TypeVar

from generator.model import RECORD_TYPES, Source
from generator.render.escape import md_passages
from generator.render.graph import Graph
from generator.validate.dossier import ValidDossier


def fingerprint(value: Any) -> bytes:
    """A digest of page inputs: their pickled form, which holds every field of every record (citations with
    where their quotes landed)."""
    return hashlib.blake2b(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), digest_size=16).digest()


class SourceReads(Mapping[str, Source]):
    """The sources by id, noting the ones a page reads while its context is made and it is rendered: a page
    depends on those sources' records, not on every source's. Any way in notes what it reads (going
    through all of them notes all of them)."""

    def __init__(self, by_id: dict[str, Source]) -> None:
        self._by_id = by_id
        self.read: set[str] = set()

    def __getitem__(self, source_id: str) -> Source:
        self.read.add(source_id)
        return self._by_id[source_id]

    def __iter__(self) -> Iterator[str]:
        self.read.update(self._by_id)
        return iter(self._by_id)

    def __len__(self) -> int:
        return len(self._by_id)


def site_facts(dossier: ValidDossier, graph: Graph, templates: dict[str, str]) -> bytes:
    """What any page may show besides its own context and the sources it reads: when it changes, every page
    is rendered again. The lines of reporting are among them: a copy carries the origins its original's
    citations name, so naming one in a record changes how many independent sources stand behind citations
    on other pages."""
    declared, named = dossier.independence.facts
    return fingerprint([
        sorted(templates.items()), dossier.dossier, [source.id for source in dossier.sources], sorted(declared.items()),
        sorted((source, sorted(origins)) for source, origins in named.items()),
        [(actor.id, actor.name, actor.affiliation) for actor in dossier.actors], sorted(graph.event_page.items()),
        graph.timeline_split,
    ])


Made = TypeVar("Made")
Key = TypeVar("Key")
Value = TypeVar("Value")


class TwoBuilds(Generic[Key, Value]):
    """What the last build made, by key, and what this one keeps for the next: at `finish`, whatever this
    build did not keep is let go (memory stays that of one build)."""

    def __init__(self) -> None:
        self.last: dict[Key, Value] = {}
        self.now: dict[Key, Value] = {}

    def start(self, forget: bool = False) -> None:
        """A new build (the last one may have stopped half-way); with `forget`, nothing of the last is used."""
        self.now = {}
        if forget:
            self.last = {}

    def finish(self) -> None:
        self.last, self.now = self.now, {}


class RecordMemo:
    """What rendering makes of one record (its digest, its line in dossier.json), kept from one build to the
    next while the record is the very same object (an unchanged file's records are, and so are the records
    a save did not touch in an edited file) and no source's text changed: placing a quote sets where it
    landed on the record's citation, the one fact that changes on a record after it is parsed."""

    def __init__(self) -> None:
        self.made: TwoBuilds[tuple[str, int], tuple[Any, Any]] = TwoBuilds()  # (kind, id) -> (record, made)

    def get(self, kind: str, record: Any, make: Callable[[Any], Made]) -> Made:
        key = (kind, id(record))
        known = self.made.now.get(key) or self.made.last.get(key)
        made = known[1] if known is not None and known[0] is record else make(record)
        self.made.now[key] = (record, made)  # the record is kept alive with it: its id is not reused
        return made

    def carry(self, kind: str, records: Iterable[Any]) -> None:
        """Keep what was made of these records though this build did not ask (what it made of them is kept
        whole, e.g. an export's list)."""
        for record in records:
            key = (kind, id(record))
            known = self.made.last.get(key)
            if known is not None and known[0] is record:
                self.made.now[key] = known


class KeptExports:
    """Each export's text from the last build, made again only when what it reads changed: records are
    compared by identity (an unchanged file's records are the very objects of the last build), anything
    else (where quotes landed, the dossier's title) by value."""

    def __init__(self) -> None:
        self.made: TwoBuilds[str, tuple[tuple[Any, ...], Any, str]] = TwoBuilds()  # name -> (records, values, text)

    def text(self, name: str, records: tuple[Any, ...], values: Any, make: Callable[[], Iterable[str]]) -> str:
        last = self.made.last.get(name)
        if last is not None and last[1] == values and len(last[0]) == len(records) and \
                all(a is b for a, b in zip(last[0], records, strict=True)):
            text = last[2]
        else:
            text = "".join(make())
        self.made.now[name] = (records, values, text)
        return text


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
    inputs: bytes  # the fingerprint of what the page shows, but the sources it reads and the texts it quotes
    text: str
    # (source id, its record, the digest of its text) of each source the page read or quoted
    sources: tuple[tuple[str, Source | None, bytes | None], ...]
    given: tuple[Any, ...] | None  # what its context was made of (PageSpec.inputs), if only of that


class RenderedPages:
    """Each page's fingerprint and text from the last build, kept by the caller from one build to the next,
    with what went into pages that are not rendered again but still fingerprinted: each source paragraph
    with its passages marked, each record's digest (and each export)."""

    def __init__(self) -> None:
        self._pages: TwoBuilds[str, _Rendered] = TwoBuilds()
        self._texts: dict[str, bytes] = {}  # source id -> digest of its text, this build
        self._sources: dict[str, Source] = {}  # source id -> its record, this build
        self._facts = b""  # this build's site_facts
        self._kept_under: tuple[dict[str, bytes], bytes] = ({}, b"")  # the texts and facts of the kept pages
        self._same_site = False  # this build's texts and facts are those of the kept pages
        self.records = RecordMemo()
        self.exports = KeptExports()
        self._marks: TwoBuilds[tuple[str, tuple[tuple[int, int, str], ...]], str] = TwoBuilds()

    def marked(self, text: str, passages: list[tuple[int, int, str]]) -> str:
        """`md_passages(text, passages)`, from the last build when it marked the same."""
        key = (text, tuple(passages))
        found = self._marks.last.get(key)
        self._marks.now[key] = found = found if found is not None else md_passages(text, passages)
        return found

    def start(self, dossier: ValidDossier, facts: bytes) -> None:
        texts = {source: fingerprint([p.text for p in paragraphs]) for source, paragraphs in dossier.texts.items()}
        for kept in (self._pages, self._marks, self.exports.made):
            kept.start()
        # What is kept was made by the last build that finished (one may stop half-way): records unchanged
        # in place (no text changed since) and the same facts round them.
        kept_texts, kept_facts = self._kept_under
        self.records.made.start(forget=texts != kept_texts)
        self._same_site = texts == kept_texts and facts == kept_facts
        self._texts, self._facts, self._sources = texts, facts, dossier.source_by_id

    def made_of(self, path: str, given: tuple[Any, ...]) -> str | None:
        """The page of the last build, when its context was made of equal inputs. Comparing them is quick: an
        unchanged record is the very object of the last build, and Python compares items by identity first.
        But placing a quote changes a record in place (see `RecordMemo`): so only while no text changed."""
        known = self._pages.last.get(path)
        if self._same_site and known is not None and known.given is not None and known.given == given and \
                self._same_sources(known):
            self._pages.now[path] = known._replace(given=given)  # this build's objects: compared by identity next
            return known.text
        return None

    def get(self, path: str, inputs: bytes, given: tuple[Any, ...] | None = None) -> str | None:
        """The page of the last build, when the fingerprint of its inputs and the sources it read are the same."""
        known = self._pages.last.get(path)
        if known is not None and known.inputs == inputs and self._same_sources(known):
            self._pages.now[path] = known._replace(given=given)
            return known.text
        return None

    def _same_sources(self, known: _Rendered) -> bool:
        """The sources the page read or quoted are as they were: records (compared by identity first: an
        unchanged source is the very object of the last build) and texts."""
        sources, texts = self._sources, self._texts
        return all(sources.get(source_id) == source and texts.get(source_id) == text
                   for source_id, source, text in known.sources)

    def keep(self, path: str, inputs: bytes, text: str, read: set[str], given: tuple[Any, ...] | None = None
             ) -> None:
        sources = tuple((s, self._sources.get(s), self._texts.get(s)) for s in sorted(read))
        self._pages.now[path] = _Rendered(inputs, text, sources, given)

    def finish(self) -> None:
        """Keep only this build's pages, records, exports and marks (memory stays that of one site)."""
        for kept in (self._pages, self._marks, self.exports.made, self.records.made):
            kept.finish()
        self._kept_under = (self._texts, self._facts)
