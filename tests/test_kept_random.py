"""Never stale, on edits nobody thought of: random sequences of an analyst's edits (tests/edits.py) each give,
in a build that keeps its work for the next (as `mkdocs serve` does), exactly the problems and pages of a
build from nothing. Hypothesis shrinks a failure to its shortest sequence of edits."""

from __future__ import annotations

import pytest
from edits import AnalystEdits
from hypothesis import HealthCheck, event, settings
from hypothesis.stateful import invariant

from generator.build import Kept, build, collect
from generator.load import editions
from generator.problems import Problem

from conftest import mini_paths

pytestmark = pytest.mark.slow  # about a minute: 30 sequences of 8 saves, two builds a save (with statistics:
# pytest --hypothesis-show-statistics shows how many saves compared pages and how many compared problems)


def _problems(problems: list[Problem]) -> list[tuple[object, ...]]:
    return [(p.file, p.line, p.column, p.message, p.hint) for p in problems]


class KeptBuilds(AnalystEdits):
    """Built once with `Kept`, then again after every save."""

    def __init__(self) -> None:
        super().__init__()
        self.paths, self.kept = mini_paths(self.root), Kept()
        try:
            build(self.paths, collect, kept=self.kept)
        except BaseException:
            self.teardown()
            raise

    @invariant()
    def a_kept_build_is_a_build_from_nothing(self) -> None:
        again = build(self.paths, collect, kept=self.kept)
        editions._parsed.cache_clear()  # from nothing: not even an edition read before
        fresh = build(self.paths, collect)
        event("pages compared" if fresh.made is not None else "problems compared")
        assert _problems(again.problems) == _problems(fresh.problems)
        made, expected = again.made or {}, fresh.made or {}
        assert [page for page in sorted({*made, *expected}) if made.get(page) != expected.get(page)] == []


KeptBuilds.TestCase.settings = settings(max_examples=30, stateful_step_count=8, deadline=None,
                                        suppress_health_check=[HealthCheck.too_slow])
test_random_edits_keep_no_stale_page = KeptBuilds.TestCase
