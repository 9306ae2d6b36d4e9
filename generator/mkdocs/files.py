"""MkDocs' collection of a site's files, made quick for a site of thousands of pages."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

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
