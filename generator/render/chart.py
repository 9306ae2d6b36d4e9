"""The visual timeline: where each event's bar sits on a shared axis, with its precision visible.

Pure arithmetic on dates. The chart covers the dossier's focus window (a few months around the
"as of" date); events before it are listed as background, so decades-old context does not squash
the weeks that matter into a sliver. Each bar also carries its dates, and the chart offers a window per
month (`Window`): the page's script redraws the bars for a month (docs/assets/dossier.js), so a
crowded month can be read at a phone's width.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from generator.dates import MONTHS, parse_fuzzy_date
from generator.model import Event

LOOK_BACK = dt.timedelta(days=120)
LOOK_AHEAD = dt.timedelta(days=90)


@dataclass(frozen=True)
class Bar:
    event: Event
    start: float  # percent of the axis
    width: float  # percent of the axis
    precision: str  # day / month / year / range / approximate
    clipped: bool  # starts before the window
    first: dt.date  # the first and last day the event's date may stand for
    last: dt.date


@dataclass(frozen=True)
class Window:
    """A stretch of the chart a reader can zoom to: the whole chart, or one month of it."""

    label: str
    first: dt.date
    last: dt.date


@dataclass(frozen=True)
class Tick:
    label: str
    position: float


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    ticks: list[Tick]
    background: list[Event]  # events that end before the window
    first: dt.date
    last: dt.date
    windows: list[Window]  # the whole chart first, then each month it covers


def build_chart(events: list[Event], as_of: dt.date) -> Chart | None:
    """Bars for the events that fall in the focus window, in chronological order."""
    dated = [(e, parse_fuzzy_date(e.date)) for e in events]
    in_window = [(e, d) for e, d in dated if (d.end or d.start).last >= as_of - LOOK_BACK]
    if not in_window:
        return None
    first = max(min(d.start.first for _, d in in_window), as_of - LOOK_BACK)
    last = min(max((d.end or d.start).last for _, d in in_window), as_of + LOOK_AHEAD)
    last = max(last, first + dt.timedelta(days=1))
    span = (last - first).days + 1

    def percent(day: dt.date) -> float:
        clamped = min(max(day, first), last + dt.timedelta(days=1))
        return round(100 * (clamped - first).days / span, 2)

    bars = []
    for event, date in in_window:
        start = percent(date.start.first)
        end = percent((date.end or date.start).last + dt.timedelta(days=1))
        bars.append(Bar(event, start, max(round(end - start, 2), 0.01), date.kind, date.start.first < first,
                        date.start.first, (date.end or date.start).last))
    background = [e for e, d in dated if (d.end or d.start).last < as_of - LOOK_BACK]
    return Chart(bars, _ticks(first, last, percent), background, first, last, _windows(first, last))


def _month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    month = dt.date(first.year, first.month, 1)
    starts = []
    while month <= last:
        starts.append(month)
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return starts


def _windows(first: dt.date, last: dt.date) -> list[Window]:
    """The whole chart, then every month it covers (clamped to the chart), when there is more than one."""
    months = _month_starts(first, last)
    if len(months) < 2:
        return []
    windows = [Window("Whole chart", first, last)]
    for month in months:
        end = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1) - dt.timedelta(days=1)
        windows.append(Window(f"{MONTHS[month.month - 1]} {month.year}", max(month, first), min(end, last)))
    return windows


def _ticks(first: dt.date, last: dt.date, percent: Callable[[dt.date], float]) -> list[Tick]:
    """A tick at each month start: 'Jan 2024' for the first and for January, the month alone otherwise."""
    ticks: list[Tick] = []
    for month in _month_starts(first, last):
        if month >= first:
            label = MONTHS[month.month - 1] + (f" {month.year}" if not ticks or month.month == 1 else "")
            ticks.append(Tick(label, percent(month)))
    return ticks
