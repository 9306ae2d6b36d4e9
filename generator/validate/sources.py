"""Sources: each file exists and reads, each is described, furniture exists, and derivation has no loop."""

from __future__ import annotations

from generator.load import SeedFile
from generator.load.text import split_paragraphs
from generator.model import FURNITURE_KINDS, Source
from generator.problems import Problem, did_you_mean
from generator.validate.independence import Independence
from generator.validate.quotes import SourceIndex
from generator.validate.run import Run


def check_source_files(run: Run) -> None:
    """Every source's file exists and reads; every file is described. Indexes each readable source once."""
    seeds = run.project.seeds
    described: set[str] = set()
    seeds_dir = run.project.paths.seeds_dir
    used: set[tuple[str, str, str]] = set()
    for index, source in enumerate(run.records("sources.yml")):
        described.add(source.file)
        run.source_files.setdefault(source.id, source.file)
        problem = _source_file_problem(source.file, seeds, seeds_dir)
        if problem:
            run.problem("sources.yml", ("sources", index, "file"), *problem)
        elif source.id not in run.indexes:  # a duplicate id is reported already
            text = seeds[source.file].text
            assert text is not None
            key = (source.id, source.paragraphs, text)
            used.add(key)
            known = run.kept_indexes.get(key)
            if known is None:
                known = run.kept_indexes[key] = SourceIndex(source.id, split_paragraphs(text, source.paragraphs))
            run.indexes[source.id] = known
    for stale in set(run.kept_indexes) - used:  # keep the indexes of today's sources only
        del run.kept_indexes[stale]
    for name in sorted(set(seeds) - described):
        if "sources.yml" in run.models:
            run.problems.append(Problem(
                f"{seeds_dir}/{name}", 1, 1, "this source file is not described in sources.yml",
                f"run 'python -m generator new-source {seeds_dir}/{name}' or remove the file"))


def _source_file_problem(file: str, seeds: dict[str, SeedFile], seeds_dir: str) -> tuple[str, str] | None:
    if file.startswith(("/", "\\")) or ":" in file[:3] or "\\" in file or ".." in file.split("/"):
        return (f"'{file}' points outside {seeds_dir}/",
                f"give the file's name inside {seeds_dir}/ (no '..', no absolute path)")
    seed = seeds.get(file)
    if seed is None:
        return f"there is no file '{file}' in {seeds_dir}/", did_you_mean(file, seeds, "file")
    if seed.text is None:
        return f"{seeds_dir}/{file} {seed.refusal}", seed.hint or "fix the file, then run check again"
    return None


def check_furniture(run: Run) -> None:
    """Furniture names paragraphs that exist."""
    for index, source in enumerate(run.records("sources.yml")):
        count = len(run.indexes[source.id].paragraphs) if source.id in run.indexes else None
        for kind in FURNITURE_KINDS:
            for number, paragraph in enumerate(getattr(source.furniture, kind)):
                if count is not None and not 1 <= paragraph <= count:
                    run.problem("sources.yml", ("sources", index, "furniture", kind, number),
                                f"paragraph {paragraph} does not exist (the source has {count})",
                                "use the numbers shown on the source page")


def check_derivation(run: Run) -> None:
    """A source derives from another source of the dossier or from an outside origin (which says what it
    is); never from itself, and never in a loop. Then the lines of reporting are known."""
    sources: list[Source] = run.records("sources.yml")
    source_ids = {s.id for s in sources}
    for index, source in enumerate(sources):
        for number, origin in enumerate(source.derives_from):
            path = ("sources", index, "derives_from", number)
            if origin.id == source.id:
                run.problem("sources.yml", (*path, "id"), f"source '{source.id}' is said to derive from itself",
                            "name the source or outside origin it copies, or remove the entry")
            elif origin.id not in source_ids and origin.kind is None:
                run.problem("sources.yml", path, f"'{origin.id}' is not a source of this dossier, so it is an outside "
                            "origin and needs a 'kind'",
                            "add kind: wire, broadcast, interview, outlet, statement, document, social or other; or "
                            "correct the id if it names a source " + did_you_mean(origin.id, source_ids, "source"))
    for loop in _loops(sources, source_ids):
        index = next(i for i, s in enumerate(sources) if s.id == loop[0])
        number = next(n for n, o in enumerate(sources[index].derives_from) if o.id == loop[1])
        run.problem("sources.yml", ("sources", index, "derives_from", number, "id"),
                    "sources derive from one another in a loop: " + " → ".join([*loop, loop[0]]),
                    "a source copies an earlier one: keep the direction the reporting went, remove the other")
    run.independence = Independence(sources, (c for _, _, links in run.links for _, c in links.citations))


def _loops(sources: list[Source], source_ids: set[str]) -> list[list[str]]:
    """Loops of source-to-source derivation, each from the first of its sources met in file order: one
    depth-first walk (every source visited once), so at least one loop of each tangle is reported."""
    follows: dict[str, list[str]] = {}
    for source in sources:  # a duplicate id is reported already: its first record stands for it
        follows.setdefault(source.id, [o.id for o in source.derives_from if o.id in source_ids and o.id != source.id])
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    loops: list[list[str]] = []
    for start in follows:
        if start in state:
            continue
        path, todo = [start], [iter(follows[start])]
        state[start] = 1
        while todo:
            nxt = next(todo[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                todo.pop()
            elif state.get(nxt) == 1:
                loops.append(path[path.index(nxt):])
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                todo.append(iter(follows[nxt]))
    return loops
