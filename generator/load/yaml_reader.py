"""A safe YAML reader that keeps every scalar as a string and remembers where each value sits.

Why not `yaml.safe_load`: it silently keeps the last of two duplicate keys, turns `NO` into False,
`1.10` into 1.1 and `22:30` into 1350, expands aliases without bound, and (in the C loader)
recurses once per nesting level. We read the event stream instead — libyaml's parser is not
recursive — and build plain dicts/lists/strings ourselves, with limits. Types are decided later by
the schema, which converts only where a field asks for a number or a date.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NoReturn

import yaml

from generator.problems import Problem

if TYPE_CHECKING:
    from generator.load.edits import Edit, Layout

try:  # libyaml is much faster; the pure-Python parser gives identical events.
    from yaml import CSafeLoader as _EventLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _EventLoader  # type: ignore[assignment]

Path = tuple[str | int, ...]

MAX_DEPTH = 64
NO_LIST_YET, NOT_ONE_LIST = -1, -2  # a builder's record_indent before it has one list of records
# Values reached through aliases: bounds "billion laughs". Values written out in the file need no
# count of their own: MAX_YAML_BYTES (load.py) bounds them, so large honest dossiers are not refused.
MAX_ALIAS_VALUES = 2_000_000
NULL_WORDS = {"", "~", "null", "Null", "NULL"}
ALLOWED_TAGS = {None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


@dataclass(frozen=True)
class RecordLines:
    """Where the records of a file's one top-level list start (0-based lines), and the list's indentation:
    what lets `mkdocs serve` parse only the records a save changed (generator.load.edits)."""

    indent: int
    lines: tuple[int, ...]


@dataclass
class YamlDocument:
    """Plain data from one file, plus the 1-based (line, column) of every key and value.

    Positions are needed only to report problems, and a map of every value's path costs more memory
    than the data itself, so they are computed on first use by parsing the text again. The text is
    not kept either (a large dossier's YAML is hundreds of megabytes as Python strings): `reread`
    fetches it again, e.g. from the file, or gives None if it is no longer the text that was parsed
    (then a problem points at the file's first line rather than at a wrong one).
    """

    file: str
    data: Any
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    reread: Callable[[], str | None] | None = None  # set while positions are still to be computed
    digest: bytes = b""  # of the file's bytes, when read from a file
    records: RecordLines | None = None  # None when the file is not one list of block records
    # Under `mkdocs serve` (generator.load.edits): the file's bytes and where its records start, and, when
    # only the records a save changed were parsed, those (then `data` is None).
    layout: Layout | None = None
    edit: Edit | None = None

    def _ensure_positions(self) -> None:
        if self.reread is None:
            return
        reread, self.reread = self.reread, None
        text = reread()  # None when the file changed since it was parsed: its positions would be wrong
        if text is None:
            return
        try:
            tracked = _build(text, self.file, track=True)
        except (_Abort, yaml.YAMLError):  # cannot happen for the text that parsed; be safe all the same
            return
        self.values, self.keys = tracked.values, tracked.keys

    def locate(self, path: Path, prefer_key: bool = False) -> tuple[int, int]:
        """Position of `path`, or of its nearest ancestor we know (aliases have no own positions)."""
        self._ensure_positions()
        for cut in range(len(path), -1, -1):
            sub = path[:cut]
            if prefer_key and sub in self.keys:
                return self.keys[sub]
            if sub in self.values:
                return self.values[sub]
            if sub in self.keys:
                return self.keys[sub]
        return (1, 1)

    def problem(self, path: Path, message: str, hint: str = "", prefer_key: bool = False) -> Problem:
        line, column = self.locate(path, prefer_key)
        return Problem(self.file, line, column, message, hint)


class _Abort(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


class _Retrace(Exception):
    """A problem found without positions: parse again, tracking them, to report it exactly."""


def _pos(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


class _Open:
    """A mapping or list being filled, with what is needed to place its next value."""

    __slots__ = ("anchor", "container", "is_list", "key", "key_lines", "path", "start_nodes")

    def __init__(self, container: Any, path: Path, anchor: str | None, start_nodes: int):
        self.container = container
        self.is_list = isinstance(container, list)
        self.key: str | None = None  # a mapping's key waiting for its value
        self.key_lines: dict[str, int] = {}  # tracked runs only: where each key was first seen
        self.path = path
        self.anchor = anchor
        self.start_nodes = start_nodes


class _Builder:
    """Builds plain dicts, lists and strings from parser events, enforcing the limits.

    The untracked run (every build that finds no problem) does the least work per event: it keeps
    no positions and, at the first problem, gives up with `_Retrace`; the tracked run then builds the
    same data again with every position and reports the problem at its line and column.
    """

    def __init__(self, file: str, track: bool, base_depth: int = 0, records: bool = False):
        self.doc = YamlDocument(file, None)
        self.track = track
        self.base_depth = base_depth  # 1 when parsing some records on their own, without the file's top
        self.want_records = records  # note where records start (generator.load.edits, under serve)
        self.record_key: str | None = None  # the top-level key holding the list of records
        self.record_indent = NO_LIST_YET  # of the top-level list of records
        self.record_lines: list[int] = []
        self.directives = False  # %YAML or %TAG: they change how what follows them reads
        self.stack: list[_Open] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0
        self.alias_values = 0
        self.documents = 0

    def fail(self, mark: Any, message: str, hint: str = "") -> NoReturn:
        if not self.track:
            raise _Retrace
        line, column = _pos(mark)
        raise _Abort(Problem(self.doc.file, line, column, message, hint))

    def check_tag(self, event: Any) -> None:
        if event.tag is not None and event.tag not in ALLOWED_TAGS:
            self.fail(event.start_mark, f"the YAML tag '{event.tag}' is not allowed",
                      "remove the tag; dossier files hold only plain text, lists and mappings")

    def run(self, next_event: Callable[[], Any]) -> YamlDocument:
        """Build from `next_event()` until it returns None (the parser's end)."""
        scalar, alias = yaml.ScalarEvent, yaml.AliasEvent
        starts = {yaml.MappingStartEvent: dict, yaml.SequenceStartEvent: list}
        ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        stack, untracked = self.stack, not self.track
        while (event := next_event()) is not None:
            kind = type(event)
            if kind is scalar:  # most events: kept short
                if event.tag is not None:
                    self.check_tag(event)
                self.nodes += 1
                value = event.value
                if not event.style and value in NULL_WORDS:  # plain style: None (libyaml) or '' (Python)
                    value = None
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, 1)
                if untracked and stack:  # the commonest case of `attach`, inline: a value in place
                    top = stack[-1]
                    if top.is_list:
                        top.container.append(value if value is None else _trimmed(value))
                        continue
                    if top.key is not None:
                        top.container[top.key] = value if value is None else _trimmed(value)
                        top.key = None
                        continue
                self.attach(value, event.start_mark)
            elif kind in starts:
                self.open(event, starts[kind]())
            elif kind in ends:
                self.close(event)
            elif kind is alias:
                self.on_alias(event)
            elif kind is yaml.DocumentStartEvent:
                self.directives = self.directives or bool(event.version or event.tags)
                self.documents += 1
                if self.documents > 1:
                    self.fail(event.start_mark, "the file holds more than one YAML document",
                              "remove the second '---' and merge the documents")
        return self.doc

    def attach(self, value: Any, mark: Any) -> None:
        """Put a finished value in place: the document, a list item, a mapping's key or its value.

        `mark` is where a scalar or alias stands; None for a closing container (placed when it opened)."""
        track = self.track and mark is not None
        if not self.stack:
            self.doc.data = value
            if track:
                self.doc.values[()] = _pos(mark)
            return
        top = self.stack[-1]
        if top.is_list:
            if track:
                self.doc.values[(*top.path, len(top.container))] = _pos(mark)
            top.container.append(_trimmed(value) if type(value) is str else value)
        elif top.key is None:
            self.take_key(top, value, mark)
        else:
            if track:
                self.doc.values[(*top.path, top.key)] = _pos(mark)
            top.container[top.key] = _trimmed(value) if type(value) is str else value
            top.key = None

    def take_key(self, top: _Open, key: Any, mark: Any) -> None:
        if type(key) is not str:
            self.fail(mark, "a mapping key must be plain text", "write the key as a simple word")
        if key in top.container:
            self.fail(mark, f"duplicate key '{key}' (first at line {top.key_lines.get(key, 0)})",
                      "remove one of them or merge their values; YAML would silently keep the last")
        top.key = sys.intern(key)  # a large file repeats the same few keys hundreds of thousands of times
        if self.track:
            line, column = _pos(mark)
            top.key_lines[key] = line
            self.doc.keys[(*top.path, key)] = (line, column)

    def open(self, event: Any, container: Any) -> None:
        self.check_tag(event)
        self.nodes += 1
        if len(self.stack) + self.base_depth >= MAX_DEPTH:
            self.fail(event.start_mark, f"nesting is deeper than {MAX_DEPTH} levels",
                      "dossier files need only a few levels; check the indentation")
        path: Path = ()
        if self.want_records:
            self.note_record(event, container)
        if self.stack:
            top = self.stack[-1]
            if not top.is_list and top.key is None:
                self.fail(event.start_mark, "a mapping key must be plain text, not a list or mapping",
                          "write the key as a simple word")
            if self.track:
                path = (*top.path, len(top.container) if top.is_list else top.key)  # type: ignore[arg-type]
        if self.track:
            self.doc.values[path] = _pos(event.start_mark)
        self.stack.append(_Open(container, path, event.anchor, self.nodes))

    def note_record(self, event: Any, container: Any) -> None:
        """Remember where the top-level list of records is and where each of its items starts."""
        depth = len(self.stack) + self.base_depth
        if depth == 1 and isinstance(container, list):
            parent = self.stack[-1] if self.stack else None
            first = self.record_indent == NO_LIST_YET and not event.flow_style
            if first and (parent is None or not parent.is_list):
                self.record_indent = event.start_mark.column
            else:
                self.record_indent = NOT_ONE_LIST
            self.record_key = parent.key if parent is not None else None
        elif depth == 2 and self.stack[-1].is_list and self.record_indent >= 0:
            self.record_lines.append(event.start_mark.line)

    def records(self) -> RecordLines | None:
        """Where each record starts, if every item of the one top-level list is a record (a mapping or list),
        and nothing outside a record changes how records read (directives, anchors)."""
        data = self.doc.data
        items = data if self.base_depth else data.get(self.record_key) if isinstance(data, dict) else None
        if self.record_indent < 0 or not isinstance(items, list) or len(items) != len(self.record_lines) \
                or self.anchors or self.directives:
            return None
        return RecordLines(self.record_indent, tuple(self.record_lines))

    def close(self, event: Any) -> None:
        frame = self.stack.pop()
        if frame.anchor:
            self.anchors[frame.anchor] = (frame.container, self.nodes - frame.start_nodes + 1)
        self.attach(frame.container, None)

    def on_alias(self, event: Any) -> None:
        if event.anchor not in self.anchors:
            self.fail(event.start_mark, f"unknown alias '*{event.anchor}'", "define the anchor '&' first")
        value, size = self.anchors[event.anchor]
        self.nodes += size
        self.alias_values += size
        if self.alias_values > MAX_ALIAS_VALUES:
            self.fail(event.start_mark, f"the file expands to more than {MAX_ALIAS_VALUES:,} values through aliases",
                      "use fewer anchors/aliases; write the values out instead")
        self.attach(value, event.start_mark)


def _trimmed(value: str) -> str:
    """A value as the model keeps it. Trimmed here, once: str.strip returns the very same string when
    there is nothing to trim, so the model can keep the loader's strings instead of copying them. Short
    words (ids, dates, choices) are interned: a large dossier repeats each id thousands of times."""
    value = value.strip()
    return sys.intern(value) if len(value) <= 40 and " " not in value else value


def _build(text: str, file: str, track: bool, records: bool = False) -> YamlDocument:
    """Parse and build; raises _Abort (tracked) or _Retrace (untracked) at the first problem. With `records`,
    the document says where its records start (`YamlDocument.records`)."""
    builder = _run(_Builder(file, track, records=records), text)
    if records:
        builder.doc.records = builder.records()
    return builder.doc


def _run(builder: _Builder, text: str) -> _Builder:
    parser = _EventLoader(text)
    try:
        builder.run(parser.get_event)  # the parser itself: no generator per event
    finally:
        parser.dispose()
    return builder


def parse_records(text: str, file: str) -> tuple[list[Any], RecordLines] | None:
    """Records cut out of a file (whole lines, each record's first line its `- `), parsed on their own as
    they would be inside the file's top-level list: their data and where each starts, or None if they do
    not parse as such (a problem, an anchor or alias, more than one list)."""
    try:
        builder = _run(_Builder(file, track=False, base_depth=1, records=True), text)
    except (_Retrace, yaml.YAMLError):
        return None
    records = builder.records()
    if builder.documents != 1 or records is None:
        return None
    return builder.doc.data, records


_PLAIN_WORDS = {
    "mapping values are not allowed":
        "a ':' appears where YAML does not expect one; check the indentation, or quote text containing ': '",
    "could not find expected ':'":
        "a line is not a 'key: value' pair; check the indentation or a missing ':'",
    "did not find expected key":
        "the indentation is inconsistent; align the keys of one mapping",
    "did not find expected '-' indicator":
        "the indentation of a list is inconsistent; align its '-' items",
    "found undefined alias": "an alias '*name' refers to no anchor",
    "found unexpected end of stream": "the file ends inside an unfinished value (an unclosed quote or bracket?)",
}


def _plain_reason(error: yaml.MarkedYAMLError, text: str) -> str:
    problem = (error.problem or str(error)).strip()
    mark = error.problem_mark
    if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        return "a tab character is used where YAML expects spaces; indent with spaces only"
    if mark is not None and "expected key" in problem and text[mark.index:mark.index + 2] in ("- ", "-\n"):
        # libyaml blames the enclosing mapping, but the line it stops at is a list item out of line.
        return "this '-' item is not aligned with the items above it; align the '-' markers of one list"
    for needle, words in _PLAIN_WORDS.items():
        if needle in problem:
            return words
    context = f" {error.context}" if error.context else ""
    return f"YAML syntax error: {problem}{context}"


_UNCLOSED = {
    "while scanning a quoted scalar": (
        "a quoted text starts here and is never closed", "add the closing quote on this line"),
    "while parsing a flow sequence": (
        "a '[' list starts here and is not closed by ']'",
        "close it, separate its items with ',', or quote text that starts with '['"),
    "while parsing a flow mapping": (
        "a '{' mapping starts here and is not closed by '}'",
        "close it, separate its items with ',', or quote text that starts with '{'"),
}


def _unclosed_reason(error: yaml.MarkedYAMLError) -> tuple[str, str] | None:
    """An unclosed quote or bracket is noticed lines later (often at the end of the file); the fix
    belongs where it opens, so report that position instead."""
    problem = error.problem or ""
    if error.context_mark is None or not ("end of stream" in problem or "expected ','" in problem):
        return None
    return _UNCLOSED.get(error.context or "")


_QUOTED_VALUE = re.compile(r"""^(\s*(?:-\s+)?(?:[^\s:'"#][^:#]*:\s+)?)(["'])""")


def _open_quote_before(text: str, error_line: int) -> tuple[int, int] | None:
    """(line, column) of the last value up to the 0-based `error_line` that opens a quote and does not close
    it on its own line: libyaml reads on into the following lines and stumbles far from the cause."""
    lines = text.split("\n")[: error_line + 1]
    for number in range(len(lines) - 1, -1, -1):
        found = _QUOTED_VALUE.match(lines[number])
        if found is None:
            continue
        rest = lines[number][found.end():]
        quote = found.group(2)
        closed = rest.replace("''", "") if quote == "'" else re.sub(r'\\.', "", rest)
        if quote not in closed:
            return number + 1, found.end()
        if number < error_line:
            return None  # a value closed on its line stands between: the problem is not an open quote
    return None


def _reader_position(text: str, error: yaml.YAMLError) -> tuple[int, int]:
    """libyaml's reader errors carry only an offset; turn it into line and column."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "mark", None)
    if mark is not None:
        return _pos(mark)
    offset = getattr(error, "position", None)
    if not isinstance(offset, int):
        return (1, 1)
    before = text[:offset]
    return (before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1)


def parse_yaml(text: str, file: str, track_positions: bool = False,
               reread: Callable[[], str | None] | None = None,
               records: bool = False) -> tuple[YamlDocument | None, Problem | None]:
    """Parse `text` (already decoded) into a YamlDocument, or return the one problem that stops it.

    Without `track_positions` the document computes them when first asked (see YamlDocument), from
    `reread()` if given, else from `text` (which it then keeps)."""
    try:
        try:
            document = _build(text, file, track_positions, records)
        except _Retrace:
            document = _build(text, file, track=True)  # raises _Abort with the problem's position
    except _Abort as abort:
        return None, abort.problem
    except yaml.MarkedYAMLError as error:
        unclosed = _unclosed_reason(error)
        if unclosed:
            line, column = _pos(error.context_mark)
            return None, Problem(file, line, column, *unclosed)
        mark = error.problem_mark or error.context_mark
        opened = _open_quote_before(text, mark.line if mark else 0)
        if opened is not None:
            return None, Problem(file, *opened, "a quoted text starts here and is not closed on this line",
                                 "close it with the same quote mark; inside '…' write '' for an apostrophe, "
                                 "inside \"…\" write \\\"")
        line, column = _pos(mark) if mark else (1, 1)
        return None, Problem(file, line, column, _plain_reason(error, text),
                             "fix the syntax at this position; YAML indents with spaces")
    except yaml.YAMLError as error:  # e.g. a reader error on a control character
        line, column = _reader_position(text, error)
        reason = getattr(error, "reason", None) or str(error).splitlines()[0]
        return None, Problem(file, line, column, f"the file cannot be read as YAML: {reason}",
                             "remove the control or special character at this position")
    if not document.values:
        document.reread = reread or (lambda: text)
    return document, None
