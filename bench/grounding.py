"""Grounding as a case grows: estimated and real ground atoms, time and peak memory (prints figures; not a test).

    python bench/grounding.py            # the bundled cases, then the network ladder up to 2.2 million atoms
    python bench/grounding.py --quick    # the ladder up to about 230,000 atoms

The case that grows is a network: every offender takes part in every offence, the acts of the offences are
spread over the states, and each offender, whose whereabouts are unknown, is asked for by several states. The
ground program grows with offenders x offences x linked states x states the offender may be in
(jurisdiction/engine/budget.py), not with the size of the file. Each point runs in a fresh process, so that
its peak memory (VmHWM) is its own; points above the bound (solver.MAX_GROUND_ATOMS) are run with the bound
lifted, to show what it saves, and the refusal itself is timed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from run import table  # bench/run.py's plain table: this script runs beside it, as python bench/grounding.py

PYTHON = sys.executable
CODES = [
    "ARG", "AUS", "AUT", "BEL", "BRA", "CAN", "CHE", "CHL", "COL", "CZE", "DEU", "DNK", "ESP", "EST", "FIN", "FRA",
    "GBR", "GRC", "HUN", "IDN", "IND", "IRL", "ISL", "ITA", "JPN", "KEN", "KOR", "LTU", "LUX", "LVA", "MEX", "MYS",
    "NLD", "NOR", "NZL", "PER", "PHL", "POL", "PRT", "ROU", "SVK", "SVN", "SWE", "THA", "TUR", "UKR", "USA", "ZAF",
]  # fmt: skip

# (offenders, states, offences, requests per offender); the last is a 24 KB case, the size the issue measured.
LADDER = [
    (2, 3, 1, 1),
    (5, 6, 2, 2),
    (8, 10, 3, 3),
    (10, 15, 4, 5),
    (12, 20, 5, 8),
    (15, 25, 6, 10),
    (18, 28, 7, 12),
    (22, 32, 9, 17),
]
QUICK = LADDER[:5]


def network(offenders: int, states: int, offences: int, requests: int) -> dict[str, Any]:
    codes = CODES[:states]
    people: dict[str, Any] = {
        f"p{i}": {"nationality": [codes[i % states]], "habitual_residence": codes[(i + 1) % states]}
        for i in range(offenders)
    }
    people["child"] = {"nationality": [codes[0]], "age": 12}
    return {
        "schema": "jurex/v1",
        "id": "network",
        "title": "a network",
        "date": "2019-06-01",
        "people": people,
        "offences": [
            {
                "id": f"o{k}",
                "category": "csam_distribution",
                "offenders": [{"person": f"p{i}"} for i in range(offenders)],
                "victims": ["child"],
                "acts": [{"in": codes[(k + j) % states]} for j in range(states)],
            }
            for k in range(offences)
        ],
        "requests": [
            {"by": codes[(i + j) % states], "to": codes[(i + j + 1) % states], "person": f"p{i}"}
            for i in range(offenders)
            for j in range(requests)
        ],
    }


def large_real_case() -> dict[str, Any]:
    """What a large real investigation might look like: a ring of 30 offenders in 15 states (each where they live),
    three offences (production by five of them, distribution and possession by all), three children, ten requests."""
    codes = CODES[:15]
    people: dict[str, Any] = {
        f"p{i}": {"nationality": [codes[i % 15]], "habitual_residence": codes[i % 15], "present_in": codes[i % 15]}
        for i in range(30)
    }
    people.update(
        {f"child{v}": {"nationality": [codes[v]], "habitual_residence": codes[v], "age": 9 + v} for v in range(3)}
    )
    everyone = [{"person": f"p{i}"} for i in range(30)]
    offences = [
        {
            "id": "production",
            "category": "csam_production",
            "offenders": [{"person": "p0"}, *({"person": f"p{i}", "role": "complicity"} for i in range(1, 5))],
            "victims": ["child0", "child1", "child2"],
            "acts": [{"in": codes[j % 3], "by": f"p{j}"} for j in range(5)],
        },
        {
            "id": "distribution",
            "category": "csam_distribution",
            "offenders": everyone,
            "victims": ["child0", "child1", "child2"],
            "acts": [{"in": c} for c in codes],
        },
        {
            "id": "possession",
            "category": "csam_possession_for_purpose",
            "offenders": everyone,
            "victims": ["child0", "child1", "child2"],
            "acts": [{"in": codes[i % 15], "by": f"p{i}"} for i in range(30)],
        },
    ]
    requests = [{"by": codes[(i + 1) % 15], "to": codes[i % 15], "person": f"p{i}"} for i in range(10)]
    return {"schema": "jurex/v1", "id": "ring", "title": "a ring", "date": "2019-06-01", "people": people,
            "offences": offences, "requests": requests}  # fmt: skip


POINT = r"""
import json, sys, time
from jurisdiction.apps.analysis import encode_case
from jurisdiction.data.states import bundled
from jurisdiction.engine.regimes import OPSC
from jurisdiction.engine.solver import LimitReached, Limits, limited, solve
from jurisdiction.findings.decode import decode
from jurisdiction.input.loader import load_text

text, lift = sys.stdin.read(), sys.argv[1] == "lift"
data = bundled()
started = time.perf_counter()
case = load_text(text)
out = {"bytes": len(text.encode())}
try:
    with limited(Limits(timeout=3600)):
        encoding = encode_case(case, data, (OPSC,), (), False)
