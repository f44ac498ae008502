"""Answers reused between cases with the same canonical form (engine/canonical.py): the same bytes as answering
each case anew, on every bundled case, on generated cases and on a whole sweep; and different data, a different key."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import cases

from jurisdiction.apps.batch import Item, clear_cache, evaluate_chunk, json_line, read_items, run
from jurisdiction.apps.sweep import classes, item_of, items, parse_vary, sweep_engine
from jurisdiction.data.states import ProfileValue, bundled
from jurisdiction.engine.canonical import MARK, canonical
from jurisdiction.engine.regimes import REGIMES, parse
from jurisdiction.input.loader import load, load_text
from jurisdiction.input.reader import parse as parse_text
from jurisdiction.input.reader import read_text
from jurisdiction.resources import scenarios_dir

ALL_REGIMES = sorted(REGIMES)


def _lines(batch: list[Item], regimes: list[str], cache: bool) -> list[str]:
    return [json_line(line) for line in evaluate_chunk(batch, regimes, cache=cache).lines]


def test_every_bundled_case_answered_from_the_cache_gives_the_same_bytes() -> None:
    batch = list(read_items(scenarios_dir()))
    direct = _lines(batch, ALL_REGIMES, cache=False)
    clear_cache()
    first = _lines(batch, ALL_REGIMES, cache=True)  # solved in placeholders, renamed back
    again = _lines(batch, ALL_REGIMES, cache=True)  # every one from the cache
    assert first == direct
    assert again == direct


def test_every_bundled_case_has_a_canonical_form_whose_placeholders_replace_every_state() -> None:
    data = bundled()
    for item in read_items(scenarios_dir()):
        case = load_text(item.text or "", item.source)
        canon = canonical(case, data, [parse("opsc")])
        assert canon is not None, item.source
        assert set(canon.renaming.values()) == case.states()
        assert all(MARK in p for p in canon.case.states()), item.source
        facts = "\n".join(str(s) for s in canon.encoding.symbols)
        assert not [c for c in case.states() if f'"{c}"' in facts], item.source  # no code left, inside terms too


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(cases(), min_size=1, max_size=4))
def test_generated_cases_answered_from_the_cache_give_the_same_bytes(drawn: list[dict[str, Any]]) -> None:
    texts = [json.dumps(c, default=str) for c in drawn]
    batch = [Item(i, f"case {i}", t) for i, t in enumerate(texts + texts)]  # each twice: the second from the cache
    clear_cache()
    assert _lines(batch, ["opsc", "lanzarote"], cache=True) == _lines(batch, ["opsc", "lanzarote"], cache=False)


def test_a_whole_sweep_answered_by_classes_gives_the_same_bytes() -> None:
    path = scenarios_dir() / "attempted-procuring.yaml"
    raw, _ = parse_text(read_text(path), str(path))
    varies = [parse_vary("traveller.nationality=ALL", raw)]
    direct = [json_line(line) for line in run(items(raw, "t", varies), ["opsc"], cache=False)]
    clear_cache()
    engine = sweep_engine(raw, "t", varies)
    swept = [json_line(line) for line in engine(items(raw, "t", varies), ["opsc"], processes=False)]
    assert len(swept) == len(direct) == 195
    assert swept == direct


def _with_value(state: str, field: str, value: Any) -> Any:
    data = bundled()
    periods = [dataclasses.replace(pv, value=value) for pv in data.profile(state)[field]]
    profiles = {**data.profiles, state: {**data.profiles[state], field: periods}}
    return dataclasses.replace(data, profiles=profiles, derived={})


def test_two_states_with_different_data_never_share_a_key() -> None:
    case = load(scenarios_dir() / "attempted-procuring.yaml")
    opsc = [parse("opsc")]
    key = canonical(case, bundled(), opsc)
    data = bundled()
    field = "extradites_nationals"
    before = data.profile("IDN")[field][0].value
    assert isinstance(data.profile("IDN")[field][0], ProfileValue)
    changed = canonical(case, _with_value("IDN", field, not before), opsc)
    assert key is not None and changed is not None
    assert key.key != changed.key


def test_states_of_one_class_share_a_key_and_states_of_two_classes_do_not() -> None:
    path = scenarios_dir() / "attempted-procuring.yaml"
    raw, _ = parse_text(read_text(path), str(path))
    varies = [parse_vary("traveller.nationality=ALL", raw)]
    plan = classes(raw, varies)
    assert plan is not None

    def key(state: str) -> str:
        canon = canonical(load_text(item_of(raw, "t", varies, 0, (state,)).text or "", "t"), bundled(), [parse("opsc")])
        assert canon is not None
        return canon.key

    by_signature: dict[Any, list[str]] = {}
    for state in varies[0].values:
        by_signature.setdefault(plan.signature((state,)), []).append(state)
    shared = [states for states in by_signature.values() if len(states) > 1]
    assert shared, "no two states alike"
    for states in shared[:3]:
        assert key(states[0]) == key(states[-1]), states
    firsts = [states[0] for states in list(by_signature.values())[:12]]
    assert len({key(s) for s in firsts}) == len(firsts)
