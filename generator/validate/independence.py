"""Lines of reporting: claims that may come from one origin count once.

A source carries origins: itself and what it `derives_from`, an outside origin such as a wire dispatch,
or another source of the dossier, whose origins it then carries too, with the origins that source's
citations name (a copy carries every claim of what it copies). A citation that names its claim's
`origin` (one intelligence estimate, one interview) has that origin only; any other may have come from
any origin its source carries. Two citations are of one line of reporting when they may share an origin;
a set of citations holds as many independent lines as it has groups that share none. So two origins
reported by one article are two lines, and a copy of an article is of one line with every claim of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from generator.model import Citation, Source

T = TypeVar("T")


class Independence:
    def __init__(self, sources: Iterable[Source], citations: Iterable[Citation] = ()):
        self._declared: dict[str, list[str]] = {s.id: [o.id for o in s.derives_from] for s in sources}
        self._named: dict[str, set[str]] = {}  # source id -> the origins its citations name
        for citation in citations:
            if citation.origin:
                self._named.setdefault(citation.source, set()).add(citation.origin)
        self._origins: dict[str, frozenset[str]] = {}
        self._groups: list[list[str]] | None = None
        self._group_of: dict[str, int] | None = None

    @property
    def facts(self) -> tuple[dict[str, list[str]], dict[str, set[str]]]:
        """What it was made of: what each source derives from, and the origins its citations name."""
        return self._declared, self._named

    def origins_of_source(self, source_id: str, seen: frozenset[str] = frozenset()) -> frozenset[str]:
        """The source itself and every origin it derives from, through the sources it copies."""
        known = self._origins.get(source_id)
        if known is not None:
            return known
        found = {source_id}
        for origin in self._declared.get(source_id, ()):
            if origin in self._declared and origin not in seen:  # another source: its origins and claims too
                found |= self.origins_of_source(origin, seen | {source_id}) | self._named.get(origin, set())
            found.add(origin)
        self._origins[source_id] = frozenset(found)
        return self._origins[source_id]

    def possible(self, citation: Citation) -> frozenset[str]:
        """The origins the cited claim may come from: the one it names, else any its source carries."""
        return frozenset((citation.origin,)) if citation.origin else self.origins_of_source(citation.source)

    def independent(self, a: Citation, b: Citation) -> bool:
        return not self.possible(a) & self.possible(b)

    def lines(self, citations: Iterable[Citation]) -> list[list[Citation]]:
        """The citations grouped into lines of reporting (groups that share no possible origin)."""
        return _merge((self.possible(c), c) for c in citations)

    def origins(self, citations: Iterable[Citation]) -> int:
        """How many independent lines of reporting stand behind these citations."""
        return len(self.lines(citations))

    def groups(self) -> list[list[str]]:
        """The sources grouped by shared origins (each group and the list sorted): lines of reporting."""
        if self._groups is None:
            merged = _merge((self.origins_of_source(s), s) for s in sorted(self._declared))
            self._groups = sorted(sorted(members) for members in merged)
        return self._groups

    def group(self, source_id: str) -> int:
        """The number of the group of sources a source belongs to (see `groups`)."""
        if self._group_of is None:
            self._group_of = {s: n for n, group in enumerate(self.groups()) for s in group}
        return self._group_of[source_id]


def _merge(items: Iterable[tuple[frozenset[str], T]]) -> list[list[T]]:
    """The items grouped so that no two groups share an origin, each group in the order given."""
    groups: list[tuple[set[str], list[T]]] = []
    for item_origins, item in items:
        origins, members = set(item_origins), [item]
        for group in [g for g in groups if g[0] & origins]:
            groups.remove(group)
            origins |= group[0]
            members = group[1] + members
        groups.append((origins, members))
    return [members for _, members in groups]
