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
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

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
    words = _WORD.findall(html.unescape(_TAG.sub(" ", markup)))
    return " ".join(dict.fromkeys(folded for word in words if (folded := fold(word)) != word))


def add_folded_fields(entries: list[dict[str, Any]]) -> None:
    for entry in entries:
        for field, folded_field in FOLDED_FIELDS.items():
            words = folded_words(str(entry.get(field, "")))
            if words:
                entry[folded_field] = words


def fold_search_index(config: MkDocsConfig) -> None:
    """Give the entries of Material's search index their folded fields, before it writes them."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    entries = getattr(getattr(plugin, "search_index", None), "entries", None)
    if isinstance(entries, list):
        add_folded_fields(entries)
