"""The whole pipeline, load -> validate -> render, as one function the CLI and the MkDocs plugin share."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator.load import ProjectPaths, load_project
from generator.problems import Problem
from generator.resolved import ValidDossier
from generator.validate import validate

if TYPE_CHECKING:
    import jinja2

    from generator.parallel import Share
    from generator.render import FileContent, PreparedSite


@dataclass(frozen=True)
class CheckResult:
    dossier: ValidDossier | None
    problems: list[Problem] = field(default_factory=list)
    templates: dict[str, str] = field(default_factory=dict)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while the pipeline allocates its (acyclic) records.

    Each collection scans every live object; a large dossier makes hundreds of thousands of them,
    and measured at 100x the pauses cost a fifth of the run. Reference counting still frees what is
    dropped, and the collector runs again as soon as the pipeline is done (also under `serve`)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def check(paths: ProjectPaths) -> CheckResult:
    """Load and validate; the dossier is None whenever there is any problem."""
    with paused_gc():
        project = load_project(paths)
        dossier, problems = validate(project)
    return CheckResult(dossier, problems, project.templates)


def build_pages(paths: ProjectPaths, template_code: jinja2.BytecodeCache | None = None
                ) -> tuple[dict[str, str], list[Problem]]:
    """Load, validate and render: `{relative_path: markdown}`, or no pages and the problems."""
    result = check(paths)
    if result.dossier is None:
        return {}, result.problems
    from generator.render import as_text

    files = generated_files(result, template_code)
    return dict(sorted((path, as_text(content)) for path, content in files)), []


def generated_files(result: CheckResult, template_code: jinja2.BytecodeCache | None = None
                    ) -> Iterator[tuple[str, FileContent]]:
    """The rendered files of a valid dossier, one at a time, all in this process (see `render.iter_pages`)."""
    from generator.parallel import Share

    yield from files_of_share(prepared_site(result, template_code), Share())


def prepared_site(result: CheckResult, template_code: jinja2.BytecodeCache | None = None) -> PreparedSite:
    """What every page of a valid dossier needs, made once (before the work is shared out)."""
    from generator.render import prepare

    assert result.dossier is not None, "render only a dossier without problems"
    with paused_gc():
        return prepare(result.dossier, result.templates, template_code)


def files_of_share(site: PreparedSite, share: Share) -> Iterator[tuple[str, FileContent]]:
    """The rendered files of one share, one at a time (see `render.render_share`)."""
    from generator.render import render_share

    with paused_gc():
        yield from render_share(site, share)
