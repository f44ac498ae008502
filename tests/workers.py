"""Jobs for the worker-pool tests, in a module of their own so that a spawned worker can import them, and a hard
deadline for tests that could hang."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest


def pid_of(job: int) -> tuple[int, int]:
    """The job and the process that answered it."""
    return job, os.getpid()


def square_but_three(job: int) -> int:
    if job == 3:
        raise ValueError("three is refused")
    return job * job


class Unpicklable(Exception):
    def __init__(self, a: str, b: str) -> None:  # two arguments, one in args: pickle cannot make it again
        super().__init__(a)


def refuse_unpicklably(job: int) -> int:
    raise Unpicklable("no", "way")


def die_at_three(job: int) -> int:
    if job == 3:
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would
    return job


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail (instead of hanging the run) if the block takes longer than `seconds`: a bound on hangs only, far
    above the block's time on any machine. Where there is no SIGALRM (Windows), the block runs unbounded."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        pytest.fail(f"still running after {seconds:g} s: hung")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# the real one, taken before any test puts unruly_chunk in its place
from jurisdiction.apps.batch import evaluate_chunk as _evaluate_chunk  # noqa: E402

# Stand-ins for batch's evaluate_chunk (tests put one in its place): a case whose text holds one of these marks
# misbehaves in its worker as a real case might, the others are answered as usual.
EXHAUST_MEMORY, KILL_WORKER, TIME_LIMIT, BUG = "exhaust-memory", "kill-worker", "over-time", "meets-a-bug"


def unruly_chunk(items: Any, regime_names: Any, assume_all_parties: bool = False, timeout: float | None = None) -> Any:
    from jurisdiction.engine.solver import LimitReached

    texts = [item.text or "" for item in items]
    if any(KILL_WORKER in text for text in texts):
        os.kill(os.getpid(), signal.SIGKILL)
    if any(EXHAUST_MEMORY in text for text in texts):
        hog()
    if any(TIME_LIMIT in text for text in texts):
        raise LimitReached("cut short: no answer within the time limit of 1 s", "allow more time", cut_short=True)
    if any(BUG in text for text in texts):
        raise TypeError("a bug")
    return _evaluate_chunk(items, regime_names, assume_all_parties, timeout)


def hog(most: int = 8 * 2**30) -> None:
    """Take memory in blocks until the worker's bound stops it (MemoryError). Without a bound, fail after `most`
    bytes of address space: zero-filled blocks from mmap, never written, so the machine loses nothing."""
    blocks = []
    while len(blocks) * 2**26 < most:
        blocks.append(bytearray(2**26))
    raise AssertionError(f"no memory bound: {most / 2**30:g} GB taken")


def take_memory(megabytes: int) -> int:
    """A pool job: hold this much memory for a moment (written, so that it is really there)."""
    block = bytearray(megabytes * 2**20)
    block[::4096] = b"x" * len(block[::4096])
    return os.getpid()


def say_busy_then_sleep(seconds: float) -> int:
    """A pool job that says it has begun (its pid on standard output), then sleeps: a worker busy for a while."""
    import time

    print(f"busy {os.getpid()}", flush=True)
    time.sleep(seconds)
    return os.getpid()


def gone(pid: int) -> bool:
    """No such process any more (or a zombie, which only waits for a parent to read its exit)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def all_gone(pids: set[int], within: float = 60.0) -> bool:
    """Whether every process of `pids` ends within `within` seconds: a worker told of its parent's death by the
    kernel (PR_SET_PDEATHSIG) still takes a moment to go, longer on a loaded machine; the bound only guards
    against a worker that never goes."""
    import time

    end = time.monotonic() + within
    while not all(gone(pid) for pid in pids):
        if time.monotonic() > end:
            return False
        time.sleep(0.05)
    return True


def children_of(pid: int) -> set[int]:
    """The processes whose parent is `pid` (Linux)."""
    out = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                out.add(int(entry))
    return out


RELEASE = __import__("threading").Event()  # set by a test to let stuck_from_ten go on


def stuck_from_ten(items: Any, *args: Any, **kwargs: Any) -> Any:
    """evaluate_chunk, except that a chunk from the eleventh case on waits for RELEASE: for a Dask worker that
    runs in the test's own process (processes=False), a worker busy until the test lets it go."""
    if items[0].index >= 10:
        RELEASE.wait(600)
    return _evaluate_chunk(items, *args, **kwargs)


def _command_of(pid: int) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read()
    except OSError:
        return b""


def workers_of(pid: int) -> set[int]:
    """The pool workers of process `pid` (Linux): its children, and the children of its fork server
    (pool.worker_context); not the fork server itself, nor multiprocessing's resource tracker."""
    out = set()
    for child in children_of(pid):
        command = _command_of(child)
        if b"multiprocessing.forkserver" in command:
            out |= children_of(child)
        elif b"multiprocessing.resource_tracker" not in command:
            out.add(child)
    return out


def fork_servers_of(pid: int) -> set[int]:
    """The fork servers among the children of `pid` (Linux): they must end with it too."""
    return {child for child in children_of(pid) if b"multiprocessing.forkserver" in _command_of(child)}


def preloaded(_: Any) -> list[bool]:
    """A pool job: whether each module the fork server preloads was imported before the job."""
    import sys

    from jurisdiction.apps.pool import PRELOAD

    return [name in sys.modules for name in PRELOAD]
