"""What MkDocs made of a page is kept (in memory under serve, on disk for the next build) and rebuilds make only
what changed: the site must come out byte for byte as a fresh build makes it."""

from __future__ import annotations

import gc
import json
import logging
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import MINI, REPO, fresh_build, mini_config, mkdocs_build

pytestmark = pytest.mark.slow
SERVE_URL = "http://127.0.0.1:8000/"


def _site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _fresh(config: Path, site: Path) -> dict[str, bytes]:
    """What `mkdocs serve` makes first, in a new process with nothing kept."""
    fresh_build(config, site, SERVE_URL)
    return _site_files(site)


def _serve(config: Path, site: Path, edits: list[Callable[[], None]]) -> Any:
    """`mkdocs serve` in one process: a first build, then the server's quick rebuild after each edit."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    first = load_config(str(config), site_dir=str(site))
    first.site_url = SERVE_URL
    first.plugins.on_startup(command="serve", dirty=False)
    plugin = first.plugins["dossier"]
    build(first, serve_url=SERVE_URL)
    rebuild = plugin.quick.builder(first)
    for edit in edits:
        edit()
        rebuild()
    plugin.on_shutdown()  # no collection left pending in this process
    gc.unfreeze()
    return plugin


def _edit(path: Path, old: str, new: str) -> Callable[[], None]:
    def edit() -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    shutil.copytree(MINI / "site_data", tmp_path / "site_data")
    shutil.copytree(MINI / "seeds", tmp_path / "seeds")
    return tmp_path


EDITS = ["a record", "the title", "a seed", "a record removed", "a record added", "a heading in the navigation",
         "a role, untitled navigation", "a heading, hand-written page", "a template's search setting",
         "three saves in a row"]


@pytest.mark.parametrize("kind", EDITS)
def test_serve_after_an_edit_equals_a_fresh_build_byte_for_byte(project: Path, kind: str) -> None:
    data = project / "site_data"
    config = mini_config(project, site_data=data, seeds=project / "seeds")
    edits = {
        "a record": [_edit(data / "actors.yml", "role: Ferry operator", "role: Ferry operator (edited)")],
        "the title": [_edit(data / "dossier.yml", "title: Harbour ferry dispute", "title: Harbour fee dispute")],
        "a seed": [_edit(project / "seeds" / "b.txt", "(Portville)", "(Portville, 7 March)")],
        "a record removed": [lambda: _drop_last_event(data / "timeline.yml")],
        "a record added": [_edit(data / "actors.yml", "actors:\n", "actors:\n" + NEW_ACTOR)],
        # a page listed without a title is named by its heading, which front matter comes before
        "a heading in the navigation": [_edit(data / "demands.yml", "demand: A 30% cut", "demand: A 40% cut")],
        "a role, untitled navigation": [_edit(data / "actors.yml", "role: Ferry operator", "role: Ferry skipper")],
        "a heading, hand-written page": [_edit(data / "demands.yml", "demand: A 30% cut", "demand: A 40% cut")],
        "a template's search setting": [_edit(project / "templates" / "demand.md.jinja", "search:\n  boost: 2\n",
                                              "search:\n  exclude: true\n")],
        # later saves take what they keep (pages, search entries, exports) from a quick rebuild
        "three saves in a row": [_edit(data / "actors.yml", "role: Ferry operator", "role: Ferry skipper"),
                                 _edit(project / "seeds" / "b.txt", "(Portville)", "(Portville, 7 March)"),
                                 _edit(data / "actors.yml", "actors:\n", "actors:\n" + NEW_ACTOR)],
    }[kind]
    _set_up(project, config, kind)
    plugin = _serve(config, project / "served", edits)
    served = _site_files(project / "served")
    fresh = _fresh(config, project / "fresh")
    assert sorted(served) == sorted(fresh)
    assert [name for name in fresh if served[name] != fresh[name]] == []
    if kind == "a record":
        assert "(edited)" in served["actors/blueline.html"].decode()
        assert plugin.cache.hits > 0  # most pages were neither converted nor rendered again
    if kind == "a record removed":
        assert "night-service" not in served["timeline/index.html"].decode()
    if kind == "a record added":
        assert (project / "served" / "actors" / "pilots.html").is_file()
        assert f"{SERVE_URL}actors/pilots.html" in served["sitemap.xml"].decode()
    if kind == "a heading in the navigation":
        assert "A 40% cut" in served["timeline/index.html"].decode()  # in every page's sidebar
    if kind == "a heading, hand-written page":
        assert "A 40% cut" in served["about.html"].decode()


NAV = """\
nav:
  - Overview: index.md
  - Actors:
      - actors/index.md
      - Relationship map: actors/map.md
  - demands/index.md
  - Key demand:
      - demands/fee-cut.md
  - Timeline: timeline/index.md
  - Open questions: questions/index.md
  - Sources: sources/index.md
  - Briefing book: book.md
