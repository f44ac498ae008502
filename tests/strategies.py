"""Hypothesis strategies for whole, valid case files, and synthetic state data to reason about them.

Real state data differs from state to state, so the properties that rename states use a synthetic
data set in which every state of the pool has the same (sourced-looking) record.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from hypothesis import strategies as st

from jurisdiction.data.states import PartyRecord, StateData

POOL = ["AUT", "BEL", "CHE", "DNK", "EST", "FIN", "GRC", "HUN", "ISL", "LUX"]
SPARE = ["MLT", "NOR"]  # states no generated case uses
CATEGORIES = [
    "csam_production",
    "csam_distribution",
    "child_prostitution",
    "sale_sexual_exploitation",
    "csam_mere_possession",
    "not_opsc",
]
ROLES = ["perpetration", "attempt", "instigation", "complicity", "participation"]


def synthetic_data(states: list[str] = POOL + SPARE) -> StateData:
    record = dict(
        status="party",
        status_as_of="2022-06-13",
        signed="",
        instrument="2002-06-01",
        instrument_kind="ratification",
        entry_into_force="",
        source="synthetic",
        status_source="synthetic",
        remarks="",
    )
    return StateData({s: PartyRecord(state=s, name=s, **record) for s in states}, {}, {}, [], "synthetic")


state = st.sampled_from(POOL)


@st.composite
def cases(draw: st.DrawFn) -> dict[str, Any]:
    n_people = draw(st.integers(2, 5))
    people: dict[str, Any] = {}
    for i in range(n_people):
        person: dict[str, Any] = {"nationality": draw(st.lists(state, max_size=2, unique=True))}
        if draw(st.booleans()):
            person["habitual_residence"] = draw(state)
        if draw(st.booleans()):
            person["present_in"] = draw(state)
        people[f"p{i}"] = person
    names = list(people)
    vessels = {
        f"v{i}": {"type": draw(st.sampled_from(["ship", "aircraft"])), "registered_in": draw(state)}
        for i in range(draw(st.integers(0, 2)))
    }
    place = st.one_of(
        state,
        st.builds(
            lambda v, w: {"vessel": v, **({"waters": w} if w else {})},
            st.sampled_from(sorted(vessels)),
            st.none() | state,
        )
        if vessels
        else state,
        st.just({"high_seas": True}),
    )
    offences = []
    for k in range(draw(st.integers(1, 2))):
        offenders = draw(st.lists(st.sampled_from(names), min_size=1, max_size=2, unique=True))
        others = [n for n in names if n not in offenders]
        victims = draw(st.lists(st.sampled_from(others), max_size=1, unique=True)) if others else []
        for v in victims:
            people[v].setdefault("age", draw(st.integers(0, 17)))
        acts = [
            {
                "what": f"act {j}",
                "in": draw(place),
                "element": draw(st.sampled_from(["conduct", "conduct", "result"])),
                **({"by": draw(st.sampled_from(offenders))} if draw(st.booleans()) else {}),
            }
            for j in range(draw(st.integers(1, 3)))
        ]
        offences.append(
            {
                "id": f"o{k}",
                "category": draw(st.sampled_from(CATEGORIES)),
                "offenders": [{"person": p, "role": draw(st.sampled_from(ROLES))} for p in offenders],
                "victims": victims,
                "acts": acts,
            }
        )
    assume = {s: draw(profiles()) for s in draw(st.lists(state, max_size=3, unique=True))}
    offenders = sorted({r["person"] for o in offences for r in o["offenders"]})
    requests = []
    for _ in range(draw(st.integers(0, 2))):
        by, to = draw(st.lists(state, min_size=2, max_size=2, unique=True))
        requests.append({"by": by, "to": to, "person": draw(st.sampled_from(offenders))})
    treaties = [
        sorted(draw(st.lists(state, min_size=2, max_size=2, unique=True))) for _ in range(draw(st.integers(0, 2)))
    ]
    return {
        "schema": "jurex/v1",
        "id": "generated",
        "title": "generated case",
        "date": draw(st.dates(dt.date(2005, 1, 1), dt.date(2022, 1, 1))),
        "people": people,
        "vessels": vessels,
        "offences": offences,
        "assume": assume,
        "requests": requests,
        "extradition_treaties": treaties,
    }


@st.composite
def v2_cases(draw: st.DrawFn) -> dict[str, Any]:
    """A generated case under schema jurex/v2: requests may name some of the person's offences, prior judgments
    (with or without an outcome) may be given, and a state's law on foreign judgments may be assumed."""
    case = draw(cases())
    case = {**case, "schema": "jurex/v2"}
    requests = []
    for r in case["requests"]:
        theirs = [o["id"] for o in case["offences"] if r["person"] in {x["person"] for x in o["offenders"]}]
        named = draw(st.lists(st.sampled_from(theirs), unique=True, max_size=len(theirs)))
        requests.append({**r, "offences": named} if named else r)
    case["requests"] = requests
    # One judgment per state, person and offence: the case file refuses two outcomes for one trial.
    case["prior_judgments"] = draw(
        st.lists(judgments(case), max_size=2, unique_by=lambda j: (j["state"], j["person"], j["offence"]))
    )
    assume = {s: dict(v) for s, v in case["assume"].items()}
    for s in draw(st.lists(state, max_size=2, unique=True)):
        assume.setdefault(s, {})["foreign_judgment_bars"] = draw(st.booleans())
    case["assume"] = assume
    return case


