"""Errors are data: every stage reports `Problem`s; nothing below the CLI/plugin raises at the user."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located as precisely as we can."""

    file: str
    line: int
    column: int
    message: str
    hint: str = ""

    def format(self) -> str:
        text = f"{self.file}:{self.line}:{self.column}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


def close_matches(word: str, choices: Iterable[str]) -> list[str]:
    """The choices `word` is probably a misspelling of, best first."""
    return difflib.get_close_matches(word, sorted(set(choices)), n=3, cutoff=0.6)


def did_you_mean(word: str, choices: Iterable[str], noun: str = "id") -> str:
    """A 'did you mean …' hint, or the valid choices when nothing is close (`noun`: what they are)."""
    options = list(dict.fromkeys(choices)) if noun == "value" else sorted(set(choices))  # a scale keeps its order
    close = close_matches(word, options)
    if close:
        return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    if not options:
        return f"there is no {noun} to refer to yet"
    if len(options) <= 12 or noun in ("field", "value"):
        return "expected one of " + ", ".join(f"'{c}'" for c in options)
    return f"check the spelling; there are {len(options)} known {noun} ids"
