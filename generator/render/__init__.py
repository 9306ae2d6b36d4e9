"""Stage 3, render: pure. A validated dossier and template texts in, `{relative_path: markdown}` out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import jinja2

from generator.escape import Md, md_inline
from generator.parallel import Share
from generator.render.exports import render_exports
from generator.render.footnotes import Footnotes, NoteSources
from generator.render.graph import Graph, build_graph
from generator.render.helpers import PageHelpers
from generator.render.memo import Memos
from generator.render.pages import PageSpec, page_specs
from generator.resolved import ValidDossier


def _finalize(value: Any) -> str:
    """Every `{{ value }}` passes here: our Markdown stays, anything else is escaped as literal text."""
    if type(value) is Md:
        return value
    if value is None or isinstance(value, (bool, dict, list, tuple)):
        raise TypeError(f"template printed {type(value).__name__} {value!r}; print a field of it instead")
    return md_inline(str(value))


class _HelperContext(jinja2.runtime.Context):
    """Template context whose calls into `PageHelpers` skip Jinja's per-call inspection.

    `Context.call` looks at every callee for `pass_context` and the like, which our helpers never
    use; at a few hundred thousand calls per large dossier that inspection was a sixth of rendering."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # Jinja's own signature
        if getattr(__obj, "__self__", None).__class__ is PageHelpers:
            kwargs.pop("_loop_vars", None)
            kwargs.pop("_block_vars", None)
            return __obj(*args, **kwargs)
        return super().call(__obj, *args, **kwargs)


def make_environment(templates: dict[str, str], template_code: jinja2.BytecodeCache | None = None
                     ) -> jinja2.Environment:
    """Our Jinja setup; `template_code` may keep compiled templates between runs (`mkdocs serve`)."""
    environment = jinja2.Environment(
        loader=jinja2.DictLoader(templates),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # Markdown, not HTML: escaping is `_finalize`'s job
        finalize=_finalize,
        bytecode_cache=template_code,
        auto_reload=False,  # the templates are fixed for a run: no source comparison on every include
    )
    environment.context_class = _HelperContext
    return environment


# What a generated file holds: a page's text, or (exports, which grow large) its text in chunks.
FileContent = str | Iterable[str]


def as_text(content: FileContent) -> str:
    return content if isinstance(content, str) else "".join(content)


def render_site(dossier: ValidDossier, templates: dict[str, str]) -> dict[str, str]:
    """Every generated file, `{relative_path: text}`, sorted by path."""
    return dict(sorted((path, as_text(content)) for path, content in iter_pages(dossier, templates)))


EVERY_FILE = Share()


@dataclass(frozen=True)
class PreparedSite:
    """What every page needs, worked out once: templates compiled, the back-link graph, every page's spec.

    Made before the work is shared out (`render_share`), so workers forked from one process share it."""

    dossier: ValidDossier
    templates: dict[str, jinja2.Template]
    graph: Graph
    note_sources: NoteSources
    specs: list[PageSpec]


def prepare(dossier: ValidDossier, templates: dict[str, str], template_code: jinja2.BytecodeCache | None = None
            ) -> PreparedSite:
    env = make_environment(templates, template_code)
    compiled = {name: env.get_template(name) for name in sorted(templates)}  # includes resolve through env.cache
    graph = build_graph(dossier)
    return PreparedSite(dossier, compiled, graph, NoteSources(dossier), list(page_specs(dossier, graph)))


def iter_pages(dossier: ValidDossier, templates: dict[str, str], template_code: jinja2.BytecodeCache | None = None
               ) -> Iterator[tuple[str, FileContent]]:
    """The generated files one at a time, so a writer can put each on disk and let it go.

    The order is fixed (page kinds, then records in data order) and each text depends only on the
    dossier: a large dossier need never hold all its pages at once. Consume each file's content
    before asking for the next."""
    yield from render_share(prepare(dossier, templates, template_code), EVERY_FILE)


def render_share(site: PreparedSite, share: Share) -> Iterator[tuple[str, FileContent]]:
    """The files of `share`, in order; a file's text is the same whichever worker renders it."""
    try:
        yield from _render_files(site, share)
    finally:  # the cache holds this dossier's strings: keep nothing between runs (mkdocs serve)
        md_inline.cache_clear()


def _render_files(site: PreparedSite, share: Share) -> Iterator[tuple[str, FileContent]]:
    memos = Memos()
    for number, (path, template_name, make_context) in enumerate(site.specs):
        if share.holds(number):
            yield path, _render_page(site, path, site.templates[template_name], make_context(), memos)
    for number, export in enumerate(render_exports(site.dossier), len(site.specs)):
        if share.holds(number):
            yield export


def _render_page(site: PreparedSite, path: str, template: jinja2.Template, context: dict[str, Any], memos: Memos
                 ) -> str:
    notes = Footnotes(path, site.dossier, site.note_sources, memos)
    helpers = PageHelpers(path, site.dossier, site.graph, notes, memos)
    body = template.render(page=helpers, dossier=site.dossier, **context)
    definitions = notes.definitions()
    return body.rstrip("\n") + ("\n\n" + definitions if definitions else "") + "\n"
