"""The dossier as a reader meets it, in Debian's Chromium driven by Playwright (no browser download).

The site is the `festival` fixture (an invented night-market dispute with accented, Cyrillic and
variant-spelled names), built with the repository's mkdocs.yml. Pages are checked at phone (375 px)
and desktop (1440 px) widths in both palettes; screenshots are kept in test-artifacts/screenshots/.
"""

from __future__ import annotations

import functools
import http.server
import itertools
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import FESTIVAL, REPO, built_site

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"
AXE = REPO / "tests" / "vendor" / "axe.min.js"
WIDTHS = {"phone": 375, "desktop": 1440}
SCHEMES = ("light", "dark")
PAGE_KINDS = {
    "home": "index.html", "actors": "actors/index.html", "actor": "actors/sokolov.html",
    "map": "actors/map.html", "demands": "demands/index.html", "demand": "demands/fee-cut.html",
    "timeline": "timeline/index.html", "questions": "questions/index.html", "question": "questions/night-stalls.html",
    "sources": "sources/index.html", "source": "sources/courier.html", "book": "book.html", "coverage": "coverage.html",
}
# The frozen example (22 sides, long demands, machine-translated sources): the pages the review read.
EXAMPLE_KINDS = {
    "home": "index.html", "actor": "actors/peskov.html", "map": "actors/map.html", "demands": "demands/index.html",
    "timeline": "timeline/index.html", "sources": "sources/index.html", "source": "sources/lapresse-2022-01-16.html",
    "book": "book.html", "coverage": "coverage.html",
}
# Violations that belong to the theme itself, not to our content. Keep each one explained.
AXE_ALLOWLIST: dict[str, str] = {}
AXE_TAGS = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']"

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed (apt-get install chromium); .ci/run installs it",
                allow_module_level=True)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_site(tmp_path_factory.mktemp("festival"), FESTIVAL)


def _serve(folder: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    yield from _serve(site)


@pytest.fixture(scope="module")
def example_url(example_site: Path) -> Iterator[str]:
    yield from _serve(example_site)


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


def _open(browser: Any, width: int = 1440, scheme: str = "light", **options: Any) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme, **options)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    return context, opened, errors


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context, opened, errors = _open(browser)
    yield opened
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context, opened, errors = _open(browser, 375, has_touch=True, is_mobile=True)
    yield opened
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def _in_viewport(page: Any, selector: str) -> bool:
    return bool(page.evaluate(
        """(selector) => { const r = document.querySelector(selector).getBoundingClientRect();
           return r.bottom > 0 && r.top < window.innerHeight; }""", selector))


# Every visible piece of text in the page, with the font size it renders at (hidden text, the search
# dialog and screen-reader-only text excepted).
SMALL_TEXT = """() => {
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, element = node.parentElement;
    if (!node.textContent.trim() || !element || element.closest('.md-search, .md-skip, [hidden]'))
      continue;
    const box = element.getBoundingClientRect(), style = getComputedStyle(element);
    if (!box.width || !box.height || style.visibility === 'hidden' || !element.checkVisibility())
      continue;
    const size = parseFloat(style.fontSize);
    /* 0: the theme's icon-only links, their text replaced by an icon */
    if (size > 0 && size < 12) small.push(`${size}px: ${node.textContent.trim().slice(0, 40)}`);
  }
  return small;
}"""


OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"  # px scrolled sideways


def _shown(browser: Any, url: str, width: str, scheme: str, shot: str) -> tuple[Any, Any, list[str]]:
    """A page opened at a width and colour scheme, loaded, its whole length saved as a screenshot."""
    context, page, errors = _open(browser, WIDTHS[width], scheme)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    (ARTIFACTS / "screenshots").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "screenshots" / f"{shot}-{width}-{scheme}.png"), full_page=True)
    return context, page, errors


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_page_kinds_fit_phone_and_desktop(browser: Any, base_url: str, kind: str, width: str, scheme: str) -> None:
    context, page, errors = _shown(browser, f"{base_url}/{PAGE_KINDS[kind]}", width, scheme, kind)
    overflow = page.evaluate(OVERFLOW)
    cut = page.evaluate("() => Array.from(document.querySelectorAll('article .md-typeset__scrollwrap, article pre'))"
                        ".filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent.slice(0, 60))")
    small = page.evaluate(SMALL_TEXT)
    footer = page.locator(".md-copyright").inner_text()
    context.close()
    assert errors == []
    assert overflow <= 1, f"{kind} scrolls sideways by {overflow}px at {WIDTHS[width]}px"
    assert cut == [], f"{kind} hides part of a table behind a sideways scroll: {cut}"
    assert small == [], f"text under 12px on {kind}: {small[:5]}"
    assert "Edition of 2 Feb 2024" in footer


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("kind", sorted(EXAMPLE_KINDS))
def test_the_example_fits_and_passes_axe(browser: Any, example_url: str, kind: str, width: str, scheme: str) -> None:
    """The pages the review read, on the example itself: no sideways scroll, nothing under 12px, axe clean."""
    context, page, errors = _shown(browser, f"{example_url}/{EXAMPLE_KINDS[kind]}", width, scheme, f"example-{kind}")
    overflow = page.evaluate(OVERFLOW)
    small = page.evaluate(SMALL_TEXT)
    violations = _axe(page)
    context.close()
    assert errors == []
    assert overflow <= 1, f"{kind} scrolls sideways by {overflow}px at {WIDTHS[width]}px"
    assert small == [], f"text under 12px on {kind}: {small[:5]}"
    assert violations == [], [f"{v['id']}: {v['nodes'][0]['html'][:120]}" for v in violations]


