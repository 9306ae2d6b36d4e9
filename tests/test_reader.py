"""The reader's side in pure functions: values in words, time groups, passages, editions, search folding."""

from __future__ import annotations

import html
import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.dates import parse_fuzzy_date
from generator.load.editions import Edition, keep_edition, previous_edition, read_data
from generator.mkdocs.search import add_folded_fields, fold, folded_words
from generator.render.changes import compare
from generator.render.pages import date_group
from generator.render.words import counted, in_words, language_name, shortened, typeset, unquoted

from conftest import FESTIVAL, build_pages, mini_paths


@pytest.fixture(scope="module")
def festival_pages() -> dict[str, str]:
    pages, problems = build_pages(mini_paths(FESTIVAL))
    assert problems == []
    return pages


@pytest.mark.parametrize(("words", "shown"), [
    ("“I don't know how many stalls can survive another winter,”", "I don't know how many stalls can survive another "
     "winter"),
    ('"studies the question"', "studies the question"),
    ("«Ярмарка»", "Ярмарка"),
    ("the city “studies” the question", "the city “studies” the question"),  # marks inside the words stay
    ("“a” and “b”", "“a” and “b”"),  # two quotations: the outer marks are not a pair
])
def test_quoted_words_lose_the_marks_a_footnote_adds_again(words: str, shown: str) -> None:
    assert unquoted(words) == shown


def test_values_dashes_and_counts_in_words() -> None:
    assert in_words("status", "partially-met") == "partially met"
    assert in_words("stance", "partially-accepts") == "partly accepts"
    assert in_words("translation", "machine") == "machine translation"
    assert in_words("status", "some-new-value") == "some new value"
    assert language_name("fr") == "French" and language_name("pt-BR") == "Portuguese (BR)"
    assert language_name("xx") == "xx"
    assert counted(1, "statement") == "1 statement" and counted(3, "statement") == "3 statements"
    assert typeset("Russia - NATO -- talks; a well-known e-mail") == "Russia – NATO – talks; a well-known e-mail"
    assert shortened("word " * 40, 30).endswith(" …") and len(shortened("word " * 40, 30)) <= 32


@pytest.mark.parametrize(("date", "group"), [
    ("1990", ("year-1990", "1990")),
    ("~2014", ("year-2014", "2014")),
    ("2021-11", ("month-2021-11", "November 2021")),
    ("2021-11-16", ("month-2021-11", "November 2021")),
    ("2022-01-03..2022-01-09", ("month-2022-01", "January 2022")),
    ("2021-11..2021-12", ("span-2021-11-2021-12", "November – December 2021")),
    ("2021-12-20..2022-01-10", ("span-2021-12-2022-01", "December 2021 – January 2022")),
    ("2014..2015", ("years-2014-2015", "2014 – 2015")),
])
def test_timeline_groups_follow_the_precision_of_the_date(date: str, group: tuple[str, str]) -> None:
    assert date_group(parse_fuzzy_date(date)) == group


def test_timeline_headings_and_outline_carry_no_precision_tags(festival_pages: dict[str, str]) -> None:
    timeline = festival_pages["timeline/index.md"]
    headings = [line for line in timeline.splitlines() if line.startswith("#")]
    assert "## 2019 { #year-2019 }" in headings and "## November – December 2023 { #span-2023-11-2023-12 }" in headings
    assert not any("dossier-precision" in h for h in headings)
    assert "## January 2014" not in timeline  # nothing of year precision under a month


def test_source_pages_have_no_file_name_and_give_addresses(festival_pages: dict[str, str]) -> None:
    courier, notice = festival_pages["sources/courier.md"], festival_pages["sources/notice.md"]
    assert "courier.txt" not in courier and "| Accessed | 31 Jan 2024 |" in courier
    assert "| Archived copy | [https&#58;//archive.example.org/2024/courier/stall-fees]" in courier
    assert "| Original | no address recorded |" in notice
    note = next(line for line in festival_pages["actors/weiss.md"].splitlines() if line.startswith("[^1]:"))
    assert note.endswith("· [original](<https://example.org/courier/stall-fees>) · [archived copy]"
                         "(<https://archive.example.org/2024/courier/stall-fees>), accessed 31 Jan 2024")


