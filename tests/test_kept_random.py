"""Never stale, on edits nobody thought of: random sequences of an analyst's edits (values swapped between
records, words added and removed, records moved, lines deleted and doubled, seeds rewritten, files put
back) each give, in a build that keeps its work for the next (as `mkdocs serve` does), exactly the problems
and pages of a build from nothing. Hypothesis shrinks a failure to its shortest sequence of edits."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from generator.build import Kept, build, collect
from generator.problems import Problem

from conftest import FESTIVAL, mini_paths

pytestmark = pytest.mark.slow  # about a minute: 30 sequences of 8 saves, two builds a save (with statistics:
# pytest --hypothesis-show-statistics shows how many saves compared pages and how many compared problems)

SCALAR = re.compile(r"^(\s*(?:- )?)([a-z_]+): (.+)$")  # a `key: value` line, in a list item or not
WORDS = ("the", "board", "fees", "percent", "quay", "Weiß", "’", "'", "—", "-", "2024-02", "open")


def _problems(problems: list[Problem]) -> list[tuple[object, ...]]:
    return [(p.file, p.line, p.column, p.message, p.hint) for p in problems]


class EditsUnderServe(RuleBasedStateMachine):
    """The festival dossier (with an edition), built once with `Kept`, then edited one save at a time."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="kept-random-"))
        shutil.copytree(FESTIVAL / "site_data", self.root / "site_data")
        shutil.copytree(FESTIVAL / "seeds", self.root / "seeds")
        self.files = sorted(p for p in self.root.rglob("*") if p.suffix in (".yml", ".txt"))
        self.originals = {path: path.read_text(encoding="utf-8") for path in self.files}
        self.paths, self.kept = mini_paths(self.root), Kept()
        build(self.paths, collect, kept=self.kept)

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def _lines(self, path: Path) -> list[str]:
        return path.read_text(encoding="utf-8").split("\n")

    def _write(self, path: Path, lines: list[str]) -> None:
        path.write_text("\n".join(lines), encoding="utf-8")

    def _scalars(self) -> list[tuple[Path, int, re.Match[str]]]:
        return [(path, number, found) for path in self.files if path.suffix == ".yml"
                for number, line in enumerate(self._lines(path)) if (found := SCALAR.match(line))]

    @rule(data=st.data())
    def swap_two_values_of_one_key(self, data: st.DataObject) -> None:
        """E.g. two actors' roles, two citations' quotes, a demand's status and a source's date."""
        scalars = self._scalars()
        key = data.draw(st.sampled_from(sorted({found[2] for _, _, found in scalars})))
        same = [s for s in scalars if s[2][2] == key]
        (path_a, line_a, a), (path_b, line_b, b) = data.draw(st.sampled_from(same)), data.draw(st.sampled_from(same))
        lines = self._lines(path_a)
        lines[line_a] = f"{a[1]}{key}: {b[3]}"
        self._write(path_a, lines)
        lines = self._lines(path_b)
        lines[line_b] = f"{b[1]}{key}: {a[3]}"
        self._write(path_b, lines)

    @rule(data=st.data(), word=st.sampled_from(WORDS), add=st.booleans())
    def add_or_drop_a_word(self, data: st.DataObject, word: str, add: bool) -> None:
        path, number, found = data.draw(st.sampled_from(self._scalars()))
        value = found[3] + " " + word if add or " " not in found[3] else found[3].rsplit(" ", 1)[0]
        lines = self._lines(path)
        lines[number] = f"{found[1]}{found[2]}: {value}"
        self._write(path, lines)

    @rule(data=st.data())
    def move_a_record_down(self, data: st.DataObject) -> None:
        path = data.draw(st.sampled_from([p for p in self.files if p.suffix == ".yml"]))
        lines = self._lines(path)
        starts = [n for n, line in enumerate(lines) if line.startswith("  - ")]
        if len(starts) < 2:
            return
        k = data.draw(st.integers(0, len(starts) - 2))
        first, second = starts[k], starts[k + 1]
        end = starts[k + 2] if k + 2 < len(starts) else len(lines)
        while end > second and lines[end - 1] == "":
            end -= 1
        lines[first:end] = lines[second:end] + lines[first:second]
        self._write(path, lines)

    @rule(data=st.data(), double=st.booleans())
    def delete_or_double_a_line(self, data: st.DataObject, double: bool) -> None:
        path = data.draw(st.sampled_from([p for p in self.files if p.suffix == ".yml"]))
        lines = self._lines(path)
        number = data.draw(st.integers(0, len(lines) - 1))
        if double:
            lines.insert(number, lines[number])
        else:
            del lines[number]
        self._write(path, lines)

    @rule(data=st.data(), how=st.sampled_from(["word", "swap", "split", "join", "apostrophe"]),
          word=st.sampled_from(WORDS))
    def rewrite_a_seed(self, data: st.DataObject, how: str, word: str) -> None:
        path = data.draw(st.sampled_from([p for p in self.files if p.suffix == ".txt"]))
        text = path.read_text(encoding="utf-8")
        words = text.split(" ")
        at, other = data.draw(st.integers(0, len(words) - 1)), data.draw(st.integers(0, len(words) - 1))
        if how == "word":
            words[at] = word
        elif how == "swap":
            words[at], words[other] = words[other], words[at]
        elif how == "split":
            words[at] += "\n\n"
        text = {"join": text.replace("\n\n", " ", 1),
                "apostrophe": text.replace("'", "’", 1) if "'" in text else text.replace("’", "'", 1),
                }.get(how, " ".join(words))
        path.write_text(text, encoding="utf-8")

    @rule(data=st.data())
    def put_a_file_back(self, data: st.DataObject) -> None:
        changed = [p for p in self.files if p.read_text(encoding="utf-8") != self.originals[p]]
        if changed:
            path = data.draw(st.sampled_from(changed))
            path.write_text(self.originals[path], encoding="utf-8")

    @rule()
    def put_every_file_back(self) -> None:
        """Most edits leave a problem; the analyst mends it, and the pages come back."""
        for path in self.files:
            path.write_text(self.originals[path], encoding="utf-8")

    @invariant()
    def a_kept_build_is_a_build_from_nothing(self) -> None:
        again, fresh = build(self.paths, collect, kept=self.kept), build(self.paths, collect)
        event("pages compared" if fresh.made is not None else "problems compared")
        assert _problems(again.problems) == _problems(fresh.problems)
        made, expected = again.made or {}, fresh.made or {}
        assert [page for page in sorted({*made, *expected}) if made.get(page) != expected.get(page)] == []


EditsUnderServe.TestCase.settings = settings(max_examples=30, stateful_step_count=8, deadline=None,
                                             suppress_health_check=[HealthCheck.too_slow])
test_random_edits_keep_no_stale_page = EditsUnderServe.TestCase
