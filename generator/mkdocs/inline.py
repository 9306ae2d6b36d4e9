"""Python-Markdown's inline processing without trying the patterns that cannot match.

Python-Markdown tries each of its inline patterns (footnote markers, links, entities, raw HTML,
emphasis...) on every run of text, each try a regex search wrapped in Python. Our pages are many short
runs (quotes, labels, list items, table cells), each holding the characters of few patterns, so most
tries fail. Here a pattern is skipped where a string every match of its regex contains (a link's "[") is
not in the run, and a run holding none of the remaining patterns' strings is left at once. What a
pattern needs is read from its regex, which must be one of Python-Markdown's own listed below (or a
delimiter pattern's tokens); any other pattern is always tried. The HTML is the same
(tests/test_inline.py). The loop copies that of Python-Markdown 3.11's InlineProcessor, so the
extension does nothing under another minor version.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import markdown
from markdown import inlinepatterns, util
from markdown.extensions import Extension
from markdown.treeprocessors import InlineProcessor

FOR_VERSION = (3, 11)  # the Python-Markdown whose InlineProcessor loop is copied here
INLINE_PRIORITY = 20  # Python-Markdown's own, between the block-level tree processors and the prettifier
FOOTNOTE_RE = r"\[\^([^\]]*)\]"  # markdown.extensions.footnotes' own (it names no constant)
# The regex of each of Python-Markdown's inline patterns -> the strings one of which every match contains.
NEEDS: dict[str, tuple[str, ...]] = {
    inlinepatterns.BACKTICK_RE: ("`",),  # in a lookahead, but still in the run
    inlinepatterns.ESCAPE_RE: ("\\",),
    FOOTNOTE_RE: ("[^",),
    inlinepatterns.LINK_RE: ("[",),  # also the reference patterns'
    inlinepatterns.IMAGE_LINK_RE: ("![",),  # also the image reference patterns'
    inlinepatterns.AUTOLINK_RE: ("<",),
    inlinepatterns.AUTOMAIL_RE: ("<",),
    inlinepatterns.LINE_BREAK_RE: ("  \n",),
    inlinepatterns.HTML_RE: ("<",),
    inlinepatterns.ENTITY_RE: ("&",),
}
Needs = tuple[str, ...] | None  # None: nothing known, always try the pattern


def needs_of(pattern: inlinepatterns.Pattern) -> Needs:
    """The strings one of which every match of this pattern contains, or None (always try it)."""
    if not isinstance(pattern, inlinepatterns.InlineProcessor):
        return None  # an old-style pattern wraps its regex in one of its own making
    regex = pattern.getCompiledRegExp().pattern
    if isinstance(pattern, inlinepatterns.DelimiterProcessor):  # emphasis, and any delimiter added to it
        tokens = tuple(pattern.tokens)
        return tokens if regex == "|".join(re.escape(token) for token in tokens) else None
    return NEEDS.get(regex)


@functools.lru_cache(maxsize=64)
def _any_of(needs: tuple[Needs, ...]) -> re.Pattern[str] | None:
    """A search for any string these patterns need, or None when one of them needs nothing known."""
    if any(need is None for need in needs):
        return None
    return re.compile("|".join(re.escape(string) for need in needs if need is not None for string in need))


class SkippingInlineProcessor(InlineProcessor):
    """Python-Markdown's InlineProcessor, with `__handleInline` skipping patterns that cannot match."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self._patterns: list[inlinepatterns.Pattern] = []
        self._needs: list[Needs] = []  # of each pattern, in the order they are tried
        self._rest: list[re.Pattern[str] | None] = []  # from each pattern on: a search for anything they need

    def run(self, tree: Any, ancestors: list[str] | None = None) -> Any:
        self._patterns = list(self.md.inlinePatterns)  # read each time: an extension may register more
        self._needs = [needs_of(pattern) for pattern in self._patterns]
        self._rest = [_any_of(tuple(self._needs[index:])) for index in range(len(self._needs))]
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        # The loop of InlineProcessor.__handleInline (a name-mangled method), with the two skips.
        if isinstance(data, util.AtomicString):
            return data
        patterns, needs, count = self._patterns, self._needs, len(self._patterns)
        if patternIndex < count:
            rest = self._rest[patternIndex]
            if rest is not None and rest.search(data) is None:
                return data  # every try left would fail and leave `data` as it is
        apply_pattern = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        start = 0
        while patternIndex < count:
            need = needs[patternIndex]
            if need is not None:
                for string in need:  # a loop rather than any(): it runs for every pattern on every run of text
                    if string in data:
                        break
                else:  # no match possible: move on as a failed try does
                    patternIndex, start = patternIndex + 1, 0
                    continue
            data, matched, start = apply_pattern(patterns[patternIndex], data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


class SkippingInlineExtension(Extension):
    """Puts SkippingInlineProcessor in place of Python-Markdown's own (and of nothing else), under the
    Python-Markdown whose loop it copies."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        if markdown.__version_info__[:2] != FOR_VERSION:
            return
        if type(md.treeprocessors["inline"]) is InlineProcessor:
            md.treeprocessors.register(SkippingInlineProcessor(md), "inline", INLINE_PRIORITY)