def test_no_raw_value_reaches_a_page(festival_pages: dict[str, str]) -> None:
    import re

    for path, page in festival_pages.items():
        text = re.sub(r"<[^>]*>", "", page)  # what is shown, not the class names
        if path.endswith(".md"):
            for raw in ("partially-met", "partially-accepts", "(s)", "““", "””", "| File |"):
                assert raw not in text, (path, raw)


def test_search_folding() -> None:
    assert fold("Jürgen Weiß, Ёлка, Łódź, Øresund") == "Jurgen Weiss, Елка, Lodz, Oresund"
    assert folded_words("<p>Jürgen Weiß and J&uuml;rgen met Иван</p>") == "Jurgen Weiss"
    entries = [{"title": "Jürgen Weiß", "text": "plain words"}, {"title": "Ivan", "text": "Zoë"}]
    add_folded_fields(entries)
    assert entries == [{"title": "Jürgen Weiß", "text": "plain words", "title_folded": "Jurgen Weiss"},
                       {"title": "Ivan", "text": "Zoë", "text_folded": "Zoe"}]


@given(st.lists(st.sampled_from(["Jürgen", "Weiß", "Ёлка", "Иван", "plain", "ASCII", "&uuml;", "&amp;", "<b>", "</b>",
                                 "Zoë", "ﬁ", "x²", "İ", " ", "-", "e\u0301"]), max_size=12).map("".join))
def test_search_folding_skips_only_what_it_cannot_change(markup: str) -> None:
    """Words that are ASCII once unescaped are passed by: the same as folding every word."""
    words = re.findall(r"\w+", html.unescape(re.sub(r"<[^>]*>", " ", markup)))
    every = " ".join(dict.fromkeys(folded for word in words if (folded := fold(word)) != word))
    assert folded_words(markup) == every


def test_changes_since_the_previous_edition() -> None:
    previous = previous_edition(FESTIVAL / "site_data", "2024-02-02")
    assert previous is not None and previous.as_of == "2024-01-20"
    assert previous_edition(FESTIVAL / "site_data", "2024-01-20") is None  # only editions before as_of
    changes = compare(previous, read_data(FESTIVAL / "site_data"))
    said = {(c.kind, c.what, c.record_id): c.detail for c in changes.items}
    assert said[("changed", "demand", "fee-cut")] == "status: open → partially met; 2 new responses"
    assert said[("changed", "event", "council-vote")] == "date: 5 Feb 2024 → 12 Feb 2024"
    assert said[("changed", "key judgment", "2")] == "likelihood: roughly even chance → unlikely"
    assert ("new", "actor", "weiss") in said and ("removed", "demand", "free-water") in said
    assert ("changed", "bottom line", "") in said
    assert (changes.count("new"), changes.count("changed"), changes.count("removed")) == (13, 5, 1)


_ANY = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=12),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
                    max_leaves=8)
_DATES = st.sampled_from(["2024-02", "2023-11..2023-12 the", "~2024", "2024-13-40", "2024-02-05",
                          "99999999999999999999", "2024-01-99999999999999999999"])
_RECORD = st.fixed_dictionaries(  # ids the festival's current data has, so records are compared field by field
    {"id": st.sampled_from(["fee-cut", "council-vote", "weiss", "board", "courier"])},
    optional={"status": _ANY, "likelihood": _ANY, "responses": _ANY, "summary": _ANY, "x_y": _ANY,
              "date": _DATES | _ANY, "since": _DATES | _ANY})
_FILES = {"actors.yml": "actors", "demands.yml": "demands", "timeline.yml": "events", "questions.yml": "questions",
          "sources.yml": "sources", "dossier.yml": "dossier"}


@given(edition=st.fixed_dictionaries({}, optional={
    name: _ANY | st.fixed_dictionaries({}, optional={key: _ANY | st.lists(_RECORD | _ANY, max_size=4)})
    for name, key in _FILES.items()} | {"dossier.yml": st.fixed_dictionaries({}, optional={"dossier": _ANY | (
        st.fixed_dictionaries({}, optional={"key_judgments": _ANY, "bottom_line": _ANY}))})}))
