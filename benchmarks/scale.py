"""How the Dossier generator and the MkDocs build scale with the size of the dossier.

Usage (from the project folder)::

    .venv/bin/python benchmarks/scale.py [--base DIR] [--sizes 1,10,100,1000] [--mkdocs-up-to 100] [--out DIR]
    .venv/bin/python benchmarks/scale.py --base tests/fixtures/mini --profile 100

Method
------
1. **Synthesis.** The base dossier (``--base``, a folder with ``site_data/`` and ``seeds/``; default: this
   repository) is read with the project's own YAML reader. A dossier of size N holds N copies of every
   source, actor, demand, event and question. Copy 0 is the base itself, unchanged (so 1x *is* the base).
   Copy k >= 1 gets:

   - every id suffixed ``-x{k}`` (records, and origin ids in ``derives_from``) and every reference renamed
     the same way (citation and date-basis ``source``, ``affiliation``, ``actors``, ``by``, ``of``,
     ``holders``), so each copy refers only to its own sources and actors;
   - its own seed files ``x{k}-<name>``, whose text is the original's with a per-copy word substitution:
     about 30% of the base vocabulary (words of 4+ letters) is replaced by pronounceable pseudo-words drawn
     from ``random.Random(f"{seed}:{k}")``, case pattern kept. The same substitution is applied to every
     quote (and to the prose fields), so every quote still verifies and each copy's text is distinct.
     Words that a quote cuts in the middle (found by locating each base quote with the generator's own
     ``SourceIndex``) and words containing an alias are never substituted, so this holds exactly;
   - `` k`` appended to names, titles and short names.

   ``dossier.yml`` is copied once (its key judgments cite copy 0). The files are written as real YAML and
   seed files, so the measured loader reads what an analyst's files would hold.

2. **Generator.** For each size a fresh Python process (this script with ``--worker``) imports the generator,
   then times each stage with ``time.perf_counter``: load (``load_project``), validate with quote
   verification (``validate``), then render and write as ``python -m generator build --out`` does: the
   pages of ``render.iter_pages`` streamed into ``write_tree`` (a temporary folder), each written as it is
   rendered. Render is the time spent producing pages and export chunks, write is the rest. The cyclic GC
   is paused around load+validate and around render+write exactly as ``generator.pipeline`` does
   (``--gc on`` measures without the pause).
   The tables and ratios use that first, cold run (what one ``mkdocs build`` or CLI call pays, one-off
   costs included); small dossiers are then re-run in the same process (until 5 s or 5 runs) and the
   best total is shown beside it, to tell fixed costs from noise. Peak memory is that
   process's resident high-water mark, ``VmHWM`` in ``/proc/self/status`` (it includes the interpreter and
   the imports; the baseline after imports is shown too). ``ru_maxrss`` is not used because Linux carries
   the parent's high-water mark across fork+exec, so the children would report this script's own size.

3. **MkDocs.** Up to ``--mkdocs-up-to``, the same dossier is built by ``mkdocs build`` (strict, as
   configured) in a child process, through a temporary ``mkdocs.yml`` that INHERITs the project's one
   with absolute ``docs_dir``/``site_dir`` and the dossier plugin pointed at the synthetic data. Wall time
   is measured around the child; its peak RSS is its VmHWM, read by the timing hook below at the end of
   the build (``os.wait4``'s ru_maxrss, an upper bound, only when the build stopped earlier). A strict
   build aborted by warnings is reported as such, with the first warnings; the site it wrote is still
   measured: search index bytes, total HTML bytes, the heaviest page and the page of one source. A hook
   (``benchmarks/mkdocs_timing_hook.py``, added to the temporary config) splits the build's time into the
   plugins' ``on_pre_build`` (the generator), each page's Markdown-to-HTML conversion, and the rest.

4. **Report.** Tables per size, then ratios: generator time / mkdocs time, time per 1,000 citations, and
   the growth between consecutive sizes with its empirical exponent (log time ratio / log size ratio:
   about 1 is linear, about 2 quadratic).

``--profile SIZE`` builds one dossier of that size and runs the four generator stages once under cProfile,
printing the top 25 functions by cumulative time and by own time. Everything is deterministic (``--seed``).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import hashlib
import importlib
import itertools
import json
import math
import os
import platform
import pstats
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
TEMPLATES = REPO / "docs_templates"
TIMING_HOOK = Path(__file__).resolve().with_name("mkdocs_timing_hook.py")
RECORD_FILES = {"sources.yml": "sources", "actors.yml": "actors", "demands.yml": "demands",
                "timeline.yml": "events", "questions.yml": "questions"}
RENAMED_KEYS = {"id", "source", "affiliation", "actors", "by", "of", "holders"}
LABEL_KEYS = {"name", "title", "short_name"}
PROSE_KEYS = {"quote", "summary", "text", "role", "position", "demand", "question", "why_it_matters",
              "reasoning", "note", "credibility_reason", "indicators"}
WORD = re.compile(r"[^\W\d_]+")
LETTER = re.compile(r"[^\W\d_]")
SUBSTITUTION_RATE = 0.3
MIN_WORD = 4
CONSONANTS = "bcdfghjklmnprstvz"
VOWELS = "aeiou"
DEFAULT_SEED = 20220126
STAGES = ("load", "validate", "render", "write")
REPEAT_BUDGET_S = 5.0
MAX_REPEATS = 5


# --------------------------------------------------------------------------------------------------
# Synthesis
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Base:
    """The base dossier as plain data: record lists per file, seed texts, and the words safe to replace."""

    root: Path
    records: dict[str, list[dict[str, Any]]]
    texts: dict[str, str]  # seed file name -> text
    safe_words: tuple[str, ...]
    taken_words: frozenset[str]
    unplaced_quotes: int


@dataclass(frozen=True)
class Copy:
    """How copy number `number` renames ids and files and substitutes words."""

    number: int
    words: dict[str, str]

    def rename(self, ident: str) -> str:
        return f"{ident}-x{self.number}"

    def seed_name(self, file: str) -> str:
        path = PurePosixPath(file)
        return str(path.with_name(f"x{self.number}-{path.name}"))

    def substitute(self, text: str) -> str:
        words = self.words
        return WORD.sub(lambda m: _cased(m.group(), words.get(m.group().lower())), text)


@dataclass
class Synthesis:
    """What a synthetic dossier holds and how long it took to write."""

    size: int
    records: dict[str, int]
    yaml_bytes: int
    seed_bytes: int
    seconds: float


def _cased(token: str, replacement: str | None) -> str:
    if replacement is None:
        return token
    if len(token) > 1 and token.isupper():
        return replacement.upper()
    if token[0].isupper():
        return replacement.capitalize()
    return replacement


def load_base(root: Path) -> Base:
    """Read the base dossier with the project's own reader and work out which words may be replaced."""
    from generator.text import decode_source
    from generator.yaml_loader import parse_yaml

    data = root / "site_data"
    if not (data / "sources.yml").is_file() or not (root / "seeds").is_dir():
        raise SystemExit(f"{root} has no site_data/sources.yml or no seeds/ folder")
    records: dict[str, list[dict[str, Any]]] = {}
    for name, key in RECORD_FILES.items():
        path = data / name
        if not path.is_file():
            continue
        document, problem = parse_yaml(path.read_text(encoding="utf-8"), name)
        if document is None or not isinstance(document.data, dict):
            raise SystemExit(f"cannot read {path}: {problem.format() if problem else 'not a mapping'}")
        records[name] = list(document.data.get(key) or [])
    texts: dict[str, str] = {}
    for path in sorted((root / "seeds").iterdir()):
        if path.is_file() and not path.name.startswith("."):
            text, _reason = decode_source(path.read_bytes())
            if text is not None:
                texts[path.name] = text
    vocabulary = {w.lower() for text in texts.values() for w in WORD.findall(text)}
    cut, unplaced = _words_cut_by_quotes(records, texts)
    aliases = {w.lower() for a in records.get("actors.yml", []) for alias in a.get("aliases") or []
               for w in WORD.findall(str(alias))}
    safe = sorted(w for w in vocabulary if len(w) >= MIN_WORD and w not in cut
                  and not any(alias in w for alias in aliases))
    return Base(root, records, texts, tuple(safe), frozenset(vocabulary), unplaced)


