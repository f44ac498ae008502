"""Benchmarks: prints tables of figures (not a test: nothing here passes or fails).

    python bench/run.py            # everything (about 10 minutes on 2 cores)
    python bench/run.py --quick    # smaller sizes (about a minute)

1. `jurex analyse` on the bundled live-streaming case, whole process, median of 10, against the floor
   `python -c "import clingo"`.
2. Batch throughput (cases/s) on generated three-person, three-act cases, against one Control per case.
3. Scaling of one case with its number of states and of acts: time, peak memory, ground atoms.
4. `jurex gaps` with 3, 4 and 5 abstract states under each regime.
5. Reading a model back: clingo's text against its C layer (creader.py), on the same models.
6. The sweep of attempted-procuring over two fields and ALL_ISO (62,001 cases), with --no-cache and without.
7. Step 15's targets: one case, distinct cases, the sweep, on main before Step 15 and now, side by side; and a
   sweep of a million combinations, for its memory.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

PYTHON = sys.executable
JUREX = str(Path(sys.executable).with_name("jurex"))


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import clingo

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{cpu}, {cores} cores, Python {platform.python_version()}, clingo {clingo.__version__}"


def table(title: str, header: list[str], rows: list[list[Any]]) -> None:
    widths = [max(len(str(x)) for x in [h, *(r[i] for r in rows)]) for i, h in enumerate(header)]
    print(f"\n{title}")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(str(x).ljust(w) for x, w in zip(r, widths, strict=True)))
    sys.stdout.flush()


def timed(commands: list[tuple[list[str], dict[str, str]]], runs: int) -> list[tuple[float, float, float]]:
    """Median and fastest wall time, and median processor time (user and system), of `runs` runs of each
    command (with its environment), taken in turns: on a shared virtual machine the load moves within a minute,
    and in turns it weighs on every command alike; the processor time moves much less with it. One run of each
    first, untimed: it writes the bytecode and jurex's store of derived files, as any earlier run would have (in
    this environment Python may be told not to write bytecode, and an editable install has none)."""
    for cmd, env in commands:
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    walls: list[list[float]] = [[] for _ in commands]
    cpus: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for (cmd, env), wall, cpu in zip(commands, walls, cpus, strict=True):
            used = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            wall.append(time.perf_counter() - start)
            now = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(now.ru_utime - used.ru_utime + now.ru_stime - used.ru_stime)
    return [(statistics.median(w), min(w), statistics.median(c)) for w, c in zip(walls, cpus, strict=True)]


def jurex_at(ref: str, folder: Path) -> list[str]:
    """A command that runs jurex as it was at the git commit `ref`: its tree in `folder`, laid out as the wheel
    installs it (cli/, logic/ and scenarios/ inside the package), started as the `jurex` script starts it."""
    top = Path(__file__).resolve().parent.parent  # git archive from a subfolder would take that folder alone
    subprocess.run(f"git archive {ref} | tar -x -C {folder}", shell=True, check=True, cwd=top)
    for name in ("cli", "logic", "scenarios"):
        (folder / name).rename(folder / "jurisdiction" / name)
    script = folder / "jurex"
    # as pip's console script: a spawned worker runs the main module again, under another name
    script.write_text(
        "import sys\nfrom jurisdiction.cli.app import main\nif __name__ == '__main__':\n    sys.exit(main())\n"
    )
    return [PYTHON, str(script)]


def bench_startup(runs: int) -> None:
    """One case, and the commands around it, as whole processes, against `python -c "import clingo"`. With
    JUREX_BENCH_BEFORE=<git ref>, the same jurex commands as of that commit and of HEAD too, in the same run and in
    turns with the installed jurex's (e.g. JUREX_BENCH_BEFORE=main)."""
    import tempfile

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    case = "livestream-gbr-phl"
    jurex_commands = [
        ("jurex --help", ["--help"]),
        (f"jurex validate {case}", ["validate", case]),
        (f"jurex analyse {case}", ["analyse", case]),
        (f"jurex analyse {case} -f json", ["analyse", case, "-f", "json"]),
    ]
    # What the libraries jurex keeps cost before jurex does anything: pydantic's import is deferred until a model
    # is made, so the second row does not show it; the third makes one.
    libraries = "import clingo, yaml, typer, pycountry, rich.table, pydantic\nclass M(pydantic.BaseModel): x: int"
    imports = "import clingo, yaml, pydantic, typer"
    off = {**env, "JUREX_PROGRAM_CACHE": "off"}
    commands: list[tuple[str, list[str], dict[str, str]]] = [
        ('python -c "import clingo"', [PYTHON, "-c", "import clingo"], env),
        (f'python -c "{imports}"', [PYTHON, "-c", imports], env),
        ("the libraries, and one pydantic model", [PYTHON, "-c", libraries], env),
        *((name, [JUREX, *args], env) for name, args in jurex_commands),
        (f"jurex analyse {case}, no store (JUREX_PROGRAM_CACHE=off)", [JUREX, "analyse", case], off),
    ]
    before = os.environ.get("JUREX_BENCH_BEFORE")
    with tempfile.TemporaryDirectory(prefix="jurex-trees-") as folder:
        if before:
            # Both trees laid out and started alike (the installed jurex may be an editable install, whose finder
            # costs every import a little): the last column compares like with like.
            for ref in ("HEAD", before):
                (Path(folder) / ref).mkdir()
                tree = jurex_at(ref, Path(folder) / ref)
                commands += [(f"{ref}: {name}", [*tree, *args], env) for name, args in jurex_commands]
        figures = timed([(cmd, e) for _, cmd, e in commands], runs)
    floor_median, floor_fastest, floor_cpu = figures[0]
    medians = {name: figure[2] for (name, _, _), figure in zip(commands, figures, strict=True)}
    rows = []
    for (name, _, _), (median, fastest, cpu) in zip(commands, figures, strict=True):
        then = bool(before) and name.startswith(f"{before}: ")
        head = medians.get("HEAD: " + name.removeprefix(f"{before}: ")) if then else None
        rows.append(
            [
                name,
                f"{median:.3f}",
                f"{fastest:.3f}",
                f"{median / floor_median:.1f}",
                f"{fastest / floor_fastest:.1f}",
                f"{cpu:.3f}",
                f"{cpu / floor_cpu:.1f}",
                f"{cpu / head:.2f}" if head else "",
            ]
        )
    header = ["command", "median s", "fastest s", "median x clingo's", "fastest x clingo's", "CPU s", "CPU x clingo's"]
    table(
        f"1. One case, whole process ({runs} runs each, in turns; x clingo's: against `python -c \"import clingo\"`;"
        " CPU: the median of user and system time)",
        [*header, f"CPU {before} / HEAD" if before else ""],
        rows,
    )