"""


def _set_up(project: Path, config: Path, kind: str) -> None:
    """The site around the data for the cases that need more than the repository's: a navigation with
    pages listed by their headings, a hand-written page (which quick rebuilds leave to a full one),
    templates of the project's own."""
    text = config.read_text(encoding="utf-8")
    if kind in ("a heading in the navigation", "a role, untitled navigation"):
        text += NAV
    if kind == "a heading, hand-written page":
        docs = project / "docs"
        shutil.copytree(REPO / "docs", docs)
        (docs / "about.md").write_text("# About\n\nSee [the operator](actors/blueline.md).\n", encoding="utf-8")
        text = text.replace(f"docs_dir: {REPO / 'docs'}", f"docs_dir: {docs}") + NAV + "  - about.md\n"
    if kind == "a template's search setting":
        shutil.copytree(REPO / "docs_templates", project / "templates")
        text = text.replace(str(REPO / "docs_templates"), str(project / "templates"))
    config.write_text(text, encoding="utf-8")


NEW_ACTOR = """\
  - id: pilots
    name: Harbour pilots
    kind: group
    role: Guide ships in
    summary: BlueLine runs the ferry.
    citations:
      - source: wire
        quote: BlueLine says talks with the council will continue
"""


def _drop_last_event(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("  - id: night-service\n")], encoding="utf-8")


def test_a_quick_rebuild_reports_the_missing_anchors_a_fresh_build_reports(project: Path,
                                                                          caplog: pytest.LogCaptureFixture) -> None:
    """Every actor page links to a demand's heading, which an edit then changes. The actor pages the edit
    did not change are not converted or checked again by a quick rebuild, unless a page they link to
    changed: each must still report its broken link, as a fresh build does."""
    config = mini_config(project, site_data=project / "site_data", seeds=project / "seeds")
    _set_up(project, config, "a template's search setting")  # templates of the project's own
    actor = project / "templates" / "actor.md.jinja"
    link = "[The cut](../demands/fee-cut.md#a-30-cut-in-harbour-fees)"
    actor.write_text(actor.read_text(encoding="utf-8") + f"\n{link}\n", encoding="utf-8")
    data = project / "site_data"
    heading_edit = _edit(data / "demands.yml", "demand: A 30% cut", "demand: A 40% cut")

    def heading_edited() -> None:
        assert "contains a link" not in caplog.text  # the first build and the save before: every link lands
        caplog.clear()
        heading_edit()

    with caplog.at_level(logging.INFO, logger="mkdocs"):
        plugin = _serve(config, project / "served", [
            _edit(data / "actors.yml", "role: Ferry operator", "role: Ferry skipper"), heading_edited])
    quick = sorted(r.getMessage() for r in caplog.records if "contains a link" in r.getMessage())
    fresh = sorted(line[line.index("Doc file"):] for line in fresh_build(config, project / "fresh", SERVE_URL)
                   if "contains a link" in line)
    assert quick == fresh
    linking = {page.file.src_uri for page in plugin.ours if "[The cut]" in page.file.content_string}
    kept = {page.file.src_uri for page in plugin.ours if page.file.unchanged}
    assert {re.findall(r"'(actors/[^']+)'", line)[0] for line in quick} == linking
    assert kept & linking  # some of them were not converted again


