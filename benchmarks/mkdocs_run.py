"""Child processes for the scale benchmark: `mkdocs build` of a synthetic dossier, and the site it makes.

Up to ``--mkdocs-up-to``, each dossier is built by ``mkdocs build`` (strict, as configured) in a child
process, through a temporary ``mkdocs.yml`` that INHERITs the project's one with absolute
``docs_dir``/``site_dir`` and the dossier plugin pointed at the synthetic data. Wall time is measured
around the child; its peak RSS is its VmHWM, read by ``mkdocs_timing_hook.py`` at the end of the build
(``os.wait4``'s ru_maxrss, an upper bound, only when the build stopped earlier). A strict build aborted by
warnings is reported as such, with the first warnings; the site it wrote is still measured: search index
bytes, total HTML bytes, the heaviest page and the page of one source. The hook also splits the build's
time into the plugins' ``on_pre_build`` (the generator), each page's Markdown-to-HTML conversion, and the
rest.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from serving import write_config

REPO = Path(__file__).resolve().parents[1]
TEMPLATES = REPO / "docs_templates"
TIMING_HOOK = Path(__file__).resolve().with_name("mkdocs_timing_hook.py")


@dataclass
class ChildRun:
    returncode: int
    seconds: float
    peak_rss_kb: int
    timed_out: bool
    stdout: str
    stderr: str


def run_child(command: list[str], timeout: float, env: dict[str, str] | None = None) -> ChildRun:
    """Run a command in its own process group; wall time, the child's peak RSS (wait4), a hard timeout."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env, start_new_session=True, cwd=REPO)
        expired = threading.Event()

        def kill() -> None:
            expired.set()
            os.killpg(process.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:
            os.killpg(process.pid, signal.SIGKILL)
            raise
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return ChildRun(process.returncode, seconds, usage.ru_maxrss, expired.is_set(),
                        out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


@dataclass
class SiteMetrics:
    search_index_bytes: int = 0
    html_bytes: int = 0
    html_pages: int = 0
    heaviest: tuple[str, int] = ("", 0)
    source_page: tuple[str, int] = ("", 0)


@dataclass
class MkdocsResult:
    status: str  # "ok", "strict build failed", "failed", "timed out", "skipped"
    seconds: float = 0.0
    peak_rss_kb: int = 0
    warnings: int = 0
    first_warnings: list[str] = field(default_factory=list)
    site: SiteMetrics | None = None
    phases: dict[str, Any] = field(default_factory=dict)  # from mkdocs_timing_hook.py


def mkdocs_config(folder: Path, dossier: Path, site: Path) -> Path:
    """A temporary mkdocs.yml inheriting the project's, pointed at the synthetic dossier (as tests/test_site.py)."""
    config = folder / "mkdocs.yml"

    return write_config(config, dossier / "site_data", dossier / "seeds", TEMPLATES,
                        f"site_dir: {json.dumps(str(site))}\nhooks: [{json.dumps(str(TIMING_HOOK))}]\n")


def _mkdocs_command() -> list[str]:
    script = Path(sys.executable).parent / "mkdocs"
    return [str(script)] if script.exists() else [sys.executable, "-m", "mkdocs"]


def run_mkdocs(folder: Path, dossier: Path, source_id: str, timeout: float) -> MkdocsResult:
    site = folder / "site"
    config = mkdocs_config(folder, dossier, site)
    timings = folder / "mkdocs-timings.json"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DOSSIER_SCALE_TIMINGS": str(timings)}
    child = run_child([*_mkdocs_command(), "build", "-f", str(config)], timeout, env)
    lines = (child.stdout + child.stderr).splitlines()
    warnings = [line.strip() for line in lines if line.lstrip().startswith(("WARNING", "ERROR"))]
    if child.timed_out:
        status = f"timed out after {timeout:.0f} s"
    elif child.returncode == 0:
        status = "ok"
    elif any("in strict mode" in line for line in lines):
        status = "strict build failed"
    else:
        status = f"failed (exit {child.returncode})"
        warnings = warnings or [line.strip() for line in lines[-5:]]
    result = MkdocsResult(status, child.seconds, child.peak_rss_kb, len(warnings),
                          list(dict.fromkeys(w[:240] for w in warnings))[:5])
    if site.is_dir() and not child.timed_out:
        result.site = site_metrics(site, source_id)
    if timings.exists():
        result.phases = json.loads(timings.read_text(encoding="utf-8"))
        result.peak_rss_kb = int(result.phases.get("peak_rss_kb") or 0)
    else:  # the build stopped before on_post_build: wait4's figure, which may include this process's size
        result.peak_rss_kb = -child.peak_rss_kb
    return result


def site_metrics(site: Path, source_id: str) -> SiteMetrics:
    metrics = SiteMetrics()
    index = site / "search" / "search_index.json"
    metrics.search_index_bytes = index.stat().st_size if index.exists() else 0
    for page in site.rglob("*.html"):
        size = page.stat().st_size
        metrics.html_bytes += size
        metrics.html_pages += 1
        if size > metrics.heaviest[1]:
            metrics.heaviest = (page.relative_to(site).as_posix(), size)
    for source_page in (site / "sources" / source_id / "index.html", site / "sources" / f"{source_id}.html"):
        if source_page.exists():  # with and without use_directory_urls
            metrics.source_page = (source_page.relative_to(site).as_posix(), source_page.stat().st_size)
    return metrics
