"""Shared fixtures: the repository, the small 'mini' project, and a copy of it to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.load import ProjectPaths

REPO = Path(__file__).resolve().parent.parent
MINI = REPO / "tests" / "fixtures" / "mini"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="rewrite tests/goldens from the current output")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def mini_paths(root: Path = MINI) -> ProjectPaths:
    """The mini project, using the repository's real templates."""
    return ProjectPaths(root, templates_dir=str(REPO / "docs_templates"))


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A private copy of the mini project (site_data + seeds) that a test may break."""
    target = tmp_path / "project"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture
def repo_paths() -> ProjectPaths:
    return ProjectPaths(REPO)
