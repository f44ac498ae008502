"""The gap search: generated abstract cases where a regime leaves impunity, and the textbook cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jurisdiction.apps.analysis import analyse
from jurisdiction.apps.gaps import save, search
from jurisdiction.engine.regimes import parse
from jurisdiction.input.loader import load
from jurisdiction.input.model import Case

GAP_CODES = {"no_state_obliged", "offender_beyond_reach"}


def textbook(home_is_party: bool) -> Case:
    """An offender, national of XAA and back there, abused a child in XAB. XAA does not extradite its nationals and
    its own law has no nationality jurisdiction."""
    return Case.model_validate(
        {
            "schema": "jurex/v1",
            "id": "textbook",
            "title": "the textbook gap",
            "date": "2020-01-01",
            "people": {"offender": {"nationality": ["XAA"], "present_in": "XAA"}, "child": {"age": 10}},
            "offences": [
                {
                    "id": "o",
                    "category": "csam_production",
                    "offenders": [{"person": "offender"}],
                    "victims": ["child"],
                    "acts": [{"what": "filmed", "by": "offender", "in": "XAB"}],
                }
            ],
            "assume": {
                "XAA": {
                    "opsc_party": home_is_party,
                    "extradites_nationals": False,
                    "jurisdiction": [{"basis": "offender_nationality", "established": False}],
                },
                "XAB": {"opsc_party": True},
            },
        }
    )


def gap_warnings(analysis) -> set[str]:  # type: ignore[no-untyped-def]
    return {w.code for w in analysis.warnings} & GAP_CODES


def test_the_textbook_case_is_not_a_gap_under_the_opsc_because_of_art_4_3() -> None:
    analysis = analyse(textbook(home_is_party=True))
    assert gap_warnings(analysis) == set()
    [basis] = [j for j in analysis.jurisdiction if j.state == "XAA" and j.basis == "presence_no_extradition"]
    assert (basis.modality, basis.provision, basis.established) == ("obligatory", "OPSC art. 4(3)", "no")


def test_the_textbook_case_is_a_gap_when_the_home_state_is_not_a_party() -> None:
    assert gap_warnings(analyse(textbook(home_is_party=False))) == {"offender_beyond_reach"}


def test_the_search_finds_no_gap_in_the_opsc_among_parties() -> None:
    result = search(parse("opsc"), states=3, parties_only=True, timeout=60)
    assert result.patterns == [] and result.exhausted and not result.cut_short


def test_the_search_finds_the_simplest_gap_first() -> None:
    result = search(parse("opsc"), states=3, limit=3, timeout=60)
    assert result.patterns and result.optimum_proven
    simplest = result.patterns[0]
    assert len(simplest.states()) == 1 and simplest.atoms["non_party"]
    assert all(p.cost == simplest.cost for p in result.patterns), "only optimal patterns are reported"


@pytest.mark.parametrize(
    ("regime", "vs", "parties_only", "category"),
    [
        ("opsc", None, False, "csam_production"),
        ("opsc", "opsc-guidelines", False, "csam_production"),
        ("lanzarote", None, True, "csam_production"),
        ("eu-2011-93", None, True, "csam_production"),
        ("budapest", "lanzarote", True, "grooming"),  # Budapest art. 9 does not reach grooming; Lanzarote art. 23 does
        ("opsc", "lanzarote", True, "not_opsc"),  # hands-on abuse without consideration: Lanzarote art. 18
    ],
)
def test_every_saved_gap_case_shows_the_gap_when_analysed(
    regime: str, vs: str | None, parties_only: bool, category: str, tmp_path: Path
) -> None:
    found = search(
        parse(regime),
        vs=parse(vs) if vs else None,
        states=3,
        limit=4,
        timeout=60,
        parties_only=parties_only,
        category=category,
    )
    paths = save(found, tmp_path)
    assert paths
    for path in paths:
        case = load(path)
        assert gap_warnings(analyse(case, regime=parse(regime))), path.read_text()
        if vs:
            assert not gap_warnings(analyse(case, regime=parse(vs))), f"{vs} should close {path.name}"


def test_a_search_that_runs_out_of_time_says_so() -> None:
    result = search(parse("lanzarote"), vs=parse("opsc-guidelines:absolute"), states=8, limit=50, timeout=0.001)
    assert result.cut_short or result.exhausted


def test_the_gaps_command(tmp_path: Path) -> None:
    from jurisdiction.cli.app import app

    runner = CliRunner()
    out = runner.invoke(
        app,
        ["gaps", "--regime", "eu-2011-93", "--all-parties", "--states", "2", "-f", "json", "--save-dir", str(tmp_path)],
    )
    assert out.exit_code == 0, out.stderr
    payload = json.loads(out.stdout)
    assert payload["regime"] == "eu-2011-93" and payload["patterns"] and payload["saved"]
    assert "board" in payload["patterns"][0]["words"], "the Directive has no flag clause"
    words = runner.invoke(app, ["gaps", "--regime", "opsc", "--all-parties", "--states", "2"])
    assert "no such gap exists with 2 states or fewer (search complete)" in words.stdout
