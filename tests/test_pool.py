"""The worker pool of batch: answers in order, each worker replaced after its share, a bounded window, a failed
job (an exception, a killed worker) reported at its turn and as what it was, a memory bound per worker, and no
worker outliving its parent."""

from __future__ import annotations

import multiprocessing
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from workers import (
    deadline,
    die_at_three,
    gone,
    pid_of,
    preloaded,
    refuse_unpicklably,
    square_but_three,
    take_memory,
    workers_of,
)

from jurisdiction.apps.pool import Failed, RemoteTraceback, WorkerLost, ordered_map, ordered_outcomes

SPAWN = multiprocessing.get_context("spawn")
HANG = 300  # seconds: only a hang comes near this (each test takes a few seconds)


def test_workers_are_replaced_after_their_share_and_answers_keep_their_order() -> None:
    # The shape that deadlocks ProcessPoolExecutor(max_tasks_per_child=2) on Python 3.11 to 3.13 (cpython#115634):
    # more jobs than workers times their share, with a backlog waiting.
    with deadline(HANG):
        out = list(ordered_map(pid_of, range(20), workers=2, jobs_per_worker=2, window=6))
    assert [job for job, _ in out] == list(range(20))
    per_process = Counter(pid for _, pid in out)
    assert max(per_process.values()) <= 2 and len(per_process) >= 10
    assert not multiprocessing.active_children()


def test_one_job_per_worker_and_one_worker() -> None:
    with deadline(HANG):
        out = list(ordered_map(pid_of, range(6), workers=1, jobs_per_worker=1))
    assert [job for job, _ in out] == list(range(6)) and len({pid for _, pid in out}) == 6


def test_no_more_than_the_window_is_read_ahead() -> None:
    read = 0

    def jobs() -> Iterator[int]:
        nonlocal read
        for job in range(12):
            read += 1
            yield job

    with deadline(HANG):
        for taken, (job, _) in enumerate(ordered_map(pid_of, jobs(), workers=2, jobs_per_worker=3, window=3)):
            assert job == taken and read <= taken + 3
    assert read == 12


def test_an_exception_comes_back_at_its_turn_with_the_workers_traceback(capfd: pytest.CaptureFixture[str]) -> None:
    got: list[int] = []
    with deadline(HANG), pytest.raises(ValueError, match="three is refused") as raised:
        got.extend(ordered_map(square_but_three, range(8), workers=2, jobs_per_worker=2))
    assert got == [0, 1, 4]  # every answer before the failed job, none after
    cause = raised.value.__cause__
    assert isinstance(cause, RemoteTraceback) and "square_but_three" in str(cause)
    assert not multiprocessing.active_children()
    assert "Traceback" not in capfd.readouterr().err  # the workers ended quietly, even one still starting


def test_an_exception_that_cannot_be_pickled_is_told_by_name() -> None:
    with deadline(HANG), pytest.raises(RuntimeError, match="Unpicklable: no"):
        list(ordered_map(refuse_unpicklably, range(2), workers=1, jobs_per_worker=2))


def test_a_killed_worker_is_told_from_a_retired_one_and_names_its_job() -> None:
    got: list[int] = []
    with deadline(HANG), pytest.raises(WorkerLost) as raised:
        got.extend(ordered_map(die_at_three, range(8), workers=2, jobs_per_worker=1))
    assert got == [0, 1, 2]  # the retired workers (one job each) were not taken for lost ones
    assert raised.value.job == 3 and raised.value.exitcode == -signal.SIGKILL and "SIGKILL" in str(raised.value)
    assert not multiprocessing.active_children()


def test_leaving_early_ends_the_workers(capfd: pytest.CaptureFixture[str]) -> None:
    with deadline(HANG):
        answers = ordered_map(pid_of, range(100), workers=2, jobs_per_worker=50)
        assert next(answers)[0] == 0
        answers.close()
    assert not multiprocessing.active_children()
    assert "Traceback" not in capfd.readouterr().err


def test_the_function_may_be_a_partial() -> None:
    with deadline(HANG):
        assert list(ordered_map(partial(pow, exp=2), range(5), workers=2, jobs_per_worker=2)) == [0, 1, 4, 9, 16]


