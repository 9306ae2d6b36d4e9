"""Load on its own: with enough YAML, a forked helper parses about half of it at the same time; the
documents, the dossier and every problem's position are the same as when one process parses all."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import pytest

import generator.load as load
from generator.load import ProjectPaths, balanced, load_project
from generator.parallel import Share
from generator.pipeline import build_pages, check
from generator.problems import Problem

from conftest import mini_paths


def _documents(paths: ProjectPaths) -> tuple[dict[str, object], list[Problem]]:
    project = load_project(paths)
    documents = {name: document.data for name, document in project.read_documents()}
    return documents, project.problems


@pytest.fixture
def shared_parse(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Parse every dossier two files at a time; the names this process parsed itself, as they come."""
    assert threading.active_count() == 1, "fork is used only in a single-threaded process"
    monkeypatch.setattr(load, "SHARED_PARSE_BYTES", 0)
    parsed_here: list[str] = []
    read = load.read_yaml_file

    def recorded(path: Path, shown: str) -> tuple[object, object]:
        parsed_here.append(path.name)  # in the helper this appends to its own copy: not seen here
        return read(path, shown)

    monkeypatch.setattr(load, "read_yaml_file", recorded)
    return parsed_here


def test_a_helper_parses_half_and_the_documents_are_the_same(repo_paths: ProjectPaths,
                                                               shared_parse: list[str]) -> None:
    shared, shared_problems = _documents(repo_paths)
    parsed_here = list(shared_parse)
    load.SHARED_PARSE_BYTES = 1 << 40  # (monkeypatch restores it) one process parses all
    alone, alone_problems = _documents(repo_paths)
    assert shared == alone and shared_problems == alone_problems == []
    sizes = {p.name: p.stat().st_size for p in (repo_paths.data).glob("*.yml")}
    assert parsed_here == balanced(sizes, 2)[0] and 0 < len(parsed_here) < len(sizes)


def test_the_pages_are_the_same_when_a_helper_parses(shared_parse: list[str]) -> None:
    shared, problems = build_pages(mini_paths())
    assert problems == [] and shared_parse
    load.SHARED_PARSE_BYTES = 1 << 40
    assert build_pages(mini_paths()) == (shared, [])


def test_problems_in_files_the_helper_parsed_keep_their_positions(mini_copy: Path, shared_parse: list[str]) -> None:
    data = mini_copy / "site_data"
    for name in ("sources.yml", "actors.yml", "timeline.yml", "questions.yml", "demands.yml"):
        text = (data / name).read_text(encoding="utf-8").splitlines(keepends=True)
        text.insert(3, "    unknown_field_here: 1\n" if name != "timeline.yml" else "  - [unclosed\n")
        (data / name).write_text("".join(text), encoding="utf-8")
    shared = check(ProjectPaths(mini_copy, templates_dir=str(mini_paths().templates))).problems
    helper_files = set(balanced({p.name: p.stat().st_size for p in data.glob("*.yml")}, 2)[1])
    assert helper_files - set(shared_parse) == helper_files  # they were parsed elsewhere
    load.SHARED_PARSE_BYTES = 1 << 40
    alone = check(ProjectPaths(mini_copy, templates_dir=str(mini_paths().templates))).problems
    assert shared == alone
    assert {p.file.rsplit("/", 1)[-1] for p in shared} & helper_files  # some came from the helper's files
    assert all(p.line > 1 for p in shared), [p.format() for p in shared]


def test_without_a_safe_fork_one_process_parses_all(repo_paths: ProjectPaths, shared_parse: list[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(threading, "active_count", lambda: 3)  # as under mkdocs serve
    documents, _ = _documents(repo_paths)
    assert sorted(shared_parse) == sorted(documents) == sorted(p.name for p in repo_paths.data.glob("*.yml"))


def test_files_are_shared_out_by_size() -> None:
    sizes = {"a.yml": 100, "b.yml": 60, "c.yml": 50, "d.yml": 5}
    assert balanced(sizes, 2) == [["a.yml", "d.yml"], ["b.yml", "c.yml"]]
    assert balanced({"only.yml": 1}, 2) == [["only.yml"], []]


def test_if_the_helper_dies_its_files_are_parsed_here(repo_paths: ProjectPaths, shared_parse: list[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    main, parse = os.getpid(), load.LoadedProject._parse_to_files

    def dying(self: load.LoadedProject, halves: list[list[str]], folder: Path, share: Share) -> int:
        if os.getpid() != main:
            os.kill(os.getpid(), signal.SIGKILL)
        return parse(self, halves, folder, share)

    monkeypatch.setattr(load.LoadedProject, "_parse_to_files", dying)
    documents, problems = _documents(repo_paths)
    assert sorted(shared_parse) == sorted(documents) == sorted(p.name for p in repo_paths.data.glob("*.yml"))
    assert problems == []
    load.SHARED_PARSE_BYTES = 1 << 40
    assert _documents(repo_paths) == (documents, [])
