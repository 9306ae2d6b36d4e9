"""Work shared out over forked processes: every share runs once, in its own process; a share whose worker
fails, dies or cannot be started is done in the main process, and no process is left behind."""

from __future__ import annotations

import logging
import os
import signal
import threading
from pathlib import Path

import pytest

from generator import parallel
from generator.parallel import Share, WorkerFailed, _collect, forked, run_shared


def _no_child_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_every_share_runs_once_each_in_a_process_of_its_own(tmp_path: Path) -> None:
    def task(share: Share) -> int:
        (tmp_path / f"share-{share.index}-of-{share.count}").write_text(str(os.getpid()))
        return 10 ** share.index

    assert threading.active_count() == 1, "the test process must be single-threaded for fork to be used"
    assert run_shared(task, 3) == 111  # 1 + 10 + 100: every share's result, once
    pids = {p.name: p.read_text() for p in tmp_path.iterdir()}
    assert sorted(pids) == ["share-0-of-3", "share-1-of-3", "share-2-of-3"]
    assert pids["share-0-of-3"] == str(os.getpid()) and len(set(pids.values())) == 3
    assert _no_child_left()


def test_the_share_of_a_worker_that_failed_is_done_again_here(caplog: pytest.LogCaptureFixture) -> None:
    main = os.getpid()

    def task(share: Share) -> int:
        if share.index == 1 and os.getpid() != main:
            raise ValueError("no such paragraph in share 1")
        return 10 ** share.index

    with caplog.at_level(logging.WARNING, logger="generator.parallel"):
        assert run_shared(task, 2) == 11
    assert caplog.messages == ["worker 2 of 2 exited with status 1 (ValueError: no such paragraph in share 1); "
                               "doing its share in the main process instead"]
    assert _no_child_left()


def test_a_worker_that_dies_is_named_with_its_signal_and_its_share_done_here(caplog: pytest.LogCaptureFixture
                                                                             ) -> None:
    main = os.getpid()

    def task(share: Share) -> int:
        if share.index == 1 and os.getpid() != main:
            os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would
        return 1

    with caplog.at_level(logging.WARNING, logger="generator.parallel"):
        assert run_shared(task, 3) == 3
    assert caplog.messages == ["worker 2 of 3 was killed by signal 9; doing its share in the main process instead"]
    assert _no_child_left()


def test_a_bug_in_a_share_raises_here_with_its_own_traceback() -> None:
    def task(share: Share) -> int:
        if share.index == 1:
            raise ValueError("no such paragraph in share 1")
        return 1

    with pytest.raises(ValueError, match="no such paragraph in share 1"):
        run_shared(task, 2)
    assert _no_child_left()


def test_the_failure_report_carries_the_workers_traceback() -> None:
    def task(share: Share) -> int:
        raise KeyError("missing page spec")

    with forked(task, 2) as helpers, pytest.raises(WorkerFailed) as failure:
        _collect(helpers.children.pop())
    assert str(failure.value).startswith("worker 2 of 2 exited with status 1:\nTraceback")
    assert "KeyError: 'missing page spec'" in str(failure.value)
    assert _no_child_left()


def test_a_failure_here_stops_the_other_workers(tmp_path: Path) -> None:
    def task(share: Share) -> int:
        if share.index == 0:
            raise RuntimeError("disk full")
        signal.pause()  # would wait for ever: only being stopped ends it
        return 1

    with pytest.raises(RuntimeError, match="disk full"):
        run_shared(task, 3)
    assert _no_child_left()


def test_without_a_safe_fork_the_work_runs_here_in_one_share(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[Share, int]] = []

    def task(share: Share) -> int:
        seen.append((share, os.getpid()))
        return 7

    monkeypatch.setattr(threading, "active_count", lambda: 2)  # e.g. under mkdocs serve's watcher threads
    assert run_shared(task, 4) == 7
    assert seen == [(Share(0, 1), os.getpid())]
    assert run_shared(task, 1) == 7  # one worker: never a fork


def test_shares_partition_the_files() -> None:
    for count in (1, 2, 3, 4):
        shares = [Share(k, count) for k in range(count)]
        assert all(sum(s.holds(n) for s in shares) == 1 for n in range(50))
    with pytest.raises(ValueError, match="share 2 of 2 does not exist"):
        Share(2, 2)


def test_automatic_workers_follow_the_usable_cpus_within_the_memory_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    mb = 1 << 20
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 2)
    assert parallel.auto_workers(100 * mb) == 2
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 64)
    assert parallel.auto_workers(100 * mb) == parallel.MAX_AUTO_WORKERS
    assert parallel.auto_workers(400 * mb) == 2  # three would not fit in 1 GiB
    assert parallel.auto_workers(800 * mb) == 1  # a dossier this large renders in one process
    monkeypatch.setattr(parallel, "resident_bytes", lambda: 300 * mb)  # by default: what this process holds
    assert parallel.auto_workers() == 3


def test_this_process_memory_is_read() -> None:
    assert 10 << 20 < parallel.resident_bytes() < 64 << 30


def _open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_a_worker_that_cannot_be_started_has_its_share_done_here(monkeypatch: pytest.MonkeyPatch,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    before = _open_descriptors()
    with caplog.at_level(logging.WARNING, logger="generator.parallel"):
        assert run_shared(lambda share: 10 ** share.index, 3) == 111
    assert _open_descriptors() == before  # the pipes of the forks that failed are closed
    assert caplog.messages == [f"could not start worker {k} of 3 ([Errno 11] Resource temporarily unavailable); "
                               "doing its share in the main process" for k in (2, 3)]


def test_an_interrupt_in_the_main_process_stops_and_reaps_the_workers() -> None:
    def task(share: Share) -> int:
        if share.index == 0:
            raise KeyboardInterrupt
        signal.pause()
        return 1

    with pytest.raises(KeyboardInterrupt):
        run_shared(task, 3)
    assert _no_child_left()
