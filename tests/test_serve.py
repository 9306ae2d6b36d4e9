"""`mkdocs serve`: edits show up, a data mistake shows the problems on the page, a fix brings it back."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from serve_reload import main as serve_benchmark
from serving import fetch, free_port, start_serve, wait_for  # shared with benchmarks/serve_reload.py

from conftest import EXAMPLE, MINI, fresh_build, mini_config

pytestmark = pytest.mark.slow


def _wait_for(url: str, needle: str, seconds: float = 30) -> float:
    """Seconds until the page at `url` contains `needle` (bounded), or fail."""
    waited = wait_for(url, needle, seconds)
    if waited is None:
        raise AssertionError(f"{needle!r} did not appear at {url} within {seconds}s")
    return waited


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    data = tmp_path / "site_data"
    shutil.copytree(MINI / "site_data", data)
    config = mini_config(tmp_path, site_data=data)
    port = free_port()
    server = start_serve(tmp_path, port, config)
    try:
        _wait_for(f"http://127.0.0.1:{port}/", "Harbour ferry dispute", 60)
        yield f"http://127.0.0.1:{port}", data
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_edit_broken_save_and_fix(served: tuple[str, Path]) -> None:
    base, data = served
    actors = data / "actors.yml"
    good = actors.read_text(encoding="utf-8")
    actors.write_text(good.replace("role: Council chair", "role: Chair of the council"), encoding="utf-8")
    _wait_for(f"{base}/actors/ruiz.html", "Chair of the council")

    actors.write_text(good.replace("affiliation: council", "affiliation: councl"), encoding="utf-8")
    _wait_for(f"{base}/actors/ruiz.html", "The dossier data has problems")
    page = fetch(f"{base}/actors/ruiz.html")
    assert "unknown actor" in page and "councl" in page and "did you mean" in page
    assert "actors.yml:" in page
    assert "The dossier data has problems" in fetch(f"{base}/timeline/index.html")  # every page says so

    actors.write_text(good, encoding="utf-8")
    _wait_for(f"{base}/actors/ruiz.html", "Council chair")
    assert "The dossier data has problems" not in fetch(f"{base}/actors/ruiz.html")


LIVERELOAD = re.compile(r"<script>\s*var livereload = function.*?</script>", re.S)


def test_every_served_page_equals_a_fresh_build_after_an_edit(served: tuple[str, Path], tmp_path: Path) -> None:
    """Never stale: after a save, the server's quick rebuild serves exactly what a fresh build makes."""
    base, data = served
    actors = data / "actors.yml"
    actors.write_text(actors.read_text(encoding="utf-8").replace("role: Ferry operator", "role: Ferry skipper"),
                      encoding="utf-8")
    _wait_for(f"{base}/actors/blueline.html", "Ferry skipper")
    _wait_for(f"{base}/actors/index.html", "Ferry skipper")
    fresh = tmp_path / "fresh"
    fresh_build(tmp_path / "mkdocs.yml", fresh, f"{base}/")
    pages = sorted(p.relative_to(fresh).as_posix() for p in fresh.rglob("*.html"))
    assert len(pages) > 15
    stale = [page for page in pages
             if LIVERELOAD.sub("", fetch(f"{base}/{page}")) != (fresh / page).read_text(encoding="utf-8")]
    assert stale == []
    assert fetch(f"{base}/search/search_index.json") == (fresh / "search" / "search_index.json").read_text()


def test_the_serve_benchmark_measures_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    """benchmarks/serve_reload.py on the frozen example at 1x, one save of each kind: every figure comes out."""
    assert serve_benchmark(["--sizes", "1", "--saves", "1", "--base", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    row = re.search(r"^  1x\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+) \(\s*\d+%\)\s+([\d.]+) / ([\d.]+)\s+"
                    r"([\d.]+) \[.*\]\s+([\d.]+) \[.*\]\s+([\d.]+) \[.*\]\s+([\d.]+) \[.*\]\s+([\d.]+) \[.*\]\s+"
                    r"([\d.]+) \[",
                    out, re.MULTILINE)
    assert row is not None and int(row.group(1)) > 50, out
    assert re.search(r"serve, save -> page at 1x <= 1\.0 s: \d+\.\d\d s -> (met|MISSED)", out), out
