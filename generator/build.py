"""The one build: load → validate → render → hand the files to a sink (a folder, MkDocs, a benchmark).

The CLI (`check`, `build --out`), the MkDocs plugin and the benchmark all run this sequence and no other.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

from generator.load import ParsedFiles, ProjectPaths, load_project
from generator.problems import Problem
from generator.validate import validate
from generator.validate.dossier import ValidDossier

if TYPE_CHECKING:
    import jinja2

    from generator.render import FileContent
    from generator.render.changes import Changes
    from generator.render.reuse import RenderedPages

Made = TypeVar("Made")
Files = Iterator[tuple[str, "FileContent"]]
# Seconds per stage, filled in when a caller (the benchmark) asks: load, validate, render+write.
Timings = dict[str, float]


@dataclass(frozen=True)
class Checked:
    """The outcome of load and validate: the dossier, or (dossier None) every problem found."""

    dossier: ValidDossier | None
    problems: list[Problem] = field(default_factory=list)
    templates: dict[str, str] = field(default_factory=dict)


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


def check(paths: ProjectPaths, timings: Timings | None = None, parsed: ParsedFiles | None = None) -> Checked:
    """Load and validate; the dossier is None whenever there is any problem. `parsed` keeps unchanged data
    files' checked models from one build to the next (`mkdocs serve`)."""
    with paused_gc():
        started = time.perf_counter()
        project = load_project(paths)
        loaded = time.perf_counter()
        dossier, problems = validate(project, parsed)  # parses the YAML files one by one as it goes
        validated = time.perf_counter()
    if timings is not None:
        timings["load"] = loaded - started + project.parse_seconds
        timings["validate"] = validated - loaded - project.parse_seconds
    return Checked(dossier, problems, project.templates)


def build(paths: ProjectPaths, sink: Callable[[Files], Made], timings: Timings | None = None,
          template_code: jinja2.BytecodeCache | None = None, rendered: RenderedPages | None = None,
          parsed: ParsedFiles | None = None) -> Built[Made]:
    """Load, validate, render, and give the rendered files to `sink` (which must consume them in order).

    Nothing is rendered while there is a problem. `template_code`, `rendered` and `parsed` keep compiled
    templates, unchanged pages and unchanged data files from one build to the next (`mkdocs serve`)."""
    checked = check(paths, timings, parsed)
    if checked.dossier is None:
        return Built(None, None, checked.problems)
    if not checked.templates:
        return Built(None, None, [Problem(paths.templates_dir, 1, 1, "the page templates are missing",
                                          "copy docs_templates/ from the Dossier checkout into the project")])
    from generator.render import render_files  # Jinja and the templates: not needed by `check`

    started = time.perf_counter()
    changes = changes_since_previous_edition(paths, checked.dossier)
    with paused_gc():
        made = sink(render_files(checked.dossier, checked.templates, template_code, rendered, changes))
    if timings is not None:
        timings["render+write"] = time.perf_counter() - started
    return Built(checked.dossier, made)


def changes_since_previous_edition(paths: ProjectPaths, dossier: ValidDossier) -> Changes | None:
    """What changed since the newest edition kept in site_data/editions/ before this as-of date, if any."""
    from generator.load.editions import previous_edition, read_data
    from generator.render.changes import compare

    previous = previous_edition(paths.data, dossier.dossier.as_of)
    return compare(previous, read_data(paths.data)) if previous else None


def collect(files: Files) -> dict[str, str]:
    """A sink that keeps every file as text, `{path: text}` sorted by path (MkDocs, tests)."""
    from generator.render import as_text

    return dict(sorted((path, as_text(content)) for path, content in files))
