"""`mkdocs serve` after a save: make only the pages the save changed.

MkDocs rebuilds the whole site after every save: it empties the served folder and renders every page
through the theme again, so the wait grows with the dossier, not with the edit. After the first build
the plugin has the server rebuild in MkDocs' own dirty mode (`build(..., dirty=True)`, as
`mkdocs serve --dirty` would), and tells it exactly which files changed: a generated page whose Markdown,
site and navigation are those of the file already served is left as it is. What dirty mode alone gets
wrong is made right here: the search index keeps every page's entries (in site order), the navigation's
titles are those of the pages, and the files of pages that are gone are deleted. Where the plugin cannot
make it exact (a hand-written page among the generated ones, a search plugin it cannot restore), the
server builds in full, as MkDocs would. Around each build, the polling of the analyst's files rests and
Python's garbage collector waits until the server is idle.
"""

from __future__ import annotations

import gc
import logging
import os
import threading
from collections.abc import Callable
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.theme import Theme
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingEmitter

from generator.mkdocs.cache import installed

log = logging.getLogger("mkdocs.plugins.dossier")


class GeneratedFile(File):
    """A generated file (page or export) that a quick rebuild skips when it is the one already served."""

    unchanged = False

    def is_modified(self) -> bool:
        return not self.unchanged


class _QuietDirtyBuild(logging.Filter):
    """Drops MkDocs' warning about dirty builds: the plugin makes the ones it asks for exact."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


class IdleCollector:
    """Python's cyclic garbage collector, kept out of the wait for a page.

    The server keeps what each build made for the next, hundreds of thousands of objects in a large
    dossier; a full collection scans them all, and one fell inside a save's wait every few saves, though a
    save leaves little garbage in cycles. After each build they are frozen (automatic collections pass them
    by) and collected in full once the server has been idle for `delay` seconds, while the analyst reads
    the page. Saves closer together than that are collected at the latest every `most_deferred` builds, so
    the memory of a session stays bounded: that collection falls inside a save's wait, and a save leaves
    only a few thousand objects in cycles, so it is rare."""

    def __init__(self, delay: float = 2.0, most_deferred: int = 40) -> None:
        self.delay, self.most_deferred = delay, most_deferred
        self.deferred = 0  # builds since the last full collection
        self.idle = threading.Event()  # clear while a build runs (the data observer rests then too)
        self.idle.set()
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()  # the builder's thread and the timer's

    def build_starts(self) -> None:
        with self._lock:  # waits for a collection under way: it holds the interpreter anyway
            self.idle.clear()
            self._cancel()

    def build_ended(self) -> None:
        with self._lock:
            self.idle.set()
            self.deferred += 1
            if self.deferred >= self.most_deferred:
                self._collect()
                return
            gc.freeze()
            self._timer = threading.Timer(self.delay, self._when_idle)
            self._timer.daemon = True
            self._timer.start()

    def stop(self) -> None:
        """The server stops: no collection pending."""
        with self._lock:
            self._cancel()

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _when_idle(self) -> None:
        with self._lock:
            if self.idle.is_set():  # a build that started as the timer fired comes first
                self._collect()

    def _collect(self) -> None:
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self.deferred = 0


def observer_resting_while_building(idle: threading.Event, timeout: float) -> BaseObserver:
    """An observer polling as watchdog's PollingObserver does, every `timeout` seconds, but not while a build
    runs (while `idle` is clear): each poll stats every seed and compares two listings under the GIL, which
    slowed a large dossier's builds (benchmarks/README.md). A change made during a build is seen at the
    first poll after it, which compares with the poll before."""

    class RestingEmitter(PollingEmitter):
        def queue_events(self, timeout: float) -> None:
            if self.stopped_event.wait(timeout):
                return
            while not idle.is_set():  # asked right before the poll: a build starting meanwhile is waited for
                if self.stopped_event.wait(timeout):
                    return
            super().queue_events(0)

    return BaseObserver(RestingEmitter, timeout=timeout)


class QuickRebuilds:
    """What the served folder holds (by output path), and the builder that rebuilds only what changed."""

    def __init__(self) -> None:
        self.active = False  # True during a quick rebuild
        self.possible = False  # the last build says a quick rebuild would be exact (see the plugin)
        self.served: dict[str, str] = {}  # output path -> what made it (a page key, or an export's build)
        self.made_now: dict[str, str] = {}
        self.collector = IdleCollector()

    @property
    def idle(self) -> threading.Event:
        """Set while no build runs."""
        return self.collector.idle

    def first_build_ended(self) -> None:
        """MkDocs made the first build before the plugin took over the server's builder."""
        self.collector.build_ended()

    def stop(self) -> None:
        self.collector.stop()

    def builder(self, config: MkDocsConfig) -> Callable[[], None]:
        """The server's builder after the first build: the same configuration file and options, dirty."""
        options: dict[str, Any] = {"site_dir": config.site_dir, "dev_addr": str(config.dev_addr)}
        config_file, serve_url = config.config_file_path, config.site_url
        quiet = _QuietDirtyBuild()

        def rebuild() -> None:
            self.collector.build_starts()
            try:
                build_once()
            finally:
                self.collector.build_ended()

        def build_once() -> None:
            fresh = load_config(config_file=config_file, **options)
            fresh.site_url = serve_url
            _keep_theme_listing(fresh.theme)
            if not self.possible:
                log.info("Building documentation...")
                build(fresh, serve_url=serve_url)
                return
            log.info("Building documentation (only what changed)...")
            fresh.strict = False  # a warning must not leave the server stuck on the previous site
            self.active = True
            logging.getLogger("mkdocs.commands.build").addFilter(quiet)
            try:
                build(fresh, serve_url=serve_url, dirty=True)
            finally:
                logging.getLogger("mkdocs.commands.build").removeFilter(quiet)
                self.active = False

        return rebuild

    def start_build(self) -> None:
        self.made_now = {}

    def unchanged(self, file: File, made_by: str) -> bool:
        """Record what makes `file` now; whether the served folder already holds exactly that."""
        self.made_now[file.dest_uri] = made_by
        return self.active and self.served.get(file.dest_uri) == made_by

    def finish_build(self, site_dir: str) -> None:
        """Delete what is served of files that are gone (a record removed); remember what is served now."""
        if self.active:
            for dest_uri in set(self.served) - set(self.made_now):
                path = os.path.join(site_dir, dest_uri)
                if os.path.isfile(path):
                    os.unlink(path)
        self.served = dict(self.made_now)


_THEME_LISTINGS: dict[tuple[Any, ...], list[str]] = {}  # installed theme folders -> the files MkDocs copies


def _keep_theme_listing(theme: Theme) -> None:
    """List an installed theme's files once a session: MkDocs walks and filters all of them (Material's
    14,000 icons) on every build to find the few dozen it copies, and they do not change while serving.
    A theme with a folder of the project's own (custom_dir) is listed every time."""
    if not all(installed(folder) for folder in theme.dirs):
        return
    make_env = theme.get_env

    def get_env() -> Any:
        env = make_env()
        list_templates = env.list_templates

        def listed(extensions: Any = None, filter_func: Any = None) -> list[str]:
            key = (*theme.dirs, *theme.static_templates, extensions, getattr(filter_func, "__code__", filter_func))
            if key not in _THEME_LISTINGS:
                _THEME_LISTINGS[key] = list_templates(extensions=extensions, filter_func=filter_func)
            return list(_THEME_LISTINGS[key])

        env.list_templates = listed  # type: ignore[method-assign]
        return env

    theme.get_env = get_env  # type: ignore[method-assign]
