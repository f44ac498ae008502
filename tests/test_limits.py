"""Bounded work: a size bound before grounding, a time limit on solving, and Ctrl-C that leaves nothing behind."""

from __future__ import annotations

import json
import os
import pickle
import re
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
        for k in range(84)  # the states whose bundled law claims universal jurisdiction weigh on every pair
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


# --- The bound on grounding: what grows is offenders x offences x linked states x states they may be in


def network(offenders: int, states: int, offences: int, requests: int) -> dict[str, object]:
    """Every offender in every offence, acts in every state, each offender asked for by `requests` states and
    nowhere said to be (bench/grounding.py measures this family as it grows)."""
    codes = ["ARG", "AUS", "AUT", "BEL", "BRA", "CAN", "CHE", "CHL", "COL", "CZE", "DEU", "DNK", "ESP", "EST",
             "FIN", "FRA", "GBR", "GRC", "HUN", "IDN", "IND", "IRL", "ISL", "ITA", "JPN", "KEN", "KOR", "LTU",
             "LUX", "LVA"][:states]  # fmt: skip
    people: dict[str, object] = {
        f"p{i}": {"nationality": [codes[i % states]], "habitual_residence": codes[(i + 1) % states]}
        for i in range(offenders)
    }
    people["child"] = {"nationality": [codes[0]], "age": 12}
    offence_list = [
        {
            "id": f"o{k}",
            "category": "csam_distribution",
            "offenders": [{"person": f"p{i}"} for i in range(offenders)],
            "victims": ["child"],
            "acts": [{"in": codes[(k + j) % states]} for j in range(states)],
        }
        for k in range(offences)
    ]
    requests_list = [
        {"by": codes[(i + j) % states], "to": codes[(i + j + 1) % states], "person": f"p{i}"}
        for i in range(offenders)
        for j in range(requests)
    ]
    return {"schema": "jurex/v1", "id": "network", "title": "network", "date": "2019-06-01", "people": people,
            "offences": offence_list, "requests": requests_list}  # fmt: skip


def test_a_small_file_that_would_ground_millions_of_atoms_is_refused_before_grounding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """19 KB, 1,100 facts (far under the fact bound): grounded, 1.7 million atoms, 1.4 GB and half a minute."""
    catalogue()
    case = tmp_path / "network.json"
    case.write_text(json.dumps(network(20, 30, 8, 15)))
    assert case.stat().st_size < 25_000

    def no_grounding(*args: object, **kwargs: object) -> None:
        raise AssertionError("grounded")

    monkeypatch.setattr(solver.clingo.Control, "ground", no_grounding)
    out = tmp_path / "answer.json"
    result = runner.invoke(app, ["analyse", str(case), "-f", "json", "-o", str(out)])
    assert result.exit_code == 2, result.stderr
    assert re.search(rf"{re.escape(str(case))}: the case would ground about \d,\d\d\d,\d\d\d atoms", result.stderr)
    assert "jurex grounds at most 1,000,000" in result.stderr
    assert "20 offenders in 8 offences, each linked to up to 30 states and sought in up to 15 (300 requests)" in (
        result.stderr
    )
    assert "fix: say where each wanted person is now (present_in)" in result.stderr
    assert "one group of offenders, per file" in result.stderr
    assert not out.exists()


def test_the_refusal_names_the_dimension_to_reduce() -> None:
    from jurisdiction.engine.budget import Dimensions

    def told(**dims: int) -> str:
        base = dict(facts=100, regimes=1, states=10, offences=1, people=1, requests=0, pairs=1, links=1, reach=1,
                    routes=1, to_nationals=0, universal=0, widest_links=1, widest_sought=1)  # fmt: skip
        return Dimensions(**{**base, **dims}).refusal(2_000_000, 1_000_000)[1]

    assert told(routes=60_000, widest_sought=15).startswith("say where each wanted person is now")
    assert told(links=80_000, reach=50_000).startswith("split the case: one offence, or one group of offenders")
    assert told(facts=90_000, states=5_000).startswith("split the case into smaller files")
    assert told(links=80_000, regimes=5).endswith("or compare fewer regimes at once")


