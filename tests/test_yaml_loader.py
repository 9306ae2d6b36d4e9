"""The YAML loader on its own: strings only, and positions computed only when a problem needs them."""

from __future__ import annotations

from generator.load.yaml_reader import parse_yaml

TEXT = "events:\n  - id: a\n    date: 2022-01-16\n    flag: NO\n  - id: b\n    time: 22:30\n"


def test_every_scalar_stays_text() -> None:
    document, problem = parse_yaml(TEXT, "t.yml")
    assert problem is None and document is not None
    assert document.data == {"events": [{"id": "a", "date": "2022-01-16", "flag": "NO"},
                                        {"id": "b", "time": "22:30"}]}


def test_positions_are_computed_lazily_and_match_a_tracked_parse() -> None:
    lazy, _ = parse_yaml(TEXT, "t.yml")
    tracked, _ = parse_yaml(TEXT, "t.yml", track_positions=True)
    assert lazy is not None and tracked is not None
    assert lazy.values == {} and tracked.values  # nothing paid for until needed
    assert lazy.locate(("events", 1, "time")) == tracked.locate(("events", 1, "time")) == (6, 11)
    assert lazy.locate(("events", 0, "flag"), prefer_key=True) == (4, 5)
    assert lazy.values == tracked.values and lazy.keys == tracked.keys


def test_many_plain_values_are_not_mistaken_for_an_alias_bomb(monkeypatch: object) -> None:
    import generator.load.yaml_reader as loader

    monkeypatch.setattr(loader, "MAX_ALIAS_VALUES", 10)  # type: ignore[attr-defined]
    plain = "items:\n" + "".join(f"  - v{i}\n" for i in range(50))
    document, problem = parse_yaml(plain, "t.yml")
    assert problem is None and document is not None and len(document.data["items"]) == 50
    bomb = "a: &a [x, x, x, x]\nb: [*a, *a, *a]\n"
    _, problem = parse_yaml(bomb, "t.yml")
    assert problem is not None and "through aliases" in problem.message and problem.line == 2


def test_the_fast_build_gives_the_same_data_as_the_tracked_one() -> None:
    """Every build without positions takes a shortcut for plain values; it must build the very same data."""
    from conftest import REPO

    files = [*(REPO / "site_data").glob("*.yml"), *(REPO / "tests" / "fixtures").rglob("*.yml")]
    assert len(files) >= 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        fast, _ = parse_yaml(text, path.name)
        tracked, _ = parse_yaml(text, path.name, track_positions=True)
        assert fast is not None and tracked is not None
        assert fast.data == tracked.data, path
    anchors = "a: &x\n  - ' one '\n  - ~\nb: *x\nc: {d: [1, null, ''], e: \"  \"}\n"
    fast, _ = parse_yaml(anchors, "t.yml")
    tracked, _ = parse_yaml(anchors, "t.yml", track_positions=True)
    assert fast is not None and tracked is not None and fast.data == tracked.data
    assert fast.data == {"a": ["one", None], "b": ["one", None], "c": {"d": ["1", None, ""], "e": ""}}


def test_a_file_changed_after_parsing_gives_no_wrong_positions(tmp_path: object) -> None:
    """Positions are found by reading the file again; if it changed meanwhile (a save during a build),
    problems point at line 1 instead of at lines of another text, and nothing breaks."""
    from pathlib import Path

    from generator.load import read_yaml_file

    path = Path(str(tmp_path)) / "actors.yml"
    path.write_text("# one\n# two\nactors:\n  - id: a\n    name: x\n", encoding="utf-8")
    document, problem = read_yaml_file(path, "actors.yml")
    assert problem is None and document is not None
    path.write_text("actors:\n  - id: a\n    name: x\n    name: duplicate\n", encoding="utf-8")  # unparseable
    assert document.locate(("actors", 0, "name")) == (1, 1)
    path.write_text("actors:\n  - id: a\n", encoding="utf-8")
    unchanged, _ = read_yaml_file(path, "actors.yml")
    assert unchanged is not None and unchanged.locate(("actors", 0, "id")) == (2, 9)  # reread, same text