def test_a_second_build_takes_unchanged_pages_from_disk_and_equals_a_fresh_one(project: Path) -> None:
    data = project / "site_data"
    config = mini_config(project, site_data=data, seeds=project / "seeds")
    first = mkdocs_build(config, project / "first")
    assert first.returncode == 0, first.stderr[-2000:]
    assert (project / ".cache" / "dossier" / "pages").is_dir()
    _edit(data / "actors.yml", "role: Ferry operator", "role: Ferry operator (edited)")()
    second = mkdocs_build(config, project / "second")
    assert second.returncode == 0, second.stderr[-2000:]
    found = re.search(r"dossier: (\d+) of (\d+) page\(s\) unchanged", second.stderr)
    assert found is not None and 0 < int(found.group(1)) < int(found.group(2)), second.stderr[-2000:]
    shutil.rmtree(project / ".cache")
    fresh = mkdocs_build(config, project / "fresh")
    assert fresh.returncode == 0
    assert "unchanged" not in fresh.stderr
    second_files, fresh_files = _site_files(project / "second"), _site_files(project / "fresh")
    assert {k: v for k, v in second_files.items() if k != "sitemap.xml.gz"} == \
        {k: v for k, v in fresh_files.items() if k != "sitemap.xml.gz"}


def test_a_changed_configuration_makes_every_page_again(project: Path) -> None:
    data = project / "site_data"
    config = mini_config(project, site_data=data, seeds=project / "seeds")
    assert mkdocs_build(config, project / "first").returncode == 0
    text = config.read_text(encoding="utf-8")
    extensions = [{"toc": {"permalink": "#"}}, "attr_list", "md_in_html", "footnotes", "tables", "admonition",
                  "pymdownx.details", "pymdownx.superfences"]  # the repository's, another heading link
    config.write_text(f"{text}markdown_extensions: {json.dumps(extensions)}\n", encoding="utf-8")
    second = mkdocs_build(config, project / "second")
    assert second.returncode == 0 and "unchanged" not in second.stderr, second.stderr[-2000:]
    assert 'class="headerlink" href="#' in (project / "second" / "actors" / "ruiz.html").read_text(encoding="utf-8")


def test_a_new_copyright_line_renders_every_page_again_but_keeps_their_conversions(project: Path) -> None:
    data = project / "site_data"
    config = mini_config(project, site_data=data, seeds=project / "seeds")
    assert mkdocs_build(config, project / "first").returncode == 0
    config.write_text(config.read_text(encoding="utf-8") + "copyright: Harbour desk\n", encoding="utf-8")
    second = mkdocs_build(config, project / "second")
    assert second.returncode == 0
    found = re.search(r"dossier: (\d+) of (\d+) page\(s\) unchanged", second.stderr)
    assert found is not None and found.group(1) == found.group(2), second.stderr[-2000:]
    assert "Harbour desk" in (project / "second" / "actors" / "ruiz.html").read_text(encoding="utf-8")
    shutil.rmtree(project / ".cache")
    assert mkdocs_build(config, project / "fresh").returncode == 0
    second_files, fresh_files = _site_files(project / "second"), _site_files(project / "fresh")
    assert {k: v for k, v in second_files.items() if k != "sitemap.xml.gz"} == \
        {k: v for k, v in fresh_files.items() if k != "sitemap.xml.gz"}


