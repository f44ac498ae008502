"""Ground atoms per case, by predicate: figures that do not depend on the machine's load (prints; not a test).

    python bench/atoms.py                 # totals per bundled case and per generated case, and the top predicates
    python bench/atoms.py --by-predicate  # every predicate's count, bundled and generated, as JSON
    python bench/atoms.py --time 5        # also time grounding a 250-case chunk of generated cases, 5 times
    python bench/atoms.py --time-only --time 5   # only that

A bundled case is grounded alone with the rules it is analysed with (opsc; the program `jurex analyse` loads);
the generated cases (bench/run.py generated_cases: 3 people, 3 acts, one request) both alone and as one
250-case chunk of the many-case rewrite (multicase.py), sliced as a batch slices it (batch.summary_hidden).
Counts are clingo's symbolic atoms (every atom the grounder kept, facts included) and its statistics' program
atoms (problem.lp.atoms).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import Counter
from typing import Any

import clingo
from run import generated_cases  # bench/run.py: this script runs beside it, as python bench/atoms.py

from jurisdiction.apps.analysis import encode_case
from jurisdiction.apps.batch import summary_hidden
from jurisdiction.apps.library import case_files
from jurisdiction.data.states import bundled
from jurisdiction.engine.multicase import CASE_DOMAIN, multi_program
from jurisdiction.engine.regimes import parse
from jurisdiction.engine.solver import Number, control, program
from jurisdiction.input.loader import load, load_text

FILES = program()
OPSC = [parse("opsc")]


def by_predicate(ctl: clingo.Control) -> Counter[str]:
    return Counter(f"{a.symbol.name}/{len(a.symbol.arguments)}" for a in ctl.symbolic_atoms)


def lp_atoms(ctl: clingo.Control) -> int:
    """clingo's count of the program's atoms (its statistics exist once it has solved)."""
    ctl.solve()
    return int(ctl.statistics["problem"]["lp"]["atoms"])


def ground_one(symbols: list[Any]) -> tuple[Counter[str], int]:
    ctl = control(symbols, FILES)
    ctl.ground([("base", [])])
    return by_predicate(ctl), lp_atoms(ctl)


def chunk_control(encodings: list[list[Any]]) -> clingo.Control:
    text = multi_program(FILES, summary_hidden(FILES)).text
    ctl = clingo.Control(["--warn=none"])
    ctl.add("base", [], text)
    with ctl.backend() as backend:
        for n, symbols in enumerate(encodings):
            tag = Number(n)
            backend.add_rule([backend.add_atom(clingo.Function(CASE_DOMAIN, [tag]))])
            for f in symbols:
                backend.add_rule([backend.add_atom(clingo.Function(f.name, [*f.arguments, tag]))])
    return ctl


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--by-predicate", action="store_true")
    parser.add_argument("--time", type=int, default=0, help="time grounding a 250-case chunk this many times")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--time-only", action="store_true", help="only the timing (no counts)")
    args = parser.parse_args()
    data = bundled()
    if args.time_only:
        cases = [load_text(t, f"g{i}") for i, t in enumerate(generated_cases(250))]
        time_chunk([list(encode_case(c, data, OPSC, (), False).symbols) for c in cases], args.time or 5)
        return

    bundled_counts: Counter[str] = Counter()
    totals: dict[str, tuple[int, int]] = {}
    for path in case_files():
        counts, lp = ground_one(encode_case(load(path), data, OPSC, (), False).symbols)
        bundled_counts += counts
        totals[path.stem] = (sum(counts.values()), lp)

    texts = list(generated_cases(250))
    encodings = [list(encode_case(load_text(t, f"g{i}"), data, OPSC, (), False).symbols) for i, t in enumerate(texts)]
    generated_counts: Counter[str] = Counter()
    generated_lp = 0
    for symbols in encodings[:50]:
        counts, lp = ground_one(symbols)
        generated_counts += counts
        generated_lp += lp
    ctl = chunk_control(encodings)
    ctl.ground([("base", [])])
    chunk_counts = by_predicate(ctl)
    chunk_lp = lp_atoms(ctl)

    if args.by_predicate:
        print(json.dumps({"bundled": bundled_counts, "generated50": generated_counts, "chunk250": chunk_counts},
                         sort_keys=True, indent=0))
        return
    n = len(totals)
    print(f"bundled cases ({n}), alone: symbolic atoms {sum(t[0] for t in totals.values()) / n:.1f} a case, "
          f"lpstats atoms {sum(t[1] for t in totals.values()) / n:.1f} a case")
    for name, (sym, lp) in sorted(totals.items()):
        print(f"  {name:45} {sym:6} {lp:6}")
    alone = sum(generated_counts.values()) / 50
    print(f"generated cases (50), alone: symbolic {alone:.1f}, lpstats {generated_lp / 50:.1f}")
    print(f"generated chunk of 250 (batch rewrite): symbolic {sum(chunk_counts.values()) / 250:.1f} a case, "
          f"lpstats {chunk_lp / 250:.1f} a case")
    for title, counts, per in (("bundled", bundled_counts, n), ("chunk", chunk_counts, 250)):
        print(f"top predicates, {title} (atoms a case)")
        for name, k in counts.most_common(args.top):
            print(f"  {name:45} {k / per:8.1f}")
    if args.time:
        time_chunk(encodings, args.time)


def time_chunk(encodings: list[list[Any]], times: int) -> None:
    seconds = []
    for _ in range(times):
        ctl = chunk_control(encodings)
        started = time.perf_counter()
        ctl.ground([("base", [])])
        seconds.append(time.perf_counter() - started)
    print(f"grounding a 250-case chunk: median {statistics.median(seconds):.3f} s, min {min(seconds):.3f} s")


if __name__ == "__main__":
    main()
