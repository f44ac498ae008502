"""Guided entry: `jurex new` asks, checks each answer at once, and writes a valid case file."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from jurisdiction.apps.guided import Invalid, resolve_state
from jurisdiction.input.loader import load

ANSWERS = (
    "\n".join(
        [
            "guided-test",
            "A test entered by hand",
            "2020-13-01",
            "2020-03-01",
            "",  # id, title, bad date, date, narr.
            "viewer",
            "",
            "United Kingdom",
            "United Kingdom",
            "gb",
            "",  # viewer
            "child",
            "",
            "Phillipines",
            "Philippines",
            "Philippines",
            "",
            "2008-02-30",
            "2008-02-03",
            "",  # child (a typo first, a bad birth date), end
            "",  # no vessel
            "abuse",
            "csam_prodution",
            "csam_production",
            "viewr",
            "viewer",
            "instigation",
            "",  # offence, offenders
            "child",
            "2020-02-20",  # victims, when the material was made
            "ordered the show",
            "viewer",
            "United Kingdom",
            "conduct",
            "2020-02-19",  # act 1, on its own date
            "abused the child",
            "",
            "Philippines",
            "conduct",
            "",
            "",
            "",  # act 2 (the case's date), end acts, end offences
            "United Kingdom",
            "Philippines",
            "viewer",
            "abus",
            "abuse",
            "2020-06-01",
            "",  # a request (a typo in its offences first), decided on, end
        ]
    )
    + "\n"
)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Philippines", "PHL"),
        ("PHL", "PHL"),
        ("ph", "PHL"),
        ("united kingdom", "GBR"),
        ("Germany", "DEU"),
        ("XAA", "XAA"),
    ],
)
def test_states_by_name_or_code(text: str, code: str) -> None:
    assert resolve_state(text) == code


def test_an_unknown_state_says_what_to_type() -> None:
    with pytest.raises(Invalid, match="type its name or ISO code"):
        resolve_state("Atlantis")


def test_a_case_entered_step_by_step_is_valid(tmp_path: Path) -> None:
    from jurisdiction.cli.app import app

    target = tmp_path / "case.yaml"
    result = CliRunner().invoke(app, ["new", "-o", str(target)], input=ANSWERS)
    assert result.exit_code == 0, result.output
    assert "write the date as YYYY-MM-DD" in result.output
    assert "no state called 'Phillipines'" in result.output
    assert "did you mean 'csam_production'" in result.output
    assert "one of: viewer, child" in result.output
    case = load(target)
    assert case.people["child"].nationality == ["PHL"] and case.people["viewer"].present_in == "GBR"
    assert case.offences[0].offenders[0].role == "instigation"
    assert [a.in_ for a in case.offences[0].acts] == ["GBR", "PHL"]
    assert case.requests[0].by == "GBR"
    # jurex/v2: a birth date, the depiction's date, an act on its own date, a request for named offences.
    assert "a date of birth (YYYY-MM-DD), or the age" in result.output
    assert "offences of the person: abuse" in result.output
    assert case.schema_ == "jurex/v2" and str(case.people["child"].born) == "2008-02-03"
    assert str(case.offences[0].depicted_on) == "2020-02-20"
    assert [str(a.date) if a.date else None for a in case.offences[0].acts] == ["2020-02-19", None]
    assert case.requests[0].offences == ["abuse"]
    assert str(case.requests[0].decided_on) == "2020-06-01"


def test_input_that_ends_early_writes_nothing(tmp_path: Path) -> None:
    from jurisdiction.cli.app import app

    target = tmp_path / "case.yaml"
    result = CliRunner().invoke(app, ["new", "-o", str(target)], input="only-an-id\n")
    assert result.exit_code == 130 and not target.exists()
