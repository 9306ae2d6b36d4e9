"""Load on its own: the data files are parsed one at a time, in name order, and what cannot be read is a problem."""

from __future__ import annotations

from pathlib import Path

from generator.load import load_project

from conftest import mini_paths


def test_documents_are_parsed_one_at_a_time_in_name_order(mini_copy: Path) -> None:
    project = load_project(mini_paths(mini_copy))
    stream = project.read_documents()
    first, _, _ = next(stream)
    assert first == "actors.yml" and list(project.documents) == ["actors.yml"]  # nothing else parsed yet
    names = [first, *(name for name, _, _ in stream)]
    assert names == sorted(p.name for p in (mini_copy / "site_data").glob("*.yml"))
    assert project.problems == [] and project.parse_seconds > 0


def test_an_unknown_data_file_and_an_unreadable_one_are_problems(mini_copy: Path) -> None:
    (mini_copy / "site_data" / "actor.yml").write_text("actors: []\n", encoding="utf-8")
    (mini_copy / "site_data" / "demands.yml").write_bytes(b"demands:\n  - id: \xff\n")
    project = load_project(mini_paths(mini_copy))
    list(project.read_documents())
    found = {(p.file, p.message) for p in project.problems}
    assert ("site_data/actor.yml", "unknown data file 'actor.yml'") in found
    assert ("site_data/demands.yml", "the file is not UTF-8") in found
