"""Render stage: golden pages for every page kind, determinism, footnotes, purity."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import check
from generator.render import render_site

from conftest import REPO, build_pages, mini_paths, write_goldens

GOLDENS = REPO / "tests" / "goldens" / "mini"


@pytest.fixture(scope="module")
def mini_pages() -> dict[str, str]:
    pages, problems = build_pages(mini_paths())
    assert problems == []
    return pages


def test_every_page_kind_is_rendered(mini_pages: dict[str, str]) -> None:
    assert set(mini_pages) == {
        "index.md", "actors/index.md", "actors/council.md", "actors/ruiz.md", "actors/blueline.md",
        "actors/berg.md", "demands/index.md", "demands/fee-cut.md", "timeline/index.md",
        "questions/index.md", "questions/night-service-future.md", "sources/index.md",
        "sources/gazette.md", "sources/wire.md", "coverage.md", "actors/map.md", "book.md",
        "exports/dossier.json", "exports/dossier.schema.json", "exports/timeline.csv",
        "exports/timeline.timelinejs.json", "exports/actors.csv",
    }


def test_pages_match_goldens(mini_pages: dict[str, str], update_goldens: bool) -> None:
    """Golden tree of rendered Markdown; refresh with `pytest --update-goldens` and review the diff."""
    if update_goldens:
        write_goldens(GOLDENS, mini_pages)
    on_disk = {p.relative_to(GOLDENS).as_posix() for p in GOLDENS.rglob("*") if p.is_file()}
    assert on_disk == set(mini_pages), "golden tree differs: run pytest --update-goldens and review"
    for path, text in mini_pages.items():
        assert text == (GOLDENS / path).read_text(encoding="utf-8"), f"{path} differs from its golden file"


def test_same_citation_twice_is_one_footnote_with_two_references(mini_pages: dict[str, str]) -> None:
    # The council's summary and its first statement cite the very same passage.
    page = mini_pages["actors/council.md"]
    assert page.count("[^1]") == 3  # two references and one definition
    assert len([line for line in page.splitlines() if line.startswith("[^1]:")]) == 1


def test_footnote_names_source_date_quote_and_links_to_passage(mini_pages: dict[str, str]) -> None:
    page = mini_pages["index.md"]
    note = next(line for line in page.splitlines() if line.startswith("[^1]:"))
    assert "**Gazette**" in note and "1 Mar 2023" in note
    assert "The harbour council on Tuesday rejected the ferry operator’s demand" in note
    assert "(sources/gazette.md#p-2-0-67)" in note  # the passage itself: paragraph 2, characters 0-67
    assert "credibility 2" in note
    assert note.endswith(" · [original](<https://example.org/gazette/ferry>)")
    wire = next(line for line in page.splitlines() if line.startswith("[^2]:"))
    assert wire.endswith(" · no address recorded")


def test_source_page_numbers_highlights_and_links_back(mini_pages: dict[str, str]) -> None:
    page = mini_pages["sources/gazette.md"]
    assert "{ #p-2 .dossier-para .dossier-cited }" in page
    # Overlapping passages: each piece names the passages it belongs to; each passage is anchored at its start.
    assert ('<span id="p-2-0-39" class="dossier-passage-start"></span><span id="p-2-0-67" '
            'class="dossier-passage-start"></span><mark data-passages="p-2-0-39 p-2-0-67">The harbour council '
            'on Tuesday rejected</mark> <span id="p-2-40-85" class="dossier-passage-start"></span><mark '
            'data-passages="p-2-0-67 p-2-40-85">the ferry operator’s demand</mark><mark data-passages="p-2-40-85"> '
            'for a 30% fee cut</mark>') in page
    assert "| Original | [https&#58;//example.org/gazette/ferry](<https://example.org/gazette/ferry>) |" in page
    assert "| File |" not in page and "a.txt" not in page  # the internal file name is not the reader's business
    assert "[Key judgment 1](../index.md#kj-1)" in page
    assert "{ #p-4 .dossier-para .dossier-furniture .dossier-boilerplate }" in page
    assert "{ #p-1 .dossier-para .dossier-furniture .dossier-headline }" in page


def test_untrusted_source_text_is_literal(mini_pages: dict[str, str]) -> None:
    page = mini_pages["sources/gazette.md"]
    assert "<script>" not in page and "](javascript" not in page
    assert "&lt;script&gt;" in page and "&#123;&#123; jinja &#125;&#125;" in page


def test_timeline_groups_by_month_and_shows_precision(mini_pages: dict[str, str]) -> None:
    page = mini_pages["timeline/index.md"]
    assert page.index("## February 2023") < page.index("## March – April 2023 { #span-2023-03-2023-04 }")
    assert "### c. Mar 2023 – Apr 2023: Night service runs" in page  # no precision tag in a heading
    assert '**Date:** c. Mar 2023 – Apr 2023 <span class="dossier-precision">approximate</span>' in page
    assert "Date resolved from “on Tuesday”" in page


def test_rendering_reads_no_files(monkeypatch: pytest.MonkeyPatch) -> None:
    result = check(mini_paths())
    assert result.dossier is not None

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("render stage tried to read a file")

    monkeypatch.setattr("builtins.open", refuse)
    monkeypatch.setattr(Path, "read_text", refuse)
    assert render_site(result.dossier, result.templates)


def _digest_in_subprocess(seed: str) -> str:
    code = (
        "import hashlib, json, sys; sys.path.insert(0, 'tests');"
        "from conftest import build_pages, mini_paths;"
        "pages, _ = build_pages(mini_paths());"
        "print(hashlib.sha256(json.dumps(pages, sort_keys=True).encode()).hexdigest())"
    )
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                          check=True).stdout.strip()


def test_output_is_deterministic_across_hash_seeds(mini_pages: dict[str, str]) -> None:
    here = hashlib.sha256(json.dumps(mini_pages, sort_keys=True).encode()).hexdigest()
    assert _digest_in_subprocess("1") == _digest_in_subprocess("12345") == here


def test_corroboration_counts_origins_and_flags_single_source_key_statements(mini_pages: dict[str, str]) -> None:
    home = mini_pages["index.md"]
    assert "single-source key statement" in home  # key judgment 1 rests on the gazette alone
    assert '<span class="dossier-badge dossier-contested">contested</span>' in home  # judgment 2


def test_source_summary_statement(mini_pages: dict[str, str]) -> None:
    page = mini_pages["sources/index.md"]
    assert "B (usually reliable) × 1, C (fairly reliable) × 1." in page
    assert "go back to 2 independent lines of reporting" in page
    assert "[key judgment 1](../index.md#kj-1)" in page
    assert "- [Gazette](gazette.md) and [Wire](wire.md): 2 points" in page  # a judgment and the question


def test_coverage_report(mini_pages: dict[str, str]) -> None:
    page = mini_pages["coverage.md"]
    assert "**83%** of substantive paragraphs are cited (5 of 6)." in page  # the headline is furniture
    assert "[¶ 5](sources/gazette.md#p-5)" in page and "[¶ 4]" not in page  # 4 is boilerplate


def test_the_example_is_deterministic_across_hash_seeds() -> None:
    code = (
        "import hashlib, json, sys; sys.path.insert(0, 'tests');"
        "from conftest import build_pages, example_paths; pages, problems = build_pages(example_paths());"
        "assert not problems; print(hashlib.sha256(json.dumps(pages, sort_keys=True).encode()).hexdigest())"
    )
    digests = {subprocess.run([sys.executable, "-c", code], cwd=REPO, env={**os.environ, "PYTHONHASHSEED": seed},
                              capture_output=True, text=True, check=True).stdout for seed in ("0", "4242")}
    assert len(digests) == 1


def test_relative_links_match_posixpath_relpath() -> None:
    import itertools
    import posixpath

    from generator.layout import relative

    pages = ["index.md", "actors/index.md", "actors/a.md", "sources/x.md", "a/b/c.md", "a/d.md", "b.md"]
    for start, target in itertools.permutations(pages, 2):
        assert relative(start, target) == posixpath.relpath(target, posixpath.dirname(start) or ".")
    assert relative("actors/a.md", "actors/a.md", "x") == "#x"


def test_a_long_timeline_is_split_into_parts_and_links_follow(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import layout

    monkeypatch.setattr(layout, "TIMELINE_PAGE_SIZE", 1)
    monkeypatch.setattr(layout, "BOOK_MAX_CITATIONS", 3)
    pages, problems = build_pages(mini_paths())
    assert problems == []
    assert {"timeline/part-1.md", "timeline/part-2.md"} <= set(pages)
    overview = pages["timeline/index.md"]
    assert "[Part 1](part-1.md)" in overview and "### " not in overview  # events live on the parts
    assert "### 28 Feb 2023: Council rejects the fee cut { #event-council-rejects }" in pages["timeline/part-1.md"]
    assert "(../timeline/part-1.md#event-council-rejects)" in pages["actors/council.md"]
    assert "Council rejects the fee cut](../timeline/part-1.md#event-council-rejects)" in pages["sources/gazette.md"]
    assert "more than the 3 a one-page briefing" in pages["book.md"] and "[^1]" not in pages["book.md"]


def test_long_lists_are_cut_into_pages_that_link_to_each_other(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import layout

    monkeypatch.setattr(layout, "LIST_PAGE_SIZE", 3)
    pages, problems = build_pages(mini_paths())
    assert problems == []
    # 4 actors: 3 on the index page, 1 beside it; every actor on exactly one of them.
    first, second = pages["actors/index.md"], pages["actors/index_2.md"]
    assert "Page 1 of 2: **1** · [2](index_2.md)\n{ .dossier-parts }" in first
    assert second.startswith("# Actors, page 2\n") and "Page 2 of 2: [1](index.md) · **2**" in second
    for actor in ("council", "ruiz", "blueline", "berg"):  # the first cell of a row names the actor
        rows = [re.search(rf"^\| \[[^]]+\]\({actor}\.md\) \|", page, re.MULTILINE) for page in (first, second)]
        assert (rows[0] is None) != (rows[1] is None), actor
    # Sources (2) fit one page: no page list; the summary statement stays on the index page.
    assert "Page 1" not in pages["sources/index.md"] and "## Source summary statement" in pages["sources/index.md"]
    assert "sources/index_2.md" not in pages


def test_the_sources_summary_and_coverage_gaps_head_the_first_page_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import layout

    monkeypatch.setattr(layout, "LIST_PAGE_SIZE", 1)
    pages, problems = build_pages(mini_paths())
    assert problems == []
    assert "## Source summary statement" in pages["sources/index.md"]
    assert "## Source summary statement" not in pages["sources/index_2.md"]
    assert "The 2 sources go back to" in pages["sources/index.md"]  # counts all sources, not the page's
    assert "## Statements without citations" in pages["coverage.md"]
    assert "## Statements without citations" not in pages["coverage_2.md"]
    assert "](sources/wire.md)" in pages["coverage_2.md"] or "](sources/gazette.md)" in pages["coverage_2.md"]


def test_the_map_lists_a_bounded_number_of_sides_and_members(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.render import pages as page_kinds

    monkeypatch.setattr(page_kinds, "MAP_SIDES_LISTED", 1)
    monkeypatch.setattr(page_kinds, "MAP_MEMBERS_LISTED", 0)
    pages, problems = build_pages(mini_paths())
    assert problems == []
    sides = pages["actors/map.md"].split("## Sides { #sides }", 1)[1]
    assert "The 1 sides below are those the map shows first; the dossier has 2." in sides
    assert sides.count("- **[") == 1 and "and 1 more (the [actors index](index.md) gives" in sides


def test_the_source_summary_lists_stay_short(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.render import tradecraft

    monkeypatch.setattr(tradecraft, "SUMMARY_LIST_LIMIT", 1)
    pages, problems = build_pages(mini_paths())
    assert problems == []
    summary = pages["sources/index.md"].split("## Source summary statement", 1)[1]
    assert "go back to 2 independent lines of reporting" in summary
    assert "- [Gazette](gazette.md)\n- … and 1 more line of reporting\n\n**Key judgments" in summary


def test_the_pages_of_a_very_long_list_link_to_the_first_last_and_nearby_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.render.helpers import PageHelpers
    from generator.render.listing import Part

    parts = [Part(n, "actors/index.md" if n == 1 else f"actors/index_{n}.md", 1) for n in range(1, 21)]
    page = PageHelpers("actors/index_10.md", None, None, None)  # type: ignore[arg-type]
    assert page.part_links(10, parts) == (
        "[1](index.md) … [7](index_7.md) · [8](index_8.md) · [9](index_9.md) · **10** · [11](index_11.md) · "
        "[12](index_12.md) · [13](index_13.md) … [20](index_20.md)")
    assert page.part_links(1, parts[:3]) == "**1** · [2](index_2.md) · [3](index_3.md)"


def test_updating_goldens_removes_those_no_page_produces(tmp_path: Path) -> None:
    (tmp_path / "gone" / "old.md").parent.mkdir()
    (tmp_path / "gone" / "old.md").write_text("stale\n")
    (tmp_path / "kept.md").write_text("old\n")
    write_goldens(tmp_path, {"kept.md": "new\n", "actors/a.md": "A\n"})
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == ["actors", "actors/a.md",
                                                                                        "kept.md"]
    assert (tmp_path / "kept.md").read_text() == "new\n"


def test_touching_footnote_markers_get_a_comma_and_markers_apart_do_not() -> None:
    from generator.mkdocs.postprocess import separate_markers

    html = ('lines.<sup id="fnref:1"><a>1</a></sup><sup id="fnref:2"><a>2</a></sup> Their replies.'
            '<sup id="fnref2:1"><a>1</a></sup>')
    expected = ('lines.<sup id="fnref:1"><a>1</a></sup><span class="dossier-fn-sep">,</span>'
                '<sup id="fnref:2"><a>2</a></sup> Their replies.<sup id="fnref2:1"><a>1</a></sup>')
    assert separate_markers(html) == expected
