"""`python -m generator new-source FILE`: bring a text into seeds/ and stub its entry in sources.yml.

The stub fills what the text itself tells (file, paragraph count, date signals) and leaves the
fields only an analyst can judge empty, so `check` points at each one until it is filled in.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from generator.load import ProjectPaths
from generator.load.text import decode_source, split_paragraphs

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_DATE_SIGNALS = re.compile(
    rf"\b(?:\d{{4}}-\d{{2}}-\d{{2}}|{_MONTH}\.? \d{{1,2}}(?:, \d{{4}})?|\d{{1,2}} {_MONTH}(?: \d{{4}})?"
    r"|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|Posted (?:on|at) [^\n]{1,40})"
)


def date_signals(text: str, limit: int = 8) -> list[str]:
    """Distinct date-like phrases in order of appearance: hints for `published` and relative dates."""
    found = dict.fromkeys(m.group().strip() for m in _DATE_SIGNALS.finditer(text))
    return list(found)[:limit]


def _source_id(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", Path(name).stem.lower()).strip("-") or "source"


def _stub(source_id: str, file_name: str, text: str) -> str:
    paragraphs = split_paragraphs(text)
    signals = "; ".join(date_signals(text)) or "none found"
    return (
        f"\n  # Added by new-source: {len(paragraphs)} paragraphs; date signals: {signals}\n"
        f"  # Fill in every empty field, then run `python -m generator check`.\n"
        f"  - id: {source_id}\n"
        f"    file: {file_name}\n"
        f"    title:\n    short_name:\n    outlet:\n"
        f"    language: en\n    original_language:\n"
        f"    translation: {{status: unknown}}\n"
        f"    published:\n      date:\n      established:\n"
        f"    reliability:\n      grade: F\n      reason:\n"
    )


def add_source(paths: ProjectPaths, file: Path, source_id: str | None) -> int:
    """Copy `file` into seeds/ (if it is not there) and append a stub to sources.yml."""
    if not file.is_file() or file.is_symlink():
        print(f"{file}: not a regular file; give the path of a text file", flush=True)
        return 1
    decoded = decode_source(file.read_bytes())
    if decoded.text is None:
        print(f"{file} {decoded.refusal}; {decoded.hint}")
        return 1
    text = decoded.text
    target = paths.seeds / file.name
    if target.exists() and target.resolve() != file.resolve() and target.read_bytes() != file.read_bytes():
        print(f"{file}: seeds/{file.name} already exists with other content; rename the file first")
        return 1
    sources_yml = paths.data / "sources.yml"
    if sources_yml.exists() and re.search(rf"^\s*file:\s*['\"]?{re.escape(file.name)}", sources_yml.read_text(),
                                          re.MULTILINE):
        print(f"{file}: sources.yml already describes {file.name}")
        return 1
    paths.seeds.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        shutil.copyfile(file, target)
    if not sources_yml.exists():
        paths.data.mkdir(parents=True, exist_ok=True)
        sources_yml.write_text("# yaml-language-server: $schema=schema/sources.schema.json\nsources:\n")
    elif not sources_yml.read_text(encoding="utf-8").endswith("\n"):
        sources_yml.open("a", encoding="utf-8").write("\n")
    with sources_yml.open("a", encoding="utf-8") as handle:
        handle.write(_stub(source_id or _source_id(file.name), file.name, text))
    print(f"Copied to {paths.seeds_dir}/{file.name} and added a stub to {paths.data_dir}/sources.yml.")
    print("Fill in the empty fields; `python -m generator check` lists what is still missing.")
    return 0
