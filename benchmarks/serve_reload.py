"""What an analyst waits for at 1x, 10x and 100x the example: `mkdocs serve` from save to page, and `mkdocs build`.

    .venv/bin/python benchmarks/serve_reload.py [--sizes 1,10,100] [--saves 5] [--annotated-every 1]

For each size it writes a synthetic dossier as `benchmarks/scale.py` does (`synthetic.py`), in a project
folder of its own with an mkdocs.yml that INHERITs this one, then measures, in this order:

1. `mkdocs build`, cold (no .cache/): seconds and milliseconds a page;
2. one actor's summary edited, `mkdocs build` again (the pages' disk cache warm): seconds, and its share of
   the cold build;
3. `mkdocs serve`: the first build until the home page is served, with no cache at all, and again (on the
   same address) with the disk cache the first one left;
4. saves while serving, each timed from the write to the first fetch of the page that shows it (polled
   every 20 ms): an actor's summary (`--saves` times), the dossier's title (every page changes), a source's
   reliability note (shown on its page; each page that reads the source compares its record) and a seed
   (a paragraph added); then an edition kept (the data copied into `editions/`, dated the day before
   as_of: the home page and the book list what changed since) and the summary saved again (`--saves`
   times), each save now compared with the edition.

The figures end with each target read against them. The machine is shared: compare figures of one run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from serving import free_port, start_serve, wait_for, write_config
from synthetic import load_base, synthesise

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEED = 20220126
TARGETS = {"save_1": 1.0, "save_10": 1.0, "save_100": 2.0, "growth_10": 1.5, "rebuild_share": 0.25,
           "ms_per_page_100": 8.0, "first_serve_10": 10.0}


@dataclass
class SizeFigures:
    size: int
    pages: int = 0
    cold_build_s: float = 0.0
    warm_build_s: float = 0.0
    first_serve_cached_s: float = 0.0
    first_serve_cold_s: float = 0.0
    saves: dict[str, list[float]] = field(default_factory=dict)

    @property
    def ms_per_page(self) -> float:
        return 1000 * self.cold_build_s / self.pages if self.pages else 0.0


def _project(folder: Path, base_root: Path, size: int, annotated_every: int) -> Path:
    """A project folder: the synthetic dossier and an mkdocs.yml inheriting this repository's."""
    base = load_base(base_root)
    synthesise(base, size, folder / "dossier", DEFAULT_SEED, annotated_every)
    write_config(folder / "mkdocs.yml", folder / "dossier" / "site_data", folder / "dossier" / "seeds",
                 ROOT / "docs_templates")
    return folder


def _mkdocs_build(project: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"),
                          "-d", str(project / "site")], cwd=project, env=env, capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"mkdocs build failed:\n{run.stderr[-3000:]}")
    return time.perf_counter() - started


