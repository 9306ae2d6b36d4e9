"""A safe YAML reader that keeps every scalar as a string and remembers where each value sits.

Why not `yaml.safe_load`: it silently keeps the last of two duplicate keys, turns `NO` into False,
`1.10` into 1.1 and `22:30` into 1350, expands aliases without bound, and (in the C loader)
recurses once per nesting level. We read the event stream instead — libyaml's parser is not
recursive — and build plain dicts/lists/strings ourselves, with limits. Types are decided later by
the schema, which converts only where a field asks for a number or a date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NoReturn

import yaml

from generator.problems import Problem

try:  # libyaml is much faster; the pure-Python parser gives identical events.
    from yaml import CSafeLoader as _EventLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _EventLoader  # type: ignore[assignment]

Path = tuple[str | int, ...]

MAX_DEPTH = 64
# Values reached through aliases: bounds "billion laughs". Values written out in the file need no
# count of their own: MAX_YAML_BYTES (load.py) bounds them, so large honest dossiers are not refused.
MAX_ALIAS_VALUES = 2_000_000
NULL_WORDS = {"", "~", "null", "Null", "NULL"}
ALLOWED_TAGS = {None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


@dataclass
class YamlDocument:
    """Plain data from one file, plus the 1-based (line, column) of every key and value.

    Positions are needed only to report problems, and a map of every value's path costs more memory
    than the data itself, so they are computed on first use by parsing the text again.
    """

    file: str
    data: Any
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    text: str | None = None  # set while positions are still to be computed

    def _ensure_positions(self) -> None:
        if self.text is not None:
            text, self.text = self.text, None
            tracked, _ = parse_yaml(text, self.file, track_positions=True)
            if tracked is not None:
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


def _pos(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


@dataclass
class _Frame:
    path: Path
    value: Any
    start_nodes: int
    anchor: str | None
    pending_key: str | None = None
    key_lines: dict[str, int] = field(default_factory=dict)


class _Builder:
    def __init__(self, file: str, track_positions: bool):
        self.doc = YamlDocument(file, None)
        self.track = track_positions
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0
        self.alias_values = 0
        self.documents = 0

    def fail(self, mark: Any, message: str, hint: str = "") -> NoReturn:
        line, column = _pos(mark)
        raise _Abort(Problem(self.doc.file, line, column, message, hint))

    def count(self, mark: Any, n: int = 1, via_alias: bool = False) -> None:
        self.nodes += n
        if via_alias:
            self.alias_values += n
            if self.alias_values > MAX_ALIAS_VALUES:
                self.fail(mark, f"the file expands to more than {MAX_ALIAS_VALUES:,} values through aliases",
                          "use fewer anchors/aliases; write the values out instead")

    def check_tag(self, event: Any) -> None:
        if event.tag not in ALLOWED_TAGS:
            self.fail(event.start_mark, f"the YAML tag '{event.tag}' is not allowed",
                      "remove the tag; dossier files hold only plain text, lists and mappings")

    def child_path(self, mark: Any) -> Path | None:
        """Path of the value about to be attached, or None when it is a mapping key."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.value, list):
            return top.path + (len(top.value),)
        if top.pending_key is None:
            return None
        return top.path + (top.pending_key,)

    def attach(self, value: Any, mark: Any) -> None:
        if not self.stack:
            self.doc.data = value
            return
        top = self.stack[-1]
        if isinstance(top.value, list):
            top.value.append(value)
        elif top.pending_key is None:
            self.take_key(top, value, mark)
        else:
            top.value[top.pending_key] = value
            top.pending_key = None

    def take_key(self, top: _Frame, key: Any, mark: Any) -> None:
        if not isinstance(key, str):
            self.fail(mark, "a mapping key must be plain text", "write the key as a simple word")
        line, column = _pos(mark)
        if key in top.key_lines:
            self.fail(mark, f"duplicate key '{key}' (first at line {top.key_lines[key]})",
                      "remove one of them or merge their values; YAML would silently keep the last")
        top.key_lines[key] = line
        top.pending_key = key
        if self.track:
            self.doc.keys[top.path + (key,)] = (line, column)

    def on_scalar(self, event: Any) -> None:
        self.check_tag(event)
        self.count(event.start_mark)
        plain = event.style in (None, "")
        value: str | None = None if plain and event.value in NULL_WORDS else event.value
        if self.track:
            path = self.child_path(event.start_mark)
            if path is not None:
                self.doc.values[path] = _pos(event.start_mark)
        if event.anchor:
            self.anchors[event.anchor] = (value, 1)
        self.attach(value, event.start_mark)

    def on_start(self, event: Any, container: Any) -> None:
        self.check_tag(event)
        self.count(event.start_mark)
        if len(self.stack) >= MAX_DEPTH:
            self.fail(event.start_mark, f"nesting is deeper than {MAX_DEPTH} levels",
                      "dossier files need only a few levels; check the indentation")
        path = self.child_path(event.start_mark)
        if path is None:
            self.fail(event.start_mark, "a mapping key must be plain text, not a list or mapping",
                      "write the key as a simple word")
        if self.track:
            self.doc.values[path] = _pos(event.start_mark)
        self.stack.append(_Frame(path, container, self.nodes, event.anchor))

    def on_end(self, event: Any) -> None:
        frame = self.stack.pop()
        if frame.anchor:
            self.anchors[frame.anchor] = (frame.value, self.nodes - frame.start_nodes + 1)
        self.attach(frame.value, event.start_mark)

    def on_alias(self, event: Any) -> None:
        if event.anchor not in self.anchors:
            self.fail(event.start_mark, f"unknown alias '*{event.anchor}'", "define the anchor '&' first")
        value, size = self.anchors[event.anchor]
        self.count(event.start_mark, size, via_alias=True)
        self.attach(value, event.start_mark)

    def feed(self, event: Any) -> None:
        if isinstance(event, yaml.ScalarEvent):
            self.on_scalar(event)
        elif isinstance(event, yaml.MappingStartEvent):
            self.on_start(event, {})
        elif isinstance(event, yaml.SequenceStartEvent):
            self.on_start(event, [])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            self.on_end(event)
        elif isinstance(event, yaml.AliasEvent):
            self.on_alias(event)
        elif isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.fail(event.start_mark, "the file holds more than one YAML document",
                          "remove the second '---' and merge the documents")


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


def parse_yaml(text: str, file: str, track_positions: bool = False) -> tuple[YamlDocument | None, Problem | None]:
    """Parse `text` (already decoded) into a YamlDocument, or return the one problem that stops it.

    Without `track_positions` the document computes them when first asked (see YamlDocument)."""
    builder = _Builder(file, track_positions)
    try:
        for event in yaml.parse(text, Loader=_EventLoader):
            builder.feed(event)
    except _Abort as abort:
        return None, abort.problem
    except yaml.MarkedYAMLError as error:
        unclosed = _unclosed_reason(error)
        if unclosed:
            line, column = _pos(error.context_mark)
            return None, Problem(file, line, column, *unclosed)
        mark = error.problem_mark or error.context_mark
        line, column = _pos(mark) if mark else (1, 1)
        return None, Problem(file, line, column, _plain_reason(error, text),
                             "fix the syntax at this position; YAML indents with spaces")
    except yaml.YAMLError as error:  # e.g. a reader error on a control character
        line, column = _reader_position(text, error)
        reason = getattr(error, "reason", None) or str(error).splitlines()[0]
        return None, Problem(file, line, column, f"the file cannot be read as YAML: {reason}",
                             "remove the control or special character at this position")
    if not track_positions:
        builder.doc.text = text
    return builder.doc, None
