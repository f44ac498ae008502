"""Unit tests of the ASP rules, one small fact set per provision (clingo from pytest)."""

from __future__ import annotations

from asp import Facts, const
from clingo import Symbol

CSAM = const("csam_production")


def one_offence(*, role: str = "perpetration", date: int = 20200101, category: Symbol = CSAM) -> Facts:
    """Offence o by offender p (natural person); states A, B, C, D all parties since 2002."""
    f = Facts(date).party("AAA", "BBB", "CCC", "DDD")
    return f.add("person", "p").add("offence", "o", category).add("offender", "o", "p", const(role))


# --- OPSC art. 4(1): territory


def test_territory_is_obligatory_where_a_conduct_element_took_place() -> None:
    r = one_offence().add("act", "o", 1, const("conduct")).add("act_in", "o", 1, "AAA").solve()
    assert ("AAA", "territory", "obligatory", "OPSC art. 4(1)", "o", "p") in r.jurisdiction()
    assert r.rows("jurisdiction_contestable") == set()


def test_territory_resting_only_on_a_result_is_contestable() -> None:
    r = (
        one_offence()
        .add("act", "o", 1, const("conduct"))
        .add("act_in", "o", 1, "AAA")
        .add("act", "o", 2, const("result"))
        .add("act_in", "o", 2, "BBB")
        .solve()
    )
    assert r.bases("BBB") == {"territory": "obligatory"}
    assert r.rows("jurisdiction_contestable") == {("opsc", "BBB", "territory", "o", "p")}


def test_a_conduct_doctrine_ignores_result_elements() -> None:
    r = (
        one_offence()
        .add("act", "o", 1, const("result"))
        .add("act_in", "o", 1, "BBB")
        .add("profile", "BBB", const("territoriality"), const("conduct"))
        .solve()
    )
    assert "territory" not in r.bases("BBB")
    assert ("opsc", "BBB", "territoriality", 0) in r.rows("profile_used")


def test_an_act_on_board_in_territorial_waters_is_also_in_the_coastal_state() -> None:
    r = (
        one_offence()
        .add("vessel", "v", const("ship"), "AAA")
        .add("act", "o", 1, const("conduct"))
        .add("act_on_board", "o", 1, "v")
        .add("act_in_waters", "o", 1, "BBB")
        .solve()
    )
    assert r.bases("AAA") == {"flag_ship": "obligatory"}
    assert r.bases("BBB") == {"territory": "obligatory"}


# --- OPSC art. 4(1): ship or aircraft registered in the state


def test_flag_of_a_ship_on_the_high_seas_is_obligatory() -> None:
    r = (
        one_offence()
        .add("vessel", "v", const("ship"), "CCC")
        .add("act", "o", 1, const("conduct"))
        .add("act_on_board", "o", 1, "v")
        .add("act_on_high_seas", "o", 1)
        .solve()
    )
    assert ("CCC", "flag_ship", "obligatory", "OPSC art. 4(1)", "o", "p") in r.jurisdiction()
    assert {s for s, b, *_ in r.jurisdiction() if b == "territory"} == set()


def test_flag_of_an_aircraft_is_obligatory() -> None:
    r = (
        one_offence()
        .add("vessel", "plane", const("aircraft"), "DDD")
        .add("act", "o", 1, const("conduct"))
        .add("act_on_board", "o", 1, "plane")
        .solve()
    )
    assert r.bases("DDD") == {"flag_aircraft": "obligatory"}


# --- OPSC art. 4(2)(a), 4(2)(b); CRC/C/156 para. 83


def test_every_nationality_of_a_dual_national_is_an_optional_basis() -> None:
    r = (
        one_offence()
        .add("nationality", "p", "AAA")
        .add("nationality", "p", "BBB")
        .add("habitual_residence", "p", "CCC")
        .solve()
    )
    assert r.bases("AAA") == {"offender_nationality": "optional"}
    assert r.bases("BBB") == {"offender_nationality": "optional"}
    assert r.bases("CCC") == {"offender_residence": "optional"}


def test_victim_nationality_is_optional_and_victim_residence_only_encouraged() -> None:
    r = (
        one_offence()
        .add("person", "v")
        .add("victim", "o", "v")
        .add("nationality", "v", "AAA")
        .add("habitual_residence", "v", "BBB")
        .solve()
    )
    assert ("AAA", "victim_nationality", "optional", "OPSC art. 4(2)(b)", "o", "p") in r.jurisdiction()
    assert ("BBB", "victim_residence", "encouraged", "CRC/C/156 para. 83", "o", "p") in r.jurisdiction()


# --- OPSC art. 4(3)


def national_present_in_aaa() -> Facts:
    return one_offence().add("nationality", "p", "AAA").add("present_in", "p", "AAA")


def test_presence_of_a_national_not_extradited_is_obligatory() -> None:
    r = national_present_in_aaa().add("profile", "AAA", const("extradites_nationals"), const("no")).solve()
    assert ("AAA", "presence_no_extradition", "obligatory", "OPSC art. 4(3)", "o", "p") in r.jurisdiction()
    assert r.rows("jurisdiction_condition") == set()