def real_atoms(
    case: dict[str, object], regimes: tuple[str, ...] = ("opsc",), explain: tuple[str, ...] = ()
) -> tuple[int, int]:
    """The estimate and the real number of ground atoms of a case."""
    from jurisdiction.apps.analysis import encode_case
    from jurisdiction.data.states import bundled
    from jurisdiction.engine.regimes import parse
    from jurisdiction.input.model import Case

    chosen = [parse(r) for r in regimes]
    encoding = encode_case(Case.model_validate(case), bundled(), chosen, explain, False)
    if explain:
        encoding.add("explain_regime", chosen[0].term)  # as apps.analysis.solve_case asks for an explanation
    files = solver.program([r.rule_file for r in chosen], explain=bool(explain))
    answer = solver.solve(encoding.symbols, files, dimensions=encoding.size)
    assert encoding.size is not None
    return encoding.size.atoms(explain=bool(explain)), int(answer.statistics["problem"]["lp"]["atoms"])


def bundled_cases() -> list[dict[str, object]]:
    import yaml

    from jurisdiction.resources import scenarios_dir

    paths = sorted(scenarios_dir().glob("*.yaml"))
    return [yaml.safe_load(p.read_text()) for p in paths if not p.name.endswith((".expected.yaml", ".comparison.yaml"))]


@pytest.mark.parametrize(
    ("shape", "regimes", "explain"),
    [
        ((8, 10, 3, 3), ("opsc",), ()),
        ((10, 15, 4, 5), ("opsc",), ()),
        ((6, 8, 2, 4), ("opsc", "opsc-guidelines", "lanzarote", "budapest", "eu-2011-93"), ()),
        ((6, 8, 2, 4), ("opsc",), ("GBR",)),
    ],
)
def test_the_estimate_stays_above_the_real_ground_program(
    shape: tuple[int, int, int, int], regimes: tuple[str, ...], explain: tuple[str, ...]
) -> None:
    estimate, atoms = real_atoms(network(*shape), regimes, explain)
    assert atoms <= estimate <= 2 * atoms


def test_every_bundled_case_is_far_inside_the_bound_and_under_its_estimate() -> None:
    from jurisdiction.engine.regimes import REGIMES

    for case in bundled_cases():
        estimate, atoms = real_atoms(case)
        assert atoms <= estimate <= 4 * atoms, case["id"]
        assert estimate < solver.MAX_GROUND_ATOMS / 100, case["id"]
    estimate, atoms = real_atoms(bundled_cases()[0], tuple(sorted(REGIMES)))
    assert atoms <= estimate <= 4 * atoms


def test_the_estimate_stays_above_the_real_ground_program_of_generated_cases() -> None:
    from hypothesis import HealthCheck, given, settings
    from strategies import cases

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(cases())
    def check(case: dict[str, object]) -> None:
        estimate, atoms = real_atoms(case)
        assert atoms <= estimate <= 4 * atoms  # small cases: mostly the fixed part, estimated generously

    check()


def test_a_grounding_that_outgrows_a_wrong_estimate_is_stopped_at_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """The estimate is a model of the rules; should it ever fall short, the observer counts the real rules."""
    from jurisdiction.apps.analysis import analyse
    from jurisdiction.engine.budget import Dimensions
    from jurisdiction.input.loader import load
    from jurisdiction.resources import scenarios_dir

    case = load(scenarios_dir() / "livestream-gbr-phl.yaml")
    catalogue()
    monkeypatch.setattr(Dimensions, "atoms", lambda self, explain=False: 500)  # wrong: the case grounds 1,753
    monkeypatch.setattr(solver, "WATCH_ABOVE", 0)
    with pytest.raises(solver.LimitReached) as refused, solver.limited(solver.Limits(max_atoms=900)):
        analyse(case)
    assert not refused.value.cut_short
    assert refused.value.message.startswith("the case grounds more than 900 atoms; jurex grounds at most 900")


