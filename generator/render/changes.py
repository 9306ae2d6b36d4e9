"""What changed since the previous edition: records added, changed or removed, said in words.

Both editions are compared as the analyst wrote them (plain YAML values), record by record (by id;
key judgments by their text), so the comparison needs nothing but the two sets of files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.dates import parse_fuzzy_date
from generator.load.editions import Edition
from generator.render.words import counted, in_words, shortened

CHANGES_LISTED = 40  # entries shown on the home page and in the book; the rest are counted

# (file, list key, what a record is called, the field that names it)
RECORD_KINDS = (
    ("sources.yml", "sources", "source", "title"),
    ("actors.yml", "actors", "actor", "name"),
    ("demands.yml", "demands", "demand", "demand"),
    ("timeline.yml", "events", "event", "title"),
    ("questions.yml", "questions", "question", "question"),
)


@dataclass(frozen=True)
class Change:
    kind: str  # 'new', 'changed' or 'removed'
    what: str  # 'actor', 'demand', 'event', 'question', 'source', 'key judgment', 'bottom line'
    record_id: str  # '' for what has no id
    label: str  # plain text naming the record
    detail: str = ""  # plain text: what changed, in words


@dataclass(frozen=True)
class Changes:
    since: str  # the previous edition's as-of date
    items: list[Change]

    @property
    def shown(self) -> list[Change]:
        return self.items[:CHANGES_LISTED]

    @property
    def more(self) -> int:
        return max(len(self.items) - CHANGES_LISTED, 0)

    def count(self, kind: str) -> int:
        return sum(1 for item in self.items if item.kind == kind)


def compare(previous: Edition, current: dict[str, Any]) -> Changes:
    items = list(_dossier_changes(previous.data.get("dossier.yml"), current.get("dossier.yml")))
    for file, key, what, name_field in RECORD_KINDS:
        before = _records(previous.data.get(file), key)
        after = _records(current.get(file), key)
        for record_id, record in after.items():
            label = shortened(str(record.get(name_field, record_id)), 120)
            if record_id not in before:
                items.append(Change("new", what, record_id, label))
            elif record != before[record_id]:
                items.append(Change("changed", what, record_id, label, _detail(what, before[record_id], record)))
        items += [Change("removed", what, record_id, shortened(str(record.get(name_field, record_id)), 120))
                  for record_id, record in before.items() if record_id not in after]
    order = {"new": 0, "changed": 1, "removed": 2}
    return Changes(previous.as_of, sorted(items, key=lambda c: order[c.kind]))


def _records(document: Any, key: str) -> dict[str, dict[str, Any]]:
    records = document.get(key) if isinstance(document, dict) else None
    if not isinstance(records, list):
        return {}
    return {str(r["id"]): r for r in records if isinstance(r, dict) and "id" in r}


def _dossier_changes(before: Any, after: Any) -> Iterator[Change]:
    old = before.get("dossier") if isinstance(before, dict) else None
    new = after.get("dossier") if isinstance(after, dict) else None
    if not isinstance(old, dict) or not isinstance(new, dict):
        return
    if old.get("bottom_line") != new.get("bottom_line") and new.get("bottom_line"):
        yield Change("changed", "bottom line", "", shortened(str(new["bottom_line"]), 160))
    old_judgments = {str(j.get("text")): j for j in _listed(old.get("key_judgments")) if isinstance(j, dict)}
    for number, judgment in enumerate(_listed(new.get("key_judgments")), 1):
        if not isinstance(judgment, dict):
            continue
        earlier = old_judgments.get(str(judgment.get("text")))
        label = shortened(_MARKERS.sub("", str(judgment.get("text"))), 120)
        if earlier is None:
            yield Change("new", "key judgment", str(number), label)
        elif earlier != judgment:
            yield Change("changed", "key judgment", str(number), label, _detail("key judgment", earlier, judgment))


_MARKERS = re.compile(r" ?\[\d+(?:, ?\d+)*\]")


def _listed(value: Any) -> list[Any]:
    """A list as written, or none: an edition is not checked again, so any value may stand anywhere in it."""
    return value if isinstance(value, list) else []


def _said(field: str, value: Any) -> str:
    if value in (None, ""):
        return "none"
    if field == "status":
        return in_words("status", str(value))
    if field in ("date", "since"):
        try:
            return parse_fuzzy_date(str(value)).label()
        except ValueError:  # an edition's date that is no date in the grammar (editions are not checked)
            return str(value)
    return str(value)


FIELD_NAMES = {"citations": "sources cited", "contested_by": "conflicting claims", "date_basis": "how the date was "
               "resolved", "time_frame": "time frame", "confidence_basis": "basis of confidence", "why_it_matters":
               "why it matters", "derives_from": "what it derives from", "short_name": "short name"}
TRACKED = ("status", "likelihood", "confidence", "date", "since")


def _detail(what: str, before: dict[str, Any], after: dict[str, Any]) -> str:
    """'status: open → partially met; 1 new response; also revised: summary, sources cited'."""
    parts = [f"{field}: {_said(field, before.get(field))} → {_said(field, after.get(field))}"
             for field in TRACKED if before.get(field) != after.get(field) and field in (*before, *after)]
    if what == "demand":
        added = len(_listed(after.get("responses"))) - len(_listed(before.get("responses")))
        if added > 0:
            parts.append(counted(added, "new response"))
    handled = {*TRACKED, "responses"} if what == "demand" else set(TRACKED)
    revised = [FIELD_NAMES.get(field, str(field).replace("_", " ")) for field in dict.fromkeys([*before, *after])
               if field not in handled and field != "id" and before.get(field) != after.get(field)]
    if revised:
        parts.append(("also revised: " if parts else "revised: ") + ", ".join(revised))
    return "; ".join(parts)


