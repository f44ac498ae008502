"""Bounded work: a size bound before grounding, a time limit on solving, and Ctrl-C that leaves nothing behind."""

from __future__ import annotations

import json
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from jurisdiction.cli.app import app
from typer.testing import CliRunner

from jurisdiction.engine import solver
from jurisdiction.engine.catalogue import catalogue

runner = CliRunner()


def test_a_case_over_the_size_bound_is_refused_before_grounding(monkeypatch: pytest.MonkeyPatch) -> None:
    catalogue()  # read from the rules once, before the solver is hobbled
    monkeypatch.setattr(solver, "MAX_FACTS", 20)
    grounded = []
    monkeypatch.setattr(solver.clingo.Control, "ground", lambda *a, **k: grounded.append(a))
    result = runner.invoke(app, ["analyse", "livestream-gbr-phl"])
    assert result.exit_code == 2
    assert "livestream-gbr-phl.yaml: the case gives" in result.stderr
    assert "jurex grounds at most 20" in result.stderr and "fix: split the case" in result.stderr
    assert not grounded


def test_the_time_limit_cuts_a_solve_short_and_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    catalogue()
    monkeypatch.setattr(solver, "wait", lambda handle, timeout: False)  # as if the solve outlasted the limit
    out = tmp_path / "answer.json"
    result = runner.invoke(app, ["analyse", "livestream-gbr-phl", "--timeout", "2.5", "-f", "json", "-o", str(out)])
    assert result.exit_code == 3
    assert "cut short: no answer within the time limit of 2.5 s" in result.stderr
    assert "--timeout" in result.stderr
    assert not out.exists()


def test_the_timeout_bounds_the_commands_solve_and_nothing_after(monkeypatch: pytest.MonkeyPatch) -> None:
    import jurisdiction.apps.analysis

    analyse, seen = jurisdiction.apps.analysis.analyse, []

    def watched(*args: object, **kwargs: object) -> object:
        seen.append(solver.limits())
        return analyse(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jurisdiction.apps.analysis, "analyse", watched)
    result = runner.invoke(app, ["analyse", "livestream-gbr-phl", "--timeout", "7.5", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert [bounds.timeout for bounds in seen] == [7.5]
    assert solver.limits() == solver.Limits()  # the command's bounds ended with its solve


def test_a_gap_search_cut_short_reports_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from jurisdiction.apps.gaps import search
    from jurisdiction.engine.regimes import REGIMES

    catalogue()
    # As if the search outlasted its limit, whatever the machine's speed (a tiny timeout is not: a fast machine
    # finds the first patterns, and stops, before the first look at the clock).
    monkeypatch.setattr(solver, "wait", lambda handle, timeout: False)
    result = search(REGIMES["opsc-guidelines"], vs=REGIMES["lanzarote"], states=8, timeout=30.0)
    assert result.cut_short and not result.exhausted


def test_wait_returns_false_when_the_time_runs_out() -> None:
    class Slow:
        def wait(self, seconds: float) -> bool:
            time.sleep(seconds)
            return False

    start = time.monotonic()
    assert solver.wait(Slow(), 0.2) is False  # type: ignore[arg-type]
    assert 0.2 <= time.monotonic() - start < 1.0


def big_case() -> dict[str, object]:
    """A valid case near the loader's bound: many offenders in many offences (seconds of work)."""
    states = ["AUT", "BEL", "CHE", "DNK", "EST", "FIN", "GRC", "HUN", "ISL", "LUX"]
    people = {f"p{i}": {"nationality": [states[i % 10]], "present_in": states[(i + 3) % 10]} for i in range(90)}
    offences = [
        {
            "id": f"o{k}",
            "category": "csam_distribution",
            "offenders": [{"person": f"p{i}"} for i in range(90)],
            "acts": [{"in": states[k % 10]}],
        }
        for k in range(90)
    ]
    return {"schema": "jurex/v1", "id": "big", "title": "big", "date": "2019-01-01", "people": people,
            "offences": offences}  # fmt: skip


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_exits_130_and_writes_nothing(tmp_path: Path) -> None:
    case = tmp_path / "big.json"
    case.write_text(json.dumps(big_case()))
    out = tmp_path / "answer.json"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "jurisdiction.cli", "analyse", str(case), "-f", "json", "-o", str(out)]
    started = time.monotonic()
    # cwd: away from the source tree, whose jurisdiction/ would shadow the installed package (without cli/).
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True, cwd=tmp_path)
    time.sleep(1.5)
    if proc.poll() is not None:
        pytest.fail(f"the command ended (exit {proc.returncode}) before the interrupt: {proc.communicate()[1]}")
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr and "nothing was written" in stderr
    assert "Traceback" not in stderr
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.json"]
    assert time.monotonic() - started < 60


def test_an_output_file_gets_the_usual_mode_not_a_temp_files(tmp_path: Path) -> None:
    from jurisdiction.apps.output import write_atomically

    umask = os.umask(0o022)
    try:
        write_atomically(tmp_path / "new.md", "x")
        assert (tmp_path / "new.md").stat().st_mode & 0o777 == 0o644
        kept = tmp_path / "kept.md"
        kept.write_text("old")
        kept.chmod(0o640)
        write_atomically(kept, "new")
        assert kept.stat().st_mode & 0o777 == 0o640 and kept.read_text() == "new"
    finally:
        os.umask(umask)


def test_the_real_process_keeps_its_output_and_exit_codes(tmp_path: Path) -> None:
    """`main` leaves without the interpreter's teardown: every byte still reaches the pipe and the file, and
    each exit code is the command's."""

    def jurex(*args: str) -> subprocess.CompletedProcess[str]:
        cmd = [sys.executable, "-m", "jurisdiction.cli", *args]
        return subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path, timeout=120)

    piped = jurex("analyse", "livestream-gbr-phl", "-f", "json")
    assert piped.returncode == 0, piped.stderr
    assert json.loads(piped.stdout)["case"] == "livestream-gbr-phl"  # the whole document, not a truncated one
    out = tmp_path / "memo.md"
    written = jurex("analyse", "livestream-gbr-phl", "-f", "md", "-o", str(out))
    assert written.returncode == 0 and out.read_text().startswith("#")
    missing = jurex("analyse", "no-such-case.yaml")
    assert missing.returncode == 2 and "no such file" in missing.stderr
    usage = jurex("analyse")
    assert usage.returncode == 2 and "Missing argument" in usage.stderr


def test_a_limit_reached_keeps_every_field_through_pickling() -> None:
    # A batch worker's exception is pickled back to the parent, which reports it as one-case runs do.
    again = pickle.loads(pickle.dumps(solver.LimitReached("cut short", "allow more time", cut_short=True)))
    assert isinstance(again, solver.LimitReached) and str(again) == "cut short"
    assert (again.message, again.fix, again.cut_short) == ("cut short", "allow more time", True)
