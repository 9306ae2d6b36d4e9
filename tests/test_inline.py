"""The inline processor that skips patterns which cannot match makes Python-Markdown's own HTML."""

from __future__ import annotations

from typing import Any

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.inlinepatterns import InlineProcessor as Pattern
from mkdocs.config import load_config

from generator.build import build, collect
from generator.mkdocs.cache import _stable
from generator.mkdocs.inline import SkippingInlineExtension, SkippingInlineProcessor, needs_of

from conftest import REPO, example_paths

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
    """An unknown pattern is tried everywhere (correct, but the skip is lost): an upgrade that renames
    one of Python-Markdown's patterns shows here."""
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
def test_any_text_converts_the_same(text: str) -> None:
    own, skipping = _site_markdown(False), _site_markdown(True)
    _same((own, skipping), text + "\n\n[^1]: a note *x*\n")


def test_a_pattern_of_another_extension_is_always_tried() -> None:
    class Shout(Pattern):
        def handleMatch(self, m: Any, data: str) -> tuple[Any, int, int]:
            return m.group(1).upper(), m.start(0), m.end(0)

    class ShoutExtension(markdown.extensions.Extension):
        def extendMarkdown(self, md: markdown.Markdown) -> None:
            md.inlinePatterns.register(Shout(r"%%(\w+)%%", md), "shout", 65)
            md.inlinePatterns.register(Shout(r"\{(\w+)\}", md), "link", 160)  # in place of the link pattern

    md = markdown.Markdown(extensions=[ShoutExtension(), SkippingInlineExtension()])
    assert needs_of("link", md.inlinePatterns["link"]) is None
    assert md.convert("say %%hello%% and {there}") == "<p>say HELLO and THERE</p>"


def test_the_cache_key_of_the_extension_is_the_same_in_every_process() -> None:
    assert _stable(SkippingInlineExtension()) == _stable(SkippingInlineExtension())
    assert "0x" not in repr(_stable(SkippingInlineExtension()))