def generated_cases(n: int, seed: int = 1) -> Iterator[str]:
    """Three people (offender, accomplice, child), three acts, one request; states drawn from ISO 3166. Made
    one at a time, so that a batch's memory figures are jurex's, not those of a list of 100,000 cases."""
    import pycountry

    codes = sorted(c.alpha_3 for c in pycountry.countries)
    rnd = random.Random(seed)
    for i in range(n):

        def s() -> str:
            return rnd.choice(codes)

        by, to = rnd.sample(codes, 2)
        case = {
            "schema": "jurex/v1",
            "id": f"g{i}",
            "title": "generated",
            "date": "2019-06-01",
            "people": {
                "offender": {"nationality": [s()], "habitual_residence": s(), "present_in": s()},
                "accomplice": {"nationality": [s()], "present_in": s()},
                "child": {"nationality": [s()], "age": 12},
            },
            "offences": [
                {
                    "id": "abuse",
                    "category": "csam_production",
                    "offenders": [{"person": "offender"}, {"person": "accomplice", "role": "complicity"}],
                    "victims": ["child"],
                    "acts": [
                        {"in": s(), "by": "offender"},
                        {"in": s(), "by": "accomplice"},
                        {"in": s(), "element": "result"},
                    ],
                }
            ],
            "requests": [{"by": by, "to": to, "person": "offender"}],
        }
        yield json.dumps(case)


