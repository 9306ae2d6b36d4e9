"""Bad input: every mistake an analyst (or a hostile file) can make gives a located, plain-words problem.

Each test breaks a private copy of the mini project, then asserts the message (key words), the
location (file, line, column) and, where it matters, that nothing else is reported. The broken YAML
is written out in the test, so the expected line can be read off the text. The CLI tests run the
real command in a subprocess: a crash there (a segfault in the C loader) would show as a bad exit.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import load
from generator.build import check

from conftest import REPO, at, listing, mini_paths, only, problems_of, replace_line, valid, write


def run_cli(root: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`python -m generator --root ROOT check`; the CLI wants docs_templates/ under the root."""
    if not (root / "docs_templates").exists():
        shutil.copytree(REPO / "docs_templates", root / "docs_templates")
    return subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), "check"],
        capture_output=True, text=True, timeout=timeout, cwd=root,
    )


def assert_clean_failure(done: subprocess.CompletedProcess[str], *lines: str) -> None:
    output = done.stdout + done.stderr
    assert done.returncode == 1, f"exit {done.returncode}\n{output}"
    assert "Traceback" not in output
    for line in lines:
        assert line in output, f"{line!r} not in\n{output}"
    assert output.rstrip().endswith("found."), output


# One dated event, the shape most timeline tests start from (9 lines; citations quote gazette).
EVENT = """\
events:
  - id: council-rejects
    date: {date}
    title: Council rejects the fee cut
    actors: [council, ruiz]
    summary: The council rejected the demand.
    citations:
      - source: gazette
        quote: {quote}
"""
TUESDAY = "The harbour council on Tuesday rejected"


def event(date: str = "2023-02-28", quote: str = TUESDAY) -> str:
    return EVENT.format(date=date, quote=quote)


def test_the_mini_fixture_is_valid(mini_copy: Path) -> None:
    """Every test below starts from a valid project, so each problem is the one the test made."""
    valid(mini_copy)
    write(mini_copy, "site_data/timeline.yml", event())
    valid(mini_copy)


# ---------------------------------------------------------------- YAML syntax


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        pytest.param('dossier:\n  title: "unclosed\n  as_of: 2023-03-07\n', 2, 10,
                     ("quoted text", "never closed"), id="unclosed-quote"),
        pytest.param("dossier:\n  title: [a, b\n  as_of: 2023-03-07\n", 2, 10,
                     ("'['", "not closed"), id="unclosed-bracket"),
        pytest.param("dossier:\n  title: Talks: a summary\n", 2, 15,
                     ("':'", "quote text"), id="colon-in-text"),
        pytest.param("dossier:\n  title: x\n as_of: 2023-03-07\n", 3, 2,
                     ("indentation",), id="key-dedented"),
        pytest.param("dossier:\n  title: x\n   as_of: 2023-03-07\n", 3, 9,
                     ("indentation",), id="key-indented"),
        pytest.param("dossier:\n  key_judgments:\n    - text: a\n   - text: b\n", 4, 4,
                     ("'-'", "not aligned"), id="list-dedented"),
        pytest.param("sources:\n  - id: a\n    file: a.txt\n   - id: b\n", 4, 4,
                     ("indentation", "'-'"), id="list-indented"),
        pytest.param("dossier:\n\ttitle: x\n", 2, 1, ("tab", "spaces"), id="tab-indent"),
        pytest.param("dossier:\n  title: x\n  \tas_of: 2023-03-07\n", 3, 3, ("tab", "spaces"), id="tab-after-spaces"),
        pytest.param('dossier:\n  title: "bad \\q escape"\n', 2, 15, ("YAML syntax error", "escape"), id="bad-escape"),
        pytest.param("dossier:\n  title: a\n---\ndossier:\n  title: b\n", 3, 1,
                     ("more than one YAML document",), id="two-documents"),
        pytest.param("dossier:\n  title: a\x02b\n", 2, 11, ("control characters",), id="control-char-in-yaml"),
        pytest.param("dossier:\n  title: *missing\n", 2, 10, ("alias", "*missing"), id="undefined-alias"),
    ],
)
def test_yaml_syntax_error_is_located_in_plain_words(
    mini_copy: Path, text: str, line: int, column: int, words: tuple[str, ...]
) -> None:
    write(mini_copy, "site_data/dossier.yml", text)
    only(problems_of(mini_copy), "site_data/dossier.yml", line, column, *words)


