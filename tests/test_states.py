"""Real states: the bundled party list, reservations and profiles, each value with its source, and how they
feed the answer (arts. 4(3) and 5(5) above all)."""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jurisdiction.apps.analysis import analyse
from jurisdiction.apps.states import status_at
from jurisdiction.data.states import PROFILE_FIELDS, bundled
from jurisdiction.engine.catalogue import catalogue
from jurisdiction.input.model import Case

DATA = bundled()
PROFILED = ["DEU", "FRA", "NLD", "GBR", "USA", "AUS", "CAN", "BRA", "RUS", "CHN", "JPN"]


def test_the_party_list_covers_195_states_each_value_with_a_source() -> None:
    assert len(DATA.parties) == 195
    parties = [r for r in DATA.parties.values() if r.status == "party"]
    assert len(parties) == 178
    for r in DATA.parties.values():
        assert r.status in {"party", "signatory", "none"}
        assert r.status_source, r.state
        if r.instrument or r.entry_into_force:
            assert r.source, r.state
    year_only = [r for r in parties if len(r.instrument) == 4]
    assert 120 <= len(year_only) <= 140


def test_profiles_cover_the_states_of_the_notes_each_value_sourced() -> None:
    assert set(PROFILED) <= set(DATA.profiled)
    assert any(r.state == "SLV" for r in DATA.reservations)
    for state in DATA.profiled:
        for pv in [*(v for ps in DATA.profile(state).values() for v in ps), *DATA.rules.get(state, [])]:
            assert pv.source and pv.field in (*PROFILE_FIELDS, "jurisdiction"), (state, pv)
        for rule in DATA.rules.get(state, []):
            for pattern in rule.value.get("categories", ["*"]):
                assert fnmatch.filter(list(catalogue()), pattern), (state, pattern)
    unverified = [(s, f) for s in DATA.profiled for f, ps in DATA.profile(s).items() if not ps[-1].verified]
    assert ("GBR", "extradites_nationals") in unverified and ("NLD", "extradites_nationals") not in unverified


@pytest.mark.parametrize(
    ("day", "state", "expected"),
    [
        (dt.date(2015, 10, 27), "BHS", "not_party"),  # accession 28 Sep 2015, in force one month later
        (dt.date(2015, 10, 28), "BHS", "party"),
        (dt.date(2003, 1, 22), "USA", "not_party"),
        (dt.date(2003, 1, 23), "USA", "party"),
        (dt.date(2009, 6, 1), "GBR", "uncertain"),  # year-only 2009
        (dt.date(2010, 6, 1), "GBR", "party"),
        (dt.date(2021, 1, 1), "IRL", "not_party"),  # a signatory as of 2022-06-13
        (dt.date(2024, 1, 1), "IRL", "uncertain"),  # after the source's date: not known
        (dt.date(2001, 6, 1), "AND", "not_party"),  # before the Protocol itself (18 Jan 2002)
    ],
)
def test_status_at(day: dt.date, state: str, expected: str) -> None:
    [row] = status_at(day, DATA, [state])
    assert row.status == expected


def home_case(state: str) -> Case:
    """A national of `state`, at home there, asked for by Argentina (a party, in no exception list)."""
    return Case.model_validate(
        {
            "schema": "jurex/v1",
            "id": f"home-{state}",
            "title": "t",
            "date": "2020-06-01",
            "people": {"p": {"nationality": [state], "present_in": state}, "v": {"nationality": ["ARG"], "age": 12}},
            "offences": [
                {
                    "id": "o",
                    "category": "csam_production",
                    "offenders": [{"person": "p"}],
                    "victims": ["v"],
                    "acts": [{"what": "filmed", "by": "p", "in": "ARG"}],
                }
            ],
            "requests": [{"by": "ARG", "to": state, "person": "p"}],
        }
    )


EXPECTED_BAR = {  # from jurisdiction/data/profiles.yaml and reservations.yaml (verified values only)
    "DEU": "refuses",
    "FRA": "refuses",
    "BRA": "refuses",
    "RUS": "refuses",
    "CHN": "refuses",
    "JPN": "refuses",
    "SLV": "refuses",
    "USA": "extradites",
    "GBR": "unknown",
    "NLD": "on_guarantee",  # refuses, unless a return to serve the sentence is guaranteed (Uitleveringswet art. 4)
    "CAN": "unknown",
    "AUS": "unknown",  # unverified or not in the notes
}


