"""Lines of reporting: sources and origins that copy one another count once.

A union-find over ids: each source joins what it `derives_from` (another source of the dossier, or an
outside origin such as a wire dispatch), so sources sharing an origin, or copying one another, fall in
one group. A citation belongs to the group of the claim's `origin` when it names one (one intelligence
estimate repeated by several articles counts once), else to its source's group.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.model import Citation, Source


class Independence:
    def __init__(self, sources: Iterable[Source]):
        self.parent: dict[str, str] = {}
        self.sources: list[str] = []
        for source in sources:
            self.sources.append(source.id)
            self._add(source.id)
            for origin in source.derives_from:
                self._union(source.id, origin.id)

    def _add(self, node: str) -> None:
        self.parent.setdefault(node, node)

    def _find(self, node: str) -> str:
        self._add(node)
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def _union(self, a: str, b: str) -> None:
        root_a, root_b = sorted((self._find(a), self._find(b)))
        self.parent[root_b] = root_a

    def group(self, source_id: str) -> str:
        return self._find(source_id)

    def line(self, citation: Citation) -> str:
        """The line of reporting a citation belongs to: its claim's origin's, else its source's."""
        return self._find(citation.origin or citation.source)

    def groups(self) -> list[list[str]]:
        """The sources, grouped by line of reporting (each group and the list sorted)."""
        members: dict[str, list[str]] = {}
        for source_id in sorted(self.sources):
            members.setdefault(self._find(source_id), []).append(source_id)
        return sorted(members.values())

    def origins(self, citations: Iterable[Citation]) -> int:
        """How many independent lines of reporting stand behind these citations."""
        return len({self.line(c) for c in citations})
