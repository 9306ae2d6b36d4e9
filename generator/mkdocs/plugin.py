"""Stage 4b, hand to MkDocs: a thin plugin around `generator.build.build`.

The dossier is built in `on_config`, before MkDocs empties `site/`, so a failed `mkdocs build` leaves
the previous site untouched; the site's name, description and language come from the dossier
(generator.mkdocs.identity). Pages are added in memory in `on_files`
(`File.generated`): nothing is written into `docs/`, so `mkdocs serve` cannot loop. Under `serve`
a data mistake does not stop the server: every page shows the list of problems until the next good save,
and what an unchanged page would only make again is kept from one rebuild to the next
(generator.mkdocs.cache, generator.render.environment).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any, Literal

import jinja2
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.utils import get_build_date
from watchdog.observers.api import BaseObserver

from generator import layout
from generator.build import Kept, build, collect
from generator.load import ProjectPaths
from generator.mkdocs import identity
from generator.mkdocs.cache import CachedPage, PageCache, identity_digest, nav_digest, site_digest
from generator.mkdocs.files import SiteFiles
from generator.mkdocs.inline import SkippingInlineExtension
from generator.mkdocs.postprocess import postprocess_page
from generator.mkdocs.search import SearchEntries
from generator.mkdocs.serve import GeneratedFile, QuickRebuilds, observer_resting_while_building
from generator.problems import Problem
from generator.render.environment import CompiledTemplates
from generator.render.problems_page import render_problems_page

log = logging.getLogger("mkdocs.plugins.dossier")
DATA_POLL_SECONDS = 0.1
CORE_PAGES = (layout.HOME, layout.ACTORS, layout.DEMANDS, layout.TIMELINE, layout.QUESTIONS, layout.SOURCES)


class DossierConfig(Config):
    data_dir = c.Type(str, default="site_data")
    seeds_dir = c.Type(str, default="seeds")
    templates_dir = c.Type(str, default="docs_templates")


CACHED_TEMPLATE = "dossier-cached.html"  # renders nothing: on_post_page hands MkDocs the kept HTML


class DossierPlugin(BasePlugin[DossierConfig]):
    def __init__(self) -> None:
        self.command: Literal["build", "gh-deploy", "serve"] | str = "build"
        self.pages: dict[str, str] = {}
        self.last_good_paths: list[str] = list(CORE_PAGES)
        # Kept across `serve` rebuilds (this instance is): see generator.mkdocs.cache and .serve.
        self.theme_templates = CompiledTemplates()
        self.kept = Kept()
        self.cache = PageCache()
        self.search_entries = SearchEntries(self.cache)
        self.quick = QuickRebuilds()
        self.ours: list[CachedPage] = []
        # A quick rebuild takes the last build's File and Page (in `ours`) of a page whose Markdown and site
        # are the same: making 8,000 of each again per save costs more than the rest of MkDocs' bookkeeping.
        self.pages_made_under = ""
        # path -> (text, the build that first made it): an export's text compared with last time's, never hashed
        self.exports_made: dict[str, tuple[str, int]] = {}
        self.builds = 0
        self.files = Files([])
        self.gone: set[str] = set()
        self.around = ""
        self.data_observer: BaseObserver | None = None

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.command = command  # defining on_startup also keeps this instance across serve rebuilds

    def _paths(self, config: MkDocsConfig) -> ProjectPaths:
        root = Path(config.config_file_path).resolve().parent
        return ProjectPaths(root, self.config.data_dir, self.config.seeds_dir, self.config.templates_dir)

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild only what changed after each save (generator.mkdocs.serve), and watch the data, seeds and
        templates, polled every DATA_POLL_SECONDS: what an analyst edits is noticed sooner than MkDocs'
        own half-second poll would. They are watched through MkDocs' `server.watch` (its callback starts
        the rebuild) on an observer of ours."""
        if self.command == "serve":  # not under `serve --clean`, which asks for full builds
            server.builder = self.quick.builder(config)
            self.quick.first_build_ended()
        project = self._paths(config)
        self.data_observer = observer_resting_while_building(self.quick.idle, DATA_POLL_SECONDS)
        shared, server.observer = server.observer, self.data_observer
        try:
            for folder in (project.data, project.seeds, project.templates):
                server.watch(str(folder))
        finally:
            server.observer = shared
        self.data_observer.start()  # a daemon thread, stopped by on_shutdown
        return server

    def on_shutdown(self) -> None:
        self.quick.stop()
        if self.data_observer is not None:
            self.data_observer.stop()
            self.data_observer.join(timeout=2)

    @event_priority(100)  # first: the search plugin reads the site's language in its own on_config
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        started = time.perf_counter()
        # The same HTML, made sooner. MkDocs passes the list to Python-Markdown, which takes extension objects.
        config.markdown_extensions.append(SkippingInlineExtension())  # type: ignore[arg-type]
        paths = self._paths(config)
        if self.cache.folder is None:
            self.cache.folder = paths.cache / "pages"
        try:
            built = build(paths, collect, kept=self.kept)
            pages, problems = built.made or {}, built.problems
            if built.dossier is not None:
                config_file = Path(config.config_file_path)
                written = identity.written_config(config_file)
                problems = identity.conflicts(config_file, written, built.dossier.dossier,
                                              f"{paths.data_dir}/dossier.yml")
                identity.apply(config, built.dossier.dossier)
        except Exception as error:  # a bug in the generator, not in the data: say so plainly
            log.exception("internal error in the dossier generator")
            problems = [Problem("generator", 1, 1, f"internal error: {type(error).__name__}: {error}",
                                "this is a bug in the generator; please report it with the data that caused it")]
            pages = {}
        if problems:
            self._fail(problems)
            return config
        self.pages = pages
        self.last_good_paths = sorted(pages)
        log.info("dossier: generated %d files in %.2f s", len(pages), time.perf_counter() - started)
        return config

    def _fail(self, problems: list[Problem]) -> None:
        summary = f"the dossier has {len(problems)} problem(s); see the messages above"
        if self.command != "serve":
            for problem in problems:
                log.error(problem.format())
            raise PluginError(summary)
        # Under serve, INFO keeps a strict config from aborting: the problems page must be served.
        for problem in problems:
            log.info("DATA PROBLEM %s", problem.format())
        error_page = render_problems_page(problems)
        self.pages = {path: error_page for path in self.last_good_paths if path.endswith(".md")}

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.search_entries.attach(config)  # the search plugin made this build's index in its on_config
        self.quick.start_build()

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        files = self.files = SiteFiles(files)
        site = site_digest(config, files, set(self.pages))
        self.cache.start_build(site)
        titles = nav_titles(config.nav)
        made_under = f"{site}:{identity_digest(config)}"
        reusable = self.quick.active and made_under == self.pages_made_under
        last = {page.file.src_uri: page for page in self.ours} if reusable else {}
        self.gone = set(last) - set(self.pages)  # pages of records removed: their links' targets changed
        self.ours, self.pages_made_under = [], made_under
        exports_last, self.exports_made, self.builds = self.exports_made, {}, self.builds + 1
        update_date = get_build_date()
        hand_written = set(files.src_uris)  # the docs folder's files and the theme's
        for path, markdown in self.pages.items():
            if path in hand_written:
                raise PluginError(f"docs/{path} is hand-written but the dossier generates {path}; "
                                  "rename or remove the hand-written file")
            page = last.get(path)
            if page is not None and page.file.content_string == markdown:  # the same text: often the same str
                page.again(self.cache.get(page.key), update_date)
                files.append(page.file)
                self.ours.append(page)
                continue
            # Record pages are reached from the section indexes, not the navigation (which Material
            # repeats on every page); NOT_IN_NAV says so, so MkDocs does not warn about them.
            # Pages that mkdocs.yml lists in `nav:` still appear there.
            file = GeneratedFile.generated(config, path, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV)
            assert isinstance(file, GeneratedFile)
            files.append(file)
            if file.is_documentation_page():
                key = PageCache.key(site, path, markdown)
                self.ours.append(CachedPage(titles.get(path), file, config, key, self.cache.get(key)))
            else:
                file.unchanged = self.quick.unchanged(file, self._export_made_by(path, markdown, exports_last))
        return files

    def _export_made_by(self, path: str, text: str, last: dict[str, tuple[str, int]]) -> str:
        """Which build first made this export's text: it is compared with last time's, never hashed."""
        known = last.get(path)
        made = known if known is not None and known[0] == text else (text, self.builds)
        self.exports_made[path] = made
        return f"export made by build {made[1]}"

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Now the navigation is known: a page whose Markdown, site and navigation are those of the file
        already served is left as it is by a quick rebuild (its conversion restored for the others' links)."""
        self.around = f"{nav_digest(nav, config)}:{identity_digest(config)}"  # what the theme shows round a page
        changed = set(self.gone)
        for page in self.ours:
            assert isinstance(page.file, GeneratedFile)
            page.file.unchanged = self.quick.unchanged(page.file, f"{page.key}:{self.around}") and \
                page.made is not None and page.made.html_under == self.around
            if not page.file.unchanged:
                changed.add(page.file.src_uri)
        for page in self.ours:
            # Neither the page nor any page it links to changed: its links to anchors need no check, and a
            # page restored last build from the same conversion still holds it, its links' files included.
            page.anchors_unchanged = page.made is not None and page.file.src_uri not in changed and \
                changed.isdisjoint(page.made.links_to_anchors or ())
            if page.file.src_uri not in changed and not (page.anchors_unchanged and page.restored_from is page.made):
                page.restore(files)  # kept, and not already holding this conversion with these link targets
        return nav

    @event_priority(-100)  # last: what is kept is the page as every plugin left it
    def on_page_content(self, html: str, /, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        if not isinstance(page, CachedPage) or page.converted_here:
            html = postprocess_page(html)
        # A page that warned, or whose links were not followed (a verbose build), is made again next time.
        if isinstance(page, CachedPage) and page.converted_here and not page.warned \
                and page.links_to_anchors is not None:
            page.content = html
            page.made = page.made_now()
            self.cache.put(page.key, page.made)
        return html

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        if self.command == "serve":
            env.bytecode_cache = self.theme_templates  # the theme's templates, compiled once per session
        assert env.loader is not None
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({CACHED_TEMPLATE: ""}), env.loader])
        for page in self.ours:
            if page.made is not None and page.made.html is not None and page.made.html_under == self.around:
                page.meta["template"] = CACHED_TEMPLATE
        return env

    def on_post_page(self, output: str, /, *, page: Any, config: MkDocsConfig) -> str:
        if not isinstance(page, CachedPage) or page.made is None:
            return output
        if page.meta.get("template") == CACHED_TEMPLATE:
            assert page.made.html is not None
            return page.made.html
        page.made.html, page.made.html_under = output, self.around
        self.cache.touched(page.key)
        return output

    def on_build_error(self, *, error: Exception) -> None:
        """Some files of a failed build may be written: nothing served is known to be unchanged any more."""
        self.quick.served.clear()

    @event_priority(100)  # before the search plugin writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.quick.active:
            self.search_entries.restore([f.page for f in self.files.documentation_pages() if f.page is not None])
        else:  # under serve, the index's JSON of every page now, not in the wait for the first save
            self.search_entries.remember(with_json=self.command == "serve")
        # Dirty mode is exact only for pages the plugin tracks and a search index it can restore.
        ours = {page.file.src_uri for page in self.ours}
        self.quick.possible = self.search_entries.restorable(config) and \
            all(f.src_uri in ours for f in self.files.documentation_pages())
        self.quick.finish_build(config.site_dir)
        self.cache.finish_build()
        if self.cache.hits:
            log.info("dossier: %d of %d page(s) unchanged since the last build: not converted again",
                     self.cache.hits, len(self.ours))


def nav_titles(nav: Any) -> dict[str, str]:
    """{page path: title} of the entries `nav:` gives a title ('- Overview: index.md')."""
    titles: dict[str, str] = {}
    items = nav if isinstance(nav, list) else [nav] if isinstance(nav, dict) else []
    for item in items:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    titles[value] = str(title)
                else:
                    titles.update(nav_titles(value))
    return titles
