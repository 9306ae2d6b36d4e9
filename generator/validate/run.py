"""What the checks of one validation share: the project, the models read so far, the problems found."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from generator.load import LoadedProject
from generator.load.edits import Edit
from generator.load.yaml_reader import Path, YamlDocument
from generator.model import RECORD_LISTS, Citation
from generator.problems import Problem
from generator.validate.independence import Independence
from generator.validate.quotes import SourceIndex, SourceIndexes
from generator.validate.walk import Links, links_in

FileLinks = list[tuple[str, Any, Links]]  # (file, record, what it points at) for each top-level record


class CheckedFile(NamedTuple):
    """What validate makes of one data file, kept by `mkdocs serve` for the next build (load.ParsedFiles)."""

    model: Any
    links: FileLinks


@dataclass
class Run:
    project: LoadedProject
    models: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    ids: dict[str, set[str]] = field(default_factory=dict)
    indexes: dict[str, SourceIndex] = field(default_factory=dict)
    source_files: dict[str, str] = field(default_factory=dict)  # source id -> file, for messages
    placed: list[Citation] = field(default_factory=list)  # every citation whose quote was found, in order
    mentions: dict[str, set[str]] = field(default_factory=dict)  # actor id -> sources cited about it
    links: FileLinks = field(default_factory=list)  # every file's, in file order
    independence: Independence = field(default_factory=lambda: Independence(()))
    kept_indexes: SourceIndexes = field(default_factory=dict)  # from earlier builds, by source and text
    keeping: bool = False  # whether what a check makes of an unchanged file is kept for the next build
    citation_count: int = 0
    kept_worlds: dict[str, Any] = field(default_factory=dict)  # see `world`

    def world(self, check: str, facts: Any) -> Any:
        """What a check of each record reads beyond the record, as the very object of the last build while it
        is equal: a record's links kept from the last build compare it by identity, at once."""
        last = self.kept_worlds.get(check)
        if last is None or last != facts:
            self.kept_worlds[check] = last = facts
        return last

    def doc(self, name: str) -> YamlDocument:
        return self.project.documents[name]

    def records(self, name: str) -> list[Any]:
        model = self.models.get(name)
        return getattr(model, RECORD_LISTS[name]) if model is not None else []

    def problem(self, name: str, path: Path, message: str, hint: str = "", prefer_key: bool = False) -> None:
        self.problems.append(self.doc(name).problem(path, message, hint, prefer_key))

    def where(self, name: str, path: Path) -> str:
        """'file:line', for a message that names a second place."""
        return f"{self.doc(name).file}:{self.doc(name).locate(path)[0]}"


def edited_links(name: str, model: Any, edit: Edit) -> FileLinks | None:
    """The links of a file of which a save changed some records (generator.load.edits): the old ones of the
    records it kept, new ones for the others; None when records moved (their paths change)."""
    key = RECORD_LISTS[name]
    records, old_links = getattr(model, key), edit.previous.links
    if len(records) != len(old_links):
        return None
    return edit.splice(old_links, _record_links(name, key, records, range(edit.first, edit.first + edit.replaced)))


def file_links(name: str, model: Any) -> FileLinks:
    """What each top-level record of one data file points at (one walk each), in document order."""
    key = RECORD_LISTS.get(name)
    if key is None:  # dossier.yml: a single record
        return [(name, model.dossier, links_in(model.dossier, ("dossier",)))]
    records = getattr(model, key)
    return _record_links(name, key, records, range(len(records)))


def _record_links(name: str, key: str, records: list[Any], indexes: range) -> FileLinks:
    return [(name, records[index], links_in(records[index], (key, index))) for index in indexes]
