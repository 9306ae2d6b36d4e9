"""Lines of reporting: claims that may come from one origin count once.

A source may carry several origins: what it `derives_from` (another source of the dossier, whose own
origins it inherits, or an outside origin such as a wire dispatch), and itself. A citation's claim may
come from any origin of its source — unless the citation names the claim's `origin` (one intelligence
estimate, one interview), which is then its only one. Two citations are of one line of reporting when
they may share an origin; a set of citations holds as many independent lines as it has groups that
share none.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.model import Citation, Source


class Independence:
    def __init__(self, sources: Iterable[Source]):
        self._declared: dict[str, list[str]] = {s.id: [o.id for o in s.derives_from] for s in sources}
        self._origins: dict[str, frozenset[str]] = {}
        self._groups: list[list[str]] | None = None
        self._group_of: dict[str, int] | None = None

    def origins_of_source(self, source_id: str, seen: frozenset[str] = frozenset()) -> frozenset[str]:
        """The source itself and every origin it derives from, through the sources it copies."""
        known = self._origins.get(source_id)
        if known is not None:
            return known
        found = {source_id}
        for origin in self._declared.get(source_id, ()):
            if origin in self._declared and origin not in seen:  # another source: its origins too
                found |= self.origins_of_source(origin, seen | {source_id})
            found.add(origin)
        self._origins[source_id] = frozenset(found)
        return self._origins[source_id]

    def possible(self, citation: Citation) -> frozenset[str]:
        """The origins the cited claim may come from."""
        return frozenset((citation.origin,)) if citation.origin else self.origins_of_source(citation.source)

    def independent(self, a: Citation, b: Citation) -> bool:
        return not self.possible(a) & self.possible(b)

    def lines(self, citations: Iterable[Citation]) -> list[list[Citation]]:
        """The citations grouped into lines of reporting (groups that share no possible origin)."""
        groups: list[tuple[set[str], list[Citation]]] = []
        for citation in citations:
            origins, members = set(self.possible(citation)), [citation]
            for group in [g for g in groups if g[0] & origins]:
                groups.remove(group)
                origins |= group[0]
                members = group[1] + members
            groups.append((origins, members))
        return [members for _, members in groups]

    def origins(self, citations: Iterable[Citation]) -> int:
        """How many independent lines of reporting stand behind these citations."""
        return len(self.lines(citations))

    def groups(self) -> list[list[str]]:
        """The sources grouped by shared origins (each group and the list sorted): lines of reporting."""
        if self._groups is None:
            groups: list[tuple[set[str], list[str]]] = []
            for source_id in sorted(self._declared):
                origins, members = set(self.origins_of_source(source_id)), [source_id]
                for group in [g for g in groups if g[0] & origins]:
                    groups.remove(group)
                    origins |= group[0]
                    members = group[1] + members
                groups.append((origins, members))
            self._groups = sorted(sorted(members) for _, members in groups)
        return self._groups

    def group(self, source_id: str) -> int:
        """The number of the group of sources a source belongs to (see `groups`)."""
        if self._group_of is None:
            self._group_of = {s: n for n, group in enumerate(self.groups()) for s in group}
        return self._group_of[source_id]
