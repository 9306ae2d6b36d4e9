"""Stage 1, load: read the YAML data, the source texts and the templates. No validation, no rendering."""

from __future__ import annotations

import difflib
import hashlib
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.load.edits import Edit, layout_of, reparse
from generator.load.text import decode_source
from generator.load.yaml_reader import YamlDocument, parse_yaml
from generator.model import FILE_MODELS
from generator.problems import Problem

# Bounds the memory one file can take (files are parsed one at a time).
MAX_YAML_BYTES = 128 * 1024 * 1024
MAX_SOURCE_BYTES = 16 * 1024 * 1024
REQUIRED_FILES = ("dossier.yml", "sources.yml")


@dataclass(frozen=True)
class ProjectPaths:
    """Where a dossier project keeps its parts; relative names are what messages show."""

    root: Path
    data_dir: str = "site_data"
    seeds_dir: str = "seeds"
    templates_dir: str = "docs_templates"

    @property
    def data(self) -> Path:
        return self.root / self.data_dir

    @property
    def seeds(self) -> Path:
        return self.root / self.seeds_dir

    @property
    def templates(self) -> Path:
        return self.root / self.templates_dir

    @property
    def cache(self) -> Path:
        """Where the generator may keep what it can make again (compiled templates); git-ignored."""
        return self.root / ".cache" / "dossier"


@dataclass(frozen=True)
class SeedFile:
    """A file under seeds/: its text, or why it cannot be used."""

    name: str  # posix path relative to seeds/
    text: str | None
    refusal: str = ""  # why it cannot be used
    hint: str = ""  # and how to mend it


class ParsedFiles:
    """Data files already parsed, by the digest of their bytes, each with what the caller made of it (its
    checked model and its records' links), kept from one build to the next by `mkdocs serve`: an unchanged
    file is neither parsed nor checked again, and of a changed one only the records the save changed are
    parsed again (generator.load.edits): for that, each file's bytes are kept too (the size of the data
    folder, a few tens of megabytes at 100 times the example)."""

    def __init__(self) -> None:
        self._known: dict[str, tuple[bytes, YamlDocument, Any]] = {}

    def get(self, name: str, digest: bytes) -> tuple[YamlDocument, Any] | None:
        known = self._known.get(name)
        return (known[1], known[2]) if known is not None and known[0] == digest else None

    def keep(self, name: str, document: YamlDocument, made: Any) -> None:
        self._known[name] = (document.digest, document, made)

    def edited(self, name: str, data: bytes, shown: str) -> Edit | None:
        """The records changed since the file was kept, parsed; None if it must be parsed whole."""
        known = self._known.get(name)
        layout = known[1].layout if known is not None else None
        return reparse(layout, data, shown, known[2]) if known is not None and layout is not None else None


@dataclass
class LoadedProject:
    """What load found: data files (read one at a time by `read_documents`), seeds, templates, problems."""

    paths: ProjectPaths
    data_files: dict[str, Path] = field(default_factory=dict)  # known data files by name, in name order
    documents: dict[str, YamlDocument] = field(default_factory=dict)  # those read so far
    seeds: dict[str, SeedFile] = field(default_factory=dict)
    templates: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    parse_seconds: float = 0.0  # time spent parsing YAML in `read_documents` (a part of loading)

    def read_documents(self, parsed: ParsedFiles | None = None) -> Iterator[tuple[str, YamlDocument, Any]]:
        """Parse the data files one at a time, so the caller can turn each into its model and let the raw
        data go before the next is read (a large dossier's raw YAML is several times its model's size).
        Yields (name, document, what the caller made of it last time if the file is unchanged, else None).
        A file that cannot be read adds its problem instead."""
        for name, path in self.data_files.items():
            started = time.perf_counter()
            shown = _display(self.paths, path)
            data, problem = _read_bytes(path, shown)
            document, made = None, None
            if data is not None:
                digest = _digest(data)
                known = parsed.get(name, digest) if parsed is not None else None
                if known is not None:
                    document, made = known
                elif parsed is not None:
                    document = _edited(parsed, name, data, path, shown, digest)
                if document is None:
                    document, problem = read_yaml_bytes(data, path, shown, parsed is not None, digest)
            self.parse_seconds += time.perf_counter() - started
            if problem:
                self.problems.append(problem)
            if document:
                self.documents[name] = document
                yield name, document, made


def _edited(parsed: ParsedFiles, name: str, data: bytes, path: Path, shown: str,
            digest: bytes) -> YamlDocument | None:
    """A document holding only the records a save changed (`document.edit`), if that is all it changed."""
    edit = parsed.edited(name, data, shown)
    if edit is None:
        return None
    return YamlDocument(shown, None, reread=Reread(path, digest), digest=digest, layout=edit.layout, edit=edit)


# A seed's name and real path -> (its inode, size, modification and change times; what was read of it), for
# a seed modified at least RACY_SECONDS before it was read: a save within the same tick of a coarse clock
# (FAT, some network mounts) could leave every sign as it was, so a seed read that soon is read again.
SeedsRead = dict[tuple[str, Path], tuple[tuple[int, int, int, int], SeedFile]]
RACY_SECONDS = 2.0


