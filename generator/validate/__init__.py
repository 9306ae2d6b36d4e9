"""Stage 2, validate: schema, ids, references, sources, quotes and tradecraft — all problems at once."""

from __future__ import annotations

from typing import Any

from generator.load import LoadedProject, ParsedFiles
from generator.model import FILE_MODELS, RECORD_LISTS
from generator.problems import Problem
from generator.validate.dossier import ValidDossier
from generator.validate.quotes import SourceIndexes
from generator.validate.references import check_aliases, check_links, check_unique_ids
from generator.validate.run import CheckedFile, FileLinks, Run, edited_links, file_links
from generator.validate.schema import check_edit, check_schema
from generator.validate.sources import check_derivation, check_furniture, check_source_files
from generator.validate.tradecraft import check_tradecraft


def validate(project: LoadedProject, parsed: ParsedFiles | None = None, indexes: SourceIndexes | None = None,
             worlds: dict[str, Any] | None = None) -> tuple[ValidDossier | None, list[Problem]]:
    """Check everything; return the dossier only when there is no problem at all. With `parsed` and `indexes`
    (kept by `mkdocs serve`), a data file unchanged since the last build keeps its checked model, and an
    unchanged source its index (with its quotes placed); with `worlds`, an unchanged record found sound is
    not checked again while what its checks read beyond it is unchanged (`Run.world`)."""
    run = Run(project, kept_indexes=indexes if indexes is not None else {}, keeping=parsed is not None,
              kept_worlds=worlds if worlds is not None else {})
    kept_links: dict[str, FileLinks] = {}
    for name, document, known in project.read_documents(parsed):
        problems: list[Problem] = []
        if known is not None:
            model, kept_links[name] = known
        elif document.edit is not None:  # only some records changed: check those, keep the others
            model, problems = check_edit(document, FILE_MODELS[name], RECORD_LISTS[name])
            links = edited_links(name, model, document.edit) if model is not None else None
            if links is not None:
                kept_links[name] = links
        else:
            model, problems = check_schema(document, FILE_MODELS[name])
        document.data = document.edit = None  # the model keeps what it needs: let the raw data go
        run.problems.extend(problems)
        if model is not None:
            run.models[name] = model
    for name, model in run.models.items():  # made once every file is parsed: parsing a large one needs the room
        links = kept_links[name] if name in kept_links else file_links(name, model)
        run.links.extend(links)
        if parsed is not None:
            parsed.keep(name, project.documents[name], CheckedFile(model, links))
    run.problems.extend(project.problems)
    check_unique_ids(run)
    check_source_files(run)
    check_links(run)
    check_aliases(run)
    check_furniture(run)
    check_derivation(run)
    if not run.problems:  # tradecraft reads placed quotes and lines of reporting: only on sound records
        check_tradecraft(run)
    if run.problems or "dossier.yml" not in run.models:
        return None, sorted(set(run.problems))
    return _assemble(run), []


def _assemble(run: Run) -> ValidDossier:
    def records(name: str) -> tuple[Any, ...]:
        return tuple(run.records(name))

    return ValidDossier(
        dossier=run.models["dossier.yml"].dossier,
        sources=records("sources.yml"),
        actors=records("actors.yml"),
        demands=records("demands.yml"),
        events=records("timeline.yml"),
        questions=records("questions.yml"),
        texts={sid: index.paragraphs for sid, index in run.indexes.items()},
        citations=tuple(run.placed),
        citation_count=run.citation_count,
        independence=run.independence,
    )
