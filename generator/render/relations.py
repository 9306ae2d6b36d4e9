"""The relationship map: who demands what of whom, who responded, who sits on which side.

Emitted as Mermaid source. Every label goes through `escape.mermaid_label`; node links point at
the generated pages with the site's file URLs (`.html`, as the offline build requires).
"""

from __future__ import annotations

import posixpath

from generator.escape import mermaid_label
from generator.model import Actor
from generator.render import paths
from generator.resolved import ValidDossier

STANCE_VERBS = {"accepts": "accepts", "partially-accepts": "partly accepts", "rejects": "rejects",
                "counter-proposal": "counters", "non-committal": "non-committal", "defers": "defers"}


def side_of(actor: Actor, by_id: dict[str, Actor]) -> Actor:
    """The top of the actor's affiliation chain: the 'side' it sits on (cycles stop where they start)."""
    seen = {actor.id}
    while actor.affiliation and actor.affiliation in by_id and actor.affiliation not in seen:
        actor = by_id[actor.affiliation]
        seen.add(actor.id)
    return actor


def _node(prefix: str, record_id: str) -> str:
    return prefix + record_id.replace("-", "_")


def _href(from_page: str, to_page: str) -> str:
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".").removesuffix(".md") + ".html"


def mermaid_map(d: ValidDossier, page: str) -> str:
    """Mermaid flowchart source for the demands, their parties and responses, grouped by side."""
    by_id = d.actor_by_id
    involved = sorted({a for dm in d.demands for a in [*dm.by, *dm.of, *(x for r in dm.responses for x in r.by)]})
    sides: dict[str, list[str]] = {}
    for actor_id in involved:
        sides.setdefault(side_of(by_id[actor_id], by_id).id, []).append(actor_id)
    lines = ["flowchart LR"]
    for side_id, members in sorted(sides.items()):
        lines.append(f'  subgraph {_node("side_", side_id)}["{mermaid_label(by_id[side_id].name)}"]')
        lines += [f'    {_node("a_", m)}["{mermaid_label(by_id[m].name)}"]' for m in members]
        lines.append("  end")
    for demand in d.demands:
        node = _node("d_", demand.id)
        lines.append(f'  {node}{{{{"{mermaid_label(demand.demand)}"}}}}:::demand')
        lines += [f"  {_node('a_', a)} -->|demands| {node}" for a in demand.by]
        lines += [f"  {node} -->|of| {_node('a_', a)}" for a in demand.of]
        for response in demand.responses:
            verb = STANCE_VERBS[response.stance]
            lines += [f"  {_node('a_', a)} -.->|{verb}| {node}" for a in response.by]
    for actor_id in involved:
        lines.append(f'  click {_node("a_", actor_id)} href "{_href(page, paths.actor_page(actor_id))}"')
    for demand in d.demands:
        lines.append(f'  click {_node("d_", demand.id)} href "{_href(page, paths.demand_page(demand.id))}"')
    lines.append("  classDef demand fill:#fff3a0,stroke:#8a6d00,color:#000")
    return "\n".join(lines)