def test_a_failed_job_gives_failed_in_its_place_and_the_others_go_on() -> None:
    with deadline(HANG):
        out = list(ordered_outcomes(die_at_three, range(6), workers=2, jobs_per_worker=3))
    assert out[:3] == [0, 1, 2] and out[4:] == [4, 5]
    assert isinstance(out[3], Failed) and isinstance(out[3].exception, WorkerLost)
    with deadline(HANG):
        out = list(ordered_outcomes(square_but_three, range(6), workers=1, jobs_per_worker=10))
    assert isinstance(out[3], Failed) and isinstance(out[3].exception, ValueError)
    assert [x for i, x in enumerate(out) if i != 3] == [0, 1, 4, 16, 25]
    assert not multiprocessing.active_children()


def test_a_worker_has_a_memory_bound_and_is_replaced_after_exceeding_it() -> None:
    # 2,000 MB in a worker bounded to 600 MB: a MemoryError there, and a fresh worker for the next job
    with deadline(HANG):
        out = list(ordered_outcomes(take_memory, [10, 2000, 10, 10], workers=1, jobs_per_worker=10, memory=600 << 20))
    assert isinstance(out[1], Failed) and isinstance(out[1].exception, MemoryError)
    first, _, after, again = out
    assert first != after == again  # replaced once, after the failure only
    with deadline(HANG):  # the same job without the bound is answered: the bound, not the machine, refused it
        assert isinstance(next(ordered_outcomes(take_memory, [2000], workers=1, jobs_per_worker=1)), int)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_busy_workers_die_with_their_parent(how: int, tmp_path: Path) -> None:
    script = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "from workers import say_busy_then_sleep\n"
        "from jurisdiction.apps.pool import ordered_map\n"
        "list(ordered_map(say_busy_then_sleep, [600, 600], workers=2, jobs_per_worker=1))\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", script, str(Path(__file__).parent)], stdout=subprocess.PIPE, text=True
    )
    try:
        with deadline(HANG):
            assert parent.stdout is not None
            busy = {int(parent.stdout.readline().split()[1]) for _ in range(2)}  # both workers are in their job
            assert busy <= workers_of(parent.pid)
            parent.send_signal(how)  # SIGTERM's default: the parent dies without running any cleanup
            parent.wait()
            while not all(gone(pid) for pid in busy):
                time.sleep(0.05)
    finally:
        parent.kill()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fork server is used on Linux")
def test_workers_start_from_a_process_that_has_jurex_loaded() -> None:
    with deadline(HANG):
        served = list(ordered_map(preloaded, range(3), workers=1, jobs_per_worker=1))
        spawned = list(ordered_map(preloaded, range(1), workers=1, jobs_per_worker=1, context=SPAWN))
    assert served == [[True] * len(served[0])] * 3  # each of three workers, every module
    assert not all(spawned[0])  # as a fresh interpreter would not have them
    assert not multiprocessing.active_children()


def test_a_worker_killed_before_it_is_ready_is_replaced_and_one_that_never_starts_stops_the_pool() -> None:
    """Killed from outside before it said it was ready (spawned: it takes a fraction of a second to import), a
    worker is replaced and its job done by the next; START_FAILURES in a row mean none can start."""
    from collections import deque

    from jurisdiction.apps import pool as pool_module

    with deadline(HANG):
        pool = pool_module._Pool(square_but_three, 1, 10, SPAWN)
        try:
            pool.start()
            pool.workers[0].process.kill()
            while pool.workers:  # its pipe's end may be seen before its exit
                assert pool.collect() == {}  # nothing lost but the start
            assert pool.unstarted == 1
            backlog = deque([(0, 4)])
            out: dict[int, object] = {}
            while not out:
                pool.dispatch(backlog)
                out.update(pool.collect())
            assert out == {0: 16}
        finally:
            pool.close()
        pool = pool_module._Pool(square_but_three, 1, 10, SPAWN)
        try:
            with pytest.raises(WorkerLost, match="could not start"):
                for _ in range(pool_module.START_FAILURES):
                    pool.start()
                    pool.workers[-1].process.kill()
                    while pool.workers:
                        pool.collect()
        finally:
            pool.close()
    assert not multiprocessing.active_children()
