"""Party status under Lanzarote, Budapest and Directive 2011/93/EU: the dates of each state's instrument or
membership (logic/parties.lp, logic/regimes/common.lp) and the bundled lists (jurisdiction/data/)."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from asp import Facts, const

from jurisdiction.apps.analysis import analyse
from jurisdiction.apps.states import status_at
from jurisdiction.data.states import REGIME_PARTY_FILES, bundled
from jurisdiction.engine.regimes import parse
from jurisdiction.input.model import Case
from jurisdiction.resources import data_dir

DATA = bundled()
# The Council of Europe's 46 member states, and Russia (a member until 2022).
COE = set(
    [
        "ALB",
        "AND",
        "ARM",
        "AUT",
        "AZE",
        "BEL",
        "BIH",
        "BGR",
        "HRV",
        "CYP",
        "CZE",
        "DNK",
        "EST",
        "FIN",
        "FRA",
        "GEO",
        "DEU",
        "GRC",
        "HUN",
        "ISL",
        "IRL",
        "ITA",
        "LVA",
        "LIE",
        "LTU",
        "LUX",
        "MLT",
        "MDA",
        "MCO",
        "MNE",
        "NLD",
        "MKD",
        "NOR",
        "POL",
        "PRT",
        "ROU",
        "SMR",
        "SRB",
        "SVK",
        "SVN",
        "ESP",
        "SWE",
        "CHE",
        "TUR",
        "UKR",
        "GBR",
        "RUS",
    ]
)
EU_SINCE_FOUNDING = {"BEL", "FRA", "DEU", "ITA", "LUX", "NLD"}


def status(regime: str, conduct: int, *facts: tuple[object, ...]) -> tuple[str, str]:
    """The status of AAA under `regime` on `conduct`, and its premise, from hand-written facts."""
    f = Facts(conduct, regime).add("state", "AAA")
    for row in facts:
        f.add(*row)
    result = f.solve(f"regimes/{regime}.lp")
    [st] = [r[2] for r in result.rows("party_status") if r[:2] == (regime, "AAA")]
    [why] = [r[2] for r in result.rows("party_status_because") if r[:2] == (regime, "AAA")] or [""]
    return str(st), str(why)


def on(day: str, state: str, regime: str) -> tuple[str, str]:
    [row] = status_at(dt.date.fromisoformat(day), DATA, [state])
    return row.regimes[regime]["status"], row.regimes[regime]["detail"]


@pytest.mark.parametrize(
    ("conduct", "expected"),
    [
        (20110531, "not_party"),  # Austria deposited on 2011-02-25: three months run out in May
        (20110601, "party"),  # the first day of the month after (CETS 201 art. 45(4))
    ],
)
def test_a_state_is_bound_by_lanzarote_from_the_first_day_of_the_month_after_three_months(
    conduct: int, expected: str
) -> None:
    got, why = status("lanzarote", conduct, ("regime_instrument", const("lanzarote"), "AAA", 20110225))
    assert (got, why) == (expected, "in_force_since(20110601)")


def test_a_deposit_before_the_convention_was_in_force_takes_effect_with_it() -> None:
    got, why = status("lanzarote", 20100701, ("regime_instrument", const("lanzarote"), "AAA", 20090214))
    assert (got, why) == ("party", "in_force_since(20100701)")
    # Budapest: the same clause; a deposit in December takes effect on 1 April of the next year.
    got, why = status("budapest", 20130401, ("regime_instrument", const("budapest"), "AAA", 20121215))
    assert (got, why) == ("party", "in_force_since(20130401)")


def test_a_state_the_complete_list_does_not_name_was_not_a_party_then_and_is_uncertain_after() -> None:
    listed = [("regime_list_complete", const("lanzarote"), 20201221), ("regime_not_listed", const("lanzarote"), "AAA")]
    assert status("lanzarote", 20190601, *listed) == ("not_party", "non_party_as_of(20201221)")
    assert status("lanzarote", 20220601, *listed)[0] == "uncertain"
    # Bundled: the Philippines (not a Council of Europe state) in 2019; the United States after the list's date.
    assert on("2019-06-01", "PHL", "lanzarote")[0] == "not_party"
    assert on("2022-06-01", "USA", "lanzarote")[0] == "uncertain"


def test_not_a_party_on_one_date_a_party_by_another_is_uncertain_in_between() -> None:
    facts = [
        ("regime_non_party_as_of", const("lanzarote"), "AAA", 20180613),
        ("regime_party_by", const("lanzarote"), "AAA", 20210101),
    ]
    assert status("lanzarote", 20180101, *facts) == ("not_party", "non_party_as_of(20180613)")
    assert status("lanzarote", 20190601, *facts) == ("uncertain", "between(20180613,20210101)")
    assert status("lanzarote", 20210101, *facts) == ("party", "party_by(20210101)")
    assert on("2019-06-01", "AZE", "lanzarote") == (
        "uncertain",
        "not a party as of 2018-06-13, a party by 2021-01-01: in between, uncertain",
    )


def test_bundled_lanzarote_dates() -> None:
    assert on("2018-09-30", "GBR", "lanzarote")[0] == "not_party"
    assert on("2018-10-01", "GBR", "lanzarote")[0] == "party"
    assert on("2021-03-31", "IRL", "lanzarote")[0] == "not_party"
    assert on("2021-04-01", "IRL", "lanzarote")[0] == "party"
    assert on("2020-01-31", "TUN", "lanzarote")[0] == "not_party"  # acceded 2019-10-15 (art. 46(2))
    assert on("2020-02-01", "TUN", "lanzarote")[0] == "party"
    assert on("2010-06-30", "ALB", "lanzarote")[0] == "not_party"  # the Convention itself: 2010-07-01


def test_the_directive_binds_member_states_from_its_entry_into_force() -> None:
    member = [("eu_member_since_year", "AAA", 1995)]
    assert status("eu_2011_93", 20111216, *member) == ("not_party", "member_state(1995)")
    assert status("eu_2011_93", 20111219, *member) == ("uncertain", "member_state(1995)")
    assert status("eu_2011_93", 20111221, *member) == ("party", "member_state(1995)")
    # Not from the transposition deadline (art. 27(1), 18 December 2013): bound before it.
    assert status("eu_2011_93", 20130101, *member)[0] == "party"
    # A state that acceded later: from its accession.
    assert on("2013-06-30", "HRV", "eu-2011-93")[0] == "not_party"
    assert on("2013-07-01", "HRV", "eu-2011-93") == (
        "party",
        "an EU member state since 2013-07-01, bound from its accession",
    )


def test_the_united_kingdom_is_bound_until_the_end_of_the_transition_period() -> None:
    assert on("2020-06-01", "GBR", "eu-2011-93")[0] == "party"  # withdrawn on 2020-01-31, in transition
    assert on("2020-12-31", "GBR", "eu-2011-93")[0] == "party"
    assert on("2021-01-01", "GBR", "eu-2011-93") == ("not_party", "bound as to acts up to 2020-12-31 only")


def test_a_state_that_never_was_a_member_is_not_bound_and_an_abstract_state_is_unknown() -> None:
    for state in ("USA", "NOR", "CHE", "BRA"):
        assert on("2019-06-01", state, "eu-2011-93") == (
            "not_party",
            "not an EU member state: Directive 2011/93/EU binds member states only",
        )
    assert on("2019-06-01", "XAA", "eu-2011-93")[0] == "unknown"
    assert on("2019-06-01", "XAA", "lanzarote")[0] == "unknown"


def test_denmark_is_not_bound_by_the_directive() -> None:
    for day in ("2012-06-01", "2019-06-01", "2024-01-01"):
        assert on(day, "DNK", "eu-2011-93")[0] == "not_party"
    assert status(
        "eu_2011_93", 20190601, ("eu_member_since_year", "AAA", 1973), ("regime_not_bound", const("eu_2011_93"), "AAA")
    ) == (
        "not_party",
        "not_bound",
    )


def test_ireland_took_part_in_the_directive() -> None:
    assert on("2019-06-01", "IRL", "eu-2011-93")[0] == "party"


def test_bundled_budapest_dates() -> None:
    assert on("2006-12-31", "USA", "budapest")[0] == "not_party"
    assert on("2007-01-01", "USA", "budapest")[0] == "party"
    assert on("2018-01-01", "PHL", "budapest")[0] == "not_party"
    assert on("2018-04-15", "PHL", "budapest")[0] == "uncertain"  # deposited between 2018-02-27 and 2018-03-06
    assert on("2018-07-01", "PHL", "budapest")[0] == "party"
    assert on("2021-07-31", "SWE", "budapest")[0] == "not_party"  # deposited 2021-04-28
    assert on("2021-08-01", "SWE", "budapest")[0] == "party"
    assert on("2019-06-01", "IRL", "budapest")[0] == "not_party"  # signed, still to ratify in 2025
    assert on("2019-06-01", "POL", "budapest")[0] == "unknown"  # not sourced: the row says so


def test_a_case_assumption_overrides_the_data() -> None:
    case = {
        "schema": "jurex/v2",
        "id": "assumed",
        "title": "t",
        "date": "2019-06-01",
        "people": {"p": {"nationality": ["PHL"], "present_in": "PHL"}, "v": {"nationality": ["PHL"], "age": 12}},
        "offences": [
            {
                "id": "o",
                "category": "csam_production",
                "offenders": [{"person": "p"}],
                "victims": ["v"],
                "acts": [{"what": "filmed", "by": "p", "in": "PHL"}],
            }
        ],
    }
    plain = analyse(Case.model_validate(case), regime=parse("lanzarote"))
    assert {s.state: s.party_status for s in plain.states}["PHL"] == "not_party"
    case["assume"] = {"PHL": {"party_to": {"lanzarote": True}}}
    assumed = analyse(Case.model_validate(case), regime=parse("lanzarote"))
    assert {s.state: s.party_status for s in assumed.states}["PHL"] == "party"
    assert {(j.state, j.basis, j.modality) for j in assumed.jurisdiction} >= {("PHL", "territory", "obligatory")}


def test_latvias_reservation_takes_the_residence_basis_out_of_its_lanzarote_duties() -> None:
    case = {
        "schema": "jurex/v2",
        "id": "lva",
        "title": "t",
        "date": "2019-06-01",
        "people": {
            "p": {"nationality": ["UKR"], "habitual_residence": "LVA", "present_in": "UKR"},
            "v": {"nationality": ["UKR"], "age": 12},
        },
        "offences": [
            {
                "id": "o",
                "category": "csam_production",
                "offenders": [{"person": "p"}],
                "victims": ["v"],
                "acts": [{"what": "filmed", "by": "p", "in": "UKR"}],
            }
        ],
    }
    analysis = analyse(Case.model_validate(case), regime=parse("lanzarote"))
    [residence] = [j for j in analysis.jurisdiction if j.state == "LVA" and j.basis == "offender_residence"]
    assert residence.modality == "none" and residence.provision == "CETS 201 art. 25(3)"


@pytest.mark.parametrize("regime", sorted(REGIME_PARTY_FILES))
def test_each_council_of_europe_list_names_every_member_state_each_value_with_a_source(regime: str) -> None:
    rows = list(csv.DictReader((data_dir() / REGIME_PARTY_FILES[regime]).read_text(encoding="utf-8").splitlines()))
    named = {r["state"] for r in rows}
    assert named >= COE, COE - named
    for r in rows:
        assert r["status"] in {"party", "signatory", "none", "unknown"}, r["state"]
        if r["status"] != "unknown":
            assert r["source"], r["state"]
        for key in ("instrument", "entry_into_force", "status_as_of", "non_party_as_of", "signed"):
            if r[key] and len(r[key]) == 10:
                dt.date.fromisoformat(r[key])
        if r["status"] == "unknown":
            assert r["remarks"], r["state"]  # the row says why it is unknown


def test_the_eu_list_names_the_28_states_that_have_been_members() -> None:
    members = DATA.eu_members
    assert len(members) == 28 and set(members) >= EU_SINCE_FOUNDING
    assert members["DNK"].status == "not_bound" and members["GBR"].transition_until == "2020-12-31"
    assert all(m.source for m in members.values())


def test_python_knows_the_regimes_whose_party_data_the_rules_read() -> None:
    from jurisdiction import vocabulary
    from jurisdiction.engine.solver import solve

    answer = solve([], ("vocabulary.lp", "regimes/common.lp"), shown_only=False)
    assert {str(s.arguments[0]) for s in answer.symbols if s.name == "listed_regime"} == set(vocabulary.LISTED_REGIMES)


def test_the_states_commands_show_every_regime() -> None:
    import json

    from jurisdiction.cli.app import app
    from typer.testing import CliRunner

    runner = CliRunner()
    listing = runner.invoke(app, ["states", "--at", "2021-06-01", "-f", "json"])
    assert listing.exit_code == 0, listing.stderr
    rows = {r["state"]: r for r in json.loads(listing.stdout)["states"]}
    assert rows["GBR"]["regimes"]["eu-2011-93"]["status"] == "not_party"
    assert rows["GBR"]["regimes"]["lanzarote"]["status"] == "party"
    assert rows["TUN"]["regimes"]["lanzarote"]["status"] == "party"  # not in the OPSC's list order only
    one = runner.invoke(app, ["states", "--at", "2019-06-01", "--regime", "lanzarote", "--status", "uncertain"])
    assert one.exit_code == 0 and "AZE" in one.stdout and "in between, uncertain" in one.stdout
    assert "GBR" not in one.stdout
    show = runner.invoke(app, ["states", "show", "GBR", "--at", "2021-06-01"])
    assert show.exit_code == 0 and "bound as to acts up to 2020-12-31 only" in show.stdout
    assert "in force for it since 2018-10-01" in show.stdout  # Lanzarote
    bad = runner.invoke(app, ["states", "--regime", "opsc-guidelines"])
    assert bad.exit_code == 2 and "jurex states shows no such regime" in bad.stderr
