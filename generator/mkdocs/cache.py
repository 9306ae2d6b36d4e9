"""Work `mkdocs serve` need not redo after every save: Markdown conversions and compiled templates.

MkDocs rebuilds the whole site after each save, converting every page's Markdown to HTML again (most
of a rebuild's time) and compiling the theme's templates again. The dossier plugin keeps two caches
across rebuilds:

- `ConversionCache`: a page whose Markdown, whose link targets (the site's files) and whose Markdown
  configuration are all unchanged converts to the same HTML, table of contents and anchors, so it is
  converted once. A conversion that logged a warning is never reused, so a strict build still sees it.
- `SearchEntries`: Material's search plugin parses every page's HTML on every build; an unchanged
  page (same address, title, metadata, table of contents and HTML) gives the same index entries.
- compiled Jinja templates (the theme's and ours): see generator.render.environment.

A plain `mkdocs build` runs once and gains nothing; nothing here outlives the process.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

ConversionKey = tuple[str, str, str]  # (page, markdown digest, site digest)


@dataclass(frozen=True)
class Conversion:
    """What `Page.render` produces (anchor links keyed by file path: File objects are new each build)."""

    content: str
    toc: TableOfContents
    title: str | None
    present_anchor_ids: set[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None


class ConversionCache:
    """Conversions of the previous build, and those of the build under way (which replace them)."""

    def __init__(self) -> None:
        self._previous: dict[ConversionKey, Conversion] = {}
        self._current: dict[ConversionKey, Conversion] = {}
        self._files: Files | None = None
        self._site = ""
        self.hits = 0

    def start_build(self) -> None:
        """Keep only the last build's conversions: memory stays that of one site."""
        self._previous, self._current = self._current, {}
        self._files = None
        self.hits = 0

    def key(self, page: Page, config: MkDocsConfig, files: Files) -> ConversionKey:
        if files is not self._files:  # once per build: what every conversion depends on besides its page
            self._files = files
            site = [repr(config.markdown_extensions), repr(config.mdx_configs), repr(config.use_directory_urls),
                    repr(config.validation)]
            site += sorted(f"{f.src_uri}\0{f.url}\0{f.inclusion}" for f in files)
            self._site = hashlib.sha256("\n".join(site).encode("utf-8")).hexdigest()
        digest = hashlib.sha256((page.markdown or "").encode("utf-8")).hexdigest()
        return (page.file.src_uri, digest, self._site)

    def get(self, key: ConversionKey) -> Conversion | None:
        found = self._previous.get(key) or self._current.get(key)
        if found is not None:
            self._current[key] = found
            self.hits += 1
        return found

    def put(self, key: ConversionKey, conversion: Conversion) -> None:
        self._current[key] = conversion


class _WarningCount(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class CachedPage(Page):
    """A generated page that takes its conversion from `cache` when nothing it depends on changed."""

    def __init__(self, title: str | None, file: Any, config: MkDocsConfig, cache: ConversionCache) -> None:
        super().__init__(title, file, config)
        self.conversions = cache

    def render(self, config: MkDocsConfig, files: Files) -> None:
        key = self.conversions.key(self, config, files)
        known = self.conversions.get(key)
        if known is not None:
            self._restore(known, files)
            return
        warnings = _WarningCount()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(warnings)
        try:
            super().render(config, files)
        finally:
            logger.removeHandler(warnings)
        if not warnings.count:
            self.conversions.put(key, self._conversion())

    def _conversion(self) -> Conversion:
        links = None
        if self.links_to_anchors is not None:
            links = {file.src_uri: dict(anchors) for file, anchors in self.links_to_anchors.items()}
        return Conversion(self.content or "", self.toc, self._title_from_render,
                          set(self.present_anchor_ids or ()), links)

    def _restore(self, known: Conversion, files: Files) -> None:
        self.content = known.content
        self.toc = known.toc
        self._title_from_render = known.title
        self.present_anchor_ids = set(known.present_anchor_ids or ())
        if known.links_to_anchors is not None:
            self.links_to_anchors = {}
            for src_uri, anchors in known.links_to_anchors.items():
                target = files.get_file_from_path(src_uri)
                if target is not None:
                    self.links_to_anchors[target] = dict(anchors)


SearchKey = tuple[str, str, str, str]


class SearchEntries:
    """Index entries of the previous build's pages, reused for pages that did not change.

    Wraps `add_entry_from_context` of the search index Material's search plugin makes for each build
    (its `on_config`); any other search plugin is left alone."""

    def __init__(self) -> None:
        self._previous: dict[SearchKey, list[dict[str, Any]]] = {}
        self._current: dict[SearchKey, list[dict[str, Any]]] = {}
        self.hits = 0

    def attach(self, config: MkDocsConfig) -> bool:
        plugin = config.plugins.get("material/search") or config.plugins.get("search")
        index = getattr(plugin, "search_index", None)
        add_entry = getattr(index, "add_entry_from_context", None)
        if index is None or add_entry is None or not isinstance(getattr(index, "entries", None), list):
            return False
        self._previous, self._current = self._current, {}
        self.hits = 0
        index.add_entry_from_context = lambda page: self._add(index, add_entry, page)
        return True

    def _add(self, index: Any, add_entry: Any, page: Page) -> None:
        content = page.content or ""
        key = (page.url, str(page.title), repr(page.meta) + str(page.toc),
               hashlib.sha256(content.encode("utf-8")).hexdigest())
        known = self._previous.get(key) or self._current.get(key)
        if known is not None:
            self.hits += 1
        else:
            start = len(index.entries)
            add_entry(page)
            known = [dict(entry) for entry in index.entries[start:]]
            del index.entries[start:]
        self._current[key] = known
        index.entries.extend(dict(entry) for entry in known)
