"""`mkdocs serve` reuses conversions, search entries and compiled templates: the site must not change."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import MINI, REPO, mini_config, mkdocs_build

pytestmark = pytest.mark.slow


def _site_files(site: Path) -> dict[str, bytes]:
    """Every page and the search index (the sitemap carries build dates, the rest is copied assets)."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
            if p.suffix == ".html" or p.name == "search_index.json"}


def _serve_builds(config: Path, site: Path, edit: Callable[[], None]) -> Any:
    """Two builds in one process as `mkdocs serve` runs them (one plugin instance), `edit()` between."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    first = load_config(str(config), site_dir=str(site))
    first.plugins.on_startup(command="serve", dirty=False)
    build(first)
    edit()
    second = load_config(str(config), site_dir=str(site))
    build(second)
    return second.plugins["dossier"]


def test_a_rebuild_with_caches_equals_a_fresh_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    data = tmp_path / "site_data"
    shutil.copytree(MINI / "site_data", data)
    config = mini_config(tmp_path, site_data=data)
    actors = data / "actors.yml"

    def edit() -> None:
        text = actors.read_text(encoding="utf-8")
        assert "role: Ferry operator" in text
        actors.write_text(text.replace("role: Ferry operator", "role: Ferry operator (edited)"), encoding="utf-8")

    plugin = _serve_builds(config, tmp_path / "served", edit)
    fresh = tmp_path / "fresh"
    assert mkdocs_build(config, fresh).returncode == 0  # a new process: no cache at all
    served, built = _site_files(tmp_path / "served"), _site_files(fresh)
    assert "(edited)" in served["actors/blueline.html"].decode()
    assert served == built
    pages = len([name for name in built if name.endswith(".html") and name != "404.html"])
    # Most pages did not change: they were neither converted nor indexed again, yet came out the same.
    assert 0 < plugin.conversions.hits < pages
    assert plugin.search_entries.hits > 0


def test_a_conversion_that_warned_is_not_reused(tmp_path: Path) -> None:
    """A strict build must see a broken link again on every rebuild, so such a page is never cached."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files

    from generator.mkdocs.cache import CachedPage, ConversionCache

    config = load_config(str(mini_config(tmp_path)))

    def generated(path: str, markdown: str) -> File:
        file = File(path, src_dir=None, dest_dir=str(tmp_path / "site"), use_directory_urls=False)
        file.content_string = markdown
        return file

    cache = ConversionCache()
    for markdown, reused in (("# Fine\n\n[home](index.md)\n", 1), ("# Broken\n\n[gone](nowhere.md)\n", 0)):
        for _ in range(2):
            cache.start_build()
            page_file = generated("page.md", markdown)
            files = Files([generated("index.md", "# Home\n"), page_file])
            page = CachedPage(None, page_file, config, cache)
            page.read_source(config)
            page.render(config, files)
        assert cache.hits == reused
        assert "<h1" in (page.content or "")


def test_serve_polls_the_data_seeds_and_templates_on_a_quick_observer_of_its_own(tmp_path: Path) -> None:
    """The analyst's files are watched through MkDocs' own `watch` (its rebuild callback), but polled
    every DATA_POLL_SECONDS by the plugin's observer; MkDocs keeps its own observer for the rest."""
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer

    from generator.mkdocs.plugin import DATA_POLL_SECONDS

    config = load_config(str(mini_config(tmp_path)))
    plugin = config.plugins["dossier"]
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        mkdocs_observer = server.observer
        plugin.on_serve(server, config=config, builder=lambda: None)
        assert server.observer is mkdocs_observer
        watched = {emitter.watch.path: emitter.timeout for emitter in plugin.data_observer.emitters}
        assert set(watched) == {str(MINI / "site_data"), str(MINI / "seeds"), str(REPO / "docs_templates")}
        assert set(watched.values()) == {DATA_POLL_SECONDS} and mkdocs_observer.timeout > DATA_POLL_SECONDS
        assert plugin.data_observer.is_alive()
    finally:
        plugin.on_shutdown()
        server.server_close()
    assert not plugin.data_observer.is_alive()
