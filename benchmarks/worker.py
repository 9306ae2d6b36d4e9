"""The generator, measured in a process of its own: each stage's time, peak memory, and the output's size.

`python benchmarks/scale.py --worker DOSSIER --result FILE` runs `worker`: it imports every stage up front
(so no stage's time includes imports), then runs `generator.build.build` exactly as
``python -m generator build --out`` does, with a sink that writes the tree (`write.write_tree`) through
`TimedStream`, which tells render (producing pages and export chunks) from write (the rest). Load and
validate come from the build's own timings.

A small dossier is run again in the same process, until 5 s or 5 runs, for a best time that tells fixed
costs from noise; scale.py also runs each dossier in several processes, in rounds (the machines are
shared). Peak memory is the process's resident high-water mark over all its runs (VmHWM, interpreter
and imports included; the figure after imports is kept as the baseline).
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import json
import math
import resource
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).resolve().parents[1] / "docs_templates"
STAGES = ("load", "validate", "render", "write")
REPEAT_BUDGET_S = 5.0
MAX_REPEATS = 5


@dataclass
class GeneratorResult:
    ok: bool = False
    problems: int = 0
    first_problems: list[str] = field(default_factory=list)
    limit_hit: bool = False
    seconds: dict[str, float] = field(default_factory=dict)  # first run, in a fresh process
    best_seconds: dict[str, float] = field(default_factory=dict)  # best of `repeats` runs, per stage
    repeats: int = 1
    rss_baseline_kb: int = 0
    rss_after_kb: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    markdown_bytes: int = 0
    heaviest_markdown: tuple[str, int] = ("", 0)
    source_markdown: tuple[str, int] = ("", 0)
    error: str = ""

    @property
    def total(self) -> float:
        return sum(self.seconds.get(stage, 0.0) for stage in STAGES)

    @property
    def best_total(self) -> float:
        return sum(self.best_seconds.get(stage, 0.0) for stage in STAGES)

    @property
    def peak_kb(self) -> int:
        return max(self.rss_after_kb.values(), default=self.rss_baseline_kb)


def peak_rss_kb() -> int:
    """This process's peak resident memory in KB: VmHWM from /proc/self/status.

    Not ru_maxrss: on Linux, execve keeps the old image's high-water mark, so a child spawned by a big
    parent would report the parent's size."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # not Linux: the best there is


def lift_limits() -> None:
    """Raise the loader's size limits (file bytes, YAML values) so scaling can be measured past them."""
    import generator.load
    import generator.load.yaml_reader

    generator.load.MAX_YAML_BYTES = 1 << 40
    generator.load.yaml_reader.MAX_ALIAS_VALUES = 1 << 40


class TimedStream:
    """Passes the build's stream of files through, adding up the time spent producing them (pages and
    export chunks) and their sizes. Whatever else the writer spends is the write stage."""

    def __init__(self, files: Iterable[tuple[str, Any]], source_page: str):
        self.files = iter(files)
        self.source_page = source_page
        self.seconds = 0.0
        self.count = 0
        self.markdown_bytes = 0
        self.heaviest_markdown: tuple[str, int] = ("", 0)
        self.source_markdown: tuple[str, int] = ("", 0)

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        while True:
            started = time.perf_counter()
            item = next(self.files, None)
            self.seconds += time.perf_counter() - started
            if item is None:
                return
            path, content = item
            self.count += 1
            if isinstance(content, str):
                self._measure(path, len(content.encode("utf-8")))
                yield path, content
            else:
                yield path, self._chunks(path, content)

    def _chunks(self, path: str, chunks: Iterator[str]) -> Iterator[str]:
        size = 0
        while True:
            started = time.perf_counter()
            chunk = next(chunks, None)
            self.seconds += time.perf_counter() - started
            if chunk is None:
                break
            size += len(chunk.encode("utf-8"))
            yield chunk
        self._measure(path, size)

    def _measure(self, path: str, size: int) -> None:
        self.markdown_bytes += size
        if path.endswith(".md") and size > self.heaviest_markdown[1]:
            self.heaviest_markdown = (path, size)
        if path == self.source_page:
            self.source_markdown = (path, size)


@contextlib.contextmanager
def timing_quote_placement(seconds: dict[str, float]) -> Iterator[None]:
    """Add up, under seconds["quotes"], the time validate spends placing quotes (a part of validate's time).

    Wraps `generator.validate.references._place_quotes`, which normalises each cited source on its first
    search and places every citation's quote: all that quote verification costs. It is looked up by name at
    each call, so the wrapper is seen, and it is put back however validate ends."""
    import generator.validate.references as validation

    place = getattr(validation, "_place_quotes", None)
    if place is None:  # another version of the generator: measure the rest
        yield
        return
    seconds["quotes"] = 0.0

    def timed_place(*args: Any) -> Any:
        started = time.perf_counter()
        try:
            return place(*args)
        finally:
            seconds["quotes"] += time.perf_counter() - started

    validation._place_quotes = timed_place  # type: ignore[assignment]  # a timer around it, put back below
    try:
        yield
    finally:
        validation._place_quotes = place


