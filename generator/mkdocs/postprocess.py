"""Post-processing of each page's HTML, applied by the MkDocs plugin (the only HTML it touches).

- Accessible names for Python-Markdown's footnote links: a marker reads "1" and a back-link "↩" to
  a screen reader; the labels say what they are.
- Footnote markers side by side read "1, 2, 3", not "123"; markers apart (at two sentences) get no comma.
- Footnotes are kept out of the search index: they repeat passages that the source pages index
  already, once per citing page, and would otherwise make up most of the index.
"""

from __future__ import annotations

import re

_REF = re.compile(r'<a class="footnote-ref" href="#fn:([^"]+)"')
_BACK = re.compile(r'<a class="footnote-backref" href="#fnref(\d*):([^"]+)"')
_SIDE_BY_SIDE = re.compile(r'</sup>(?=<sup id="fnref)')


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


def separate_markers(html: str) -> str:
    """A comma between markers that touch (CSS cannot tell touching markers from markers a text apart)."""
    return _SIDE_BY_SIDE.sub('</sup><span class="dossier-fn-sep">,</span>', html)


def postprocess_page(html: str) -> str:
    return exclude_footnotes_from_search(separate_markers(label_footnotes(html)))
