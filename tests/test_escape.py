"""Untrusted text renders literally through the site's real Markdown configuration (property-based)."""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config

from generator.render.escape import (
    _WHITESPACE_RUN,
    _collapse_whitespace,
    md_block,
    md_inline,
    md_lines,
    md_marked,
    visible,
)

from conftest import REPO

NASTY = [
    "*", "_", "#", "`", "[x](javascript:alert(1))", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
    "{{ x }}", "{% if %}", "\x02", "\u202e", "\u200b", "&amp;", "&copy;", "1. ", "- ", "> ", "| a | b |",
    "--8<-- \"/etc/passwd\"", "!!! note", "[^1]", "*[HTML]: x", "==mark==", "~~del~~", "^^ins^^", "<!-- c -->",
    "\\", "    code", "---", "===", "<http://x.y>", "https://x.y", ":smile:", "$x$", "{: .cls }", "++ctrl++",
]


class _Text(HTMLParser):
    """Collects the text a browser would show, and every tag and attribute it would create."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[str] = []
        self.attrs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(name for name, _ in attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture(scope="module")
def site_markdown() -> markdown.Markdown:
    config = load_config(str(REPO / "mkdocs.yml"))
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


def _shown(md: markdown.Markdown, source: str) -> _Text:
    md.reset()
    parser = _Text()
    parser.feed(md.convert(source))
    return parser


def _expected(text: str) -> str:
    return " ".join(visible(text).split())


def _assert_literal(md: markdown.Markdown, text: str, wrapper: str) -> None:
    shown = _shown(md, wrapper.format(md_inline(text)))
    everything = "".join(shown.text)
    between = everything[everything.index("«") + 1 : everything.rindex("»")]
    assert " ".join(between.split()) == _expected(text)
    assert set(shown.tags) <= {"p", "li", "ul", "h2", "table", "thead", "tbody", "tr", "th", "td", "a"}
    assert not [a for a in shown.attrs if a.startswith("on")]


# « » mark where the value starts and ends in the shown text.
WRAPPERS = ["«{}»", "- «{}»", "## «{}»", "| h |\n|---|\n| «{}» |", "Some words «{}» and more."]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.lists(st.sampled_from(NASTY) | st.text(max_size=8), max_size=12).map("".join),
       wrapper=st.sampled_from(WRAPPERS))
def test_random_text_comes_back_literally(site_markdown: markdown.Markdown, text: str, wrapper: str) -> None:
    _assert_literal(site_markdown, text, wrapper)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=80))
def test_any_unicode_comes_back_literally(site_markdown: markdown.Markdown, text: str) -> None:
    _assert_literal(site_markdown, text, "«{}»")


@pytest.mark.parametrize("nasty", NASTY)
def test_each_known_trap_is_literal(site_markdown: markdown.Markdown, nasty: str) -> None:
    for wrapper in WRAPPERS:
        _assert_literal(site_markdown, f"{nasty} tail", wrapper)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.lists(st.sampled_from([*NASTY, "\n", " ", "word"]), max_size=15).map("".join),
       cut=st.tuples(st.integers(0, 200), st.integers(0, 200)))
def test_highlighted_source_paragraph_is_literal(site_markdown: markdown.Markdown, text: str,
                                                 cut: tuple[int, int]) -> None:
    start, end = sorted(c % (len(text) + 1) for c in cut)
    shown = _shown(site_markdown, md_marked(text, [(start, end)] if start < end else []))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    assert " ".join("".join(shown.text).split()) == _expected(" ".join(line for line in lines if line))
    assert set(shown.tags) <= {"p", "br", "mark"}


def test_block_and_lines_keep_structure(site_markdown: markdown.Markdown) -> None:
    assert md_block("one *a*\n\n\ntwo <b>") == "one &#42;a&#42;\n\ntwo &lt;b&gt;"
    assert md_lines("1. first\n- second") == "1&#46; first<br>\n&#45; second"
    html = site_markdown.convert(md_lines("1. first\n- second"))
    assert re.sub(r"\s+", " ", html) == "<p>1&#46; first<br> &#45; second</p>"


def test_controls_and_bidi_become_visible() -> None:
    assert visible("a\x02b\u202ec\x7f") == "a␂b[U+202E]c␡"


@given(st.text(alphabet=st.sampled_from(["a", " ", "\t", "\u00a0", "\u2009", "\u3000", "\x1c", "\x85", "é"])))
def test_whitespace_collapses_as_the_regex_does(text: str) -> None:
    """The shortcut for lines with nothing to collapse gives what the regex gives, on any whitespace."""
    assert _collapse_whitespace(text) == _WHITESPACE_RUN.sub(" ", text)


def test_the_space_is_the_only_printable_whitespace() -> None:
    """What the shortcut rests on, checked over every code point of this Python's Unicode tables."""
    printable_whitespace = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() and c.isprintable()]
    assert printable_whitespace == [" "]
    assert all(_WHITESPACE_RUN.fullmatch(c) for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
