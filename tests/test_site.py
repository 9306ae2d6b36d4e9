"""End to end: `mkdocs build --strict` of the real dossier and of the mini project, then a crawl."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import MINI, REPO, mini_config, mkdocs_build
from crawl import crawl

pytestmark = pytest.mark.slow


def test_real_dossier_crawls_clean(example_site: Path) -> None:
    problems, counts = crawl(example_site)
    assert problems == []
    assert counts["footnotes"] > 50 and counts["anchors"] > 100


def test_real_dossier_has_every_page_kind(example_site: Path) -> None:
    for page in ("index.html", "actors/index.html", "actors/map.html", "demands/index.html", "timeline/index.html",
                 "questions/index.html", "sources/index.html", "coverage.html", "book.html"):
        assert (example_site / page).exists(), page
    assert len(list((example_site / "sources").glob("*.html"))) == 6  # five sources and the index
    for export in ("dossier.json", "dossier.schema.json", "timeline.csv", "timeline.timelinejs.json", "actors.csv"):
        assert (example_site / "exports" / export).stat().st_size > 100, export


def test_footnote_tooltips_are_enabled() -> None:
    assert "content.footnote.tooltips" in (REPO / "mkdocs.yml").read_text()


def test_mini_site_crawls_clean(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = mkdocs_build(mini_config(tmp_path), site)
    assert result.returncode == 0, result.stderr[-3000:]
    problems, counts = crawl(site)
    assert problems == [] and counts["footnotes"] >= 10
    html = (site / "sources" / "gazette.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    council = (site / "actors" / "council.html").read_text()
    assert 'id="fnref2:1"' in council
    assert 'aria-label="Footnote 1"' in council
    assert 'aria-label="Back to the text of footnote 1 (reference 2)"' in council


def test_site_loads_nothing_from_other_hosts(example_site: Path) -> None:
    """Offline use: no page refers to a script, style, font or image on another host."""
    import re

    for page in example_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for match in re.finditer(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="(https?:)?//', html):
            pytest.fail(f"{page.relative_to(example_site)} loads {match.group(0)}")


def test_crawler_catches_broken_anchor(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<article><a href="a/#nowhere">x</a><a href="javascript:x">y</a></article>')
    (tmp_path / "a" / "index.html").write_text('<p id="here">x</p><script>ok outside article</script>')
    problems, _ = crawl(tmp_path)
    assert problems == ["index.html: missing anchor a/#nowhere", "index.html: unsafe link javascript:x"]


def test_failed_build_leaves_previous_site_untouched(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert mkdocs_build(mini_config(tmp_path), site).returncode == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    broken = tmp_path / "data"
    shutil.copytree(MINI / "site_data", broken)
    actors = broken / "actors.yml"
    actors.write_text(actors.read_text().replace("affiliation: council", "affiliation: councl"))
    result = mkdocs_build(mini_config(tmp_path, site_data=broken), site)
    assert result.returncode == 1
    assert "unknown actor 'councl'" in result.stderr and "did you mean 'council'" in result.stderr
    assert "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_search_index_has_aliases_but_not_repeated_footnotes(example_site: Path) -> None:
    index = (example_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Kouleba" in index and "Dmitro Kuleba" in index  # every spelling the sources use
    assert "· credibility" not in index  # footnotes repeat indexed source text on every citing page
    locations = {entry["location"].split("#")[0] for entry in json.loads(index)["docs"]}
    assert "book.html" not in locations  # the briefing book repeats every page: each result would show twice
    assert {"index.html", "actors/peskov.html", "timeline/index.html"} <= locations


def test_strict_build_with_split_timeline_lists_and_no_book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process, so the page-size limits can be lowered: the layout a large dossier gets."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator import layout

    monkeypatch.setattr(layout, "TIMELINE_PAGE_SIZE", 1)
    monkeypatch.setattr(layout, "LIST_PAGE_SIZE", 1)
    monkeypatch.setattr(layout, "BOOK_MAX_CITATIONS", 3)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    site = tmp_path / "site"
    config = load_config(str(mini_config(tmp_path)), site_dir=str(site), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    build(config)  # strict: any warning (an omitted page, a broken anchor) raises
    problems, _ = crawl(site)
    assert problems == []
    assert (site / "timeline" / "part-2.html").exists()
    for listing in ("actors/index_4.html", "demands/index.html", "questions/index.html", "sources/index_2.html",
                    "coverage_2.html"):
        assert (site / listing).exists(), listing