def test_yaml_syntax_error_via_cli_has_exit_1_and_no_traceback(mini_copy: Path) -> None:
    write(mini_copy, "site_data/dossier.yml", "dossier:\n\ttitle: x\n")
    done = run_cli(mini_copy)
    assert_clean_failure(done, "site_data/dossier.yml:2:1: a tab character", "1 problem found.")


def test_yaml_file_that_is_not_utf8(mini_copy: Path) -> None:
    (mini_copy / "site_data/dossier.yml").write_bytes(b"dossier:\n  title: Caf\xe9\n")
    only(problems_of(mini_copy), "site_data/dossier.yml", 2, 1, "not UTF-8")


# ---------------------------------------------------------------- duplicate keys


def test_duplicate_key_names_both_lines(mini_copy: Path) -> None:
    write(mini_copy, "site_data/dossier.yml", """\
dossier:
  title: Harbour ferry dispute
  as_of: 2023-03-07
  summary: A dispute.
  title: Another title
""")
    problem = only(problems_of(mini_copy), "site_data/dossier.yml", 5, 3, "duplicate key 'title'", "line 2")
    assert "keep the last" in problem.hint


def test_duplicate_key_in_a_flow_mapping(mini_copy: Path) -> None:
    replace_line(mini_copy, "site_data/sources.yml", 11,
                 "    translation: {status: original}",
                 "    translation: {status: original, status: human}")
    only(problems_of(mini_copy), "site_data/sources.yml", 11, 37, "duplicate key 'status'", "line 11")


# ---------------------------------------------------------------- implicit typing


@pytest.mark.parametrize("word", ["yes", "NO", "on", "Off", "y", "1"])
def test_yes_no_on_a_boolean_field_asks_for_true_or_false(mini_copy: Path, word: str) -> None:
    replace_line(mini_copy, "site_data/actors.yml", 12, "        key: true", f"        key: {word}")
    only(problems_of(mini_copy), "site_data/actors.yml", 12, 14, f"'{word}'", "true or false")


@pytest.mark.parametrize("typed", ["2022-01-16", "NO", "yes", "1.10", "22:30", "0x1F", "1e3", ".NaN", "010", "1_000"])
def test_text_field_keeps_what_was_typed(mini_copy: Path, typed: str) -> None:
    replace_line(mini_copy, "site_data/dossier.yml", 3, "  title: Harbour ferry dispute", f"  title: {typed}")
    assert valid(mini_copy).dossier.title == typed


def test_summary_keeps_a_decimal_literally(mini_copy: Path) -> None:
    replace_line(mini_copy, "site_data/timeline.yml", 10,
                 "    summary: The council rejected the demand for a fee cut.", "    summary: 1.10")
    assert valid(mini_copy).events[0].summary == "1.10"


def test_text_field_keeps_a_time_literally(mini_copy: Path) -> None:
    replace_line(mini_copy, "site_data/actors.yml", 5, "    role: Owner of the harbour", "    role: 22:30")
    assert valid(mini_copy).actors[0].role == "22:30"


def test_published_time_unquoted_stays_text(mini_copy: Path) -> None:
    replace_line(mini_copy, "site_data/sources.yml", 12,
                 '    published: {date: 2023-03-01, time: "09:30", established: dateline}',
                 "    published: {date: 2023-03-01, time: 22:30, established: dateline}")
    assert valid(mini_copy).sources[0].published.time == "22:30"