def test_no_art_4_3_basis_when_the_state_extradites_its_nationals() -> None:
    r = national_present_in_aaa().add("profile", "AAA", const("extradites_nationals"), const("yes")).solve()
    assert "presence_no_extradition" not in r.bases("AAA")


def test_unknown_extradition_of_nationals_gives_a_conditional_basis() -> None:
    r = national_present_in_aaa().solve()
    assert r.bases("AAA")["presence_no_extradition"] == "obligatory"
    assert r.rows("jurisdiction_condition") == {
        ("opsc", "AAA", "presence_no_extradition", "o", "p", "refuses_to_extradite_national")
    }
    assert ("opsc", "AAA", "extradites_nationals", -1) in r.rows("profile_used")  # not in the profile: the minimum


def test_art_4_3_needs_presence_in_the_state_of_nationality() -> None:
    r = (
        one_offence()
        .add("nationality", "p", "AAA")
        .add("present_in", "p", "BBB")
        .add("profile", "BBB", const("extradites_nationals"), const("no"))
        .solve()
    )
    assert "presence_no_extradition" not in r.bases("AAA")
    assert "presence_no_extradition" not in r.bases("BBB")


def test_art_4_3_does_not_reach_a_legal_person() -> None:
    r = national_present_in_aaa().add("legal_person", "p").solve()
    assert "presence_no_extradition" not in r.bases("AAA")


# --- OPSC art. 3(2) and 3(4)


def test_a_secondary_role_brings_the_same_bases_and_cites_art_3_2() -> None:
    r = (
        one_offence(role="complicity")
        .add("act", "o", 1, const("conduct"))
        .add("act_in", "o", 1, "AAA")
        .add("nationality", "p", "BBB")
        .solve()
    )
    assert r.bases("AAA") == {"territory": "obligatory"}
    assert r.bases("BBB") == {"offender_nationality": "optional"}
    assert ("opsc", "AAA", "territory", "o", "p", "OPSC art. 3(2)") in r.rows("jurisdiction_cites")


def test_an_accomplices_act_abroad_does_not_move_the_principals_offence() -> None:
    r = (
        one_offence()
        .add("person", "helper")
        .add("offender", "o", "helper", const("complicity"))
        .add("act", "o", 1, const("conduct"))
        .add("act_by", "o", 1, "p")
        .add("act_in", "o", 1, "AAA")
        .add("act", "o", 2, const("conduct"))
        .add("act_by", "o", 2, "helper")
        .add("act_in", "o", 2, "BBB")
        .solve()
    )
    territory = {(s, person) for s, b, _, _, _, person in r.jurisdiction() if b == "territory"}
    assert territory == {("AAA", "p"), ("AAA", "helper"), ("BBB", "helper")}


def test_a_legal_person_is_reached_through_its_incorporation_and_cites_art_3_4() -> None:
    r = one_offence().add("legal_person", "p").add("nationality", "p", "CCC").solve()
    assert r.bases("CCC") == {"offender_nationality": "optional"}
    assert ("opsc", "CCC", "offender_nationality", "o", "p", "OPSC art. 3(4)") in r.rows("jurisdiction_cites")


# --- Offences outside art. 3(1)


def test_hands_on_abuse_without_consideration_or_recording_gives_no_basis() -> None:
    r = (
        one_offence(category=const("not_opsc"))
        .add("act", "o", 1, const("conduct"))
        .add("act_in", "o", 1, "AAA")
        .solve()
    )
    assert r.jurisdiction() == set()
    assert ("not_an_opsc_offence", "o", "OPSC art. 4(4)") in r.warnings()


def test_an_urged_conduct_is_not_an_art_3_1_offence() -> None:
    r = (
        one_offence(category=const("csam_mere_possession"))
        .add("act", "o", 1, const("conduct"))
        .add("act_in", "o", 1, "AAA")
        .solve()
    )
    assert r.jurisdiction() == set()
    assert ("urged_conduct_only", "o", "CRC/C/156 para. 65") in r.warnings()


# --- CRC/C/156 para. 87


def test_universal_jurisdiction_is_encouraged_once_for_every_state() -> None:
    r = one_offence().add("act", "o", 1, const("conduct")).add("act_in", "o", 1, "AAA").solve()
    universal = {row for row in r.jurisdiction() if row[1] == "universal"}
    assert universal == {("*", "universal", "encouraged", "CRC/C/156 para. 87", "o", "p")}


# --- Party status (OPSC art. 14)


def test_a_non_party_takes_no_treaty_modality() -> None:
    f = Facts(20200101).add("state", "AAA").add("opsc_not_party", "AAA")
    r = (
        f.add("person", "p")
        .add("offence", "o", CSAM)
        .add("offender", "o", "p", const("perpetration"))
        .add("act", "o", 1, const("conduct"))
        .add("act_in", "o", 1, "AAA")
        .solve()
    )
    assert r.bases("AAA") == {"territory": "none"}
    assert ("no_state_obliged", "o", "OPSC art. 4(1)") in r.warnings()


