"""Synthetic dossiers for the scale benchmark: N copies of a base dossier, every quote still verifiable.

A dossier of size N holds N copies of every source, actor, demand, event and question. Copy 0 is the
base itself, unchanged (so 1x *is* the base). Copy k >= 1 gets:

- every id suffixed ``-x{k}`` (records, and origin ids in ``derives_from``) and every reference renamed
  the same way (citation and date-basis ``source``, ``affiliation``, ``actors``, ``by``, ``of``,
  ``holders``), so each copy refers only to its own sources and actors;
- its own seed files ``x{k}-<name>``, whose text is the original's with a per-copy word substitution:
  about 30% of the base vocabulary (words of 4+ letters) is replaced by pronounceable pseudo-words drawn
  from ``random.Random(f"{seed}:{k}")``, case pattern kept. The same substitution is applied to every
  quote (and to the prose fields), so every quote still verifies and each copy's text is distinct.
  Words that a quote cuts in the middle (found by locating each base quote with the generator's own
  ``SourceIndex``) and words containing an alias are never substituted, so this holds exactly;
- `` k`` appended to names, titles and short names.

``dossier.yml`` is copied once (its key judgments cite copy 0). The files are written as real YAML and
seed files, so the measured loader reads what an analyst's files would hold.

The base is citation-dense (about 90 citations per source). ``annotated_every=K`` makes a sparser
dossier of the same number of sources: only copies 0, K, 2K, ... get actors, demands, events and
questions; every other copy adds just its sources (records and texts), so 100x with K=9 holds 500
sources and about 5,000 citations, the shape issue 6 had in mind.
"""

from __future__ import annotations

import random
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

RECORD_FILES = {"sources.yml": "sources", "actors.yml": "actors", "demands.yml": "demands",
                "timeline.yml": "events", "questions.yml": "questions"}
RENAMED_KEYS = {"id", "source", "affiliation", "actors", "by", "of", "holders"}
LABEL_KEYS = {"name", "title", "short_name"}
PROSE_KEYS = {"quote", "summary", "text", "role", "position", "demand", "question", "why_it_matters",
              "reasoning", "note", "credibility_reason", "indicators"}
WORD = re.compile(r"[^\W\d_]+")
LETTER = re.compile(r"[^\W\d_]")
SUBSTITUTION_RATE = 0.3
MIN_WORD = 4
CONSONANTS = "bcdfghjklmnprstvz"
VOWELS = "aeiou"


@dataclass(frozen=True)
class Base:
    """The base dossier as plain data: record lists per file, seed texts, and the words safe to replace."""

    root: Path
    records: dict[str, list[dict[str, Any]]]
    texts: dict[str, str]  # seed file name -> text
    safe_words: tuple[str, ...]
    taken_words: frozenset[str]
    unplaced_quotes: int


@dataclass(frozen=True)
class Copy:
    """How copy number `number` renames ids and files and substitutes words."""

    number: int
    words: dict[str, str]

    def rename(self, ident: str) -> str:
        return f"{ident}-x{self.number}"

    def seed_name(self, file: str) -> str:
        path = PurePosixPath(file)
        return str(path.with_name(f"x{self.number}-{path.name}"))

    def substitute(self, text: str) -> str:
        words = self.words
        return WORD.sub(lambda m: _cased(m.group(), words.get(m.group().lower())), text)


@dataclass
class Synthesis:
    """What a synthetic dossier holds and how long it took to write."""

    size: int
    annotated_every: int
    records: dict[str, int]
    yaml_bytes: int
    seed_bytes: int
    seconds: float


def _cased(token: str, replacement: str | None) -> str:
    if replacement is None:
        return token
    if len(token) > 1 and token.isupper():
        return replacement.upper()
    if token[0].isupper():
        return replacement.capitalize()
    return replacement


def load_base(root: Path) -> Base:
    """Read the base dossier with the project's own reader and work out which words may be replaced."""
    from generator.load.text import decode_source
    from generator.load.yaml_reader import parse_yaml

    data = root / "site_data"
    if not (data / "sources.yml").is_file() or not (root / "seeds").is_dir():
        raise SystemExit(f"{root} has no site_data/sources.yml or no seeds/ folder")
    records: dict[str, list[dict[str, Any]]] = {}
    for name, key in RECORD_FILES.items():
        path = data / name
        if not path.is_file():
            continue
        document, problem = parse_yaml(path.read_text(encoding="utf-8"), name)
        if document is None or not isinstance(document.data, dict):
            raise SystemExit(f"cannot read {path}: {problem.format() if problem else 'not a mapping'}")
        records[name] = list(document.data.get(key) or [])
    texts: dict[str, str] = {}
    for path in sorted((root / "seeds").iterdir()):
        if path.is_file() and not path.name.startswith("."):
            text = decode_source(path.read_bytes()).text
            if text is not None:
                texts[path.name] = text
    vocabulary = {w.lower() for text in texts.values() for w in WORD.findall(text)}
    cut, unplaced = _words_cut_by_quotes(records, texts)
    aliases = {w.lower() for a in records.get("actors.yml", []) for alias in a.get("aliases") or []
               for w in WORD.findall(str(alias))}
    safe = sorted(w for w in vocabulary if len(w) >= MIN_WORD and w not in cut
                  and not any(alias in w for alias in aliases))
    return Base(root, records, texts, tuple(safe), frozenset(vocabulary), unplaced)


