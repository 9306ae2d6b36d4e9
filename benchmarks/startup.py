"""How long `python -m generator check` takes as a user waits for it, and where its start-up goes.

    .venv/bin/python benchmarks/startup.py [--runs 5] [--root DIR]

Runs the command in a fresh process `--runs` times (after one warm-up run, so the disk cache and
compiled bytecode are as a user's second run finds them) and prints the median and range of the wall
time, then one run under `python -X importtime`: the slowest imports, and the time left for the check
itself. The target is a median of at most 0.4 s on the example dossier.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 0.4


def wall_times(root: Path, runs: int) -> list[float]:
    command = [sys.executable, "-m", "generator", "--root", str(root), "check"]
    subprocess.run(command, cwd=ROOT, capture_output=True, check=True)  # warm-up: bytecode, disk cache
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return times


def import_times(root: Path) -> dict[str, int]:
    """Cumulative microseconds of every top-level import, from `-X importtime`."""
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "generator", "--root", str(root), "check"],
                         cwd=ROOT, capture_output=True, text=True, check=True)
    found: dict[str, int] = {}
    for line in run.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)", line)
        if match and len(match.group(2)) <= 3:  # the imports the program itself asked for, and theirs
            found[match.group(3)] = int(match.group(1))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--root", type=Path, default=ROOT, help="the dossier project (default: this one)")
    args = parser.parse_args(argv)
    times = wall_times(args.root.resolve(), args.runs)
    median = statistics.median(times)
    print(f"python -m generator check: median {median:.3f} s over {len(times)} runs "
          f"(min {min(times):.3f}, max {max(times):.3f}); target <= {TARGET_S} s -> "
          f"{'met' if median <= TARGET_S else 'MISSED'}")
    imports = import_times(args.root.resolve())
    slowest = sorted(imports.items(), key=lambda item: -item[1])[:8]
    print("slowest imports (cumulative ms, -X importtime): "
          + ", ".join(f"{name} {micro / 1000:.0f}" for name, micro in slowest))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