# ---------------------------------------------------------------- unknown and missing fields, types


def test_misspelt_top_level_key_suggests_the_right_one(mini_copy: Path) -> None:
    replace_line(mini_copy, "site_data/sources.yml", 1, "sources:", "sorces:")
    # One typo, one message: not also "missing 'sources'", nor anything about seeds or citations.
    only(problems_of(mini_copy), "site_data/sources.yml", 1, 1, "unknown field 'sorces'", "did you mean 'sources'")


def test_misspelt_field_in_a_record_suggests_the_right_one(mini_copy: Path) -> None:
    write(mini_copy, "site_data/timeline.yml", """\
events:
  - id: council-rejects
    date: 2023-02-28
    title: Council rejects the fee cut
    sumary: The council rejected the demand.
    citations:
      - source: gazette
        quote: The harbour council on Tuesday rejected
""")
    only(problems_of(mini_copy), "site_data/timeline.yml", 5, 5, "unknown field 'sumary'", "did you mean 'summary'")


def test_misspelt_field_in_a_nested_mapping(mini_copy: Path) -> None:
    replace_line(mini_copy, "site_data/sources.yml", 13,
                 "    reliability: {grade: B, reason: Local paper with a good record.}",
                 "    reliability: {grade: B, reasn: Local paper with a good record.}")
    only(problems_of(mini_copy), "site_data/sources.yml", 13, 29, "unknown field 'reasn'", "did you mean 'reason'")


def test_unknown_field_that_is_no_misspelling_leaves_the_missing_one_reported(mini_copy: Path) -> None:
    replace_line(mini_copy, "site_data/sources.yml", 13,
                 "    reliability: {grade: B, reason: Local paper with a good record.}",
                 "    reliability: {grade: B, why: Local paper with a good record.}")
    problems = problems_of(mini_copy)
    at(problems, "site_data/sources.yml", 13, 29, "unknown field 'why'", "'grade', 'reason'")
    at(problems, "site_data/sources.yml", 13, 18, "missing required field 'reason'")
    assert len(problems) == 2, listing(problems)


def test_missing_required_field_is_reported_at_its_record(mini_copy: Path) -> None:
    write(mini_copy, "site_data/timeline.yml", """\
events:
  - id: council-rejects
    date: 2023-02-28
    summary: The council rejected the demand.
    citations:
      - source: gazette
        quote: The harbour council on Tuesday rejected
""")
    only(problems_of(mini_copy), "site_data/timeline.yml", 2, 5, "missing required field 'title'", "add 'title:'")


def test_list_where_text_is_expected(mini_copy: Path) -> None:
    write(mini_copy, "site_data/timeline.yml", """\
events:
  - id: council-rejects
    date: 2023-02-28
    title:
      - Council rejects
      - the fee cut
    summary: The council rejected the demand.
    citations:
      - source: gazette
        quote: The harbour council on Tuesday rejected
""")
    only(problems_of(mini_copy), "site_data/timeline.yml", 5, 7, "'title' should be text, not a list")


def test_text_where_a_list_is_expected(mini_copy: Path) -> None:
    write(mini_copy, "site_data/timeline.yml", """\
events:
  - id: council-rejects
    date: 2023-02-28
    title: Council rejects the fee cut
    actors: council
    summary: The council rejected the demand.
    citations:
      - source: gazette
        quote: The harbour council on Tuesday rejected
""")
    only(problems_of(mini_copy), "site_data/timeline.yml", 5, 13, "'actors' should be a list", "'council'")


def test_text_where_a_record_is_expected_names_the_item(mini_copy: Path) -> None:
    write(mini_copy, "site_data/timeline.yml", "events:\n  - Council rejects the fee cut\n")
    only(problems_of(mini_copy), "site_data/timeline.yml", 2, 5, "item 1 of events", "mapping")


