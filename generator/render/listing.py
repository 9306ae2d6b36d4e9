"""Long lists cut into pages, so that no page grows with the dossier.

A section's index page holds the first part of its list; later parts sit beside it (`index_2.md`, …).
Each part says where it is among them (partials/parts.md.jinja).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from generator import layout

Item = TypeVar("Item")


@dataclass(frozen=True)
class Part:
    number: int  # 1-based
    page: str
    count: int  # items on it


def list_parts(index_page: str, items: Sequence[Item]) -> Iterator[tuple[str, dict[str, Any], Sequence[Item]]]:
    """(page, context, items) of each part of `items`; one part (and no part list) when they fit a page.

    The context holds `part` (its number) and `parts` (every `Part`, empty when there is only one),
    for partials/parts.md.jinja."""
    size = layout.LIST_PAGE_SIZE
    chunks = [items[start : start + size] for start in range(0, len(items), size)] or [items]
    parts = [Part(n, layout.list_part(index_page, n), len(chunk)) for n, chunk in enumerate(chunks, 1)]
    for part, chunk in zip(parts, chunks, strict=True):
        yield part.page, {"part": part.number, "parts": parts if len(parts) > 1 else []}, chunk
