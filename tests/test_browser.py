"""The dossier as a reader meets it, in Debian's Chromium driven by Playwright (no browser download).

Screenshots at phone and desktop widths are kept in test-artifacts/screenshots/.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"
AXE = REPO / "tests" / "vendor" / "axe.min.js"
WIDTHS = {"phone": 375, "desktop": 1440}
PAGE_KINDS = {
    "home": "index.html", "actors": "actors/index.html", "actor": "actors/peskov.html",
    "map": "actors/map.html", "demands": "demands/index.html", "timeline": "timeline/index.html",
    "questions": "questions/index.html", "sources": "sources/index.html",
    "source": "sources/lapresse-2022-01-16.html", "book": "book.html", "coverage": "coverage.html",
}
# Violations that belong to the theme itself, not to our content. Keep each one explained.
AXE_ALLOWLIST: dict[str, str] = {}

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed (apt-get install chromium); .ci/run installs it",
                allow_module_level=True)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(example_site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(example_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": WIDTHS["desktop"], "height": 900})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def _in_viewport(page: Any, selector: str) -> bool:
    return bool(page.evaluate(
        """(selector) => { const r = document.querySelector(selector).getBoundingClientRect();
           return r.bottom > 0 && r.top < window.innerHeight; }""", selector))


@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_page_kinds_fit_phone_and_desktop(browser: Any, base_url: str, kind: str, width: str) -> None:
    context = browser.new_context(viewport={"width": WIDTHS[width], "height": 900})
    page = context.new_page()
    page.goto(f"{base_url}/{PAGE_KINDS[kind]}")
    page.wait_for_load_state("networkidle")
    (ARTIFACTS / "screenshots").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "screenshots" / f"{kind}-{width}.png"))
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    context.close()
    assert overflow <= 1, f"{kind} scrolls sideways by {overflow}px at {WIDTHS[width]}px"


def test_footnote_tooltip_shows_quote_and_source(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/index.html")
    marker = page.locator("a.footnote-ref").first
    assert marker.get_attribute("aria-label") == "Footnote 1"
    marker.hover()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible", timeout=5000)
    text = tooltip.inner_text()
    note = page.locator("li#fn\\:1").inner_text()
    assert text.split("“")[0].strip() == note.split("“")[0].strip()  # the source's short name and date
    assert "“" in text and "¶" in text


def test_following_a_footnote_lands_on_the_highlighted_passage_and_back(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/index.html")
    page.locator("a.footnote-ref").first.click()
    passage_link = page.locator("li#fn\\:1 a", has_text="¶").first
    target = passage_link.get_attribute("href")
    assert target and "#p-" in target
    passage_link.click()
    page.wait_for_load_state("load")
    anchor = page.url.split("#", 1)[1]
    assert "sources/" in page.url
    assert page.locator(f"#{anchor} mark").count() >= 1, "the cited passage is highlighted"
    assert _in_viewport(page, f"#{anchor}")
    page.go_back()
    page.locator("li#fn\\:1 a.footnote-backref").first.click()
    assert _in_viewport(page, "#fnref\\:1")


def test_timeline_filters_by_actor(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/timeline/index.html")
    events = page.locator(".dossier-event[data-actors]")
    total = events.count()
    involving = page.locator('.dossier-event[data-actors~="peskov"]').count()
    assert 0 < involving < total
    page.select_option("#dossier-actor-filter", "peskov")
    assert page.locator(".dossier-event[data-actors]:visible").count() == involving
    assert page.locator(".dossier-row:visible").count() <= involving
    assert "actor=peskov" in page.url
    assert f"{involving} event(s) involve" in page.locator("#dossier-filter-status").inner_text()
    page.goto(f"{base_url}/timeline/index.html?actor=peskov")  # the filter survives a shared link
    assert page.locator(".dossier-event[data-actors]:visible").count() == involving
    page.goto(f"{base_url}/actors/peskov.html")  # pivot: from an actor to their events on the timeline
    page.locator("a", has_text="See these events on the timeline").click()
    page.wait_for_url("**/timeline/index.html?actor=peskov")
    # The filter runs once the new page's script has loaded: wait for it instead of counting at once.
    page.wait_for_function(
        "n => document.querySelectorAll('.dossier-event[data-actors]:not([hidden])').length === n", arg=involving)
    assert page.locator(".dossier-event[data-actors]:visible").count() == involving


def test_search_finds_an_actor_by_another_spelling(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/index.html")
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially("Kouleba", delay=30)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=10000)
    assert any("Dmytro Kuleba" in text for text in results.all_inner_texts())


def test_demand_tracker_sorts(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/demands/index.html")
    header = page.locator(".dossier-sortable th", has_text="Status")
    header.click()
    statuses = page.locator(".dossier-sortable tbody tr td:nth-child(5)").all_inner_texts()
    assert statuses == sorted(statuses)


def test_relationship_map_is_drawn_with_links(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/actors/map.html")
    page.locator(".dossier-map-figure svg").wait_for(timeout=15000)
    links = page.locator(".dossier-map-figure svg a")
    assert links.count() > 5
    href = links.first.get_attribute("href") or links.first.get_attribute("xlink:href")
    assert href and href.endswith(".html")


def test_site_works_from_disk_with_search(browser: Any, example_site: Path) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.route("http*://**", lambda route: route.abort())  # no network at all
    page = context.new_page()
    page.goto((example_site / "index.html").as_uri())
    page.locator("a", has_text="Sources").first.click()
    assert page.url.endswith("sources/index.html")
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially("Kouleba", delay=30)
    page.locator(".md-search-result__item").first.wait_for(timeout=10000)
    context.close()


def test_print_keeps_footnotes_and_hides_navigation(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/book.html")
    page.emulate_media(media="print")
    assert page.locator(".md-sidebar--primary").is_hidden()
    assert page.locator(".footnote li").count() > 100
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = page.pdf(path=str(ARTIFACTS / "briefing-book.pdf"), format="A4")
    assert pdf[:4] == b"%PDF" and len(pdf) > 50_000


@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_axe_finds_no_accessibility_violations(page: Any, base_url: str, kind: str) -> None:
    page.goto(f"{base_url}/{PAGE_KINDS[kind]}")
    page.wait_for_load_state("networkidle")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("""async () => await axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
    violations = [v for v in result["violations"] if v["id"] not in AXE_ALLOWLIST]
    (ARTIFACTS / "axe").mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "axe" / f"{kind}.json").write_text(json.dumps(result["violations"], indent=2))
    assert violations == [], "\n".join(
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes, e.g. {v['nodes'][0]['html'][:120]})" for v in violations)


