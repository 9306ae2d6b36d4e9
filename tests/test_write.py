"""Write stage on its own: streamed pages and chunked exports land on disk, or nothing changes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.write import MARKER, write_tree


def _pages() -> Iterator[tuple[str, str | Iterator[str]]]:
    yield "index.md", "# Home\n"
    yield "actors/a.md", "# A\n"
    yield "exports/data.json", iter(['{"a": [', "1, ", "2]}\n"])  # an export arrives in chunks


def test_streamed_pages_and_chunked_exports_are_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    count, reason = write_tree(_pages(), out, protected=[])
    assert (count, reason) == (3, "")
    assert (out / "actors" / "a.md").read_text(encoding="utf-8") == "# A\n"
    assert (out / "exports" / "data.json").read_text(encoding="utf-8") == '{"a": [1, 2]}\n'
    assert (out / MARKER).exists()


def test_a_previous_tree_is_replaced_whole(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(iter([("old.md", "old\n")]), out, protected=[])
    write_tree(_pages(), out, protected=[])
    assert not (out / "old.md").exists() and (out / "index.md").exists()


def test_a_failure_midway_leaves_the_previous_tree_and_no_debris(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(iter([("index.md", "before\n")]), out, protected=[])

    def failing() -> Iterator[tuple[str, str]]:
        yield "index.md", "after\n"
        raise RuntimeError("render failed")

    with pytest.raises(RuntimeError, match="render failed"):
        write_tree(failing(), out, protected=[])
    assert (out / "index.md").read_text(encoding="utf-8") == "before\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # the staging folder is gone


def test_refuses_a_folder_it_did_not_make_before_consuming_anything(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    consumed: list[str] = []

    def pages() -> Iterator[tuple[str, str]]:
        consumed.append("started")
        yield "index.md", "x"

    count, reason = write_tree(pages(), out, protected=[])
    assert count == 0 and "not made by the generator" in reason and consumed == []
    assert (out / "notes.txt").read_text() == "keep me"


def test_refuses_to_write_over_a_protected_folder(tmp_path: Path) -> None:
    data = tmp_path / "site_data"
    data.mkdir()
    count, reason = write_tree(iter([("index.md", "x")]), data, protected=[data])
    assert count == 0 and "would overwrite" in reason and list(data.iterdir()) == []
