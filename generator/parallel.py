"""Work shared out over forked worker processes: parsing YAML and rendering pages are CPU-bound Python,
so a second core needs a second process.

Fork, not spawn: a worker starts with everything the work needs already in its memory (shared with the
parent until either writes to it), so nothing is pickled or rebuilt on the way in. Fork is used only
where it is safe: on a POSIX system, from a process running a single thread (the CLI, `mkdocs build`;
not under `mkdocs serve`, whose file watcher runs threads). Anywhere else the work runs here, in one
share.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)
MAX_AUTO_WORKERS = 4  # beyond a few, the gain is small and each worker costs memory
# What the processes of one build may hold together when the number of workers is chosen for the user.
# A forked worker shares the parent's memory only until it touches it, and rendering touches nearly
# every object (each reference count written copies its page): at 1000 times the example dossier a
# render worker came to hold 723 MB of its own beside the parent's 880 MB.
MEMORY_BUDGET = 1 << 30


@dataclass(frozen=True)
class Share:
    """One worker's part of numbered work: the items whose number is `index` modulo `count`.

    Render numbers the generated files in their fixed order, so consecutive pages (of one kind, of
    similar cost) go to different workers; every item belongs to exactly one share."""

    index: int = 0
    count: int = 1

    def __post_init__(self) -> None:
        if not 0 <= self.index < self.count:
            raise ValueError(f"share {self.index} of {self.count} does not exist")

    def holds(self, number: int) -> bool:
        return number % self.count == self.index


class WorkerFailed(RuntimeError):
    """A forked worker raised, or died: `summary` names it and how it ended, `traceback` is its own (or '')."""

    def __init__(self, summary: str, traceback: str = ""):
        super().__init__(f"{summary}:\n{traceback}" if traceback else summary)
        self.summary = summary
        self.traceback = traceback

    @property
    def cause(self) -> str:
        """The last line of the worker's traceback, e.g. 'ValueError: …' ('' when it died without one)."""
        return self.traceback.splitlines()[-1].strip() if self.traceback else ""


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def auto_workers(each_may_take: int | None = None) -> int:
    """One worker per usable CPU, at most MAX_AUTO_WORKERS, and no more than fit in MEMORY_BUDGET when each
    may come to take `each_may_take` bytes (default: as much as this process holds now)."""
    each = resident_bytes() if each_may_take is None else each_may_take
    fit = MEMORY_BUDGET // each if each > 0 else MAX_AUTO_WORKERS
    return max(1, min(usable_cpus(), MAX_AUTO_WORKERS, fit))


def resident_bytes() -> int:
    """This process's resident memory now (Linux), or 0 where it cannot be read."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


def run_shared(task: Callable[[Share], int], workers: int) -> int:
    """`task(Share(k, workers))` for every k at once: k = 0 in this process, the others in forked children.

    Returns the sum of what the tasks return. A share whose worker failed is done again here (see
    `Helpers.wait`); an exception here stops the workers still running."""
    with forked(task, workers) as helpers:
        return task(helpers.share) + helpers.wait()


@contextlib.contextmanager
def forked(task: Callable[[Share], int], workers: int) -> Iterator[Helpers]:
    """Start `task(Share(k, workers))` for k = 1 … workers - 1 in forked children, and hand back what this
    process is to do meanwhile (`Helpers.share`: share 0, or every share when no fork is possible).

    `Helpers.wait()` collects the children's results. Leaving the block any other way (an exception, a
    generator closed early) stops the children still running; none is left behind."""
    helpers = Helpers(task)
    try:
        if workers > 1 and can_fork():
            helpers.share = Share(0, workers)
            for k in range(1, workers):
                try:
                    _fork(task, Share(k, workers), helpers.children)
                except OSError as error:  # e.g. a process limit: this share is done here, after the others
                    logger.warning("could not start worker %d of %d (%s); doing its share in the main process",
                                   k + 1, workers, error)
                    helpers.unforked.append(Share(k, workers))
        yield helpers
    finally:
        _stop(helpers.children)


@dataclass
class Helpers:
    task: Callable[[Share], int]
    share: Share = Share(0, 1)  # what this process does itself
    children: list[_Child] = field(default_factory=list)
    unforked: list[Share] = field(default_factory=list)  # shares no worker could be started for

    def wait(self) -> int:
        """The sum of the children's results, once each has ended, and of the shares no child took.

        The share of a child that failed or died is done again here, with a warning: the tasks are
        deterministic, so the result is the same; a bug then raises here with its own traceback, and a
        worker killed for want of memory costs time rather than the build."""
        total = 0
        while self.children:
            child = self.children.pop(0)
            try:
                total += _collect(child)
            except WorkerFailed as failure:
                cause = f" ({failure.cause})" if failure.cause else ""
                logger.warning("%s%s; doing its share in the main process instead", failure.summary, cause)
                total += self.task(child.share)
        while self.unforked:
            total += self.task(self.unforked.pop(0))
        return total


@dataclass(frozen=True)
class _Child:
    pid: int
    report: int  # the read end of the pipe the child writes its result or traceback to
    share: Share


# Held back while a worker is forked and recorded: an interrupt then could leave a child nobody stops, or
# (in the child, before it is inside its own handler) unwind through the parent's code.
_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _fork(task: Callable[[Share], int], share: Share, children: list[_Child]) -> None:
    """Fork a worker for `share` and record it in `children`, with the stop signals held back meanwhile."""
    read_end, write_end = os.pipe()
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        pid = os.fork()
        if pid == 0:
            _run_child(task, share, read_end, write_end, mask)  # never returns
        children.append(_Child(pid, read_end, share))
    except BaseException:
        os.close(read_end)
        raise
    finally:  # in this process only: the child leaves through os._exit
        os.close(write_end)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def _run_child(task: Callable[[Share], int], share: Share, parent_end: int, report: int,
               mask: set[signal.Signals | int]) -> None:
    """Run one share and leave with os._exit, whatever happens: no exit handlers, no flushing of the
    parent's buffers, no cleanup of the parent's (the staging folder, the other workers), and no
    teardown walking every object (which would copy the parent's memory page by page)."""
    status, text = 1, ""
    try:
        os.close(parent_end)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # an interrupt from here on is this child's own
        text = f"ok {task(share)}"
        status = 0
    except BaseException:
        text = traceback.format_exc()
    finally:
        try:
            with os.fdopen(report, "w", encoding="utf-8") as pipe:
                pipe.write(text)
        finally:
            os._exit(status)


def _collect(child: _Child) -> int:
    """The child's result once it has ended (it is reaped whatever happens); WorkerFailed if it raised or died."""
    try:
        with os.fdopen(child.report, encoding="utf-8", errors="replace") as pipe:
            text = pipe.read()  # before waiting: a long traceback must not block the child on a full pipe
    except BaseException:  # interrupted while waiting: don't leave the child running
        with contextlib.suppress(ProcessLookupError):
            os.kill(child.pid, signal.SIGKILL)
        raise
    finally:
        _, status = os.waitpid(child.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code == 0 and text.startswith("ok "):
        return int(text[3:])
    how = f"was killed by signal {-code}" if code < 0 else f"exited with status {code}"
    raise WorkerFailed(f"worker {child.share.index + 1} of {child.share.count} {how}",
                       "" if text.startswith("ok ") else text.rstrip())


def _stop(children: list[_Child]) -> None:
    """End the children still running and reap them, so none is left behind as a zombie."""
    for child in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(child.pid, signal.SIGKILL)
    for child in children:
        with contextlib.suppress(OSError):
            os.close(child.report)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(child.pid, 0)
