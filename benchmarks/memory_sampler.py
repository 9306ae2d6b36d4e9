"""The memory of a process and all its descendants together, sampled from outside while it runs.

A forked worker shares its parent's pages until it writes to them, so adding up the workers' resident
sizes would count those pages twice. The proportional set size (PSS, /proc/PID/smaps_rollup) splits
each shared page among the processes that map it: summed over the process tree it is the memory the
tree really holds. Reading it walks the page tables (about 10 ms for a 800 MB process), so samples are
spaced to keep the sampler under about 5% of one core, never closer than `min_interval`.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

OVERHEAD_SHARE = 0.05


def rollup_kb(pid: int | str, *fields: str) -> int:
    """The sum of these fields of /proc/PID/smaps_rollup (e.g. "Pss:"), in KB; 0 if it cannot be read."""
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text(encoding="ascii").splitlines()
    except OSError:  # ended, or no /proc
        return 0
    return sum(int(line.split()[1]) for line in lines if line.startswith(fields))


def tree_pss_kb(pid: int) -> int:
    """PSS of `pid` and every descendant, in KB (0 for processes gone or unreadable)."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        total += rollup_kb(current, "Pss:")
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text(encoding="ascii").split()
        except OSError:  # ended between two reads, or no /proc
            continue
        pending.extend(int(child) for child in children)
    return total


class TreeSampler:
    """Samples `tree_pss_kb(pid)` in a thread until stopped; `peak_kb` is the highest seen."""

    def __init__(self, pid: int, min_interval: float = 0.1):
        self.pid = pid
        self.min_interval = min_interval
        self.peak_kb = 0
        self.samples = 0
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopped.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stopped.is_set():
            started = time.perf_counter()
            self.peak_kb = max(self.peak_kb, tree_pss_kb(self.pid))
            self.samples += 1
            spent = time.perf_counter() - started
            self._stopped.wait(max(self.min_interval, spent / OVERHEAD_SHARE - spent))
