"""Invariants over whole generated cases (hypothesis): what must hold for any valid case, whatever its facts.

The number of generated cases per invariant is `EXAMPLES` (README, section Robustness, quotes it).
Text that looks like ASP is passed as names: the answers prove it reached clingo as data.
"""

from __future__ import annotations

import random
from typing import Any, ClassVar

import clingo
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import (
    ASP_LOOKING,
    POOL,
    canonical,
    case_names,
    cases,
    judgments,
    names,
    rename_in_answer,
    rename_names,
    reorder,
    synthetic_data,
    v2_cases,
)

from jurisdiction.apps.analysis import analyse
from jurisdiction.engine.provisions import provisions
from jurisdiction.engine.regimes import REGIMES
from jurisdiction.input.loader import load_text
from jurisdiction.input.model import Case
from jurisdiction.input.writer import to_yaml
from jurisdiction.render.as_json import to_json

DATA = synthetic_data()
EXAMPLES = 60
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def answer(case: dict[str, Any], regime: str = "opsc") -> dict[str, Any]:
    return analyse(Case.model_validate(case), DATA, regime=REGIMES[regime]).to_dict()


@st.composite
def renamings(draw: st.DrawFn, case: dict[str, Any]) -> dict[str, str]:
    old = case_names(case)
    new = draw(st.lists(names(), min_size=len(old), max_size=len(old), unique=True))
    return dict(zip(old, new, strict=True))


@SETTINGS
@given(st.data())
def test_renaming_people_offences_and_vessels_renames_the_answer_and_nothing_else(data: st.DataObject) -> None:
    case = data.draw(cases())
    mapping = data.draw(renamings(case))
    renamed = answer(rename_names(case, mapping))
    assert canonical(renamed) == canonical(rename_in_answer(answer(case), mapping))


@SETTINGS
@given(cases(), st.randoms(use_true_random=False))
def test_the_order_of_people_acts_offences_and_requests_does_not_change_a_byte(
    case: dict[str, Any], rnd: random.Random
) -> None:
    first = to_json(analyse(Case.model_validate(case), DATA).to_dict())
    assert to_json(analyse(Case.model_validate(reorder(case, rnd)), DATA).to_dict()) == first


def obligatory(result: dict[str, Any]) -> set[tuple[str, ...]]:
    return {
        (j["state"], j["basis"], j["offence"], j["person"])
        for j in result["jurisdiction"]
        if j["modality"] == "obligatory"
    }


