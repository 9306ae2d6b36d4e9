"""Independence-aware corroboration: copies of one origin count once."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from generator.validate.independence import Independence


def _source(source_id: str, *origins: str) -> Any:
    return SimpleNamespace(id=source_id, derives_from=[SimpleNamespace(id=o) for o in origins])


def _cites(*source_ids: str) -> Any:
    return [SimpleNamespace(source=s) for s in source_ids]


def test_two_translations_of_one_wire_story_are_one_origin() -> None:
    independence = Independence([_source("fr", "afp-1"), _source("th", "afp-1"), _source("it", "ria")])
    assert independence.origins(_cites("fr", "th")) == 1
    assert independence.origins(_cites("fr", "th", "it")) == 2


def test_shared_origins_chain_transitively() -> None:
    independence = Independence([_source("a", "x"), _source("b", "x", "y"), _source("c", "y"), _source("d")])
    assert independence.groups() == [["a", "b", "c"], ["d"]]
    assert independence.origins(_cites("a", "c")) == 1


def test_a_source_with_no_declared_origin_is_its_own() -> None:
    independence = Independence([_source("a"), _source("b")])
    assert independence.origins(_cites("a", "b", "a")) == 2
