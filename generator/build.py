"""The one build: load → validate → render → hand the files to a sink (a folder, MkDocs, a benchmark).

The CLI (`check`, `build --out`), the MkDocs plugin and the benchmark all run this sequence and no other.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from generator.load import ParsedFiles, ProjectPaths, SeedsRead, load_project
from generator.load.editions import DataValues, previous_edition, read_data
from generator.problems import Problem
from generator.validate import validate
from generator.validate.dossier import ValidDossier

if TYPE_CHECKING:
    from generator.render import Files
    from generator.render.changes import Changes
    from generator.render.environment import CompiledTemplates
    from generator.render.reuse import RenderedPages
    from generator.validate.quotes import SourceIndexes

Made = TypeVar("Made")
# Seconds per stage, filled in when a caller (the benchmark) asks: load, validate, render+write.
Timings = dict[str, float]


@dataclass(frozen=True)
class Checked:
    """The outcome of load and validate: the dossier, or (dossier None) every problem found."""

    dossier: ValidDossier | None
    problems: list[Problem] = field(default_factory=list)
    templates: dict[str, str] = field(default_factory=dict)


def _compiled_templates() -> CompiledTemplates:
    from generator.render.environment import CompiledTemplates

    return CompiledTemplates()


def _rendered_pages() -> RenderedPages:
    from generator.render.reuse import RenderedPages

    return RenderedPages()


@dataclass
class Kept:
    """What one build keeps for the next (`mkdocs serve` keeps one across its rebuilds): an unchanged data
    file is neither parsed nor checked again, an unchanged source not indexed again, an unchanged record's
    links and tradecraft not checked again, an unchanged page not rendered again, a seed whose file is
    unchanged not read again, and the templates are compiled once."""

    files: ParsedFiles = field(default_factory=ParsedFiles)
    current_data: DataValues = field(default_factory=DataValues)  # as plain values, compared with an edition
    seeds: SeedsRead = field(default_factory=dict)
    sources: SourceIndexes = field(default_factory=dict)
    worlds: dict[str, Any] = field(default_factory=dict)  # what checks of unchanged records read (validate.run)
    pages: RenderedPages = field(default_factory=_rendered_pages)
    templates: CompiledTemplates = field(default_factory=_compiled_templates)


@dataclass(frozen=True)
class Built(Generic[Made]):
    """The outcome of a whole build: the dossier and what the sink made of its files, or every problem."""

    dossier: ValidDossier | None
    made: Made | None
    problems: list[Problem] = field(default_factory=list)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while the pipeline allocates its (acyclic) records: each
    collection scans every live object, and a large dossier makes hundreds of thousands of them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def check(paths: ProjectPaths, timings: Timings | None = None, kept: Kept | None = None) -> Checked:
    """Load and validate; the dossier is None whenever there is any problem."""
    with paused_gc():
        started = time.perf_counter()
        project = load_project(paths, kept.seeds if kept else None)
        loaded = time.perf_counter()
        dossier, problems = validate(project, kept.files if kept else None, kept.sources if kept else None,
                                     kept.worlds if kept else None)
        validated = time.perf_counter()
    if timings is not None:
        timings["load"] = loaded - started + project.parse_seconds
        timings["validate"] = validated - loaded - project.parse_seconds
    return Checked(dossier, problems, project.templates)


def build(paths: ProjectPaths, sink: Callable[[Files], Made], timings: Timings | None = None,
          kept: Kept | None = None) -> Built[Made]:
    """Load, validate, render, and give the rendered files to `sink` (which must consume them in order).

    Nothing is rendered while there is a problem. With `kept`, what the last build made of unchanged
    inputs is used again (see `Kept`)."""
    checked = check(paths, timings, kept)
    if checked.dossier is None:
        return Built(None, None, checked.problems)
    if not checked.templates:
        return Built(None, None, [Problem(paths.templates_dir, 1, 1, "the page templates are missing",
                                          "copy docs_templates/ from the Dossier checkout into the project")])
    from generator.render import render_files  # Jinja and the templates: not needed by `check`

    started = time.perf_counter()
    changes = changes_since_previous_edition(paths, checked.dossier, kept.current_data if kept else None)
    with paused_gc():
        made = sink(render_files(checked.dossier, checked.templates, kept.templates if kept else None,
                                 kept.pages if kept else None, changes))
    if timings is not None:
        timings["render+write"] = time.perf_counter() - started
    return Built(checked.dossier, made)


def changes_since_previous_edition(paths: ProjectPaths, dossier: ValidDossier, kept: DataValues | None = None
                                   ) -> Changes | None:
    """What changed since the newest edition kept in site_data/editions/ before this as-of date, if any."""
    from generator.render.changes import compare  # the render stage: not needed by `check`

    previous = previous_edition(paths.data, dossier.dossier.as_of)
    return compare(previous, read_data(paths.data, kept)) if previous else None


def collect(files: Files) -> dict[str, str]:
    """A sink that keeps every file as text, `{path: text}` sorted by path (MkDocs, tests)."""
    from generator.render import as_text

    return dict(sorted((path, as_text(content)) for path, content in files))
