"""Shared fixtures: two dossiers under tests/fixtures, never the live site_data/ and seeds/.

- `mini`: a small dossier on an invented topic (a harbour ferry dispute), with hostile text in its sources;
- `example`: a frozen copy of the example dossier (five news articles, about 450 citations);
- `festival`: an invented night-market dispute for the reader-side browser tests: accented, Cyrillic and
  variant-spelled names, every date precision, a previous edition kept in site_data/editions/.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

from generator.build import build, check, collect
from generator.load import ProjectPaths
from generator.problems import Problem
from generator.validate.dossier import ValidDossier

REPO = Path(__file__).resolve().parent.parent
MINI = REPO / "tests" / "fixtures" / "mini"
EXAMPLE = REPO / "tests" / "fixtures" / "example"
FESTIVAL = REPO / "tests" / "fixtures" / "festival"
# The benchmark's scripts import each other by name (they run as scripts, not as a package): their tests
# import them the same way. Appended, so nothing installed can be shadowed by them.
sys.path.append(str(REPO / "benchmarks"))

# Property tests draw the same examples on every run and every machine (a failure in CI is a failure
# here), keep no database between runs, and print what reproduces a failure.
settings.register_profile("repeatable", derandomize=True, database=None, print_blob=True)
settings.load_profile("repeatable")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="rewrite tests/goldens from the current output")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def mini_paths(root: Path = MINI) -> ProjectPaths:
    """The mini project, using the repository's real templates."""
    return ProjectPaths(root, templates_dir=str(REPO / "docs_templates"))


def write_goldens(folder: Path, pages: dict[str, str]) -> None:
    """`pytest --update-goldens`: make `folder` hold exactly `pages` (goldens no page produces any more go)."""
    for stale in [p for p in folder.rglob("*") if p.is_file() and p.relative_to(folder).as_posix() not in pages]:
        stale.unlink()
    for path, text in pages.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text, encoding="utf-8", newline="\n")
    for empty in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
        if not any(empty.iterdir()):
            empty.rmdir()


def build_pages(paths: ProjectPaths) -> tuple[dict[str, str], list[Problem]]:
    """The whole build into memory: `{path: text}` and no problems, or no pages and the problems."""
    built = build(paths, collect)
    return built.made or {}, built.problems


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A private copy of the mini project (site_data + seeds) that a test may break."""
    target = tmp_path / "project"
    shutil.copytree(MINI, target)
    return target


def example_paths() -> ProjectPaths:
    """The frozen example, using the repository's real templates."""
    return ProjectPaths(EXAMPLE, templates_dir=str(REPO / "docs_templates"))


