"""Unit tests of requests for some offences and of prior judgments (ne bis in idem, art. 5(5) discharged) in
logic/extradition.lp, one fact set per rule."""

from __future__ import annotations

from asp import Facts, const

YES, NO = const("yes"), const("no")
NBI = "ne_bis_in_idem"


def base() -> Facts:
    """Offences o and o2 committed in RRR by p, a national of QQQ now present in QQQ, which does not extradite its
    nationals; TTT is a third state. All parties since 2002."""
    f = Facts(20200101).party("RRR", "QQQ", "TTT")
    f.add("person", "p").add("nationality", "p", "QQQ").add("present_in", "p", "QQQ")
    f.add("profile", "QQQ", const("extradites_nationals"), NO)
    for o in ("o", "o2"):
        f.add("offence", o, const("csam_production")).add("offender", o, "p", const("perpetration"))
        f.add("act", o, 1, const("conduct")).add("act_by", o, 1, "p").add("act_in", o, 1, "RRR")
    return f.add("request", "RRR", "QQQ", "p")


def routes(r) -> set[tuple[str, str, str, str]]:  # type: ignore[no-untyped-def]
    return {(row[2], row[3], row[4], row[7]) for row in r.rows("route")}


def obstacles(r, offence: str = "o") -> set[str]:  # type: ignore[no-untyped-def]
    return {str(row[5]) for row in r.rows("obstacle") if row[4] == offence}


