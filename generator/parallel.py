"""Work shared out over forked worker processes: rendering is CPU-bound Python, so a second core needs a
second process.

Fork, not spawn: a worker starts with the prepared site already in its memory (shared with the parent
until either writes to it), so nothing is pickled or rebuilt. Fork is used only where it is safe: on a
POSIX system, from a process running a single thread (the CLI; not under `mkdocs serve`, whose file
watcher runs threads). Anywhere else the work runs here, in one share.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from generator.render import Share

MAX_AUTO_WORKERS = 4  # each worker copies the memory it touches; beyond a few, the gain is small


class WorkerFailed(RuntimeError):
    """A forked worker raised, or died; the message carries its traceback or its exit status."""


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def auto_workers() -> int:
    return max(1, min(usable_cpus(), MAX_AUTO_WORKERS))


def can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


def run_shared(task: Callable[[Share], int], workers: int) -> int:
    """`task(Share(k, workers))` for every k at once: k = 0 in this process, the others in forked children.

    Returns the sum of what the tasks return. One failure fails the whole: the other workers are
    stopped, and a child's traceback comes back in `WorkerFailed`."""
    if workers <= 1 or not can_fork():
        return task(Share(0, 1))
    children: list[_Child] = []
    try:
        children = [_fork(task, Share(k, workers)) for k in range(1, workers)]
        total = task(Share(0, workers))
        while children:
            total += _collect(children.pop(0))
        return total
    except BaseException:
        _stop(children)
        raise


@dataclass(frozen=True)
class _Child:
    pid: int
    report: int  # the read end of the pipe the child writes its result or traceback to
    share: Share


def _fork(task: Callable[[Share], int], share: Share) -> _Child:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        _run_child(task, share, write_end)  # never returns
    os.close(write_end)
    return _Child(pid, read_end, share)


def _run_child(task: Callable[[Share], int], share: Share, report: int) -> None:
    """Run one share and leave with os._exit: no exit handlers, no flushing of the parent's buffers, and
    no teardown walking every object (which would copy the parent's memory page by page)."""
    status, text = 1, ""
    try:
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
    if os.waitstatus_to_exitcode(status) == 0 and text.startswith("ok "):
        return int(text[3:])
    code = os.waitstatus_to_exitcode(status)
    how = f"was killed by signal {-code}" if code < 0 else f"exited with status {code}"
    name = f"render worker {child.share.index + 1} of {child.share.count}"
    raise WorkerFailed(f"{name} {how}" + (f":\n{text.rstrip()}" if text and not text.startswith("ok ") else ""))


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