def naive_rate(texts: list[str]) -> tuple[float, float]:
    """One Control per case, the whole answer decoded, then the same summary as a batch line."""
    from jurisdiction.apps.analysis import analyse
    from jurisdiction.engine.solver import solve
    from jurisdiction.input.loader import load_text
    from jurisdiction.render.golden import summary

    clingo_time = 0.0
    original = solve

    def timed_solve(*args: Any, **kwargs: Any) -> Any:
        nonlocal clingo_time
        start = time.perf_counter()
        out = original(*args, **kwargs)
        clingo_time += time.perf_counter() - start
        return out

    import jurisdiction.apps.analysis as analysis_module

    analysis_module.solve = timed_solve  # type: ignore[assignment]
    try:
        start = time.perf_counter()
        for i, text in enumerate(texts):
            summary(analyse(load_text(text, f"case {i}")))
        seconds = time.perf_counter() - start
    finally:
        analysis_module.solve = original  # type: ignore[assignment]
    return len(texts) / seconds, clingo_time / seconds


def batch_point(n: int, workers: int) -> dict[str, Any]:
    """One batch measurement, run in a fresh process so that its memory figures are its own."""
    from jurisdiction.apps.batch import BatchStats, Item, peak_mb, run

    items = (Item(i, f"g{i}", t) for i, t in enumerate(generated_cases(n)))
    stats = BatchStats()
    start = time.perf_counter()
    for _ in run(items, ["opsc"], workers=workers, processes=True, stats=stats):
        pass
    seconds = time.perf_counter() - start
    return {
        "rate": n / seconds,
        "clingo_share": stats.clingo_seconds / stats.worker_seconds,
        "main_mb": peak_mb(),
        "worker_mb": stats.worker_peak_mb,  # a forked worker is not this process's child: its own figure
    }


def bench_batch(sizes: list[int], naive_sample: int) -> None:
    from jurisdiction.apps.batch import default_workers

    workers = default_workers()
    sample = min(naive_sample, max(sizes))
    naive_cases, naive_share = naive_rate(list(generated_cases(sample, seed=7)))
    rows = []
    for n in sizes:
        for w in sorted({1, workers}):
            out = subprocess.run(
                [PYTHON, __file__, "--batch-point", str(n), str(w)], check=True, capture_output=True, text=True
            )
            r = json.loads(out.stdout)
            memory = f"{r['main_mb']} MB + {r['worker_mb']} MB per worker"
            rows.append(
                [
                    f"{n:,}",
                    w,
                    f"{r['rate']:,.0f}",
                    f"{r['clingo_share']:.0%}",
                    f"{r['rate'] / naive_cases:.1f}x",
                    memory,
                ]
            )
    table(
        f"2. Batch throughput, opsc, chunks of 250 (naive: one Control per case, {naive_cases:,.0f} cases/s on "
        f"1 core, clingo {naive_share:.0%} of it, on {sample:,} of the cases)",
        ["cases", "workers", "cases/s", "clingo share", "vs naive", "peak memory"],
        rows,
    )


