"""How the Dossier generator and the MkDocs build scale with the size of the dossier.

Usage (from the project folder)::

    .venv/bin/python benchmarks/scale.py [--base DIR] [--sizes 1,10,100,1000] [--mkdocs-up-to 100] [--out DIR]
    .venv/bin/python benchmarks/scale.py --profile 100      # where the generator's time goes at 100x

For each size it

1. writes a synthetic dossier of that many copies of the base, every quote still verifiable
   (``synthetic.py``);
2. runs the generator in a fresh process and times each stage, with peak memory (``worker.py``), in
   ``--rounds`` rounds that interleave the sizes, keeping each size's first run and its best run;
3. up to ``--mkdocs-up-to``, builds the same dossier with ``mkdocs build`` and weighs the site it makes
   (``mkdocs_run.py``);

then prints tables per size, the ratios (generator time / mkdocs build time, time per 1,000 citations),
the growth between consecutive sizes with its empirical exponent (log time ratio / log size ratio: about
1 is linear, 2 quadratic) and each target read against the figures (``report.py``).

The copies are annotated as densely as the base (about 90 citations per source); ``--annotated-every K``
annotates one copy in K and lets the others add sources alone, for dossiers of many sources and
sparser citations.

``--profile SIZE`` builds one dossier of that size and runs the generator once under pyinstrument (a
sampling profiler: little distortion) when it is installed, else cProfile, and prints where the time
goes. Everything is deterministic (``--seed``). ``benchmarks/serve_reload.py`` measures ``mkdocs serve``.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import json
import pstats
import shutil
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

from mkdocs_run import MkdocsResult, run_child, run_mkdocs
from report import SizeResult, bytes_text, report, revision, table
from synthetic import Base, load_base, synthesise
from worker import STAGES, GeneratorResult, import_generator, lift_limits, merged, run_stages, worker

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SEED = 20220126


def run_generator(size: int, folder: Path, args: argparse.Namespace) -> GeneratorResult:
    """One fresh worker process on the dossier of `size` (see worker.py)."""
    result_file = folder / "generator.json"
    result_file.unlink(missing_ok=True)
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", str(folder / "dossier"),
               "--result", str(result_file), "--runs", "1", "--scratch", str(folder / "runs")]
    child = run_child(command + (["--lift-limits"] if args.lift_limits else []), args.generator_timeout)
    if result_file.exists():
        return GeneratorResult(**json.loads(result_file.read_text(encoding="utf-8")))
    reason = f"timed out after {args.generator_timeout:.0f} s" if child.timed_out else \
        f"exit {child.returncode}: {child.stderr.strip()[-500:]}"
    return GeneratorResult(error=f"worker produced no result ({reason})")


def measure(base: Base, sizes: list[int], root: Path, args: argparse.Namespace) -> list[SizeResult]:
    """Write every dossier, run the generator on each in `--rounds` rounds, then build up to --mkdocs-up-to.

    Rounds interleave the sizes (1x, 10x, 100x, 1000x, then again): a shared machine that slows down for
    a few minutes then slows every size alike, instead of the one measured at that moment."""
    syntheses = {}
    for size in sizes:
        folder = root / f"size-{size}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        syntheses[size] = synthesise(base, size, folder / "dossier", args.seed, args.annotated_every)
        _progress(f"{size}x: wrote {bytes_text(syntheses[size].yaml_bytes)} YAML + "
                  f"{bytes_text(syntheses[size].seed_bytes)} seeds in {syntheses[size].seconds:.1f} s")
    generators: dict[int, GeneratorResult] = {}
    for round_number in range(1, args.rounds + 1):
        for size in sizes:
            found = run_generator(size, root / f"size-{size}", args)
            generators[size] = merged(generators[size], found) if size in generators else found
            _progress(f"{size}x: generator {found.best_total:.2f} s (round {round_number} of {args.rounds})")
    results = []
    source_id = str(base.records["sources.yml"][0]["id"]) if base.records.get("sources.yml") else ""
    for size in sizes:
        mkdocs = MkdocsResult("skipped")
        if size <= args.mkdocs_up_to:
            folder = root / f"size-{size}"
            mkdocs = run_mkdocs(folder, folder / "dossier", source_id, args.mkdocs_timeout)
            _progress(f"{size}x: mkdocs {mkdocs.status} in {mkdocs.seconds:.1f} s")
        results.append(SizeResult(size, syntheses[size], generators[size], mkdocs))
        if args.json:  # as it goes, so a long run that is stopped keeps what it measured
            args.json.write_text(json.dumps([asdict(r) for r in results], indent=1), encoding="utf-8")
    for size in sizes:  # the generator runs' outputs, kept until every run and build was measured
        shutil.rmtree(root / f"size-{size}" / "runs", ignore_errors=True)
    return results


def _progress(message: str) -> None:
    print(f"[scale] {message}", file=sys.stderr, flush=True)


def profile(base: Base, size: int, args: argparse.Namespace, top: int = 25) -> None:
    """Run the generator once at `size` under a profiler; print where the time goes."""
    import_generator()
    folder = Path(tempfile.mkdtemp(prefix="dossier-profile-"))
    try:
        synthesis = synthesise(base, size, folder / "dossier", args.seed, args.annotated_every)
        _progress(f"profile {size}x: wrote {bytes_text(synthesis.yaml_bytes)} YAML; profiling")
        if args.lift_limits:
            lift_limits()
        result = GeneratorResult()
        if importlib.util.find_spec("pyinstrument") is not None:
            from pyinstrument import Profiler

            sampler = Profiler(interval=0.001)
            sampler.start()
            run_stages(folder / "dossier", folder, result, result.seconds)
            sampler.stop()
            print(sampler.output_text(unicode=False, color=False))
        else:
            profiler = cProfile.Profile()
            profiler.enable()
            run_stages(folder / "dossier", folder, result, result.seconds)
            profiler.disable()
            _print_cprofile(pstats.Stats(profiler), top)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    stages = ", ".join(f"{s} {result.seconds.get(s, 0):.2f} s" for s in STAGES)
    print(f"Generator at {size}x of {base.root} (times inflated by profiling): {stages}")
    print(f"counts: {result.counts}" if result.ok else f"NOT VALID: {result.first_problems}")


def _print_cprofile(stats: pstats.Stats, top: int) -> None:
    print("(cProfile: pip install pyinstrument for a sampling profile with less distortion)")
    for title, column in (("cumulative", 3), ("own (tottime)", 2)):
        print(f"\nTop {top} functions by {title} time")
        print(table(["ncalls", "tottime", "cumtime", "function"], _profile_rows(stats, column, top)))


def _profile_rows(stats: pstats.Stats, column: int, top: int) -> list[list[str]]:
    here = str(Path(__file__).resolve().parent)
    entries = sorted(((key, value) for key, value in stats.stats.items()  # type: ignore[attr-defined]
                      if not key[0].startswith(here)), key=lambda item: item[1][column], reverse=True)
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



def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--base", type=Path, default=REPO, help="folder with site_data/ and seeds/ (default: repo)")
    parser.add_argument("--sizes", default="1,10,100,1000", help="comma-separated size factors")
    parser.add_argument("--mkdocs-up-to", type=int, default=100, help="largest size also built with mkdocs")
    parser.add_argument("--mkdocs-timeout", type=float, default=600.0, help="seconds per mkdocs build")
    parser.add_argument("--generator-timeout", type=float, default=3600.0, help="seconds per generator worker")
    parser.add_argument("--out", type=Path, help="keep the synthetic dossiers and sites here (default: temporary)")
    parser.add_argument("--json", type=Path, help="also write the raw results as JSON")
    parser.add_argument("--annotated-every", type=int, default=1, metavar="K",
                        help="annotate only every K-th copy; the others add sources alone (default 1: all; "
                             "9 gives 100x the issue's shape, 500 sources and about 5,000 citations)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the word substitution")
    parser.add_argument("--lift-limits", action="store_true",
                        help="raise the loader's file-size and value-count limits in the generator worker")
    parser.add_argument("--rounds", type=int, default=2,
                        help="rounds of generator runs over all sizes (the best run is used for ratios and growth)")
    parser.add_argument("--runs", type=int, default=1, help=argparse.SUPPRESS)  # per worker process
    parser.add_argument("--profile", type=int, metavar="SIZE", help="profile the generator once at this size")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--scratch", type=Path, help=argparse.SUPPRESS)  # where a worker's runs write
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.annotated_every < 1:
        parser.error("--annotated-every must be at least 1 (1: every copy annotated)")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        worker(args.worker.resolve(), args.result, args.lift_limits, args.runs, args.scratch)
        return 0
    base = load_base(args.base.resolve())
    if args.profile:
        profile(base, args.profile, args)
        return 0
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    keep = args.out is not None
    root = args.out.resolve() if keep else Path(tempfile.mkdtemp(prefix="dossier-scale-"))
    started_at = revision()
    try:
        results = measure(base, sizes, root, args)
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)
    ended_at = revision()
    code = started_at if ended_at == started_at else \
        f"{started_at} at the start, {ended_at} at the end: the generator changed during the run!"
    print(report(base, results, args, code))
    return 0 if all(r.generator.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
