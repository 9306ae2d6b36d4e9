"""Load on its own: the data files are parsed one at a time, in name order, and what cannot be read is a problem."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

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


def test_kept_seeds_are_read_again_only_once_their_file_changes(mini_copy: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Under serve a seed is read again when its file's stat changes (a save, even one of the same size),
    and a seed removed is forgotten; the texts are those a fresh load reads."""
    import generator.load as load

    decoded: list[bytes] = []

    def counted(data: bytes) -> Any:
        decoded.append(data)
        return decode(data)

    decode = load.decode_source
    monkeypatch.setattr(load, "decode_source", counted)
    seeds, kept = mini_copy / "seeds", {}
    for seed in seeds.iterdir():  # saved a while ago
        os.utime(seed, (time.time() - 60, time.time() - 60))
    first = load_project(mini_paths(mini_copy), kept)
    assert len(decoded) == 2 and len(kept) == 2
    again = load_project(mini_paths(mini_copy), kept)
    assert len(decoded) == 2 and again.seeds == first.seeds  # nothing read again
    same_size = (seeds / "a.txt").read_text(encoding="utf-8").replace("a", "e", 1)
    (seeds / "a.txt").write_text(same_size, encoding="utf-8")
    (seeds / "b.txt").unlink()
    edited = load_project(mini_paths(mini_copy), kept)
    assert len(decoded) == 3 and list(edited.seeds) == ["a.txt"]
    assert kept == {}  # b.txt is forgotten; a.txt was read within a clock tick of its save: not trusted yet
    load_project(mini_paths(mini_copy), kept)
    assert len(decoded) == 4  # so it is read again
    assert edited.seeds["a.txt"].text == load_project(mini_paths(mini_copy)).seeds["a.txt"].text
