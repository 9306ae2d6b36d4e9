"""MkDocs' collection of a site's files, made quick for a site of thousands of pages."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from mkdocs.structure.files import File, Files, InclusionLevel

Inclusion = Callable[[InclusionLevel], bool]


def _levels(inclusion: Inclusion) -> tuple[InclusionLevel, ...]:
    return tuple(level for level in InclusionLevel if inclusion(level))


class SiteFiles(Files):
    """`Files`, asking whether a level is included once per level instead of once per file: MkDocs lists the
    pages several times a build, and the question (an enum's property) cost more than the rest of each list."""

    def documentation_pages(self, *, inclusion: Inclusion = InclusionLevel.is_included) -> Sequence[File]:
        levels = _levels(inclusion)
        return [file for file in self if file.inclusion in levels and file.is_documentation_page()]

    def copy_static_files(self, dirty: bool = False, *, inclusion: Inclusion = InclusionLevel.is_included) -> None:
        levels = _levels(inclusion)
        for file in self:
            if file.inclusion in levels and not file.is_documentation_page():
                file.copy_file(dirty)
