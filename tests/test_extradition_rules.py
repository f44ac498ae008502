"""Unit tests of OPSC art. 5 and arts. 4(3)/5(5) in logic/extradition.lp, one fact set per rule."""

from __future__ import annotations

import pytest
from asp import Facts, const, term

YES, NO = const("yes"), const("no")


def base(*, role: str = "perpetration", category: str = "csam_production") -> Facts:
    """Offence o committed in RRR by p, a national of QQQ now present in QQQ; both parties since 2002."""
    f = Facts(20200101).party("RRR", "QQQ")
    f.add("person", "p").add("offence", "o", const(category)).add("offender", "o", "p", const(role))
    f.add("act", "o", 1, const("conduct")).add("act_by", "o", 1, "p").add("act_in", "o", 1, "RRR")
    return f.add("nationality", "p", "QQQ").add("present_in", "p", "QQQ")


def request(f: Facts) -> Facts:
    return f.add("request", "RRR", "QQQ", "p")


def routes(r):  # type: ignore[no-untyped-def]
    return {(row[2], row[3], row[5], row[6], row[7]) for row in r.rows("route") if row[1] == "p"}


def obstacles(r) -> set[str]:  # type: ignore[no-untyped-def]
    return {str(row[5]) for row in r.rows("obstacle")}


def duties(r) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return {(row[1], row[2], row[7]) for row in r.rows("obligation")}


# --- Legal basis


def test_art_5_1_a_bilateral_treaty_includes_the_offence() -> None:
    r = request(base().add("extradition_treaty", "RRR", "QQQ").add("extradition_treaty", "QQQ", "RRR")).solve()
    assert routes(r) == {("RRR", "QQQ", "bilateral_treaty", "obligatory", "OPSC art. 5(1)")}


def test_art_5_2_a_state_needing_a_treaty_may_use_the_opsc() -> None:
    r = request(base().add("profile", "QQQ", const("extradition_requires_treaty"), YES)).solve()
    assert routes(r) == {("RRR", "QQQ", "convention_legal_basis", "optional", "OPSC art. 5(2)")}
    assert r.rows("route_condition") == set()


def test_art_5_3_a_state_needing_no_treaty_shall_recognise_the_offence() -> None:
    r = request(base().add("profile", "QQQ", const("extradition_requires_treaty"), NO)).solve()
    assert routes(r) == {("RRR", "QQQ", "recognised_extraditable", "obligatory", "OPSC art. 5(3)")}


def test_unknown_treaty_requirement_shows_both_routes_under_conditions() -> None:
    r = request(base()).solve()
    assert {b for _, _, b, _, _ in routes(r)} == {"convention_legal_basis", "recognised_extraditable"}
    assert {str(row[6]) for row in r.rows("route_condition")} == {
        'cond("QQQ",requires_treaty)',
        'cond("QQQ",no_treaty_required)',
    }


def test_no_art_5_route_with_a_non_party() -> None:
    f = Facts(20200101).party("QQQ").add("state", "RRR").add("opsc_not_party", "RRR")
    f.add("person", "p").add("offence", "o", const("csam_production")).add("offender", "o", "p", const("perpetration"))
    f.add("act", "o", 1, const("conduct")).add("act_in", "o", 1, "RRR").add("present_in", "p", "QQQ")
    r = request(f).solve()
    assert routes(r) == {("RRR", "QQQ", "internal_law", "none", "")}  # no provision of art. 5 governs it
    assert obstacles(r) == {'not_party("RRR")'}


def test_no_art_5_route_for_an_offence_outside_art_3_1() -> None:
    r = request(base(category="csam_mere_possession")).solve()
    assert {b for _, _, b, _, _ in routes(r)} == {"internal_law"}


# --- Obstacles


def test_a_state_that_refuses_its_nationals_is_an_obstacle_and_owes_5_5_and_4_3() -> None:
    r = request(base().add("profile", "QQQ", const("extradites_nationals"), NO)).solve()
    assert "nationality" in obstacles(r)
    assert r.rows("obstacle_condition") == set()
    assert duties(r) == {
        ("QQQ", "prosecute_if_not_extradited", "request"),
        ("QQQ", "establish_jurisdiction", "request"),
    }