def test_page_language_is_set(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/index.html")
    assert page.locator("html").get_attribute("lang") == "en"


@pytest.fixture(scope="module")
def split_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The mini dossier built with one entry per list page: the layout of a very large dossier."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator import layout

    from conftest import mini_config

    folder = tmp_path_factory.mktemp("split")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(layout, "LIST_PAGE_SIZE", 1)
        patch.setenv("NO_MKDOCS_2_WARNING", "1")
        config = load_config(str(mini_config(folder)), site_dir=str(folder / "site"))
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
    handler = functools.partial(_QuietHandler, directory=str(folder / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_the_pages_of_a_long_list_lead_to_each_other_and_pass_axe(page: Any, split_site_url: str) -> None:
    page.goto(f"{split_site_url}/actors/index_2.html")
    assert page.locator("h1").inner_text().startswith("Actors, page 2")  # then the permalink ¶
    links = page.locator(".dossier-parts a")
    assert links.count() == 3  # pages 1, 3 and 4; this page is in bold
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("""async () => await axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
    assert result["violations"] == [], [v["id"] for v in result["violations"]]
    page.locator(".dossier-parts a", has_text="3").click()
    page.wait_for_url("**/actors/index_3.html")
    assert page.locator("h1").inner_text().startswith("Actors, page 3")
