"""Editions: the data as it stood at an earlier as-of date, kept in `site_data/editions/<as-of>/`.

`python -m generator edition` copies the data files there before the analyst moves the as-of date;
the home page and the briefing book then say what was added or changed since that edition. The copies
are plain YAML in the repository (reviewable, diffable, and there for a build from a tarball or a
shallow clone, where git history is not), and only read as data: an old edition is not checked again.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from generator.load import RACY_SECONDS, read_yaml_bytes, read_yaml_file
from generator.load.edits import Layout, reparse
from generator.model import FILE_MODELS, RECORD_LISTS

EDITIONS = "editions"
_DATED = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Edition:
    """One edition's data: its as-of date and each data file's YAML as plain values."""

    as_of: str
    data: dict[str, Any]  # file name ('actors.yml') -> its parsed YAML


def read_data(folder: Path, kept: DataValues | None = None) -> dict[str, Any]:
    """The data files of a folder as plain YAML values (files that are missing or unreadable are None).
    With `kept` (the current data under `mkdocs serve`), a save that changed some records of a file
    parses only those."""
    data: dict[str, Any] = {}
    for name in FILE_MODELS:
        path = folder / name
        if kept is not None:
            data[name] = kept.read(name, path)
            continue
        try:
            stat = path.stat()
        except OSError:
            data[name] = None
            continue
        signs = (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)  # as the loader reads seeds
        if time.time() - stat.st_mtime < RACY_SECONDS:  # a save in the same tick could keep the same signs
            data[name] = _parsed.__wrapped__(str(path), signs)
        else:
            data[name] = _parsed(str(path), signs)
    return data


class _FileValues(NamedTuple):
    data: bytes  # the file as last read
    values: Any  # its plain values
    layout: Layout | None  # where its records start, if a save can be parsed one stretch of records at a time


class DataValues:
    """The current data files as plain values, kept from one build to the next by `mkdocs serve` when an
    edition is compared with them: an unchanged file is not parsed again, and of a file a save changed only
    the records it changed are (generator.load.edits), as the loader parses them. Each file's bytes are
    kept too, as the loader keeps them."""

    def __init__(self) -> None:
        self._known: dict[str, _FileValues] = {}

    def read(self, name: str, path: Path) -> Any:
        """The file's plain values (None if it cannot be read or parsed)."""
        try:
            data = path.read_bytes()
        except OSError:
            self._known.pop(name, None)
            return None
        known = self._known.get(name)
        if known is not None and known.data == data:
            return known.values
        read = (_spliced(known, name, path, data) if known is not None else None) or _parsed_whole(path, data)
        self._known[name] = read
        return read.values


def _spliced(known: _FileValues, name: str, path: Path, data: bytes) -> _FileValues | None:
    """The values of a file a save changed, with only the records it changed parsed; None if the save did
    more than change whole records (then the file is parsed whole)."""
    key = RECORD_LISTS.get(name)
    if known.layout is None or key is None or not isinstance(known.values, dict) or \
            not isinstance(known.values.get(key), list):
        return None
    edit = reparse(known.layout, data, str(path), previous=None)
    if edit is None:
        return None
    return _FileValues(data, {**known.values, key: edit.splice(known.values[key], edit.records)}, edit.layout)


def _parsed_whole(path: Path, data: bytes) -> _FileValues:
    document, _ = read_yaml_bytes(data, path, str(path), layout=True)
    if document is None:
        return _FileValues(data, None, None)
    return _FileValues(data, document.data, document.layout)


@functools.lru_cache(maxsize=2 * len(FILE_MODELS))  # a file is parsed again only once it changes (serve)
def _parsed(path: str, signs: tuple[int, int, int, int]) -> Any:
    """The file as the loader reads it (text values, trimmed), the same reader for both editions: PyYAML's
    loader took 2.5 times as long and typed what the loader leaves as text."""
    try:
        document, _ = read_yaml_file(Path(path), path)
    except OSError:
        return None
    return document.data if document is not None else None


def previous_edition(data_dir: Path, as_of: str) -> Edition | None:
    """The newest edition kept before `as_of`, or None when there is none."""
    folder = data_dir / EDITIONS
    if not folder.is_dir():
        return None
    earlier = sorted(p.name for p in folder.iterdir() if p.is_dir() and _is_day(p.name) and p.name < as_of)
    if not earlier:
        return None
    return Edition(earlier[-1], read_data(folder / earlier[-1]))


def _is_day(name: str) -> bool:
    """'2024-01-20' is an edition's folder; '2024-02-30' is no day, so no edition."""
    if not _DATED.match(name):
        return False
    try:
        dt.date.fromisoformat(name)
    except ValueError:
        return False
    return True


def keep_edition(data_dir: Path) -> tuple[Path, str]:
    """Copy the current data files into `editions/<as-of>/`; (the folder, what happened, in words)."""
    dossier = yaml.safe_load((data_dir / "dossier.yml").read_text(encoding="utf-8")) or {}
    as_of = (dossier.get("dossier") or {}).get("as_of")
    if isinstance(as_of, dt.date):
        as_of = as_of.isoformat()
    if not isinstance(as_of, str) or not _is_day(as_of):
        raise ValueError("dossier.yml has no as_of date (YYYY-MM-DD) to name the edition by")
    target = data_dir / EDITIONS / as_of
    target.mkdir(parents=True, exist_ok=True)
    for name in FILE_MODELS:
        if (data_dir / name).is_file():
            shutil.copyfile(data_dir / name, target / name)
    return target, f"kept the edition of {as_of} in {target}; now move as_of in dossier.yml and edit on"