def test_a_state_that_extradites_its_nationals_owes_nothing() -> None:
    r = request(base().add("profile", "QQQ", const("extradites_nationals"), YES)).solve()
    assert "nationality" not in obstacles(r)
    assert duties(r) == set()


def test_unknown_policy_on_nationals_makes_the_duties_conditional() -> None:
    r = request(base()).solve()
    assert duties(r) == {
        ("QQQ", "prosecute_if_not_extradited", "request"),
        ("QQQ", "establish_jurisdiction", "request"),
    }
    conditions = {str(row[6]) for row in r.rows("obligation_condition")}
    assert conditions == {'cond("QQQ",refuses_to_extradite_national)'}


def test_without_a_request_the_duties_are_hypothetical() -> None:
    r = base().add("profile", "QQQ", const("extradites_nationals"), NO).solve()
    assert {t for _, _, t in duties(r)} == {"hypothetical"}


def test_a_refusal_on_another_ground_triggers_no_duty() -> None:
    f = base(role="complicity").add("profile", "QQQ", const("extradites_for_secondary_roles"), NO)
    f.symbols = [s for s in f.symbols if s.name != "nationality"]  # not a national of the requested state
    r = request(f).solve()
    assert obstacles(r) == {"secondary_role"}
    assert ("opsc", "p", "RRR", "QQQ", "o", "secondary_role", "CRC/C/156 para. 89") in r.rows("obstacle_cites")
    assert duties(r) == set()


def test_art_5_5_needs_only_the_requested_state_to_be_a_party_art_4_3_both() -> None:
    f = Facts(20200101).party("QQQ").add("state", "RRR").add("opsc_not_party", "RRR")
    f.add("person", "p").add("offence", "o", const("csam_production")).add("offender", "o", "p", const("perpetration"))
    f.add("act", "o", 1, const("conduct")).add("act_in", "o", 1, "RRR")
    f.add("nationality", "p", "QQQ").add("present_in", "p", "QQQ").add(
        "profile", "QQQ", const("extradites_nationals"), NO
    )
    r = request(f).solve()
    assert duties(r) == {("QQQ", "prosecute_if_not_extradited", "request")}


def test_double_criminality_fails_for_an_urged_conduct_the_requested_state_does_not_criminalise() -> None:
    possession = term("criminalises", const("csam_mere_possession"))
    f = (
        base(category="csam_mere_possession")
        .add("profile", "RRR", possession, YES)
        .add("profile", "QQQ", possession, NO)
    )
    r = request(f).solve()
    assert 'double_criminality("QQQ")' in obstacles(r)
    assert not any('double_criminality("RRR")' in str(row) for row in r.rows("obstacle"))


def test_double_criminality_fails_for_a_victim_above_the_requested_states_age() -> None:
    f = base(category="child_prostitution").add("person", "v").add("victim", "o", "v").add("age", "v", 17)
    f.add("profile", "QQQ", term("age_of_child", const("child_prostitution")), 16)
    r = request(f).solve()
    assert 'double_criminality("QQQ")' in obstacles(r)
    reasons = {str(row[6]) for row in r.rows("obstacle_because")}
    assert 'victim_over_age("v",17,"QQQ",16)' in reasons


def test_ne_bis_in_idem() -> None:
    r = request(base().add("prior_judgment", "QQQ", "p", "o")).solve()
    assert 'ne_bis_in_idem("QQQ")' in obstacles(r)


# --- OPSC art. 5(4)


def flag_case(restricted: bool) -> Facts:
    f = Facts(20200101).party("FFF", "QQQ", "NNN")
    f.add("person", "p").add("offence", "o", const("csam_production")).add("offender", "o", "p", const("perpetration"))
    f.add("vessel", "v", const("ship"), "FFF").add("act", "o", 1, const("conduct")).add("act_on_board", "o", 1, "v")
    f.add("act_on_high_seas", "o", 1).add("nationality", "p", "NNN").add("present_in", "p", "QQQ")
    f.add("request", "FFF", "QQQ", "p").add("request", "NNN", "QQQ", "p")
    if restricted:
        f.add("profile", "QQQ", const("extradites_only_for_offences_in_requesting_state"), YES)
    return f


