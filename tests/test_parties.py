"""OPSC art. 14: when the Protocol binds a state, from its instrument date or year (logic/parties.lp)."""

from __future__ import annotations

import pytest
from asp import Facts


def status(conduct: int, **facts: int) -> str:
    f = Facts(conduct).add("state", "AAA")
    for name, value in facts.items():
        f.add(name, "AAA", value)
    (row,) = [r for r in f.solve().rows("party_status") if r[1] == "AAA"]
    return str(row[2])


def in_force_since(instrument: int) -> int:
    f = Facts(20300101).add("state", "AAA").add("opsc_instrument", "AAA", instrument)
    solved = f.solve()
    (row,) = [r for r in solved.rows("party_status_because") if r[1] == "AAA"]
    return int(str(row[2]).removeprefix("in_force_since(").removesuffix(")"))


@pytest.mark.parametrize(
    ("instrument", "expected"),
    [
        (20021223, 20030123),  # the USA: deposit 23 Dec 2002, in force 23 Jan 2003 (TIAS 13095)
        (20030131, 20030228),  # no 31 February: the last day of the month
        (20040131, 20040229),  # leap year
        (20151128, 20151228),
        (20011215, 20020118),  # before the Protocol's own entry into force (art. 14(1))
    ],
)
def test_one_month_after_the_instrument(instrument: int, expected: int) -> None:
    assert in_force_since(instrument) == expected


def test_exact_dates_decide_party_status_to_the_day() -> None:
    assert status(20030122, opsc_instrument=20021223) == "not_party"
    assert status(20030123, opsc_instrument=20021223) == "party"


def test_a_source_date_of_entry_into_force_prevails_over_the_computation() -> None:
    assert status(20060420, opsc_instrument_year=2006, opsc_entry_into_force=20060417) == "party"
    assert status(20060416, opsc_instrument_year=2006, opsc_entry_into_force=20060417) == "not_party"


@pytest.mark.parametrize(
    ("conduct", "expected"),
    [
        (20080630, "not_party"),  # before 1 February of the year: cannot yet be in force
        (20090201, "uncertain"),
        (20091231, "uncertain"),
        (20100130, "uncertain"),  # a deposit on 31 Dec 2009 takes effect on 31 Jan 2010
        (20100131, "party"),
    ],
)
def test_a_year_only_instrument_is_uncertain_in_and_just_after_that_year(conduct: int, expected: str) -> None:
    assert status(conduct, opsc_instrument_year=2009) == expected


def test_a_non_party_is_known_only_up_to_the_date_of_the_source() -> None:
    assert status(20220101, opsc_non_party_as_of=20220613) == "not_party"
    assert status(20240101, opsc_non_party_as_of=20220613) == "uncertain"


def test_nobody_was_a_party_before_the_protocol_entered_into_force() -> None:
    assert status(20011015) == "not_party"
    assert status(20011015, opsc_party_by=20041231) == "not_party"
    assert status(20030101, opsc_party_by=20041231) == "uncertain"
    assert status(20050101, opsc_party_by=20041231) == "party"


def test_case_overrides() -> None:
    assert status(20090510, opsc_party_since=20090301) == "party"
    f = Facts(20200101).add("state", "AAA").add("opsc_not_party", "AAA")
    assert ("opsc", "AAA", "not_party") in f.solve().rows("party_status")


def test_a_denunciation_takes_effect_a_year_later_and_earlier_conduct_stays_bound() -> None:
    assert status(20210210, opsc_instrument=20040101, opsc_denunciation=20200301) == "party"
    assert status(20210301, opsc_instrument=20040101, opsc_denunciation=20200301) == "not_party"