def conditions(r, obstacle: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {str(row[6]) for row in r.rows("obstacle_condition") if str(row[5]) == obstacle}


def because(r, obstacle: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {str(row[6]) for row in r.rows("obstacle_because") if str(row[5]) == obstacle}


def duties(r) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return {(row[1], row[2], row[5]) for row in r.rows("obligation")}


def discharged(r) -> set[tuple[str, str, str, str]]:  # type: ignore[no-untyped-def]
    return {(row[1], row[2], row[4], str(row[6])) for row in r.rows("obligation_discharged")}


# --- A request for some offences


def test_a_request_that_names_no_offence_is_for_every_offence_of_the_person() -> None:
    r = base().solve()
    assert {o for _, _, o, _ in routes(r)} == {"o", "o2"}
    assert {o for _, _, o in duties(r)} == {"o", "o2"}


def test_a_request_that_names_an_offence_is_for_it_alone_routes_obstacles_and_duties() -> None:
    r = base().add("request_offence", "RRR", "QQQ", "p", "o").solve()
    assert {o for _, _, o, _ in routes(r)} == {"o"}  # and no possible request beside it for o2
    assert obstacles(r, "o2") == set()
    assert duties(r) == {("QQQ", "prosecute_if_not_extradited", "o"), ("QQQ", "establish_jurisdiction", "o")}
    reasons = {str(row[6]) for row in r.rows("route_because") if row[4] == "o"}
    assert 'request_offence("RRR","QQQ","p","o")' in reasons


# --- (a) the requested state's own judgment


def test_the_requested_states_own_judgment_is_an_obstacle_whatever_its_law_on_foreign_judgments() -> None:
    f = base().add("prior_judgment", "QQQ", "p", "o").add("profile", "QQQ", const("foreign_judgment_bars"), NO)
    r = f.solve()
    assert f'{NBI}("QQQ")' in obstacles(r)
    assert conditions(r, f'{NBI}("QQQ")') == set()
    assert because(r, f'{NBI}("QQQ")') == {'prior_judgment("QQQ","p","o",not_stated)'}


def test_the_requested_state_that_tried_the_person_has_discharged_art_5_5_not_4_3() -> None:
    f = base().add("prior_judgment", "QQQ", "p", "o").add("judgment_outcome", "QQQ", "p", "o", const("acquittal"))
    r = f.solve()
    assert discharged(r) == {("QQQ", "prosecute_if_not_extradited", "o", 'prior_judgment("QQQ","p","o",acquittal)')}
    # the duty is still there (discharged, not removed), and art. 4(3) is untouched
    assert ("QQQ", "prosecute_if_not_extradited", "o") in duties(r)
    assert ("QQQ", "establish_jurisdiction", "o") in duties(r)


def test_a_judgment_never_adds_a_duty() -> None:
    f = base().add("prior_judgment", "QQQ", "p", "o")
    f.symbols = [s for s in f.symbols if not (s.name == "profile" and str(s.arguments[1]) == "extradites_nationals")]
    f.add("profile", "QQQ", const("extradites_nationals"), YES)
    r = f.solve()
    assert duties(r) == set()
    assert discharged(r) == set()


# --- (b) another state's judgment


def test_a_third_states_judgment_bars_where_the_requested_states_law_says_so() -> None:
    f = base().add("prior_judgment", "TTT", "p", "o").add("profile", "QQQ", const("foreign_judgment_bars"), YES)
    r = f.solve()
    assert f'{NBI}("TTT")' in obstacles(r)
    assert conditions(r, f'{NBI}("TTT")') == set()
    assert because(r, f'{NBI}("TTT")') == {
        'prior_judgment("TTT","p","o",not_stated)',
        'foreign_judgment_bars("QQQ",yes)',
    }


def test_a_third_states_judgment_does_not_bar_where_the_requested_states_law_gives_it_no_effect() -> None:
    f = base().add("prior_judgment", "TTT", "p", "o").add("profile", "QQQ", const("foreign_judgment_bars"), NO)
    assert not any(o.startswith(NBI) for o in obstacles(f.solve()))


def test_a_third_states_judgment_is_a_possible_obstacle_where_the_law_is_unknown() -> None:
    r = base().add("prior_judgment", "TTT", "p", "o").solve()
    assert conditions(r, f'{NBI}("TTT")') == {'cond("QQQ",foreign_judgment_bars)'}
    assert ("opsc", "QQQ", "foreign_judgment_bars", -1) in r.rows("profile_used")


def test_a_third_states_judgment_leaves_the_requested_states_duty_owed() -> None:
    r = base().add("prior_judgment", "TTT", "p", "o").solve()
    assert ("QQQ", "prosecute_if_not_extradited", "o") in duties(r)
    assert discharged(r) == set()


def test_a_judgment_for_another_offence_is_no_obstacle() -> None:
    r = base().add("prior_judgment", "QQQ", "p", "o2").solve()
    assert not any(o.startswith(NBI) for o in obstacles(r, "o"))
    assert {o for _, _, o, _ in discharged(r)} == {"o2"}


# --- the requesting state's own judgment


def test_the_requesting_states_conviction_is_no_obstacle_but_a_note() -> None:
    f = base().add("prior_judgment", "RRR", "p", "o").add("judgment_outcome", "RRR", "p", "o", const("conviction"))
    r = f.solve()
    assert not any(o.startswith(NBI) for o in obstacles(r))
    codes = {str(code) for code, *_ in r.warnings()}
    assert "request_after_own_conviction" in codes


def test_the_requesting_states_acquittal_counts_as_a_foreign_judgment() -> None:
    f = base().add("prior_judgment", "RRR", "p", "o").add("judgment_outcome", "RRR", "p", "o", const("acquittal"))
    r = f.add("profile", "QQQ", const("foreign_judgment_bars"), YES).solve()
    assert conditions(r, f'{NBI}("RRR")') == set()


def test_the_requesting_states_judgment_of_unstated_outcome_bars_only_if_it_was_no_conviction() -> None:
    r = base().add("prior_judgment", "RRR", "p", "o").solve()
    assert conditions(r, f'{NBI}("RRR")') == {
        'cond("QQQ",foreign_judgment_bars)',
        'cond("RRR",judgment_not_a_conviction)',
    }


def test_explain_shows_the_discharging_judgment() -> None:
    f = base().add("prior_judgment", "QQQ", "p", "o").add("judgment_outcome", "QQQ", "p", "o", const("conviction"))
    r = f.solve(explain=True)
    reasons = {str(row[1]) for row in r.rows("why") if str(row[0]).startswith('obligation("QQQ",prosecute')}
    assert 'discharged_by(prior_judgment("QQQ","p","o",conviction))' in reasons


def test_two_outcomes_for_one_trial_are_refused_as_input() -> None:
    import pytest

    from jurisdiction.errors import CaseError
    from jurisdiction.input.loader import load_text
    from jurisdiction.resources import scenarios_dir

    text = (scenarios_dir() / "darknet-ne-bis-in-idem.yaml").read_text(encoding="utf-8")
    assert "prior_judgments:" in text
    line = next(x for x in text.splitlines() if x.strip().startswith("- {state:") and "outcome" in x)
    twice = text.replace(line, line + "\n" + line.replace("conviction", "acquittal"))
    with pytest.raises(CaseError) as caught:
        load_text(twice, "case.yaml")
    assert [p.path for p in caught.value.problems] == ["prior_judgments[1]"]
    assert "once" in caught.value.problems[0].fix
