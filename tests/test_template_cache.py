"""Compiled templates are kept in memory and on disk, and an edited template is compiled again."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from generator.render import make_environment
from generator.template_cache import TemplateCache

TEMPLATES = {"a.md.jinja": "# {{ title }}\n", "b.md.jinja": "{% include 'a.md.jinja' %}more\n"}


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the templates Jinja compiles from source."""
    names: list[str] = []
    original = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: str, name: str | None = None, *args: object, **kw: object) -> object:
        names.append(name or "")
        return original(self, source, name, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return names


def _render(templates: dict[str, str], cache: TemplateCache) -> str:
    return make_environment(templates, cache).get_template("b.md.jinja").render(title="T")


def test_a_new_process_takes_the_compiled_templates_from_disk(tmp_path: Path, compiles: list[str]) -> None:
    assert _render(TEMPLATES, TemplateCache(tmp_path)) == "# T\nmore\n"
    assert sorted(compiles) == ["a.md.jinja", "b.md.jinja"]
    compiles.clear()
    assert _render(TEMPLATES, TemplateCache(tmp_path)) == "# T\nmore\n"  # a fresh cache object: disk only
    assert compiles == []
    edited = {**TEMPLATES, "a.md.jinja": "## {{ title }}\n"}
    assert _render(edited, TemplateCache(tmp_path)) == "## T\nmore\n"
    assert compiles == ["a.md.jinja"]


def test_a_damaged_or_unusable_cache_only_costs_a_compile(tmp_path: Path, compiles: list[str]) -> None:
    _render(TEMPLATES, TemplateCache(tmp_path))
    for entry in tmp_path.iterdir():
        entry.write_bytes(entry.read_bytes()[:20])  # truncated
    compiles.clear()
    assert _render(TEMPLATES, TemplateCache(tmp_path)) == "# T\nmore\n"
    assert sorted(compiles) == ["a.md.jinja", "b.md.jinja"]
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert _render(TEMPLATES, TemplateCache(blocked / "templates")) == "# T\nmore\n"


def test_the_memory_cache_serves_a_second_run_without_disk(compiles: list[str]) -> None:
    cache = TemplateCache()
    _render(TEMPLATES, cache)
    compiles.clear()
    _render(TEMPLATES, cache)
    assert compiles == []


def test_code_compiled_under_other_settings_is_not_reused(tmp_path: Path, compiles: list[str]) -> None:
    """Compiled code depends on the environment (here trim_blocks), not only on the template's source."""
    source = {"t.md.jinja": "{% if true %}\n  yes\n{% endif %}\n"}

    def render(trim: bool, cache: TemplateCache | None) -> str:
        environment = jinja2.Environment(loader=jinja2.DictLoader(source), trim_blocks=trim,
                                         bytecode_cache=cache, auto_reload=False)
        return environment.get_template("t.md.jinja").render()

    plain, trimmed = render(False, None), render(True, None)
    assert plain != trimmed
    compiles.clear()
    assert render(False, TemplateCache(tmp_path)) == plain
    assert render(True, TemplateCache(tmp_path)) == trimmed  # not the code compiled without trim_blocks
    assert compiles == ["t.md.jinja", "t.md.jinja"]
    compiles.clear()
    assert render(True, TemplateCache(tmp_path)) == trimmed and compiles == []  # same settings: from disk
