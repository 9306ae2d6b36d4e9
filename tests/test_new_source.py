"""`python -m generator new-source FILE`: copies the file, stubs its entry, and check points at the gaps."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.authoring.new_source import add_source, date_signals
from generator.build import check

from conftest import mini_paths


def test_new_source_copies_the_file_and_stubs_an_entry(mini_copy: Path, tmp_path: Path,
                                                         capsys: object) -> None:
    article = tmp_path / "Night Ferry Update.txt"
    article.write_text("Ferry news\n\nPosted on Mar 9, 2023 at 10:15\n\nOn Monday the council met.\n")
    paths = mini_paths(mini_copy)
    assert add_source(paths, article, None) == 0
    assert (mini_copy / "seeds" / article.name).read_bytes() == article.read_bytes()
    stub = (mini_copy / "site_data" / "sources.yml").read_text()
    assert "- id: night-ferry-update" in stub and f"file: {article.name}" in stub
    assert "3 paragraphs" in stub and "Mar 9, 2023" in stub and "Monday" in stub
    problems = check(paths).problems
    assert problems, "an unfilled stub must not pass check"
    assert all(p.file.endswith("sources.yml") for p in problems)
    assert {"'title' is empty", "'short_name' is empty"} <= {p.message for p in problems}
    assert add_source(paths, article, None) == 1  # a second time: already described


def test_new_source_refuses_what_it_should_not_copy(mini_copy: Path, tmp_path: Path) -> None:
    paths = mini_paths(mini_copy)
    before = (mini_copy / "site_data" / "sources.yml").read_text()
    assert add_source(paths, tmp_path, None) == 1  # a folder
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x80\x81bad")
    assert add_source(paths, binary, None) == 1  # not UTF-8
    link = tmp_path / "link.txt"
    link.symlink_to(mini_copy / "seeds" / "a.txt")
    assert add_source(paths, link, None) == 1  # a symlink
    clash = tmp_path / "a.txt"
    shutil.copyfile(mini_copy / "seeds" / "b.txt", clash)
    assert add_source(paths, clash, None) == 1  # same name, other content
    assert (mini_copy / "site_data" / "sources.yml").read_text() == before
    assert sorted(p.name for p in (mini_copy / "seeds").iterdir()) == ["a.txt", "b.txt"]


def test_date_signals() -> None:
    text = "Posted at 11:02\nOn Sunday, 16 January 2022 and on Feb 1, 2022 (2022-02-01), Sunday again."
    assert date_signals(text) == ["Posted at 11:02", "Sunday", "16 January 2022", "Feb 1, 2022", "2022-02-01"]
