"""Search in any spelling: accent-free copies of the words that carry accents.

Material's search (lunr, in the reader's browser) matches words as they are written: "Jurgen" does not
find "Jürgen". The site's search settings (mkdocs.yml) declare two more fields, `title_folded` and
`text_folded`, weighted as `title` and `text`; here each index entry gets, in them, the words of its
title and text that change when their accents are taken off ("Jürgen" -> "Jurgen", "Weiß" -> "Weiss").
Only the index holds them: results still show the words as written.

The same settings make the other spellings findable: no stemmer (the query's last word is a prefix,
which lunr does not stem, so a stemmed index hid "Poutine" and "Zelenskyy"), no trimmer (lunr's trimmer
strips every non-Latin letter, so "Иван" was not indexed at all), and a separator that splits words
at punctuation of any script instead.

Each page's entries, folded fields included, are made once (`SearchEntries`): taken from what is kept of
the page, and restored in page order after a rebuild that visited only the pages that changed.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from generator.mkdocs.cache import CachedPage, PageCache
from generator.mkdocs.postprocess import EXCLUDED_FOOTNOTES

FOLDED_FIELDS = {"title": "title_folded", "text": "text_folded"}
_LETTERS = str.maketrans({"ß": "ss", "ẞ": "SS", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                          "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH",
                          "ı": "i"})
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Text without accents: 'Jürgen Weiß' -> 'Jurgen Weiss', 'Ёлка' -> 'Елка'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def folded_words(markup: str) -> str:
    """The words of an index field (HTML) that folding changes, folded, each once, in order."""
    text = html.unescape(_TAG.sub(" ", markup))
    if text.isascii():  # folding changes no ASCII word: most fields hold none that it changes
        return ""
    words = _WORD.findall(text)
    return " ".join(dict.fromkeys(folded for word in words if not word.isascii() and (folded := fold(word)) != word))


def add_folded_fields(entries: list[dict[str, Any]]) -> None:
    for entry in entries:
        for field, folded_field in FOLDED_FIELDS.items():
            words = folded_words(str(entry.get(field, "")))
            if words:
                entry[folded_field] = words


def _search_plugin(config: MkDocsConfig) -> Any:
    return config.plugins.get("material/search") or config.plugins.get("search")


def _search_index(config: MkDocsConfig) -> Any:
    """The index Material's search plugin makes for this build (in its on_config), or None."""
    index = getattr(_search_plugin(config), "search_index", None)
    entries = getattr(index, "entries", None)
    return index if isinstance(entries, list) and hasattr(index, "add_entry_from_context") else None


class SearchEntries:
    """Takes each page's search entries from its `Made` instead of parsing its HTML again.

    Wraps `add_entry_from_context` of the index Material's search plugin makes for each build (in its
    on_config); any other search plugin is left alone. After a quick rebuild, which visits only the pages
    that changed, `restore` puts back the entries of the others, from the previous build, in page order."""

    def __init__(self, cache: PageCache) -> None:
        self.cache = cache
        self.index: Any = None
        self.previous: dict[str, list[dict[str, Any]]] = {}  # page address -> its entries, last build
        self.previous_json: dict[str, str] = {}  # page address -> its entries as the index's JSON writes them
        self.visited: set[str] = set()  # pages indexed in this build (with or without entries)

    def attach(self, config: MkDocsConfig) -> None:
        self.index, self.visited = _search_index(config), set()
        if self.index is None:
            return
        index, add_entry = self.index, self.index.add_entry_from_context
        index.add_entry_from_context = lambda page: self._add(index, add_entry, page)

    def restorable(self, config: MkDocsConfig) -> bool:
        """Whether a build that visits some pages only can have a whole index: no search, or ours."""
        return _search_plugin(config) is None or self.index is not None

    def _add(self, index: Any, add_entry: Any, page: Page) -> None:
        self.visited.add(page.url)
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
        add_folded_fields(index.entries[start:])
        if isinstance(page, CachedPage) and page.made is not None:
            page.made.search = [dict(entry) for entry in index.entries[start:]]
            self.cache.touched(page.key)

    def restore(self, pages: list[Page]) -> None:
        """The whole index in page order: this build's entries where it made them, else the last build's;
        and the index's JSON made from each page's part, the last build's where the page was not visited."""
        if self.index is None:
            return
        fresh = _by_page(self.index.entries)
        entries: list[dict[str, Any]] = []
        by_page: dict[str, list[dict[str, Any]]] = {}
        parts: dict[str, str] = {}
        for page in pages:
            url = page.url
            visited = url in self.visited
            by_page[url] = fresh.get(url, []) if visited else self.previous.get(url, [])
            part = None if visited else self.previous_json.get(url)
            parts[url] = _entries_json(by_page[url]) if part is None else part
            entries += by_page[url]
        self.index.entries[:] = entries
        self.previous, self.previous_json = by_page, parts
        self.index.generate_search_index = _joined(self.index, self.index.generate_search_index, list(parts.values()))

    def remember(self, with_json: bool = False) -> None:
        """After a full build: each page's entries, and with `with_json` their JSON (else made when first
        needed, by the next quick rebuild)."""
        if self.index is not None:
            self.previous = _by_page(self.index.entries)
            self.previous_json = {url: _entries_json(entries) for url, entries in self.previous.items()} \
                if with_json else {}


# Material's search index is `json.dumps({"config": ..., "docs": entries}, separators=(",", ":"), default=str)`;
# its "docs" list is written here from each page's part, which is the same text.
JSON_OPTIONS: dict[str, Any] = {"separators": (",", ":"), "default": str}
INDEX_CONFIG = ("lang", "separator", "pipeline", "fields")


def _entries_json(entries: list[dict[str, Any]]) -> str:
    return ",".join(json.dumps(entry, **JSON_OPTIONS) for entry in entries)


def _joined(index: Any, generate: Any, parts: list[str]) -> Any:
    """Material's `generate_search_index` for an index restored by `restore`, from the pages' parts."""

    def generate_search_index(prev: Any) -> str:
        if prev:  # `mkdocs serve --dirty`: Material merges with the previous index itself
            return str(generate(prev))
        config = {key: index.config[key] for key in INDEX_CONFIG}
        head = json.dumps({"config": config, "docs": []}, **JSON_OPTIONS)
        assert head.endswith("[]}")
        return head[:-2] + ",".join(part for part in parts if part) + "]}"

    return generate_search_index


def _by_page(entries: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        found.setdefault(entry["location"].split("#")[0], []).append(entry)
    return found
