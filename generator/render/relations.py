"""The relationship map: who demands what of whom, who responded how, who sits on which side.

No graph drawing: a graph of a few dozen sides and demands is a hairball whose labels shrink to
nothing on a phone. The map page shows one small card per demand instead (map.md.jinja): the parties
that make it, the parties it is made of, and every response with its stance in words and colour.
"""

from __future__ import annotations

from generator.dates import parse_fuzzy_date
from generator.model import Actor, Demand
from generator.validate.dossier import ValidDossier


def side_of(actor: Actor, by_id: dict[str, Actor]) -> Actor:
    """The top of the actor's affiliation chain: the 'side' it sits on (cycles stop where they start)."""
    seen = {actor.id}
    while actor.affiliation and actor.affiliation in by_id and actor.affiliation not in seen:
        actor = by_id[actor.affiliation]
        seen.add(actor.id)
    return actor


MAX_MAP_DEMANDS = 60  # cards on the map page: the most recent demands (the tracker lists them all)


def mapped_demands(d: ValidDossier) -> list[Demand]:
    """The demands the map shows, oldest first: all of them, or the most recent MAX_MAP_DEMANDS."""
    newest = sorted(d.demands, key=lambda x: (parse_fuzzy_date(x.since).sort_key, x.id), reverse=True)
    return newest[:MAX_MAP_DEMANDS][::-1]