def load_project(paths: ProjectPaths, seeds_read: SeedsRead | None = None) -> LoadedProject:
    """Find the data files, read the seeds and templates; the YAML itself is parsed by `read_documents`.
    With `seeds_read` (kept by `mkdocs serve`), a seed is read again only once its file's stat changes: the
    watcher that starts a rebuild notices a change by the same signs."""
    project = LoadedProject(paths)
    _find_documents(project)
    _load_seeds(project, seeds_read)
    _load_templates(project)
    return project


def _display(paths: ProjectPaths, path: Path) -> str:
    try:
        return path.relative_to(paths.root).as_posix()
    except ValueError:
        return path.as_posix()


def _find_documents(project: LoadedProject) -> None:
    paths = project.paths
    if not paths.data.is_dir():
        project.problems.append(Problem(paths.data_dir, 1, 1, "the data folder does not exist",
                                        f"create {paths.data_dir}/ with dossier.yml and sources.yml"))
        return
    for path in sorted(paths.data.iterdir()):
        if path.suffix not in (".yml", ".yaml") or not path.is_file():
            continue
        if path.name not in FILE_MODELS:
            close = difflib.get_close_matches(path.name, list(FILE_MODELS), n=1)
            hint = f"did you mean '{close[0]}'?" if close else "known files: " + ", ".join(FILE_MODELS)
            project.problems.append(Problem(_display(paths, path), 1, 1, f"unknown data file '{path.name}'", hint))
            continue
        project.data_files[path.name] = path
    for name in REQUIRED_FILES:
        if not (paths.data / name).exists():
            project.problems.append(Problem(f"{paths.data_dir}/{name}", 1, 1, "required file is missing",
                                            f"create {paths.data_dir}/{name}; see REFERENCE.md"))


def _read_bytes(path: Path, shown: str) -> tuple[bytes | None, Problem | None]:
    size = path.stat().st_size
    if size > MAX_YAML_BYTES:
        return None, Problem(shown, 1, 1, f"the file is too large ({size:,} bytes, limit {MAX_YAML_BYTES:,})",
                             "split the records over several dossiers")
    return path.read_bytes(), None


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def read_yaml_file(path: Path, shown: str) -> tuple[YamlDocument | None, Problem | None]:
    data, problem = _read_bytes(path, shown)
    return (None, problem) if data is None else read_yaml_bytes(data, path, shown)


def read_yaml_bytes(data: bytes, path: Path, shown: str, layout: bool = False,
                    digest: bytes | None = None) -> tuple[YamlDocument | None, Problem | None]:
    """The file's document, or the problem that stops it; with `layout` (serve), where its records start
    (generator.load.edits). `digest` is the bytes' digest when the caller has it already."""
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, Problem(shown, line, 1, "the file is not UTF-8", "re-save it with UTF-8 encoding")
    if not text.strip():
        return None, Problem(shown, 1, 1, "the file is empty", "add its top-level key; see REFERENCE.md")
    digest = digest if digest is not None else _digest(data)
    document, problem = parse_yaml(text, shown, reread=Reread(path, digest), records=layout)
    if document is not None:
        document.digest = digest
        if layout:
            document.layout = layout_of(data, document.records)
    return document, problem


@dataclass(frozen=True)
class Reread:
    """The file's text again, for positions (only when a problem is reported; the text is not kept),
    or None if the file changed since it was parsed (an analyst saving during a build)."""

    path: Path
    digest: bytes

    def __call__(self) -> str | None:
        try:
            data = self.path.read_bytes()
        except OSError:
            return None
        if _digest(data) != self.digest:
            return None
        return data.decode("utf-8").removeprefix("\ufeff")


def _load_seeds(project: LoadedProject, seeds_read: SeedsRead | None) -> None:
    root = project.paths.seeds
    read_before = dict(seeds_read or {})
    if seeds_read is not None:
        seeds_read.clear()  # what this build read: a seed removed is forgotten
    if not root.is_dir():
        return
    real_root = root.resolve()
    for path in sorted(root.rglob("*")):
        if path.is_dir() or path.name.startswith("."):
            continue
        name = path.relative_to(root).as_posix()
        project.seeds[name] = _read_seed(path, name, real_root, read_before, seeds_read)


def _read_seed(path: Path, name: str, real_root: Path, read_before: SeedsRead, seeds_read: SeedsRead | None
               ) -> SeedFile:
    real = path.resolve()
    if not real.is_relative_to(real_root):
        return SeedFile(name, None, "is a link to a file outside the seeds folder", "copy the file in instead")
    if not real.is_file():
        return SeedFile(name, None, "is not a regular file", "put the text file itself in the seeds folder")
    status = real.stat()
    if status.st_size > MAX_SOURCE_BYTES:
        return SeedFile(name, None, f"is larger than {MAX_SOURCE_BYTES:,} bytes", "split it into several sources")
    signs = (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
    known = read_before.get((name, real))
    if known is not None and known[0] == signs:
        seed = known[1]
    else:
        decoded = decode_source(real.read_bytes())
        seed = SeedFile(name, decoded.text, decoded.refusal, decoded.hint)
    if seeds_read is not None and time.time() - status.st_mtime >= RACY_SECONDS:
        seeds_read[(name, real)] = (signs, seed)
    return seed


def _load_templates(project: LoadedProject) -> None:
    """The page templates, if the folder is there (only rendering needs them: `build` says when they are not)."""
    root = project.paths.templates
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*.jinja")):
        project.templates[path.relative_to(root).as_posix()] = path.read_text(encoding="utf-8")