@st.composite
def an_added_act(draw: st.DrawFn, case: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    k = draw(st.integers(0, len(case["offences"]) - 1))
    offenders = [r["person"] for r in case["offences"][k]["offenders"]]
    place: Any = draw(st.sampled_from(POOL) | st.just({"high_seas": True}))
    act = {"what": "added", "in": place, "element": draw(st.sampled_from(["conduct", "result"]))}
    if draw(st.booleans()):
        act["by"] = draw(st.sampled_from(offenders))
    return k, act


@SETTINGS
@given(st.data(), st.sampled_from(sorted(REGIMES)))
def test_adding_an_act_never_removes_an_obligatory_basis(data: st.DataObject, regime: str) -> None:
    case = data.draw(cases())
    k, act = data.draw(an_added_act(case))
    more = {**case, "offences": [dict(o) for o in case["offences"]]}
    more["offences"][k]["acts"] = [*case["offences"][k]["acts"], act]
    assert obligatory(answer(case, regime)) <= obligatory(answer(more, regime))


def holds(premise: dict[str, Any], case: Case) -> bool:
    """A premise of the answer is a fact of the case (or a value the case or the data gave)."""
    fact = premise["fact"]
    people = case.people
    offences = {o.id: o for o in case.offences}
    if fact == "act":
        shown = {k: premise[k] for k in ("what", "by", "element")}
        return any(
            {"what": a.what, "by": a.by, "element": a.element} == shown for a in offences[premise["offence"]].acts
        )
    if fact == "nationality":
        return premise["state"] in people[premise["person"]].nationality
    if fact == "habitual_residence":
        return people[premise["person"]].habitual_residence == premise["state"]
    if fact == "present_in":
        return people[premise["person"]].present_in == premise["state"]
    if fact == "role":
        return any(
            r.person == premise["person"] and r.role == premise["role"] for r in offences[premise["offence"]].offenders
        )
    if fact == "vessel_registered":
        return case.vessels[premise["vessel"]].registered_in == premise["state"]
    if fact in {"extradition_treaty", "no_extradition_treaty"}:
        pair = sorted((premise["state"], premise["other_state"]))
        return (list(pair) in [sorted(t) for t in case.extradition_treaties]) == (fact == "extradition_treaty")
    if fact in {"extradites_nationals", "extradition_requires_treaty"}:
        if premise.get("origin") == "case":
            return getattr(case.assume[premise["state"]], fact) == premise["value"]
        return premise["state"] in case.states()
    if fact == "party_status":
        return premise["state"] in case.states()
    if fact == "offence_category":
        return offences[premise["offence"]].category == premise["category"]
    if fact == "request":
        return any((r.by, r.to, r.person) == (premise["requesting"], premise["requested"], premise["person"])
                   for r in case.requests)  # fmt: skip
    if fact == "request_offence":
        return any((r.by, r.to, r.person) == (premise["requesting"], premise["requested"], premise["person"])
                   and premise["offence"] in (r.offences or []) for r in case.requests)  # fmt: skip
    if fact == "prior_judgment":
        return any((j.state, j.person, j.offence, j.outcome or "not_stated")
                   == (premise["state"], premise["person"], premise["offence"], premise["outcome"])
                   for j in case.prior_judgments)  # fmt: skip
    if fact == "foreign_judgment_bars":
        assumed = case.assume.get(premise["state"])
        if premise.get("origin") != "case":
            return premise["state"] in case.states()
        return assumed is not None and assumed.foreign_judgment_bars == premise["value"]
    assert "(" not in fact, premise  # every premise is named, never a raw solver term
    return "state" not in premise or premise["state"] in case.states()


@SETTINGS
@given(cases(), st.sampled_from(sorted(REGIMES)))
def test_every_conclusion_cites_a_known_provision_and_facts_of_the_case(case: dict[str, Any], regime: str) -> None:
    _cites_provisions_and_facts(case, regime)


def _cites_provisions_and_facts(case: dict[str, Any], regime: str) -> None:
    model = Case.model_validate(case)
    result = answer(case, regime)
    table = provisions()
    rows = [*result["jurisdiction"], *result["extradition"], *result["obligations"]]
    for row in rows:
        # a route the regime does not govern (internal law only) cites none of its provisions; every other row one
        governed = row.get("basis") != "internal_law"
        assert row["provision"] in table if governed else row["provision"] in (None, *table), row
        assert all(c in table for c in row.get("cites", [])), row
        premises = [
            *row["because"],
            *row.get("discharged_by", []),
            *(p for d in row.get("obstacle_details", []) for p in d["because"]),
        ]
        for premise in premises:
            assert holds(premise, model), (premise, row)
    for row in result["jurisdiction"]:
        assert row["because"], row  # a basis always rests on at least one fact
    for warning in result["warnings"]:
        assert warning["provision"] in table or warning["provision"] == "", warning


@SETTINGS
@given(v2_cases(), st.sampled_from(sorted(REGIMES)))
def test_every_premise_of_requests_for_some_offences_and_of_judgments_is_a_fact_of_the_case(
    case: dict[str, Any], regime: str
) -> None:
    _cites_provisions_and_facts(case, regime)


def _obstacles(result: dict[str, Any]) -> set[tuple[str, ...]]:
    return {
        (r["person"], r["requesting"], r["requested"], r["offence"], o["obstacle"], o["state"] or "")
        for r in result["extradition"]
        for o in r["obstacle_details"]
    }


def _duties(result: dict[str, Any], *, owed: bool) -> set[tuple[str, ...]]:
    return {
        (o["state"], o["duty"], o["person"], o["offence"], o["requesting"], o["trigger"])
        for o in result["obligations"]
        if not (owed and o["discharged"])
    }


def _judged(case: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(j["state"], j["person"], j["offence"]) for j in case.get("prior_judgments", [])}


@SETTINGS
@given(st.data(), st.sampled_from(sorted(REGIMES)))
def test_adding_a_prior_judgment_never_adds_a_duty_and_never_removes_an_obstacle(
    data: st.DataObject, regime: str
) -> None:
    case = data.draw(v2_cases())
    added = data.draw(judgments(case))
    # A further judgment, not a second outcome for a trial the case already has (the case file refuses that).
    assume((added["state"], added["person"], added["offence"]) not in _judged(case))
    more = {**case, "prior_judgments": [*case["prior_judgments"], added]}
    before, after = answer(case, regime), answer(more, regime)
    assert _duties(after, owed=False) <= _duties(before, owed=False)  # no duty arises from a judgment
    assert _duties(after, owed=True) <= _duties(before, owed=True)  # and none is owed that was not
    assert _obstacles(before) <= _obstacles(after)


@SETTINGS
@given(cases())
def test_a_case_written_back_by_jurex_loads_to_the_same_model(case: dict[str, Any]) -> None:
    model = Case.model_validate(case)
    assert load_text(to_yaml(model), "round-trip.yaml") == model


class _Spy(clingo.Control):
    """A Control that records every piece of program text it is given."""

    texts: ClassVar[list[str]] = []
    files: ClassVar[list[str]] = []

    def add(self, *args: Any, **kwargs: Any) -> None:
        _Spy.texts.append(repr((args, kwargs)))
        super().add(*args, **kwargs)

    def load(self, path: str) -> None:
        _Spy.files.append(path)
        super().load(path)


def test_asp_looking_names_reach_clingo_as_data_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from jurisdiction.resources import logic_dir

    monkeypatch.setattr(clingo, "Control", _Spy)
    case = {
        "schema": "jurex/v1",
        "id": ASP_LOOKING[0],
        "title": ASP_LOOKING[1],
        "date": "2019-06-01",
        "people": {
            ASP_LOOKING[2]: {"nationality": ["GBR"], "present_in": "GBR"},
            ASP_LOOKING[3]: {"nationality": ["PHL"], "age": 11},
        },
        "offences": [
            {
                "id": ASP_LOOKING[4],
                "category": "csam_production",
                "offenders": [{"person": ASP_LOOKING[2], "role": "instigation"}],
                "victims": [ASP_LOOKING[3]],
                "acts": [{"what": ASP_LOOKING[5], "by": ASP_LOOKING[2], "in": "PHL"}],
            }
        ],
    }
    result = analyse(Case.model_validate(case), DATA).to_dict()
    assert not _Spy.texts, "program text was added to clingo"
    assert _Spy.files and all(f.startswith(str(logic_dir())) for f in _Spy.files)
    bases = {(j["state"], j["basis"], j["person"], j["offence"]) for j in result["jurisdiction"]}
    # GBR: the instigator's nationality and presence; PHL: the territory and the victim's nationality.
    assert ("PHL", "territory", ASP_LOOKING[2], ASP_LOOKING[4]) in bases
    assert ("GBR", "offender_nationality", ASP_LOOKING[2], ASP_LOOKING[4]) in bases
    assert ("PHL", "victim_nationality", ASP_LOOKING[2], ASP_LOOKING[4]) in bases


def test_adding_an_act_in_a_state_keeps_a_nationality_basis_resting_on_the_high_seas() -> None:
    # The example hypothesis found (test_adding_an_act_never_removes_an_obligatory_basis, budapest): mere
    # possession on the high seas by a national of AUT; adding an act in AUT, where it is no crime, took away
    # ETS 185 art. 22(1)(d) (double criminality "where committed" was read as: no element in any state).
    case: dict[str, Any] = {
        "schema": "jurex/v1",
        "id": "generated",
        "title": "generated case",
        "date": "2005-01-01",
        "people": {"p0": {"nationality": ["AUT"]}, "p1": {"nationality": []}},
        "vessels": {},
        "offences": [
            {
                "id": "o0",
                "category": "csam_mere_possession",
                "offenders": [{"person": "p0", "role": "perpetration"}],
                "victims": [],
                "acts": [{"what": "act 0", "in": {"high_seas": True}, "element": "conduct"}],
            }
        ],
        "assume": {},
        "requests": [],
        "extradition_treaties": [],
    }
    more = {**case, "offences": [dict(o) for o in case["offences"]]}
    more["offences"][0]["acts"] = [*case["offences"][0]["acts"], {"what": "added", "in": "AUT", "element": "conduct"}]
    basis = ("AUT", "offender_nationality", "o0", "p0")
    assert basis in obligatory(answer(case, "budapest"))
    assert basis in obligatory(answer(more, "budapest"))
    assert obligatory(answer(case, "budapest")) <= obligatory(answer(more, "budapest"))
