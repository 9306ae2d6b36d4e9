"""Search entries made once per page: taken from what is kept of the page, and restored in page order after
a rebuild that visited only the pages that changed."""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from generator.mkdocs.cache import CachedPage, PageCache
from generator.mkdocs.postprocess import EXCLUDED_FOOTNOTES


class SearchEntries:
    """Takes each page's search entries from its `Made` instead of parsing its HTML again.

    Wraps `add_entry_from_context` of the index Material's search plugin makes for each build (in its
    on_config); any other search plugin is left alone. After a quick rebuild, which visits only the pages
    that changed, `restore` puts back the entries of the others, from the previous build, in page order."""

    def __init__(self, cache: PageCache) -> None:
        self.cache = cache
        self.index: Any = None
        self.previous: dict[str, list[dict[str, Any]]] = {}  # page address -> its entries, last build

    def attach(self, config: MkDocsConfig) -> None:
        plugin = config.plugins.get("material/search") or config.plugins.get("search")
        index = getattr(plugin, "search_index", None)
        add_entry = getattr(index, "add_entry_from_context", None)
        self.index = None
        if index is None or add_entry is None or not isinstance(getattr(index, "entries", None), list):
            return
        self.index = index
        index.add_entry_from_context = lambda page: self._add(index, add_entry, page)

    def _add(self, index: Any, add_entry: Any, page: Page) -> None:
        made = getattr(page, "made", None)
        if made is not None and made.search is not None:
            index.entries.extend(dict(entry) for entry in made.search)
            return
        start = len(index.entries)
        content = page.content or ""
        footnotes = content.find(EXCLUDED_FOOTNOTES)
        if footnotes != -1:  # excluded from search (postprocess.py): not worth parsing (a third of the time)
            page.content = content[:footnotes]
        try:
            add_entry(page)
        finally:
            page.content = content
        if isinstance(page, CachedPage) and page.made is not None:
            page.made.search = [dict(entry) for entry in index.entries[start:]]
            self.cache.touched(page.key)

    def restore(self, pages: list[Page]) -> None:
        """The whole index in page order: this build's entries where it made them, else the last build's."""
        if self.index is None:
            return
        fresh = _by_page(self.index.entries)
        entries: list[dict[str, Any]] = []
        for page in pages:
            entries += fresh.get(page.url, self.previous.get(page.url, []))
        self.index.entries[:] = entries

    def remember(self) -> None:
        if self.index is not None:
            self.previous = _by_page(self.index.entries)


def _by_page(entries: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        found.setdefault(entry["location"].split("#")[0], []).append(entry)
    return found
