"""Stage 3, render: pure. A validated dossier and template texts in, `{relative_path: markdown}` out."""

from __future__ import annotations

from typing import Any

import jinja2

from generator.escape import Md, md_inline
from generator.quotes import Passage
from generator.render import paths
from generator.render.exports import render_exports
from generator.render.footnotes import Footnotes
from generator.render.graph import build_graph
from generator.render.helpers import PageHelpers
from generator.render.pages import page_specs
from generator.resolved import ValidDossier


def _finalize(value: Any) -> str:
    """Every `{{ value }}` passes here: our Markdown stays, anything else is escaped as literal text."""
    if isinstance(value, Md):
        return value
    if value is None or isinstance(value, (bool, dict, list, tuple)):
        raise TypeError(f"template printed {type(value).__name__} {value!r}; print a field of it instead")
    return md_inline(str(value))


def make_environment(templates: dict[str, str]) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.DictLoader(templates),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # Markdown, not HTML: escaping is `_finalize`'s job
        finalize=_finalize,
    )


def render_site(dossier: ValidDossier, templates: dict[str, str]) -> dict[str, str]:
    try:
        return _render_pages(dossier, templates)
    finally:  # the caches hold this dossier's strings: keep nothing between runs (mkdocs serve)
        md_inline.cache_clear()
        paths.clear_caches()


def _render_pages(dossier: ValidDossier, templates: dict[str, str]) -> dict[str, str]:
    env = make_environment(templates)
    graph = build_graph(dossier)
    pages: dict[str, str] = {}
    shared_notes: dict[tuple[Passage, str, int | None, str], str] = {}
    for path, template, context in page_specs(dossier, graph):
        notes = Footnotes(path, dossier, shared=shared_notes)
        helpers = PageHelpers(path, dossier, graph, notes)
        body = env.get_template(template).render(page=helpers, dossier=dossier, **context)
        definitions = notes.definitions()
        pages[path] = body.rstrip("\n") + ("\n\n" + definitions if definitions else "") + "\n"
    pages.update(render_exports(dossier))
    return dict(sorted(pages.items()))
