"""Compare regimes on one case: one solve for all (regime is an argument of every conclusion), one table."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from jurisdiction import words
from jurisdiction.apps.analysis import analyse_all
from jurisdiction.engine.regimes import Regime
from jurisdiction.findings.types import Analysis
from jurisdiction.input.model import Case
from jurisdiction.vocabulary import ANY_STATE, BASES, SCHEMA, rank

ABSENT = "—"


@dataclass(frozen=True)
class Cell:
    modality: str  # obligatory | optional | encouraged | none | — (absent)
    provisions: tuple[str, ...] = ()
    conditional: bool = False
    recommended: bool = False  # the regime only recommends (logic/regimes.yaml): its "obligatory" is no duty

    @property
    def strength(self) -> int:
        return rank(self.modality)

    def text(self) -> str:
        if self.modality == ABSENT:
            return ABSENT
        return self.modality + (" (recommended)" if self.recommended and self.modality == "obligatory" else "") + (
            " (if)" if self.conditional else ""
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "modality": self.modality,
            "provisions": list(self.provisions),
            "conditional": self.conditional,
            "recommended": self.recommended,
        }


@dataclass
class Comparison:
    case: Case
    regimes: list[str]
    assume_all_parties: bool
    analyses: dict[str, Analysis]
    rows: dict[tuple[str, str], dict[str, Cell]] = field(default_factory=dict)
    adds: dict[str, list[str]] = field(default_factory=dict)
    lacks: dict[str, list[str]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "case": self.case.id,
            "as_of": self.case.date.isoformat(),
            "regimes": self.regimes,
            "assume_all_parties": self.assume_all_parties,
            "rows": [
                {"state": s, "basis": b, "cells": {r: c.to_dict() for r, c in cells.items()}}
                for (s, b), cells in self.rows.items()
            ],
            "differences": {r: {"adds": self.adds[r], "lacks": self.lacks[r]} for r in self.regimes[1:]},
        }


def _cell(analysis: Analysis, state: str, basis: str) -> Cell:
    rows = [j for j in analysis.jurisdiction if (j.state, j.basis) == (state, basis)]
    if not rows:
        return Cell(ABSENT)
    best = max(rows, key=lambda j: rank(j.modality))
    conditional = all(bool(j.conditions) for j in rows if j.modality == best.modality)
    provisions = tuple(sorted({j.provision for j in rows}))
    return Cell(best.modality, provisions, conditional, analysis.regime.recommended)


def _duties(analysis: Analysis) -> dict[tuple[str, str, str], str]:
    """Each duty by who must do what as to whom (the provision differs from regime to regime)."""
    return {
        (o.state, o.duty, o.person): words.compared_duty(o.state, o.duty, o.person, o.provision)
        for o in analysis.obligations
    }


def _warnings(analysis: Analysis) -> set[tuple[str, str]]:
    return {(w.code, w.subject) for w in analysis.warnings}


def compare(case: Case, regimes: Sequence[Regime], *, assume_all_parties: bool = False) -> Comparison:
    analyses = analyse_all(case, regimes, assume_all_parties=assume_all_parties)
    labels = [r.label for r in regimes]
    keys = sorted(
        {(j.state, j.basis) for a in analyses.values() for j in a.jurisdiction},
        key=lambda k: (k[0] == ANY_STATE, k[0], BASES.index(k[1])),
    )
    out = Comparison(case, labels, assume_all_parties, analyses)
    for key in keys:
        out.rows[key] = {label: _cell(analyses[label], *key) for label in labels}
    first = labels[0]
    for label in labels[1:]:
        adds, lacks = [], []
        for (state, basis), cells in out.rows.items():
            a, b = cells[first], cells[label]
            if b.strength != a.strength:
                stronger = b.strength > a.strength
                line = words.compared_basis(
                    state, basis, b.text(), (b if stronger else a).provisions, first, a.text(), stronger=stronger
                )
                (adds if stronger else lacks).append(line)
        base_duties, duties = _duties(analyses[first]), _duties(analyses[label])
        adds += sorted(duties[k] for k in duties.keys() - base_duties.keys())
        lost = base_duties.keys() - duties.keys()
        lacks += sorted(words.COMPARED["no_duty"].format(line=base_duties[k]) for k in lost)
        # A warning the first regime gives and this one does not is impunity this regime closes, and vice versa.
        base_warnings, warnings = _warnings(analyses[first]), _warnings(analyses[label])
        adds += [words.COMPARED["closes"].format(code=c, subject=s) for c, s in sorted(base_warnings - warnings)]
        lacks += [words.COMPARED["opens"].format(code=c, subject=s) for c, s in sorted(warnings - base_warnings)]
        out.adds[label], out.lacks[label] = adds, lacks
    return out


def summary_lines(comparison: Comparison) -> dict[str, Any]:
    """The golden form: one line per row, and the differences."""
    rows = [
        " | ".join([s, b, *(comparison.rows[(s, b)][r].text() for r in comparison.regimes)])
        for (s, b) in comparison.rows
    ]
    by_regime: dict[str, Any] = defaultdict(dict)
    for r in comparison.regimes[1:]:
        by_regime[r] = {"adds": comparison.adds[r], "lacks": comparison.lacks[r]}
    return {"case": comparison.case.id, "regimes": comparison.regimes, "rows": rows, "differences": dict(by_regime)}
