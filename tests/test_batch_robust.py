"""A batch loses nothing: one case that exhausts memory, crashes its worker or runs out of time costs one error
line; a killed worker costs nothing; a SIGTERM'd or killed run resumes to the same bytes and leaves no process;
bad bytes, line separators, an output over its input, oversized settings and huge sweeps are each handled."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from jurisdiction.cli.app import app
from typer.testing import CliRunner
from workers import (
    BUG,
    EXHAUST_MEMORY,
    KILL_WORKER,
    RELEASE,
    TIME_LIMIT,
    all_gone,
    deadline,
    fork_servers_of,
    stuck_from_ten,
    unruly_chunk,
    workers_of,
)

import jurisdiction.apps.batch as batch_module
from jurisdiction.apps.batch import Item, json_line, read_items, run

runner = CliRunner()
HANG = 600  # seconds: a bound on hangs only; each test takes seconds to a minute
JUREX = str(Path(sys.executable).with_name("jurex"))
STATES = ["AUT", "BEL", "CHE", "DEU", "DNK", "ESP", "FRA", "GBR", "ITA", "NLD", "PHL", "THA", "USA", "AUS", "IDN"]


def generated(n: int, seed: int = 3, marks: dict[int, str] | None = None) -> list[str]:
    """n small valid cases, one JSON text each; `marks` puts a word into some titles (for unruly_chunk)."""
    rnd = random.Random(seed)
    marks = marks or {}
    out = []
    for i in range(n):
        by, to = rnd.sample(STATES, 2)
        case = {
            "schema": "jurex/v1",
            "id": f"g{i}",
            "title": f"generated {marks.get(i, '')}".strip(),
            "date": "2019-06-01",
            "people": {
                "offender": {"nationality": [rnd.choice(STATES)], "present_in": rnd.choice(STATES)},
                "child": {"nationality": [rnd.choice(STATES)], "age": 12},
            },
            "offences": [
                {
                    "id": "abuse",
                    "category": "csam_production",
                    "offenders": [{"person": "offender"}],
                    "victims": ["child"],
                    "acts": [{"in": rnd.choice(STATES), "by": "offender"}, {"in": rnd.choice(STATES)}],
                }
            ],
            "requests": [{"by": by, "to": to, "person": "offender"}],
        }
        out.append(json.dumps(case))
    return out


def write_jsonl(path: Path, texts: list[str]) -> Path:
    path.write_text("".join(t + "\n" for t in texts), encoding="utf-8")
    return path


def reference(source: Path, regimes: tuple[str, ...] = ("opsc",)) -> list[dict[str, object]]:
    """The lines of an untroubled run, in this process with the real evaluate_chunk."""
    return list(run(read_items(source), list(regimes), processes=False, chunk_size=10_000))


def rows(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def problem(line: dict[str, object]) -> str:
    error = line["error"]
    assert isinstance(error, dict)
    return str(error["message"]) + " | " + str(error["problems"][0]["problem"])


# --- one case that exhausts memory, one that kills its worker, one out of time ---------------------------------


def test_one_case_out_of_memory_and_one_killing_its_worker_cost_one_error_line_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_jsonl(tmp_path / "cases.jsonl", generated(60, marks={17: EXHAUST_MEMORY, 41: KILL_WORKER}))
    expected = reference(source)
    monkeypatch.setattr(batch_module, "evaluate_chunk", unruly_chunk)
    out = tmp_path / "results.jsonl"
    with deadline(HANG):
        result = runner.invoke(
            app, ["batch", str(source), "-o", str(out), "--workers", "2", "--chunk", "8", "--worker-memory", "700"]
        )
    assert result.exit_code == 2, result.stderr
    got = rows(out)
    assert [r["index"] for r in got] == list(range(60))
    assert [i for i, r in enumerate(got) if "error" in r] == [17, 41]
    assert "out of memory" in problem(got[17]) and "700 MB" in problem(got[17])
    assert "crash" in problem(got[41]) and "SIGKILL" in problem(got[41])
    assert got[17]["source"] == f"{source}:18" and got[41]["source"] == f"{source}:42"
    assert [r for i, r in enumerate(got) if i not in (17, 41)] == [
        r for i, r in enumerate(expected) if i not in (17, 41)
    ]
    assert "60 cases" in result.stderr and "2 could not be used" in result.stderr
    assert not Path(f"{out}.partial").exists()


def test_the_failing_cases_may_be_first_last_together_or_the_whole_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    marks = {0: KILL_WORKER, 7: EXHAUST_MEMORY, 8: EXHAUST_MEMORY, 9: TIME_LIMIT, 10: TIME_LIMIT, 11: KILL_WORKER}
    texts = generated(12, marks=marks)
    items = [Item(i, f"c{i}", t) for i, t in enumerate(texts)]
    expected = list(run(items, ["opsc"], processes=False, chunk_size=100))
    monkeypatch.setattr(batch_module, "evaluate_chunk", unruly_chunk)
    stats = batch_module.BatchStats()
    with deadline(HANG):
        got = list(run(items, ["opsc"], workers=2, chunk_size=4, processes=True, worker_memory=700, stats=stats))
    assert [i for i, r in enumerate(got) if "error" in r] == sorted(marks)
    kinds = {i: problem(got[i]).split(" | ")[1].split(":")[0] for i in marks}
    assert kinds == {0: "crash", 7: "out of memory", 8: "out of memory", 9: "time limit", 10: "time limit", 11: "crash"}
    assert [r for i, r in enumerate(got) if i not in marks] == [r for i, r in enumerate(expected) if i not in marks]
    assert stats.isolated == len(marks) and stats.cases == 12 and stats.errors == len(marks)


def test_a_time_limit_is_isolated_in_this_process_too(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = generated(5, marks={2: TIME_LIMIT})
    items = [Item(i, f"c{i}", t) for i, t in enumerate(texts)]
    expected = list(run(items, ["opsc"], processes=False))
    monkeypatch.setattr(batch_module, "evaluate_chunk", unruly_chunk)
    got = list(run(items, ["opsc"], processes=False))
    assert "time limit" in problem(got[2]) and "allow more time" in json.dumps(got[2])
    assert got[:2] + got[3:] == expected[:2] + expected[3:]


def test_an_internal_error_is_isolated_too_and_exits_1_with_every_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_jsonl(tmp_path / "cases.jsonl", generated(6, marks={4: BUG}))
    monkeypatch.setattr(batch_module, "evaluate_chunk", unruly_chunk)
    stats = batch_module.BatchStats()
    got = list(run(read_items(source), ["opsc"], processes=False, stats=stats))
    assert [i for i, r in enumerate(got) if "error" in r] == [4] and stats.internal == 1
    assert "internal error: TypeError: a bug" in problem(got[4])
    out = tmp_path / "results.jsonl"
    result = runner.invoke(app, ["batch", str(source), "-o", str(out), "--workers", "1"])
    assert result.exit_code == 1 and "1 case met an internal error" in result.stderr
    assert [json.loads(line) for line in out.read_text().splitlines()] == got


# --- a worker killed from outside, SIGTERM and SIGKILL of the batch, --resume ------------------------------------


def _start(source: Path, out: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [JUREX, "batch", str(source), "-o", str(out), "--workers", "2", "--chunk", "10", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _lines_in(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def _run_until(process: subprocess.Popen[str], partial: Path, lines: int) -> set[int]:
    """Wait until the partial output holds `lines` lines; the worker pids seen meanwhile."""
    seen: set[int] = set()
    while _lines_in(partial) < lines:
        assert process.poll() is None, process.communicate()
        seen |= workers_of(process.pid)
        time.sleep(0.02)
    return seen | workers_of(process.pid)


@pytest.fixture(scope="module")
def cases_300(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """300 small cases and the bytes of an uninterrupted run over them."""
    folder = tmp_path_factory.mktemp("three-hundred")
    source = write_jsonl(folder / "cases.jsonl", generated(300, seed=11))
    with deadline(HANG):
        done = subprocess.run([JUREX, "batch", str(source), "-o", str(folder / "whole.jsonl")], capture_output=True)
    assert done.returncode == 0, done.stderr
    whole = (folder / "whole.jsonl").read_bytes()
    assert whole.count(b"\n") == 300
    return source, whole


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_sigtermed_batch_keeps_its_lines_leaves_no_process_and_resumes_to_the_same_bytes(
    tmp_path: Path, cases_300: tuple[Path, bytes]
) -> None:
    source, whole = cases_300
    out = tmp_path / "results.jsonl"
    partial = Path(f"{out}.partial")
    with deadline(HANG):
        process = _start(source, out)
        workers = _run_until(process, partial, 60) | fork_servers_of(process.pid)
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate()
    assert process.returncode == 143, err
    assert "terminated" in err and "--resume" in err and str(partial) in err
    assert workers and all_gone(workers)
    assert not out.exists() and not list(tmp_path.glob(".*.tmp"))  # nothing half-written, no temporary file
    kept = partial.read_bytes()
    assert kept.endswith(b"\n") and whole.startswith(kept) and 60 <= kept.count(b"\n") < 300
    with deadline(HANG):
        resumed = subprocess.run(
            [JUREX, "batch", str(source), "-o", str(out), "--resume"], capture_output=True, text=True
        )
    assert resumed.returncode == 0, resumed.stderr
    assert out.read_bytes() == whole and not partial.exists()
    assert "300 cases" in resumed.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_batch_takes_its_busy_workers_with_it_and_resumes_past_a_torn_line(
    tmp_path: Path, cases_300: tuple[Path, bytes]
) -> None:
    source, whole = cases_300
    out = tmp_path / "results.jsonl"
    partial = Path(f"{out}.partial")
    with deadline(HANG):
        process = _start(source, out)
        _run_until(process, partial, 40)
        workers = workers_of(process.pid)
        servers = fork_servers_of(process.pid)
        process.kill()  # SIGKILL: no cleanup of any kind runs in the batch
        process.communicate()
        assert all_gone(workers | servers)
    assert workers
    with partial.open("ab") as fh:
        fh.write(b'{"index": 99, "sou')  # as if it had been killed in the middle of a line
    with deadline(HANG):
        resumed = subprocess.run([JUREX, "batch", str(source), "-o", str(out), "--resume"], capture_output=True)
    assert resumed.returncode == 0, resumed.stderr
    assert out.read_bytes() == whole


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_worker_killed_from_outside_costs_nothing(tmp_path: Path, cases_300: tuple[Path, bytes]) -> None:
    source, whole = cases_300
    out = tmp_path / "results.jsonl"
    with deadline(HANG):
        process = _start(source, out)
        killed = 0
        for lines in (30, 120, 210):  # three times, whatever each worker was doing
            victims = sorted(_run_until(process, Path(f"{out}.partial"), lines) & workers_of(process.pid))
            if victims:
                os.kill(victims[0], signal.SIGKILL)
                killed += 1
        _, err = process.communicate()
    assert killed and process.returncode == 0, err
    assert out.read_bytes() == whole


def test_resume_refuses_a_partial_output_of_another_input_and_a_run_does_not_replace_one(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "cases.jsonl", generated(4))
    other = write_jsonl(tmp_path / "other.jsonl", generated(4, seed=5))
    out = tmp_path / "results.jsonl"
    partial = Path(f"{out}.partial")
    partial.write_text(json_line({"index": 0, "source": f"{other}:1", "case": "g0", "answers": {"opsc": {}}}))
    result = runner.invoke(app, ["batch", str(source), "-o", str(out), "--resume"])
    assert result.exit_code == 2 and str(partial) in result.stderr and f"{other}:1" in result.stderr
    assert "delete this file" in result.stderr
    result = runner.invoke(app, ["batch", str(source), "-o", str(out)])
    assert result.exit_code == 2 and "--resume" in result.stderr and "1 finished line" in result.stderr
    assert partial.exists() and not out.exists()  # the earlier run's line is not lost
    partial.write_text('{"index": 0, "so\n')  # not jurex's line: refused, not overwritten
    result = runner.invoke(app, ["batch", str(source), "-o", str(out), "--resume"])
    assert result.exit_code == 2 and "line 1" in result.stderr and partial.exists()
    partial.unlink()
    result = runner.invoke(app, ["batch", str(source), "-o", str(out), "--resume", "--regimes", "opsc,lanzarote"])
    assert result.exit_code == 0 and "starting from the first case" in result.stderr
    partial.write_text(out.read_text().splitlines(keepends=True)[0])
    result = runner.invoke(app, ["batch", str(source), "-o", str(out), "--resume"])  # kept under two regimes
    assert result.exit_code == 2 and "lanzarote" in result.stderr
    result = runner.invoke(app, ["batch", str(source), "--resume"])
    assert result.exit_code == 2 and "--output" in result.stderr


# --- bytes in, bytes out -----------------------------------------------------------------------------------------


def test_a_line_that_is_not_utf8_gets_an_error_and_two_names_do_not_become_one(tmp_path: Path) -> None:
    good = generated(3)
    bad_a = good[0].replace('"g0"', '"caf\\u00e9"').encode().replace(b"caf\\u00e9", b"caf\xe9")
    bad_b = good[0].replace('"g0"', '"caf\\u00e8"').encode().replace(b"caf\\u00e8", b"caf\xe8")
    assert bad_a != bad_b and bad_a.decode(errors="replace") == bad_b.decode(errors="replace")
    source = tmp_path / "cases.jsonl"
    source.write_bytes(b"\n".join([good[1].encode(), bad_a, bad_b, b"\xff\xfe", good[2].encode()]) + b"\n")
    for args, name in (([str(source)], str(source)), (["-"], "<stdin>")):
        stdin = source.read_bytes() if args == ["-"] else None
        result = runner.invoke(app, ["batch", *args, "--workers", "1"], input=stdin)
        assert result.exit_code == 2, result.stderr
        got = [json.loads(line) for line in result.stdout.splitlines()]
        assert [r.get("case") for r in got] == ["g1", None, None, None, "g2"]
        for number in (2, 3, 4):
            line = got[number - 1]
            assert line["source"] == f"{name}:{number}"
            (p,) = line["error"]["problems"]
            assert f"line {number} is not UTF-8" in p["problem"] and p["line"] == number and "UTF-8" in p["fix"]
        assert "(byte 1 of the line)" in got[3]["error"]["problems"][0]["problem"]


def test_line_separators_in_names_are_escaped_and_other_text_is_kept(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    folder.mkdir()
    texts = generated(3)
    names = ["a\u2028b.json", "c\u2029d.json", "e\x85f é.json"]
    for name, text in zip(names, texts, strict=True):
        (folder / name).write_text(text.replace('"g', '"line\u2028sep-g').replace("generated", "gén\u2029érée"))
    out = tmp_path / "results.jsonl"
    result = runner.invoke(app, ["batch", str(folder), "-o", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert len(text.splitlines()) == 3 and text.count("\n") == 3  # Python's splitlines: one record a line
    assert not any(c in text for c in "\u2028\u2029\x85") and "\\u2028" in text and "\\u0085" in text
    assert "é" in text  # not ensure_ascii: other text stays as it is
    got = [json.loads(line) for line in text.splitlines()]
    assert sorted(Path(str(r["source"])).name for r in got) == sorted(names)
    assert {r["case"] for r in got} == {f"line\u2028sep-g{i}" for i in range(3)}
    assert json_line({"x": "\u2028\u2029\x85"}) == '{"x": "\\u2028\\u2029\\u0085"}\n'


# --- settings that would hurt: caps, an output over its input, huge sweeps ----------------------------------------


def test_workers_above_the_cores_and_huge_chunks_are_capped_unless_forced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_jsonl(tmp_path / "cases.jsonl", generated(2))
    asked: list[dict[str, object]] = []

    def spy(items, regime_names, **options):  # type: ignore[no-untyped-def]
        asked.append(options)
        return iter(())

    monkeypatch.setattr(batch_module, "run", spy)
    cores = batch_module.default_workers()
    result = runner.invoke(app, ["batch", str(source), "--workers", str(cores + 62), "--chunk", "1000000"])
    assert result.exit_code == 0, result.stderr
    assert asked[-1]["workers"] == cores and asked[-1]["chunk_size"] == batch_module.MAX_CHUNK
    assert f"--workers {cores + 62} is more than the {cores} core" in result.stderr and "--force" in result.stderr
    assert "--chunk 1,000,000" in result.stderr
    result = runner.invoke(app, ["batch", str(source), "--workers", str(cores + 62), "--chunk", "1000000", "--force"])
    assert asked[-1]["workers"] == cores + 62 and asked[-1]["chunk_size"] == 1_000_000
    assert "more than" not in result.stderr
    result = runner.invoke(app, ["batch", str(source), "--worker-memory", "100"])
    assert result.exit_code == 2 and "at least --worker-memory 256" in result.stderr


def test_an_output_that_would_replace_its_input_is_refused(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "cases.jsonl", generated(2))
    before = source.read_bytes()
    (tmp_path / "link.jsonl").symlink_to(source)
    os.link(source, tmp_path / "hard.jsonl")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "a.json").write_text(generated(1)[0])
    (folder / "sub").mkdir()
    partial_source = write_jsonl(tmp_path / "r.jsonl.partial", generated(1))
    attempts = [
        (source, source),
        (source, tmp_path / "link.jsonl"),  # a symlink to the input
        (tmp_path / "link.jsonl", source),
        (source, tmp_path / "hard.jsonl"),  # another name of the same file
        (source, tmp_path / "." / "cases.jsonl"),
        (partial_source, tmp_path / "r.jsonl"),  # its partial file would be the input
        (folder, folder / "results.jsonl"),
        (folder, folder / "sub" / "results.jsonl"),
    ]
    for given, output in attempts:
        result = runner.invoke(app, ["batch", str(given), "-o", str(output)])
        assert result.exit_code == 2, (given, output, result.stderr)
        assert str(given) in result.stderr and str(output) in result.stderr and "-o OTHER" in result.stderr
    assert source.read_bytes() == before and partial_source.exists()
    assert not (folder / "results.jsonl").exists()
    template = tmp_path / "template.yaml"
    template.write_text(generated(1)[0])
    result = runner.invoke(app, ["sweep", str(template), "--vary", "offender.nationality=FRA", "-o", str(template)])
    assert result.exit_code == 2 and str(template) in result.stderr and "the results would replace it" in result.stderr
    assert template.read_text() == generated(1)[0]


def test_a_huge_sweep_says_its_count_and_runs_only_when_confirmed(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[int] = []
    monkeypatch.setattr(batch_module, "run", lambda items, *a, **k: started.append(1) or iter(()))
    four = ["--vary", "offender.nationality=ALL", "--vary", "offender.present_in=ALL"]
    four += ["--vary", "child.nationality=ALL", "--vary", "acts[0].in=ALL"]
    result = runner.invoke(app, ["sweep", "attempted-procuring", *four])
    assert result.exit_code == 2 and not started
    count = f"{195**4:,}"  # ALL: the states of the OPSC's list
    assert result.stderr.startswith(count) and f"{count} combinations is more than 1,000,000" in result.stderr
    assert "--yes" in result.stderr and "--max-combinations" in result.stderr
    small = ["--vary", "traveller.nationality=AUS,IDN,FRA", "--vary", "acts[0].in=AUS,IDN"]
    result = runner.invoke(app, ["sweep", "attempted-procuring", *small, "--max-combinations", "5"])
    assert result.exit_code == 2 and "6 combinations is more than 5" in result.stderr and not started
    for confirm in (["--max-combinations", "6"], ["--yes", "--max-combinations", "5"]):
        result = runner.invoke(app, ["sweep", "attempted-procuring", *small, *confirm, "-f", "json"])
        assert result.exit_code == 0, result.stderr
        assert result.stderr.startswith("6 combinations of attempted-procuring.yaml")
    assert len(started) == 2


# --- threads: a process-wide lock around clingo -------------------------------------------------------------------


THREADS = """
import sys, threading
sys.path.insert(0, sys.argv[1])
from jurisdiction.apps.batch import evaluate_chunk, read_items
from jurisdiction.resources import scenarios_dir
items = list(read_items(scenarios_dir()))[:8]
alone = {r: evaluate_chunk(items, r.split(",")).lines for r in ("opsc", "lanzarote,budapest")} if sys.argv[2] else {}
failures = []
def work(regimes):
    for _ in range(4):
        try:
            lines = evaluate_chunk(items, regimes.split(",")).lines
            if alone and lines != alone[regimes]:
                failures.append("differs")
        except Exception as exc:
            failures.append(repr(exc))
