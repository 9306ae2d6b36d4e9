"""The page `mkdocs serve` shows in place of every dossier page while the data has problems."""

from __future__ import annotations

from generator.problems import Problem
from generator.render.escape import md_inline


def render_problems_page(problems: list[Problem]) -> str:
    """Pure: problems in, Markdown out (every message escaped: it quotes the analyst's data)."""
    rows = "\n".join(
        f"| `{md_inline(p.file)}:{p.line}:{p.column}` | {md_inline(p.message)} | {md_inline(p.hint) or '—'} |"
        .replace("`", "") for p in problems
    )
    noun = "problem" if len(problems) == 1 else "problems"
    return (
        "# The dossier data has problems\n\n"
        f'!!! failure "{len(problems)} {noun} to fix"\n'
        "    The pages will come back as soon as the data is saved without problems.\n"
        "    `mkdocs build` refuses to publish until then.\n\n"
        "| Where | What is wrong | What to do |\n|---|---|---|\n"
        f"{rows}\n"
    )
