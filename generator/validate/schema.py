"""Schema validation: pydantic errors turned into plain-words problems at the right line."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from pydantic.fields import FieldInfo

from generator.load.yaml_reader import Path, YamlDocument
from generator.model import adapter, is_record_class, record_fields, unwrap
from generator.problems import Problem, close_matches, did_you_mean


def check_schema(document: YamlDocument, model: type[Any]) -> tuple[Any | None, list[Problem]]:
    """Validate one file against its model; return the model or every problem found."""
    if not isinstance(document.data, dict):
        keys = ", ".join(record_fields(model))
        return None, [document.problem((), "the file must be a mapping at the top", f"start with '{keys}:'")]
    return _validated(document, model, document.data)


def check_edit(document: YamlDocument, model: type[Any], key: str) -> tuple[Any | None, list[Problem]]:
    """Validate only the records a save changed (`document.edit`, generator.load.edits) and put them in place
    of the old ones in the file's last model; or every problem found in them, placed in the file as saved."""
    edit = document.edit
    assert edit is not None
    checked, problems = _validated(document, model, {key: edit.records}, shift=(key, edit.first))
    if checked is None:
        return None, problems
    return model(**{key: edit.splice(getattr(edit.previous.model, key), getattr(checked, key))}), []


def _validated(document: YamlDocument, model: type[Any], data: dict[str, Any], shift: tuple[str, int] | None = None
               ) -> tuple[Any | None, list[Problem]]:
    """The model of `data`, or its problems; with `shift` (key, first), `data` holds the file's records from
    index `first` on, and problems are placed accordingly."""
    try:
        return adapter(model).validate_python(data), []
    except ValidationError as error:
        errors = error.errors(include_url=False)
        if shift is not None:
            for e in errors:
                loc = e["loc"]
                if len(loc) > 1 and loc[0] == shift[0] and isinstance(loc[1], int):
                    e["loc"] = (loc[0], loc[1] + shift[1], *loc[2:])
        misspelt = _misspelt_fields(model, errors)
        problems = [_to_problem(document, model, e) for e in errors
                    if not (e["type"] == "missing" and tuple(e["loc"]) in misspelt)]
        return None, _capped(document, problems)


MAX_PROBLEMS_PER_FILE = 200
# pydantic's error types for a field the record does not have (dataclasses, models)
UNKNOWN_FIELD = ("unexpected_keyword_argument", "extra_forbidden")


def _capped(document: YamlDocument, problems: list[Problem]) -> list[Problem]:
    """A file that is wrong everywhere gets its first problems and a count, not a flood."""
    if len(problems) <= MAX_PROBLEMS_PER_FILE:
        return problems
    kept = sorted(problems)[:MAX_PROBLEMS_PER_FILE]
    last = kept[-1]
    more = len(problems) - len(kept)
    return [*kept, Problem(document.file, last.line, last.column, f"… and {more} more problems in this file",
                           "fix the ones above first; they often share one cause")]


def _misspelt_fields(model: type[Any], errors: list[Any]) -> set[Path]:
    """Paths of required fields that an unknown field next to them probably misspells.

    'sumary:' is reported as unknown with "did you mean 'summary'?"; saying that 'summary' is also
    missing would be a second message for one typo.
    """
    paths: set[Path] = set()
    for error in errors:
        loc: Path = tuple(error["loc"])
        if error["type"] in UNKNOWN_FIELD and loc and isinstance(loc[-1], str):
            paths.update(loc[:-1] + (name,) for name in close_matches(loc[-1], _fields_at(model, loc[:-1])))
    return paths


def _to_problem(document: YamlDocument, model: type[Any], error: Any) -> Problem:
    loc: Path = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    name = _name(loc)
    if kind in UNKNOWN_FIELD:
        allowed = _fields_at(model, loc[:-1])
        return document.problem(loc, f"unknown field '{name}'", did_you_mean(name, allowed, "field"),
                                prefer_key=True)
    if kind == "missing":
        return document.problem(loc[:-1], f"missing required field '{name}'",
                                f"add '{name}:' here; see REFERENCE.md for what it holds")
    return document.problem(loc, *_describe(kind, name, value, error, _field_at(model, loc)))


def _name(loc: Path) -> str:
    """The field a message talks about; a list index alone ('0') would mean nothing to an analyst."""
    if not loc:
        return "file"
    if isinstance(loc[-1], int):
        parent = next((str(p) for p in reversed(loc) if isinstance(p, str)), "list")
        return f"item {loc[-1] + 1} of {parent}"
    return str(loc[-1])