@pytest.mark.parametrize("state", sorted(EXPECTED_BAR))
def test_each_profiled_rule_on_nationals_feeds_4_3_and_5_5(state: str) -> None:
    analysis = analyse(home_case(state))
    duties = {(o.duty, o.conditions) for o in analysis.obligations}
    basis = [j for j in analysis.jurisdiction if j.basis == "presence_no_extradition"]
    if EXPECTED_BAR[state] == "refuses":
        assert duties == {("prosecute_if_not_extradited", ()), ("establish_jurisdiction", ())}
        assert [j.conditions for j in basis] == [()]
    elif EXPECTED_BAR[state] == "extradites":
        assert duties == set() and basis == []
    elif EXPECTED_BAR[state] == "on_guarantee":
        condition = (f"{state}:no_return_guarantee",)
        assert duties == {("prosecute_if_not_extradited", condition), ("establish_jurisdiction", condition)}
        assert [j.conditions for j in basis] == [("no_return_guarantee",)]
    else:
        condition = (f"{state}:refuses_to_extradite_national",)
        assert duties == {("prosecute_if_not_extradited", condition), ("establish_jurisdiction", condition)}
        assert [j.conditions for j in basis] == [("refuses_to_extradite_national",)]


def test_an_exception_to_the_bar_makes_it_conditional_for_that_requester() -> None:
    data = home_case("JPN").model_dump(by_alias=True)
    data["requests"] = [{"by": "USA", "to": "JPN", "person": "p"}]
    analysis = analyse(Case.model_validate(data))
    [nationality] = [
        o for r in analysis.extradition if r.requesting == "USA" for o in r.obstacles if o.obstacle == "nationality"
    ]
    assert nationality.conditions == ("JPN:refuses_to_extradite_national",)


