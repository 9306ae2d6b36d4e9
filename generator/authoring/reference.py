"""JSON Schemas (for editors) and REFERENCE.md (for analysts), both generated from the data model.

`python -m generator schema` rewrites them; a test fails when the committed copies are stale.
"""

from __future__ import annotations

import json
import types
import typing
from pathlib import Path
from typing import Any

from pydantic.fields import FieldInfo

from generator.load import ProjectPaths
from generator.model import FILE_MODELS, adapter, is_record_class, record_fields

SCHEMA_FOLDER = "schema"
REFERENCE_FILE = "REFERENCE.md"


def json_schemas() -> dict[str, str]:
    """{file name: schema text} for every data file, deterministic (sorted keys)."""
    result = {}
    for file_name, model in FILE_MODELS.items():
        schema = adapter(model).json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"site_data/{file_name}"
        result[file_name.replace(".yml", ".schema.json")] = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    return result


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        patterns = [str(getattr(m, "pattern", "") or "") for m in args[1:]]
        if any("a-z0-9" in p for p in patterns):
            return "id" if args[0] is str else _type_name(args[0])
        if any(r"\d{4}" in p for p in patterns):
            return "date (see Conventions)"
        return _type_name(args[0])
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type_name(a) for a in args if a is not type(None))
    if origin is list:
        return f"list of {_type_name(args[0])}"
    if origin is typing.Literal:
        return "one of " + ", ".join(f"`{a}`" for a in args)
    if is_record_class(annotation):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    return {str: "text", int: "whole number", bool: "`true` or `false`"}.get(annotation, str(annotation))


def _nested_models(annotation: Any) -> list[type[Any]]:
    if is_record_class(annotation):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _nested_models(arg)]


def _field_row(name: str, field: FieldInfo) -> str:
    required = "yes" if field.is_required() else "no"
    description = (field.description or "").replace("|", "\\|").replace("\n", " ")
    annotation = typing.Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
    return f"| `{name}` | {_type_name(annotation)} | {required} | {description} |"


def _model_section(model: type[Any]) -> str:
    doc = (model.__doc__ or "").strip().splitlines()[0] if model.__doc__ else ""
    rows = "\n".join(_field_row(n, f) for n, f in record_fields(model).items())
    return f"### {model.__name__}\n\n{doc}\n\n| Field | Type | Required | Meaning |\n|---|---|---|---|\n{rows}\n"


def reference_markdown() -> str:
    """REFERENCE.md: every model reachable from the data files, in first-use order."""
    seen: list[type[Any]] = []
    queue = [m for file_model in FILE_MODELS.values() for f in record_fields(file_model).values()
             for m in _nested_models(f.annotation)]
    while queue:
        model = queue.pop(0)
        if model in seen:
            continue
        seen.append(model)
        for field in record_fields(model).values():
            queue.extend(_nested_models(field.annotation))
    files = "\n".join(f"| `site_data/{name}` | `{key}:` | {_type_name(field.annotation)} |"
                      for name, m in FILE_MODELS.items() for key, field in record_fields(m).items())
    intro = Path(__file__).with_name("reference_intro.md").read_text(encoding="utf-8")
    sections = "\n".join(_model_section(m) for m in seen)
    return f"{intro}\n## Files\n\n| File | Top-level key | Holds |\n|---|---|---|\n{files}\n\n## Records\n\n{sections}"


def generated_files(paths: ProjectPaths) -> dict[Path, str]:
    files = {paths.data / SCHEMA_FOLDER / name: text for name, text in json_schemas().items()}
    files[paths.root / REFERENCE_FILE] = reference_markdown()
    return files


def write_schemas(paths: ProjectPaths) -> int:
    for path, text in generated_files(paths).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {path.relative_to(paths.root)}")
    return 0
