"""Stage 2, validate: schema, unique ids, cross-references, source files and quotes — all problems at once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from generator.load import LoadedProject, SeedFile
from generator.model import FILE_MODELS, Actor, Citation, Source
from generator.problems import Problem, did_you_mean
from generator.quotes import Miss, Passage, SourceIndex
from generator.resolved import ValidDossier
from generator.schema_check import check_schema
from generator.text import Paragraph, split_paragraphs
from generator.walk import citations_in, references_in
from generator.yaml_loader import Path, YamlDocument

RECORD_LISTS = {"sources.yml": "sources", "actors.yml": "actors", "demands.yml": "demands",
                "timeline.yml": "events", "questions.yml": "questions"}


@dataclass
class _Run:
    project: LoadedProject
    models: dict[str, BaseModel] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    ids: dict[str, set[str]] = field(default_factory=dict)
    indexes: dict[str, SourceIndex] = field(default_factory=dict)
    passages: dict[Citation, Passage] = field(default_factory=dict)
    citation_count: int = 0

    def doc(self, name: str) -> YamlDocument:
        return self.project.documents[name]

    def records(self, name: str) -> list[Any]:
        model = self.models.get(name)
        return list(getattr(model, RECORD_LISTS[name])) if model is not None else []


def validate(project: LoadedProject) -> tuple[ValidDossier | None, list[Problem]]:
    """Check everything; return the dossier only when there is no problem at all."""
    run = _Run(project, problems=list(project.problems))
    for name, document in project.documents.items():
        model, problems = check_schema(document, FILE_MODELS[name])
        run.problems.extend(problems)
        if model is not None:
            run.models[name] = model
    _check_unique_ids(run)
    _check_references(run)
    _check_source_files(run)
    _check_quotes(run)
    _check_aliases(run)
    _check_boilerplate(run)
    if run.problems or "dossier.yml" not in run.models:
        return None, sorted(set(run.problems))
    return _assemble(run), []


def _check_unique_ids(run: _Run) -> None:
    for name, key in RECORD_LISTS.items():
        if name not in run.models:
            continue  # the file is missing or failed its schema: references to it are not checked
        seen: dict[str, int] = {}  # id -> index of its first record
        for index, record in enumerate(run.records(name)):
            if record.id in seen:
                first_line = run.doc(name).locate((key, seen[record.id], "id"))[0]
                run.problems.append(run.doc(name).problem(
                    (key, index, "id"), f"duplicate id '{record.id}' (first used at line {first_line})",
                    "give each record its own id"))
            else:
                seen[record.id] = index
        run.ids[key] = set(seen)


def _check_references(run: _Run) -> None:
    for name, model in run.models.items():
        for ref in references_in(model):
            known = run.ids.get(ref.target)
            if known is None or ref.id in known:
                continue  # the target file failed its own checks: don't pile on
            kind = ref.target.removesuffix("s")
            run.problems.append(run.doc(name).problem(
                ref.path, f"unknown {kind} '{ref.id}'", did_you_mean(ref.id, known)))


def _check_source_files(run: _Run) -> None:
    seeds = run.project.seeds
    described: set[str] = set()
    seeds_dir = run.project.paths.seeds_dir
    for index, source in enumerate(run.records("sources.yml")):
        assert isinstance(source, Source)
        path: Path = ("sources", index, "file")
        described.add(source.file)
        problem = _source_file_problem(source.file, seeds, seeds_dir)
        if problem:
            run.problems.append(run.doc("sources.yml").problem(path, *problem))
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
        return f"there is no file '{file}' in {seeds_dir}/", did_you_mean(file, seeds)
    if seed.text is None:
        return f"{seeds_dir}/{file} {seed.refusal}", "fix the file, then run check again"
    return None


def paragraphs_of(run: _Run, source: Source) -> tuple[Paragraph, ...] | None:
    seed = run.project.seeds.get(source.file)
    if seed is None or seed.text is None or _source_file_problem(source.file, run.project.seeds, ""):
        return None
    return split_paragraphs(seed.text, source.paragraphs)


def _build_indexes(run: _Run) -> None:
    for source in run.records("sources.yml"):
        assert isinstance(source, Source)
        paragraphs = paragraphs_of(run, source)
        if paragraphs is not None and source.id not in run.indexes:
            run.indexes[source.id] = SourceIndex(source.id, paragraphs)


def _all_citations(run: _Run) -> Iterator[tuple[str, Path, Citation]]:
    for name, model in run.models.items():
        for path, citation in citations_in(model):
            yield name, path, citation


def _check_quotes(run: _Run) -> None:
    _build_indexes(run)
    for name, path, citation in _all_citations(run):
        run.citation_count += 1
        index = run.indexes.get(citation.source)
        if index is None:
            continue  # unknown or unreadable source: reported already
        found = index.locate(citation.quote, citation.paragraph, citation.occurrence)
        if isinstance(found, Miss):
            source_file = run.project.paths.seeds_dir + "/" + _file_of(run, citation.source)
            run.problems.append(run.doc(name).problem(
                path + ("quote",), f"quote not placed in {source_file}: {found.message}", found.hint))
        else:
            run.passages[citation] = found


def _file_of(run: _Run, source_id: str) -> str:
    for source in run.records("sources.yml"):
        if source.id == source_id:
            return str(source.file)
    return source_id


def _check_aliases(run: _Run) -> None:
    """An alias must be spelled as in a source cited about the actor (so search finds real spellings)."""
    mentions = _sources_citing_each_actor(run)
    for index, actor in enumerate(run.records("actors.yml")):
        assert isinstance(actor, Actor)
        candidates = [run.indexes[s] for s in sorted(mentions.get(actor.id, ())) if s in run.indexes]
        for number, alias in enumerate(actor.aliases):
            if candidates and not any(c.contains(alias) for c in candidates):
                run.problems.append(run.doc("actors.yml").problem(
                    ("actors", index, "aliases", number),
                    f"alias '{alias}' of '{actor.id}' does not occur in the sources cited about it",
                    "copy the spelling from a source, or cite the source that spells it so"))


def _sources_citing_each_actor(run: _Run) -> dict[str, set[str]]:
    """actor id -> ids of sources cited by records that name the actor (or by the actor itself)."""
    result: dict[str, set[str]] = {}
    for name in run.models:
        if name not in RECORD_LISTS or name == "sources.yml":
            continue
        for record in run.records(name):
            sources = {c.source for _, c in citations_in(record)}
            actor_ids = {r.id for r in references_in(record) if r.target == "actors"}
            if isinstance(record, Actor):
                actor_ids.add(record.id)
            for actor_id in actor_ids:
                result.setdefault(actor_id, set()).update(sources)
    return result


def _check_boilerplate(run: _Run) -> None:
    for index, source in enumerate(run.records("sources.yml")):
        assert isinstance(source, Source)
        count = len(run.indexes[source.id].paragraphs) if source.id in run.indexes else None
        for number, paragraph in enumerate(source.boilerplate):
            if count is not None and not 1 <= paragraph <= count:
                run.problems.append(run.doc("sources.yml").problem(
                    ("sources", index, "boilerplate", number),
                    f"paragraph {paragraph} does not exist (the source has {count})",
                    "use the numbers shown on the source page"))


def _assemble(run: _Run) -> ValidDossier:
    def records(name: str) -> tuple:  # type: ignore[type-arg]
        return tuple(run.records(name))

    return ValidDossier(
        dossier=run.models["dossier.yml"].dossier,  # type: ignore[attr-defined]
        sources=records("sources.yml"),
        actors=records("actors.yml"),
        demands=records("demands.yml"),
        events=records("timeline.yml"),
        questions=records("questions.yml"),
        texts={sid: index.paragraphs for sid, index in run.indexes.items()},
        passages=run.passages,
        citation_count=run.citation_count,
    )
