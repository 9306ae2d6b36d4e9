"""Our Jinja environment, where every printed value is escaped, and compiled templates kept in memory."""

from __future__ import annotations

from typing import Any

import jinja2
from jinja2.bccache import Bucket

from generator.render.escape import Md, md_text
from generator.render.helpers import PageHelpers


def _finalize(value: Any) -> str:
    """Every `{{ value }}` passes here: our Markdown stays, anything else is escaped as literal text (with
    real dashes: `words.typeset`)."""
    if type(value) is Md:
        return value
    if value is None or isinstance(value, (bool, dict, list, tuple)):
        raise TypeError(f"template printed {type(value).__name__} {value!r}; print a field of it instead")
    return md_text(str(value))


class _HelperContext(jinja2.runtime.Context):
    """Template context whose calls into `PageHelpers` skip Jinja's per-call inspection.

    `Context.call` looks at every callee for `pass_context` and the like, which our helpers never use;
    on a large dossier that inspection is a large share of rendering."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # Jinja's own signature
        if getattr(__obj, "__self__", None).__class__ is PageHelpers:
            kwargs.pop("_loop_vars", None)
            kwargs.pop("_block_vars", None)
            return __obj(*args, **kwargs)
        return super().call(__obj, *args, **kwargs)


def make_environment(templates: dict[str, str], template_code: jinja2.BytecodeCache | None = None
                     ) -> jinja2.Environment:
    """Our Jinja setup; `template_code` may keep compiled templates between runs (`mkdocs serve`)."""
    environment = jinja2.Environment(
        loader=jinja2.DictLoader(templates),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # Markdown, not HTML: escaping is `_finalize`'s job
        finalize=_finalize,
        bytecode_cache=template_code,
        auto_reload=False,  # the templates are fixed for a run: no source comparison on every include
    )
    environment.context_class = _HelperContext
    return environment


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled template code kept in memory for the runs of one process (`mkdocs serve`'s rebuilds).

    Jinja checks each entry against the template's current source, so an edited template is simply
    compiled again. One instance serves one environment's settings (ours, or the theme's)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()