def _describe(kind: str, name: str, value: Any, error: Any, field: FieldInfo | None) -> tuple[str, str]:
    """(message, hint) for every kind of constraint the model sets, in an analyst's words."""
    ctx = error.get("ctx") or {}
    if value is None and kind not in ("literal_error",):
        return f"'{name}' is empty", "give it a value, or remove the line if the field is optional"
    if kind in ("string_type", "dataclass_type", "model_type", "dict_type", "list_type", "model_attributes_type"):
        wanted = {"string_type": "text", "list_type": "a list ('- item' lines)"}.get(kind, "a mapping of fields")
        return f"'{name}' should be {wanted}, not {_shape(value)}", "check the indentation and the '-' markers"
    if kind == "literal_error":
        choices = [c.strip(" '") for c in str(ctx.get("expected", "")).replace(" or ", ",").split(",")]
        close = did_you_mean(str(value), choices, "value")
        listed = "the values are " + ", ".join(f"'{c}'" for c in choices)
        return f"'{value}' is not an accepted value for '{name}'", close if close.startswith("expected") \
            else f"{close} ({listed})"
    if kind == "string_pattern_mismatch":
        return _pattern_message(name, value, str(ctx.get("pattern", "")))
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"'{name}' should be a whole number, not '{value}'", "write digits only, e.g. 3"
    if kind in ("bool_parsing", "bool_type"):
        return f"'{name}' should be true or false, not '{value}'", "write true or false"
    if kind == "too_short":
        return f"'{name}' needs at least {ctx.get('min_length', 1)} entry", "add an entry, or remove the field if " \
            "it is optional"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        return f"'{name}' must be {_range(field)}, not {value}", _meaning(field)
    if kind == "string_too_short":
        return f"'{name}' is empty", "write some text, or remove the field if it is optional"
    if kind == "string_too_long":
        return f"'{name}' is longer than {ctx.get('max_length')} characters", "shorten it"
    if kind == "value_error":
        return f"'{name}': {str(error['msg']).removeprefix('Value error, ')}", "correct the value"
    return f"'{name}': {error['msg']}", "see REFERENCE.md for this field"


def _range(field: FieldInfo | None) -> str:
    """'a whole number from 1 to 6', from the field's own bounds."""
    bounds = {type(m).__name__: getattr(m, type(m).__name__.lower()) for m in (field.metadata if field else [])
              if type(m).__name__ in ("Ge", "Le", "Gt", "Lt")}
    low, high = bounds.get("Ge"), bounds.get("Le")
    if low is not None and high is not None:
        return f"a whole number from {low} to {high}"
    if low is not None:
        return f"a whole number of at least {low}"
    if high is not None:
        return f"a whole number of at most {high}"
    return "a whole number in its range"


def _meaning(field: FieldInfo | None) -> str:
    return (field.description if field and field.description else "see REFERENCE.md for this field")


def _pattern_message(name: str, value: Any, pattern: str) -> tuple[str, str]:
    if "a-z0-9" in pattern:
        return (f"'{value}' is not a valid id",
                "ids use lowercase letters, digits and '-', starting with a letter or digit, e.g. 'harbour-council'")
    if pattern.startswith("^[a-z]{2,3}"):
        return (f"'{value}' is not a language code",
                "use a BCP 47 code: two or three lowercase letters, optionally a region, e.g. 'en', 'fr', 'pt-BR'")
    if r"\d{4}" in pattern and ":" not in pattern:
        return (f"'{value}' is not a date in the dossier's grammar",
                "write YYYY-MM-DD, YYYY-MM, START..END, or prefix '~' for approximate")
    if ":" in pattern:
        return f"'{value}' is not a time", "write HH:MM, quoted, e.g. '11:02'"
    return f"'{name}' has an unexpected form ('{value}')", "see REFERENCE.md for this field"


def _shape(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"the text '{value}'"


def _field_at(model: type[Any], loc: Path) -> FieldInfo | None:
    """The field at `loc` (walking through lists and optionals), or None."""
    names = [part for part in loc if isinstance(part, str)]
    if not names:
        return None
    parent: Any = model
    for part in names[:-1]:
        field = record_fields(parent).get(part) if is_record_class(parent) else None
        if field is None:
            return None
        parent = unwrap(field.annotation)[0]
    return record_fields(parent).get(names[-1]) if is_record_class(parent) else None


def _fields_at(model: type[Any], loc: Path) -> list[str]:
    """Field names of the model that sits at `loc` (walking through lists and optionals)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = record_fields(current).get(part) if is_record_class(current) else None
        if field is None:
            return []
        current = unwrap(field.annotation)[0]
    return list(record_fields(current)) if is_record_class(current) else []