def test_the_shape_counted_while_encoding_is_the_shape_of_the_facts() -> None:
    """Two ways to the same dimensions: counted as the facts are made (one case), read back from them (a chunk)."""
    from jurisdiction.apps.analysis import encode_case
    from jurisdiction.data.states import bundled
    from jurisdiction.engine.regimes import OPSC
    from jurisdiction.input.model import Case

    for case in [*bundled_cases(), network(5, 6, 2, 2)]:
        encoding = encode_case(Case.model_validate(case), bundled(), (OPSC,), (), False)
        assert encoding.size == solver.dimensions_of(encoding.symbols), case["id"]


def test_a_batch_refuses_a_case_too_large_to_ground_on_its_own_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from jurisdiction.apps.batch import Item, evaluate_chunk

    monkeypatch.setattr(solver, "MAX_GROUND_ATOMS", 60_000)  # between the two sizes below (32,000 and 107,000)
    texts = [json.dumps(network(8, 10, 3, 3)), json.dumps(network(10, 15, 4, 5)), json.dumps(network(2, 3, 1, 1))]
    lines = evaluate_chunk([Item(i, f"case {i}", t) for i, t in enumerate(texts)], ["opsc"]).lines
    assert "answers" in lines[0] and "answers" in lines[2]
    assert re.match(
        r"the case would ground about [\d,]+ atoms; jurex grounds at most 60,000", lines[1]["error"]["message"]
    )
    assert "10 offenders in 4 offences" in lines[1]["error"]["message"]


def test_a_chunk_too_large_for_one_run_is_grounded_in_several(monkeypatch: pytest.MonkeyPatch) -> None:
    from jurisdiction.apps.analysis import encode_case
    from jurisdiction.apps.batch import Item, evaluate_chunk
    from jurisdiction.data.states import bundled
    from jurisdiction.engine import multicase
    from jurisdiction.engine.regimes import OPSC
    from jurisdiction.input.model import Case

    texts = [json.dumps(network(2 + i % 3, 3 + i % 4, 1, i % 2)) for i in range(12)]
    items = [Item(i, f"case {i}", t) for i, t in enumerate(texts)]
    whole = evaluate_chunk(items, ["opsc"], cache=False).lines  # each case solved here, not taken from the cache
    runs: list[list[list[int]]] = []
    split = multicase._runs
    monkeypatch.setattr(multicase, "_runs", lambda *a: runs.append(split(*a)) or runs[-1])
    monkeypatch.setattr(solver, "MAX_GROUND_ATOMS", 12_000)  # each case alone fits; all twelve do not
    assert evaluate_chunk(items, ["opsc"], cache=False).lines == whole
    [numbers] = runs
    assert len(numbers) >= 2 and sorted(n for run in numbers for n in run) == list(range(12))
    # A caller that has the encodings gives their sizes, and the chunk's facts are not read back: the same runs.
    encodings = [
        encode_case(Case.model_validate(json.loads(t)), bundled(), (OPSC,), (), False, tag=solver.Number(i))
        for i, t in enumerate(texts)
    ]
    facts = [f for e in encodings for f in e.symbols]
    files = solver.program([OPSC.rule_file])
    given = multicase.solve_tagged(facts, 12, files, sizes=[e.size for e in encodings if e.size])
    assert runs[-1] == numbers and given.cases == multicase.solve_tagged(facts, 12, files).cases


# --- The time limit covers the whole work: reading, grounding, solving, decoding


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The solver's clock, set by hand: the time moves only when a test says so (never with the machine)."""
    now = [0.0]
    monkeypatch.setattr(solver, "_clock", lambda: now[0])
    return now


