"""The generator, measured in a process of its own: each stage's time, peak memory, and the output's size.

`python benchmarks/scale.py --worker DOSSIER --result FILE` runs `worker`: it imports every stage up front
(so no stage's time includes imports), then times load (`load_project` and the parsing of each YAML
file), validate with quote verification, then render and write as ``python -m generator build --out``
does: the site prepared once (`pipeline.prepared_site`), then each share of its files rendered by
`render.render_share` and written as it is rendered by `write_shared_tree`, in as many processes as the
CLI would use, with compiled templates from the project's disk cache (empty on the first run).
`TimedStream` tells render (producing pages and export chunks) from write (the rest) in each process.
The cyclic GC is paused as `generator.pipeline` pauses it (``--gc on`` measures without the pause).

The first run in the fresh process is what one ``mkdocs build`` or CLI call pays, one-off costs
included (compiling the templates, whose cache starts empty). A small dossier is then run again in the
same process, until 5 s or 5 runs (at least ``min_runs`` in all), for a best time that tells fixed
costs from noise; scale.py also runs each dossier in several processes, in rounds (the machines are
shared, and one run can be 30% slower than the next). Peak memory is the process's resident
high-water mark over all its runs (VmHWM, interpreter and imports included; the figure after imports
is kept as the baseline).
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import json
import math
import os
import resource
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from memory_sampler import rollup_kb

TEMPLATES = Path(__file__).resolve().parents[1] / "docs_templates"
STAGES = ("load", "validate", "render", "write")
REPEAT_BUDGET_S = 5.0
MAX_REPEATS = 5
SETTLE_S = 2.0


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
    workers: int = 1  # processes that rendered and wrote at once
    worker_private_kb: int = 0  # the forked render workers' own memory at their end, added up (highest of the runs)
    tree_peak_kb: int = 0  # PSS of the worker process and its forks together, sampled from outside (scale.py)

    @property
    def total(self) -> float:
        return sum(self.seconds.get(stage, 0.0) for stage in STAGES)

    @property
    def best_total(self) -> float:
        return sum(self.best_seconds.get(stage, 0.0) for stage in STAGES)

    @property
    def peak_kb(self) -> int:
        return max(self.rss_after_kb.values(), default=self.rss_baseline_kb)

    @property
    def all_processes_kb(self) -> int:
        """The memory of the generator's processes together: the sampled PSS of all of them, or the main
        process's exact peak where that is higher (a sample can miss a short peak)."""
        return max(self.peak_kb, self.tree_peak_kb)


def peak_rss_kb() -> int:
    """This process's peak resident memory in KB: VmHWM from /proc/self/status.

    Not ru_maxrss: on Linux, execve keeps the old image's high-water mark, so a child spawned by a big
    parent reports the parent's size (measured here: 811 MB for a bare interpreter under an 800 MB parent).
    """
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
    import generator.yaml_loader

    generator.load.MAX_YAML_BYTES = 1 << 40
    generator.yaml_loader.MAX_ALIAS_VALUES = 1 << 40


def gc_pause(policy: str) -> Callable[[], contextlib.AbstractContextManager[Any]]:
    """The pipeline's own GC pause (generator.pipeline.paused_gc, when it has one) or none."""
    import generator.pipeline

    pause = getattr(generator.pipeline, "paused_gc", None)
    return pause if policy == "pipeline" and pause is not None else contextlib.nullcontext


