"""Dated national law (logic/profiles.lp): a bundled value holds in its period; the law of crimes and
jurisdiction is read on each act's date, the law of extradition on the date the request is decided."""

from __future__ import annotations

from asp import Facts, const, term

NATIONALITY = term("jurisdiction", const("offender_nationality"), const("csam_production"))
OPEN = 99991231
TODAY = 20261201


def abroad(*dates: int) -> Facts:
    """A national of AAA commits offence o in BBB, one act on each date; both parties since 2002."""
    f = Facts(dates[0]).party("AAA", "BBB").add("today", TODAY)
    f.add("person", "p").add("offence", "o", const("csam_production")).add("offender", "o", "p", const("perpetration"))
    f.add("nationality", "p", "AAA").add("habitual_residence", "p", "AAA").add("present_in", "p", "AAA")
    for i, day in enumerate(dates, start=1):
        f.add("act", "o", i, const("conduct")).add("act_in", "o", i, "BBB").add("act_date", "o", i, day)
    return f


def established(f: Facts) -> set[str]:
    return {r[5] for r in f.solve().rows("established") if r[:3] == ("opsc", "AAA", "offender_nationality")}


def test_a_value_holds_for_acts_in_its_period_and_is_unknown_before_it() -> None:
    since_2015 = ("profile_period", "AAA", NATIONALITY, const("yes"), 20150101, OPEN)
    assert established(abroad(20160301).add(*since_2015)) == {"yes"}
    before = abroad(20140301).add(*since_2015)
    assert established(before) == {"unknown"}  # not the later law
    # ... and the answer lists the value as one it leans on without knowing it (period -1: not in the profile).
    assert ("opsc", "AAA", str(NATIONALITY), -1) in before.solve().rows("profile_used")


def test_a_law_repealed_at_a_date_no_longer_gives_the_basis_after_it() -> None:
    f = abroad(20120301).add("profile_period", "AAA", NATIONALITY, const("yes"), 20100101, 20121231)
    f.add("profile_period", "AAA", NATIONALITY, const("no"), 20130101, OPEN)
    assert established(f) == {"yes"}
    later = abroad(20130301).add("profile_period", "AAA", NATIONALITY, const("yes"), 20100101, 20121231)
    later.add("profile_period", "AAA", NATIONALITY, const("no"), 20130101, OPEN)
    assert established(later) == {"no"}


def test_an_offence_whose_acts_straddle_a_change_of_the_law_is_not_given_either_value() -> None:
    f = abroad(20120301, 20130301).add("profile_period", "AAA", NATIONALITY, const("yes"), 20100101, 20121231)
    f.add("profile_period", "AAA", NATIONALITY, const("no"), 20130101, OPEN)
    assert established(f) == {"unknown"}


def requested(decided_on: int | None) -> Facts:
    f = abroad(20190601).add("request", "BBB", "AAA", "p")
    f.add("profile_period", "AAA", const("extradites_nationals"), const("yes"), 20000101, 20191231)
    f.add("profile_period", "AAA", const("extradites_nationals"), const("no"), 20200101, OPEN)
    if decided_on is not None:
        f.add("request_decided_on", "BBB", "AAA", "p", decided_on)
    return f


def nationality_obstacle(f: Facts) -> bool:
    return any(r[-1] == "nationality" for r in f.solve().rows("obstacle"))


def test_extradition_law_is_the_law_on_the_date_the_request_is_decided() -> None:
    # The acts are of 2019 either way: only the decision date moves the requested state's law.
    assert not nationality_obstacle(requested(20191015))
    assert nationality_obstacle(requested(20200315))
    assert nationality_obstacle(requested(None))  # no date: decided today, under today's law


def test_a_case_value_holds_at_every_date() -> None:
    f = abroad(20160301).add("profile", "AAA", NATIONALITY, const("yes"))
    assert established(f) == {"yes"}
    assert ("opsc", "AAA", str(NATIONALITY), 0) in f.solve().rows("profile_used")


def test_overlapping_periods_in_a_profile_file_are_refused() -> None:
    from jurisdiction.data.states import _read_profiles

    periods = [
        {"from": "2010-01-01", "until": "2015-12-31", "value": True, "source": "s", "verified": True},
        {"from": "2015-01-01", "value": False, "source": "s", "verified": True},
    ]
    try:
        _read_profiles({"AAA": {"extradites_nationals": periods}})
    except ValueError as e:
        assert "AAA.yaml: extradites_nationals" in str(e)
    else:
        raise AssertionError("overlapping periods were accepted")


def test_states_show_lists_each_period_with_its_source() -> None:
    import datetime as dt

    from jurisdiction.apps.states import describe
    from jurisdiction.data.states import bundled
    from jurisdiction.render.states import profile_text

    text = profile_text(describe("DEU", dt.date(2026, 1, 1), bundled()))
    assert "in force: from 2013-07-01 to 2020-01-31" in text and "in force: from 2020-02-01" in text


# --- The United States' reservation to art. 4(1) (logic/reservations.lp)


US_FLAG = "OPSC reservation: USA, art. 4(1)"  # the provision the data gives the reservation (reservations.yaml)


def on_a_us_ship(flag_law: str | None) -> Facts:
    f = (
        Facts(20200101)
        .party("USA", "BBB")
        .add("today", TODAY)
        .add("reservation", const("opsc"), "USA", const("flag_only_where_own_law"), US_FLAG)
    )
    f.add("person", "p").add("offence", "o", const("csam_production")).add("offender", "o", "p", const("perpetration"))
    f.add("nationality", "p", "BBB").add("vessel", "v", const("ship"), "USA")
    f.add("act", "o", 1, const("conduct")).add("act_on_board", "o", 1, "v").add("act_on_high_seas", "o", 1)
    if flag_law is not None:
        f.add("profile", "USA", term("jurisdiction", const("flag"), const("csam_production")), const(flag_law))
    return f


def test_the_us_flag_duty_holds_only_where_its_law_reaches_the_ship() -> None:
    assert on_a_us_ship("yes").solve().bases("USA")["flag_ship"] == "obligatory"
    assert on_a_us_ship("no").solve().bases("USA")["flag_ship"] == "none"
    unknown = on_a_us_ship(None).solve()
    assert unknown.bases("USA")["flag_ship"] == "obligatory"
    assert ("opsc", "USA", "flag_ship", "o", "p", "own_law_reaches_flag") in unknown.rows("jurisdiction_condition")
    assert any(r[-1] == US_FLAG for r in unknown.rows("jurisdiction_cites"))
    from jurisdiction.data.states import bundled

    assert [r.provision for r in bundled().reservations_of("USA") if r.kind == "flag_only_where_own_law"] == [US_FLAG]


def test_two_offenders_of_one_offence_requested_on_either_side_of_a_change() -> None:
    # One offence, two offenders; the requests to AAA are decided in 2019 and in 2020: each under its own law.
    f = requested(20191015).add("person", "q").add("offender", "o", "q", const("perpetration"))
    f.add("nationality", "q", "AAA").add("present_in", "q", "AAA").add("request", "BBB", "AAA", "q")
    f.add("request_decided_on", "BBB", "AAA", "q", 20200315)
    barred = {r[1] for r in f.solve().rows("obstacle") if r[-1] == "nationality"}
    assert barred == {"q"}
