"""Generic walks over the model: every citation and every cross-reference, with its YAML path.

References are declared on the model (`json_schema_extra={"x-refers-to": ...}`), so adding a field
that points at an actor needs no change here. Each record class is inspected once: its plan lists only
the fields that can hold a citation, a reference, or a record holding either, so a walk touches
nothing else (a large dossier has hundreds of thousands of records).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.load.yaml_reader import Path
from generator.model import Citation, is_record_class, record_fields, unwrap

_REFERENCE, _REFERENCES, _RECORD, _RECORDS = range(4)


@dataclass(frozen=True, slots=True)
class Reference:
    target: str  # "actors" or "sources"
    id: str
    path: Path


@dataclass(slots=True)
class Cited:
    """A record whose text its citations support (a statement, a summary, a position), where it sits."""

    record: Any
    path: Path
    text_field: str
    groups: list[set[int]] | None = None  # the citations each sentence rests on, once found sound (serve)
    checked: Any = None  # the world its tradecraft was last found sound in (serve)

    @property
    def text(self) -> str:
        return str(getattr(self.record, self.text_field))

    @property
    def citations(self) -> list[Citation]:
        return list(self.record.citations)


@dataclass(slots=True)
class Links:
    """What one record points at: its citations (and those of the records inside it), its references, and
    the records inside it whose text the citations support."""

    citations: list[tuple[Path, Citation]] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    cited: list[Cited] = field(default_factory=list)
    checked: Any = None  # what check_links made of them, kept while their record is (serve)


def links_in(record: Any, path: Path = ()) -> Links:
    """Every citation and reference inside `record`, depth first, in document order."""
    links = Links()
    _walk(record, path, links)
    return links


def _walk(record: Any, path: Path, links: Links) -> None:
    if type(record) is Citation:
        links.citations.append((path, record))
    text_field = cited_text_field(type(record))
    if text_field:
        links.cited.append(Cited(record, path, text_field))
    for name, kind, target in _plan(type(record)):
        value = getattr(record, name)
        if kind == _REFERENCE:
            if value is not None:
                links.references.append(Reference(target, value, (*path, name)))
        elif kind == _REFERENCES:
            links.references.extend(Reference(target, v, (*path, name, i)) for i, v in enumerate(value))
        elif kind == _RECORD:
            if value is not None:
                _walk(value, (*path, name), links)
        else:
            for index, item in enumerate(value):
                _walk(item, (*path, name, index), links)


_PLANS: dict[type[Any], tuple[tuple[str, int, str], ...]] = {}
_CITED_TEXT_FIELDS: dict[type[Any], str] = {}


def cited_text_field(record_class: type[Any]) -> str:
    """The field of `record_class` declared as the text its citations support, or ''."""
    if record_class not in _CITED_TEXT_FIELDS:
        fields = record_fields(record_class) if is_record_class(record_class) else {}
        _CITED_TEXT_FIELDS[record_class] = next(
            (name for name, info in fields.items()
             if isinstance(info.json_schema_extra, dict) and info.json_schema_extra.get("x-cited-text")), "")
    return _CITED_TEXT_FIELDS[record_class]


def _plan(record_class: type[Any]) -> tuple[tuple[str, int, str], ...]:
    """(field, kind, reference target) for the fields of `record_class` that a walk must visit; made once."""
    if record_class not in _PLANS:
        _PLANS[record_class] = _make_plan(record_class)
    return _PLANS[record_class]


def _make_plan(record_class: type[Any]) -> tuple[tuple[str, int, str], ...]:
    plan = []
    for name, info in record_fields(record_class).items():
        inner, is_list = unwrap(info.annotation)
        extra = info.json_schema_extra
        target = extra.get("x-refers-to") if isinstance(extra, dict) else None
        if target:
            plan.append((name, _REFERENCES if is_list else _REFERENCE, str(target)))
        elif is_record_class(inner) and (inner is Citation or _plan(inner)):
            plan.append((name, _RECORDS if is_list else _RECORD, ""))
    return tuple(plan)
