"""The worker pool of batch: answers in order, each worker replaced after its share, a bounded window, and a
failed job (an exception, a killed worker) reported at its turn and as what it was."""

from __future__ import annotations

import multiprocessing
import signal
from collections import Counter
from collections.abc import Iterator
from functools import partial

import pytest
from workers import deadline, die_at_three, pid_of, refuse_unpicklably, square_but_three

from jurisdiction.apps.pool import RemoteTraceback, WorkerLost, ordered_map

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
