"""Ids and what points at them: unique ids, known references, quotes placed in their sources, aliases."""

from __future__ import annotations

from typing import Any, NamedTuple

from generator import layout
from generator.model import RECORD_LISTS, Actor, Citation
from generator.problems import did_you_mean
from generator.validate.quotes import Miss
from generator.validate.run import Run
from generator.validate.walk import Links


def check_unique_ids(run: Run) -> None:
    for name, key in RECORD_LISTS.items():
        if name not in run.models:
            continue  # the file is missing or failed its schema: references to it are not checked
        seen: dict[str, int] = {}  # id -> index of its first record
        for index, record in enumerate(run.records(name)):
            page = layout.taken_by_a_fixed_page(key, record.id)
            if page:
                run.problem(name, (key, index, "id"),
                            f"the id '{record.id}' is taken: its page would replace the generated {page}",
                            f"choose another id, e.g. '{record.id}-1'")
            if record.id in seen:
                first_line = run.doc(name).locate((key, seen[record.id], "id"))[0]
                run.problem(name, (key, index, "id"), f"duplicate id '{record.id}' (first used at line {first_line})",
                            "give each record its own id")
            else:
                seen[record.id] = index
        run.ids[key] = set(seen)


class CheckedLinks(NamedTuple):
    """What check_links made of one record's links without finding a problem, and in what world."""

    world: Any
    placed: list[Citation]
    mentions: tuple[set[str], set[str]]  # (actor ids, the sources cited about them)


def check_links(run: Run) -> None:
    """Each record's links (walked once per file) check its references, place its quotes and note which
    actors it names. Under `mkdocs serve`, links kept from the last build (an unchanged record's) that were
    sound in the same world (the same ids, source texts and files) are sound again: what they placed and
    noted is taken as it was (their citations hold their passages still)."""
    world = run.world("links", (run.ids, run.indexes, run.source_files, run.project.paths.seeds_dir))
    for name, record, links in run.links:
        known = links.checked
        if known is not None and known.world is world:
            run.citation_count += len(links.citations)
            run.placed.extend(known.placed)
            _mention(run, *known.mentions)
            continue
        problems, placed = len(run.problems), len(run.placed)
        _check_references(run, name, links)
        _place_quotes(run, name, links)
        mentions = _mentions(record, links) if name in RECORD_LISTS and name != "sources.yml" else (set(), set())
        _mention(run, *mentions)
        if run.keeping and len(run.problems) == problems:
            links.checked = CheckedLinks(world, run.placed[placed:], mentions)


def _check_references(run: Run, name: str, links: Links) -> None:
    for ref in links.references:
        known = run.ids.get(ref.target)
        if known is None or ref.id in known:
            continue  # the target file failed its own checks: don't pile on
        kind = ref.target.removesuffix("s")
        run.problem(name, ref.path, f"unknown {kind} '{ref.id}'", did_you_mean(ref.id, known, kind))


def _place_quotes(run: Run, name: str, links: Links) -> None:
    for path, citation in links.citations:
        run.citation_count += 1
        index = run.indexes.get(citation.source)
        if index is None:
            continue  # unknown or unreadable source: reported already
        found = index.locate(citation.quote, citation.paragraph, citation.occurrence)
        if isinstance(found, Miss):
            source_file = f"{run.project.paths.seeds_dir}/{run.source_files[citation.source]}"
            run.problem(name, (*path, "quote"), f"quote not placed in {source_file}: {found.message}", found.hint)
        else:
            object.__setattr__(citation, "passage", found)  # the frozen record's one fact set after parsing
            run.placed.append(citation)


def _mentions(record: Any, links: Links) -> tuple[set[str], set[str]]:
    """Sources cited by a record count as sources 'about' every actor the record names (and itself)."""
    sources = {citation.source for _, citation in links.citations}
    actor_ids = {ref.id for ref in links.references if ref.target == "actors"}
    if isinstance(record, Actor):
        actor_ids.add(record.id)
    return actor_ids, sources


def _mention(run: Run, actor_ids: set[str], sources: set[str]) -> None:
    for actor_id in actor_ids:
        run.mentions.setdefault(actor_id, set()).update(sources)


def check_aliases(run: Run) -> None:
    """An alias must be spelled as in a source cited about the actor (so search finds real spellings). Not
    while a data file failed its own checks: the sources its records cite about actors are unknown."""
    if any(name not in run.models for name in run.project.data_files):
        return
    for index, actor in enumerate(run.records("actors.yml")):
        candidates = [run.indexes[s] for s in sorted(run.mentions.get(actor.id, ())) if s in run.indexes]
        for number, alias in enumerate(actor.aliases):
            if candidates and not any(c.contains(alias) for c in candidates):
                run.problem("actors.yml", ("actors", index, "aliases", number),
                            f"alias '{alias}' of '{actor.id}' does not occur in the sources cited about it",
                            "copy the spelling from a source, or cite the source that spells it so")