class Edits:
    """The edits a save makes: an actor's summary, the title, a source's record, a seed (each undone at the end)."""

    def __init__(self, project: Path) -> None:
        self.data = project / "dossier" / "site_data"
        self.seeds = project / "dossier" / "seeds"
        self.originals: dict[Path, str] = {}
        self.editions: list[Path] = []
        actors = (self.data / "actors.yml").read_text(encoding="utf-8")
        found = re.search(r"^- id: (\S+)\n(?:  .*\n)*?  summary: ", actors, re.MULTILINE)  # as synthetic.py writes
        if found is None:
            raise SystemExit("no actor with a summary found in actors.yml")
        self.actor, self.summary_at = found.group(1), found.end()
        self.seed = sorted(self.seeds.iterdir())[0]
        sources = (self.data / "sources.yml").read_text(encoding="utf-8")
        described = re.search(rf"^- id: (\S+)\n  file: {re.escape(self.seed.name)}\n", sources, re.MULTILINE)
        self.source = described.group(1) if described else ""

    def _write(self, path: Path, text: str) -> None:
        self.originals.setdefault(path, path.read_text(encoding="utf-8"))
        path.write_text(text, encoding="utf-8")

    def summary(self, marker: str) -> tuple[str, str]:
        path = self.data / "actors.yml"
        text = self.originals.get(path) or path.read_text(encoding="utf-8")
        self._write(path, text[: self.summary_at] + f"Marker {marker} " + text[self.summary_at:])
        return f"actors/{self.actor}.html", f"Marker {marker}"

    def title(self, marker: str) -> tuple[str, str]:
        path = self.data / "dossier.yml"
        text = self.originals.get(path) or path.read_text(encoding="utf-8")
        self._write(path, re.sub(r"^(  title: .*)$", rf"\1 {marker}", text, count=1, flags=re.MULTILINE))
        return "index.html", marker

    def source_record(self, marker: str) -> tuple[str, str]:
        """The reliability note of the source whose seed `seed_text` edits: shown on its own page."""
        path = self.data / "sources.yml"
        text = self.originals.get(path) or path.read_text(encoding="utf-8")
        block = re.search(rf"^- id: {re.escape(self.source)}\n(?:  .*\n)*?    reason: (['\"]?)", text, re.MULTILINE)
        if block is None:
            raise SystemExit(f"no reliability reason found in sources.yml for the source of {self.seed.name}")
        self._write(path, text[: block.end()] + f"Marker {marker} " + text[block.end():])
        return f"sources/{self.source}.html", f"Marker {marker}"

    def seed_text(self, marker: str) -> tuple[str, str]:
        text = self.originals.get(self.seed) or self.seed.read_text(encoding="utf-8")
        self._write(self.seed, text.rstrip("\n") + f"\n\nA paragraph added {marker}.\n")
        return f"sources/{self.source}.html", f"added {marker}"

    def edition(self, marker: str) -> tuple[str, str]:
        """The data as it is now kept as the edition of the day before as_of (what `generator edition` keeps,
        under an earlier date, so that the current data is compared with it)."""
        as_of = re.search(r"^  as_of: '?(\d{4}-\d{2}-\d{2})", (self.data / "dossier.yml").read_text(encoding="utf-8"),
                          re.MULTILINE)
        if as_of is None:
            raise SystemExit("no as_of date found in dossier.yml")
        folder = self.data / "editions" / (dt.date.fromisoformat(as_of.group(1)) - dt.timedelta(days=1)).isoformat()
        staging = folder.with_name(f".{folder.name}")  # whole or not at all, for the server's observer
        staging.mkdir(parents=True)
        for path in sorted(self.data.glob("*.yml")):
            shutil.copyfile(path, staging / path.name)
        staging.rename(folder)
        self.editions.append(folder)
        return "index.html", "What changed since the edition of"

    def undo(self) -> None:
        for path, text in self.originals.items():
            path.write_text(text, encoding="utf-8")
        self.originals = {}
        for folder in self.editions:
            shutil.rmtree(folder, ignore_errors=True)
        self.editions = []


def _first_serve(project: Path, port: int) -> tuple[subprocess.Popen[str], str, float]:
    started = time.perf_counter()
    server = start_serve(project, port, project / "mkdocs.yml")
    base = f"http://127.0.0.1:{port}"
    if wait_for(f"{base}/index.html", "</html>", 1800, interval=0.05, timeout=5) is None:
        server.terminate()
        raise SystemExit("mkdocs serve did not serve the home page within 30 minutes")
    return server, base, time.perf_counter() - started


def _save(base: str, edit: tuple[str, str], started: float) -> float:
    page, needle = edit
    if wait_for(f"{base}/{page}", needle, 300, interval=0.02, timeout=5) is None:
        raise SystemExit(f"{needle!r} never appeared at {base}/{page}")
    return time.perf_counter() - started


def measure(size: int, folder: Path, base: Path, saves: int, annotated_every: int) -> SizeFigures:
    project = _project(folder, base, size, annotated_every)
    figures = SizeFigures(size)
    edits = Edits(project)
    _progress(f"{size}x: cold mkdocs build")
    figures.cold_build_s = _mkdocs_build(project)
    figures.pages = len(list((project / "site").rglob("*.html")))
    edits.summary("build")
    _progress(f"{size}x: mkdocs build after one edit")
    figures.warm_build_s = _mkdocs_build(project)
    edits.undo()
    shutil.rmtree(project / ".cache", ignore_errors=True)
    port = free_port()
    for cached in (False, True):
        _progress(f"{size}x: first serve ({'with' if cached else 'without'} the disk cache)")
        server, url, seconds = _first_serve(project, port)
        if not cached:
            figures.first_serve_cold_s = seconds
            server.terminate()
            server.wait(timeout=30)
            continue
        figures.first_serve_cached_s = seconds
        try:
            plan = [("summary", edits.summary)] * saves + [("title", edits.title)] * 2 + \
                [("source", edits.source_record)] * 2 + [("seed", edits.seed_text)] * 2 + \
                [("edition", edits.edition)] + \
                [("summary, edition kept", edits.summary)] * saves
            for number, (kind, make) in enumerate(plan):
                time.sleep(1.0)  # let the previous rebuild settle
                marker = f"save{number}x{time.time_ns() % 100000}"
                started = time.perf_counter()
                edit = make(marker)
                figures.saves.setdefault(kind, []).append(_save(url, edit, started))
                _progress(f"{size}x: save of {kind} {figures.saves[kind][-1]:.2f} s")
        finally:
            edits.undo()
            server.terminate()
            server.wait(timeout=30)
    return figures


