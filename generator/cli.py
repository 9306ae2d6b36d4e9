"""Command line: `python -m generator check | build --out DIR | init [DIR] | new-source FILE | schema | edition`."""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path

from generator.build import build, check
from generator.load import ProjectPaths
from generator.problems import Problem


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description="Build a sourced briefing dossier.")
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder (default: current)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate the data and quotes; print every problem; exit 1 on any")
    build_command = commands.add_parser("build", help="write the generated Markdown tree to a folder")
    build_command.add_argument("--out", type=Path, required=True,
                               help="output folder (created; must not be site_data/)")
    start = commands.add_parser("init", help="start a new, empty dossier (in DIR, default: the project folder)")
    start.add_argument("dir", nargs="?", type=Path, help="where to start it (default: --root)")
    start.add_argument("--title", default="A new dossier", help="the dossier's title (it names the site)")
    start.add_argument("--as-of", dest="as_of", type=_day, help="the date it is current to (default: today)")
    start.add_argument("--force", action="store_true", help="replace the dossier already there (data and seeds)")
    new = commands.add_parser("new-source", help="add a source file to seeds/ and a stub entry to sources.yml")
    new.add_argument("file", type=Path, help="the text file to add")
    new.add_argument("--id", help="id for the new source (default: from the file name)")
    commands.add_parser("schema", help="regenerate the JSON Schemas and REFERENCE.md from the data model")
    commands.add_parser("edition", help="keep the current data as the edition of its as-of date (before moving "
                        "as_of), so the next edition can say what changed")
    return parser


def _day(text: str) -> str:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, not {text!r}") from None


def report(problems: list[Problem], stream: object = sys.stderr) -> None:
    for problem in problems:
        print(problem.format(), file=stream)  # type: ignore[call-overload]
    noun = "problem" if len(problems) == 1 else "problems"
    print(f"{len(problems)} {noun} found.", file=stream)  # type: ignore[call-overload]


def _check(paths: ProjectPaths) -> int:
    checked = check(paths)
    if checked.dossier is None:
        report(checked.problems)
        return 1
    d = checked.dossier
    print(f"OK: {len(d.sources)} sources, {len(d.actors)} actors, {len(d.demands)} demands, "
          f"{len(d.events)} events, {len(d.questions)} questions, "
          f"{d.citation_count} citations verified.")
    return 0


def _build(paths: ProjectPaths, out: Path) -> int:
    from generator.write import refusal, write_tree

    protected = [paths.data, paths.seeds, paths.templates, paths.root]
    reason = refusal(out, protected)  # before the work, not after it
    if reason:
        print(reason, file=sys.stderr)
        return 1
    built = build(paths, partial(write_tree, out=out, protected=protected))
    if built.made is None:
        report(built.problems)
        return 1
    count, reason = built.made
    if reason:
        print(reason, file=sys.stderr)
        return 1
    print(f"Wrote {count} pages to {out}.")
    return 0


def _edition(paths: ProjectPaths) -> int:
    from generator.load.editions import keep_edition

    try:
        _, said = keep_edition(paths.data)
    except (OSError, ValueError) as error:
        print(f"cannot keep the edition: {error}", file=sys.stderr)
        return 1
    print(said)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    paths = ProjectPaths(args.root.resolve())
    try:
        if args.command == "check":
            return _check(paths)
        if args.command == "build":
            return _build(paths, args.out)
        if args.command == "init":
            from generator.authoring.init import init

            return init(ProjectPaths((args.dir or args.root).resolve()), args.title, args.as_of, args.force)
        if args.command == "new-source":
            from generator.authoring.new_source import add_source

            return add_source(paths, args.file, args.id)
        if args.command == "edition":
            return _edition(paths)
        from generator.authoring.reference import write_schemas

        return write_schemas(paths)
    except KeyboardInterrupt:
        return 130