def _walk_citations(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        if isinstance(value.get("source"), str) and isinstance(value.get("quote"), str):
            yield value
        for item in value.values():
            yield from _walk_citations(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk_citations(item)


def _words_cut_by_quotes(records: dict[str, list[dict[str, Any]]], texts: dict[str, str]) -> tuple[set[str], int]:
    """Words (lowercase) that some quote starts or ends inside of, both the whole word and the quoted part.

    Each base quote is placed with the generator's SourceIndex; a substitution must leave those words alone,
    or the quote's fragment and the text's whole word would be replaced differently.
    """
    from generator.quotes import Passage, SourceIndex
    from generator.text import split_paragraphs

    indexes: dict[str, SourceIndex] = {}
    for source in records.get("sources.yml", []):
        text = texts.get(str(source.get("file")))
        if text is not None and isinstance(source.get("id"), str):
            paragraphs = split_paragraphs(text, source.get("paragraphs") or "auto")
            indexes[source["id"]] = SourceIndex(source["id"], paragraphs)
    cut: set[str] = set()
    unplaced = 0
    for name, items in records.items():
        if name == "sources.yml":
            continue
        for citation in _walk_citations(items):
            index = indexes.get(citation["source"])
            found = index.locate(citation["quote"], _int(citation.get("paragraph")),
                                 _int(citation.get("occurrence"))) if index else None
            if not isinstance(found, Passage) or index is None:
                unplaced += 1
                continue
            paragraph = index.paragraphs[found.paragraph - 1].text
            for boundary in (found.start, found.end):
                if 0 < boundary < len(paragraph) and LETTER.match(paragraph[boundary - 1]) \
                        and LETTER.match(paragraph[boundary]):
                    start, end = _word_around(paragraph, boundary)
                    cut.update({paragraph[start:end].lower(), paragraph[start:boundary].lower(),
                                paragraph[boundary:end].lower()})
    return cut, unplaced


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _word_around(text: str, boundary: int) -> tuple[int, int]:
    start, end = boundary, boundary
    while start > 0 and LETTER.match(text[start - 1]):
        start -= 1
    while end < len(text) and LETTER.match(text[end]):
        end += 1
    return start, end


def make_copy(base: Base, number: int, seed: int) -> Copy:
    """Copy `number`'s substitution: a seeded choice of words, each mapped to a new pseudo-word."""
    if number == 0:
        return Copy(0, {})
    rng = random.Random(f"{seed}:{number}")
    used: set[str] = set()
    words: dict[str, str] = {}
    for word in base.safe_words:
        if rng.random() < SUBSTITUTION_RATE:
            words[word] = _pseudo_word(rng, len(word), base.taken_words, used)
    return Copy(number, words)


def _pseudo_word(rng: random.Random, length: int, taken: frozenset[str], used: set[str]) -> str:
    for attempt in range(100):
        size = length + attempt // 20
        word = "".join(rng.choice(VOWELS if i % 2 else CONSONANTS) for i in range(size))
        if word not in taken and word not in used:
            used.add(word)
            return word
    raise RuntimeError("could not make a new pseudo-word")


def copy_value(value: Any, key: str | None, copy: Copy) -> Any:
    """Deep copy of a record value, renaming ids and references and substituting words for copy `copy`."""
    if isinstance(value, dict):
        return {k: copy_value(v, k, copy) for k, v in value.items()}
    if isinstance(value, list):
        return [copy_value(v, key, copy) for v in value]  # list items inherit their field's meaning
    if not isinstance(value, str) or key is None:
        return value
    if key in RENAMED_KEYS:
        return copy.rename(value)
    if key == "file":
        return copy.seed_name(value)
    if key in PROSE_KEYS:
        return copy.substitute(value)
    if key in LABEL_KEYS:
        return f"{value} {copy.number}"
    return value


class _Dumper(yaml.CSafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(path: Path, key: str, records: list[dict[str, Any]]) -> int:
    text = yaml.dump({key: records}, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=1_000_000)
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


def synthesise(base: Base, size: int, target: Path, seed: int) -> Synthesis:
    """Write a dossier of `size` copies of the base under `target` (site_data/ and seeds/)."""
    started = time.perf_counter()
    data, seeds = target / "site_data", target / "seeds"
    data.mkdir(parents=True)
    seeds.mkdir()
    shutil.copyfile(base.root / "site_data" / "dossier.yml", data / "dossier.yml")
    for name, text in base.texts.items():
        (seeds / name).write_text(text, encoding="utf-8")
    out: dict[str, list[dict[str, Any]]] = {name: list(items) for name, items in base.records.items()}
    seed_bytes = sum(len(t.encode("utf-8")) for t in base.texts.values())
    for number in range(1, size):
        copy = make_copy(base, number, seed)
        for name, items in base.records.items():
            out[name].extend(copy_value(item, None, copy) for item in items)
        for source in base.records.get("sources.yml", []):
            original = base.texts.get(str(source.get("file")))
            if original is not None:
                new = copy.substitute(original)
                (seeds / copy.seed_name(str(source["file"]))).write_text(new, encoding="utf-8")
                seed_bytes += len(new.encode("utf-8"))
    yaml_bytes = (data / "dossier.yml").stat().st_size
    for name, items in out.items():
        yaml_bytes += _dump(data / name, RECORD_FILES[name], items)
    counts = {RECORD_FILES[name]: len(items) for name, items in out.items()}
    return Synthesis(size, counts, yaml_bytes, seed_bytes, time.perf_counter() - started)


# --------------------------------------------------------------------------------------------------
# Generator worker (runs in its own process)
# --------------------------------------------------------------------------------------------------


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


def run_stages(root: Path, scratch: Path, result: GeneratorResult, seconds: dict[str, float],
               gc_policy: str = "pipeline") -> bool:
    """Load, validate, then render and write as the CLI does (`build --out`: files streamed to disk as they
    are rendered), once: each stage's seconds into `seconds`, the peak RSS after it (first run only), the
    counts and sizes into `result`. The cyclic GC is paused around load+validate and around render+write
    as generator.pipeline does. Render and write interleave; `TimedStream` tells their times apart."""
    from generator.load import ProjectPaths, load_project
    from generator.render import iter_pages
    from generator.render.paths import source_page
    from generator.template_cache import TemplateCache
    from generator.validate import validate
    from generator.write import write_tree

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
        project.read_documents = lambda: iter(parsing)  # type: ignore[method-assign]
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
    # As the CLI does: compiled templates from the project's disk cache (empty on the first run of a size).
    files = iter_pages(dossier, templates, TemplateCache(paths.cache / "templates"))
    stream = TimedStream(files, source_page(dossier.sources[0].id) if dossier.sources else "")
    out = scratch / "markdown"
    with pause():
        _, refusal = timed("write", write_tree, stream, out, [paths.data, paths.seeds, paths.templates])
    if refusal:
        raise RuntimeError(refusal)
    seconds["render"], seconds["write"] = stream.seconds, seconds["write"] - stream.seconds
    result.rss_after_kb["render"] = result.rss_after_kb["write"]
    shutil.rmtree(out)
    result.ok = True
    result.counts = {"sources": len(dossier.sources), "actors": len(dossier.actors), "demands": len(dossier.demands),
                     "events": len(dossier.events), "questions": len(dossier.questions),
                     "citations": dossier.citation_count, "pages": stream.count}
    result.markdown_bytes = stream.markdown_bytes
    result.heaviest_markdown = stream.heaviest_markdown
    result.source_markdown = stream.source_markdown
    return True


def _keep_best(result: GeneratorResult, seconds: dict[str, float]) -> None:
    if not result.seconds:
        result.seconds = dict(seconds)
    for stage, value in seconds.items():
        result.best_seconds[stage] = min(value, result.best_seconds.get(stage, math.inf))


def _import_generator() -> None:
    """Import every stage up front, so no stage's time (or profile) includes imports."""
    for module in ("generator.load", "generator.validate", "generator.render", "generator.write"):
        importlib.import_module(module)


def worker(root: Path, result_file: Path, lift: bool, gc_policy: str) -> None:
    """Entry point of the child process: run the stages (repeatedly while fast) and write JSON."""
    _import_generator()
    if lift:
        lift_limits()
    result = GeneratorResult(rss_baseline_kb=peak_rss_kb())
    scratch = Path(tempfile.mkdtemp(prefix="dossier-scale-md-"))
    try:
        spent, runs = 0.0, 0
        while True:
            started = time.perf_counter()
            seconds: dict[str, float] = {}
            try:
                valid = run_stages(root, scratch, result, seconds, gc_policy)
            finally:
                _keep_best(result, seconds)
            spent += time.perf_counter() - started
            runs += 1
            if not valid or spent >= REPEAT_BUDGET_S or runs >= MAX_REPEATS:
                break
            gc.collect()
        result.repeats = runs
    except Exception as error:  # report, don't hide: the parent prints it
        result.error = f"{type(error).__name__}: {error}"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    result_file.write_text(json.dumps(asdict(result)), encoding="utf-8")


# --------------------------------------------------------------------------------------------------
# Child processes, MkDocs and the built site
# --------------------------------------------------------------------------------------------------


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

    def q(path: Path) -> str:
        return json.dumps(str(path))

    config.write_text(
        f"INHERIT: {q(REPO / 'mkdocs.yml')}\ndocs_dir: {q(REPO / 'docs')}\nsite_dir: {q(site)}\n"
        f"plugins:\n  - search\n  - dossier:\n      data_dir: {q(dossier / 'site_data')}\n"
        f"      seeds_dir: {q(dossier / 'seeds')}\n      templates_dir: {q(TEMPLATES)}\n"
        f"hooks:\n  - {q(TIMING_HOOK)}\n", encoding="utf-8")
    return config


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


# --------------------------------------------------------------------------------------------------
# One size, end to end
# --------------------------------------------------------------------------------------------------


@dataclass
class SizeResult:
    size: int
    synthesis: Synthesis
    generator: GeneratorResult
    generator_wall: float
    mkdocs: MkdocsResult


def measure_size(base: Base, size: int, folder: Path, args: argparse.Namespace) -> SizeResult:
    dossier = folder / "dossier"
    synthesis = synthesise(base, size, dossier, args.seed)
    _progress(f"{size}x: wrote {_bytes(synthesis.yaml_bytes)} YAML + {_bytes(synthesis.seed_bytes)} seeds "
              f"in {synthesis.seconds:.1f} s; running the generator")
    result_file = folder / "generator.json"
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", str(dossier), "--result", str(result_file),
               "--gc", args.gc]
    child = run_child(command + (["--lift-limits"] if args.lift_limits else []), args.generator_timeout)
    if result_file.exists():
        generator = GeneratorResult(**json.loads(result_file.read_text(encoding="utf-8")))
    else:
        reason = f"timed out after {args.generator_timeout:.0f} s" if child.timed_out else \
            f"exit {child.returncode}: {child.stderr.strip()[-500:]}"
        generator = GeneratorResult(error=f"worker produced no result ({reason})")
    mkdocs = MkdocsResult("skipped")
    source_id = str(base.records["sources.yml"][0]["id"]) if base.records.get("sources.yml") else ""
    if size <= args.mkdocs_up_to:
        _progress(f"{size}x: generator {generator.total:.2f} s; running mkdocs build")
        mkdocs = run_mkdocs(folder, dossier, source_id, args.mkdocs_timeout)
        _progress(f"{size}x: mkdocs {mkdocs.status} in {mkdocs.seconds:.1f} s")
    return SizeResult(size, synthesis, generator, child.seconds, mkdocs)


def _progress(message: str) -> None:
    print(f"[scale] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------------


def _bytes(n: float) -> str:
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
                     _bytes(r.synthesis.yaml_bytes), _bytes(r.synthesis.seed_bytes)])
    return rows


def _generator_rows(results: list[SizeResult]) -> list[list[str]]:
    rows = []
    for r in results:
        g = r.generator
        stages = [_s(g.seconds.get(stage)) for stage in STAGES]
        status = "ok" if g.ok else (g.error or f"{g.problems} problem(s)")
        best = f"{_s(g.best_total)} /{g.repeats}" if g.ok and g.repeats > 1 else "-"
        rows.append([f"{r.size}x", *stages, _s(g.total), best, _mb(g.rss_baseline_kb), _mb(g.peak_kb),
                     _bytes(g.markdown_bytes) if g.ok else "-", _heaviest(g.heaviest_markdown),
                     _bytes(g.source_markdown[1]) if g.ok else "-", status[:60]])
    return rows


def _heaviest(entry: tuple[str, int] | list[Any]) -> str:
    path, size = entry
    return f"{path} {_bytes(size)}" if path else "-"


def _mkdocs_rows(results: list[SizeResult]) -> list[list[str]]:
    rows = []
    for r in results:
        m, site = r.mkdocs, r.mkdocs.site
        if m.status == "skipped":
            rows.append([f"{r.size}x", "-", "-", "skipped (above --mkdocs-up-to)", "-", "-", "-", "-", "-"])
            continue
        rows.append([f"{r.size}x", _s(m.seconds), _mb(m.peak_rss_kb), m.status, str(m.warnings),
                     _bytes(site.search_index_bytes) if site else "-",
                     f"{_bytes(site.html_bytes)} / {site.html_pages}" if site else "-",
                     _heaviest(site.heaviest) if site else "-",
                     _bytes(site.source_page[1]) if site and site.source_page[0] else "-"])
    return rows


def _growth(a: float, b: float, factor: float) -> str:
    if a <= 0 or b <= 0:
        return "-"
    ratio = b / a
    return f"x{ratio:.1f} (exp {math.log(ratio) / math.log(factor):.2f})"


def ratio_lines(results: list[SizeResult]) -> list[str]:
    lines = ["Generator time / mkdocs build time (the build includes the generator, run by the plugin):"]
    for r in results:
        if r.mkdocs.status != "skipped" and r.mkdocs.seconds and r.generator.ok:
            share = r.generator.total / r.mkdocs.seconds
            lines.append(f"  {r.size}x: {_s(r.generator.total)} s / {_s(r.mkdocs.seconds)} s = {share:.1%}")
    lines.append("Time per 1,000 citations (generator stages; mkdocs build):")
    for r in results:
        citations = r.generator.counts.get("citations", 0)
        if citations:
            k = citations / 1000
            stages = ", ".join(f"{s} {r.generator.seconds.get(s, 0) / k:.3f}" for s in STAGES)
            build = f"; mkdocs {r.mkdocs.seconds / k:.2f} s" if r.mkdocs.status != "skipped" else ""
            lines.append(f"  {r.size}x ({citations} citations): generator {r.generator.total / k:.3f} s "
                         f"[{stages}]{build}")
    lines.append("Growth between consecutive sizes (exp = log(time ratio) / log(size ratio); 1 linear, 2 quadratic):")
    for a, b in itertools.pairwise(results):
        lines.append(_growth_line(a, b))
    return lines


def _growth_line(a: SizeResult, b: SizeResult) -> str:
    factor = b.size / a.size
    parts = [f"{stage} {_growth(a.generator.seconds.get(stage, 0), b.generator.seconds.get(stage, 0), factor)}"
             for stage in STAGES]
    parts.append(f"generator {_growth(a.generator.total, b.generator.total, factor)}")
    above = [r.generator.peak_kb - r.generator.rss_baseline_kb for r in (a, b)]
    parts.append(f"peak RSS above base {_growth(above[0], above[1], factor)}")
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


def report(base: Base, results: list[SizeResult], args: argparse.Namespace, revision: str) -> str:
    out = [
        f"Dossier scale benchmark — base {base.root} ({len(base.texts)} seed files, "
        f"{len(base.safe_words)} substitutable words); seed {args.seed}; GC policy '{args.gc}'"
        + ("; loader limits lifted" if args.lift_limits else ""),
        f"Python {platform.python_version()} on {platform.platform()}, {os.cpu_count()} CPUs; code {revision}",
        "Times in seconds (wall, perf_counter). Memory = peak resident set (VmHWM) of the generator's fresh "
        "worker process, incl. interpreter + imports (base = after imports), and of the mkdocs process "
        "(read by the timing hook at on_post_build; '<=N' = wait4's ru_maxrss when the hook did not run).",
    ]
    if base.unplaced_quotes:
        out.append(f"NOTE: {base.unplaced_quotes} base quote(s) could not be placed; the base is not valid.")
    out += ["", "Counts", table(["size", "sources", "actors", "demands", "events", "questions", "citations",
                                 "pages", "YAML", "seeds"], _count_rows(results))]
    out += ["", "Generator stages (first run in a fresh process; 'best/n' = best total of n runs in that process; "
                "base/peak RSS in MB; markdown = all generated files, heaviest among .md pages)",
            table(["size", *STAGES, "total", "best/n", "base MB", "peak MB", "markdown", "heaviest .md",
                   "source .md", "status"], _generator_rows(results))]
    out += ["", "mkdocs build (strict, as configured) and the built site",
            table(["size", "build s", "peak MB", "status", "warn", "search index", "HTML / pages",
                   "heaviest page", "source page"], _mkdocs_rows(results))]
    out += _phase_lines(results)
    out += _problem_lines(results)
    out += ["", *ratio_lines(results)]
    return "\n".join(out)


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
        lines.append(f"  {r.size}x: {_s(r.mkdocs.seconds)} s = plugins' on_pre_build (the generator) {_s(pre)} "
                     f"+ Markdown->HTML of pages {_s(pages)} (slowest: {slowest}) + the rest {_s(rest)} "
                     "(startup, nav, theme templates, search index, writing)")
    if not lines:
        return []
    return ["", "Where the mkdocs build time goes (seconds; from benchmarks/mkdocs_timing_hook.py)", *lines]


def _revision() -> str:
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


# --------------------------------------------------------------------------------------------------
# Profile
# --------------------------------------------------------------------------------------------------


def profile(base: Base, size: int, args: argparse.Namespace, top: int = 25) -> None:
    """Run the four generator stages once at `size` under cProfile; print the top functions."""
    _import_generator()
    folder = Path(tempfile.mkdtemp(prefix="dossier-profile-"))
    try:
        synthesis = synthesise(base, size, folder / "dossier", args.seed)
        _progress(f"profile {size}x: wrote {_bytes(synthesis.yaml_bytes)} YAML; profiling")
        if args.lift_limits:
            lift_limits()
        result = GeneratorResult()
        profiler = cProfile.Profile()
        profiler.enable()
        run_stages(folder / "dossier", folder, result, result.seconds, args.gc)
        profiler.disable()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    stages = ", ".join(f"{s} {result.seconds.get(s, 0):.2f} s" for s in STAGES)
    print(f"Profile of the generator at {size}x of {base.root} (cProfile; times inflated by profiling; "
          f"this script's own frames left out): {stages}")
    print(f"counts: {result.counts}" if result.ok else f"NOT VALID: {result.first_problems}")
    stats = pstats.Stats(profiler)
    for title, column in (("cumulative", 3), ("own (tottime)", 2)):
        print(f"\nTop {top} functions by {title} time")
        print(table(["ncalls", "tottime", "cumtime", "function"], _profile_rows(stats, column, top)))


def _profile_rows(stats: pstats.Stats, column: int, top: int) -> list[list[str]]:
    this = str(Path(__file__).resolve())
    entries = sorted(((key, value) for key, value in stats.stats.items()  # type: ignore[attr-defined]
                      if key[0] != this), key=lambda item: item[1][column], reverse=True)
    rows = []
    for (file, line, name), (primitive, calls, own, cumulative, _callers) in entries[:top]:
        where = _short_path(file)
        calls_text = str(calls) if calls == primitive else f"{calls}/{primitive}"
        rows.append([calls_text, f"{own:.3f}", f"{cumulative:.3f}", f"{where}:{line}({name})" if line else name])
    return rows


def _short_path(file: str) -> str:
    for marker in ("site-packages/", f"/lib/python{sys.version_info.major}.{sys.version_info.minor}/"):
        if marker in file:
            return file[file.index(marker) + len(marker):]
    return file[len(str(REPO)) + 1:] if file.startswith(str(REPO)) else file


# --------------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--base", type=Path, default=REPO, help="folder with site_data/ and seeds/ (default: repo)")
    parser.add_argument("--sizes", default="1,10,100,1000", help="comma-separated size factors")
    parser.add_argument("--mkdocs-up-to", type=int, default=100, help="largest size also built with mkdocs")
    parser.add_argument("--mkdocs-timeout", type=float, default=600.0, help="seconds per mkdocs build")
    parser.add_argument("--generator-timeout", type=float, default=3600.0, help="seconds per generator worker")
    parser.add_argument("--out", type=Path, help="keep the synthetic dossiers and sites here (default: temporary)")
    parser.add_argument("--json", type=Path, help="also write the raw results as JSON")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the word substitution")
    parser.add_argument("--lift-limits", action="store_true",
                        help="raise the loader's file-size and value-count limits in the generator worker")
    parser.add_argument("--gc", choices=("pipeline", "on"), default="pipeline",
                        help="'pipeline': pause the cyclic GC as generator.pipeline does (default); 'on': never pause")
    parser.add_argument("--profile", type=int, metavar="SIZE", help="profile the generator once at this size")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        worker(args.worker.resolve(), args.result, args.lift_limits, args.gc)
        return 0
    base = load_base(args.base.resolve())
    if args.profile:
        profile(base, args.profile, args)
        return 0
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    keep = args.out is not None
    root = args.out.resolve() if keep else Path(tempfile.mkdtemp(prefix="dossier-scale-"))
    results: list[SizeResult] = []
    revision = _revision()
    try:
        for size in sizes:
            folder = root / f"size-{size}"
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            results.append(measure_size(base, size, folder, args))
            if args.json:  # after every size, so a long run that is stopped keeps what it measured
                args.json.write_text(json.dumps([asdict(r) for r in results], indent=1), encoding="utf-8")
            if not keep:
                shutil.rmtree(folder, ignore_errors=True)
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)
    after = _revision()
    if after != revision:
        revision = f"{revision} at the start, {after} at the end: the generator changed during the run!"
    print(report(base, results, args, revision))
    return 0 if all(r.generator.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
