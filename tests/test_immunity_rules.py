"""Unit tests of logic/immunity.lp: acts on diplomatic premises, and diplomatic immunity as a bar to exercising
jurisdiction (VCDR arts. 22, 29, 31, 32, 38, 39), one small fact set per rule."""

from __future__ import annotations

from asp import Facts, const

from jurisdiction.engine.facts import fact
from jurisdiction.engine.solver import function_args, program, solve

COND = "immunity_waived_or_ended"


def embassy(*, waived: bool = False, ended: bool = False, present_in: str = "BBB") -> Facts:
    """p, a national and diplomat of AAA posted in BBB, films the abuse of v (a national of CCC living in BBB)
    on AAA's embassy premises in BBB; all three states parties since 2002."""
    f = Facts(20200101).party("AAA", "BBB", "CCC")
    f.add("person", "p").add("person", "v").add("offence", "o", const("csam_production"))
    f.add("offender", "o", "p", const("perpetration")).add("victim", "o", "v")
    f.add("act", "o", 1, const("conduct")).add("act_by", "o", 1, "p").add("act_in", "o", 1, "BBB")
    f.add("act_on_premises_of", "o", 1, "AAA")
    f.add("nationality", "p", "AAA").add("present_in", "p", present_in).add("nationality", "v", "CCC")
    f.add("diplomatic_immunity", "p", "BBB", "AAA")
    if waived:
        f.add("immunity_waived", "p")
    if ended:
        f.add("immunity_ended", "p")
    return f


