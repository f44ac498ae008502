"""Golden answers: a compact, reviewable summary of an analysis, kept beside each bundled case.

One line per conclusion, so that a changed answer shows as a readable `git diff`. The full JSON (with
the facts each conclusion rests on) is checked by the unit tests and the explanation tests.
"""

from __future__ import annotations

from typing import Any

from jurisdiction.findings import Analysis


def jurisdiction_line(j: Any) -> str:
    parts = [j.state, j.basis, j.modality, j.provision, j.offence, j.person]
    if j.conditions:
        parts.append("if " + " and ".join(j.conditions))
    if j.contestable:
        parts.append("contestable")
    return " | ".join(parts)


def summary(analysis: Analysis) -> dict[str, Any]:
    return {
        "case": analysis.case.id,
        "as_of": analysis.case.date.isoformat(),
        "jurisdiction": [jurisdiction_line(j) for j in analysis.jurisdiction],
        "states": {s.state: s.opsc_party_status for s in analysis.states},
        "national_law": [
            f"{f.state} {f.field}={'unknown' if f.value is None else str(f.value).lower()} ({f.origin})"
            for f in [*analysis.facts_used, *analysis.assumptions]
        ],
        "warnings": [f"{w.code} {w.subject}" for w in analysis.warnings],
    }
