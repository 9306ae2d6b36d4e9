"""Independent origins: sources that share an origin (a wire dispatch, an interview) are one line of evidence."""

from __future__ import annotations

from collections.abc import Iterable

from generator.model import Citation, Source


class Independence:
    """Union-find over sources: two sources sharing any origin id fall in one group."""

    def __init__(self, sources: Iterable[Source]):
        self.parent: dict[str, str] = {}
        first_with_origin: dict[str, str] = {}
        for source in sources:
            self.parent.setdefault(source.id, source.id)
            for origin in source.derives_from:
                if origin.id in first_with_origin:
                    self._union(source.id, first_with_origin[origin.id])
                else:
                    first_with_origin[origin.id] = source.id

    def _find(self, source_id: str) -> str:
        while self.parent[source_id] != source_id:
            self.parent[source_id] = self.parent[self.parent[source_id]]
            source_id = self.parent[source_id]
        return source_id

    def _union(self, a: str, b: str) -> None:
        root_a, root_b = sorted((self._find(a), self._find(b)))
        self.parent[root_b] = root_a

    def group(self, source_id: str) -> str:
        return self._find(source_id)

    def groups(self) -> list[list[str]]:
        members: dict[str, list[str]] = {}
        for source_id in sorted(self.parent):
            members.setdefault(self._find(source_id), []).append(source_id)
        return sorted(members.values())

    def origins(self, citations: Iterable[Citation]) -> int:
        return len({self._find(c.source) for c in citations})
