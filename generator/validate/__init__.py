"""Stage 2, validate: schema, unique ids, cross-references, source files and quotes — all problems at once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from generator import layout
from generator.load import LoadedProject, SeedFile
from generator.load.text import split_paragraphs
from generator.load.yaml_reader import Path, YamlDocument
from generator.model import FILE_MODELS, Actor, Citation, Source
from generator.problems import Problem, did_you_mean
from generator.validate.dossier import ValidDossier
from generator.validate.independence import Independence
from generator.validate.quotes import Miss, SourceIndex
from generator.validate.schema import check_schema
from generator.validate.walk import Links, links_in

RECORD_LISTS = {"sources.yml": "sources", "actors.yml": "actors", "demands.yml": "demands",
                "timeline.yml": "events", "questions.yml": "questions"}


@dataclass
class _Run:
    project: LoadedProject
    models: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    ids: dict[str, set[str]] = field(default_factory=dict)
    indexes: dict[str, SourceIndex] = field(default_factory=dict)
    source_files: dict[str, str] = field(default_factory=dict)  # source id -> file, for messages
    placed: list[Citation] = field(default_factory=list)  # every citation whose quote was found, in order
    mentions: dict[str, set[str]] = field(default_factory=dict)  # actor id -> sources cited about it
    citation_count: int = 0

    def doc(self, name: str) -> YamlDocument:
        return self.project.documents[name]

    def records(self, name: str) -> list[Any]:
        model = self.models.get(name)
        return getattr(model, RECORD_LISTS[name]) if model is not None else []


def validate(project: LoadedProject) -> tuple[ValidDossier | None, list[Problem]]:
    """Check everything; return the dossier only when there is no problem at all."""
    run = _Run(project)
    for name, document in project.read_documents():
        model, problems = check_schema(document, FILE_MODELS[name])
        document.data = None  # the model keeps what it needs: let the raw data go before the next file
        run.problems.extend(problems)
        if model is not None:
            run.models[name] = model
    run.problems.extend(project.problems)
    _check_unique_ids(run)
    _check_source_files(run)
    _check_links(run)
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
            page = layout.taken_by_a_fixed_page(key, record.id)
            if page:
                run.problems.append(run.doc(name).problem(
                    (key, index, "id"), f"the id '{record.id}' is taken: its page would replace the generated {page}",
                    f"choose another id, e.g. '{record.id}-1'"))
            if record.id in seen:
                first_line = run.doc(name).locate((key, seen[record.id], "id"))[0]
                run.problems.append(run.doc(name).problem(
                    (key, index, "id"), f"duplicate id '{record.id}' (first used at line {first_line})",
                    "give each record its own id"))
            else:
                seen[record.id] = index
        run.ids[key] = set(seen)


def _check_source_files(run: _Run) -> None:
    """Every source's file exists and reads; every file is described. Indexes each readable source once."""
    seeds = run.project.seeds
    described: set[str] = set()
    seeds_dir = run.project.paths.seeds_dir
    for index, source in enumerate(run.records("sources.yml")):
        described.add(source.file)
        run.source_files.setdefault(source.id, source.file)
        problem = _source_file_problem(source.file, seeds, seeds_dir)
        if problem:
            run.problems.append(run.doc("sources.yml").problem(("sources", index, "file"), *problem))
        elif source.id not in run.indexes:  # a duplicate id is reported already
            text = seeds[source.file].text
            assert text is not None
            run.indexes[source.id] = SourceIndex(source.id, split_paragraphs(text, source.paragraphs))
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


def _linked_records(run: _Run) -> Iterator[tuple[str, Path, Any]]:
    """(file, path, record) for every top-level record that may cite or refer: one walk each."""
    for name, model in run.models.items():
        key = RECORD_LISTS.get(name)
        if key is None:  # dossier.yml: a single record
            yield name, (), model
            continue
        for index, record in enumerate(getattr(model, key)):
            yield name, (key, index), record


def _check_links(run: _Run) -> None:
    """One walk per record checks its references, places its quotes and notes which actors it names."""
    for name, path, record in _linked_records(run):
        links = links_in(record, path)
        _check_references(run, name, links)
        _place_quotes(run, name, links)
        if name in RECORD_LISTS and name != "sources.yml":
            _note_mentions(run, record, links)


def _check_references(run: _Run, name: str, links: Links) -> None:
    for ref in links.references:
        known = run.ids.get(ref.target)
        if known is None or ref.id in known:
            continue  # the target file failed its own checks: don't pile on
        kind = ref.target.removesuffix("s")
        run.problems.append(run.doc(name).problem(
            ref.path, f"unknown {kind} '{ref.id}'", did_you_mean(ref.id, known)))


def _place_quotes(run: _Run, name: str, links: Links) -> None:
    for path, citation in links.citations:
        run.citation_count += 1
        index = run.indexes.get(citation.source)
        if index is None:
            continue  # unknown or unreadable source: reported already
        found = index.locate(citation.quote, citation.paragraph, citation.occurrence)
        if isinstance(found, Miss):
            source_file = f"{run.project.paths.seeds_dir}/{run.source_files[citation.source]}"
            run.problems.append(run.doc(name).problem(
                (*path, "quote"), f"quote not placed in {source_file}: {found.message}", found.hint))
        else:
            object.__setattr__(citation, "passage", found)  # the frozen record's one fact set after parsing
            run.placed.append(citation)


def _note_mentions(run: _Run, record: Any, links: Links) -> None:
    """Sources cited by a record count as sources 'about' every actor the record names (and itself)."""
    sources = {citation.source for _, citation in links.citations}
    actor_ids = {ref.id for ref in links.references if ref.target == "actors"}
    if isinstance(record, Actor):
        actor_ids.add(record.id)
    for actor_id in actor_ids:
        run.mentions.setdefault(actor_id, set()).update(sources)


def _check_aliases(run: _Run) -> None:
    """An alias must be spelled as in a source cited about the actor (so search finds real spellings)."""
    for index, actor in enumerate(run.records("actors.yml")):
        assert isinstance(actor, Actor)
        candidates = [run.indexes[s] for s in sorted(run.mentions.get(actor.id, ())) if s in run.indexes]
        for number, alias in enumerate(actor.aliases):
            if candidates and not any(c.contains(alias) for c in candidates):
                run.problems.append(run.doc("actors.yml").problem(
                    ("actors", index, "aliases", number),
                    f"alias '{alias}' of '{actor.id}' does not occur in the sources cited about it",
                    "copy the spelling from a source, or cite the source that spells it so"))


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
    def records(name: str) -> tuple[Any, ...]:
        return tuple(run.records(name))

    sources = records("sources.yml")
    return ValidDossier(
        dossier=run.models["dossier.yml"].dossier,
        sources=sources,
        actors=records("actors.yml"),
        demands=records("demands.yml"),
        events=records("timeline.yml"),
        questions=records("questions.yml"),
        texts={sid: index.paragraphs for sid, index in run.indexes.items()},
        citations=tuple(run.placed),
        citation_count=run.citation_count,
        independence=Independence(sources),
    )