def _python(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """This Python in a new process, without MkDocs 2's banner; its output captured."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, *arguments], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def mkdocs_build(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` in a subprocess, as a user would run it."""
    return _python("-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site), cwd=config.parent)


FRESH_BUILD = """
import logging
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
logging.basicConfig(format="%(levelname)s %(message)s", level=logging.WARNING)
config_file, site, serve_url, command = sys.argv[1:]
config = load_config(config_file, site_dir=site)
config.strict = False  # as after a save: a warning must not stop the server
config.site_url = serve_url
config.plugins.on_startup(command=command, dirty=False)
build(config, serve_url=serve_url)
"""


def fresh_build(config: Path, site: Path, serve_url: str, command: str = "build") -> list[str]:
    """What `mkdocs serve` at `serve_url` makes first, in a new process with nothing kept on disk: MkDocs keeps
    one plugin instance per process, so a build in this one would reuse what earlier builds kept. With
    `command="serve"`, data problems make the pages that list them, as the server's first build does.
    Returns the lines the build logged."""
    shutil.rmtree(config.parent / ".cache", ignore_errors=True)
    done = _python("-c", FRESH_BUILD, str(config), str(site), serve_url, command, cwd=config.parent)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stderr.splitlines()


def example_words() -> list[str]:
    """Words particular to the example: its title, its actors' names, its sources' ids and short names."""
    import yaml

    data = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (EXAMPLE / "site_data").glob("*.yml")}
    words = {data["dossier"]["dossier"]["title"]}
    words |= {a["name"] for a in data["actors"]["actors"]}
    words |= {s["id"] for s in data["sources"]["sources"]} | {s["short_name"] for s in data["sources"]["sources"]}
    return sorted(w for w in words if len(w) > 3)


def built_site(tmp: Path, project: Path) -> Path:
    """`project` (a fixture dossier) built strictly with the repository's mkdocs.yml, as a user would."""
    site = tmp / "site"
    config = tmp / "mkdocs.yml"
    config.write_text(f"INHERIT: {REPO / 'mkdocs.yml'}\ndocs_dir: {REPO / 'docs'}\n" + _dossier_plugin(
        project / "site_data", project / "seeds", offline=True), encoding="utf-8")
    result = mkdocs_build(config, site)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "WARNING" not in result.stderr, result.stderr[-3000:]
    return site


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The frozen example dossier, built once per test session."""
    return built_site(tmp_path_factory.mktemp("example"), EXAMPLE)


def mini_config(tmp: Path, site_data: Path = MINI / "site_data", seeds: Path = MINI / "seeds") -> Path:
    """An mkdocs.yml in `tmp` that builds the mini project's data with the repository's site setup."""
    config = tmp / "mkdocs.yml"
    config.write_text(f"INHERIT: {REPO / 'mkdocs.yml'}\ndocs_dir: {REPO / 'docs'}\n" +
                      _dossier_plugin(site_data, seeds), encoding="utf-8")
    return config


def _dossier_plugin(site_data: Path, seeds: Path, offline: bool = False) -> str:
    """The repository's `plugins:` (a list, so INHERIT cannot merge it): search with its settings,
    offline when asked, and the dossier plugin reading the given data."""
    import json

    import yaml

    plugins = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["plugins"]
    search = next(p for p in plugins if p == "search" or (isinstance(p, dict) and "search" in p))
    dossier = {"dossier": {"data_dir": str(site_data), "seeds_dir": str(seeds),
                           "templates_dir": str(REPO / "docs_templates")}}
    chosen = [search, *(["offline"] if offline else []), dossier]
    return "plugins: " + json.dumps(chosen) + "\n"  # JSON is YAML


# Checking a broken copy of a fixture: one problem at file:line:column, in plain words.


def write(root: Path, relative: str, text: str) -> None:
    (root / relative).write_text(text, encoding="utf-8")


def replace_line(root: Path, relative: str, number: int, old: str, new: str) -> None:
    """Change line `number` (1-based) of a fixture file; `old` guards against the fixture drifting."""
    path = root / relative
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[number - 1] == old, f"{relative}:{number} is {lines[number - 1]!r}"
    lines[number - 1] = new
    path.write_text("\n".join(lines), encoding="utf-8")


def problems_of(root: Path) -> list[Problem]:
    result = check(mini_paths(root))
    assert result.dossier is None, "the broken project passed the check"
    assert result.problems
    return result.problems


def valid(root: Path) -> ValidDossier:
    result = check(mini_paths(root))
    assert result.problems == [], [p.format() for p in result.problems]
    assert result.dossier is not None
    return result.dossier


def at(problems: list[Problem], file: str, line: int, column: int, *words: str) -> Problem:
    """The one problem at file:line:column; every word must occur in its message or hint."""
    here = [p for p in problems if (p.file, p.line, p.column) == (file, line, column)]
    assert len(here) == 1, f"expected one problem at {file}:{line}:{column}, got:\n" + listing(problems)
    text = f"{here[0].message} ({here[0].hint})"
    for word in words:
        assert word in text, f"{word!r} not in {text!r}"
    assert "Traceback" not in text and not re.match(r"\w+(Error|Exception)\b", text), "a raw exception leaked"
    return here[0]


def only(problems: list[Problem], file: str, line: int, column: int, *words: str) -> Problem:
    """Like `at`, and nothing else is reported (no pile-on of follow-up errors)."""
    assert len(problems) == 1, listing(problems)
    return at(problems, file, line, column, *words)


def listing(problems: list[Problem]) -> str:
    return "\n".join(p.format() for p in problems)