except LimitReached as refused:
    out["refused_in"] = time.perf_counter() - started
    out["message"], out["fix"] = refused.message, refused.fix
    if not lift:
        print(json.dumps(out))
        sys.exit()
with limited(Limits(timeout=3600, max_atoms=10**12)):
    encoding = encode_case(case, data, (OPSC,), (), False)
    out["facts"], out["estimate"] = len(encoding.symbols), encoding.size.atoms()
    t0 = time.perf_counter()
    answer = solve(encoding.symbols, dimensions=encoding.size)
    t1 = time.perf_counter()
    decode(answer.symbols, case, encoding, data, OPSC, False)
    t2 = time.perf_counter()
out.update(atoms=int(answer.statistics["problem"]["lp"]["atoms"]), shown=len(answer.symbols),
           solve=t1 - t0, decode=t2 - t1, total=t2 - started)
out["mb"] = next(int(x.split()[1]) // 1024 for x in open("/proc/self/status") if x.startswith("VmHWM:"))
print(json.dumps(out))
"""


def point(case: dict[str, Any], lift: bool) -> dict[str, Any]:
    text = json.dumps(case, separators=(",", ":"))
    done = subprocess.run(
        [PYTHON, "-c", POINT, "lift" if lift else "keep"], input=text, check=True, capture_output=True, text=True
    )
    return json.loads(done.stdout)


def bench_bundled() -> None:
    from jurisdiction.apps.analysis import encode_case
    from jurisdiction.data.states import bundled
    from jurisdiction.engine.regimes import OPSC
    from jurisdiction.engine.solver import MAX_GROUND_ATOMS, solve
    from jurisdiction.input.loader import load
    from jurisdiction.resources import scenarios_dir

    data = bundled()
    rows = []
    for path in sorted(scenarios_dir().glob("*.yaml")):
        if path.name.endswith((".expected.yaml", ".comparison.yaml")):
            continue
        encoding = encode_case(load(path), data, (OPSC,), (), False)
        answer = solve(encoding.symbols, dimensions=encoding.size)
        rows.append((encoding.size.atoms(), int(answer.statistics["problem"]["lp"]["atoms"]), path.stem))
    rows.sort()
    largest = rows[-1]
    table(
        f"1. The {len(rows)} bundled cases (opsc): estimated and real ground atoms; the bound is {MAX_GROUND_ATOMS:,}",
        ["", "estimate", "ground atoms", "case"],
        [
            ["smallest", f"{rows[0][0]:,}", f"{rows[0][1]:,}", rows[0][2]],
            ["largest", f"{largest[0]:,}", f"{largest[1]:,}", largest[2]],
            ["bound / largest", f"{MAX_GROUND_ATOMS / largest[0]:,.0f}x", "", ""],
        ],
    )


def bench_ladder(ladder: list[tuple[int, int, int, int]]) -> None:
    from jurisdiction.engine.solver import MAX_GROUND_ATOMS

    rows = []
    refusals = []
    for dims in ladder:
        r = point(network(*dims), lift=True)
        over = "refused_in" in r
        if over:
            refusals.append((dims, r))
        rows.append(
            [
                "x".join(map(str, dims)),
                f"{r['bytes'] / 1000:.1f} KB",
                f"{r['facts']:,}",
                f"{r['estimate']:,}",
                f"{r['atoms']:,}",
                f"{r['estimate'] / r['atoms']:.2f}",
                f"{r['solve']:.2f} s",
                f"{r['decode']:.2f} s",
                f"{r['total']:.2f} s",
                f"{r['mb']:,} MB",
                "refused" if over else "",
            ]
        )
    table(
        f"2. A network as it grows (offenders x states x offences x requests each; bound {MAX_GROUND_ATOMS:,} "
        "estimated atoms; refused cases run here with the bound lifted)",
        [
            "size",
            "file",
            "facts",
            "estimate",
            "ground atoms",
            "est/real",
            "ground+solve",
            "decode",
            "whole",
            "peak memory",
            "jurex",
        ],
        rows,
    )
    if refusals:
        dims, r = refusals[0]
        print(f"\nRefused ({'x'.join(map(str, dims))}) in {r['refused_in'] * 1000:.0f} ms, told:\n  {r['message']}")
        print(f"  fix: {r['fix']}")


def bench_refusal() -> None:
    """A case no machine here could ground (a few percent of the fact bound): refused at once, told why."""
    big = network(160, 48, 40, 40)
    started = time.perf_counter()
    r = point(big, lift=False)
    seconds = time.perf_counter() - started
    print(
        f"\n3. A {r['bytes'] / 1e6:.1f} MB network of 160 offenders, 48 states, 40 offences, 40 requests each: "
        f"refused in {r['refused_in'] * 1000:.0f} ms of its process ({seconds:.1f} s with start-up and reading)"
    )
    print(f"  {r['message']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import machine

    print(f"jurex grounding benchmarks on {machine()}")
    bench_bundled()
    ring = point(large_real_case(), lift=False)
    print(
        f"\nA large real-looking case (30 offenders in 15 states, 3 offences, 3 children, 10 requests; "
        f"{ring['bytes'] / 1000:.1f} KB): estimate {ring['estimate']:,}, {ring['atoms']:,} ground atoms, "
        f"{ring['total']:.2f} s, {ring['mb']} MB"
    )
    bench_ladder(QUICK if args.quick else LADDER)
    bench_refusal()


if __name__ == "__main__":
    main()