def test_an_edition_with_any_values_is_compared_in_words(edition: dict[str, object]) -> None:
    """An edition is plain YAML that is not checked again (a hand-mended merge, an older schema): whatever
    it holds, what changed is said in words, never a traceback."""
    changes = compare(Edition("2024-01-20", edition), read_data(FESTIVAL / "site_data"))
    assert all(isinstance(change.detail, str) and isinstance(change.label, str) for change in changes.items)


def test_an_editions_date_that_is_no_date_is_shown_as_written() -> None:
    previous = previous_edition(FESTIVAL / "site_data", "2024-02-02")
    assert previous is not None
    events = previous.data["timeline.yml"]["events"]
    vote = next(event for event in events if event["id"] == "council-vote")
    broken = {**previous.data, "timeline.yml": {"events": [{**vote, "date": "2024-02-05 the"}]}}
    changes = compare(Edition("2024-01-20", broken), read_data(FESTIVAL / "site_data"))
    said = {change.record_id: change.detail for change in changes.items}
    assert said["council-vote"] == "date: 2024-02-05 the → 12 Feb 2024"


@pytest.mark.parametrize("text", ["99999999999999999999", "2024-01-99999999999999999999"])
def test_a_date_beyond_any_calendar_is_no_date(text: str) -> None:
    """Editions are not checked again: their dates are parsed as written, however long."""
    with pytest.raises(ValueError, match="is not a real calendar date"):
        parse_fuzzy_date(text)


def test_a_folder_named_for_no_day_is_no_edition(tmp_path: Path) -> None:
    shutil.copytree(FESTIVAL / "site_data", tmp_path / "site_data")
    shutil.copytree(tmp_path / "site_data/editions/2024-01-20", tmp_path / "site_data/editions/2024-01-32")
    previous = previous_edition(tmp_path / "site_data", "2024-02-02")
    assert previous is not None and previous.as_of == "2024-01-20"


def test_an_edition_file_saved_twice_in_one_tick_is_read_again(tmp_path: Path) -> None:
    """Same size, same modification time (a coarse clock, or a quick script): the second text is read."""
    path = tmp_path / "actors.yml"
    path.write_text("actors:\n  - id: a1\n", encoding="utf-8")
    signs = path.stat()
    assert read_data(tmp_path)["actors.yml"] == {"actors": [{"id": "a1"}]}
    path.write_text("actors:\n  - id: b2\n", encoding="utf-8")
    os.utime(path, ns=(signs.st_atime_ns, signs.st_mtime_ns))
    assert read_data(tmp_path)["actors.yml"] == {"actors": [{"id": "b2"}]}


def test_home_and_book_show_the_changes_and_nothing_without_an_edition(festival_pages: dict[str, str]) -> None:
    for page in ("index.md", "book.md"):
        assert "## What changed since the edition of 20 Jan 2024" in festival_pages[page]
    assert "- **New actor:** [Jürgen Weiß](actors/weiss.md)" in festival_pages["index.md"]
    mini, _ = build_pages(mini_paths())
    assert "What changed" not in mini["index.md"]


def test_the_edition_command_keeps_the_data_under_its_as_of_date(tmp_path: Path) -> None:
    from generator.cli import main

    project = tmp_path / "project"
    shutil.copytree(FESTIVAL, project)
    shutil.rmtree(project / "site_data" / "editions")
    assert main(["--root", str(project), "edition"]) == 0
    kept = project / "site_data" / "editions" / "2024-02-02"
    assert sorted(p.name for p in kept.iterdir()) == sorted(
        ["actors.yml", "demands.yml", "dossier.yml", "questions.yml", "sources.yml", "timeline.yml"])
    assert (kept / "actors.yml").read_bytes() == (project / "site_data" / "actors.yml").read_bytes()
    assert main(["--root", str(project), "check"]) == 0  # an edition folder is no data problem
    target, _ = keep_edition(project / "site_data")  # again: the same folder, refreshed
    assert target == kept
