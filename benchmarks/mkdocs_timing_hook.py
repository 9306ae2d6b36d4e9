"""MkDocs hook used by benchmarks/scale.py: where the time of one `mkdocs build` goes.

Hooks run after the configured plugins at each event, unless given a priority, so:

- on_config (first of all) -> on_pre_build spans the plugins' on_config, i.e. the dossier generator (load,
  validate, render);
- on_page_markdown -> on_page_content spans each page's Markdown-to-HTML conversion (plus the plugins'
  on_page_content, e.g. the dossier's footnote labelling);
- on_post_build writes the figures, and the process's peak resident memory (VmHWM), as JSON to the file
  named by DOSSIER_SCALE_TIMINGS.
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

from mkdocs.plugins import event_priority

_marks: dict[str, float] = {}
_pages: dict[str, float] = {}
_started: dict[str, float] = {}


@event_priority(101)  # before the dossier plugin's on_config, which runs the generator
def on_config(config: Any) -> Any:
    _marks["config"] = time.perf_counter()
    return config


def on_pre_build(config: Any) -> None:
    _marks["pre_build"] = time.perf_counter()


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    _started[page.file.src_uri] = time.perf_counter()
    return markdown


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    uri = page.file.src_uri
    _pages[uri] = time.perf_counter() - _started.pop(uri, time.perf_counter())
    return html


def _peak_rss_kb() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return next((int(line.split()[1]) for line in status if line.startswith("VmHWM:")), 0)
    except OSError:
        return 0


def on_post_build(config: Any) -> None:
    target = os.environ.get("DOSSIER_SCALE_TIMINGS")
    if not target:
        return
    end = time.perf_counter()
    result = {
        "plugins_pre_build": _marks.get("pre_build", end) - _marks.get("config", end),
        "after_config": end - _marks.get("config", end),
        "pages_render": sum(_pages.values()),
        "slowest_pages": sorted(_pages.items(), key=lambda item: item[1], reverse=True)[:5],
        "peak_rss_kb": _peak_rss_kb(),
    }
    with open(target, "w", encoding="utf-8") as stream:
        json.dump(result, stream)
