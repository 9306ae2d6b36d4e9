"""Where every page and record lives in the generated site: the one place that knows the layout."""

from __future__ import annotations

HOME = "index.md"
ACTORS = "actors/index.md"
DEMANDS = "demands/index.md"
TIMELINE = "timeline/index.md"
QUESTIONS = "questions/index.md"
SOURCES = "sources/index.md"
COVERAGE = "coverage.md"
MAP = "actors/map.md"
BOOK = "book.md"


def actor_page(actor_id: str) -> str:
    return f"actors/{actor_id}.md"


def demand_page(demand_id: str) -> str:
    return f"demands/{demand_id}.md"


def question_page(question_id: str) -> str:
    return f"questions/{question_id}.md"


def source_page(source_id: str) -> str:
    return f"sources/{source_id}.md"


FIXED_PAGES = (HOME, ACTORS, DEMANDS, TIMELINE, QUESTIONS, SOURCES, COVERAGE, MAP, BOOK)


def record_page(records: str, record_id: str) -> str | None:
    """The page of a record in `records` ('actors', 'demands', 'questions', 'sources'); None: no page."""
    page_of = {"actors": actor_page, "demands": demand_page, "questions": question_page, "sources": source_page}
    return page_of[records](record_id) if records in page_of else None


def taken_by_a_fixed_page(records: str, record_id: str) -> str | None:
    """The fixed page a record's page would overwrite (an actor 'map' or 'index'), if any."""
    page = record_page(records, record_id)
    return page if page in FIXED_PAGES else None


TIMELINE_PAGE_SIZE = 100  # events per timeline page once the timeline no longer fits one page (~300 KB of HTML)
BOOK_MAX_CITATIONS = 2500  # beyond this the one-page briefing book is too heavy to build or print


LIST_PAGE_SIZE = 200  # entries per page of a long list (actors, demands, questions, sources, coverage)


def list_part(index_page: str, number: int) -> str:
    """Page `number` of the list on `index_page`: the index page itself for 1, else `index_N.md` beside it.

    The underscore keeps these names apart from record pages: ids may not contain one."""
    if number == 1:
        return index_page
    return f"{index_page.removesuffix('.md')}_{number}.md"


def timeline_part(number: int) -> str:
    return f"timeline/part-{number}.md"


def paragraph_anchor(number: int) -> str:
    return f"p-{number}"


def passage_anchor(passage: tuple[str, int, int, int]) -> str:
    """The anchor of a cited passage (source, paragraph, start, end) on its source page: 'p-3-12-45'.

    It marks where the quoted words start, inside the paragraph anchored 'p-3'."""
    _, paragraph, start, end = passage
    return f"p-{paragraph}-{start}-{end}"


def event_anchor(event_id: str) -> str:
    return f"event-{event_id}"


def _relpath(to_page: str, from_dir: str) -> str:
    """posixpath.relpath for site-relative paths, without its getcwd()/abspath() on every call.

    The site is at most one folder deep, so two short cases answer nearly every call at the same cost
    however large the dossier (a cache would hit less and less often as it grows)."""
    if not from_dir:
        return to_page
    folder, _, name = to_page.rpartition("/")
    if folder == from_dir:
        return name
    if "/" not in from_dir and not to_page.startswith(from_dir + "/"):
        return "../" + to_page
    to_parts, from_parts = to_page.split("/"), from_dir.split("/")
    common = 0
    while common < min(len(from_parts), len(to_parts) - 1) and from_parts[common] == to_parts[common]:
        common += 1
    return "/".join([".."] * (len(from_parts) - common) + to_parts[common:])


def directory(page: str) -> str:
    """posixpath.dirname of a site-relative page."""
    return page.rpartition("/")[0]


def relative(from_page: str, to_page: str, anchor: str = "") -> str:
    """A Markdown link target from one generated page to another (MkDocs rewrites .md links)."""
    target = "" if to_page == from_page else _relpath(to_page, directory(from_page))
    return f"{target}#{anchor}" if anchor else target or "#"
