"""`python -m generator init [DIR]`: start a new, empty dossier that builds at once.

Writes `site_data/` (dossier.yml with the title and the as-of date, an empty file for each kind of
record, the JSON Schemas editors read) and an empty `seeds/`. A folder that is not this checkout also
gets what the site is built with: `mkdocs.yml`, the stylesheet and scripts in `docs/`, and the page
templates in `docs_templates/`, copied from the tool. A folder that already holds a dossier is left alone
unless `--force` says to replace it (its data and seeds only).
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

from generator.authoring.reference import SCHEMA_FOLDER, json_schemas
from generator.load import ProjectPaths
from generator.model import FILE_MODELS

TOOL = Path(__file__).resolve().parents[2]  # the checkout the generator runs from
STARTER_CONFIG = Path(__file__).with_name("starter") / "mkdocs.yml"
RECORD_KEYS = {"sources.yml": "sources", "actors.yml": "actors", "demands.yml": "demands",
               "timeline.yml": "events", "questions.yml": "questions"}


def init(paths: ProjectPaths, title: str, as_of: str | None, force: bool) -> int:
    root = paths.root
    reason = _refusal(paths)
    if reason and not force:
        print(f"{root}: {reason}; nothing was changed.\n"
              f"Give another folder (python -m generator init ../my-dossier), or add --force to replace it "
              "(its data and seeds only).", file=sys.stderr)
        return 1
    day = as_of or dt.date.today().isoformat()
    _replace_data(paths, title, day)
    copied = _tool_files(root)
    print(f"Started the dossier '{title}' (as of {day}) in {root}.")
    if copied:
        print("Copied the site's set-up from the tool: " + ", ".join(copied) + ".")
    print("Next: python -m generator new-source FILE, then cite it; mkdocs serve shows the site.")
    return 0


def _refusal(paths: ProjectPaths) -> str:
    """Why starting a dossier here would destroy one, or ''."""
    seeds = [p for p in paths.seeds.glob("*") if p.is_file() and not p.name.startswith(".")] \
        if paths.seeds.is_dir() else []
    data = [p for p in paths.data.glob("*.yml")] if paths.data.is_dir() else []
    if not data and not seeds:
        return ""
    what = f"{len(data)} data file(s) in {paths.data_dir}/" + (f" and {len(seeds)} source file(s) in "
                                                               f"{paths.seeds_dir}/" if seeds else "")
    return f"this folder already holds a dossier ({what}), which init would replace"


def _replace_data(paths: ProjectPaths, title: str, as_of: str) -> None:
    if paths.seeds.is_dir():
        for seed in paths.seeds.iterdir():
            if seed.is_file() and not seed.name.startswith("."):
                seed.unlink()
    paths.seeds.mkdir(parents=True, exist_ok=True)
    (paths.seeds / ".gitkeep").touch()  # git keeps no empty folder
    paths.data.mkdir(parents=True, exist_ok=True)
    for stale in paths.data.glob("*.yml"):
        stale.unlink()
    for name in FILE_MODELS:
        (paths.data / name).write_text(_starter_file(name, title, as_of), encoding="utf-8")
    schemas = paths.data / SCHEMA_FOLDER
    schemas.mkdir(exist_ok=True)
    for name, text in json_schemas().items():
        (schemas / name).write_text(text, encoding="utf-8", newline="\n")


def _starter_file(name: str, title: str, as_of: str) -> str:
    header = f"# yaml-language-server: $schema={SCHEMA_FOLDER}/{name.replace('.yml', '.schema.json')}\n"
    if name == "dossier.yml":
        quoted = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return f"{header}dossier:\n  title: {quoted}\n  as_of: {as_of}\n  language: en\n"
    return f"{header}{RECORD_KEYS[name]}:\n"


def _tool_files(root: Path) -> list[str]:
    """mkdocs.yml, docs/ and docs_templates/ from the tool, where the folder has none of its own."""
    copied = []
    if not (root / "mkdocs.yml").exists():
        shutil.copyfile(STARTER_CONFIG, root / "mkdocs.yml")
        copied.append("mkdocs.yml")
    for folder in ("docs", "docs_templates"):
        if not (root / folder).exists():
            shutil.copytree(TOOL / folder, root / folder)
            copied.append(f"{folder}/")
    return copied