def test_the_time_limit_stops_a_grounding_in_the_middle(clock: list[float], monkeypatch: pytest.MonkeyPatch) -> None:
    from jurisdiction.apps.analysis import analyse
    from jurisdiction.input.loader import load
    from jurisdiction.resources import scenarios_dir

    case = load(scenarios_dir() / "livestream-gbr-phl.yaml")
    catalogue()
    monkeypatch.setattr(solver, "WATCH_ABOVE", 0)  # watch even this small grounding (2,377 rules)
    seen: list[int] = []
    look = solver._Watch.rule

    def counted(self: solver._Watch, *args: object) -> None:
        seen.append(1)
        look(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(solver._Watch, "rule", counted)
    ground = solver.clingo.Control.ground

    def late(self: object, *args: object, **kwargs: object) -> None:
        clock[0] = 100.0  # the deadline passes as grounding starts
        ground(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(solver.clingo.Control, "ground", late)
    with pytest.raises(solver.LimitReached) as cut, solver.limited(solver.Limits(timeout=5)):
        analyse(case)
    assert cut.value.cut_short and "the time ran out while grounding" in cut.value.message
    assert len(seen) == solver.WATCH_EVERY  # stopped at its first look at the clock, long before the end


def test_the_time_limit_covers_decoding(clock: list[float], monkeypatch: pytest.MonkeyPatch) -> None:
    import jurisdiction.apps.analysis as analysis
    from jurisdiction.input.loader import load
    from jurisdiction.resources import scenarios_dir

    case = load(scenarios_dir() / "livestream-gbr-phl.yaml")
    decode = analysis.decode

    def slow(*args: object, **kwargs: object) -> object:
        clock[0] = 100.0  # decoding outlasts the limit
        return decode(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(analysis, "decode", slow)
    with pytest.raises(solver.LimitReached) as cut, solver.limited(solver.Limits(timeout=5)):
        analysis.analyse(case)
    assert cut.value.cut_short and "while decoding" in cut.value.message
    clock[0] = 0.0
    with solver.limited(solver.Limits(timeout=500)):
        assert analysis.analyse(case).jurisdiction  # within the limit, the same call answers


def test_the_deadline_is_the_blocks_not_each_solves(clock: list[float]) -> None:
    with solver.limited(solver.Limits(timeout=10)):
        clock[0] = 4.0
        assert solver.deadline() == 10.0  # not 14: the time spent so far counts
        with solver.limited(solver.Limits(timeout=60)):
            assert solver.deadline() == 10.0  # an inner block cannot extend it
    clock[0] = 20.0
    assert solver.deadline() == 20.0 + solver.DEFAULT_TIMEOUT  # no block: the limit from now


SLOW = 20.0  # seconds a monkeypatched step takes; the limit below is a hundredth of it


def slowly(*args: object, **kwargs: object) -> None:
    end = time.monotonic() + SLOW
    while time.monotonic() < end:
        time.sleep(0.01)


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="the command line's hard stop needs setitimer")
@pytest.mark.parametrize("step", ["grounding", "decoding"])
def test_timeout_on_the_command_line_covers_the_whole_run(
    step: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jurisdiction.apps.analysis

    catalogue()
    if step == "grounding":
        monkeypatch.setattr(solver.clingo.Control, "ground", slowly)
    else:
        monkeypatch.setattr(jurisdiction.apps.analysis, "decode", slowly)
    out = tmp_path / "answer.json"
    started = time.monotonic()
    result = runner.invoke(app, ["analyse", "livestream-gbr-phl", "--timeout", "0.2", "-f", "json", "-o", str(out)])
    assert result.exit_code == 3, result.stderr
    assert time.monotonic() - started < SLOW / 2
    assert "cut short: no answer within the time limit of 0.2 s" in result.stderr and "--timeout" in result.stderr
    assert not out.exists()
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # the alarm ended with the command
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL


def test_a_limit_reached_in_a_clingo_callback_comes_out_whole() -> None:
    # clingo raises a callback's exception again as type(exc)(exc): every field must survive it.
    inner = solver.LimitReached("cut short", "allow more time", cut_short=True)
    again = type(inner)(inner)
    assert (again.message, again.fix, again.cut_short) == ("cut short", "allow more time", True)