def test_search_finds_an_example_actor_by_another_spelling(page: Any, example_url: str) -> None:
    page.goto(f"{example_url}/index.html")
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially("Kouleba", delay=30)
    results = page.locator(".md-search-result__item > a .md-search-result__article h1")
    results.first.wait_for(timeout=10000)
    assert results.first.inner_text().strip() == "Dmytro Kuleba", results.all_inner_texts()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_axe_finds_no_accessibility_violations(browser: Any, base_url: str, kind: str, scheme: str) -> None:
    context, page, _ = _open(browser, 1440, scheme)
    page.goto(f"{base_url}/{PAGE_KINDS[kind]}")
    page.wait_for_load_state("networkidle")
    violations = _axe(page)
    (ARTIFACTS / "axe").mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "axe" / f"{kind}-{scheme}.json").write_text(json.dumps(violations, indent=2))
    context.close()
    assert violations == [], "\n".join(
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes, e.g. {v['nodes'][0]['html'][:120]})" for v in violations)


def _axe(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(f"async () => await axe.run(document, {{runOnly: {{type: 'tag', values: {AXE_TAGS}}}}})")
    return [v for v in result["violations"] if v["id"] not in AXE_ALLOWLIST]


# 1. The map


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_map_labels_are_legible_unclipped_and_follow_the_palette(browser: Any, base_url: str, width: str) -> None:
    context, page, errors = _open(browser, WIDTHS[width])
    page.goto(f"{base_url}/actors/map.html")
    cards = page.locator(".dossier-mapcards > ul > li")
    assert cards.count() == 3
    sizes = page.evaluate("""() => Array.from(document.querySelectorAll('.dossier-mapcards *'))
        .filter(e => Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim()))
        .map(e => parseFloat(getComputedStyle(e).fontSize))""")
    assert sizes and min(sizes) >= 12, f"smallest map label {min(sizes)}px"
    clipped = page.evaluate("""() => Array.from(document.querySelectorAll('.dossier-mapcards li'))
        .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent.slice(0, 40))""")
    assert clipped == []
    fee = cards.filter(has_text="twenty percent")
    assert fee.locator(".dossier-stance", has_text="partly accepts").count() == 1  # the stance in words
    assert fee.locator(".dossier-role", has_text="Demanded by").count() == 1
    border = "() => getComputedStyle(document.querySelector('.dossier-mapcards > ul > li')).borderTopColor"
    light = page.evaluate(border)
    page.locator("form[data-md-component=palette] label:visible").first.click()  # the header's palette toggle
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
    assert page.evaluate(border) != light, "the map keeps the light palette's colours"
    assert _axe(page) == []
    assert page.locator("h2#sides").count() == 1 and page.locator("#as-text").count() == 1  # the text kept
    context.close()
    assert errors == []


# 2. Phones and wide screens


def test_tables_keep_their_key_columns_at_phone_width(browser: Any, base_url: str) -> None:
    context, page, _ = _open(browser, 375)
    for path, labels in (("demands/index.html", ("Status", "Latest response")),
                         ("sources/index.html", ("Reliability",)), ("coverage.html", ("Share cited",))):
        page.goto(f"{base_url}/{path}")
        for label in labels:
            cell = page.locator(f"td[data-label='{label}']").first
            box = cell.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375, f"{label} off screen on {path}"
            assert cell.is_visible()
    context.close()


def test_no_column_is_a_sliver_at_desktop_width(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/demands/index.html")
    widths = page.evaluate("() => Array.from(document.querySelectorAll('.dossier-demands thead th'))"
                           ".map(th => th.getBoundingClientRect().width)")
    assert len(widths) == 6 and widths[0] >= 250 and min(widths) >= 60, widths


# 3. Time told right


def test_timeline_groups_follow_precision_and_headings_carry_no_tags(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/timeline/index.html")
    groups = page.locator(".dossier-group h2").all_inner_texts()
    assert [g.rstrip("¶").strip() for g in groups] == [
        "2019", "November 2023", "November – December 2023", "January 2024", "February 2024"]
    headings = page.locator(".dossier-event h3").all_inner_texts()
    headings += page.locator(".md-nav--secondary").all_inner_texts()
    for word in ("month only", "year only", "approximate", " range", " year:"):
        assert not any(word in text for text in headings), word


def test_timeline_zooms_by_touch_and_keeps_rows_legible_on_a_phone(phone: Any, base_url: str) -> None:
    phone.goto(f"{base_url}/timeline/index.html")
    rows = phone.locator(".dossier-row:visible")
    everything = rows.count()
    phone.locator(".dossier-zoom button", has_text="Jan 2024").tap()
    assert phone.locator(".dossier-zoom button", has_text="Jan 2024").get_attribute("aria-pressed") == "true"
    assert 0 < rows.count() < everything
    assert "outside this window" in phone.locator(".dossier-chart-status").inner_text()
    cut = phone.evaluate("""() => Array.from(document.querySelectorAll(
        '.dossier-row:not(.dossier-outside) .dossier-bar-label'))
        .filter(e => e.scrollWidth > e.clientWidth + 1).length""")
    assert cut == 0, "row labels are cut"
    lefts = phone.evaluate("() => Array.from(document.querySelectorAll("
                           "'.dossier-row:not(.dossier-outside) .dossier-bar'))"
                           ".map(b => b.getBoundingClientRect().left)")
    assert max(lefts) - min(lefts) > 150, "the month's events are spread over the axis"
    labels = phone.evaluate("""() => Array.from(document.querySelectorAll(
        '.dossier-tick:not(.dossier-tick-unlabelled)'))
        .map(t => t.getBoundingClientRect()).map(r => [r.left, r.right])""")
    assert len(labels) >= 2 and all(a[1] <= b[0] for a, b in itertools.pairwise(labels)), labels


CHART_DRAWING = """(root) => [
    Array.from(root.querySelectorAll('.dossier-axis .dossier-tick'), t => [t.style.left, t.textContent]),
    Array.from(root.querySelectorAll('.dossier-bar'), b => [b.getAttribute('style'), b.className])]"""


def test_the_whole_chart_is_the_one_the_server_drew_and_a_month_is_ticked_by_day(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/timeline/index.html")
    served = page.evaluate(f"""async () => {{
        const html = await (await fetch(location.href)).text();
        return ({CHART_DRAWING})(new DOMParser().parseFromString(html, 'text/html')); }}""")
    shown = f"() => ({CHART_DRAWING})(document)"
    assert served[0] and page.evaluate(shown) == served
    page.locator(".dossier-zoom button", has_text="Jan 2024").click()
    ticks, bars = page.evaluate(shown)
    assert [label for _, label in ticks] == ["1 Jan", "8 Jan", "15 Jan", "22 Jan", "29 Jan"]
    assert bars != served[1]
    page.select_option("#dossier-actor-filter", "weiss")  # rows hidden while zoomed are drawn again too
    page.locator(".dossier-zoom button", has_text="Whole chart").click()
    page.select_option("#dossier-actor-filter", "")
    assert page.evaluate(shown) == served


def test_timeline_filters_by_actor_with_its_outline_and_footnotes(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/timeline/index.html")
    involving = page.locator('.dossier-event[data-actors~="weiss"]').count()
    assert involving == 1
    page.select_option("#dossier-actor-filter", "weiss")
    assert page.locator(".dossier-event:visible").count() == 1
    assert page.locator(".dossier-group:visible h2").all_inner_texts()[0].startswith("January 2024")
    assert page.locator(".dossier-group:visible").count() == 1  # no empty group headings
    toc = page.locator(".md-nav--secondary a:visible").all_inner_texts()
    assert not any("2019" in t for t in toc) and any("cuts stall fees" in t for t in toc)
    assert page.locator(".footnote li:visible").count() == 1
    assert "1 event involves Jürgen Weiß." in page.locator("#dossier-filter-status").inner_text()
    assert "actor=weiss" in page.url
    page.goto(f"{base_url}/actors/weiss.html")  # pivot: from an actor to their events on the timeline
    page.locator("a", has_text="See these events on the timeline").click()
    page.wait_for_url("**/timeline/index.html?actor=weiss")
    page.wait_for_function("() => document.querySelectorAll('.dossier-event:not([hidden])').length === 1")


# 4. The passage singled out


def test_a_footnote_lands_on_the_quoted_words(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/actors/weiss.html")
    note = page.locator(".footnote li").first
    passage = note.locator("a", has_text="¶").first
    target = passage.get_attribute("href") or ""
    assert "#p-3-" in target
    quoted = note.inner_text().split("“", 1)[1].split("”", 1)[0]
    passage.click()
    page.wait_for_load_state("load")
    landed = page.locator("mark.dossier-landed")
    assert " ".join(landed.all_inner_texts()).replace("  ", " ").strip() == quoted
    assert _in_viewport(page, "mark.dossier-landed")
    loud = page.evaluate("() => getComputedStyle(document.querySelector('mark.dossier-landed')).backgroundColor")
    quiet = page.evaluate("() => getComputedStyle(document.querySelector('mark:not(.dossier-landed)')).backgroundColor")
    assert loud == "rgb(255, 224, 102)" and quiet == "rgba(0, 0, 0, 0)"
    page.go_back()
    page.locator("a.footnote-ref").first.click()
    page.locator("li#fn\\:1 a.footnote-backref").first.click()
    assert _in_viewport(page, "#fnref\\:1")


def test_a_cited_in_target_is_highlighted_on_arrival(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/sources/courier.html")
    page.locator(".dossier-cited-in a", has_text="Ivan Sokolov: statement 1").first.click()
    page.wait_for_url("**/actors/sokolov.html#statement-1")
    background = page.evaluate("() => getComputedStyle(document.getElementById('statement-1')).backgroundColor")
    assert background == "rgb(255, 244, 194)"


@pytest.mark.parametrize("address, words", [
    ("demands/fee-cut.html#response-1", ["By:", "agreed to a ten percent cut"]),
    ("questions/night-stalls.html#position-1", ["Held by:", "keep its stalls open whatever the council decides"]),
])
def test_a_response_or_position_arrived_at_is_highlighted_whole(page: Any, base_url: str, address: str,
                                                                words: list[str]) -> None:
    """Its heading, who holds it, and what the sources say: one highlighted block."""
    anchor = address.split("#")[1]
    page.goto(f"{base_url}/{address}")
    block = page.locator(".dossier-response, .dossier-position", has=page.locator(f"h3#{anchor}"))
    assert all(word in block.inner_text() for word in words), block.inner_text()
    background = "element => getComputedStyle(element).backgroundColor"
    assert block.evaluate(background) == "rgb(255, 244, 194)"
    assert page.locator(f"h3#{anchor}").evaluate("h => getComputedStyle(h).boxShadow") == "none"  # one box
    page.goto(f"{base_url}/{address.split('#')[0]}")
    assert block.evaluate(background) == "rgba(0, 0, 0, 0)"


def test_sources_show_their_addresses_or_say_there_is_none(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/sources/courier.html")
    table = page.locator("article table").first.inner_text()
    assert "https://example.org/courier/stall-fees" in table and "https://archive.example.org" in table
    assert "31 Jan 2024" in table and "courier.txt" not in table
    page.goto(f"{base_url}/sources/notice.html")
    assert "no address recorded" in page.locator("article table").first.inner_text()
    page.goto(f"{base_url}/actors/board.html")
    assert "archived copy" in page.locator(".footnote").inner_text()


# 5. Typography


def test_typography_quotes_words_dashes_and_targets(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/book.html")
    text = page.locator("article").inner_text()
    for raw in ("““", "””", "partially-met", "partially-accepts", "non-committal:", "(s)", " - "):
        assert raw not in text, raw
    assert "“I don't know how many stalls can survive another winter”" in text  # one pair, not two
    assert "partially met" in text and "partly accepts" in text and "French" in page.content()
    page.goto(f"{base_url}/index.html")
    assert "halfway on fees – whether" in page.locator(".dossier-bottom-line").inner_text()
    boxes = page.evaluate("() => Array.from(document.querySelectorAll('a.footnote-ref'))"
                          ".map(a => a.getBoundingClientRect()).map(r => [r.width, r.height])")
    assert boxes and all(w >= 24 and h >= 24 for w, h in boxes), boxes
    sizes = page.evaluate("""() => [
        getComputedStyle(document.querySelector('.admonition.dossier-challenge p')).fontSize,
        getComputedStyle(document.querySelector('.dossier-statement')).fontSize].map(parseFloat)""")
    assert sizes[0] >= sizes[1], f"a challenge in smaller type than what it challenges: {sizes}"
    page.goto(f"{base_url}/demands/fee-cut.html")
    title = page.locator("h1").inner_text().rstrip("¶").strip()
    assert title.endswith("…") and len(title) < 100  # a short title; the whole demand is below it, once


# 6. Footnote previews


def test_escape_dismisses_a_footnote_preview(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/index.html")
    marker = page.locator("a.footnote-ref").first
    assert marker.get_attribute("aria-label") == "Footnote 1"
    marker.hover()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible", timeout=5000)
    assert "“" in tooltip.inner_text() and "¶" in tooltip.inner_text()
    page.keyboard.press("Escape")
    tooltip.wait_for(state="hidden", timeout=2000)
    marker.focus()  # back on the marker: the preview returns
    page.mouse.move(0, 0)
    marker.hover()
    page.locator(".md-tooltip2--active:not(.dossier-dismissed)").wait_for(state="visible", timeout=5000)


def test_a_tap_shows_the_preview_and_a_second_tap_goes_on(phone: Any, base_url: str) -> None:
    phone.goto(f"{base_url}/actors/sokolov.html")
    marker = phone.locator("a.footnote-ref").first
    marker.tap()
    phone.locator(".md-tooltip2--active").wait_for(state="visible", timeout=5000)
    assert "#fn" not in phone.url, "the first tap jumped to the notes"
    marker.tap()
    phone.wait_for_url("**#fn:1")


# 7. Search in any spelling


@pytest.mark.parametrize(("query", "found"), [
    ("Jurgen", "Jürgen Weiß"), ("Weiss", "Jürgen Weiß"), ("Иван", "Ivan Sokolov"), ("Zelenskyy", "Taras Zelensky"),
    ("Poutine", "Poutine Collective"), ("Sokolov", "Ivan Sokolov"),
])
def test_search_finds_any_spelling_and_ranks_the_record_first(page: Any, base_url: str, query: str, found: str) -> None:
    page.goto(f"{base_url}/index.html")
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially(query, delay=30)
    page.locator(".md-search__input").press("End")  # letters off the keyboard's layout send no keyup
    results = page.locator(".md-search-result__item > a .md-search-result__article h1")
    results.first.wait_for(timeout=10000)
    assert results.first.inner_text().strip() == found, results.all_inner_texts()


def test_site_works_from_disk_with_search(browser: Any, site: Path) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.route("http*://**", lambda route: route.abort())  # no network at all
    page = context.new_page()
    page.goto((site / "index.html").as_uri())
    page.locator(".md-nav a", has_text="Sources").first.click()
    assert page.url.endswith("sources/index.html")
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially("Jurgen", delay=30)
    page.locator(".md-search-result__item", has_text="Jürgen").first.wait_for(timeout=10000)
    context.close()


# 8. Sorting


def test_demand_tracker_sorts_approximate_dates_by_their_start(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/demands/index.html")
    page.locator(".dossier-sortable th", has_text="Since").click()
    since = page.locator(".dossier-sortable tbody tr td:nth-child(6)").all_inner_texts()
    assert [s.split()[0:3] for s in since] == [["Nov", "2023", "month"], ["c.", "Jan", "2024"], ["c.", "18", "Jan"]]
    page.locator(".dossier-sortable th", has_text="Status").click()
    statuses = page.locator(".dossier-sortable tbody tr td:nth-child(2)").all_inner_texts()
    assert statuses == sorted(statuses)


# 9. What changed


def test_home_and_book_say_what_changed_since_the_previous_edition(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/index.html")
    changes = page.locator(".dossier-changes").inner_text()
    assert page.locator("h2#changes").inner_text().startswith("What changed since the edition of 20 Jan 2024")
    assert "status: open → partially met; 2 new responses" in changes and "Removed demand" in changes
    page.locator(".dossier-changes a", has_text="Jürgen Weiß").click()
    page.wait_for_url("**/actors/weiss.html")
    page.goto(f"{base_url}/book.html")
    assert "Changed event: Council vote" in page.locator(".dossier-changes").inner_text()


def test_print_keeps_footnotes_and_hides_navigation(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/book.html")
    page.emulate_media(media="print")
    assert page.locator(".md-sidebar--primary").is_hidden()
    assert page.locator(".footnote li").count() > 20
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = page.pdf(path=str(ARTIFACTS / "briefing-book.pdf"), format="A4")
    assert pdf[:4] == b"%PDF" and len(pdf) > 20_000


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
    assert _axe(page) == []
    page.locator(".dossier-parts a", has_text="3").click()
    page.wait_for_url("**/actors/index_3.html")
    assert page.locator("h1").inner_text().startswith("Actors, page 3")
