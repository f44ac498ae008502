"""Answers reused between cases with the same canonical form (apps/canonical.py): the same bytes as answering
each case anew, on every bundled case, on generated cases and on a whole sweep; and different data, a different key."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import cases

from jurisdiction.apps.analysis import encode_case
from jurisdiction.apps.batch import Item, clear_cache, evaluate_chunk, json_line, read_items, run, summary_hidden
from jurisdiction.apps.canonical import MARK, canonical, strings_of
from jurisdiction.apps.sweep import choice_of, classes, item_of, items, parse_vary, sweep_engine
from jurisdiction.data.states import ProfileValue, bundled
from jurisdiction.engine.multicase import status_atoms, status_part
from jurisdiction.engine.regimes import REGIMES, parse
from jurisdiction.engine.solver import program
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


def test_a_process_that_finds_nothing_in_the_cache_stops_putting_cases_in_canonical_form(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import jurisdiction.apps.batch as batch_module
    import jurisdiction.apps.canonical as canonical_module

    calls: list[str] = []
    original = canonical_module.canonical

    def counted(case: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(case.id)
        return original(case, *args, **kwargs)

    monkeypatch.setattr(canonical_module, "canonical", counted)
    monkeypatch.setattr(batch_module, "REUSE_PROBE", 5)
    distinct = list(read_items(scenarios_dir()))[:12]
    clear_cache()
    assert _lines(distinct, ["opsc"], cache=True) == _lines(distinct, ["opsc"], cache=False)
    assert len(calls) == 5  # the probe, then none: not one of them was found
    calls.clear()
    clear_cache()
    same = [Item(i, f"again {i}", distinct[0].text) for i in range(12)]
    assert _lines(same, ["opsc"], cache=True) == _lines(same, ["opsc"], cache=False)
    assert len(calls) == 12  # eleven of twelve found: it goes on


@pytest.mark.parametrize("field", ["traveller.nationality", "acts[0].in"])
def test_a_whole_sweep_over_every_iso_code_answered_by_classes_gives_the_same_bytes(field: str) -> None:
    path = scenarios_dir() / "attempted-procuring.yaml"
    raw, _ = parse_text(read_text(path), str(path))
    varies = [parse_vary(f"{field}=ALL_ISO", raw)]
    direct = [json_line(line) for line in run(items(raw, "t", varies), ["opsc"], cache=False)]
    clear_cache()
    engine = sweep_engine(raw, "t", varies)
    swept = [json_line(line) for line in engine(items(raw, "t", varies), ["opsc"], processes=False)]
    assert len(swept) == len(direct) == 249
    assert swept == direct
    plan = classes(raw, varies)
    assert plan is not None
    assert len({plan.signature((v,)) for v in varies[0].values}) < 249 // 3  # the classes are coarse


@pytest.mark.parametrize("kept", [50_000, 5])
def test_a_two_field_sweep_read_in_small_blocks_gives_the_same_bytes_and_answers_once_per_class(
    monkeypatch: pytest.MonkeyPatch, kept: int
) -> None:
    """Blocks of 97 combinations: a signature first met in a later block is answered there, one met before is
    not answered again (unless its answer was forgotten: at most `kept` are kept); every line is batch.run's,
    byte for byte, and the engine makes no case it does not answer."""
    import jurisdiction.apps.sweep as sweep_module

    path = scenarios_dir() / "attempted-procuring.yaml"
    raw, _ = parse_text(read_text(path), str(path))
    varies = [parse_vary("traveller.nationality=ALL_ISO", raw), parse_vary("acts[0].in=GBR,PHL,THA,USA,VNM", raw)]
    direct = [json_line(line) for line in run(items(raw, "t", varies), ["opsc"], cache=False)]
    made: list[int] = []
    original = sweep_module.item_of

    def counted(*args: Any) -> Item:
        if args[1] == "t":  # not the two probes of classes(), in states no combination has
            made.append(args[3])
        return original(*args)

    monkeypatch.setattr(sweep_module, "BLOCK", 97)
    monkeypatch.setattr(sweep_module, "MAX_KEPT", kept)
    monkeypatch.setattr(sweep_module, "item_of", counted)
    clear_cache()
    engine = sweep_engine(raw, "t", varies)
    swept = [json_line(line) for line in engine(items(raw, "t", varies, texts=False), ["opsc"], processes=False)]
    assert swept == direct
    plan = classes(raw, varies)
    assert plan is not None
    signatures = {plan.signature(choice_of(varies, i)) for i in range(len(direct))}
    assert len(made) == len(set(made))  # each made once
    assert len(signatures) <= len(made)  # one per class, and the combinations answered alone (invalid ones)
    if kept > len(signatures):
        assert len(made) < len(direct) // 3  # most combinations renamed
    else:
        assert len(made) > len(signatures)  # forgotten classes answered again


def test_a_placeholder_that_ends_another_is_renamed_whole() -> None:
    """A placeholder is its neighbour, a mark and a rank: where one neighbour ends another ("SA", "USA"), the
    shorter placeholder ends the longer, and renaming must take the longer whole, in one pass."""
    from jurisdiction.apps.canonical import Renamer, rename_back

    p, q = f"SA{MARK}{chr(0xE100)}", f"USA{MARK}{chr(0xE100)}"
    text = json.dumps({"a": f"{p} and {q}", "b": [q, "{brace}"], p: 1}, ensure_ascii=False)
    expected = {"a": "FRA and GBR", "b": ["GBR", "{brace}"], "FRA": 1}
    assert json.loads(rename_back(text, {p: "FRA", q: "GBR"})) == expected
    renamer = Renamer(text, {p: "FRA", q: "GBR"})
    assert json.loads(renamer.rename({})) == expected
    assert json.loads(renamer.rename({"FRA": "SWE"})) == {"a": "SWE and GBR", "b": ["GBR", "{brace}"], "SWE": 1}


def test_a_line_written_from_its_answers_text_is_json_dumps_of_it() -> None:
    from jurisdiction.apps.batch import Line

    answers = {"opsc": {"warnings": ["w \u2028 é", 'q"'], "n": [1, 2]}}
    text = json.dumps(answers, ensure_ascii=False)
    line = {"index": 3, "source": "s[é]", "case": "c", "as_of": "2026-01-01", "answers": answers}
    assert json_line(Line(line, text)) == json_line(line)
    reordered = {"answers": answers, "index": 3}
    assert json_line(Line(reordered, text)) == json_line(reordered)


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


def _in_force(record: Any) -> dt.date | None:
    """When the OPSC entered into force for a party, at the latest: its source's date, else a month after its
    instrument (art. 14(2)); None where only the year is known."""
    if len(record.entry_into_force) == 10:
        return dt.date.fromisoformat(record.entry_into_force)
    if len(record.instrument) == 10:
        return dt.date.fromisoformat(record.instrument) + dt.timedelta(days=31)
    return None


def _plain_parties() -> list[tuple[dt.date, str]]:
    """OPSC parties with a known date of entry into force and no data that the rules read as such (no profile, no
    reservation, named by no profile), by that date."""
    data = bundled()
    lists = [pv.value for s in data.profiled for pv in data.profile(s).get("extradites_nationals_except_to", [])]
    named = {x for value in lists for x in value}
    return sorted(
        (day, s)
        for s, r in data.parties.items()
        if r.status == "party" and (day := _in_force(r)) is not None and not r.non_party_as_of and not r.denounced
        and s not in data.profiled and s not in named and not data.reservations_of(s, None) and s not in ("AUS", "IDN")
    )  # fmt: skip


def test_states_alike_in_derived_status_share_a_class_whatever_their_dates_and_one_act_date_parts_them() -> None:
    parties = [(d, s) for d, s in _plain_parties() if dt.date(2003, 1, 1) <= d <= dt.date(2022, 6, 1)]
    early_day, early = parties[0]
    day, party = next((d, s) for d, s in parties if d > early_day + dt.timedelta(days=40))
    late_day, late = next((d, s) for d, s in parties if d > day + dt.timedelta(days=40))
    path = scenarios_dir() / "attempted-procuring.yaml"
    raw, _ = parse_text(read_text(path), str(path))
    values = f"traveller.nationality={early},{party},{late}"
    # Without act dates every act is on the case's date (2022), when all three were parties: one class.
    plan = classes(raw, [parse_vary(values, raw)])
    assert plan is not None
    assert plan.fingerprints[early] == plan.fingerprints[party] == plan.fingerprints[late]
    # The first act the day before the late state's instrument: it was not yet a party then, the others were.
    raw["schema"] = "jurex/v2"  # acts with their own dates
    raw["offences"][0]["acts"][0]["date"] = (late_day - dt.timedelta(days=1)).isoformat()
    varies = [parse_vary(values, raw)]
    plan = classes(raw, varies)
    assert plan is not None
    assert plan.fingerprints[early] == plan.fingerprints[party]  # their own dates differ; not what the rules see
    assert plan.fingerprints[late] != plan.fingerprints[party]
    keys = {s: canonical(load_text(item_of(raw, "t", varies, 0, (s,)).text or "", "t"), bundled(), [parse("opsc")])
            for s in (early, party)}  # fmt: skip
    assert keys[early] is not None and keys[party] is not None
    assert keys[early].key != keys[party].key  # the exact key still holds their own dates
    direct = [json_line(line) for line in run(items(raw, "t", varies), ["opsc"], cache=False)]
    clear_cache()
    engine = sweep_engine(raw, "t", varies)
    assert [json_line(line) for line in engine(items(raw, "t", varies), ["opsc"], processes=False)] == direct
    answers = [json.loads(line)["answers"]["opsc"] for line in direct]
    assert answers[0]["jurisdiction"] != answers[2]["jurisdiction"] or answers[0]["warnings"] != answers[2]["warnings"]


def test_the_status_part_is_read_off_the_rules_and_leaves_out_the_premises_that_carry_a_state_s_dates() -> None:
    files = program(["regimes/opsc.lp", "regimes/lanzarote.lp", "regimes/opsc_guidelines.lp"])
    part = status_part(files, summary_hidden(files))
    assert {("party_status_on", 4), ("offence_status", 4), ("party_status", 3)} <= part.consumed
    # in_force_since(E) and the like are premises: no rule the summary needs reads them, and it does not show them
    assert not {("party_status_because_on", 4), ("party_status_because", 3)} & part.consumed
    assert {("opsc_instrument", 2), ("regime_instrument", 3), ("act_date", 3)} <= part.inputs
    assert ("reservation", 4) in part.read_by_rest  # read by reservations.lp itself: keyed as it is
    assert ("opsc_instrument", 2) not in part.read_by_rest


def test_the_status_part_solved_state_by_state_gives_what_it_gives_all_the_states_together() -> None:
    files = program([REGIMES[r].rule_file for r in ALL_REGIMES])
    part = status_part(files, summary_hidden(files))
    data = bundled()
    for item in read_items(scenarios_dir()):
        case = load_text(item.text or "", item.source)
        encoding = encode_case(case, data, [REGIMES[r] for r in ALL_REGIMES], (), False)
        states = case.states()
        common = [s for s in encoding.symbols if not strings_of([s]) & states]
        own = {x: [s for s in encoding.symbols if x in strings_of([s])] for x in states}
        read = [f for x in states for f in own[x] if (f.name, len(f.arguments)) in part.inputs]
        assert all(len(strings_of([f]) & states) == 1 for f in read)  # each fact the part reads is of one state
        alone = status_atoms(part, common, own)
        together = status_atoms(part, common, {"all": list({str(f): f for f in read}.values())})["all"]
        assert {str(a) for x in states for a in alone[x]} == {str(a) for a in together}, item.source
