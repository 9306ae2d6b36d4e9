"""The dossier's date grammar: honest about precision.

    2031-03-16               a day
    2031-03                  a month
    2031                     a year
    2031-03-16..2031-03-20   a range (either end may be a month)
    ~2031-03-16              approximate (any of the above)
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Precision = Literal["day", "month", "year"]
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, order=True)
class Point:
    """A calendar point with its precision; `first`/`last` are the days it may stand for."""

    first: dt.date
    last: dt.date
    precision: Precision

    def label(self) -> str:
        if self.precision == "year":
            return f"{self.first.year}"
        if self.precision == "month":
            return f"{MONTHS[self.first.month - 1]} {self.first.year}"
        return f"{self.first.day} {MONTHS[self.first.month - 1]} {self.first.year}"


@dataclass(frozen=True, order=True)
class FuzzyDate:
    start: Point
    end: Point | None
    approximate: bool
    text: str

    @property
    def kind(self) -> str:
        """day / month / year / range / approximate: the precision a reader is shown."""
        if self.approximate:
            return "approximate"
        return "range" if self.end else self.start.precision

    @property
    def sort_key(self) -> tuple[dt.date, dt.date]:
        return (self.start.first, (self.end or self.start).last)

    @property
    def latest(self) -> dt.date:
        """The last day the date may stand for."""
        return (self.end or self.start).last

    @property
    def month_key(self) -> str:
        return f"{self.start.first.year:04d}-{self.start.first.month:02d}"

    def label(self) -> str:
        text = self.start.label()
        if self.end:
            text = f"{text} – {self.end.label()}"
        return f"c. {text}" if self.approximate else text

    def contains(self, day: dt.date) -> bool:
        return self.start.first <= day <= (self.end or self.start).last


def _parse_point(text: str) -> Point:
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return Point(dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31), "year")
    if len(parts) == 2:
        year, month = parts
        last_day = calendar.monthrange(year, month)[1]
        return Point(dt.date(year, month, 1), dt.date(year, month, last_day), "month")
    day = dt.date(*parts)
    return Point(day, day, "day")


@lru_cache(maxsize=65536)  # pages sort and label the same dates many times
def parse_fuzzy_date(text: str) -> FuzzyDate:
    """Parse the grammar above; raises ValueError with a plain-words reason."""
    raw = text.strip()
    approximate = raw.startswith("~")
    body = raw.lstrip("~")
    start_text, _, end_text = body.partition("..")
    try:
        start = _parse_point(start_text)
        end = _parse_point(end_text) if end_text else None
    except (ValueError, OverflowError) as error:  # OverflowError: a year or day of twenty digits
        raise ValueError(f"'{text}' is not a real calendar date ({error})") from None
    if end and end.last < start.first:
        raise ValueError(f"the range '{text}' ends before it starts")
    return FuzzyDate(start, end, approximate, raw)