def run_stages(root: Path, scratch: Path, result: GeneratorResult, seconds: dict[str, float]) -> bool:
    """One `generator.build.build` into a fresh folder under `scratch`, as `build --out` runs it: each stage's
    seconds into `seconds`, the peak RSS after it (first run only), the counts and sizes into `result`."""
    from generator.build import build
    from generator.layout import source_page
    from generator.load import ProjectPaths
    from generator.write import write_tree

    paths = ProjectPaths(root, "site_data", "seeds", str(TEMPLATES))
    scratch.mkdir(parents=True, exist_ok=True)
    out = Path(tempfile.mkdtemp(prefix="run-", dir=scratch)) / "markdown"
    stream = TimedStream(iter(()), "")

    def timed_write(files: Iterable[tuple[str, Any]]) -> tuple[int, str]:
        nonlocal stream
        result.rss_after_kb.setdefault("validate", peak_rss_kb())
        stream = TimedStream(files, first_source_page)
        return write_tree(stream, out, [paths.data, paths.seeds, paths.templates])

    first_source_page = source_page(_first_source_id(paths.data / "sources.yml"))
    timings: dict[str, float] = {}
    with timing_quote_placement(seconds):
        built = build(paths, timed_write, timings)
    seconds["load"], seconds["validate"] = timings["load"], timings["validate"]
    if built.dossier is None:
        result.problems = len(built.problems)
        result.first_problems = [p.format()[:300] for p in built.problems[:5]]
        result.limit_hit = any("too large" in p.message or "expands to more than" in p.message
                               for p in built.problems)
        return False
    seconds["render"] = stream.seconds
    seconds["write"] = timings["render+write"] - stream.seconds
    result.rss_after_kb.setdefault("write", peak_rss_kb())
    d = built.dossier
    result.ok = True
    result.counts = {"sources": len(d.sources), "actors": len(d.actors), "demands": len(d.demands),
                     "events": len(d.events), "questions": len(d.questions), "citations": d.citation_count,
                     "pages": stream.count}
    result.markdown_bytes = stream.markdown_bytes
    result.heaviest_markdown = stream.heaviest_markdown
    result.source_markdown = stream.source_markdown
    return True


def _first_source_id(sources_yml: Path) -> str:
    """The id of the first source (the same source at every size: its page must not grow with the dossier)."""
    with sources_yml.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip().startswith("- id:"):
                return line.split(":", 1)[1].strip()
    return ""


def _keep_best(result: GeneratorResult, seconds: dict[str, float]) -> None:
    """The first run's stages, and the stages of the fastest run in all (one run, not a mix of runs)."""
    if not result.seconds:
        result.seconds = dict(seconds)
    if _total(seconds) < (_total(result.best_seconds) if result.best_seconds else math.inf):
        result.best_seconds = dict(seconds)


def _total(seconds: dict[str, float]) -> float:
    return sum(seconds.get(stage, 0.0) for stage in STAGES)  # "quotes" is a part of validate


def merged(first: GeneratorResult, later: GeneratorResult) -> GeneratorResult:
    """Two workers' results for one dossier: the first one's first run, the fastest run of both, every run
    counted, the highest memory."""
    if not (first.ok and later.ok):
        return first if not first.ok else later
    best = later.best_seconds if later.best_total < first.best_total else first.best_seconds
    peaks = {k: max(first.rss_after_kb.get(k, 0), later.rss_after_kb.get(k, 0))
             for k in {*first.rss_after_kb, *later.rss_after_kb}}
    return replace(first, best_seconds=dict(best), repeats=first.repeats + later.repeats, rss_after_kb=peaks)


def import_generator() -> None:
    """Import every stage up front, so no stage's time includes imports."""
    for module in ("generator.build", "generator.render", "generator.write"):
        importlib.import_module(module)


def worker(root: Path, result_file: Path, lift: bool, min_runs: int = 1, scratch: Path | None = None) -> None:
    """Entry point of the child process: run the build (repeatedly while fast) and write JSON.

    The runs' outputs go under `scratch`, which the caller deletes when the benchmark is over (deleting many
    files makes the next file creation slow on some disks, which no single build meets)."""
    import_generator()
    if lift:
        lift_limits()
    result = GeneratorResult(rss_baseline_kb=peak_rss_kb())
    own_scratch = scratch is None
    scratch = Path(tempfile.mkdtemp(prefix="dossier-scale-md-")) if scratch is None else scratch
    try:
        spent, runs = 0.0, 0
        while True:
            started = time.perf_counter()
            seconds: dict[str, float] = {}
            try:
                valid = run_stages(root, scratch, result, seconds)
            finally:
                _keep_best(result, seconds)
            spent += time.perf_counter() - started
            runs += 1
            if not valid or (runs >= min_runs and (spent >= REPEAT_BUDGET_S or runs >= MAX_REPEATS)):
                break
            gc.collect()
        result.repeats = runs
        result.rss_after_kb["all runs"] = peak_rss_kb()  # the high-water mark over every run
    except Exception as error:  # report, don't hide: the parent prints it
        result.error = f"{type(error).__name__}: {error}"
    finally:
        if own_scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    result_file.write_text(json.dumps(asdict(result)), encoding="utf-8")
