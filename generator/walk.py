"""Generic walks over the model: every citation and every cross-reference, with its YAML path.

References are declared on the model (`json_schema_extra={"x-refers-to": ...}`), so adding a field
that points at an actor needs no change here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel

from generator.model import Citation
from generator.yaml_loader import Path


@dataclass(frozen=True)
class Reference:
    target: str  # "actors" or "sources"
    id: str
    path: Path


def citations_in(model: BaseModel, path: Path = ()) -> Iterator[tuple[Path, Citation]]:
    """Every citation inside `model`, depth first, in document order."""
    for name, value in _children(model, path):
        if isinstance(value, Citation):
            yield name, value
        elif isinstance(value, BaseModel):
            yield from citations_in(value, name)


@cache
def _reference_fields(model_class: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """(field name, target) of the fields that hold ids of other records; computed once per class."""
    found = []
    for name, field in model_class.model_fields.items():
        extra = field.json_schema_extra
        if isinstance(extra, dict) and extra.get("x-refers-to"):
            found.append((name, str(extra["x-refers-to"])))
    return tuple(found)


def references_in(model: BaseModel, path: Path = ()) -> Iterator[Reference]:
    """Every id that points at another record, with the path of the id itself."""
    for name, target in _reference_fields(type(model)):
        value = getattr(model, name)
        if isinstance(value, str):
            yield Reference(target, value, path + (name,))
        elif isinstance(value, list):
            yield from (Reference(target, v, path + (name, i)) for i, v in enumerate(value))
    for sub_path, value in _children(model, path):
        if isinstance(value, BaseModel):
            yield from references_in(value, sub_path)


def _children(model: BaseModel, path: Path) -> Iterator[tuple[Path, object]]:
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, list):
            yield from ((path + (name, i), item) for i, item in enumerate(value))
        else:
            yield path + (name,), value
