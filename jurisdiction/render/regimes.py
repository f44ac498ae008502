"""The regimes (`jurex regimes`): each with the provisions its rules cite, and the basis x regime matrix."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rich.table import Table

if TYPE_CHECKING:
    from jurisdiction.apps.matrix import MatrixCell
    from jurisdiction.engine.provisions import Provision
    from jurisdiction.engine.regimes import Regime


def listing(
    regimes: Sequence[Regime], cited: Mapping[str, Sequence[str]], table: Mapping[str, Provision]
) -> list[dict[str, Any]]:
    """Each regime with the provisions its rule file cites (`cited`: provision id -> rule files), in id order."""
    out = []
    for r in regimes:
        ids = sorted(pid for pid, files in cited.items() if r.rule_file in files)
        out.append(
            {
                "regime": r.label,
                "title": r.title,
                "verified": r.verified,
                "provisions": [
                    {
                        "id": pid,
                        "modality": table[pid].modality,
                        "paraphrase": table[pid].paraphrase,
                        "verified": table[pid].verified,
                    }
                    for pid in ids
                    if pid in table
                ],
            }
        )
    return out


def listing_text(entries: Sequence[Mapping[str, Any]]) -> str:
    lines = []
    for entry in entries:
        flag = "" if entry["verified"] else "  [text UNVERIFIED]"
        lines.append(f"{entry['regime']}: {entry['title']}{flag}")
        lines += [f"  {p['id']} ({p['modality']}): {p['paraphrase']}" for p in entry["provisions"]]
        lines.append("")
    return "\n".join(lines)


def matrix_table(regimes: Sequence[Regime], rows: Mapping[str, Mapping[str, MatrixCell]], category: str) -> Table:
    """A row per basis, a column per regime: what its rules conclude for a state with only that link."""
    t = Table(title=f"Bases by regime (derived from the rules; probed with {category})", title_justify="left")
    t.add_column("Basis", no_wrap=True)
    for r in regimes:
        t.add_column(r.label, overflow="fold")
    for basis, row in rows.items():
        t.add_row(basis, *(row[r.label].text() for r in regimes))
    return t
