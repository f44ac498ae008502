"""Every view speaks of the regime it answers for: no OPSC word under another instrument, and a regime that only
recommends says so."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from rich.console import Console

from jurisdiction import words
from jurisdiction.apps.analysis import analyse
from jurisdiction.apps.library import library
from jurisdiction.engine.regimes import REGIMES
from jurisdiction.input.loader import load
from jurisdiction.render.memo import render_report
from jurisdiction.render.table import table

CASES = ("livestream-gbr-phl", "cruise-ship-high-seas", "offender-beyond-reach", "travelling-dual-national")


def _views(case_id: str, regime: str) -> tuple[str, object]:
    entry = next(e for e in library() if e.id == case_id)
    case = load(entry.path)
    analysis = analyse(case, regime=REGIMES[regime])
    buffer = StringIO()
    table(analysis, Console(file=buffer, width=200, no_color=True))
    text = "\n".join(
        [buffer.getvalue(), render_report(analysis, "md"), render_report(analysis, "html"),
         json.dumps([w.message for w in analysis.warnings] + [s.detail for s in analysis.states])]
    )  # fmt: skip
    for own in (case.title, case.narrative or "", " ".join((case.narrative or "").split())):
        text = text.replace(own, "") if own else text
    return text, analysis


@pytest.mark.parametrize("regime", ["lanzarote", "budapest", "eu-2011-93"])
@pytest.mark.parametrize("case_id", CASES)
def test_no_view_names_the_opsc_under_another_instrument(case_id: str, regime: str) -> None:
    text, analysis = _views(case_id, regime)
    assert "OPSC" not in text
    instrument = REGIMES[regime].instrument
    assert words.STATUS_COLUMN.format(instrument=instrument) in text
    conditioned = [j for j in analysis.jurisdiction if "party_at_date" in j.conditions]  # type: ignore[attr-defined]
    if conditioned:
        assert words.condition("party_at_date", instrument) in text


def test_a_regime_that_only_recommends_says_so_in_every_view() -> None:
    text, analysis = _views("livestream-gbr-phl", "opsc-guidelines")
    assert words.RECOMMENDED_NOTE in text
    assert "must (recommended)" in text
    assert analysis.to_dict()["recommended"] is True  # type: ignore[attr-defined]
    plain, _ = _views("livestream-gbr-phl", "opsc")
    assert words.RECOMMENDED_NOTE not in plain and "(recommended)" not in plain


def test_conditions_and_party_details_name_the_state_and_the_instrument() -> None:
    refuses = words.condition("PHL:refuses_to_extradite_national", "the OPSC")
    assert refuses == "if PHL refuses to extradite its national"
    assert words.condition("DEU:party_at_date", "the Lanzarote Convention") == (
        "if DEU was a party to the Lanzarote Convention at the conduct date"
    )
    assert words.condition("FRA:does_not_criminalise(grooming)", "x") == "if FRA's law does not make grooming a crime"
    assert words.party_detail("in_force_since", [20020118], "the OPSC") == "in force for it since 2002-01-18"


def test_an_80_column_table_shows_every_column_of_the_jurisdiction_table() -> None:
    entry = next(e for e in library() if e.id == "acts-across-ratification")
    analysis = analyse(load(entry.path))
    buffer = StringIO()
    table(analysis, Console(file=buffer, width=80, no_color=True))
    out = buffer.getvalue()
    assert max(len(line) for line in out.splitlines()) <= 80
    flat = " ".join(out.split())
    # The offence, its offender, the own-law word and the note that a date's acts are not reached all survive.
    assert "sales: seller" in flat and "own law: unknown" in flat
    assert "not for the acts of 2006-09-01" in flat
