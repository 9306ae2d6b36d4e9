"""A build that keeps what it made for the next one (as `mkdocs serve` does) makes, after any edit, exactly
the pages a build from nothing makes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import layout, validate
from generator.build import Kept, build, collect
from generator.load import ProjectPaths
from generator.render import Files

from conftest import FESTIVAL, MINI, mini_paths

EDITS = {
    "an affiliation": ("site_data/actors.yml", "    affiliation: blueline\n", "    affiliation: council\n"),
    "a role": ("site_data/actors.yml", "role: Ferry operator", "role: Ferry skipper"),
    "a name": ("site_data/actors.yml", "name: BlueLine\n", "name: Blue Line\n"),
    "a kind": ("site_data/actors.yml", "    kind: person\n    role: BlueLine director",
               "    kind: group\n    role: BlueLine director"),
    "a status": ("site_data/demands.yml", "status: rejected", "status: open"),
    "an event's actors": ("site_data/timeline.yml", "actors: [blueline, berg]", "actors: [blueline]"),
    "a seed": ("seeds/b.txt", "(Portville)", "(Portville, 7 March)"),
    # the same passages, other words in them: only the footnotes quoting them show it
    "a quoted apostrophe": ("seeds/a.txt", "the ferry operator’s demand", "the ferry operator′s demand"),
    "the as-of date": ("site_data/dossier.yml", "as_of: 2023-03-07", "as_of: 2023-03-08"),
    "the language": ("site_data/dossier.yml", "  as_of: 2023-03-07\n", "  as_of: 2023-03-07\n  language: fr\n"),
}


@pytest.mark.parametrize("kind", EDITS)
def test_a_build_with_kept_work_equals_a_build_from_nothing(tmp_path: Path, kind: str) -> None:
    shutil.copytree(MINI / "site_data", tmp_path / "site_data")
    shutil.copytree(MINI / "seeds", tmp_path / "seeds")
    paths, kept = mini_paths(tmp_path), Kept()
    first = build(paths, collect, kept=kept)
    assert first.problems == []
    file, old, new = EDITS[kind]
    text = (tmp_path / file).read_text(encoding="utf-8")
    assert old in text
    (tmp_path / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    again, fresh = build(paths, collect, kept=kept), build(paths, collect)
    assert again.problems == fresh.problems == []
    assert fresh.made != first.made  # the edit shows
    assert [page for page in fresh.made if again.made.get(page) != fresh.made[page]] == []
    assert sorted(again.made) == sorted(fresh.made)


def test_what_changed_since_the_edition_follows_each_save(tmp_path: Path) -> None:
    """With an edition kept, the home page and the book list what changed since: after each save, what a
    build from nothing lists (the current data's values are kept and parse only what a save changed)."""
    paths, kept = _built_festival(tmp_path)
    demands = tmp_path / "site_data/demands.yml"
    sound = demands.read_text(encoding="utf-8")
    met = sound.replace("status: open", "status: met", 1)
    rejected = met.replace("status: open", "status: rejected", 1)
    for text, listed in ((met, "open → met"), (rejected, "open → rejected"), (sound, "")):
        demands.write_text(text, encoding="utf-8")
        again, fresh = build(paths, collect, kept=kept), build(paths, collect)
        assert again.problems == fresh.problems == []
        assert again.made == fresh.made
        assert again.made is not None and listed in again.made["index.md"]
    assert "→ rejected" not in again.made["index.md"]


def test_a_save_makes_again_only_the_pages_made_of_the_edited_record(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages made of records and graph entries (PageSpec.inputs) are kept while those are the same objects:
    an edit to one actor's role makes again its own page and those listing it, not every record's page."""
    from generator.render.reuse import Fingerprints

    paths, kept = _built_festival(tmp_path)
    made: list[str] = []  # the pages whose context was made (and so fingerprinted)
    fingerprint = Fingerprints.of
    monkeypatch.setattr(Fingerprints, "of", lambda self, value: made.append(value[1]) or fingerprint(self, value))
    actors = tmp_path / "site_data/actors.yml"
    actors.write_text(actors.read_text(encoding="utf-8").replace(
        "role: Chair of the festival board", "role: Chair of the board"), encoding="utf-8")
    again = build(paths, collect, kept=kept)
    made_again = set(made)
    assert again.made == build(paths, collect).made
    pages = sorted(again.made or {})
    record_pages = {page for page in pages if page.count("/") == 1 and page not in layout.FIXED_PAGES}
    assert {"sources/courier.md", "demands/fee-cut.md", "actors/union.md"} < record_pages  # a fair list of them
    assert made_again & record_pages == {"actors/weiss.md", "actors/board.md"}  # its own, its organisation's
    assert layout.ACTORS in made_again  # it is listed there, by name and role
    assert layout.SOURCES not in made_again  # its summary statement rests on the citations, unchanged


@pytest.mark.parametrize(("old", "new"), [
    ("reason: The board's own notice.", "reason: The board's own signed notice."),  # its page, the index
    ("grade: B, reason: The board's own notice.", "grade: A, reason: The board's own notice."),
    ("short_name: Board notice", "short_name: Notice of the board"),  # in footnotes, and in coverage's links
    ("published: {date: 2024-01,", "published: {date: 2024-01-05,"),  # in footnotes, and how actors sort it
])
def test_an_edit_to_a_source_renders_again_only_the_pages_that_read_it(tmp_path: Path, old: str, new: str,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A page notes the sources it reads (its footnotes, links to sources, sources it sorts by date): an edit
    to one source's record renders again those pages, not every page."""
    import generator.render as render

    paths, kept = _built_festival(tmp_path)
    rendered: list[str] = []
    render_page = render._render_page
    monkeypatch.setattr(render, "_render_page", lambda *args: rendered.append(args[4]) or render_page(*args))
    _edit_file(tmp_path / "site_data/sources.yml", old, new)
    again = build(paths, collect, kept=kept)
    rendered_again = set(rendered)
    fresh = build(paths, collect)
    assert again.problems == fresh.problems == []
    assert again.made == fresh.made
    pages = fresh.made or {}
    reading = {page for page, text in pages.items() if "notice.md" in text}  # links to it, quotes it
    assert rendered_again <= reading | {"sources/notice.md"}
    assert {"sources/notice.md", "demands/security-funding.md", "sources/index.md"} <= rendered_again
    assert len(rendered_again) < len(pages) / 3


def test_a_save_checks_again_the_links_of_the_records_it_changed_only(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """References, quotes and mentions of unchanged records are not checked again while the ids, the source
    texts and files are those of the last build; a new id checks them all again."""
    from generator.validate import references

    paths, kept = _built_festival(tmp_path)
    checked: list[str] = []
    place_quotes = references._place_quotes
    monkeypatch.setattr(references, "_place_quotes", lambda run, name, links: checked.append(name) or
                        place_quotes(run, name, links))
    actors = tmp_path / "site_data/actors.yml"
    sound = actors.read_text(encoding="utf-8")
    counts = []
    for text in (sound.replace("role: Chair of the festival board", "role: Chair"),
                 sound.replace("  - id: weiss\n", "  - id: weiss2\n")):
        checked.clear()
        actors.write_text(text, encoding="utf-8")
        again = build(paths, collect, kept=kept)
        counts.append(len(checked))
        fresh = build(paths, collect)
        assert again.problems == fresh.problems
        assert again.made == fresh.made
    assert counts[0] == 1  # the edited actor's
    assert counts[1] == len(checked) - counts[1] > 20  # an id changed: every record's, as a fresh build does


def test_tradecraft_kept_sound_for_unchanged_records_is_checked_again_when_the_sources_change(
        tmp_path: Path) -> None:
    """A cited text found sound is not checked again while the sources are unchanged: marking a cited
    paragraph as furniture (sources.yml) makes the citations of unchanged records wrong, as in a fresh build."""
    paths, kept = _built_festival(tmp_path)
    sources = tmp_path / "site_data/sources.yml"
    sound = sources.read_text(encoding="utf-8")
    marked = sound.replace("furniture: {headline: [1], boilerplate", "furniture: {headline: [1, 3, 4], boilerplate")
    for text in (marked, sound):
        sources.write_text(text, encoding="utf-8")
        again, fresh = build(paths, collect, kept=kept), build(paths, collect)
        assert again.problems == fresh.problems
        assert again.made == fresh.made
        if text == marked:
            assert any("page furniture rather than reporting" in p.message for p in again.problems)


def test_an_origin_named_in_one_record_changes_the_count_of_independent_sources_on_another_page(
        tmp_path: Path) -> None:
    """A copy carries the claims its original's citations name: naming the Vestnik as the origin of the
    board's citation of the Courier makes the notice (a copy of the Courier here) carry it, so a demand
    citing the notice and the Vestnik rests on one line of reporting, not two. Its page changes though its
    record does not."""
    shutil.copytree(FESTIVAL / "site_data", tmp_path / "site_data")
    shutil.copytree(FESTIVAL / "seeds", tmp_path / "seeds")
    data = tmp_path / "site_data"
    _edit_file(data / "sources.yml", "    reliability: {grade: B, reason: The board's own notice.}\n",
               "    reliability: {grade: B, reason: The board's own notice.}\n    derives_from: [{id: courier}]\n")
    quote = "        quote: The festival board asks the city to fund night security on the quays\n"
    _edit_file(data / "demands.yml", quote,
               quote + "      - source: vestnik\n        quote: ночные прилавки приносят половину дохода\n")
    paths, kept = mini_paths(tmp_path), Kept()
    first = build(paths, collect, kept=kept)
    assert first.problems == [] and first.made is not None
    assert "2 independent sources" in first.made["demands/security-funding.md"]
    quote = "        quote: The festival board on Monday agreed to cut stall fees by ten percent\n"
    _edit_file(data / "actors.yml", quote, quote + "        origin: vestnik\n")
    again, fresh = build(paths, collect, kept=kept), build(paths, collect)
    assert again.problems == fresh.problems == [] and fresh.made is not None
    assert "2 independent sources" not in fresh.made["demands/security-funding.md"]
    assert again.made == fresh.made


def _built_festival(root: Path) -> tuple[ProjectPaths, Kept]:
    """A copy of the festival dossier in `root`, built once with what the build keeps for the next."""
    shutil.copytree(FESTIVAL / "site_data", root / "site_data")
    shutil.copytree(FESTIVAL / "seeds", root / "seeds")
    paths, kept = mini_paths(root), Kept()
    assert build(paths, collect, kept=kept).problems == []
    return paths, kept


def _edit_file(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_records_that_quote_one_passage_swapped_swap_in_its_cited_in_line(tmp_path: Path) -> None:
    """A source page lists the places citing a paragraph in the records' order: swapping two demands that
    quote the same passage (and nothing else of the source) changes that order, though no record changed."""
    demand = """  - id: {id}
    by: [union]
    of: [board]
    demand: Another cut, {id}
    since: 2023-11
    status: open
    citations:
      - source: courier
        quote: The Harbour Vendors' Union had demanded a twenty percent cut since November
"""
    first, second = demand.format(id="cut-a"), demand.format(id="cut-b")
    demands = tmp_path / "site_data/demands.yml"
    cited_in = []
    for records in (first + second, second + first):
        if not cited_in:
            shutil.copytree(FESTIVAL / "site_data", tmp_path / "site_data")
            shutil.copytree(FESTIVAL / "seeds", tmp_path / "seeds")
            sound = demands.read_text(encoding="utf-8")
            demands.write_text(sound + records, encoding="utf-8")
            paths, kept = mini_paths(tmp_path), Kept()
        else:
            demands.write_text(sound + records, encoding="utf-8")
        again, fresh = build(paths, collect, kept=kept), build(paths, collect)
        assert again.problems == fresh.problems == [] and fresh.made is not None
        assert again.made == fresh.made
        cited_in.append([line for line in fresh.made["sources/courier.md"].splitlines() if "cut-a" in line])
    assert cited_in[0] != cited_in[1] != []


def test_a_build_that_stopped_half_way_is_not_what_the_next_one_compares_with(tmp_path: Path) -> None:
    """Pages are kept from the last build that finished: a save whose build stopped (here its writer
    failed) after a seed's words changed leaves the pages quoting them to be rendered by the next build."""
    shutil.copytree(MINI / "site_data", tmp_path / "site_data")
    shutil.copytree(MINI / "seeds", tmp_path / "seeds")
    paths, kept = mini_paths(tmp_path), Kept()
    assert build(paths, collect, kept=kept).problems == []
    file, old, new = EDITS["a quoted apostrophe"]
    _edit_file(tmp_path / file, old, new)

    def failing(files: Files) -> None:
        for number, _ in enumerate(files):
            if number == 3:
                raise OSError("the disk is full")

    with pytest.raises(OSError):
        build(paths, failing, kept=kept)
    again, fresh = build(paths, collect, kept=kept), build(paths, collect)
    assert again.problems == fresh.problems == []
    assert again.made == fresh.made


def test_records_pickle_with_every_field_so_fingerprints_see_any_edit() -> None:
    import pickle

    from generator.build import check

    dossier = check(mini_paths()).dossier
    assert dossier is not None
    records = [dossier.dossier, *dossier.sources, *dossier.actors, *dossier.demands, *dossier.events,
               *dossier.questions]
    again = pickle.loads(pickle.dumps(records))
    assert again == records
    citations = [c for record in records for c in getattr(record, "citations", ())]
    assert citations and all(c.passage is not None for c in citations)
    assert [c.passage for c in pickle.loads(pickle.dumps(citations))] == [c.passage for c in citations]


def test_a_problem_in_an_unchanged_file_is_reported_until_it_is_mended(tmp_path: Path) -> None:
    """What a check keeps of a file (its links, its sound sentences) never hides a problem in it."""
    shutil.copytree(MINI / "site_data", tmp_path / "site_data")
    shutil.copytree(MINI / "seeds", tmp_path / "seeds")
    paths, kept = mini_paths(tmp_path), Kept()
    actors, demands = tmp_path / "site_data/actors.yml", tmp_path / "site_data/demands.yml"
    sound = actors.read_text(encoding="utf-8")
    assert build(paths, collect, kept=kept).problems == []
    actors.write_text(sound.replace("Chairs the council [1].", "Chairs the council."), encoding="utf-8")
    broken = build(paths, collect, kept=kept).problems
    assert [p.message for p in broken] == [p.message for p in build(paths, collect).problems]
    assert any("sentence 1 of 2 has no citation marker" in p.message for p in broken)
    demands.write_text(demands.read_text(encoding="utf-8").replace("status: rejected", "status: open"),
                       encoding="utf-8")  # another file changes; actors.yml is kept as it was checked
    assert build(paths, collect, kept=kept).problems == broken
    actors.write_text(sound, encoding="utf-8")
    mended, fresh = build(paths, collect, kept=kept), build(paths, collect)
    assert mended.problems == fresh.problems == []
    assert mended.made == fresh.made


GREENLINE = """  - id: greenline
    name: GreenLine
    kind: organisation
    role: Second ferry operator
    summary: Runs the ferry and asked for a fee cut.
    citations:
      - source: wire
        quote: BlueLine says talks with the council will continue
"""


def test_saves_that_parse_only_the_changed_records_build_what_a_fresh_build_does(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Records added, edited, moved, broken, mended and removed, one save after another: after each, pages
    and problems (with their lines) are those of a build from nothing."""
    shutil.copytree(MINI / "site_data", tmp_path / "site_data")
    shutil.copytree(MINI / "seeds", tmp_path / "seeds")
    paths, kept = mini_paths(tmp_path), Kept()
    actors = tmp_path / "site_data/actors.yml"
    sound = actors.read_text(encoding="utf-8")
    added = sound.replace("  - id: berg\n", GREENLINE + "  - id: berg\n")
    saves = [
        added,
        added.replace("role: Second ferry operator", "role: The second ferry operator"),
        added.replace("    kind: organisation\n    role: Second", "    kind: company\n    role: Second"),  # broken
        added.replace("    name: GreenLine\n", "    name: GreenLine\n    colour: green\n"),  # broken otherwise
        sound.replace("  - id: council\n", GREENLINE + "  - id: council\n"),  # moved to the top
        sound,  # removed
    ]
    partly: list[int] = []
    check_edit = validate.check_edit
    monkeypatch.setattr(validate, "check_edit", lambda *a: partly.append(1) or check_edit(*a))
    assert build(paths, collect, kept=kept).problems == []
    for text in saves:
        actors.write_text(text, encoding="utf-8")
        again, fresh = build(paths, collect, kept=kept), build(paths, collect)
        assert again.problems == fresh.problems
        assert again.made == fresh.made
    assert len(partly) == len(saves)
    broken = saves[2]
    actors.write_text(broken, encoding="utf-8")
    problems = build(paths, collect, kept=kept).problems
    line = broken[:broken.index("kind: company")].count("\n") + 1
    assert [(p.file, p.line, p.column) for p in problems] == [("site_data/actors.yml", line, 11)]
    assert len(partly) == len(saves) + 1


def test_what_is_made_of_a_record_is_kept_only_for_that_very_record_and_unmoved_quotes() -> None:
    from generator.render.reuse import RecordMemo

    memo, made = RecordMemo(), []

    def make(record: object) -> int:
        made.append(record)
        return len(made)

    first, twin = ["a record"], ["a record"]  # equal, not the same object
    memo.made.start(forget=False)
    assert memo.get("digest", first, make) == memo.get("digest", first, make) == 1
    memo.made.finish()
    memo.made.start(forget=False)
    assert memo.get("digest", first, make) == 1  # the next build: kept
    assert memo.get("digest", twin, make) == 2  # another object is made for
    memo.made.finish()
    memo.made.start(forget=True)  # a source's text changed: quotes may have moved on any record
    assert memo.get("digest", first, make) == 3
    memo.made.finish()
    memo.made.start(forget=False)
    memo.carry("digest", [first])  # a build that kept whole what it made of the record
    memo.made.finish()
    memo.made.start(forget=False)
    assert memo.get("digest", first, make) == 3
    memo.made.finish()
    memo.made.start(forget=False)
    memo.made.finish()  # a build that did not show the record: it is let go
    memo.made.start(forget=False)
    assert memo.get("digest", first, make) == 4


def test_every_way_into_the_sources_notes_what_a_page_reads() -> None:
    """A page depends on the sources it reads: by id, with get or in, and all of them when it goes through
    them (keys, values, items)."""
    from types import SimpleNamespace

    from generator.render.reuse import SourceReads

    by_id = {name: SimpleNamespace(id=name) for name in ("a", "b", "c")}
    reads = SourceReads(by_id)  # type: ignore[arg-type]
    assert reads["a"].id == "a" and reads.get("b") is by_id["b"] and "zz" not in reads
    assert reads.read == {"a", "b", "zz"} and len(reads) == 3 and reads.read == {"a", "b", "zz"}
    reads.read.clear()
    assert [source.id for source in reads.values()] == ["a", "b", "c"] and reads.read == {"a", "b", "c"}
    reads.read.clear()
    assert dict(reads.items()) == by_id and reads.read == {"a", "b", "c"}
