"""Python-Markdown's inline processing without trying the patterns that cannot match.

Python-Markdown tries each of its fifteen inline patterns (footnote markers, links, entities, raw HTML,
emphasis...) on every run of text, each try a regex search wrapped in Python. Our pages are many short
runs (quotes, labels, list items, table cells) and a run holds the characters of two or three patterns
at most, so most tries fail. Here a pattern of Python-Markdown's own is skipped where a character every
one of its matches contains (a link's "[") is not in the run, and a run holding none of the remaining
patterns' characters is left at once. The HTML is the same (tests/test_inline.py); a pattern this
module does not know, or one another extension put in place of Python-Markdown's, is always tried.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from markdown import Markdown, util
from markdown.extensions import Extension
from markdown.treeprocessors import InlineProcessor

INLINE_PRIORITY = 20  # Python-Markdown's own, between the block-level tree processors and the prettifier
# (name, class) of Python-Markdown's inline patterns -> the strings one of which every match contains
NEEDS: dict[tuple[str, str], tuple[str, ...]] = {
    ("backtick", "BacktickInlineProcessor"): ("`",),
    ("escape", "EscapeInlineProcessor"): ("\\",),
    ("footnote", "FootnoteInlineProcessor"): ("[^",),
    ("reference", "ReferenceInlineProcessor"): ("[",),
    ("link", "LinkInlineProcessor"): ("[",),
    ("image_link", "ImageInlineProcessor"): ("![",),
    ("image_reference", "ImageReferenceInlineProcessor"): ("![",),
    ("short_reference", "ShortReferenceInlineProcessor"): ("[",),
    ("short_image_ref", "ShortImageReferenceInlineProcessor"): ("![",),
    ("autolink", "AutolinkInlineProcessor"): ("<",),
    ("automail", "AutomailInlineProcessor"): ("<",),
    ("linebreak", "SubstituteTagInlineProcessor"): ("  \n",),
    ("html", "HtmlInlineProcessor"): ("<",),
    ("entity", "HtmlInlineProcessor"): ("&",),
    ("em_strong", "DelimiterProcessor"): ("*", "_"),
}


def needs_of(name: str, pattern: Any) -> tuple[str, ...] | None:
    """What every match of this registered pattern contains, or None (unknown: always try it)."""
    if not type(pattern).__module__.startswith("markdown."):
        return None
    return NEEDS.get((name, type(pattern).__name__))


@functools.lru_cache(maxsize=64)
def _any_of(needs: tuple[tuple[str, ...] | None, ...]) -> re.Pattern[str] | None:
    """A search for any string these patterns need, or None when one of them needs nothing known."""
    if any(need is None for need in needs):
        return None
    return re.compile("|".join(re.escape(string) for need in needs if need is not None for string in need))


class SkippingInlineProcessor(InlineProcessor):
    """Python-Markdown's InlineProcessor, with `__handleInline` skipping patterns that cannot match."""

    def run(self, tree: Any, ancestors: list[str] | None = None) -> Any:
        registry = self.inlinePatterns
        self._patterns = list(registry)
        self._needs: list[tuple[str, ...] | None] = [None] * len(self._patterns)
        for name, _ in NEEDS:
            if name in registry:
                index = registry.get_index_for_name(name)
                self._needs[index] = needs_of(name, self._patterns[index])
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
                return data
        apply_pattern = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        start = 0
        while patternIndex < count:
            need = needs[patternIndex]
            if need is not None:
                for string in need:
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
    """Puts SkippingInlineProcessor in place of Python-Markdown's own (and of nothing else)."""

    def extendMarkdown(self, md: Markdown) -> None:
        if type(md.treeprocessors["inline"]) is InlineProcessor:
            md.treeprocessors.register(SkippingInlineProcessor(md), "inline", INLINE_PRIORITY)
