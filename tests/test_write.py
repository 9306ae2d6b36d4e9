"""Write stage on its own: streamed pages and chunked exports land on disk, or nothing changes."""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import parallel
from generator.parallel import Share
from generator.write import MARKER, write_shared_tree, write_tree


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


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _numbered_pages(share: Share) -> Iterator[tuple[str, str | Iterator[str]]]:
    files = [(f"kind-{n % 3}/page-{n}.md", f"# Page {n}\n") for n in range(20)]
    files.append(("exports/all.json", iter(["[", "1", "]\n"])))
    return (file for number, file in enumerate(files) if share.holds(number))


@pytest.mark.parametrize("workers", [2, 3])
def test_shared_out_over_workers_the_tree_is_the_same(tmp_path: Path, workers: int) -> None:
    alone, shared = tmp_path / "alone", tmp_path / "shared"
    assert write_tree(_numbered_pages(Share()), alone, protected=[]) == (21, "")
    assert write_shared_tree(_numbered_pages, shared, protected=[], workers=workers) == (21, "")
    assert _tree(shared) == _tree(alone)


def test_a_failing_worker_leaves_the_previous_tree_and_no_debris(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(iter([("index.md", "before\n")]), out, protected=[])

    def files_of(share: Share) -> Iterator[tuple[str, str]]:
        yield f"page-{share.index}.md", "after\n"
        if share.index == 1:
            raise RuntimeError("render failed in worker 2")

    with pytest.raises(RuntimeError, match="render failed in worker 2"):  # raised again when redone here
        write_shared_tree(files_of, out, protected=[], workers=2)
    assert _tree(out) == {"index.md": b"before\n", MARKER: (out / MARKER).read_bytes()}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_the_files_of_a_worker_that_died_are_written_all_the_same(tmp_path: Path) -> None:
    main = os.getpid()

    def files_of(share: Share) -> Iterator[tuple[str, str | Iterator[str]]]:
        for number, file in enumerate(_numbered_pages(share)):
            if share.index == 1 and number == 3 and os.getpid() != main:
                os.kill(os.getpid(), signal.SIGKILL)  # midway through its share, some of its files written
            yield file

    alone, shared = tmp_path / "alone", tmp_path / "shared"
    write_tree(_numbered_pages(Share()), alone, protected=[])
    assert write_shared_tree(files_of, shared, protected=[], workers=2) == (21, "")
    assert _tree(shared) == _tree(alone)


def test_shared_writing_refuses_before_any_worker_starts(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")

    def files_of(share: Share) -> Iterator[tuple[str, str]]:
        raise AssertionError("no worker may start")

    count, reason = write_shared_tree(files_of, out, protected=[], workers=2)
    assert count == 0 and "not made by the generator" in reason


@pytest.mark.parametrize(("budget", "processes"), [(1 << 40, 2), (1, 1)])
def test_the_automatic_number_of_workers_keeps_to_the_memory_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    budget: int, processes: int) -> None:
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 2)
    monkeypatch.setattr(parallel, "MEMORY_BUDGET", budget)  # 1 byte: not even one copy of this process fits

    def files_of(share: Share) -> Iterator[tuple[str, str]]:
        return ((f"page-{n}.md", str(os.getpid())) for n in range(6) if share.holds(n))

    assert write_shared_tree(files_of, tmp_path / "out", protected=[], workers=0) == (6, "")
    writers = {(tmp_path / "out" / f"page-{n}.md").read_text() for n in range(6)}
    assert len(writers) == processes and str(os.getpid()) in writers


def test_a_rebuild_links_the_unchanged_pages_and_writes_the_rest(tmp_path: Path) -> None:
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    write_tree(iter([("index.md", "# Home\n"), ("a.md", "A\n"), ("gone.md", "old\n")]), out, protected=[])
    before = {name: (out / name).stat().st_ino for name in ("index.md", "a.md")}
    pages = [("index.md", "# Home\n"), ("a.md", "A, edited\n"), ("new.md", "new\n")]
    assert write_tree(iter(pages), out, protected=[]) == (3, "")
    write_tree(iter(pages), fresh, protected=[])
    assert _tree(out) == _tree(fresh)
    assert (out / "index.md").stat().st_ino == before["index.md"]  # the same file, linked: not written again
    assert (out / "a.md").stat().st_ino != before["a.md"]


def test_a_rebuild_never_links_through_a_symbolic_link(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.md"
    elsewhere.write_text("# Home\n")
    out = tmp_path / "out"
    write_tree(iter([("index.md", "# Home\n")]), out, protected=[])
    (out / "index.md").unlink()
    (out / "index.md").symlink_to(elsewhere)  # planted in the generated tree
    write_tree(iter([("index.md", "# Home\n")]), out, protected=[])
    assert not (out / "index.md").is_symlink() and (out / "index.md").read_text() == "# Home\n"
    assert (out / "index.md").stat().st_ino != elsewhere.stat().st_ino


def test_without_hard_links_a_rebuild_writes_every_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    write_tree(iter([("index.md", "# Home\n")]), out, protected=[])

    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError("hard links not supported")

    monkeypatch.setattr(os, "link", no_links)
    assert write_tree(iter([("index.md", "# Home\n")]), out, protected=[]) == (1, "")
    assert (out / "index.md").read_text() == "# Home\n"


def test_a_shared_rebuild_links_too(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_shared_tree(_numbered_pages, out, protected=[], workers=2)
    before = (out / "kind-1" / "page-7.md").stat().st_ino
    write_shared_tree(_numbered_pages, out, protected=[], workers=2)
    assert (out / "kind-1" / "page-7.md").stat().st_ino == before
    assert (out / "exports" / "all.json").read_text() == "[1]\n"  # chunked exports: written again


def test_a_share_done_again_never_writes_into_the_previous_trees_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(_numbered_pages(Share()), out, protected=[])
    before = {p.stat().st_ino: p.stat().st_mtime_ns for p in out.rglob("*.md")}
    main = os.getpid()

    def files_of(share: Share) -> Iterator[tuple[str, str | Iterator[str]]]:
        for number, file in enumerate(_numbered_pages(share)):
            if share.index == 1 and number == 3 and os.getpid() != main:
                os.kill(os.getpid(), signal.SIGKILL)  # after linking three of the previous tree's files
            yield file

    assert write_shared_tree(files_of, out, protected=[], workers=2) == (21, "")
    after = {p.stat().st_ino: p.stat().st_mtime_ns for p in out.rglob("*.md")}
    assert after == before  # every page linked again, none rewritten in place
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # the old tree and the staging are gone


def test_a_rebuild_never_links_a_file_through_a_linked_folder(tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    write_tree(iter([("kind/a.md", "A\n")]), out, protected=[])
    elsewhere.mkdir()
    (elsewhere / "a.md").write_text("A\n")
    shutil.rmtree(out / "kind")
    (out / "kind").symlink_to(elsewhere, target_is_directory=True)  # planted in the generated tree
    write_tree(iter([("kind/a.md", "A\n")]), out, protected=[])
    assert not (out / "kind").is_symlink() and (out / "kind" / "a.md").read_text() == "A\n"
    assert (elsewhere / "a.md").stat().st_nlink == 1  # not shared with the generated tree