def test_art_5_4_treats_the_offence_as_committed_in_the_flag_state() -> None:
    r = flag_case(restricted=False).solve()
    assert {(row[2]) for row in r.rows("place_fiction")} == {"FFF"}
    assert r.rows("place_fiction_overcomes") == set()


def test_art_5_4_overcomes_a_place_of_offence_rule_but_not_for_an_optional_basis() -> None:
    r = flag_case(restricted=True).solve()
    assert {row[2] for row in r.rows("place_fiction_overcomes")} == {"FFF"}
    place = {(row[2], str(row[5])) for row in r.rows("obstacle")}
    assert place == {("NNN", "place_of_offence")}


# --- Impunity


def test_an_offender_in_a_non_party_with_no_basis_is_beyond_reach() -> None:
    f = Facts(20200101).party("RRR").add("state", "HHH").add("opsc_not_party", "HHH")
    f.add("person", "p").add("offence", "o", const("csam_production")).add("offender", "o", "p", const("perpetration"))
    f.add("act", "o", 1, const("conduct")).add("act_in", "o", 1, "RRR").add("present_in", "p", "HHH")
    r = f.solve()
    assert ("offender_beyond_reach", 'of("p","o")', "CRC/C/156 para. 87") in r.warnings()


def test_an_offender_at_home_in_a_state_that_must_prosecute_is_not_beyond_reach() -> None:
    r = base().add("profile", "QQQ", const("extradites_nationals"), NO).solve()
    assert not {w for w in r.warnings() if w[0].startswith("offender_")}


def test_a_route_the_regime_does_not_govern_cites_none_of_its_provisions() -> None:
    """Internal law only (a state not a party, an offence outside art. 3(1)): no art. 5 provision applies; what
    may be cited is the reservation that took art. 5 away (the Lao PDR's, art. 5(2))."""
    from jurisdiction.apps.analysis import analyse
    from jurisdiction.apps.library import library
    from jurisdiction.input.loader import load

    routes = [
        r for e in library() for r in analyse(load(e.path)).extradition if r.basis == "internal_law"
    ]
    assert routes, "the library has internal-law routes"
    assert all((r.provision == "" and r.to_dict()["provision"] is None) or "reservation" in r.provision for r in routes)
    assert not any(r.provision.startswith("OPSC art. 5") for r in routes)


@pytest.mark.parametrize(
    ("universal", "expected"),
    [(None, "LUX:no_own_basis"), ("none", None), ("absolute", "no obstacle")],
)
def test_a_requesting_state_with_no_basis_over_the_person_meets_an_obstacle(universal: str | None, expected) -> None:  # type: ignore[no-untyped-def]
    """LUX asks AUT for an offence in AUT by a stateless person: LUX has no treaty basis; unless its own law is known
    to reach the person (universal jurisdiction), the request meets an obstacle, possible where its law is unknown."""
    from jurisdiction.apps.analysis import analyse
    from jurisdiction.input.loader import load_text

    assume = f"assume: {{LUX: {{universal_jurisdiction: {universal}}}}}\n" if universal else ""
    text = (
        "schema: jurex/v1\nid: r\ntitle: t\ndate: 2010-01-01\n"
        "people: {p: {present_in: AUT}, c: {nationality: [AUT], age: 9}}\n"
        "offences: [{id: o, category: csam_production, offenders: [{person: p}], victims: [c],"
        " acts: [{what: filmed, by: p, in: AUT}]}]\n"
        "requests: [{by: LUX, to: AUT, person: p}]\n" + assume
    )
    routes = [r for r in analyse(load_text(text, "r.yaml")).extradition if r.requesting == "LUX"]
    assert routes
    for route in routes:
        found = [o for o in route.obstacles if o.obstacle == "no_basis_in_requesting_state"]
        if expected == "no obstacle":
            assert not found
        else:
            [obstacle] = found
            assert list(obstacle.conditions) == ([expected] if expected else [])
