"""Stage 3, render: pure. A validated dossier and template texts in, `(relative_path, markdown)` out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import jinja2

from generator.render.changes import Changes
from generator.render.environment import make_environment
from generator.render.escape import md_inline, md_passages
from generator.render.exports import render_exports
from generator.render.footnotes import Footnotes, NoteSources
from generator.render.graph import Graph, build_graph
from generator.render.helpers import PageHelpers
from generator.render.memo import Memos
from generator.render.pages import page_specs
from generator.render.reuse import Fingerprints, RenderedPages, SourceReads, site_facts
from generator.validate.dossier import ValidDossier

# What a generated file holds: a page's text, or (exports, which grow large) its text in chunks.
FileContent = str | Iterable[str]
Files = Iterable[tuple[str, FileContent]]  # (path under the docs folder, its content), as render makes them


def as_text(content: FileContent) -> str:
    return content if isinstance(content, str) else "".join(content)


def render_files(dossier: ValidDossier, templates: dict[str, str],
                 template_code: jinja2.BytecodeCache | None = None,
                 rendered: RenderedPages | None = None,
                 changes: Changes | None = None) -> Iterator[tuple[str, FileContent]]:
    """The generated files one at a time, so a writer can put each on disk and let it go.

    The order is fixed (page kinds, then records in data order) and each text depends only on the
    dossier (and `changes`, what changed since the previous edition, which the home page and the book
    show in their context). Consume each file's content before asking for the next. With `rendered` (the
    pages of the last build, kept by `mkdocs serve`), a page whose inputs are unchanged is not rendered
    again."""
    environment = make_environment(templates, template_code)
    graph = build_graph(dossier)
    sources = SourceReads(dossier.source_by_id)
    note_sources = NoteSources(dossier, sources)
    memos = Memos()
    facts = site_facts(dossier, graph, templates) if rendered is not None else b""
    fingerprints = Fingerprints(rendered.records if rendered is not None else None)
    if rendered is not None:
        rendered.start(dossier, facts)
    try:
        marked = rendered.marked if rendered is not None else md_passages
        for path, template_name, make_context, given in page_specs(dossier, graph, changes, marked, sources):
            text = rendered.made_of(path, given) if rendered is not None and given is not None else None
            if text is not None:
                yield path, text
                continue
            sources.read.clear()
            context = make_context()
            inputs = fingerprints.of([facts, path, template_name, context]) if rendered is not None else b""
            text = rendered.get(path, inputs, given) if rendered is not None else None
            if text is None:
                text, quoted = _render_page(dossier, graph, note_sources, memos, path,
                                            environment.get_template(template_name), context)
                if rendered is not None:
                    rendered.keep(path, inputs, text, quoted | sources.read, given)
            yield path, text
        yield from render_exports(dossier, rendered)
        if rendered is not None:
            rendered.finish()
    finally:  # the cache holds this dossier's strings: keep nothing between runs (mkdocs serve)
        md_inline.cache_clear()


def render_site(dossier: ValidDossier, templates: dict[str, str]) -> dict[str, str]:
    """Every generated file, `{relative_path: text}`, sorted by path."""
    return dict(sorted((path, as_text(content)) for path, content in render_files(dossier, templates)))


def _render_page(dossier: ValidDossier, graph: Graph, note_sources: NoteSources, memos: Memos, path: str,
                 template: jinja2.Template, context: dict[str, Any]) -> tuple[str, set[str]]:
    """The page's text, and the sources whose texts its footnotes quote.

    A template sees the page's context, the helpers (`page`) and the dossier's own record (`dossier`,
    dossier.yml): nothing else of the dossier, so that what a page shows is what its fingerprint covers."""
    notes = Footnotes(path, dossier, note_sources, memos)
    helpers = PageHelpers(path, dossier, graph, notes, memos)
    body = template.render(page=helpers, dossier=dossier.dossier, **context)
    definitions = notes.definitions()
    return body.rstrip("\n") + ("\n\n" + definitions if definitions else "") + "\n", notes.quoted_sources()
