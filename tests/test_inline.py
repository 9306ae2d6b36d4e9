"""The inline processor that skips patterns which cannot match makes Python-Markdown's own HTML."""

from __future__ import annotations

import hashlib
import inspect
from pathlib import Path
from typing import Any

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor as Pattern
from markdown.inlinepatterns import SubstituteTagInlineProcessor
from markdown.treeprocessors import InlineProcessor
from mkdocs.config import load_config

from generator.build import build, collect
from generator.mkdocs.cache import _stable
from generator.mkdocs.inline import FOR_VERSION, SkippingInlineExtension, SkippingInlineProcessor

from conftest import REPO, example_paths, mini_config

# Every inline pattern's syntax, alone in a paragraph, then nested and side by side.
ALONE = ["`code`", "\\*", "a note.[^1]", "[ref][r]", "[l](x.md)", "![i](i.png)", "![ref image][r]", "[r]",
         "![r]", "<https://example.org>", "<someone@example.org>", "break  \nhere", "<b>bold</b>", "&amp;",
         "*em*", "_em_"]
SAMPLE = "\n\n".join(f"Only {alone} here." for alone in ALONE) + """

Text with `code [x](y)` and ``two `ticks` `` and \\*escaped\\* and \\\\ and a footnote.[^1] [^missing]

[a link](page.md "title") and [ref][r] and [r] and [r][] and ![image](i.png) and ![ref image][r] and ![r]

<https://example.org/a?b=c> and <someone@example.org> and <span class="x">*em in html*</span> <b>bold

&amp; &quot; &#58; &#x3a; &nbsp; & not; a & b, *em*, **strong**, ***both***, _em_, __strong__, snake_case_word,
2 * 3 * 4, a line break \x20
after two spaces, [*emphasis in a link*](x.md#a) **[link in bold](x.md)** [`code` in a link](x.md)

| cell [l](x.md) | *c* |
|---|---|
| &lt;b&gt; | `|` |

!!! note "Title *em*"
    Admonition with [a link](x.md) and a note.[^1]

<div markdown>
**inside md_in_html** [l](x.md)
</div>

[r]: target.md
[^1]: The note, with **bold**, &quot;quotes&quot;, [a link](x.md#p-1) and `code`.
"""


def _site_markdown(skipping: bool) -> markdown.Markdown:
    config = load_config(str(REPO / "mkdocs.yml"))
    extensions: list[Any] = list(config.markdown_extensions)
    if skipping:
        extensions.append(SkippingInlineExtension())
    return markdown.Markdown(extensions=extensions, extension_configs=config.mdx_configs)


@pytest.fixture(scope="module")
def both() -> tuple[markdown.Markdown, markdown.Markdown]:
    return _site_markdown(False), _site_markdown(True)


def _same(both: tuple[markdown.Markdown, markdown.Markdown], text: str) -> str:
    own, skipping = both
    own.reset()
    skipping.reset()
    expected = own.convert(text)
    assert skipping.convert(text) == expected
    return expected


def test_the_site_markdown_uses_the_skipping_processor(both: tuple[markdown.Markdown, markdown.Markdown]) -> None:
    assert type(both[1].treeprocessors["inline"]) is SkippingInlineProcessor
    assert type(both[0].treeprocessors["inline"]) is not SkippingInlineProcessor
    for name in ("inline", "prettify", "toc", "attr_list", "footnote"):  # in the same order as before
        assert both[1].treeprocessors.get_index_for_name(name) == both[0].treeprocessors.get_index_for_name(name)


def test_every_pattern_of_the_site_is_known(both: tuple[markdown.Markdown, markdown.Markdown]) -> None:
    """An unknown pattern is tried everywhere (correct, but the skip is lost): an update that changes one
    of Python-Markdown's regexes shows here."""
    processor = both[1].treeprocessors["inline"]
    both[1].reset()
    both[1].convert("text")
    assert len(processor._needs) == len(both[1].inlinePatterns)
    assert None not in processor._needs