def test_a_conversion_that_warned_is_not_kept(project: Path) -> None:
    """A strict build must see a broken link again on every build, so such a page is never kept."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files

    from generator.mkdocs.cache import CachedPage, PageCache

    config = load_config(str(mini_config(project)))

    def generated(path: str, markdown: str) -> File:
        file = File(path, src_dir=None, dest_dir=str(project / "site"), use_directory_urls=False)
        file.content_string = markdown
        return file

    plugin = config.plugins["dossier"]
    plugin.cache = PageCache()
    for markdown, kept in (("# Fine\n\n[home](index.md)\n", True), ("# Broken\n\n[gone](nowhere.md)\n", False)):
        page_file = generated("page.md", markdown)
        files = Files([generated("index.md", "# Home\n"), page_file])
        page = CachedPage(None, page_file, config, markdown, None)
        page.read_source(config)
        page.render(config, files)
        assert page.converted_here and page.warned is not kept
        page.content = plugin.on_page_content(page.content or "", page=page, config=config, files=files)
        assert "<h1" in page.content
        assert (plugin.cache.get(markdown) is not None) is kept


def test_serve_polls_the_data_seeds_and_templates_on_a_quick_observer_of_its_own(tmp_path: Path) -> None:
    """The analyst's files are watched through MkDocs' own `watch` (its rebuild callback), but polled
    every DATA_POLL_SECONDS by the plugin's observer; MkDocs keeps its own observer for the rest. The
    server rebuilds only what changed."""
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


@pytest.mark.parametrize("base", ["http://127.0.0.1:8000/", "https://example.org/briefs", "https://x.org/a/b/", None])
@pytest.mark.parametrize("url", ["index.html", "actors/ruiz.html", "actors/", "", "a/../b.html", "./x.html",
                                 "/root.html", "a%20b.html", "x.html?q=1", "mailto:x"])
def test_a_generated_page_has_the_address_mkdocs_would_give_it(base: str | None, url: str) -> None:
    from types import SimpleNamespace

    from mkdocs.structure.pages import Page

    from generator.mkdocs.cache import CachedPage

    ours, theirs = object.__new__(CachedPage), object.__new__(Page)
    for page in (ours, theirs):
        page.file = SimpleNamespace(url=url)  # type: ignore[assignment]
        page._set_canonical_url(base)
    assert (ours.canonical_url, ours.abs_url) == (theirs.canonical_url, theirs.abs_url)


def test_quick_rebuilds_list_an_installed_theme_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from mkdocs.config import load_config

    from generator.mkdocs.serve import _keep_theme_listing

    def chosen(name: str) -> bool:
        return name.endswith(".js")

    config = load_config(str(mini_config(tmp_path)))
    expected = config.theme.get_env().list_templates(filter_func=chosen)
    _keep_theme_listing(config.theme)
    assert config.theme.get_env().list_templates(filter_func=chosen) == expected and expected
    monkeypatch.setattr(os, "walk", lambda *args, **kwargs: iter(()))  # the theme is not walked again
    assert config.theme.get_env().list_templates(filter_func=chosen) == expected
    assert config.theme.get_env().list_templates(filter_func=lambda name: name.endswith(".css")) != expected


def test_the_idle_collector_frees_what_a_save_left_in_cycles_once_the_server_is_idle() -> None:
    """Between saves the server's objects are frozen (automatic collections pass them by); what became garbage
    in cycles is still freed, once the server has been idle, or after `most_deferred` builds in a row."""
    import time
    import weakref

    from generator.mkdocs.serve import IdleCollector

    class Node:
        def __init__(self) -> None:
            self.me = self  # a cycle: only the cyclic collector frees it

    def left_in_a_cycle() -> weakref.ref[Node]:
        node = Node()
        return weakref.ref(node)

    collector = IdleCollector(delay=0.2, most_deferred=3)
    gc.unfreeze()
    gc.disable()  # no automatic collection between the steps: only the collector's own
    try:
        gone = left_in_a_cycle()
        collector.build_ended()
        assert gc.get_freeze_count() > 0 and gone() is not None  # frozen with the rest, not yet collected
        deadline = time.monotonic() + 10
        while (gone() is not None or collector.deferred) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert gone() is None and collector.deferred == 0

        gone = left_in_a_cycle()
        collector.build_ended()
        collector.build_starts()  # a save came before the server was idle: the collection waits
        time.sleep(0.4)
        assert gone() is not None and collector.deferred == 1
        collector.build_ended()
        collector.build_starts()
        collector.build_ended()  # the third build in a row collects at once
        assert gone() is None and collector.deferred == 0
    finally:
        collector.stop()
        gc.unfreeze()
        gc.enable()


def test_the_data_observer_rests_while_a_build_runs_and_then_sees_what_changed(tmp_path: Path) -> None:
    """Polling every seed through a build slows the build (benchmarks/README.md): the plugin's observer does not
    poll while a build runs, and its first poll after the build reports what was saved meanwhile."""
    import threading
    import time

    from watchdog.events import FileSystemEvent, FileSystemEventHandler

    from generator.mkdocs.serve import observer_resting_while_building

    seen: list[str] = []

    class Noted(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            seen.append(str(event.src_path))

    (tmp_path / "a.txt").write_text("first", encoding="utf-8")
    idle = threading.Event()
    idle.set()
    observer = observer_resting_while_building(idle, 0.05)
    observer.schedule(Noted(), str(tmp_path))
    observer.start()
    try:
        time.sleep(0.2)
        idle.clear()  # a build starts
        time.sleep(0.2)  # a poll that began before it may still end
        seen.clear()
        (tmp_path / "a.txt").write_text("saved during the build", encoding="utf-8")
        time.sleep(0.5)
        assert seen == []
        idle.set()  # the build ended
        deadline = time.monotonic() + 5
        while str(tmp_path / "a.txt") not in seen and time.monotonic() < deadline:
            time.sleep(0.05)
        assert str(tmp_path / "a.txt") in seen
    finally:
        observer.stop()
        observer.join(timeout=2)


def test_the_site_lists_its_pages_once_and_again_after_a_file_is_added_or_removed() -> None:
    from mkdocs.structure.files import File, InclusionLevel

    from generator.mkdocs.files import SiteFiles

    def file(path: str, inclusion: InclusionLevel = InclusionLevel.INCLUDED) -> File:
        return File(path, "/docs", "/site", False, inclusion=inclusion)

    pages = [file("a.md"), file("b.md"), file("c.css"), file("d.md", InclusionLevel.EXCLUDED)]
    files = SiteFiles(pages)
    assert [f.src_uri for f in files.documentation_pages()] == ["a.md", "b.md"]
    assert files.documentation_pages() is not files.documentation_pages()  # a list of its own each time
    files.append(file("e.md"))
    files.remove(pages[0])
    assert [f.src_uri for f in files.documentation_pages()] == ["b.md", "e.md"]
    assert [f.src_uri for f in files.documentation_pages(inclusion=InclusionLevel.is_in_serve)] == ["b.md", "e.md"]
    undecided = file("f.md", InclusionLevel.UNDEFINED)
    files.append(undecided)
    assert [f.src_uri for f in files.documentation_pages()] == ["b.md", "e.md"]
    undecided.inclusion = InclusionLevel.INCLUDED  # as MkDocs' set_exclusions does after the plugins' on_files
    assert [f.src_uri for f in files.documentation_pages()] == ["b.md", "e.md", "f.md"]


def test_the_servers_first_build_makes_each_pages_part_of_the_search_index(project: Path) -> None:
    """Under `mkdocs serve` the first build makes each page's part of the search index's JSON, so the first
    save does not wait for all of them; the parts are the JSON a quick rebuild writes."""
    from generator.mkdocs.search import _entries_json

    config = mini_config(project, project / "site_data", project / "seeds")
    entries = _serve(config, project / "served", []).search_entries
    assert len(entries.previous_json) == len(entries.previous) > 15
    assert all(entries.previous_json[url] == _entries_json(part) for url, part in entries.previous.items())
    served = json.loads((project / "served" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert served["docs"] == json.loads("[" + ",".join(p for p in entries.previous_json.values() if p) + "]")
