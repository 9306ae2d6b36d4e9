"""Shared fixtures: the repository, the small 'mini' project, and a copy of it to break."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import build, collect
from generator.load import ProjectPaths
from generator.problems import Problem

REPO = Path(__file__).resolve().parent.parent
MINI = REPO / "tests" / "fixtures" / "mini"
# The benchmark's scripts import each other by name (they run as scripts, not as a package): their tests
# import them the same way. Appended, so nothing installed can be shadowed by them.
sys.path.append(str(REPO / "benchmarks"))


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


@pytest.fixture
def repo_paths() -> ProjectPaths:
    return ProjectPaths(REPO)


def mkdocs_build(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` in a subprocess, as a user would run it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
                          cwd=config.parent, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real dossier, built once per test session."""
    site = tmp_path_factory.mktemp("real") / "site"
    result = mkdocs_build(REPO / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "WARNING" not in result.stderr, result.stderr[-3000:]
    return site


def mini_config(tmp: Path, site_data: Path = MINI / "site_data", seeds: Path = MINI / "seeds") -> Path:
    """An mkdocs.yml in `tmp` that builds the mini project's data with the repository's site setup."""
    config = tmp / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {REPO / 'mkdocs.yml'}\nsite_name: Mini\ndocs_dir: {REPO / 'docs'}\n"
        f"plugins:\n  - search\n  - dossier:\n      data_dir: {site_data}\n      seeds_dir: {seeds}\n"
        f"      templates_dir: {REPO / 'docs_templates'}\n", encoding="utf-8")
    return config