def test_empty_value_of_a_required_field(mini_copy: Path) -> None:
    write(mini_copy, "site_data/timeline.yml", event().replace("    title: Council rejects the fee cut\n",
                                                                "    title:\n"))
    only(problems_of(mini_copy), "site_data/timeline.yml", 4, 11, "'title' is empty")


def test_a_record_list_with_nothing_under_it_is_empty(mini_copy: Path) -> None:
    write(mini_copy, "site_data/timeline.yml", "# written by init\nevents:\n")
    assert valid(mini_copy).events == ()


# ---------------------------------------------------------------- ids and references


def test_duplicate_id_names_the_first_line(mini_copy: Path) -> None:
    write(mini_copy, "site_data/timeline.yml", """\
events:
  - id: council-rejects
    date: 2023-02-28
    title: Council rejects the fee cut
    summary: The council rejected the demand.
    citations:
      - source: gazette
        quote: The harbour council on Tuesday rejected
  - id: council-rejects
    date: 2023-03-01
    title: Council rejects the fee cut again
    summary: The council rejected the demand.
    citations:
      - source: gazette
        quote: The harbour council on Tuesday rejected
""")
    only(problems_of(mini_copy), "site_data/timeline.yml", 9, 9, "duplicate id 'council-rejects'", "line 2")


def test_unknown_actor_in_an_event_suggests_the_closest(mini_copy: Path) -> None:
    write(mini_copy, "site_data/timeline.yml", """\
events:
  - id: council-rejects
    date: 2023-02-28
    title: Council rejects the fee cut
    actors: [council, ruis]
    summary: The council rejected the demand.
    citations:
      - source: gazette
        quote: The harbour council on Tuesday rejected
""")
    only(problems_of(mini_copy), "site_data/timeline.yml", 5, 23, "unknown actor 'ruis'", "did you mean 'ruiz'")


def test_unknown_source_in_a_citation_suggests_the_closest(mini_copy: Path) -> None:
    write(mini_copy, "site_data/timeline.yml", """\
events:
  - id: council-rejects
    date: 2023-02-28
    title: Council rejects the fee cut
    summary: The council rejected the demand.
    citations:
      - source: gazete
        quote: The harbour council on Tuesday rejected
""")
    only(problems_of(mini_copy), "site_data/timeline.yml", 7, 17, "unknown source 'gazete'", "did you mean 'gazette'")


# ---------------------------------------------------------------- hostile YAML


@pytest.mark.parametrize(
    "tag",
    ["!!python/object/apply:os.system", "!!python/object/new:os.system", "!!python/name:os.system", "!custom"],
)
def test_unsafe_yaml_tag_is_refused_and_never_run(mini_copy: Path, tag: str) -> None:
    marker = mini_copy / "executed"
    write(mini_copy, "site_data/dossier.yml", f'dossier:\n  title: {tag} ["touch {marker}"]\n')
    only(problems_of(mini_copy), "site_data/dossier.yml", 2, 10, "YAML tag", "not allowed")
    assert not marker.exists()


BILLION_LAUGHS = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def test_billion_laughs_is_refused_fast(mini_copy: Path) -> None:
    write(mini_copy, "site_data/dossier.yml", BILLION_LAUGHS)
    started = time.perf_counter()
    problems = problems_of(mini_copy)
    assert time.perf_counter() - started < 5
    # Each *f on line 7 stands for about 600,000 values: the third crosses the 2,000,000 limit.
    problem = only(problems, "site_data/dossier.yml", 7, 16, "expands to more than")
    assert "anchors/aliases" in problem.hint