SCALE_SNIPPET = r"""
import json, resource, sys, time
import pycountry, clingo
from jurisdiction.input.model import Case
from jurisdiction.apps.analysis import analyse
from jurisdiction.engine.solver import solve
import jurisdiction.apps.analysis as A
n_states, n_acts = int(sys.argv[1]), int(sys.argv[2])
codes = sorted(c.alpha_3 for c in pycountry.countries)[:n_states]
people = {"offender": {"nationality": [codes[0]], "habitual_residence": codes[1 % n_states],
          "present_in": codes[2 % n_states]}, "child": {"nationality": [codes[3 % n_states]], "age": 12}}
for i, s in enumerate(codes):
    people[f"witness{i}"] = {"nationality": [s], "present_in": s}
acts = [{"in": codes[i % n_states], "by": "offender"} for i in range(n_acts)]
case = Case.model_validate({"schema": "jurex/v1", "id": "scale", "title": "scale", "date": "2019-06-01",
    "people": people, "offences": [{"id": "o", "category": "csam_distribution",
    "offenders": [{"person": "offender"}], "victims": ["child"], "acts": acts}],
    "requests": [{"by": codes[0], "to": codes[2 % n_states], "person": "offender"}]})
stats = {}
def spy(*a, **k):
    out = solve(*a, **k)
    lp = out.statistics["problem"]["lp"]
    stats.update(atoms=int(lp["atoms"]), rules=int(lp["rules"]))
    return out
A.solve = spy
start = time.perf_counter()
analyse(case)
seconds = time.perf_counter() - start
hwm = next(int(x.split()[1]) // 1024 for x in open("/proc/self/status") if x.startswith("VmHWM:"))
print(json.dumps({"seconds": seconds, "rss_mb": hwm, **stats}))
"""


def bench_scaling() -> None:
    rows = []
    for n_states, n_acts in [(5, 1), (50, 1), (200, 1), (5, 100), (5, 1000), (200, 1000)]:
        out = subprocess.run(
            [PYTHON, "-c", SCALE_SNIPPET, str(n_states), str(n_acts)], check=True, capture_output=True, text=True
        )
        r = json.loads(out.stdout)
        rows.append(
            [n_states, n_acts, f"{r['seconds']:.3f}", f"{r['rss_mb']} MB", f"{r['atoms']:,}", f"{r['rules']:,}"]
        )
    table(
        "3. One case as it grows (analyse in-process: load, encode, ground, solve, decode)",
        ["states", "acts", "seconds", "peak RSS", "ground atoms", "ground rules"],
        rows,
    )


def bench_gaps(sizes: list[int]) -> None:
    from jurisdiction.apps.gaps import search
    from jurisdiction.engine.regimes import REGIMES

    rows = []
    for key in sorted(REGIMES):
        row: list[Any] = [key]
        for n in sizes:
            start = time.perf_counter()
            result = search(REGIMES[key], states=n, timeout=120)
            seconds = time.perf_counter() - start  # grounding included (the search's own figure is solving only)
            flag = ", cut short" if result.cut_short else (", search complete" if result.exhausted else "")
            row.append(f"{seconds:.2f} s ({len(result.patterns)} patterns{flag})")
        rows.append(row)
    table("4. jurex gaps: search time by number of abstract states", ["regime", *(f"{n} states" for n in sizes)], rows)