class TimedStream:
    """Passes the generator's stream of files through, adding up the time spent producing them (pages and
    export chunks) and their sizes. Whatever else the writer spends is the write stage."""

    def __init__(self, files: Iterator[tuple[str, Any]], source_page: str):
        self.files = files
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
            if not isinstance(content, str | Iterator):  # not a generated file (e.g. a parsed YAML document)
                yield path, content
            elif isinstance(content, str):
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

    Wraps `generator.validate._place_quotes`, which normalises each cited source on its first search
    (see quotes.SourceIndex) and places every citation's quote: all that quote verification costs.
    validate looks the function up by name at each call, so the wrapper is seen, and it is put back
    however validate ends (tests/test_benchmark.py checks both)."""
    import generator.validate as validation

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


def run_stages(root: Path, scratch: Path, result: GeneratorResult, seconds: dict[str, float],
               gc_policy: str = "pipeline", jobs: int = 0) -> bool:
    """Load, validate, then render and write as the CLI does (`build --out`: files streamed to disk as they
    are rendered, by `jobs` processes at once, 0 = the CLI's default), once: each stage's seconds into
    `seconds`, the peak RSS after it (first run only), the counts and sizes into `result`. The cyclic GC
    is paused around load+validate and around render+write as generator.pipeline does. Render and write
    interleave; `TimedStream` tells their times apart in each process (see `apportioned`)."""
    from generator.load import ProjectPaths, load_project
    from generator.pipeline import CheckResult, prepared_site
    from generator.render.paths import source_page
    from generator.template_cache import TemplateCache
    from generator.validate import validate
    from generator.write import write_shared_tree

    paths = ProjectPaths(root, "site_data", "seeds", str(TEMPLATES))

    def timed(stage: str, action: Callable[..., Any], *args: Any) -> Any:
        started = time.perf_counter()
        value = action(*args)
        seconds[stage] = time.perf_counter() - started
        result.rss_after_kb.setdefault(stage, peak_rss_kb())
        return value

    pause = gc_pause(gc_policy)
    with pause():
        project = timed("load", load_project, paths)
        # The YAML files are parsed one by one as validate asks for them (see LoadedProject.read_documents):
        # that parsing is load's time, taken out of validate's.
        parsing = TimedStream(project.read_documents(), "")
        project.read_documents = lambda: iter(parsing)
        with timing_quote_placement(seconds):
            dossier, problems = timed("validate", validate, project)
        seconds["load"] += parsing.seconds
        seconds["validate"] -= parsing.seconds
    if dossier is None:
        result.problems = len(problems)
        result.first_problems = [p.format()[:300] for p in problems[:5]]
        result.limit_hit = any("too large" in p.message or "expands to more than" in p.message for p in problems)
        return False
    templates = project.templates
    del project  # as in generator.pipeline.check: the YAML documents are not kept alive through render
    # A fresh folder per run, none deleted until the benchmark ends: a whole tree written from scratch is
    # what is timed, and deleting the previous run's tree would slow this one's file creation (see
    # settle_disk), which a single build never meets.
    scratch.mkdir(parents=True, exist_ok=True)
    run_folder = Path(tempfile.mkdtemp(prefix="run-", dir=scratch))
    out, shares_folder = run_folder / "markdown", run_folder / "shares"
    shares_folder.mkdir()
    with pause():
        # As the CLI does: compiled templates from the project's disk cache (empty on the first run of a size),
        # the site prepared once, then its files rendered and written by `jobs` processes at once.
        started = time.perf_counter()
        site = prepared_site(CheckResult(dossier, [], templates), TemplateCache(paths.cache / "templates"))
        prepared = time.perf_counter() - started
        files_of = partial(timed_share, site, source_page(dossier.sources[0].id) if dossier.sources else "",
                           shares_folder)
        _, refusal = timed("write", write_shared_tree, files_of, out, [paths.data, paths.seeds, paths.templates],
                           jobs)
    if refusal:
        raise RuntimeError(refusal)
    shares = [ShareResult(**json.loads(p.read_text(encoding="utf-8"))) for p in sorted(shares_folder.iterdir())]
    seconds["render"], seconds["write"] = apportioned(prepared, seconds["write"], shares)
    result.rss_after_kb["render"] = result.rss_after_kb["write"]
    result.workers = len(shares)
    result.worker_private_kb = max(result.worker_private_kb, sum(s.private_kb for s in shares if s.index > 0))
    result.ok = True
    result.counts = {"sources": len(dossier.sources), "actors": len(dossier.actors), "demands": len(dossier.demands),
                     "events": len(dossier.events), "questions": len(dossier.questions),
                     "citations": dossier.citation_count, "pages": sum(s.count for s in shares)}
    result.markdown_bytes = sum(s.markdown_bytes for s in shares)
    result.heaviest_markdown = max((tuple(s.heaviest_markdown) for s in shares), key=lambda h: h[1])
    result.source_markdown = max((tuple(s.source_markdown) for s in shares), key=lambda h: h[1])
    return True


def apportioned(prepared: float, wall: float, shares: list[ShareResult]) -> tuple[float, float]:
    """(render, write) seconds that add up to the stage's wall time: preparing the site is rendering, and
    the time the processes rendered and wrote at once is split in proportion to the time they spent on each."""
    rendering = sum(s.render_s for s in shares)
    writing = sum(s.write_s for s in shares)
    shared = max(wall, 0.0)
    part = shared * rendering / (rendering + writing) if rendering + writing > 0 else shared
    return prepared + part, shared - part


@dataclass
class ShareResult:
    """What one process rendered and wrote, measured in that process."""

    index: int
    count: int = 0
    render_s: float = 0.0
    write_s: float = 0.0
    markdown_bytes: int = 0
    heaviest_markdown: tuple[str, int] | list[Any] = ("", 0)
    source_markdown: tuple[str, int] | list[Any] = ("", 0)
    private_kb: int = 0  # memory of its own: what it did not share with the process it was forked from


def timed_share(site: Any, source_page: str, folder: Path, share: Any) -> Iterator[tuple[str, Any]]:
    """The files of `share` (as the CLI renders them), timed in the process that renders and writes them.

    The generator is suspended while the writer writes what it gave, so its time from the first file to
    its end is this share's render and write; `TimedStream` tells the rendering apart. At the end the
    figures go to a file of the share's own (a forked worker has no other way back)."""
    from generator.pipeline import files_of_share

    started = time.perf_counter()
    stream = TimedStream(files_of_share(site, share), source_page)
    yield from stream
    elapsed = time.perf_counter() - started
    measured = ShareResult(share.index, stream.count, stream.seconds, elapsed - stream.seconds, stream.markdown_bytes,
                           stream.heaviest_markdown, stream.source_markdown,
                           rollup_kb("self", "Private_Clean:", "Private_Dirty:"))
    (folder / f"share-{share.index}.json").write_text(json.dumps(asdict(measured)), encoding="utf-8")


def settle_disk(seconds: float = SETTLE_S) -> None:
    """Let the disk finish writing back what earlier runs and the synthetic dossier left it (outside the
    timed part). Deleted outputs are another matter, which no settling cures: on these machines' disk
    (ext4 mounted with online discard), 1,500 files took 0.05 s to create, and 0.8 s when the previous
    1,500 had just been deleted; so runs keep their outputs until the benchmark ends (see run_stages)."""
    os.sync()
    time.sleep(seconds)


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
    return replace(first, best_seconds=dict(best), repeats=first.repeats + later.repeats, rss_after_kb=peaks,
                   worker_private_kb=max(first.worker_private_kb, later.worker_private_kb),
                   tree_peak_kb=max(first.tree_peak_kb, later.tree_peak_kb))


def import_generator() -> None:
    """Import every stage up front, so no stage's time (or profile) includes imports."""
    for module in ("generator.load", "generator.validate", "generator.render", "generator.write"):
        importlib.import_module(module)


def worker(root: Path, result_file: Path, lift: bool, gc_policy: str, min_runs: int = 1, jobs: int = 0,
           settle: float = SETTLE_S, scratch: Path | None = None) -> None:
    """Entry point of the child process: run the stages (repeatedly while fast) and write JSON.

    The runs' outputs go under `scratch`, which the caller deletes when the benchmark is over (a
    temporary folder, deleted at the end, when none is given)."""
    import_generator()
    if lift:
        lift_limits()
    result = GeneratorResult(rss_baseline_kb=peak_rss_kb())
    own_scratch = scratch is None
    scratch = Path(tempfile.mkdtemp(prefix="dossier-scale-md-")) if scratch is None else scratch
    try:
        spent, runs = 0.0, 0
        while True:
            settle_disk(settle)
            started = time.perf_counter()
            seconds: dict[str, float] = {}
            try:
                valid = run_stages(root, scratch, result, seconds, gc_policy, jobs)
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