@st.composite
def judgments(draw: st.DrawFn, case: dict[str, Any]) -> dict[str, Any]:
    """A prior judgment of any state of the pool on an offender of one of the case's offences."""
    offence = draw(st.sampled_from(case["offences"]))
    judgment = {
        "state": draw(state),
        "person": draw(st.sampled_from([r["person"] for r in offence["offenders"]])),
        "offence": offence["id"],
    }
    outcome = draw(st.sampled_from(["conviction", "acquittal", None]))
    return {**judgment, "outcome": outcome} if outcome else judgment


@st.composite
def profiles(draw: st.DrawFn) -> dict[str, Any]:
    """A state's national law as a case may assume it: any subset of the fields, any values."""
    optional = {
        "extradites_nationals": st.booleans(),
        "extradition_requires_treaty": st.booleans(),
        "extradites_for_secondary_roles": st.booleans(),
        "double_criminality_for_extraterritorial": st.booleans(),
        "criminalises": st.lists(st.sampled_from(["csam_mere_possession", "grooming"]), unique=True),
        "age_of_child": st.integers(14, 18),
    }
    chosen = draw(st.lists(st.sampled_from(sorted(optional)), unique=True))
    return {name: draw(optional[name]) for name in chosen}


def canonical(value: Any) -> Any:
    """Order-free form of an answer: lists become sorted lists, so that renaming may reorder rows."""
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True, default=str))
    return value


def rename_states(value: Any, mapping: dict[str, str]) -> Any:
    """Rename every state code in a case (or an answer) consistently, also inside texts ("AUT:...")."""
    if isinstance(value, str):
        return re.sub(r"\b[A-Z]{3}\b", lambda m: mapping.get(m.group(0), m.group(0)), value)
    if isinstance(value, list):
        return [rename_states(v, mapping) for v in value]
    if isinstance(value, tuple):
        return tuple(rename_states(v, mapping) for v in value)
    if isinstance(value, dict):
        return {rename_states(k, mapping): rename_states(v, mapping) for k, v in value.items()}
    return value


# Names that would change the program if they were ever written into ASP source instead of passed as data.
ASP_LOOKING = [
    "a). #show b.",
    '#include "/etc/passwd".',
    "X :- Y.",
    'x"). p. q("',
    '"',
    "\\",
    "\\\\n",
    "'",
    "%* unclosed comment",
    "#const n=1.",
    ":- not a.",
    "not",
    "1",
    "-1",
    "_",
    " ",
    "\u202eevil\u202c",  # right-to-left override
    "名前",
    "o" * 200,
]
NAME_PATTERN = re.compile(r"(?<![\w/])[pov]\d\b")  # the names cases() gives people (p), offences (o) and vessels (v)


def names() -> st.SearchStrategy[str]:
    """A name as a case may give it: printable, one line (the model refuses control characters)."""
    text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=30)
    return st.sampled_from(ASP_LOOKING) | text.filter(lambda s: not NAME_PATTERN.fullmatch(s))


def case_names(case: dict[str, Any]) -> list[str]:
    return [*case["people"], *(o["id"] for o in case["offences"]), *case["vessels"]]


def rename_names(case: dict[str, Any], mapping: dict[str, str]) -> dict[str, Any]:
    """Rename people, offences and vessels of a generated case, field by field (never by text search)."""

    def n(name: str) -> str:
        return mapping.get(name, name)

    out = {**case}
    out["people"] = {n(k): v for k, v in case["people"].items()}
    out["vessels"] = {n(k): v for k, v in case["vessels"].items()}
    offences = []
    for o in case["offences"]:
        acts = []
        for act in o["acts"]:
            act = {**act}
            if "by" in act:
                act["by"] = n(act["by"])
            if isinstance(act["in"], dict) and "vessel" in act["in"]:
                act["in"] = {**act["in"], "vessel": n(act["in"]["vessel"])}
            acts.append(act)
        offences.append(
            {
                **o,
                "id": n(o["id"]),
                "offenders": [{**r, "person": n(r["person"])} for r in o["offenders"]],
                "victims": [n(v) for v in o["victims"]],
                "acts": acts,
            }
        )
    out["offences"] = offences
    out["requests"] = [{**r, "person": n(r["person"])} for r in case["requests"]]
    return out


def rename_in_answer(value: Any, mapping: dict[str, str]) -> Any:
    """The answer of the original case, with the generated names replaced wherever they appear."""
    if isinstance(value, str):
        return NAME_PATTERN.sub(lambda m: mapping.get(m.group(0), m.group(0)), value)
    if isinstance(value, list | tuple):
        return [rename_in_answer(v, mapping) for v in value]
    if isinstance(value, dict):
        return {rename_in_answer(k, mapping): rename_in_answer(v, mapping) for k, v in value.items()}
    return value


def reorder(case: dict[str, Any], rnd: Any) -> dict[str, Any]:
    """The same case with every list and mapping whose order carries no meaning shuffled."""

    def shuffled(items: list[Any]) -> list[Any]:
        items = list(items)
        rnd.shuffle(items)
        return items

    out = {**case}
    out["people"] = dict(shuffled(list(case["people"].items())))
    out["vessels"] = dict(shuffled(list(case["vessels"].items())))
    out["assume"] = dict(shuffled(list(case["assume"].items())))
    out["offences"] = shuffled(
        [
            {**o, "offenders": shuffled(o["offenders"]), "victims": shuffled(o["victims"]), "acts": shuffled(o["acts"])}
            for o in case["offences"]
        ]
    )
    out["requests"] = shuffled(case["requests"])
    out["extradition_treaties"] = shuffled([shuffled(pair) for pair in case["extradition_treaties"]])
    return out
