"""Our Jinja environment: compiled templates are kept in memory for `mkdocs serve`, an edited one is compiled again."""

from __future__ import annotations

import jinja2
import pytest

from generator.render.environment import CompiledTemplates, make_environment

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


def _render(templates: dict[str, str], cache: CompiledTemplates) -> str:
    return make_environment(templates, cache).get_template("b.md.jinja").render(title="T")


def test_a_second_run_takes_the_compiled_templates_from_memory(compiles: list[str]) -> None:
    cache = CompiledTemplates()
    assert _render(TEMPLATES, cache) == "# T\nmore\n"
    assert sorted(compiles) == ["a.md.jinja", "b.md.jinja"]
    compiles.clear()
    assert _render(TEMPLATES, cache) == "# T\nmore\n" and compiles == []


def test_an_edited_template_is_compiled_again(compiles: list[str]) -> None:
    cache = CompiledTemplates()
    _render(TEMPLATES, cache)
    compiles.clear()
    assert _render({**TEMPLATES, "a.md.jinja": "## {{ title }}\n"}, cache) == "## T\nmore\n"
    assert compiles == ["a.md.jinja"]


def test_printing_a_structure_is_an_error_not_silent_output() -> None:
    environment = make_environment({"t.md.jinja": "{{ value }}"})
    with pytest.raises(TypeError, match="print a field of it instead"):
        environment.get_template("t.md.jinja").render(value=["a"])
