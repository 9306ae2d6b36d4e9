"""Command line: `python -m generator check | build --out DIR | new-source FILE | schema`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.load import ProjectPaths
from generator.pipeline import check
from generator.problems import Problem


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description="Build a sourced briefing dossier.")
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder (default: current)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate the data and quotes; print every problem; exit 1 on any")
    build = commands.add_parser("build", help="write the generated Markdown tree to a folder")
    build.add_argument("--out", type=Path, required=True, help="output folder (created; must not be site_data/)")
    build.add_argument("--jobs", type=_jobs, default=0, metavar="N",
                       help="processes that render at once (default: one per usable CPU, at most 4, as many as fit "
                            "in 1 GiB; 1: no fork)")
    new = commands.add_parser("new-source", help="add a source file to seeds/ and a stub entry to sources.yml")
    new.add_argument("file", type=Path, help="the text file to add")
    new.add_argument("--id", help="id for the new source (default: from the file name)")
    commands.add_parser("schema", help="regenerate the JSON Schemas and REFERENCE.md from the data model")
    return parser


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) > 64:
        raise argparse.ArgumentTypeError(f"expected a whole number of processes from 0 (automatic) to 64, not {text!r}")
    return int(text)


def report(problems: list[Problem], stream: object = sys.stderr) -> None:
    for problem in problems:
        print(problem.format(), file=stream)  # type: ignore[call-overload]
    noun = "problem" if len(problems) == 1 else "problems"
    print(f"{len(problems)} {noun} found.", file=stream)  # type: ignore[call-overload]


def _check(paths: ProjectPaths) -> int:
    result = check(paths)
    if result.dossier is None:
        report(result.problems)
        return 1
    d = result.dossier
    print(f"OK: {len(d.sources)} sources, {len(d.actors)} actors, {len(d.demands)} demands, "
          f"{len(d.events)} events, {len(d.questions)} questions, "
          f"{d.citation_count} citations verified.")
    return 0


def _build(paths: ProjectPaths, out: Path, jobs: int) -> int:
    from functools import partial

    from generator.pipeline import files_of_share, prepared_site
    from generator.template_cache import TemplateCache
    from generator.write import refusal, write_shared_tree

    protected = [paths.data, paths.seeds, paths.templates, paths.root]
    reason = refusal(out, protected)  # before the work, not after it
    if reason:
        print(reason, file=sys.stderr)
        return 1
    result = check(paths)
    if result.dossier is None:
        report(result.problems)
        return 1
    # Pages go to disk as they are rendered (a large dossier never holds them all in memory), by several
    # processes at once: each renders and writes its share of the files.
    site = prepared_site(result, TemplateCache(paths.cache / "templates"))
    count, reason = write_shared_tree(partial(files_of_share, site), out, protected, jobs)
    if reason:
        print(reason, file=sys.stderr)
        return 1
    print(f"Wrote {count} pages to {out}.")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    paths = ProjectPaths(args.root.resolve())
    try:
        if args.command == "check":
            return _check(paths)
        if args.command == "build":
            return _build(paths, args.out, args.jobs)
        if args.command == "new-source":
            from generator.new_source import add_source

            return add_source(paths, args.file, args.id)
        from generator.schema import write_schemas

        return write_schemas(paths)
    except KeyboardInterrupt:
        return 130
