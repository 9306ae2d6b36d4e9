"""MkDocs' collection of a site's files, made quick for a site of thousands of pages."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, cast

import jinja2
import mkdocs
from mkdocs.structure.files import File, Files, InclusionLevel

Inclusion = Callable[[InclusionLevel], bool]


def _levels(inclusion: Inclusion) -> tuple[InclusionLevel, ...]:
    return tuple(level for level in InclusionLevel if inclusion(level))


class SiteFiles(Files):
    """`Files`, asking whether a level is included once per level instead of once per file, and listing the
    pages once: MkDocs lists them five times a build, once the plugins' `on_files` and its own inclusion
    levels have settled which files there are."""

    def __init__(self, files: Iterable[File]) -> None:
        super().__init__(files)
        self._pages: dict[Inclusion, list[File]] = {}

    def documentation_pages(self, *, inclusion: Inclusion = InclusionLevel.is_included) -> Sequence[File]:
        pages = self._pages.get(inclusion)
        if pages is None:
            levels, settled, pages = _levels(inclusion), True, []
            for file in self:
                if file.inclusion is InclusionLevel.UNDEFINED:  # before MkDocs settles it: list again later
                    settled = False
                elif file.inclusion in levels and file.is_documentation_page():
                    pages.append(file)
            if settled:
                self._pages[inclusion] = pages
        return list(pages)

    def append(self, file: File) -> None:
        super().append(file)
        self._pages.clear()

    def remove(self, file: File) -> None:
        super().remove(file)
        self._pages.clear()

    def copy_static_files(self, dirty: bool = False, *, inclusion: Inclusion = InclusionLevel.is_included) -> None:
        levels = _levels(inclusion)
        for file in self:
            if file.inclusion in levels and not file.is_documentation_page():
                file.copy_file(dirty)


MKDOCS_SITEMAP = Path(mkdocs.__file__).parent / "templates" / "sitemap.xml"


class _Rendering:
    """What MkDocs asks of a template it renders once a build (sitemap.xml): `render(context)`."""

    def __init__(self, render: Callable[[dict[str, Any]], str]) -> None:
        self.render = render


class KeptSitemap:
    """MkDocs' own sitemap.xml, rendered again only when a page's address or date changed: it lists every
    page of the site through Jinja, on every save of `mkdocs serve`."""

    def __init__(self) -> None:
        self._shown: list[tuple[Any, ...]] | None = None  # what the template reads of each page
        self._text = ""

    def template(self, template: jinja2.Template) -> jinja2.Template:
        if template.filename is None or Path(template.filename) != MKDOCS_SITEMAP:
            return template  # a theme's own sitemap may show anything

        def render(context: dict[str, Any]) -> str:
            shown = [(p.is_link, p.abs_url, p.canonical_url, p.update_date)
                     for p in (file.page for file in context["pages"]) if p is not None]
            if shown != self._shown:
                self._shown, self._text = shown, template.render(context)
            return self._text

        return cast(jinja2.Template, _Rendering(render))