def test_the_sample_and_the_example_pages_convert_the_same(both: tuple[markdown.Markdown, markdown.Markdown]
                                                            ) -> None:
    html = _same(both, SAMPLE)
    for made in ("<code>code [x](y)</code>", 'href="#fn:1"', "<img", 'href="https://example.org/a?b=c"',
                 "&#109;", "<em>em in html</em>", "<strong>strong</strong>", "snake_case_word", "<br />",
                 "<em>emphasis in a link</em>", "<strong>inside md_in_html</strong>", "[^missing]"):
        assert made in html  # every pattern matched somewhere, so each skip was put to the test
    pages = build(example_paths(), collect).made
    assert pages
    for path, text in pages.items():
        if path.endswith(".md"):
            _same(both, text)


MARKDOWN_BITS = st.sampled_from([
    "[", "]", "(", ")", "!", "^", "`", "\\", "<", ">", "&", ";", "#", "*", "_", "  \n", "\n", "\n\n", " ", "a",
    "x.md", "@", "://", "amp", "&amp;", "&#58;", "<b>", "</b>", "[^1]", "[l](x.md)", "**", "http", ":", "\"",
    "1. ", "- ",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(MARKDOWN_BITS, max_size=40).map("".join))
def test_any_text_converts_the_same(both: tuple[markdown.Markdown, markdown.Markdown], text: str) -> None:
    _same(both, text + "\n\n[^1]: a note *x*\n")  # each converter is reset before each text


class _Shout(Pattern):
    def handleMatch(self, m: Any, data: str) -> tuple[Any, int, int]:
        return m.group(1).upper(), m.start(0), m.end(0)


class _ShoutExtension(Extension):  # a pattern of its own, and one in place of the link pattern
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.inlinePatterns.register(_Shout(r"%%(\w+)%%", md), "shout", 65)
        md.inlinePatterns.register(_Shout(r"\{(\w+)\}", md), "link", 160)


class _TildeExtension(Extension):  # a delimiter added to emphasis through Python-Markdown's own API
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.delimiters.add("~", "del,del")  # type: ignore[attr-defined]


class _BreakAtNewlineExtension(Extension):  # Python-Markdown's own class under the line break's name
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.inlinePatterns.register(SubstituteTagInlineProcessor(r"\n", "br"), "linebreak", 100)


@pytest.mark.parametrize("extension, text, expected", [
    (_ShoutExtension(), "say %%hello%% and {there}", "<p>say HELLO and THERE</p>"),
    (_TildeExtension(), "a ~~gone~~ b", "<p>a <del>gone</del> b</p>"),
    (_BreakAtNewlineExtension(), "one\ntwo", "<p>one<br />\ntwo</p>"),
])
def test_patterns_the_skip_does_not_know_are_always_tried(extension: Extension, text: str, expected: str) -> None:
    plain = markdown.Markdown(extensions=[extension])
    skipping = markdown.Markdown(extensions=[extension, SkippingInlineExtension()])
    assert type(skipping.treeprocessors["inline"]) is SkippingInlineProcessor
    assert skipping.convert(text) == plain.convert(text) == expected


def test_the_copied_loop_is_python_markdowns_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """The skip copies the loop of InlineProcessor.__handleInline: when an update of Python-Markdown changes
    it, copy it again (generator/mkdocs/inline.py) and then this digest. Under another minor version the
    extension stands aside."""
    source = inspect.getsource(InlineProcessor._InlineProcessor__handleInline)  # type: ignore[attr-defined]
    assert hashlib.sha256(source.encode()).hexdigest() == \
        "fe27babc114aed0ad06af7b99ad449f4bcf2cadab8ee03065a61d3a1f85caa5b"
    assert markdown.__version_info__[:2] == FOR_VERSION
    monkeypatch.setattr(markdown, "__version_info__", (3, 12, 0, "final", 0))
    md = markdown.Markdown(extensions=[SkippingInlineExtension()])
    assert type(md.treeprocessors["inline"]) is InlineProcessor


def test_the_plugin_puts_the_skip_in_place(tmp_path: Path) -> None:
    config = load_config(str(mini_config(tmp_path)))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    assert [e for e in config.markdown_extensions if isinstance(e, SkippingInlineExtension)]


def test_the_cache_key_of_the_extension_is_the_same_in_every_process() -> None:
    assert _stable(SkippingInlineExtension()) == _stable(SkippingInlineExtension())
    assert "0x" not in repr(_stable(SkippingInlineExtension()))
