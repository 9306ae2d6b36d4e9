"""What MkDocs makes of each generated page, kept by content so that each page is made once.

MkDocs converts every page's Markdown, indexes it for search and renders it through the theme on every
build. For a generated page all three follow from its Markdown and from the site around it (the
configuration, the theme, the library versions, the navigation), so they are kept under a key of
those and reused while the key holds:

- in memory, from one `mkdocs serve` rebuild to the next;
- on disk in `.cache/dossier/pages/` (git-ignored, safe to delete), for the next build: a folder per
  site, each holding the pages of its last build; the few most recent sites are kept. The site's
  address, title and copyright appear only round a page, so `mkdocs build` and `mkdocs serve` (whose
  addresses differ) share a folder: each reuses the other's conversions and renders the theme again.

A conversion that logged a warning is never kept, so a strict build sees the warning every time.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import logging
import os
import pickle
import re
import shutil
import sys
import sysconfig
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markdown.extensions import Extension
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

LIBRARIES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2")
CACHE_FORMAT = "3"  # the shape of what is kept (Made)
OURS = Path(__file__).resolve().parent  # this package: how a page's HTML is post-processed and indexed
INSTALLED = Path(sysconfig.get_paths()["purelib"]).resolve()


def installed(folder: str) -> bool:
    """Whether a theme folder belongs to an installed package (its files are its version's)."""
    return Path(folder).resolve().is_relative_to(INSTALLED)

SITES_KEPT = 4  # site folders kept on disk, the most recently used


@dataclass
class Made:
    """A page as MkDocs made it: its conversion (after the plugins' post-processing), its search entries and
    its HTML as the theme rendered it under a given navigation."""

    content: str
    toc: TableOfContents
    title: str | None
    present_anchor_ids: set[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None  # by target path: File objects are new each build
    search: list[dict[str, Any]] | None = None
    html: str | None = None
    html_under: str = ""  # what the HTML was rendered under: the navigation and the site's identity


def _stable(value: Any) -> Any:
    """A repr-able form of a configuration value that is the same in every process (no object addresses)."""
    if isinstance(value, dict):
        return sorted((str(k), _stable(v)) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_stable(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, Extension):  # a Markdown extension a plugin added as an object: its class and settings
        return [f"{type(value).__module__}.{type(value).__qualname__}", _stable(value.getConfigs())]
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__name__)}"
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


# Shown by the theme only, around each page (header, footer, canonical link): a new title or address
# renders the pages through the theme again but keeps their conversions, unless a plugin we do not
# know might print them into a page's content.
IDENTITY = ("site_name", "site_description", "site_url", "site_author", "copyright")
PLUGINS_KNOWN = {"search", "material/search", "offline", "material/offline", "dossier"}


def site_digest(config: MkDocsConfig, files: Files, generated: set[str]) -> str:
    """What every page's conversion depends on besides its own Markdown: the configuration, the libraries,
    the code of this package, of the plugins and hooks, and of the theme's overrides."""
    plugins = {name: dict(getattr(plugin, "config", {})) for name, plugin in config.plugins.items()}
    parts: list[Any] = [CACHE_FORMAT, sys.version, *(_version(lib) for lib in LIBRARIES)]
    parts += [_file_digest(path) for path in sorted(_code_files(config))]
    parts += [_stable(config[key]) for key in (
        "repo_url", "repo_name", "edit_uri", "use_directory_urls", "markdown_extensions", "mdx_configs",
        "extra", "extra_css", "nav", "validation", "docs_dir")]
    if not set(config.plugins) <= PLUGINS_KNOWN:
        parts += [identity_digest(config)]
    parts += [[str(s) for s in config.extra_javascript], _stable(dict(config.theme)), _stable(plugins)]
    parts += [_theme_templates(config)]
    # Links resolve against the site's files; the generated pages' own paths are in their Markdown already.
    parts += sorted(f"{f.src_uri}\0{f.dest_uri}\0{f.inclusion}" for f in files if f.src_uri not in generated)
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def identity_digest(config: MkDocsConfig) -> str:
    """The site's name, description, address, author and copyright line: what the theme prints round pages."""
    return hashlib.sha256(repr([_stable(config[key]) for key in IDENTITY]).encode("utf-8")).hexdigest()


def _version(library: str) -> str:
    try:
        return f"{library} {importlib.metadata.version(library)}"
    except importlib.metadata.PackageNotFoundError:
        return f"{library} absent"


def _code_files(config: MkDocsConfig) -> set[str]:
    """This package's modules, and the module of each plugin and hook (a hook is a module itself)."""
    found = {str(path) for path in OURS.glob("*.py")}
    for plugin in config.plugins.values():
        module = plugin if isinstance(plugin, types.ModuleType) else sys.modules.get(type(plugin).__module__)
        file = getattr(module, "__file__", None)
        if file:
            found.add(str(file))
    return found


def _file_digest(path: str) -> str:
    stat = os.stat(path)
    return _contents_digest(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=256)  # by path, time and size: read again only once edited
def _contents_digest(path: str, mtime_ns: int, size: int) -> str:
    with open(path, "rb") as stream:
        return hashlib.sha256(stream.read()).hexdigest()


def _theme_templates(config: MkDocsConfig) -> list[str]:
    """The theme's own folders outside installed packages (an override, custom_dir), by time and size:
    an installed theme is its version (LIBRARIES)."""
    found = []
    for folder in config.theme.dirs:
        if installed(folder):
            continue
        for root, _, names in os.walk(folder):
            for name in names:
                if name.endswith((".html", ".xml", ".yml", ".css", ".js")):
                    stat = os.stat(os.path.join(root, name))
                    found.append(f"{os.path.join(root, name)}\0{stat.st_mtime_ns}\0{stat.st_size}")
    return sorted(found)


def nav_digest(nav: Navigation, config: MkDocsConfig) -> str:
    """What the theme shows of the navigation on every page: each entry's title and address. A page's
    title is MkDocs' own (the nav's, the page's meta, its first heading), known once its source is read."""
    entries = []
    for page in nav.pages:
        if page.markdown is None:
            page.read_source(config)
        entries.append((page.file.src_uri, page.url, page.title))
    return hashlib.sha256(repr(entries).encode("utf-8")).hexdigest()


@dataclass
class PageCache:
    """Made pages by key (see `key`), in memory and, with a folder, on disk."""

    folder: Path | None = None
    site: str = ""  # the site digest of the build under way: its folder on disk
    _memory: dict[str, Made] = field(default_factory=dict)
    _used: set[str] = field(default_factory=set)
    _dirty: set[str] = field(default_factory=set)
    _on_disk: tuple[str, set[str]] | None = None  # (site, keys): what this process knows its folder holds
    hits: int = 0

    @staticmethod
    def key(site: str, src_uri: str, markdown: str) -> str:
        return hashlib.sha256(f"{site}\0{src_uri}\0{markdown}".encode()).hexdigest()

    def start_build(self, site: str) -> None:
        self.site, self._used, self._dirty, self.hits = site, set(), set(), 0

    @property
    def _site_folder(self) -> Path:
        assert self.folder is not None
        return self.folder / self.site[:16]

    def get(self, key: str) -> Made | None:
        made = self._memory.get(key)
        if made is None and self.folder is not None:
            made = self._read(key)
            if made is not None:
                self._memory[key] = made
        if made is not None:
            self._used.add(key)
            self.hits += 1
        return made

    def put(self, key: str, made: Made) -> None:
        self._memory[key] = made
        self._used.add(key)
        self._dirty.add(key)

    def touched(self, key: str) -> None:
        """`made` changed (its search entries or HTML were added): write it out again."""
        self._dirty.add(key)

    def finish_build(self) -> None:
        """Keep the pages of this build only: in memory, and on disk (written where new or changed)."""
        self._memory = {key: made for key, made in self._memory.items() if key in self._used}
        if self.folder is None:
            return
        with contextlib.suppress(OSError):  # a read-only or full disk costs the next build time, nothing more
            self._site_folder.mkdir(parents=True, exist_ok=True)
            on_disk = self._keys_on_disk()
            for key in self._dirty:
                if key in self._memory:
                    self._write(key, self._memory[key])
                    on_disk.add(key)
            for stale in on_disk - self._used:
                (self._site_folder / f"{stale}.pickle").unlink(missing_ok=True)
                on_disk.discard(stale)
            os.utime(self._site_folder)
            sites = sorted(self.folder.iterdir(), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in sites[SITES_KEPT:]:
                shutil.rmtree(old, ignore_errors=True)

    def _keys_on_disk(self) -> set[str]:
        """The keys of the site's folder, listed once a process, not once a save."""
        if self._on_disk is None or self._on_disk[0] != self.site:
            self._on_disk = (self.site, {path.stem for path in self._site_folder.glob("*.pickle")})
        return self._on_disk[1]

    def _read(self, key: str) -> Made | None:
        assert self.folder is not None
        try:
            with (self._site_folder / f"{key}.pickle").open("rb") as stream:
                made = pickle.load(stream)
        except Exception:  # missing, damaged or foreign: make the page again
            return None
        return made if isinstance(made, Made) else None

    def _write(self, key: str, made: Made) -> None:
        temporary = self._site_folder / f".{key}.{os.getpid()}"
        with temporary.open("wb") as stream:
            pickle.dump(made, stream, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.replace(self._site_folder / f"{key}.pickle")  # whole or not at all, for a concurrent reader


_SEGMENT = r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*"  # no '.' or '..', no scheme, query or fragment
_PLAIN_URL = re.compile(rf"(?:{_SEGMENT}/)*(?:{_SEGMENT})?")


@functools.lru_cache(maxsize=8)
def _path_of(base: str) -> str:
    return urlsplit(base).path


class _LogCount(logging.Handler):
    def __init__(self, level: int = logging.WARNING) -> None:
        super().__init__(level)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class CachedPage(Page):
    """A generated page that takes its conversion from `made` when it has one, else converts and keeps it."""

    def __init__(self, title: str | None, file: File, config: MkDocsConfig, key: str, made: Made | None) -> None:
        super().__init__(title, file, config)
        self.key = key
        self.made = made
        self.converted_here = False  # converted in this build: the plugin post-processes and keeps it
        self.warned = False
        self.anchors_found = False  # its last check of links to anchors logged nothing
        self.anchors_unchanged = False  # this build: the page and every page it links to are the last build's
        self.restored_from: Made | None = None  # what `restore` last set the page from

    def again(self, made: Made | None, update_date: str) -> None:
        """Ready for another build of the same Markdown under the same site (a quick rebuild under serve)."""
        self.made = made
        self.converted_here = self.warned = False
        self.update_date = update_date

    def _set_canonical_url(self, base: str | None) -> None:
        """As MkDocs does, without `urljoin` (a tenth of a quick rebuild): a generated page's address is a
        plain relative path (layout.py), so joining it to the site's address is appending it."""
        if not base or not _PLAIN_URL.fullmatch(self.url):
            super()._set_canonical_url(base)
            return
        base = base if base.endswith("/") else base + "/"
        self.canonical_url = base + self.url
        self.abs_url = _path_of(base) + self.url

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.made is not None:
            self.restore(files)
            return
        warnings = _LogCount()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(warnings)
        try:
            super().render(config, files)
        finally:
            logger.removeHandler(warnings)
        self.converted_here = True
        self.warned = warnings.count > 0

    def validate_anchor_links(self, *, files: Files, log_level: int) -> None:
        """MkDocs' check, not made again where its outcome is known: nothing was missing last time, and
        neither this page nor any page it links to changed since."""
        if self.anchors_unchanged and self.anchors_found:
            return
        missing = _LogCount(logging.NOTSET)
        logger = logging.getLogger("mkdocs.structure.pages")  # where MkDocs logs a missing anchor
        logger.addHandler(missing)
        try:
            super().validate_anchor_links(files=files, log_level=log_level)
        finally:
            logger.removeHandler(missing)
        self.anchors_found = missing.count == 0

    def restore(self, files: Files) -> None:
        made = self.restored_from = self.made
        assert made is not None
        self.content = made.content
        self.toc = made.toc
        self._title_from_render = made.title
        self.present_anchor_ids = set(made.present_anchor_ids or ())
        self.links_to_anchors = None
        if made.links_to_anchors is not None:
            self.links_to_anchors = {}
            by_uri = files.src_uris  # the keys are POSIX paths already: no need to normalise them again
            for src_uri, anchors in made.links_to_anchors.items():
                target = by_uri.get(src_uri)
                if target is not None:
                    self.links_to_anchors[target] = dict(anchors)

    def made_now(self) -> Made:
        links = None
        if self.links_to_anchors is not None:
            links = {file.src_uri: dict(anchors) for file, anchors in self.links_to_anchors.items()}
        return Made(self.content or "", self.toc, self._title_from_render, set(self.present_anchor_ids or ()),
                    links)