def _walk_citations(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        if isinstance(value.get("source"), str) and isinstance(value.get("quote"), str):
            yield value
        for item in value.values():
            yield from _walk_citations(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk_citations(item)


def _words_cut_by_quotes(records: dict[str, list[dict[str, Any]]], texts: dict[str, str]) -> tuple[set[str], int]:
    """Words (lowercase) that some quote starts or ends inside of, both the whole word and the quoted part.

    Each base quote is placed with the generator's SourceIndex; a substitution must leave those words alone,
    or the quote's fragment and the text's whole word would be replaced differently.
    """
    from generator.load.text import split_paragraphs
    from generator.model import Passage
    from generator.validate.quotes import SourceIndex

    indexes: dict[str, SourceIndex] = {}
    for source in records.get("sources.yml", []):
        text = texts.get(str(source.get("file")))
        if text is not None and isinstance(source.get("id"), str):
            paragraphs = split_paragraphs(text, source.get("paragraphs") or "auto")
            indexes[source["id"]] = SourceIndex(source["id"], paragraphs)
    cut: set[str] = set()
    unplaced = 0
    for name, items in records.items():
        if name == "sources.yml":
            continue
        for citation in _walk_citations(items):
            index = indexes.get(citation["source"])
            found = index.locate(citation["quote"], _int(citation.get("paragraph")),
                                 _int(citation.get("occurrence"))) if index else None
            if not isinstance(found, Passage) or index is None:
                unplaced += 1
                continue
            paragraph = index.paragraphs[found.paragraph - 1].text
            for boundary in (found.start, found.end):
                if 0 < boundary < len(paragraph) and LETTER.match(paragraph[boundary - 1]) \
                        and LETTER.match(paragraph[boundary]):
                    start, end = _word_around(paragraph, boundary)
                    cut.update({paragraph[start:end].lower(), paragraph[start:boundary].lower(),
                                paragraph[boundary:end].lower()})
    return cut, unplaced


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _word_around(text: str, boundary: int) -> tuple[int, int]:
    start, end = boundary, boundary
    while start > 0 and LETTER.match(text[start - 1]):
        start -= 1
    while end < len(text) and LETTER.match(text[end]):
        end += 1
    return start, end


def make_copy(base: Base, number: int, seed: int) -> Copy:
    """Copy `number`'s substitution: a seeded choice of words, each mapped to a new pseudo-word."""
    if number == 0:
        return Copy(0, {})
    rng = random.Random(f"{seed}:{number}")
    used: set[str] = set()
    words: dict[str, str] = {}
    for word in base.safe_words:
        if rng.random() < SUBSTITUTION_RATE:
            words[word] = _pseudo_word(rng, len(word), base.taken_words, used)
    return Copy(number, words)


def _pseudo_word(rng: random.Random, length: int, taken: frozenset[str], used: set[str]) -> str:
    for attempt in range(100):
        size = length + attempt // 20
        word = "".join(rng.choice(VOWELS if i % 2 else CONSONANTS) for i in range(size))
        if word not in taken and word not in used:
            used.add(word)
            return word
    raise RuntimeError("could not make a new pseudo-word")


def copy_value(value: Any, key: str | None, copy: Copy) -> Any:
    """Deep copy of a record value, renaming ids and references and substituting words for copy `copy`."""
    if isinstance(value, dict):
        return {k: copy_value(v, k, copy) for k, v in value.items()}
    if isinstance(value, list):
        return [copy_value(v, key, copy) for v in value]  # list items inherit their field's meaning
    if not isinstance(value, str) or key is None:
        return value
    if key in RENAMED_KEYS:
        return copy.rename(value)
    if key == "file":
        return copy.seed_name(value)
    if key in PROSE_KEYS:
        return copy.substitute(value)
    if key in LABEL_KEYS:
        return f"{value} {copy.number}"
    return value


class _Dumper(yaml.CSafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(path: Path, key: str, records: list[dict[str, Any]]) -> int:
    text = yaml.dump({key: records}, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=1_000_000)
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


def synthesise(base: Base, size: int, target: Path, seed: int, annotated_every: int = 1) -> Synthesis:
    """Write a dossier of `size` copies of the base under `target` (site_data/ and seeds/).

    Copies whose number is not a multiple of `annotated_every` hold only sources (see the module's doc)."""
    if annotated_every < 1:
        raise ValueError("annotated_every must be at least 1")
    started = time.perf_counter()
    data, seeds = target / "site_data", target / "seeds"
    data.mkdir(parents=True)
    seeds.mkdir()
    shutil.copyfile(base.root / "site_data" / "dossier.yml", data / "dossier.yml")
    for name, text in base.texts.items():
        (seeds / name).write_text(text, encoding="utf-8")
    out: dict[str, list[dict[str, Any]]] = {name: list(items) for name, items in base.records.items()}
    seed_bytes = sum(len(t.encode("utf-8")) for t in base.texts.values())
    for number in range(1, size):
        copy = make_copy(base, number, seed)
        annotated = number % annotated_every == 0
        for name, items in base.records.items():
            if annotated or name == "sources.yml":
                out[name].extend(copy_value(item, None, copy) for item in items)
        for source in base.records.get("sources.yml", []):
            original = base.texts.get(str(source.get("file")))
            if original is not None:
                new = copy.substitute(original)
                (seeds / copy.seed_name(str(source["file"]))).write_text(new, encoding="utf-8")
                seed_bytes += len(new.encode("utf-8"))
    yaml_bytes = (data / "dossier.yml").stat().st_size
    for name, items in out.items():
        yaml_bytes += _dump(data / name, RECORD_FILES[name], items)
    counts = {RECORD_FILES[name]: len(items) for name, items in out.items()}
    return Synthesis(size, annotated_every, counts, yaml_bytes, seed_bytes, time.perf_counter() - started)