def bench_reading(n: int, rounds: int) -> None:
    """Reading a model back: the text reader (terms.py) against clingo's C layer (creader.py), on the same models,
    interleaved in one process (fastest of `rounds`): a chunk of `n` generated cases in one many-case run, and
    the bundled live-streaming case alone."""
    import gc

    import clingo
    from clingo import ast

    from jurisdiction.apps.analysis import encode_case
    from jurisdiction.apps.batch import summary_hidden
    from jurisdiction.data.states import bundled
    from jurisdiction.engine import creader, multicase, terms
    from jurisdiction.engine.regimes import parse
    from jurisdiction.engine.solver import Number, deadline, ground, model, only_model, program
    from jurisdiction.input.loader import load, load_text
    from jurisdiction.resources import scenarios_dir

    data, regimes = bundled(), [parse("opsc")]
    files = program([r.rule_file for r in regimes])
    rewritten = multicase.multi_program(files, summary_hidden(files))
    ctl = clingo.Control(["--warn=none"])
    with ast.ProgramBuilder(ctl) as builder:
        for statement in rewritten.statements:
            builder.add(statement)
    with ctl.backend() as backend:
        for i, text in enumerate(generated_cases(n)):
            backend.add_rule([backend.add_atom(clingo.Function(multicase.CASE_DOMAIN, [clingo.Number(i)]))])
            for fact in encode_case(load_text(text, f"g{i}"), data, regimes, (), False, tag=Number(i)).symbols:
                backend.add_rule([backend.add_atom(fact)])
    ground(ctl, deadline())
    many = only_model(ctl, "")
    livestream = load(scenarios_dir() / "livestream-gbr-phl.yaml")
    alone, _ = model(encode_case(livestream, data, regimes, (), False).symbols, files)
    ways = {
        ("chunk", "text"): lambda: terms.tagged(many, n, rewritten.static_shown),
        ("chunk", "C"): lambda: creader.read_tagged(many, n, rewritten.static_shown),
        ("one case", "text"): lambda: terms.from_symbols(alone),
        ("one case", "C"): lambda: creader.read(alone),
    }
    best = dict.fromkeys(ways, float("inf"))
    for _ in range(rounds):
        for key, way in ways.items():
            gc.collect()
            start = time.perf_counter()
            way()
            best[key] = min(best[key], time.perf_counter() - start)
    rows = []
    for what, cases, label in (("chunk", n, f"a chunk of {n:,} cases"), ("one case", 1, "livestream-gbr-phl alone")):
        text, c = best[(what, "text")] / cases * 1e3, best[(what, "C")] / cases * 1e3
        atoms = len(many if what == "chunk" else alone)
        rows.append([f"{label} ({atoms:,} atoms)", f"{text:.3f}", f"{c:.3f}", f"{text / c:.1f}x"])
    table(
        f"5. Reading a model back, ms a case (fastest of {rounds}, interleaved; reader in use: {creader.ACTIVE})",
        ["model", "text (before)", "C layer (now)", "ratio"],
        rows,
    )


def sweep_lines(quick: bool, cache: bool) -> tuple[int, float, str]:
    """The sweep of attempted-procuring over the traveller's nationality and the first act's place, under the
    OPSC, on every core: (combinations, seconds, a digest of every line). --quick: 10 x ALL_ISO (2,490)."""
    import hashlib

    from jurisdiction.apps.batch import default_workers, json_line, run
    from jurisdiction.apps.sweep import items, parse_vary, sweep_engine
    from jurisdiction.input.reader import parse, read_text
    from jurisdiction.resources import scenarios_dir

    path = scenarios_dir() / "attempted-procuring.yaml"
    raw, _ = parse(read_text(path), str(path))
    first = "traveller.nationality=" + "AFG,ALB,ARG,AUS,AUT,BEL,BRA,CAN,CHE,CHN" if quick else ""
    varies = [parse_vary(first or "traveller.nationality=ALL_ISO", raw), parse_vary("acts[0].in=ALL_ISO", raw)]
    engine = sweep_engine(raw, str(path), varies) if cache else run
    digest = hashlib.sha256()
    count = 0
    start = time.perf_counter()
    options = {"cache": False} if not cache else {}
    lines = items(raw, str(path), varies, texts=not cache)  # the engine makes the cases it answers
    for line in engine(lines, ["opsc"], workers=default_workers(), processes=True, **options):
        digest.update(json_line(line).encode())
        count += 1
    return count, time.perf_counter() - start, digest.hexdigest()[:16]


def bench_sweep(quick: bool) -> None:
    """6. The sweep, answered anew (--no-cache: today's path) and by canonical forms, back to back."""
    old = sweep_lines(quick, cache=False)
    new = sweep_lines(quick, cache=True)
    rows = [
        ["--no-cache (every case answered)", f"{old[0]:,}", f"{old[1]:.1f}", f"{old[0] / old[1]:,.0f}", old[2]],
        ["canonical forms (answers reused)", f"{new[0]:,}", f"{new[1]:.1f}", f"{new[0] / new[1]:,.0f}", new[2]],
    ]
    table(
        f"6. jurex sweep attempted-procuring, two fields, opsc ({old[1] / new[1]:.1f}x; same digest: same bytes)",
        ["path", "combinations", "seconds", "cases/s", "digest of the lines"],
        rows,
    )


