"""The relationship map: who demands what of whom, who responded, who sits on which side.

Emitted as Mermaid source. Every label goes through `escape.mermaid_label`; node links point at
the generated pages with the site's file URLs (`.html`, as the offline build requires).
"""

from __future__ import annotations

import posixpath

from generator import layout
from generator.dates import parse_fuzzy_date
from generator.model import Actor, Demand
from generator.render.escape import mermaid_label
from generator.validate.dossier import ValidDossier

STANCE_VERBS = {"accepts": "accepts", "partially-accepts": "partly accepts", "rejects": "rejects",
                "counter-proposal": "counters", "non-committal": "non-committal", "defers": "defers"}


def side_of(actor: Actor, by_id: dict[str, Actor]) -> Actor:
    """The top of the actor's affiliation chain: the 'side' it sits on (cycles stop where they start)."""
    seen = {actor.id}
    while actor.affiliation and actor.affiliation in by_id and actor.affiliation not in seen:
        actor = by_id[actor.affiliation]
        seen.add(actor.id)
    return actor


def _short(text: str, limit: int = 60) -> str:
    """Demand labels are cut at a word boundary: the full text is on the linked page and in the list."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def _node(prefix: str, record_id: str) -> str:
    return prefix + record_id.replace("-", "_")


def _href(from_page: str, to_page: str) -> str:
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".").removesuffix(".md") + ".html"


MAX_MAP_DEMANDS = 60  # past this a diagram stops being readable (and Mermaid slow): the newest are drawn


def mapped_demands(d: ValidDossier) -> list[Demand]:
    """The demands the map draws: all of them, or the most recent MAX_MAP_DEMANDS."""
    newest = sorted(d.demands, key=lambda x: (parse_fuzzy_date(x.since).sort_key, x.id), reverse=True)
    return sorted(newest[:MAX_MAP_DEMANDS], key=lambda x: x.id)


def mermaid_map(d: ValidDossier, page: str) -> str:
    """Mermaid flowchart: sides (top of each affiliation chain) and demands, with who demands of
    whom and who responded how. Individual actors are listed as text beside it: at side level the
    picture stays readable as the dossier grows."""
    by_id = d.actor_by_id

    def side(actor_id: str) -> str:
        return side_of(by_id[actor_id], by_id).id

    lines = ["flowchart LR"]
    edges: dict[str, None] = {}
    sides: set[str] = set()
    demands = mapped_demands(d)
    for demand in demands:
        node = _node("d_", demand.id)
        lines.append(f'  {node}{{{{"{mermaid_label(_short(demand.demand))}"}}}}:::demand')
        for actor_id in demand.by:
            sides.add(side(actor_id))
            edges[f"  {_node('a_', side(actor_id))} -->|demands| {node}"] = None
        for actor_id in demand.of:
            sides.add(side(actor_id))
            edges[f"  {node} -->|of| {_node('a_', side(actor_id))}"] = None
        for response in demand.responses:
            for actor_id in response.by:
                sides.add(side(actor_id))
                edges[f"  {_node('a_', side(actor_id))} -.->|{STANCE_VERBS[response.stance]}| {node}"] = None
    lines += [f'  {_node("a_", s)}["{mermaid_label(by_id[s].name)}"]:::side' for s in sorted(sides)]
    lines += list(edges)
    lines += [f'  click {_node("a_", s)} href "{_href(page, layout.actor_page(s))}"' for s in sorted(sides)]
    lines += [f'  click {_node("d_", dm.id)} href "{_href(page, layout.demand_page(dm.id))}"' for dm in demands]
    lines.append("  classDef demand fill:#fff3a0,stroke:#8a6d00,color:#000")
    lines.append("  classDef side fill:#dfe7ff,stroke:#3f51b5,color:#000,font-weight:bold")
    return "\n".join(lines)