threads = [threading.Thread(target=work, args=(r,)) for r in ("opsc", "lanzarote,budapest") * 2]
for t in threads: t.start()
for t in threads: t.join()
print(len(failures), failures[:3])
"""


@pytest.mark.parametrize("warm", ["", "warm"])
def test_threads_answering_chunks_at_once_give_the_one_thread_answers(warm: str) -> None:
    # in a process of its own: without the lock, clingo may bring the whole interpreter down
    done = subprocess.run(
        [sys.executable, "-c", THREADS, str(Path(__file__).parent), warm], capture_output=True, text=True, timeout=HANG
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("0 []"), done.stdout


@pytest.mark.parametrize("processes", [False, True])
def test_a_dask_worker_with_four_threads_gives_the_local_answers_batch_after_batch(processes: bool) -> None:
    distributed = pytest.importorskip("distributed")
    items = list(read_items(Path(__file__).parents[1] / "scenarios"))
    local = {r: list(run(items, [r], processes=False, chunk_size=1000)) for r in ("opsc", "lanzarote")}
    with (
        deadline(HANG),
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=4, processes=processes, dashboard_address=None
        ) as cluster,
    ):
        for regime in ("opsc", "lanzarote", "opsc"):
            remote = list(run(items, [regime], chunk_size=2, dask_address=cluster.scheduler_address))
            assert remote == local[regime]


# --- a Dask cluster that loses its last worker ----------------------------------------------------------------------


def test_a_cluster_without_workers_fails_within_the_timeout_keeping_its_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    distributed = pytest.importorskip("distributed")
    source = write_jsonl(tmp_path / "cases.jsonl", generated(30))
    out = tmp_path / "results.jsonl"
    partial = Path(f"{out}.partial")
    real = batch_module.evaluate_chunk
    RELEASE.clear()
    monkeypatch.setattr(batch_module, "evaluate_chunk", stuck_from_ten)
    outcome: dict[str, object] = {}
    with (
        deadline(HANG),
        distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster,
    ):
        address = cluster.scheduler_address

        def batch() -> None:
            outcome["result"] = runner.invoke(
                app, ["batch", str(source), "-o", str(out), "--chunk", "2", "--dask", address, "--dask-timeout", "2"]
            )

        thread = threading.Thread(target=batch)
        thread.start()
        while _lines_in(partial) < 10:
            assert thread.is_alive(), outcome
            time.sleep(0.05)
        (worker,) = cluster.workers.values()
        cluster.sync(worker.close, executor_wait=False)  # the cluster's last worker goes, its task unfinished
        thread.join(HANG)
        RELEASE.set()
    result = outcome["result"]
    assert result.exit_code == 3, result.stderr  # type: ignore[attr-defined]
    assert "no worker for 2 s" in result.stderr and "--resume" in result.stderr  # type: ignore[attr-defined]
    assert not out.exists() and _lines_in(partial) >= 10
    monkeypatch.setattr(batch_module, "evaluate_chunk", real)
    with deadline(HANG):
        result = runner.invoke(app, ["batch", str(source), "-o", str(out), "--resume", "--workers", "1"])
    assert result.exit_code == 0, result.stderr
    assert out.read_text() == "".join(json_line(line) for line in reference(source))


def test_dask_tasks_in_child_processes_keep_the_dask_worker_and_isolate_a_crash(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    distributed = pytest.importorskip("distributed")
    texts = generated(24, marks={5: KILL_WORKER, 14: EXHAUST_MEMORY})
    items = [Item(i, f"c{i}", t) for i, t in enumerate(texts)]
    local = list(run(items, ["opsc"], processes=False, chunk_size=100))
    monkeypatch.setattr(batch_module, "evaluate_chunk", unruly_chunk)
    with (
        deadline(HANG),
        distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as c,
    ):
        for _ in range(2):  # the second batch on the same worker: its children were recycled, it was not
            got = list(
                run(items, ["opsc"], chunk_size=3, dask_address=c.scheduler_address, dask_children=True,
                    worker_memory=700)
            )  # fmt: skip
            assert [i for i, r in enumerate(got) if "error" in r] == [5, 14]
            assert "crash" in problem(got[5]) and "out of memory" in problem(got[14])
            assert [r for i, r in enumerate(got) if i not in (5, 14)] == [
                r for i, r in enumerate(local) if i not in (5, 14)
            ]
        (worker,) = c.workers.values()
        assert worker.status.name == "running"
    batch_module.close_children()  # each Dask thread's child was kept for its next task: now ended
    assert not [p for p in multiprocessing.active_children() if p.name == "jurex-worker"]


def test_a_batch_run_in_a_folder_that_holds_another_jurisdiction_package_uses_its_own(tmp_path: Path) -> None:
    """As in a checkout beside an installed jurex: `python -c` (how the fork server starts) imports from its working
    directory first, and a `jurisdiction` folder there must not be what the workers' server preloads. (It fails
    without pool.start_fork_server in a real install, as in CI; an editable install's finder finds the modules
    the folder lacks.)"""
    (tmp_path / "jurisdiction").mkdir()
    (tmp_path / "jurisdiction" / "__init__.py").write_text('"""Not the jurex being run: it has no modules."""\n')
    source = write_jsonl(tmp_path / "cases.jsonl", generated(4))
    with deadline(HANG):
        done = subprocess.run(
            [JUREX, "batch", "cases.jsonl", "-o", "out.jsonl", "--workers", "2", "--chunk", "2"],
            cwd=tmp_path, capture_output=True, text=True,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["index"] for line in (tmp_path / "out.jsonl").read_text().splitlines()] == [0, 1, 2, 3]
    assert source.exists()
