"""Stage 1, load: read the YAML data, the source texts and the templates. No validation, no rendering."""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from generator.model import FILE_MODELS
from generator.parallel import Share, auto_workers, forked
from generator.problems import Problem
from generator.text import decode_source
from generator.yaml_loader import YamlDocument, parse_yaml

# Bounds the memory one file can take (files are parsed one at a time); the example dossier's largest
# file is 70 KB, so this holds a dossier about 2,000 times its size.
MAX_YAML_BYTES = 128 * 1024 * 1024
MAX_SOURCE_BYTES = 16 * 1024 * 1024
REQUIRED_FILES = ("dossier.yml", "sources.yml")
# Two files are parsed at once (in a forked helper, see `read_documents`) only above this much YAML:
# below it the fork costs more than it saves.
SHARED_PARSE_BYTES = 1 << 20


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
    refusal: str = ""


@dataclass
class LoadedProject:
    """What load found: data files (read one at a time by `read_documents`), seeds, templates, problems."""

    paths: ProjectPaths
    data_files: dict[str, Path] = field(default_factory=dict)  # known data files by name, in name order
    documents: dict[str, YamlDocument] = field(default_factory=dict)  # those read so far
    seeds: dict[str, SeedFile] = field(default_factory=dict)
    templates: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def read_documents(self) -> Iterator[tuple[str, YamlDocument]]:
        """Parse the data files one at a time, so the caller can turn each into its model and let the raw
        data go before the next is read: a large dossier's raw YAML is several times its model's size.
        A file that cannot be read adds its problem instead.

        With a megabyte of YAML or more, a forked helper parses about half of it (by size) at the same
        time and hands each document over as a pickle in a temporary folder (ten times quicker to load
        than to parse); those come last. If the helper fails, its files are parsed here. The documents
        and problems are the same either way."""
        sizes = {name: _size(path) for name, path in self.data_files.items()}
        if sum(sizes.values()) < SHARED_PARSE_BYTES:
            yield from self._read(self.data_files)
            return
        halves = balanced(sizes, 2)
        # A private folder (mode 0700): the only pickles loaded are those the helper wrote there.
        with tempfile.TemporaryDirectory(prefix="dossier-parse-") as folder, \
                forked(partial(self._parse_to_files, halves, Path(folder)), min(2, auto_workers())) as helpers:
            if helpers.share.count == 1:  # no fork here (e.g. under mkdocs serve's threads)
                yield from self._read(self.data_files)
                return
            yield from self._read(halves[0])
            helpers.wait()
            for name in halves[1]:
                handed = Path(folder) / f"{name}.pickle"
                with handed.open("rb") as stream:
                    parsed = pickle.load(stream)
                handed.unlink()  # the temporary folder may be in memory (tmpfs): let it go at once
                yield from self._keep(name, *parsed)

    def _read(self, names: Iterable[str]) -> Iterator[tuple[str, YamlDocument]]:
        for name in names:
            path = self.data_files[name]
            yield from self._keep(name, *read_yaml_file(path, _display(self.paths, path)))

    def _keep(self, name: str, document: YamlDocument | None, problem: Problem | None
              ) -> Iterator[tuple[str, YamlDocument]]:
        if problem:
            self.problems.append(problem)
        if document:
            self.documents[name] = document
            yield name, document

    def _parse_to_files(self, halves: list[list[str]], folder: Path, share: Share) -> int:
        """In the helper: parse this share's files, each pickled into `folder` and let go before the next."""
        for name in halves[share.index]:
            path = self.data_files[name]
            parsed = read_yaml_file(path, _display(self.paths, path))
            with (folder / f"{name}.pickle").open("wb") as stream:
                pickle.dump(parsed, stream, protocol=pickle.HIGHEST_PROTOCOL)
            del parsed
        return len(halves[share.index])


def balanced(sizes: dict[str, int], count: int) -> list[list[str]]:
    """`count` groups of names of about equal total size (largest first, each to the lightest group),
    each in name order."""
    groups: list[list[str]] = [[] for _ in range(count)]
    totals = [0] * count
    for name in sorted(sizes, key=lambda n: (-sizes[n], n)):
        lightest = totals.index(min(totals))
        groups[lightest].append(name)
        totals[lightest] += sizes[name]
    return [sorted(group) for group in groups]


def _size(path: Path) -> int:
    with contextlib.suppress(OSError):
        return path.stat().st_size
    return 0


def load_project(paths: ProjectPaths) -> LoadedProject:
    """Find the data files, read the seeds and templates; the YAML itself is parsed by `read_documents`."""
    project = LoadedProject(paths)
    _find_documents(project)
    _load_seeds(project)
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


def read_yaml_file(path: Path, shown: str) -> tuple[YamlDocument | None, Problem | None]:
    size = path.stat().st_size
    if size > MAX_YAML_BYTES:
        return None, Problem(shown, 1, 1, f"the file is too large ({size:,} bytes, limit {MAX_YAML_BYTES:,})",
                             "split the records over several dossiers")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, Problem(shown, line, 1, "the file is not UTF-8", "re-save it with UTF-8 encoding")
    if not text.strip():
        return None, Problem(shown, 1, 1, "the file is empty", "add its top-level key; see REFERENCE.md")
    digest = hashlib.blake2b(data, digest_size=16).digest()
    return parse_yaml(text, shown, reread=Reread(path, digest))


@dataclass(frozen=True)
class Reread:
    """The file's text again, for positions (only when a problem is reported; the text is not kept),
    or None if the file changed since it was parsed (an analyst saving during a build). A class, not a
    closure, so that a document parsed by a helper process can be pickled over."""

    path: Path
    digest: bytes

    def __call__(self) -> str | None:
        try:
            data = self.path.read_bytes()
        except OSError:
            return None
        if hashlib.blake2b(data, digest_size=16).digest() != self.digest:
            return None
        return data.decode("utf-8").removeprefix("\ufeff")


def _load_seeds(project: LoadedProject) -> None:
    root = project.paths.seeds
    if not root.is_dir():
        return
    real_root = root.resolve()
    for path in sorted(root.rglob("*")):
        if path.is_dir() or path.name.startswith("."):
            continue
        name = path.relative_to(root).as_posix()
        project.seeds[name] = _read_seed(path, name, real_root)


def _read_seed(path: Path, name: str, real_root: Path) -> SeedFile:
    real = path.resolve()
    if not real.is_relative_to(real_root):
        return SeedFile(name, None, "is a link to a file outside the seeds folder; copy the file in instead")
    if not real.is_file():
        return SeedFile(name, None, "is not a regular file")
    if real.stat().st_size > MAX_SOURCE_BYTES:
        return SeedFile(name, None, f"is larger than {MAX_SOURCE_BYTES:,} bytes; split it")
    text, reason = decode_source(real.read_bytes())
    return SeedFile(name, text, reason)


def _load_templates(project: LoadedProject) -> None:
    root = project.paths.templates
    if not root.is_dir():
        project.problems.append(Problem(project.paths.templates_dir, 1, 1, "the templates folder is missing",
                                        "restore docs_templates/ from the repository"))
        return
    for path in sorted(root.rglob("*.jinja")):
        project.templates[path.relative_to(root).as_posix()] = path.read_text(encoding="utf-8")
