"""The scale benchmark's report: tables per size, ratios, growth between sizes, and the targets."""

from __future__ import annotations

import argparse
import hashlib
import itertools
import math
import os
import platform
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs_run import MkdocsResult
from synthetic import Base, Synthesis
from worker import STAGES, GeneratorResult

REPO = Path(__file__).resolve().parents[1]
TARGET_100X_S = 2.0  # the generator at 100x in the sparse shape (500 sources, about 5,000 citations)
MEMORY_1000X_KB = 1024 * 1024  # peak memory at 1000x in proportion


@dataclass
class SizeResult:
    size: int
    synthesis: Synthesis
    generator: GeneratorResult
    mkdocs: MkdocsResult


def bytes_text(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if abs(n) < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


def _s(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    return f"{seconds:.3f}" if seconds < 10 else f"{seconds:.1f}"


def _mb(kb: int) -> str:
    """Megabytes; a negative figure is an upper bound (wait4's ru_maxrss), shown as '<=N'."""
    if not kb:
        return "-"
    return f"{kb / 1024:.0f}" if kb > 0 else f"<={-kb / 1024:.0f}"


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = "  ".join(h.rjust(w) for h, w in zip(headers, widths, strict=True))
    body = ["  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join([line, "  ".join("-" * w for w in widths), *body])


def _count_rows(results: list[SizeResult]) -> list[list[str]]:
    rows = []
    for r in results:
        c, rec = r.generator.counts, r.synthesis.records
        rows.append([f"{r.size}x", *(str(c.get(k, rec.get(k, "-"))) for k in
                                      ("sources", "actors", "demands", "events", "questions")),
                     str(c.get("citations", "-")), str(c.get("pages", "-")),
                     bytes_text(r.synthesis.yaml_bytes), bytes_text(r.synthesis.seed_bytes)])
    return rows


def _generator_rows(results: list[SizeResult]) -> list[list[str]]:
    rows = []
    for r in results:
        g = r.generator
        stages = [_s(g.seconds.get(stage)) for stage in STAGES]
        status = "ok" if g.ok else (g.error or f"{g.problems} problem(s)")
        best = f"{_s(g.best_total)} /{g.repeats}" if g.ok and g.repeats > 1 else "-"
        rows.append([f"{r.size}x", *stages, _s(g.total), best, _mb(g.rss_baseline_kb), _mb(g.peak_kb),
                     bytes_text(g.markdown_bytes) if g.ok else "-", _heaviest(g.heaviest_markdown),
                     bytes_text(g.source_markdown[1]) if g.ok else "-", status[:60]])
    return rows


def _heaviest(entry: tuple[str, int] | list[Any]) -> str:
    path, size = entry
    return f"{path} {bytes_text(size)}" if path else "-"


def _mkdocs_rows(results: list[SizeResult]) -> list[list[str]]:
    rows = []
    for r in results:
        m, site = r.mkdocs, r.mkdocs.site
        if m.status == "skipped":
            rows.append([f"{r.size}x", "-", "-", "skipped (above --mkdocs-up-to)", "-", "-", "-", "-", "-"])
            continue
        rows.append([f"{r.size}x", _s(m.seconds), _mb(m.peak_rss_kb), m.status, str(m.warnings),
                     bytes_text(site.search_index_bytes) if site else "-",
                     f"{bytes_text(site.html_bytes)} / {site.html_pages}" if site else "-",
                     _heaviest(site.heaviest) if site else "-",
                     bytes_text(site.source_page[1]) if site and site.source_page[0] else "-"])
    return rows


def _growth(a: float, b: float, factor: float) -> str:
    if a <= 0 or b <= 0:
        return "-"
    ratio = b / a
    return f"x{ratio:.1f} (exp {math.log(ratio) / math.log(factor):.2f})"


def ratio_lines(results: list[SizeResult]) -> list[str]:
    lines = ["Generator time / mkdocs build time (the build includes the generator, run by the plugin); "
             "first run (no compiled templates yet), and best of later runs:"]
    for r in results:
        if r.mkdocs.status != "skipped" and r.mkdocs.seconds and r.generator.ok:
            share = r.generator.total / r.mkdocs.seconds
            warm = (f"; later runs {_s(r.generator.best_total)} s = {r.generator.best_total / r.mkdocs.seconds:.1%}"
                    if r.generator.repeats > 1 else "")
            lines.append(f"  {r.size}x: {_s(r.generator.total)} s / {_s(r.mkdocs.seconds)} s = {share:.1%}{warm}")
    lines.append("Time per 1,000 citations (generator stages; mkdocs build):")
    for r in results:
        citations = r.generator.counts.get("citations", 0)
        if citations:
            k = citations / 1000
            stages = ", ".join(f"{s} {r.generator.seconds.get(s, 0) / k:.3f}" + _quote_part(r.generator, s, k)
                               for s in STAGES)
            build = f"; mkdocs {r.mkdocs.seconds / k:.2f} s" if r.mkdocs.status != "skipped" else ""
            lines.append(f"  {r.size}x ({citations} citations): generator {r.generator.total / k:.3f} s "
                         f"[{stages}]{build}")
    lines.append("Growth between consecutive sizes, best runs (exp = log(time ratio) / log(size ratio); 1 linear, "
                 "2 quadratic):")
    for a, b in itertools.pairwise(results):
        lines.append(_growth_line(a, b))
    return lines


def _quote_part(generator: GeneratorResult, stage: str, per: float) -> str:
    """Quote verification's share, shown with validate (of which it is a part)."""
    if stage != "validate" or "quotes" not in generator.seconds:
        return ""
    return f" (of which quote verification {generator.seconds['quotes'] / per:.3f})"


def best(generator: GeneratorResult) -> float:
    """The generator's best total over its runs (the first alone when it ran once)."""
    return generator.best_total if generator.best_seconds else generator.total


def _growth_line(a: SizeResult, b: SizeResult) -> str:
    factor = b.size / a.size
    best_a, best_b = a.generator.best_seconds, b.generator.best_seconds
    parts = [f"{stage} {_growth(best_a.get(stage, 0), best_b.get(stage, 0), factor)}" for stage in STAGES]
    parts.append(f"generator {_growth(best(a.generator), best(b.generator), factor)}")
    above = [r.generator.peak_kb - r.generator.rss_baseline_kb for r in (a, b)]
    parts.append(f"peak memory above base {_growth(above[0], above[1], factor)}")
    parts.append(f"markdown {_growth(a.generator.markdown_bytes, b.generator.markdown_bytes, factor)}")
    if a.mkdocs.status != "skipped" and b.mkdocs.status != "skipped":
        parts.append(f"mkdocs {_growth(a.mkdocs.seconds, b.mkdocs.seconds, factor)}")
        parts.append(f"mkdocs RSS {_growth(a.mkdocs.peak_rss_kb, b.mkdocs.peak_rss_kb, factor)}")
        if a.mkdocs.site and b.mkdocs.site:
            sa, sb = a.mkdocs.site, b.mkdocs.site
            parts.append(f"search index {_growth(sa.search_index_bytes, sb.search_index_bytes, factor)}")
            parts.append(f"HTML {_growth(sa.html_bytes, sb.html_bytes, factor)}")
            parts.append(f"heaviest page {_growth(sa.heaviest[1], sb.heaviest[1], factor)}")
            parts.append(f"source page {_growth(sa.source_page[1], sb.source_page[1], factor)}")
    return f"  {a.size}x -> {b.size}x (data x{factor:g}): " + "; ".join(parts)


def report(base: Base, results: list[SizeResult], args: argparse.Namespace, code: str) -> str:
    out = [
        f"Dossier scale benchmark — base {base.root} ({len(base.texts)} seed files, "
        f"{len(base.safe_words)} substitutable words); seed {args.seed}"
        + ("; loader limits lifted" if args.lift_limits else "")
        + _density(results),
        f"Python {platform.python_version()} on {platform.platform()}, {os.cpu_count()} CPUs; code {code}",
        "Times in seconds (wall, perf_counter). Memory = peak resident set (VmHWM) of the generator's fresh "
        "worker process, incl. interpreter + imports (base = after imports), and of the mkdocs process "
        "(read by the timing hook at on_post_build; '<=N' = wait4's ru_maxrss when the hook did not run).",
        "The generator runs as `generator build --out` runs it, in one process; render is the time spent "
        "producing pages and export chunks, write the rest of writing them as they come.",
    ]
    if base.unplaced_quotes:
        out.append(f"NOTE: {base.unplaced_quotes} base quote(s) could not be placed; the base is not valid.")
    out += ["", "Counts", table(["size", "sources", "actors", "demands", "events", "questions", "citations",
                                 "pages", "YAML", "seeds"], _count_rows(results))]
    out += ["", "Generator stages (first run in a fresh process; 'best/n' = best total of n runs in that process; "
                "base/peak RSS in MB; markdown = all generated files, heaviest among .md pages)",
            table(["size", *STAGES, "total", "best/n", "base MB", "peak MB",
                   "markdown", "heaviest .md",
                   "source .md", "status"], _generator_rows(results))]
    out += ["", "mkdocs build (strict, as configured) and the built site",
            table(["size", "build s", "peak MB", "status", "warn", "search index", "HTML / pages",
                   "heaviest page", "source page"], _mkdocs_rows(results))]
    out += _phase_lines(results)
    out += _problem_lines(results)
    out += ["", *ratio_lines(results)]
    out += ["", *target_lines(results)]
    return "\n".join(out)


def _density(results: list[SizeResult]) -> str:
    """How the dossiers measured were annotated, from what was built (not from the arguments)."""
    every = {r.synthesis.annotated_every for r in results}
    if every <= {1}:
        return ""
    return "; annotations in 1 copy of " + "/".join(map(str, sorted(every))) + ", the other copies add sources alone"


def _phase_lines(results: list[SizeResult]) -> list[str]:
    """Where each mkdocs build's time went, from the timing hook."""
    lines = []
    for r in results:
        phases = r.mkdocs.phases
        if not phases:
            continue
        pre, pages = phases["plugins_pre_build"], phases["pages_render"]
        rest = r.mkdocs.seconds - pre - pages
        slowest = ", ".join(f"{uri} {seconds:.2f}" for uri, seconds in phases["slowest_pages"][:3])
        lines.append(f"  {r.size}x: {_s(r.mkdocs.seconds)} s = plugins' on_config (the generator) {_s(pre)} "
                     f"+ Markdown->HTML of pages {_s(pages)} (slowest: {slowest}) + the rest {_s(rest)} "
                     "(startup, nav, theme templates, search index, writing)")
    if not lines:
        return []
    return ["", "Where the mkdocs build time goes (seconds; from benchmarks/mkdocs_timing_hook.py)", *lines]


def revision() -> str:
    """The commit measured, and whether the working tree had uncommitted changes to the generator."""
    def git(*words: str) -> str:
        run = subprocess.run(["git", *words], cwd=REPO, capture_output=True, text=True, check=False)
        return run.stdout.strip()

    watched = ("generator", "docs_templates", "mkdocs.yml")
    dirty = git("diff", "HEAD", "--", *watched) + git("ls-files", "--others", "--exclude-standard", "--", *watched)
    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return f"{head} + uncommitted changes #{hashlib.sha1(dirty.encode()).hexdigest()[:8]}" if dirty else head


def _problem_lines(results: list[SizeResult]) -> list[str]:
    lines: list[str] = []
    for r in results:
        g = r.generator
        if not g.ok:
            lines.append(f"{r.size}x generator: {g.error or f'{g.problems} data problem(s)'}")
            lines += [f"    {p}" for p in g.first_problems]
            if g.limit_hit:
                lines.append("    (a loader size limit was hit; rerun with --lift-limits to measure past it)")
        if r.mkdocs.status not in ("ok", "skipped"):
            lines.append(f"{r.size}x mkdocs: {r.mkdocs.status}; {r.mkdocs.warnings} warning/error line(s), first:")
            lines += [f"    {w}" for w in r.mkdocs.first_warnings]
    return ["", "Problems", *lines] if lines else []


def _by_size(results: list[SizeResult]) -> dict[int, SizeResult]:
    return {r.size: r for r in results if r.generator.ok}


def _quote_seconds(generator: GeneratorResult) -> tuple[float, str]:
    """Quote verification's time in the best run, and what it is: all of validate's when the worker could
    not tell it apart (another version of the generator)."""
    seconds = generator.best_seconds or generator.seconds
    if "quotes" in seconds:
        return seconds["quotes"], "quote placement"
    return seconds.get("validate", 0.0), "all of validate"


def target_lines(results: list[SizeResult]) -> list[str]:
    """The generator's targets, each read against the figures above (or 'not measured').

    Times are the best of each size's runs (one run can be 30% slower than the next on these shared
    machines); first runs, which also compile the templates, are shown beside them."""
    sizes = _by_size(results)
    lines = ["Targets, read against the figures above (best runs; first runs in brackets):"]

    def add(target: str, figure: str, met: bool | None) -> None:
        verdict = "not measured" if met is None else "met" if met else "MISSED"
        lines.append(f"  {target}: {figure} -> {verdict}")

    hundred, thousand = sizes.get(100), sizes.get(1000)
    if hundred:
        g = hundred.generator
        sparse = hundred.synthesis.annotated_every > 1
        shape = "the sparse shape" if sparse else "in proportion (denser than the target's)"
        add(f"generator (load+validate+render+write) at 100x <= {TARGET_100X_S:.0f} s, read in the sparse shape "
            "(--annotated-every 9, 500 sources and about 5,000 citations)",
            f"{_s(best(g))} s ({_s(g.total)} s) for {g.counts.get('sources', 0):,} sources and "
            f"{g.counts.get('citations', 0):,} citations, {shape}",
            best(g) <= TARGET_100X_S if sparse else None)
    else:
        add(f"generator at 100x <= {TARGET_100X_S:.0f} s", "-", None)
    if hundred and thousand:
        ratio = best(thousand.generator) / best(hundred.generator)
        first = thousand.generator.total / hundred.generator.total
        add("10x the data costs at most 12x the time (100x -> 1000x)", f"x{ratio:.1f} (x{first:.1f})", ratio <= 12)
    if thousand:
        g = thousand.generator
        dense = thousand.synthesis.annotated_every == 1
        add("peak memory at 1000x in proportion under 1 GiB (one process, VmHWM)",
            f"{_mb(g.peak_kb)} MB" + ("" if dense else " (sparse shape: read the dense run)"),
            g.peak_kb < MEMORY_1000X_KB if dense else None)
    else:
        add("peak memory at 1000x under 1 GiB", "-", None)
    shares = [(r.size, best(r.generator) / r.mkdocs.seconds, r.generator.total / r.mkdocs.seconds) for r in results
              if r.generator.ok and r.mkdocs.status == "ok" and r.mkdocs.seconds]
    if shares:
        add("generator <= 10% of the mkdocs build at every size",
            ", ".join(f"{size}x {share:.1%} ({first:.1%})" for size, share, first in shares),
            all(share <= 0.10 for _, share, _ in shares))
    per_k = [(r.size, *_quote_seconds(r.generator)) for r in sizes.values()]
    per_k = [(size, value / (sizes[size].generator.counts.get("citations", 1) / 1000), what)
             for size, value, what in per_k]
    if len(per_k) > 1:
        spread = max(v for _, v, _ in per_k) / max(min(v for _, v, _ in per_k), 1e-9)
        measured = sorted({what for _, _, what in per_k})
        add("quote verification does not grow with citations x text (s per 1,000 citations)",
            ", ".join(f"{size}x {value:.3f}" for size, value, _ in per_k) + f" ({', '.join(measured)})", spread < 2)
    sites = [(r.size, r.mkdocs.site) for r in results if r.mkdocs.site]
    if sites:
        heaviest = ", ".join(f"{size}x {site.heaviest[0]} {bytes_text(site.heaviest[1])}" for size, site in sites)
        index = ", ".join(f"{size}x {bytes_text(site.search_index_bytes)}" for size, site in sites)
        weights = [site.source_page[1] for _, site in sites]
        lines.append(f"  site: heaviest page {heaviest}; search index {index}")
        # Copies differ by a few substituted words and a copy number: a few bytes, not growth.
        add("a source page's weight does not grow with the dossier (the same source at every size)",
            ", ".join(f"{size}x {site.source_page[1]:,} B" for size, site in sites),
            max(weights) <= 1.05 * min(weights))
    lines.append("  (mkdocs serve after a save: benchmarks/serve_reload.py)")
    return lines