def test_the_states_commands() -> None:
    from jurisdiction.cli.app import app

    runner = CliRunner()
    listing = runner.invoke(app, ["states", "--at", "2015-10-01", "--status", "uncertain", "-f", "json"])
    assert listing.exit_code == 0, listing.stderr
    payload = json.loads(listing.stdout)
    assert payload["as_of"] == "2015-10-01" and {s["status"] for s in payload["states"]} == {"uncertain"}
    show = runner.invoke(app, ["states", "show", "DEU", "--at", "2019-06-01"])
    assert show.exit_code == 0 and "Grundgesetz Art. 16(2)" in show.stdout and "[UNVERIFIED" in show.stdout
    assert "in force for it since 2009-08-15" in show.stdout
    lao = runner.invoke(app, ["states", "show", "LAO", "-f", "json"])
    assert json.loads(lao.stdout)["reservations"][0]["kind"] == "not_bound_art_5_2"
    bad = runner.invoke(app, ["states", "--at", "June 2015"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.stderr


def nationality_conditions(requested: str, requesting: str) -> tuple[str, ...]:
    """The conditions of the nationality obstacle when `requesting` asks `requested` for its own national."""
    data = home_case(requested).model_dump(by_alias=True)
    data["requests"] = [{"by": requesting, "to": requested, "person": "p"}]
    analysis = analyse(Case.model_validate(data))
    [conditions] = {
        o.conditions
        for r in analysis.extradition
        if r.requesting == requesting
        for o in r.obstacles
        if o.obstacle == "nationality"
    }
    return conditions


def test_germany_no_longer_surrenders_its_nationals_to_the_united_kingdom() -> None:
    """Grundgesetz Art. 16(2): the exception is for EU member states only; the UK left the EU (its place on the list
    ended on 31 January 2020, a date jurex cannot yet apply). France stays an exception: the bar is unknown there."""
    assert nationality_conditions("DEU", "GBR") == ()
    assert nationality_conditions("DEU", "FRA") == ("DEU:refuses_to_extradite_national",)


def test_russia_reaches_crimes_against_its_residents_abroad_only_if_they_are_stateless() -> None:
    """Criminal Code art. 12(3): a foreigner's crime abroad against a citizen of Russia or a stateless person
    permanently resident there; a foreign national resident in Russia is not covered, and a stateless victim
    cannot be told from one whose nationality is not given: the victim-residence basis is unknown."""
    case = Case.model_validate(
        {
            "schema": "jurex/v1",
            "id": "resident-victim",
            "title": "t",
            "date": "2020-06-01",
            "people": {
                "p": {"nationality": ["THA"], "present_in": "THA"},
                "v": {"nationality": ["UZB"], "habitual_residence": "RUS", "age": 13},
                "w": {"nationality": ["RUS"], "habitual_residence": "RUS", "age": 13},
            },
            "offences": [
                {
                    "id": "o",
                    "category": "child_prostitution",
                    "offenders": [{"person": "p"}],
                    "victims": ["v", "w"],
                    "acts": [{"what": "paid for sex", "by": "p", "in": "THA"}],
                }
            ],
        }
    )
    own_law = {j.basis: j.established for j in analyse(case).jurisdiction if j.state == "RUS"}
    assert own_law == {"victim_residence": "unknown", "victim_nationality": "yes"}


def test_france_reaches_child_prostitution_abroad_without_double_criminality_or_complaint() -> None:
    """Code pénal art. 225-12-3 (and 225-11-2): a French national or habitual resident who pays a minor for sex,
    or procures one, abroad is tried under French law whatever the law of the place, without a complaint."""
    case = Case.model_validate(
        {
            "schema": "jurex/v1",
            "id": "client-abroad",
            "title": "t",
            "date": "2020-06-01",
            "people": {
                "p": {"nationality": ["FRA"], "present_in": "FRA"},
                "r": {"nationality": ["BEL"], "habitual_residence": "FRA", "present_in": "FRA"},
                "v": {"nationality": ["MDG"], "age": 15},
            },
            "offences": [
                {
                    "id": "o",
                    "category": "child_prostitution",
                    "offenders": [{"person": "p"}, {"person": "r"}],
                    "victims": ["v"],
                    "acts": [{"what": "paid for sex", "by": "p", "in": "MDG"}],
                }
            ],
        }
    )
    own_law = {
        (j.basis, j.established, j.established_conditions)
        for j in analyse(case).jurisdiction
        if j.state == "FRA" and j.basis in ("offender_nationality", "offender_residence")
    }
    assert own_law == {("offender_nationality", "yes", ()), ("offender_residence", "yes", ())}


def test_the_united_states_extradites_only_under_a_treaty() -> None:
    """18 U.S.C. §3181(a): without an extradition treaty, a request to the United States rests only on the OPSC
    as the legal basis (art. 5(2)); the art. 5(3) branch (no treaty needed) is gone, and no condition remains."""
    data = home_case("USA").model_dump(by_alias=True)
    data["people"]["p"]["nationality"] = ["ARG"]  # an Argentine in the US, asked for by Argentina
    analysis = analyse(Case.model_validate(data))
    routes = {(r.basis, r.conditions) for r in analysis.extradition if r.requested == "USA"}
    assert routes == {("convention_legal_basis", ())}


def test_the_netherlands_extradites_a_national_only_on_a_guarantee_of_return_and_only_under_a_treaty() -> None:
    """Uitleveringswet art. 4: no Dutch national is extradited, save for trial on a guarantee that the sentence may
    be served at home (a condition jurex cannot see); Grondwet art. 2(3): only under a treaty, so without a bilateral
    one the OPSC is the legal basis (art. 5(2)). The case settles the guarantee with assume:."""
    base = home_case("NLD").model_dump(by_alias=True)
    analysis = analyse(Case.model_validate(base))
    assert {(r.basis, r.conditions) for r in analysis.extradition} == {("convention_legal_basis", ())}
    assert nationality_conditions("NLD", "ARG") == ("NLD:no_return_guarantee",)
    given = {**base, "schema": "jurex/v2", "assume": {"NLD": {"extradites_nationals": True}}}
    assert not any(o.obstacle == "nationality" for r in analyse(Case.model_validate(given)).extradition
                   for o in r.obstacles)  # fmt: skip
    refused = {**base, "schema": "jurex/v2", "assume": {"NLD": {"extradites_nationals_on_return_guarantee": False}}}
    duties = {(o.duty, o.conditions) for o in analyse(Case.model_validate(refused)).obligations}
    assert duties == {("prosecute_if_not_extradited", ()), ("establish_jurisdiction", ())}


def test_brazil_reaches_crimes_abroad_by_or_against_brazilians_on_the_conditions_of_art_7() -> None:
    """Código Penal art. 7 II (b), §§2-3: by a Brazilian, on entry, an extraditable crime and no acquittal, sentence
    or pardon abroad (double criminality met here: Thailand, a party, must criminalise child prostitution); against
    a Brazilian by a foreigner, also no extradition granted and the Minister of Justice's requisition."""
    case = Case.model_validate(
        {
            "schema": "jurex/v1",
            "id": "brazil-abroad",
            "title": "t",
            "date": "2020-06-01",
            "people": {
                "b": {"nationality": ["BRA"], "present_in": "THA"},
                "f": {"nationality": ["DEU"], "present_in": "THA"},
                "v": {"nationality": ["BRA"], "age": 14},
            },
            "offences": [
                {
                    "id": "o",
                    "category": "child_prostitution",
                    "offenders": [{"person": "b"}, {"person": "f"}],
                    "victims": ["v"],
                    "acts": [{"what": "paid for sex", "by": "b", "in": "THA"}],
                }
            ],
        }
    )
    own_law = {
        (j.basis, j.person): (j.established, set(j.established_conditions))
        for j in analyse(case).jurisdiction
        if j.state == "BRA"
    }
    section_2 = {"offender_enters_territory", "offence_extraditable_under_its_law",
                 "not_acquitted_punished_or_pardoned_abroad"}  # fmt: skip
    section_3 = section_2 | {"extradition_not_requested_or_refused", "minister_of_justice_requisition"}
    assert own_law[("offender_nationality", "b")] == ("yes", section_2)
    assert own_law[("victim_nationality", "f")] == ("yes", section_3)


def test_japan_reaches_child_prostitution_by_its_nationals_abroad() -> None:
    """Child Prostitution and Child Pornography Act art. 10 (read through the NPA and the Embassy of Japan in Laos):
    a Japanese who pays for sex with a child abroad is within Japanese law. Double criminality is not known: the
    basis stands for certain only where the conduct is a crime where committed (here Thailand must criminalise it)."""
    case = Case.model_validate(
        {
            "schema": "jurex/v1",
            "id": "japanese-abroad",
            "title": "t",
            "date": "2020-06-01",
            "people": {"p": {"nationality": ["JPN"], "present_in": "JPN"}, "v": {"nationality": ["THA"], "age": 14}},
            "offences": [
                {
                    "id": "o",
                    "category": "child_prostitution",
                    "offenders": [{"person": "p"}],
                    "victims": ["v"],
                    "acts": [{"what": "paid for sex", "by": "p", "in": "THA"}],
                }
            ],
        }
    )
    own_law = {j.basis: j.established for j in analyse(case).jurisdiction if j.state == "JPN"}
    assert own_law["offender_nationality"] == "yes"


def test_signatures_and_instrument_kinds_added_with_their_sources() -> None:
    ireland, russia = DATA.party("IRL"), DATA.party("RUS")
    assert ireland is not None and russia is not None
    assert (ireland.signed, ireland.status) == ("2000-09-07", "signatory") and "kildarestreet" in ireland.source
    assert (russia.signed, russia.instrument_kind) == ("2012-09-26", "ratification") and "Kremlin" in russia.source


def test_a_reservation_the_rules_act_on_names_the_provision_they_cite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from jurisdiction.data import states
    from jurisdiction.resources import data_dir

    shutil.copytree(data_dir(), tmp_path, dirs_exist_ok=True)
    path = tmp_path / states.RESERVATION_FILE
    path.write_text(path.read_text(encoding="utf-8").replace('  provision: "OPSC declaration: DNK, art. 2(c)"\n', ""))
    monkeypatch.setattr(states, "data_dir", lambda: tmp_path)
    with pytest.raises(ValueError, match="DNK consensual_possession_from_15"):
        states.bundled.__wrapped__()
