"""Tests that keep the repository honest: seeds, generated files, docs and topic neutrality."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.authoring.reference import generated_files
from generator.cli import _parser
from generator.load import ProjectPaths

from conftest import REPO

SHARED_SEEDS = REPO.parent / "shared" / "seeds"


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="../shared/seeds is not beside this checkout")
def test_seeds_are_byte_identical_to_shared() -> None:
    shared = sorted(p.name for p in SHARED_SEEDS.iterdir())
    assert sorted(p.name for p in (REPO / "seeds").iterdir()) == shared
    for name in shared:
        assert (REPO / "seeds" / name).read_bytes() == (SHARED_SEEDS / name).read_bytes(), name


def test_json_schemas_and_reference_are_current() -> None:
    for path, text in generated_files(ProjectPaths(REPO)).items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name} is stale: run python -m generator schema"


def test_every_data_file_points_to_its_schema() -> None:
    for path in (REPO / "site_data").glob("*.yml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=schema/{path.stem}.schema.json", path.name


def test_readme_documents_every_cli_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = _parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in commands:
        assert f"python -m generator {name}" in readme, f"README does not document '{name}'"


def test_ci_runs_the_readme_test_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = re.search(r"Run the tests:\n\n```sh\n(.+)\n```", readme)
    assert command is not None
    ci_lines = (REPO / ".ci" / "run").read_text().splitlines()
    assert command.group(1) in ci_lines


def test_generator_knows_nothing_about_the_topic() -> None:
    words = re.compile(r"\b(russia\w*|nato|kremlin|ukrain\w*|putin|peskov)\b|seeds/00\d|ab95294131", re.IGNORECASE)
    for path in [*(REPO / "generator").rglob("*.py"), *(REPO / "generator").rglob("*.md"),
                 *(REPO / "docs_templates").rglob("*.jinja")]:
        assert not words.search(path.read_text(encoding="utf-8")), path


def test_cli_check_passes_on_the_real_dossier() -> None:
    result = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert re.match(r"OK: 5 sources, \d+ actors, \d+ demands, \d+ events, \d+ questions, \d+ citations verified\.",
                    result.stdout)


def test_cli_build_writes_the_tree_and_refuses_data_folders(tmp_path: Path) -> None:
    out = tmp_path / "md"
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--out", str(out)], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (out / "index.md").exists() and (out / "sources").is_dir()
    again = subprocess.run([sys.executable, "-m", "generator", "build", "--out", "site_data"], cwd=REPO,
                           capture_output=True, text=True)
    assert again.returncode == 1 and "refusing" in again.stderr
