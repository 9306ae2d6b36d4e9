"""Caches for one render run: the same link or footnote text is wanted on many pages."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

MEMO_LIMIT = 1 << 14


class Memo(dict[Hashable, str]):
    """A dict that forgets everything once it holds `limit` entries.

    Memory stays bounded on any dossier, and most hits survive: pages of one section are rendered
    together and repeat each other's links and notes. (An LRU would keep a little more, at a cost on
    every lookup.)"""

    def __init__(self, limit: int = MEMO_LIMIT):
        super().__init__()
        self.limit = limit

    def keep(self, key: Hashable, value: str) -> str:
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value


@dataclass
class Memos:
    links: Memo = field(default_factory=Memo)  # (folder, text, target page, anchor) -> link Markdown
    notes: Memo = field(default_factory=Memo)  # (passage, note, credibility, folder) -> footnote text
