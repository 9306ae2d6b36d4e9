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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.load import read_yaml_bytes, read_yaml_file
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
        data[name] = _parsed(str(path), stat.st_mtime_ns, stat.st_size)
    return data


class DataValues:
    """The current data files as plain values, kept from one build to the next by `mkdocs serve` when an
    edition is compared with them: of a file a save changed, only the records it changed are parsed again
    (generator.load.edits), as the loader parses them; a whole parse of a large file took longer than the
    rest of the save."""

    def __init__(self) -> None:
        self._known: dict[str, tuple[Any, Layout | None]] = {}  # name -> (values, layout with the bytes)

    def read(self, name: str, path: Path) -> Any:
        try:
            data = path.read_bytes()
        except OSError:
            self._known.pop(name, None)
            return None
        values, layout = self._known.get(name, (None, None))
        if layout is not None and layout.data == data:
            return values
        key = RECORD_LISTS.get(name)
        if layout is not None and key is not None and isinstance(values, dict) and isinstance(values.get(key), list):
            edit = reparse(layout, data, str(path), None)
            if edit is not None:
                values = {**values, key: edit.splice(values[key], edit.records)}
                self._known[name] = (values, edit.layout)
                return values
        document, _ = read_yaml_bytes(data, path, str(path), layout=True)
        values = document.data if document is not None else None
        self._known[name] = (values, document.layout if document is not None else None)
        return values


@functools.lru_cache(maxsize=2 * len(FILE_MODELS))  # a file is parsed again only once it changes (serve)
def _parsed(path: str, mtime_ns: int, size: int) -> Any:
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
    earlier = sorted(p.name for p in folder.iterdir() if p.is_dir() and _DATED.match(p.name) and p.name < as_of)
    if not earlier:
        return None
    return Edition(earlier[-1], read_data(folder / earlier[-1]))


def keep_edition(data_dir: Path) -> tuple[Path, str]:
    """Copy the current data files into `editions/<as-of>/`; (the folder, what happened, in words)."""
    dossier = yaml.safe_load((data_dir / "dossier.yml").read_text(encoding="utf-8")) or {}
    as_of = (dossier.get("dossier") or {}).get("as_of")
    if isinstance(as_of, dt.date):
        as_of = as_of.isoformat()
    if not isinstance(as_of, str) or not _DATED.match(as_of):
        raise ValueError("dossier.yml has no as_of date (YYYY-MM-DD) to name the edition by")
    target = data_dir / EDITIONS / as_of
    target.mkdir(parents=True, exist_ok=True)
    for name in FILE_MODELS:
        if (data_dir / name).is_file():
            shutil.copyfile(data_dir / name, target / name)
    return target, f"kept the edition of {as_of} in {target}; now move as_of in dossier.yml and edit on"
