"""Post-processing of each page's HTML, applied by the MkDocs plugin (the only HTML it touches).

- Accessible names for Python-Markdown's footnote links: a marker reads "1" and a back-link "↩" to
  a screen reader; the labels say what they are.
- Footnotes are kept out of the search index: they repeat passages that the source pages index
  already, once per citing page, and would otherwise make up most of the index.
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


EXCLUDED_FOOTNOTES = '<div class="footnote" data-search-exclude>'


def exclude_footnotes_from_search(html: str) -> str:
    return html.replace('<div class="footnote">', EXCLUDED_FOOTNOTES, 1)


def postprocess_page(html: str) -> str:
    return exclude_footnotes_from_search(label_footnotes(html))