def test_nesting_too_deep_in_process(mini_copy: Path) -> None:
    write(mini_copy, "site_data/dossier.yml", "dossier: " + "[" * 100 + "]" * 100 + "\n")
    # The top mapping is level 1, so the 64th '[' (column 10 + 63) is one level too many.
    only(problems_of(mini_copy), "site_data/dossier.yml", 1, 73, "nesting is deeper than 64 levels")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("dossier: " + "[" * 10_000 + "]" * 10_000 + "\n", id="closed"),
        pytest.param("dossier: " + "[" * 10_000 + "\n", id="unclosed"),
        pytest.param("dossier: " + "{a: " * 10_000 + "\n", id="mappings"),
    ],
)
def test_very_deep_nesting_via_cli_is_an_error_not_a_crash(mini_copy: Path, text: str) -> None:
    write(mini_copy, "site_data/dossier.yml", text)
    done = run_cli(mini_copy)
    assert_clean_failure(done, "site_data/dossier.yml:1:", "nesting is deeper than 64 levels", "1 problem found.")


def test_very_large_yaml_file_via_cli(mini_copy: Path) -> None:
    # Just over the limit: refused by its size, before anything is read (the tail is a sparse run of
    # zero bytes, so the test costs no disk; were it read, it would fail as "not YAML" instead).
    with (mini_copy / "site_data/timeline.yml").open("w", encoding="utf-8") as out:
        out.write("events:\n" + "  - council-rejects-the-fee-cut-and-more\n" * 25_000)
        out.truncate(load.MAX_YAML_BYTES + 1)
    assert (mini_copy / "site_data/timeline.yml").stat().st_size > load.MAX_YAML_BYTES
    try:
        done = run_cli(mini_copy)
    finally:
        (mini_copy / "site_data/timeline.yml").unlink()  # pytest keeps old tmp folders; don't keep 70 MB
    assert_clean_failure(done, "site_data/timeline.yml:1:1: the file is too large", "1 problem found.")


