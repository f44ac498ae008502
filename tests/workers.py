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
