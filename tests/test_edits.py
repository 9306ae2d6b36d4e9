"""Parsing only the records a save changed (generator.load.edits) gives what parsing the whole file gives,
or declines: checked on many random edits of a records file, and on the edits an analyst makes."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from generator.load import editions
from generator.load.editions import DataValues
from generator.load.edits import Layout, layout_of, reparse
from generator.load.yaml_reader import parse_yaml

BASE = """\
# a comment above the list
actors:
  # ---- first
  - id: first
    name: First One
    summary: >-
      Folded text over
      two lines. [1]
    aliases: [One, 'The First']
    citations:
      - source: s-1
        quote: 'a quote with: a colon'
  - id: second
    name: "Second, quoted"
    statements:
      - text: |
          Literal
            text
        citations: []
  # ---- third
  - id: third
    name: Third
    note: plain text
      continued
"""

SNIPPETS = ["\n", "  - id: new\n    name: New\n", "'", '"', "&anchor ", "*anchor", "foo: 1\n", "    ", "-", "#",
            ": ", "[", "]", "x", "  - ", "\t", "  - id: z\n", "---\n", "\n  - id: w\n", "...\n", "\n...\n",
            "\n    extra: line\n", "!!str ", "%TAG ! tag:x:\n"]


def _layout(text: str) -> Layout:
    document, problem = parse_yaml(text, "actors.yml", records=True)
    assert problem is None and document is not None
    layout = layout_of(text.encode(), document.records)
    assert layout is not None
    return layout


def _records(text: str) -> list[object] | None:
    document, problem = parse_yaml(text, "actors.yml")
    if problem is not None or document is None or not isinstance(document.data, dict):
        return None
    return document.data.get("actors")


def _parsed_partly(old: str, new: str) -> bool:
    """Whether only the changed records of `new` were parsed; if they were, they agree with a whole parse."""
    edit = reparse(_layout(old), new.encode(), "actors.yml", previous=None)
    if edit is None:
        return False
    old_records, new_records = _records(old), _records(new)
    assert old_records is not None and new_records is not None, new
    spliced = edit.splice(old_records, edit.records)
    assert spliced == new_records, new
    whole = parse_yaml(new, "actors.yml", records=True)[0]
    assert whole is not None and layout_of(new.encode(), whole.records) == edit.layout, new
    return True


def test_random_edits_parse_as_the_whole_file_or_are_declined() -> None:
    chance = random.Random(7)
    taken = 0
    for _ in range(3000):
        at = chance.randrange(len(BASE) + 1)
        cut = chance.choice([0, 0, 1, 3, 12])
        new = BASE[:at] + chance.choice(SNIPPETS + [""]) + BASE[at + cut:]
        if new != BASE:
            taken += _parsed_partly(BASE, new)
    assert taken > 800, taken  # the edits that keep whole records (a third of these) are parsed on their own


@pytest.mark.parametrize("old, new, first, replaced, records", [
    ("name: First One", "name: First Two", 0, 1, 1),  # a word
    ("  - id: second\n", "  - id: inserted\n    name: In\n  - id: second\n", 0, 2, 3),  # a record added
    ("    note: plain text\n      continued\n", "    note: shorter\n", 2, 1, 1),  # the last record
    ("    name: Third\n", "    name: Third\n    kind: person\n", 2, 1, 1),  # a line added to an indented record
])
def test_an_analysts_edit_parses_only_its_records(old: str, new: str, first: int, replaced: int,
                                                   records: int) -> None:
    edited = BASE.replace(old, new, 1)
    edit = reparse(_layout(BASE), edited.encode(), "actors.yml", previous=None)
    assert edit is not None and (edit.first, edit.replaced, len(edit.records)) == (first, replaced, records)
    assert _parsed_partly(BASE, edited)


@pytest.mark.parametrize("old, new", [
    ("actors:\n", "actors:\nother: 1\n"),  # above the records
    ("    name: Third\n", "    name: Third\nextra: key\n"),  # a new top-level key
    ("  - id: second\n", "  - id: second\n  - &a id: twice\n"),  # an anchor
    ("    name: Third\n", "    name: 'Third\n"),  # an open quote that a whole parse would report
    ("  - id: third\n", "   - id: third\n"),  # a record out of line
])
def test_what_is_not_whole_records_is_parsed_whole(old: str, new: str) -> None:
    edited = BASE.replace(old, new, 1)
    assert edited != BASE
    assert reparse(_layout(BASE), edited.encode(), "actors.yml", previous=None) is None


@pytest.mark.parametrize("text", [
    "actors:\n  - id: a\n    tags: &shared [x]\n  - id: b\n    tags: *shared\n",  # an anchor, anywhere
    "%TAG !! tag:example.org:\n---\nactors:\n  - id: a\n  - id: b\n",  # a directive changes how tags read
])
def test_a_file_whose_records_read_through_something_outside_them_is_always_parsed_whole(text: str) -> None:
    document, problem = parse_yaml(text, "actors.yml", records=True)
    assert problem is None and document is not None and document.records is None


def test_a_document_end_or_bad_utf8_in_the_changed_records_is_left_to_the_whole_parse() -> None:
    layout = _layout(BASE)
    ended = BASE.replace("    name: Third\n", "    name: Third\n...\n").encode()
    assert reparse(layout, BASE.replace("name: First One\n", "name: First One\n...\n").encode(), "actors.yml",
                   previous=None) is None
    assert reparse(layout, ended, "actors.yml", previous=None) is None
    broken = BASE.encode().replace(b"name: First One", b"name: First \xff")
    assert reparse(layout, broken, "actors.yml", previous=None) is None


def test_the_data_compared_with_an_edition_follows_each_save(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    """Under serve the current data's values, which an edition is compared with, parse only the records a
    save changed: after every one of a run of random saves they are what a whole parse gives."""
    whole_parses = 0
    parse_whole = editions.read_yaml_bytes

    def counted(*args: object, **kwargs: object) -> object:
        nonlocal whole_parses
        whole_parses += 1
        return parse_whole(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(editions, "read_yaml_bytes", counted)
    path = tmp_path / "actors.yml"
    values = DataValues()
    chance = random.Random(11)
    text, saves = BASE, 0
    for _ in range(300):
        at = chance.randrange(len(text) + 1)
        edited = text[:at] + chance.choice(SNIPPETS + [""]) + text[at + chance.choice([0, 1, 3]):]
        if edited == text or parse_yaml(edited, "actors.yml")[1] is not None:
            continue  # a save with a problem does not reach the comparison: the build stops before it
        text, saves = edited, saves + 1
        path.write_text(text, encoding="utf-8")
        assert values.read("actors.yml", path) == parse_yaml(text, "actors.yml")[0].data, text  # type: ignore[union-attr]
    assert saves > 100 and whole_parses < saves, (saves, whole_parses)  # random saves often move records
    whole_parses = 0
    for word in ("One", "Two", "Three"):  # an analyst's saves: a word at a time
        path.write_text(BASE.replace("First One", f"First {word}"), encoding="utf-8")
        assert values.read("actors.yml", path)["actors"][0]["name"] == f"First {word}"  # type: ignore[index]
    assert whole_parses == 1  # the first, after the random saves
    path.unlink()
    assert values.read("actors.yml", path) is None
    for text in (BASE.replace("name: Third", "name: 'Third"), BASE, BASE.replace("\n", "\r\n")):
        path.write_bytes(text.encode())  # unparseable, mended, then with Windows line ends (no layout)
        expected = parse_yaml(text, "actors.yml")[0]
        assert values.read("actors.yml", path) == (expected.data if expected is not None else None)
    whole_parses = 0
    assert values.read("actors.yml", path) == parse_yaml(BASE, "actors.yml")[0].data  # type: ignore[union-attr]
    assert whole_parses == 0  # an unchanged file is not parsed again, with or without a layout