def report(results: list[SizeFigures]) -> str:
    lines = ["mkdocs serve and build on synthetic dossiers (seconds; saves: median and [min-max])", "",
             "size  pages  cold build  ms/page  build after an edit (share)  first serve: cold / cached  "
             "save: summary  save: title  save: source  save: seed  save: edition kept  save: summary, edition kept"]
    for r in results:
        share = r.warm_build_s / r.cold_build_s if r.cold_build_s else 0.0
        lines.append(f"{r.size:>3}x  {r.pages:>5}  {r.cold_build_s:>10.1f}  {r.ms_per_page:>7.1f}  "
                     f"{r.warm_build_s:>16.1f} ({share:>4.0%})  {r.first_serve_cold_s:>13.1f} / "
                     f"{r.first_serve_cached_s:<5.1f}  {_saves(r, 'summary'):>13}  {_saves(r, 'title'):>11}  "
                     f"{_saves(r, 'source'):>12}  {_saves(r, 'seed'):>10}  {_saves(r, 'edition'):>18}  "
                     f"{_saves(r, 'summary, edition kept'):>27}")
    return "\n".join([*lines, "", *targets(results)])


def _saves(result: SizeFigures, kind: str) -> str:
    times = result.saves.get(kind, [])
    return f"{statistics.median(times):.2f} [{min(times):.2f}-{max(times):.2f}]" if times else "-"


def targets(results: list[SizeFigures]) -> list[str]:
    by_size = {r.size: r for r in results}
    lines = ["Targets (issue 15):"]

    def add(target: str, figure: str, met: bool | None) -> None:
        lines.append(f"  {target}: {figure} -> {'not measured' if met is None else 'met' if met else 'MISSED'}")

    def save(size: int) -> float | None:
        times = by_size[size].saves.get("summary") if size in by_size else None
        return statistics.median(times) if times else None

    for size, limit in ((1, TARGETS["save_1"]), (10, TARGETS["save_10"]), (100, TARGETS["save_100"])):
        median = save(size)
        add(f"serve, save -> page at {size}x <= {limit:.1f} s", f"{median:.2f} s" if median else "-",
            None if median is None else median <= limit)
    one, ten = save(1), save(10)
    add("serve at 10x at most 1.5 times the 1x figure", f"x{ten / one:.2f}" if one and ten else "-",
        None if not (one and ten) else ten / one <= TARGETS["growth_10"])
    hundred = by_size.get(100)
    add("mkdocs build after a one-record edit at 100x <= 25% of a cold build",
        f"{hundred.warm_build_s:.1f} s of {hundred.cold_build_s:.1f} s" if hundred else "-",
        None if hundred is None else hundred.warm_build_s <= TARGETS["rebuild_share"] * hundred.cold_build_s)
    add("cold build at 100x <= 8 ms a page", f"{hundred.ms_per_page:.1f} ms" if hundred else "-",
        None if hundred is None else hundred.ms_per_page <= TARGETS["ms_per_page_100"])
    tens = by_size.get(10)
    add("first serve at 10x <= 10 s (no cache)", f"{tens.first_serve_cold_s:.1f} s" if tens else "-",
        None if tens is None else tens.first_serve_cold_s <= TARGETS["first_serve_10"])
    return lines


def _progress(message: str) -> None:
    print(f"[serve] {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="1,10,100")
    parser.add_argument("--base", type=Path, default=ROOT, help="folder with site_data/ and seeds/ (default: repo)")
    parser.add_argument("--saves", type=int, default=5, help="summary edits per size (title, source and seed: 2 each)")
    parser.add_argument("--annotated-every", type=int, default=1,
                        help="as in scale.py: 9 makes the sparse shape (500 sources, ~5,000 citations at 100x)")
    parser.add_argument("--out", type=Path, help="keep the projects here (default: a temporary folder)")
    args = parser.parse_args(argv)
    root = args.out or Path(tempfile.mkdtemp(prefix="dossier-serve-"))
    try:
        results = [measure(int(size), root / f"size-{size}", args.base.resolve(), args.saves, args.annotated_every)
                   for size in args.sizes.split(",")]
    finally:
        if args.out is None:
            shutil.rmtree(root, ignore_errors=True)
    print(report(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