TODAY = "186095e"  # main before Step 15 (issue 19): what its targets are ratios to


def run_in(script: list[str], args: list[str]) -> tuple[float, tuple[int, int]]:
    """A jurex of jurex_at, whole process, with ARGS: (seconds, (the peak resident memory in MB of jurex, and of
    its largest worker)). The memory is what the batch's stats line says where it says it (a worker forked by
    the fork server is not jurex's child), else getrusage's, read by an exit handler (jurex ends in os._exit
    once those have run)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "JUREX_PROGRAM_CACHE")}
    snippet = (
        "import atexit, resource, runpy, sys\n"
        "def peak():\n"
        "    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "    sys.stderr.write(f'\\nPEAK {own} {kids}\\n')\n"
        "atexit.register(peak)\n"
        "script = sys.argv[1]\n"
        "sys.argv = sys.argv[1:]\n"
        "sys.path.insert(0, script.rpartition('/')[0])\n"
        "runpy.run_path(script, run_name='__main__')\n"
    )
    start = time.perf_counter()
    done = subprocess.run([PYTHON, "-c", snippet, script[-1], *args], env={**env, "COLUMNS": "120"},
                          capture_output=True, text=True)  # fmt: skip
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 2):
        raise RuntimeError(f"{script[-1]} {' '.join(args)} exited {done.returncode}: {done.stderr[-2000:]}")
    own, kids = (int(x) // 1024 for x in done.stderr.rsplit("PEAK ", 1)[1].split())
    said = re.search(r"peak memory: ([\d,]+) MB in jurex(?:, ([\d,]+) MB in a worker)?", done.stderr)
    if said:
        own, kids = (int((x or "0").replace(",", "")) for x in said.groups())
    return seconds, (own, kids)


def digest_of(path: Path) -> str:
    """A digest of the lines, each without its source (which names where the template was installed)."""
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as lines:
        for raw in lines:
            line = json.loads(raw)
            line.pop("source", None)
            digest.update(json.dumps(line, ensure_ascii=False).encode())
    return digest.hexdigest()[:16]


def mb(peaks: tuple[int, int]) -> str:
    return f"{peaks[0]:,} + {peaks[1]:,} MB"


def bench_today(quick: bool, today: str) -> None:
    """7. Step 15's targets: the same commands on main before Step 15 (`today`) and on HEAD, back to back, each
    a whole process of its own tree laid out as installed (jurex_at); the outputs' digests say the answers are
    the same."""
    import tempfile

    work = Path(tempfile.mkdtemp(prefix="jurex-bench-"))
    trees: list[tuple[str, list[str]]] = []
    for name, ref in (("today", today), ("now", "HEAD")):
        (work / name).mkdir()
        trees.append((name, jurex_at(ref, work / name)))
    rows = []  # (timed runs its commands once untimed first: the bytecode and the store are written)
    runs = 5 if quick else 10
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "JUREX_PROGRAM_CACHE")}
    one = ["analyse", "livestream-gbr-phl"]
    clingo_, then, now = timed([([PYTHON, "-c", "import clingo"], env), *(([*t, *one], env) for _, t in trees)], runs)
    rows.append(
        [f"one case, whole process: median s, CPU s (x import clingo's {clingo_[0]:.3f} s, {clingo_[2]:.3f} s)",
         f"{then[0]:.3f}, {then[2]:.3f} ({then[0] / clingo_[0]:.1f}x, {then[2] / clingo_[2]:.1f}x)",
         f"{now[0]:.3f}, {now[2]:.3f} ({now[0] / clingo_[0]:.1f}x, {now[2] / clingo_[2]:.1f}x)",
         f"{then[0] / now[0]:.2f}x, {then[2] / now[2]:.2f}x", "0.2 s"]
    )  # fmt: skip
    n = 1_000 if quick else 10_000
    cases = work / "cases.jsonl"
    cases.write_text("".join(text + "\n" for text in generated_cases(n)))
    def both(what: str, args: list[str]) -> tuple[dict[str, tuple[float, tuple[int, int]]], str]:
        """Each tree's (seconds, peaks) for `jurex ARGS -o FILE`, and whether their lines are the same."""
        figures, digests = {}, set()
        for name, tree in trees:
            out = work / f"{what}-{name}.jsonl"
            figures[name] = run_in(tree, [*args, "-o", str(out)])
            digests.add(digest_of(out))
            out.unlink()
        return figures, "same lines" if len(digests) == 1 else "LINES DIFFER"

    batch, same = both("batch", ["batch", str(cases)])
    today_rate, now_rate = (n / batch[k][0] for k in ("today", "now"))
    rows.append(
        [f"{n:,} distinct generated cases, cases/s ({same})", f"{today_rate:,.0f}", f"{now_rate:,.0f}",
         f"{now_rate / today_rate:.2f}x", "1,500 cases/s"]
    )  # fmt: skip
    rows.append(["  peak memory: jurex + its largest worker", *(mb(batch[k][1]) for k in ("today", "now")), "", ""])
    first = "traveller.nationality=" + ("AFG,ALB,ARG,AUS,AUT,BEL,BRA,CAN,CHE,CHN" if quick else "ALL_ISO")
    sweep = ["sweep", "attempted-procuring", "--vary", first, "--vary", "acts[0].in=ALL_ISO", "--regimes", "opsc"]
    swept, same = both("sweep", [*sweep, "-f", "json"])
    count = 2_490 if quick else 62_001
    rows.append(
        [f"sweep of attempted-procuring, {count:,} combinations, seconds ({same})", f"{swept['today'][0]:.1f}",
         f"{swept['now'][0]:.1f}", f"{swept['today'][0] / swept['now'][0]:.1f}x", "15 s"]
    )  # fmt: skip
    rows.append(["  peak memory: jurex + its largest worker", *(mb(swept[k][1]) for k in ("today", "now")), "", ""])
    if not quick:  # a million combinations: now only (today's would take an hour)
        third = "girl.nationality=AUS,IDN,PHL,THA,USA,GBR,FRA,DEU,JPN,KHM,VNM,LAO,MYS,IND,CHN,BRA"
        out = work / "million.jsonl"
        seconds, peak = run_in(trees[1][1], [*sweep, "--vary", third, "-o", str(out), "-f", "json", "--yes"])
        out.unlink()  # some 3 GB
        rows.append(
            ["the same with girl.nationality over 16 states: 992,016 combinations, seconds", "",
             f"{seconds:.1f}", "", ""]
        )  # fmt: skip
        rows.append(["  peak memory: jurex + its largest worker (flat: as for 62,001)", "", mb(peak), "", ""])
    table(
        f"7. Step 15's targets: main before it (today: {today}) and now, back to back, whole process",
        ["measure", "today", "now", "ratio", "target"],
        rows,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    parser.add_argument(
        "--only", choices=["startup", "batch", "scaling", "gaps", "sweep", "today"], help="one benchmark"
    )
    parser.add_argument("--today", default=TODAY, metavar="REV", help=f"table 7's 'today' (default {TODAY})")
    parser.add_argument("--batch-point", nargs=2, type=int, metavar=("CASES", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.batch_point:
        print(json.dumps(batch_point(*args.batch_point)))
        return
    print(f"jurex benchmarks on {machine()}")
    if args.only in (None, "startup"):
        bench_startup(5 if args.quick else 10)
    if args.only in (None, "batch"):
        bench_batch([1, 100, 1_000] if args.quick else [1, 100, 10_000, 100_000], 200 if args.quick else 1_000)
    if args.only in (None, "scaling"):
        bench_scaling()
    if args.only in (None, "gaps"):
        bench_gaps([3, 4] if args.quick else [3, 4, 5])
    if args.only is None:
        bench_reading(250, 5 if args.quick else 15)
    if args.only in (None, "sweep"):
        bench_sweep(args.quick)
    if args.only in (None, "today"):
        bench_today(args.quick, args.today)


if __name__ == "__main__":
    main()
