"""An analyst's edits, at random, for the never-stale tests: values swapped between records, words added and
dropped, records moved, lines deleted and doubled, seeds rewritten, files put back. A machine that
inherits `AnalystEdits` adds what must hold after each save (its invariant)."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule

from conftest import FESTIVAL

SCALAR = re.compile(r"^(\s*(?:- )?)([a-z_]+): (.+)$")  # a `key: value` line, in a list item or not
WORDS = ("the", "board", "fees", "percent", "quay", "Weiß", "’", "'", "—", "-", "2024-02", "open")


class AnalystEdits(RuleBasedStateMachine):
    """A copy of the festival dossier (with an edition) in a folder of its own, edited one save at a time."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="random-edits-"))  # a subclass removes it if its setup fails
        shutil.copytree(FESTIVAL / "site_data", self.root / "site_data")
        shutil.copytree(FESTIVAL / "seeds", self.root / "seeds")
        self.files = sorted(p for p in self.root.rglob("*") if p.suffix in (".yml", ".txt"))
        self.originals = {path: path.read_text(encoding="utf-8") for path in self.files}

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
