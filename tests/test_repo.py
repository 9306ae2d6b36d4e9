"""Tests that keep the repository honest: the frozen example, generated files, docs and topic neutrality."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.authoring.init import STARTER_CONFIG
from generator.authoring.reference import generated_files
from generator.cli import _parser
from generator.load import ProjectPaths

from conftest import EXAMPLE, MINI, REPO, example_words

SHARED_SEEDS = REPO.parent / "shared" / "seeds"


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="../shared/seeds is not beside this checkout")
def test_the_frozen_example_keeps_the_seeds_verbatim() -> None:
    shared = sorted(p.name for p in SHARED_SEEDS.iterdir())
    assert sorted(p.name for p in (EXAMPLE / "seeds").iterdir()) == shared
    for name in shared:
        assert (EXAMPLE / "seeds" / name).read_bytes() == (SHARED_SEEDS / name).read_bytes(), name


def test_the_repository_site_setup_is_the_one_init_writes() -> None:
    assert (REPO / "mkdocs.yml").read_text(encoding="utf-8") == STARTER_CONFIG.read_text(encoding="utf-8")


def test_json_schemas_and_reference_are_current() -> None:
    for path, text in generated_files(ProjectPaths(REPO)).items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name} is stale: run python -m generator schema"


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


EXAMPLE_WORDS = re.compile(r"\b(russia\w*|nato|kremlin|ukrain\w*|putin|peskov|afp|la presse)\b|seeds/00\d|ab95294131",
                           re.IGNORECASE)


def test_the_tool_knows_nothing_about_the_example() -> None:
    """Nothing in the generator, the templates, the reference or the schemas names the example's topic."""
    words = example_words()
    files = [*(REPO / "generator").rglob("*.py"), *(REPO / "generator").rglob("*.md"),
             *(REPO / "generator").rglob("*.yml"), *(REPO / "docs_templates").rglob("*.jinja"),
             REPO / "REFERENCE.md", *(REPO / "site_data" / "schema").glob("*.json"), REPO / "mkdocs.yml"]
    for path in files:
        text = path.read_text(encoding="utf-8")
        if path.name == "words.py":  # a table of every common language's name ('"ru": "Russian"') is no topic
            text = re.sub(r'"[a-z]{2}": "[A-Z][a-z]+"', "", text)
        assert not EXAMPLE_WORDS.search(text), path
        assert not [w for w in words if w in text], path


def test_cli_check_passes_on_both_fixtures() -> None:
    for root, sources in ((MINI, 2), (EXAMPLE, 5)):
        result = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "check"], cwd=REPO,
                                capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
        assert result.returncode == 0, result.stderr
        assert re.match(rf"OK: {sources} sources, \d+ actors, \d+ demands, \d+ events, \d+ questions, "
                        r"\d+ citations verified\.", result.stdout)


def test_cli_build_writes_the_tree_and_refuses_data_folders(mini_copy: Path, tmp_path: Path) -> None:
    shutil.copytree(REPO / "docs_templates", mini_copy / "docs_templates")
    out = tmp_path / "md"
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(mini_copy), "build", "--out",
                             str(out)], cwd=mini_copy, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (out / "index.md").exists() and (out / "sources").is_dir()
    again = subprocess.run([sys.executable, "-m", "generator", "build", "--out", "site_data"], cwd=mini_copy,
                           capture_output=True, text=True)
    assert again.returncode == 1 and "refusing" in again.stderr
