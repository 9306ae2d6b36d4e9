"""Accessible names for Python-Markdown's footnote links, applied to each page's HTML by the plugin.

A marker reads "1" and a back-link "↩" to a screen reader; these labels say what they are.
"""

from __future__ import annotations

import re

_REF = re.compile(r'<a class="footnote-ref" href="#fn:([^"]+)"')
_BACK = re.compile(r'<a class="footnote-backref" href="#fnref(\d*):([^"]+)"')


def label_footnotes(html: str) -> str:
    html = _REF.sub(
        lambda m: f'<a aria-label="Footnote {m.group(1)}" class="footnote-ref" href="#fn:{m.group(1)}"', html
    )

    def back(match: re.Match[str]) -> str:
        nth, note = match.group(1), match.group(2)
        which = f" (reference {nth})" if nth else ""
        return (f'<a aria-label="Back to the text of footnote {note}{which}" class="footnote-backref" '
                f'href="#fnref{nth}:{note}"')

    return _BACK.sub(back, html)
