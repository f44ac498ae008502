"""Properties of the whole engine over generated cases (hypothesis)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import POOL, SPARE, canonical, cases, rename_states, synthetic_data

from jurisdiction.apps.analysis import analyse
from jurisdiction.input.model import Case
from jurisdiction.render.as_json import to_json

DATA = synthetic_data()
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def answer(case: dict[str, Any]) -> dict[str, Any]:
    out = analyse(Case.model_validate(case), DATA).to_dict()
    for s in out["states"]:
        s.pop("name")  # the country's name follows its code, not the case
    return out


@SETTINGS
@given(cases(), st.permutations(POOL))
def test_renaming_every_state_renames_the_answer_and_nothing_else(case: dict[str, Any], order: list[str]) -> None:
    mapping = dict(zip(POOL, order, strict=True))
    renamed = rename_states(case, mapping)
    assert canonical(answer(renamed)) == canonical(rename_states(answer(case), mapping))


@SETTINGS
@given(cases(), st.sampled_from(["bystander", "treaty", "assume"]))
def test_adding_an_unrelated_state_changes_nothing(case: dict[str, Any], how: str) -> None:
    before = answer(case)
    extra = dict(case)
    if how == "bystander":
        extra["people"] = {**case["people"], "bystander": {"nationality": [SPARE[0]], "present_in": SPARE[1]}}
    elif how == "treaty":
        extra["extradition_treaties"] = [*case["extradition_treaties"], [SPARE[0], SPARE[1]]]
    else:
        extra["assume"] = {**case["assume"], SPARE[0]: {"extradites_nationals": False}}
    after = answer(extra)
    after["states"] = [s for s in after["states"] if s["state"] not in SPARE]
    assert after == before


@SETTINGS
@given(cases())
def test_the_same_input_gives_byte_identical_json(case: dict[str, Any]) -> None:
    first = to_json(analyse(Case.model_validate(case), DATA).to_dict())
    assert first == to_json(analyse(Case.model_validate(case), DATA).to_dict())


def route_keys(answer: dict[str, Any]) -> set[tuple[str, ...]]:
    return {
        (r["person"], r["requesting"], r["requested"], r["offence"])
        for r in answer["extradition"]
        if r["basis"] != "internal_law"
    }


@SETTINGS
@given(cases(), st.lists(st.sampled_from(POOL), min_size=2, max_size=2, unique=True))
def test_adding_a_bilateral_treaty_never_removes_a_route(case: dict[str, Any], pair: list[str]) -> None:
    before = answer(case)
    with_treaty = {**case, "extradition_treaties": [*case["extradition_treaties"], pair]}
    after = answer(with_treaty)
    assert route_keys(before) <= route_keys(after)
    all_keys = {(r["person"], r["requesting"], r["requested"], r["offence"]) for r in before["extradition"]}
    assert all_keys <= {(r["person"], r["requesting"], r["requested"], r["offence"]) for r in after["extradition"]}


@SETTINGS
@given(cases())
def test_a_state_that_extradites_its_nationals_never_owes_the_5_5_duty(case: dict[str, Any]) -> None:
    extraditing = {s for s, p in case["assume"].items() if p.get("extradites_nationals") is True}
    for duty in answer(case)["obligations"]:
        assert duty["state"] not in extraditing, duty


@SETTINGS
@given(cases())
def test_every_duty_rests_on_a_nationality_refusal_to_a_request(case: dict[str, Any]) -> None:
    result = answer(case)
    refused = {
        (r["person"], r["requesting"], r["requested"], r["offence"])
        for r in result["extradition"]
        if "nationality" in r["obstacles"]
    }
    for duty in result["obligations"]:
        assert (duty["person"], duty["requesting"], duty["state"], duty["offence"]) in refused
