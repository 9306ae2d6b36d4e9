"""A save that changes a few records of a large data file: parse only those records again (`mkdocs serve`).

The bytes before the first changed record and after the last are those of the last parse, so their records
parse as they did; the changed stretch, cut at records' first lines, is parsed on its own. Whenever that
stretch does not parse as whole records at the same indentation (a problem, a new top-level key, an anchor,
an edit above the first record), the caller parses the whole file, which finds and places any problem.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from typing import Any

from generator.load.yaml_reader import RecordLines, parse_records

# Line breaks libyaml counts besides "\n": a file holding any is always parsed whole.
OTHER_LINE_BREAKS = (b"\r", b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xa9")
BLOCK = 1 << 16  # bytes compared at a time when looking for the first and last changed byte
DOCUMENT_MARKER = re.compile(rb"^(?:---|\.\.\.)(?:\s|$)", re.MULTILINE)


@dataclass(frozen=True)
class Layout:
    """A data file as last parsed: its bytes, and where each record of its top-level list starts."""

    data: bytes
    indent: int
    starts: tuple[int, ...]  # byte offset of each record's first line


@dataclass(frozen=True)
class Edit:
    """What a save changed: `replaced` records from index `first` on are now `records` (raw data)."""

    first: int
    replaced: int
    records: list[Any]
    layout: Layout  # of the file as saved
    previous: Any  # what validate made of the file before the save (validate.run.CheckedFile)

    def splice(self, old: list[Any], new: list[Any]) -> list[Any]:
        """`old` (one item per record before the save) with the replaced records' items now `new`."""
        return [*old[:self.first], *new, *old[self.first + self.replaced:]]


def layout_of(data: bytes, records: RecordLines | None) -> Layout | None:
    """The file's layout, if its records can be parsed one stretch at a time."""
    if records is None or not records.lines or any(mark in data for mark in OTHER_LINE_BREAKS):
        return None
    lengths = itertools.accumulate(len(line) + 1 for line in data.split(b"\n", records.lines[-1]))
    line_starts = [0, *lengths]
    starts = tuple(line_starts[line] for line in records.lines)
    prefix = b" " * records.indent + b"-"
    if not all(_is_item(data, start, prefix) for start in starts):
        return None
    return Layout(data, records.indent, starts)


def _is_item(data: bytes, start: int, prefix: bytes) -> bool:
    """Whether the line at `start` opens a list item at the list's indentation ('- ' or '-' alone)."""
    return data.startswith(prefix, start) and data[start + len(prefix):start + len(prefix) + 1] in (b" ", b"\n")


def reparse(layout: Layout, data: bytes, file: str, previous: Any) -> Edit | None:
    """Parse what changed between the layout's bytes and `data`, if it is a stretch of whole records."""
    old = layout.data
    first_changed = _common_prefix(old, data)
    unchanged_tail = _common_suffix(old, data, min(len(old), len(data)) - first_changed)
    starts = layout.starts
    if first_changed < starts[0]:
        return None  # above the first record: the file's top-level key, or a comment before it
    # From the start of the changed line (an indented record's next line shares its indentation with
    # the record's first line); a change at a record's first line takes in the record before, which may
    # end with what the save inserted (a comment, a line of the record).
    line_start = old.rfind(b"\n", 0, first_changed) + 1
    first = max(bisect.bisect_left(starts, line_start) - 1, 0)
    end = max(bisect.bisect_left(starts, len(old) - unchanged_tail), first + 1)  # records [first, end) change
    shift = len(data) - len(old)
    stretch_end = (starts[end] if end < len(starts) else len(old)) + shift
    stretch = data[starts[first]:stretch_end]
    if end < len(starts) and not stretch.endswith(b"\n"):
        return None  # the next record's first line now continues the stretch's last line
    records, cut = _whole_records(stretch, file, layout.indent) if stretch else ([], ())
    if cut is None or first + len(records) + len(starts) - end == 0:  # not whole records; or none left
        return None
    new_starts = (*starts[:first], *(starts[first] + s for s in cut), *(s + shift for s in starts[end:]))
    return Edit(first, end - first, records, Layout(data, layout.indent, new_starts), previous)


def _whole_records(stretch: bytes, file: str, indent: int) -> tuple[list[Any], tuple[int, ...] | None]:
    """The records of a stretch that starts at a record's first line, and where each starts; None if the
    stretch is not whole records at the list's indentation."""
    if DOCUMENT_MARKER.search(stretch):
        return [], None  # a document's end or start: records after it would be another document's
    try:
        parsed = parse_records(stretch.decode("utf-8"), file)
    except UnicodeDecodeError:
        return [], None  # the whole file's parse reports it, at its line
    if parsed is None:
        return [], None
    records, lines = parsed
    cut = layout_of(stretch, lines)
    if cut is None or lines.indent != indent or cut.starts[0] != 0:
        return [], None
    return records, cut.starts


def _common_prefix(a: bytes, b: bytes) -> int:
    size, at = min(len(a), len(b)), 0
    while at < size and a[at:at + BLOCK] == b[at:at + BLOCK]:
        at += BLOCK
    while at < size and a[at] == b[at]:
        at += 1
    return min(at, size)


def _common_suffix(a: bytes, b: bytes, limit: int) -> int:
    """How many bytes `a` and `b` end with in common, at most `limit`."""
    at = 0
    while at + BLOCK <= limit and a[len(a) - at - BLOCK:len(a) - at] == b[len(b) - at - BLOCK:len(b) - at]:
        at += BLOCK
    while at < limit and a[len(a) - at - 1] == b[len(b) - at - 1]:
        at += 1
    return at
