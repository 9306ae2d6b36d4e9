"""Every message in plain words: encodings, unclosed quotes, constraints with their allowed values, unknown
fields, quotes that cross a paragraph."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.build import check

from conftest import FESTIVAL, at, mini_paths, only, problems_of, replace_line, valid, write

GAZETTE_QUOTE = "The harbour council on Tuesday rejected"


def _seed(root: Path, data: bytes) -> None:
    (root / "seeds" / "a.txt").write_bytes(data)


@pytest.mark.parametrize(("encoding", "named"), [("utf-16-le", "UTF-16-LE"), ("utf-16-be", "UTF-16-BE"),
                                                 ("utf-32-le", "UTF-32-LE"), ("utf-32-be", "UTF-32-BE")])
def test_utf16_and_utf32_without_a_byte_order_mark_are_refused(mini_copy: Path, encoding: str, named: str) -> None:
    text = (mini_copy / "seeds" / "a.txt").read_text(encoding="utf-8")
    _seed(mini_copy, text.encode(encoding))
    found = only(problems_of(mini_copy), "site_data/sources.yml", 3, 11, f"seeds/a.txt looks like {named} without "
                 "a byte-order mark", "iconv -f " + named.replace("-LE", "LE").replace("-BE", "BE"))
    assert "-t UTF-8" in found.hint


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-8-sig"])
def test_a_byte_order_mark_makes_the_encoding_certain(mini_copy: Path, encoding: str) -> None:
    text = (mini_copy / "seeds" / "a.txt").read_text(encoding="utf-8")
    _seed(mini_copy, text.encode(encoding))  # Python writes the byte-order mark for these
    dossier = valid(mini_copy)
    assert dossier.texts["gazette"][1].text.startswith(GAZETTE_QUOTE)


def test_nul_bytes_in_a_utf8_text_are_refused(mini_copy: Path) -> None:
    text = (mini_copy / "seeds" / "a.txt").read_text(encoding="utf-8")
    _seed(mini_copy, text.replace("Tuesday", "Tues\x00day").encode("utf-8"))
    only(problems_of(mini_copy), "site_data/sources.yml", 3, 11, "contains NUL bytes (the first at line 3)")


def test_an_unclosed_quote_is_reported_where_it_opens(mini_copy: Path) -> None:
    replace_line(mini_copy, "site_data/actors.yml", 3, "    name: Harbour council", '    name: "Harbour council')
    only(problems_of(mini_copy), "site_data/actors.yml", 3, 11, "a quoted text starts here and is not closed")


def test_a_number_out_of_range_names_the_range_and_what_it_means(mini_copy: Path) -> None:
    replace_line(mini_copy, "site_data/dossier.yml", 18, "          credibility: 2", "          credibility: 7")
    found = only(problems_of(mini_copy), "site_data/dossier.yml", 18, 24, "'credibility' must be a whole number from "
                 "1 to 6, not 7")
    assert "1 confirmed" in found.hint and "6 cannot be judged" in found.hint


def test_a_choice_outside_its_values_lists_them_in_order(mini_copy: Path) -> None:
    path = mini_copy / "site_data" / "sources.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("grade: B,", "grade: G,"), encoding="utf-8")
    found = only(problems_of(mini_copy), "site_data/sources.yml", 13, 26, "'G' is not an accepted value for 'grade'")
    assert "'A', 'B', 'C', 'D', 'E', 'F'" in found.hint


def test_a_language_that_is_no_code_says_what_a_code_looks_like(mini_copy: Path) -> None:
    path = mini_copy / "site_data" / "sources.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("    language: en\n", "    language: English\n", 1))
    only(problems_of(mini_copy), "site_data/sources.yml", 9, 15, "'English' is not a language code", "'pt-BR'")


def test_an_overlong_id_says_how_long_an_id_may_be(mini_copy: Path) -> None:
    replace_line(mini_copy, "site_data/actors.yml", 2, "  - id: council", f"  - id: {'c' * 81}")
    problems = problems_of(mini_copy)
    at(problems, "site_data/actors.yml", 2, 9, "'id' is longer than 80 characters")


def test_an_unknown_field_is_called_a_field_and_the_fields_are_listed(mini_copy: Path) -> None:
    replace_line(mini_copy, "site_data/actors.yml", 5, "    role: Owner of the harbour",
                 "    role: Owner of the harbour\n    motto: Ships first")
    found = only(problems_of(mini_copy), "site_data/actors.yml", 6, 5, "unknown field 'motto'")
    assert found.hint.startswith("expected one of 'affiliation', 'aliases', 'citations'") and "known ids" not in \
        found.hint


def test_a_quote_across_two_paragraphs_says_so_and_shows_both_quotes(mini_copy: Path) -> None:
    write(mini_copy, "site_data/timeline.yml", """\
events:
  - id: across
    date: 2023-02-28
    title: Across
    summary: Quoted across two paragraphs.
    citations:
      - source: gazette
        quote: 'Ana Ruiz said. "We cannot fund this'
""")
    found = only(problems_of(mini_copy), "site_data/timeline.yml", 8, 16, "the quote runs across paragraphs 2 and 3",
                 "a quote must lie within one paragraph")
    assert 'quote: "Ana Ruiz said." (paragraph 2)' in found.hint
    assert "(paragraph 3)" in found.hint


def test_check_is_fine_with_the_fixture_as_it_is() -> None:
    assert check(mini_paths()).problems == []


def test_a_file_that_fails_its_checks_does_not_make_an_alias_look_unsourced(tmp_path: Path) -> None:
    """An alias is checked against the sources cited about its actor: while a file's records are unknown
    (here an event's date is wrong), so are the sources they cite, and only the date is reported."""
    shutil.copytree(FESTIVAL, tmp_path, dirs_exist_ok=True)
    replace_line(tmp_path, "site_data/timeline.yml", 27, "    date: 2023-11..2023-12", "    date: 2023-11..2023-12 the")
    only(problems_of(tmp_path), "site_data/timeline.yml", 27, 11, "is not a date in the dossier's grammar")