def conditions(r, state: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {row[5] for row in r.rows("jurisdiction_condition") if row[1] == state}


def cites(r, state: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {row[5] for row in r.rows("jurisdiction_cites") if row[1] == state}


def premises(r, state: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {row[5] for row in r.rows("jurisdiction_because") if row[1] == state}


def obstacles(r) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """(requesting, requested, obstacle)"""
    return {(row[2], row[3], row[5]) for row in r.rows("obstacle")}


# --- Premises: the act is in the receiving state, never the sending state's


def test_an_act_on_embassy_premises_is_in_the_receiving_state_only() -> None:
    r = embassy().solve()
    assert r.bases("BBB")["territory"] == "obligatory"
    assert "territory" not in r.bases("AAA")
    assert 'diplomatic_premises("o","BBB","AAA")' in premises(r, "BBB")
    assert ("act_on_diplomatic_premises", 'premises("o","BBB","AAA")', "VCDR art. 22") in r.warnings()


def test_the_sending_state_has_no_territorial_link_from_its_premises() -> None:
    atoms = solve(embassy().symbols, program(), shown_only=False).symbols
    links = {tuple(str(a) for a in function_args(s)) for s in atoms if s.name == "link"}
    links = {row for row in links if row[0] == "territory"}
    assert links == {("territory", "BBB", "o", "p")}


def test_the_sending_state_is_told_why_it_has_no_territory() -> None:
    r = embassy().add("query_state", "AAA").solve(explain=True)
    assert ("AAA", "territory", "o", 'premises_not_territory("AAA","BBB")') in r.rows("why_not")


def test_premises_alone_change_nothing_else() -> None:
    with_premises = embassy()
    without = Facts(20200101)
    without.symbols = [s for s in with_premises.symbols if s.name != "act_on_premises_of"]
    assert with_premises.solve().jurisdiction() == without.solve().jurisdiction()


# --- Immunity: jurisdiction stays, its exercise by the receiving state waits


def test_immunity_conditions_every_conclusion_of_the_receiving_state_only() -> None:
    r = embassy().solve()
    assert set(r.bases("BBB")) == {"territory"}
    assert conditions(r, "BBB") == {COND}
    assert cites(r, "BBB") == {"VCDR art. 31(1)"}
    assert 'diplomatic_immunity("p","BBB","AAA")' in premises(r, "BBB")
    # the sending state: unaffected, and told so (art. 31(4)); a third state: not bound at all
    assert r.bases("AAA") == {"offender_nationality": "optional"}
    assert conditions(r, "AAA") == set() and cites(r, "AAA") == {"VCDR art. 31(4)"}
    assert r.bases("CCC") == {"victim_nationality": "optional"}
    assert conditions(r, "CCC") == set() and cites(r, "CCC") == set()
    assert ("diplomatic_immunity", 'diplomat("p","BBB","AAA")', "VCDR art. 31(1)") in r.warnings()


def test_a_waiver_lifts_the_bar_and_says_so() -> None:
    r = embassy(waived=True).solve()
    assert conditions(r, "BBB") == set()
    assert cites(r, "BBB") == {"VCDR art. 32"}
    assert 'immunity_waived("p","BBB","AAA")' in premises(r, "BBB")
    assert cites(r, "AAA") == set()
    assert not {w for w in r.warnings() if w[0] == "diplomatic_immunity"}


def test_the_end_of_the_functions_lifts_the_bar_for_acts_that_are_not_official() -> None:
    r = embassy(ended=True, present_in="AAA").solve()
    assert conditions(r, "BBB") == set()
    assert cites(r, "BBB") == {"VCDR art. 39(2)"}
    assert 'immunity_ended("p","BBB","AAA")' in premises(r, "BBB")
    assert not {w for w in r.warnings() if w[0] in ("diplomatic_immunity", "immune_but_away")}


def test_a_national_of_the_receiving_state_is_not_immune_there_for_these_offences() -> None:
    r = embassy().add("nationality", "p", "BBB").solve()
    assert COND not in conditions(r, "BBB")
    assert cites(r, "BBB") == {"VCDR art. 38(1)"}
    assert ("immunity_official_acts_only", 'diplomat("p","BBB","AAA")', "VCDR art. 38(1)") in r.warnings()


def test_an_immune_person_found_elsewhere_is_a_note() -> None:
    r = embassy(present_in="AAA").solve()
    assert conditions(r, "BBB") == {COND}  # the case has not said the immunity ended
    assert ("immune_but_away", 'diplomat("p","BBB","AAA")', "VCDR art. 39(2)") in r.warnings()


def test_the_condition_holds_under_every_regime() -> None:
    for regime, rules in (("lanzarote", "regimes/lanzarote.lp"), ("budapest", "regimes/budapest.lp")):
        f = embassy()
        f.symbols = [s for s in f.symbols if s.name != "regime"] + [fact("regime", const(regime))]
        rows = f.solve(rules).rows("jurisdiction_condition")
        assert {(row[0], row[1], row[5]) for row in rows} >= {(regime, "BBB", COND)}, regime
        assert not {row for row in rows if row[1] == "AAA" and row[5] == COND}, regime


# --- Extradition: the receiving state cannot surrender an immune person (arts. 29, 31(1))


def test_a_request_to_the_receiving_state_meets_the_immunity() -> None:
    r = embassy().add("request", "CCC", "BBB", "p").solve()
    assert ("CCC", "BBB", 'diplomatic_immunity("AAA")') in obstacles(r)
    assert ("AAA", "BBB", 'diplomatic_immunity("AAA")') in obstacles(r)  # even the sending state's (hypothetical)
    cited = {row[6] for row in r.rows("obstacle_cites") if row[2] == "CCC"}
    assert cited == {"VCDR art. 29", "VCDR art. 31(1)"}
    because = {row[6] for row in r.rows("obstacle_because") if row[2] == "CCC" and "immunity" in row[5]}
    assert because == {'diplomatic_immunity("p","BBB","AAA")'}


def test_no_immunity_obstacle_once_waived_or_elsewhere() -> None:
    waived = embassy(waived=True).add("request", "CCC", "BBB", "p").solve()
    assert not {o for o in obstacles(waived) if "immunity" in o[2]}
    # recalled home: a request to the sending state meets its own law (nationality), not the immunity
    home = embassy(ended=True, present_in="AAA").add("request", "BBB", "AAA", "p").solve()
    assert not {o for o in obstacles(home) if "immunity" in o[2]}


def test_the_obstacle_is_explained_with_its_provision() -> None:
    r = embassy().add("request", "CCC", "BBB", "p").solve(explain=True)
    why = {(row[0], row[1]) for row in r.rows("why") if "diplomatic_immunity" in row[0]}
    assert (
        'obstacle("p","CCC","BBB","o",diplomatic_immunity("AAA"))',
        'cited(diplomatic_immunity("p","BBB","AAA"),"VCDR art. 29")',
    ) in why
    uncited = {w for w in why if w[1] == 'diplomatic_immunity("p","BBB","AAA")'}
    assert not uncited  # said once, with its provision