def test_a_state_without_party_data_keeps_the_modality_under_a_condition() -> None:
    f = Facts(20200101).add("state", "AAA")
    r = (
        f.add("person", "p")
        .add("offence", "o", CSAM)
        .add("offender", "o", "p", const("perpetration"))
        .add("act", "o", 1, const("conduct"))
        .add("act_in", "o", 1, "AAA")
        .solve()
    )
    assert r.bases("AAA") == {"territory": "obligatory"}
    assert ("opsc", "AAA", "territory", "o", "p", "party_at_date") in r.rows("jurisdiction_condition")
    assert ("opsc", "AAA", "unknown") in r.rows("party_status")


# --- ETS 185 art. 22(1)(d): a national's offence, if punishable where committed or committed outside every
# state's territory. Read for each element (ubiquity): one element on the high seas meets the second limb.


def budapest_possession(*places: str) -> Facts:
    """Mere possession o by p, a national of AAA (all parties, assumed); one act a place, "-" = the high seas."""
    f = Facts(regime="budapest").add("assume_all_parties").add("person", "p").add("nationality", "p", "AAA")
    f.add("state", "AAA").add("state", "BBB").add("offence", "o", const("csam_mere_possession"))
    f.add("offender", "o", "p", const("perpetration"))
    for i, place in enumerate(places, 1):
        f.add("act", "o", i, const("conduct"))
        f.add(*(("act_on_high_seas", "o", i) if place == "-" else ("act_in", "o", i, place)))
    return f


def budapest_nationality(f: Facts) -> set[tuple[object, ...]]:
    r = f.solve("regimes/budapest.lp")
    return {row[1:4] for row in r.rows("jurisdiction") if row[0] == "budapest" and row[2] == "offender_nationality"}


def test_nationality_under_budapest_needs_the_conduct_punishable_where_committed() -> None:
    # BBB's law is the treaty minimum: mere possession is not a crime there (profiles.lp).
    assert budapest_nationality(budapest_possession("BBB")) == set()


def test_nationality_under_budapest_holds_for_an_element_outside_every_state() -> None:
    expected = {("AAA", "offender_nationality", "obligatory")}
    assert budapest_nationality(budapest_possession("-")) == expected
    # A further element in a state where it is no crime does not undo the high-seas element.
    assert budapest_nationality(budapest_possession("-", "BBB")) == expected
    r = budapest_possession("-", "BBB").solve("regimes/budapest.lp")
    assert not [row for row in r.rows("jurisdiction_condition") if row[-1] == "double_criminality_met"]


def test_no_impunity_warning_contradicts_the_own_law_the_answer_shows() -> None:
    """A state whose own law is shown to give it a basis over the offender (art. 4(4)) has them within reach:
    'impunity threatens: ... in a state with no basis over them' must not be said of it."""
    from jurisdiction.apps.analysis import analyse
    from jurisdiction.apps.library import library
    from jurisdiction.engine.regimes import REGIMES
    from jurisdiction.input.loader import load

    checked = 0
    for entry in library():
        case = load(entry.path)
        for regime in REGIMES.values():
            analysis = analyse(case, regime=regime)
            for w in analysis.warnings:
                if w.code != "offender_beyond_reach":
                    continue
                person, _, offence = w.subject.partition(" in ")
                where = case.people[person].present_in
                own = [j for j in analysis.jurisdiction if (j.state, j.person, j.offence) == (where, person, offence)]
                assert not any(j.established == "yes" and not j.established_conditions for j in own), (entry.id, w)
                checked += 1
    assert checked  # the library has cases where impunity does threaten


def test_a_request_where_the_person_is_not_and_an_offence_without_victim_get_a_note_not_a_refusal() -> None:
    from jurisdiction.apps.analysis import analyse
    from jurisdiction.input.loader import load_text

    text = (
        "schema: jurex/v1\nid: notes\ntitle: t\ndate: 2019-06-01\n"
        "people: {v: {nationality: [GBR], present_in: GBR}, w: {nationality: [FRA]}}\n"
        "offences: [{id: o, category: csam_distribution, offenders: [{person: v}, {person: w}], victims: [],"
        " acts: [{what: shared, by: v, in: GBR}]}]\n"
        "requests: [{by: GBR, to: THA, person: v}, {by: GBR, to: FRA, person: w}]\n"
    )
    found = analyse(load_text(text, "notes.yaml")).warnings
    warnings = {(w.code, w.subject) for w in found}
    assert ("request_where_not_present", "GBR -> THA for v") in warnings
    assert ("request_presence_unknown", "GBR -> FRA for w") in warnings
    assert ("no_victim_named", "o") in warnings
    assert not any(w.impunity for w in found if w.code.startswith(("request_", "no_victim")))  # notes, not gaps
