"""A crawler for a built site: every internal link and #anchor resolves, every footnote reaches a
source passage, and no page content carries script, event handlers or javascript:/data: links."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass
class PageScan:
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    footnotes: dict[str, list[str]] = field(default_factory=dict)  # footnote li id -> hrefs inside it
    content_scripts: int = 0
    handlers: list[str] = field(default_factory=list)


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = PageScan()
        self.in_article = 0
        self.footnote: str | None = None
        self.footnote_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if "id" in values:
            self.scan.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.scan.ids.add(values["name"])
        self.scan.handlers.extend(f"{tag} {k}" for k in values if k.startswith("on"))
        if tag == "article":
            self.in_article += 1
        if self.in_article and tag == "script":
            self.scan.content_scripts += 1
        if tag == "li" and values.get("id", "").startswith("fn:"):
            self.footnote, self.footnote_depth = values["id"], 0
            self.scan.footnotes[self.footnote] = []
        if self.footnote and tag == "li":
            self.footnote_depth += 1
        for attribute in ("href", "src"):
            if attribute in values:
                self.scan.links.append(values[attribute])
                if self.footnote and attribute == "href":
                    self.scan.footnotes[self.footnote].append(values[attribute])

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.in_article -= 1
        if self.footnote and tag == "li":
            self.footnote_depth -= 1
            if self.footnote_depth == 0:
                self.footnote = None


def scan_page(path: Path) -> PageScan:
    scanner = _Scanner()
    scanner.feed(path.read_text(encoding="utf-8"))
    return scanner.scan


def _target(site: Path, page: Path, href: str) -> tuple[Path | None, str]:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None, ""
    if not parts.path:
        return page, unquote(parts.fragment)
    base = site if parts.path.startswith("/") else page.parent  # 404.html links from the site root
    target = Path(posixpath.normpath(str(base / unquote(parts.path).lstrip("/"))))
    if target.is_dir() or parts.path.endswith("/"):
        target = target / "index.html"
    return target, unquote(parts.fragment)


def crawl(site: Path) -> tuple[list[str], dict[str, int]]:
    """Problems found in the built site, and counts of what was checked."""
    pages = {p: scan_page(p) for p in site.rglob("*.html")}
    problems: list[str] = []
    counts = {"pages": len(pages), "links": 0, "anchors": 0, "footnotes": 0}
    for page, scan in pages.items():
        name = page.relative_to(site).as_posix()
        problems += [f"{name}: <script> inside page content"] * scan.content_scripts
        problems += [f"{name}: event handler attribute {h}" for h in scan.handlers]
        for href in scan.links:
            if re.match(r"\s*(javascript|data|vbscript):", href, re.IGNORECASE):
                problems.append(f"{name}: unsafe link {href[:60]}")
                continue
            target, anchor = _target(site, page, href)
            if target is None:
                continue
            counts["links"] += 1
            if not target.exists():
                problems.append(f"{name}: broken link {href}")
            elif anchor:
                counts["anchors"] += 1
                scanned = pages[target] if target in pages else scan_page(target)
                if target.suffix == ".html" and anchor not in scanned.ids:
                    problems.append(f"{name}: missing anchor {href}")
        for note, hrefs in scan.footnotes.items():
            counts["footnotes"] += 1
            passages = [h for h in hrefs if re.search(r"sources/[^#]+#p-\d+(-\d+-\d+)?$", h)]
            if not passages:
                problems.append(f"{name}: footnote {note} does not link to a source passage")
            for href in passages:
                target, anchor = _target(site, page, href)
                if target is None or not target.exists() or anchor not in pages[target].ids:
                    problems.append(f"{name}: footnote {note} passage {href} does not exist")
    return problems, counts
