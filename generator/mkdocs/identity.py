"""The site's name, description and language come from site_data/dossier.yml, not from mkdocs.yml.

MkDocs insists on a `site_name` key, so mkdocs.yml leaves it empty (`site_name: ""`). Where mkdocs.yml
says something else than the dossier (another title, description or language), the build stops and
says where: otherwise every page would carry a stale name while `mkdocs build --strict` passed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from generator.model import Dossier
from generator.problems import Problem


def description_of(dossier: Dossier) -> str | None:
    """The site's one-line description: the dossier's own, else its bottom line."""
    return dossier.description or dossier.bottom_line


def conflicts(config_file: Path, written: Mapping[str, Any], dossier: Dossier, dossier_file: str) -> list[Problem]:
    """What mkdocs.yml (`written`: its own keys, as the user wrote them) says against the dossier."""
    wanted = {"site_name": dossier.title, "site_description": description_of(dossier)}
    problems = []
    for key, value in wanted.items():
        said = written.get(key)
        if said not in (None, "") and said != value:
            problems.append(_problem(config_file, key, f"{key} is {said!r}, but the dossier's "
                                     f"{'title' if key == 'site_name' else 'description'} is {value!r}",
                                     f"leave {key} empty in mkdocs.yml ({key}: \"\"); {dossier_file} names the site"))
    theme = written.get("theme")
    language = theme.get("language") if isinstance(theme, Mapping) else None
    if language not in (None, "", dossier.language):
        problems.append(_problem(config_file, "language", f"theme language is {language!r}, but the dossier's "
                                 f"language is {dossier.language!r}",
                                 f"remove 'language:' from the theme in mkdocs.yml; {dossier_file} sets it"))
    return problems


def apply(config: MkDocsConfig, dossier: Dossier) -> None:
    config.site_name = dossier.title
    config.site_description = description_of(dossier)
    config.theme["language"] = dossier.language
    config.copyright = edition_line(config.copyright, dossier)


def edition_line(copyright: str | None, dossier: Dossier) -> str:
    """The footer of every page says which edition it belongs to (the as-of date: a validated date, so
    safe as HTML), after the site's own copyright line when it has one."""
    from generator.dates import parse_fuzzy_date

    edition = f"Edition of {parse_fuzzy_date(dossier.as_of).label()}"
    if not copyright:
        return edition
    if edition in copyright:  # already said (a rebuild under serve sees the line it made)
        return copyright
    return f"{copyright} · {edition}"


def written_config(config_file: Path) -> Mapping[str, Any]:
    """mkdocs.yml's own keys (INHERIT followed), read with MkDocs' own loader, or {} if it cannot be read."""
    from mkdocs.utils.yaml import yaml_load

    try:
        with config_file.open("rb") as stream:
            loaded = yaml_load(stream)
    except Exception:  # MkDocs itself has read this file already; a second reading only informs
        return {}
    return loaded if isinstance(loaded, Mapping) else {}


def _problem(config_file: Path, key: str, message: str, hint: str) -> Problem:
    text = config_file.read_text(encoding="utf-8") if config_file.is_file() else ""
    found = re.search(rf"^([ \t]*){re.escape(key)}[ \t]*:", text, re.MULTILINE)
    if found is None:  # said in an INHERITed file
        return Problem(config_file.name, 1, 1, message, hint)
    return Problem(config_file.name, text.count("\n", 0, found.start()) + 1, len(found.group(1)) + 1, message, hint)