def test_yaml_file_over_the_limit_in_process(mini_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A limit just big enough for every fixture file, then one file pushed over it.
    limit = max(path.stat().st_size for path in (mini_copy / "site_data").glob("*.yml"))
    monkeypatch.setattr(load, "MAX_YAML_BYTES", limit)
    write(mini_copy, "site_data/timeline.yml", event() + "# padding\n" * (limit // 10 + 1))
    only(problems_of(mini_copy), "site_data/timeline.yml", 1, 1, "too large", f"limit {limit:,}")


# ---------------------------------------------------------------- source paths


@pytest.mark.parametrize(
    "file",
    ["../x.txt", "/etc/passwd", "sub/../../a.txt", "..\\a.txt", "C:/seeds/a.txt", "../seeds-evil/a.txt"],
)
def test_source_path_outside_seeds_is_refused(mini_copy: Path, file: str) -> None:
    evil = mini_copy / "seeds-evil"
    evil.mkdir()
    shutil.copy(mini_copy / "seeds/a.txt", evil / "a.txt")  # the sibling exists and holds the right text
    replace_line(mini_copy, "site_data/sources.yml", 3, "    file: a.txt", f"    file: '{file}'")
    problems = problems_of(mini_copy)
    at(problems, "site_data/sources.yml", 3, 11, "points outside seeds/", "no '..', no absolute path")
    # a.txt is then described by nothing: that is the only other problem.
    at(problems, "seeds/a.txt", 1, 1, "not described in sources.yml")
    assert len(problems) == 2, listing(problems)


def test_absolute_path_into_seeds_is_still_refused(mini_copy: Path) -> None:
    absolute = (mini_copy / "seeds" / "a.txt").as_posix()
    replace_line(mini_copy, "site_data/sources.yml", 3, "    file: a.txt", f"    file: {absolute}")
    at(problems_of(mini_copy), "site_data/sources.yml", 3, 11, "points outside seeds/")


def test_symlink_in_seeds_pointing_outside_is_refused(mini_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.move(mini_copy / "seeds/a.txt", outside / "a.txt")
    (mini_copy / "seeds/a.txt").symlink_to(outside / "a.txt")
    only(problems_of(mini_copy), "site_data/sources.yml", 3, 11, "seeds/a.txt", "link to a file outside")


# ---------------------------------------------------------------- source file contents


def test_source_that_is_not_utf8(mini_copy: Path) -> None:
    (mini_copy / "seeds/a.txt").write_bytes("Harbour news\n\nThe café closed.\n".encode("latin-1"))
    only(problems_of(mini_copy), "site_data/sources.yml", 3, 11, "seeds/a.txt", "not UTF-8", "line 3")


@pytest.mark.parametrize("content", [b"", b"\n \n\t\n"])
def test_source_that_is_empty(mini_copy: Path, content: bytes) -> None:
    (mini_copy / "seeds/a.txt").write_bytes(content)
    only(problems_of(mini_copy), "site_data/sources.yml", 3, 11, "seeds/a.txt", "is empty")


def test_a_control_character_in_a_source_is_refused_where_the_source_is_named(mini_copy: Path) -> None:
    text = (mini_copy / "seeds/a.txt").read_text(encoding="utf-8")
    assert "on Tuesday rejected" in text
    write(mini_copy, "seeds/a.txt", text.replace("on Tuesday rejected", "on Tues\x02day rejected"))
    only(problems_of(mini_copy), "site_data/sources.yml", 3, 11, "seeds/a.txt contains the control character "
         "U+0002 at line 3, column 28", "remove it")


# ---------------------------------------------------------------- quotes


def test_drifted_quote_shows_the_closest_passage_and_the_difference(mini_copy: Path) -> None:
    write(mini_copy, "site_data/timeline.yml", """\
events:
  - id: council-rejects
    date: 2023-02-28
    title: Council rejects the fee cut
    summary: The council rejected the demand.
    citations:
      - source: gazette
        quote: The harbour council on Monday rejected
""")
    only(problems_of(mini_copy), "site_data/timeline.yml", 8, 16, "quote not placed in seeds/a.txt",
         "closest is paragraph 2", '"The harbour council on Tuesday rejected"',
         "the source has 'Tuesday' where the quote has 'Monday'")


def test_quote_in_two_paragraphs_asks_for_a_paragraph(mini_copy: Path) -> None:
    write(mini_copy, "site_data/timeline.yml", """\
events:
  - id: council-rejects
    date: 2023-02-28
    title: Council rejects the fee cut
    summary: The council rejected the demand.
    citations:
      - source: gazette
        quote: Ruiz said
""")
    only(problems_of(mini_copy), "site_data/timeline.yml", 8, 16, "several paragraphs (2, 3)", "paragraph: N")


def test_quote_in_two_paragraphs_passes_with_a_paragraph(mini_copy: Path) -> None:
    write(mini_copy, "site_data/timeline.yml", """\
events:
  - id: council-rejects
    date: 2023-02-28
    title: Council rejects the fee cut
    summary: The council rejected the demand.
    citations:
      - source: gazette
        quote: Ruiz said
        paragraph: 3
""")
    dossier = valid(mini_copy)
    citation = dossier.events[0].citations[0]
    assert citation.passage is not None and citation.passage.paragraph == 3


# ---------------------------------------------------------------- URLs


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "JavaScript:alert(1)",
     "file:///etc/passwd", "//example.org/x", "https://example.org/a b"],
)
def test_url_that_is_not_http_is_refused(mini_copy: Path, url: str) -> None:
    replace_line(mini_copy, "site_data/sources.yml", 7,
                 "    url: https://example.org/gazette/ferry", f"    url: '{url}'")
    only(problems_of(mini_copy), "site_data/sources.yml", 7, 10, "'url'", "only http:// or https://")


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("date", "words"),
    [
        pytest.param("2022-02-30", ("'2022-02-30' is not a real calendar date",), id="no-such-day"),
        pytest.param("2022-13", ("'2022-13' is not a real calendar date",), id="no-such-month"),
        pytest.param("16/01/2022", ("'16/01/2022' is not a date in the dossier's grammar", "YYYY-MM-DD"),
                     id="wrong-grammar"),
        pytest.param("16 January 2022", ("not a date in the dossier's grammar",), id="words"),
        pytest.param("2022-03-01..2022-02-01", ("ends before it starts",), id="backwards-range"),
    ],
)
def test_bad_date_is_a_schema_error_at_its_line(mini_copy: Path, date: str, words: tuple[str, ...]) -> None:
    write(mini_copy, "site_data/timeline.yml", event(date=date))
    only(problems_of(mini_copy), "site_data/timeline.yml", 3, 11, *words)


# ---------------------------------------------------------------- files in site_data/ and seeds/


def test_unknown_data_file_suggests_the_right_name(mini_copy: Path) -> None:
    (mini_copy / "site_data/actors.yml").rename(mini_copy / "site_data/actor.yml")
    only(problems_of(mini_copy), "site_data/actor.yml", 1, 1,
         "unknown data file 'actor.yml'", "did you mean 'actors.yml'")


def test_seed_not_described_in_sources_suggests_new_source(mini_copy: Path) -> None:
    write(mini_copy, "seeds/c.txt", "An article nobody described.\n")
    only(problems_of(mini_copy), "seeds/c.txt", 1, 1, "not described in sources.yml",
         "python -m generator new-source seeds/c.txt")


def test_a_sample_of_schema_problems_via_cli(mini_copy: Path) -> None:
    write(mini_copy, "site_data/timeline.yml", event(date="2022-02-30"))
    replace_line(mini_copy, "site_data/sources.yml", 7, "    url: https://example.org/gazette/ferry",
                 "    url: javascript:alert(1)")
    done = run_cli(mini_copy)
    assert_clean_failure(
        done,
        "site_data/sources.yml:7:10: 'url': only http:// or https:// addresses are accepted",
        "site_data/timeline.yml:3:11: 'date': '2022-02-30' is not a real calendar date",
        "2 problems found.",
    )


def test_a_file_wrong_everywhere_gets_a_capped_list(mini_copy: Path) -> None:
    from generator.validate.schema import MAX_PROBLEMS_PER_FILE

    (mini_copy / "site_data" / "timeline.yml").write_text("events:\n" + "  - just text\n" * 500)
    problems = [p for p in check(mini_paths(mini_copy)).problems if p.file.endswith("timeline.yml")]
    assert len(problems) == MAX_PROBLEMS_PER_FILE + 1
    assert problems[-1].message == "… and 300 more problems in this file"


@pytest.mark.parametrize("term", ["probable", "Likely", "highly likely", "50%"])
def test_estimative_terms_outside_the_icd_203_scale_are_refused(mini_copy: Path, term: str) -> None:
    replace_line(mini_copy, "site_data/questions.yml", 20, "    likelihood: roughly even chance",
                 f"    likelihood: {term}")
    problem = only(problems_of(mini_copy), "site_data/questions.yml", 20, 17, "not an accepted value",
                   "likelihood")
    assert "almost no chance" in problem.hint or "did you mean" in problem.hint


def test_confidence_is_a_separate_scale(mini_copy: Path) -> None:
    replace_line(mini_copy, "site_data/questions.yml", 22, "    confidence: low", "    confidence: likely")
    only(problems_of(mini_copy), "site_data/questions.yml", 22, 17, "'likely' is not an accepted value",
         "confidence", "'low', 'moderate', 'high'")


def test_an_id_whose_page_would_replace_a_generated_page(mini_copy: Path) -> None:
    # questions/index.md is the list of questions: a question with the id 'index' would overwrite it.
    path = mini_copy / "site_data/questions.yml"
    text = path.read_text(encoding="utf-8")
    assert "  - id: night-service-future\n" in text
    path.write_text(text.replace("  - id: night-service-future\n", "  - id: index\n"), encoding="utf-8")
    found = only(problems_of(mini_copy), "site_data/questions.yml", 2, 9, "the id 'index' is taken",
                 "questions/index.md", "choose another id")
    assert "'index-1'" in found.hint
