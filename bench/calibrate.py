"""The coefficients of the grounding estimate (jurisdiction/engine/budget.py), measured again (prints figures).

    python bench/calibrate.py            # 300 generated cases of every shape (about 15 minutes on 2 cores)
    python bench/calibrate.py --quick    # 60 of them

Each case is drawn at random: 1 to 35 offenders, 2 to 40 states (the profiled ones among them, or not), 1 to 6
offences with up to 35 acts, 0 to 20 requests for each offender, who may or may not be somewhere (in a state of
their nationality, or not), victims, vessels, dual nationals, secondary roles, states claiming universal
jurisdiction, 1 to 5 regimes, the explanation rules. For each, the estimate and the real number of ground
atoms. Then a least-squares fit of the real count on the dimensions (relative error), and how the estimate in
force compares: the coefficients in budget.py are the fit raised by about a third, so that the estimate stays
above the real count of every case measured (tests/test_limits.py checks it on the bundled cases, a few
networks and generated cases). Run it after changing logic/: if the lowest ratio falls under 1, raise them.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import asdict
from typing import Any

PROFILED = ["AUS", "BRA", "CAN", "CHN", "DEU", "FRA", "GBR", "JPN", "NLD", "RUS", "USA"]
CATEGORIES = ["csam_distribution", "csam_production", "child_prostitution", "sale_sexual_exploitation", "grooming",
              "csam_mere_possession", "not_opsc"]  # fmt: skip
REGIME_SETS = [
    ("opsc",),
    ("opsc",),
    ("opsc", "lanzarote"),
    ("opsc", "opsc-guidelines", "lanzarote", "budapest", "eu-2011-93"),
]


def random_case(rnd: random.Random, codes: list[str]) -> tuple[dict[str, Any], tuple[str, ...], tuple[str, ...]]:
    n_people, n_states = rnd.randint(1, 35), rnd.randint(2, 40)
    n_offences, n_acts = rnd.randint(1, 6), rnd.randint(1, 35)
    requests, present, at_home = rnd.choice([0, 0, 1, 3, 8, 20]), rnd.random() < 0.5, rnd.random() < 0.5
    victims, dual, vessels = rnd.randint(0, 3), rnd.randint(0, 2), rnd.choice([0, 0, 2])
    secondary, everyone = rnd.choice([0.0, 0.0, 0.5]), rnd.random() < 0.7
    if rnd.random() < 0.5:
        profiled = rnd.sample(PROFILED, min(n_states, rnd.randint(3, 11)))
        states = profiled + rnd.sample([c for c in codes if c not in PROFILED], n_states - len(profiled))
    else:
        states = rnd.sample(codes, n_states)
    rnd.shuffle(states)
    while n_people * n_offences * n_states * max(1, requests if not present else 1) > 60_000:
        n_people = max(1, n_people // 2)  # keep each case within seconds
    people: dict[str, Any] = {}
    for i in range(n_people):
        nationality = list(dict.fromkeys(states[(i + k) % n_states] for k in range(1 + dual)))
        person: dict[str, Any] = {"nationality": nationality, "habitual_residence": states[(i * 7 + 1) % n_states]}
        if present:
            person["present_in"] = nationality[0] if at_home else states[(i * 3 + 2) % n_states]
        people[f"p{i}"] = person
    for v in range(victims):
        people[f"child{v}"] = {
            "nationality": [states[(v * 5) % n_states]],
            "habitual_residence": states[(v * 11 + 3) % n_states],
            "age": 12,
        }
    vessel_list = {
        f"v{k}": {"type": "ship" if k % 2 else "aircraft", "registered_in": states[(k * 13) % n_states]}
        for k in range(vessels)
    }
    offences = []
    for k in range(n_offences):
        who = list(range(n_people)) if everyone else rnd.sample(range(n_people), max(1, n_people // 3))
        acts = [
            {"in": {"vessel": f"v{(j + k) % vessels}", "high_seas": True}}
            if vessels and j % 3 == 2
            else {"in": states[(k + j) % n_states], **({"by": f"p{who[j % len(who)]}"} if j % 2 else {})}
            for j in range(n_acts)
        ]
        offences.append(
            {
                "id": f"o{k}",
                "category": CATEGORIES[k % len(CATEGORIES)],
                "offenders": [
                    {"person": f"p{i}", **({"role": "complicity"} if rnd.random() < secondary else {})} for i in who
                ],
                "victims": [f"child{v}" for v in range(victims)],
                "acts": acts,
            }
        )
    pairs = {
        (states[(i + j) % n_states], states[(i + j + 1 + j // n_states) % n_states], f"p{i}")
        for i in range(n_people)
        for j in range(requests)
    }
    case: dict[str, Any] = {
        "schema": "jurex/v1",
        "id": "generated",
        "title": "generated",
        "date": "2019-06-01",
        "people": people,
        "vessels": vessel_list,
        "offences": offences,
        "requests": [{"by": a, "to": b, "person": p} for a, b, p in sorted(pairs) if a != b],
    }
    universal = rnd.choice([0, 0, 3, 20])
    if universal:
        kinds = ["absolute", "presence", "subsidiary"]
        case["assume"] = {s: {"universal_jurisdiction": rnd.choice(kinds)} for s in rnd.sample(codes, universal)}
    regimes = rnd.choice(REGIME_SETS)
    explain = (rnd.choice(states),) if regimes == ("opsc",) and rnd.random() < 0.15 else ()
    return case, regimes, explain


def measure(case: dict[str, Any], regimes: tuple[str, ...], explain: tuple[str, ...]) -> tuple[Any, int, int]:
    from jurisdiction.apps.analysis import encode_case
    from jurisdiction.data.states import bundled
    from jurisdiction.engine import solver
    from jurisdiction.engine.regimes import parse
    from jurisdiction.input.model import Case

    chosen = [parse(r) for r in regimes]
    with solver.limited(solver.Limits(timeout=3600, max_atoms=10**12)):  # measure beyond the bound too
        encoding = encode_case(Case.model_validate(case), bundled(), chosen, explain, False)
        files = solver.program([r.rule_file for r in chosen], explain=bool(explain))
        answer = solver.solve(encoding.symbols, files, dimensions=encoding.size)
    assert encoding.size is not None
    return encoding.size, encoding.size.atoms(explain=bool(explain)), int(answer.statistics["problem"]["lp"]["atoms"])


FEATURES = ["fixed", "facts", "reach", "universal", "state", "link", "route", "national route"]


def features(d: Any) -> list[float]:
    r = d.regimes
    return [1, d.facts, d.reach, d.universal, r * d.states, r * d.links, r * d.routes, r * d.to_nationals]


def least_squares(rows: list[list[float]], target: list[float]) -> list[float]:
    """Normal equations, solved by Gaussian elimination with partial pivoting (no numpy needed)."""
    n = len(rows[0])
    a = [[sum(x[i] * x[j] for x in rows) for j in range(n)] for i in range(n)]
    b = [sum(x[i] * y for x, y in zip(rows, target, strict=True)) for i in range(n)]
    for i in range(n):
        p = max(range(i, n), key=lambda k: abs(a[k][i]))
        a[i], a[p], b[i], b[p] = a[p], a[i], b[p], b[i]
        if abs(a[i][i]) < 1e-12:
            continue  # a dimension no case had (e.g. no universal jurisdiction drawn): left at 0
        for k in range(i + 1, n):
            f = a[k][i] / a[i][i]
            for j in range(i, n):
                a[k][j] -= f * a[i][j]
            b[k] -= f * b[i]
    x = [0.0] * n
    for i in reversed(range(n)):
        if abs(a[i][i]) >= 1e-12:
            x[i] = (b[i] - sum(a[i][j] * x[j] for j in range(i + 1, n))) / a[i][i]
    return x


def main() -> None:
    import pycountry

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="60 cases")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    codes = sorted(c.alpha_3 for c in pycountry.countries)
    results = []
    explained = set()
    for i in range(60 if args.quick else 300):
        case, regimes, explain = random_case(rnd, codes)
        results.append((*measure(case, regimes, explain), i))
        if explain:
            explained.add(i)
        sys.stderr.write(f"\r{i + 1} cases")
    sys.stderr.write("\n")
    plain = [(d, real) for d, _, real, i in results if i not in explained]
    fit = least_squares([[f / real for f in features(d)] for d, real in plain], [1.0] * len(plain))
    print(f"Fitted ground atoms per unit of each dimension (relative least squares, {len(plain)} cases without")
    print("the explanation rules):")
    for name, value in zip(FEATURES, fit, strict=True):
        print(f"  {name:<15} {value:8.2f}")
    ratios = sorted((estimate / real, real, i, asdict(d)) for d, estimate, real, i in results)
    print(
        f"\nThe estimate in force over the real count, {len(ratios)} cases: {ratios[0][0]:.2f} to {ratios[-1][0]:.2f}"
    )
    print("The lowest:")
    for ratio, real, i, dims in ratios[:5]:
        keys = ("people", "offences", "states", "requests", "regimes", "links", "routes", "to_nationals")
        print(f"  {ratio:.2f}  {real:>9,} atoms  case {i}: " + ", ".join(f"{k} {dims[k]}" for k in keys))


if __name__ == "__main__":
    main()
