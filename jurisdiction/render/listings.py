"""What jurex holds, listed: the offence catalogue, the bundled cases, and the one-line verdict on a case file."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.table import Table

if TYPE_CHECKING:  # for the annotations only: `jurex cases` need not load the case model
    from jurisdiction.apps.library import Entry
    from jurisdiction.engine.catalogue import Category
    from jurisdiction.input.model import Case


def catalogue_table(entries: Iterable[Category]) -> Table:
    t = Table(title="Offence catalogue (category: for case files)", title_justify="left")
    for col in ("Category", "Requirement", "Provision"):
        t.add_column(col)
    for c in entries:
        t.add_row(c.name, c.requirement, c.provision)
    return t


def catalogue_json(entries: Iterable[Category]) -> list[dict[str, Any]]:
    return [{"category": c.name, "requirement": c.requirement, "provision": c.provision} for c in entries]


def cases_text(entries: Iterable[Entry]) -> str:
    """Each bundled case: its id and title, its topics below."""
    return "".join(f"{e.id:32} {e.title}\n{'':32} [{', '.join(e.topics)}]\n" for e in entries)


def case_text(entry: Entry) -> str:
    """One bundled case: narrative, case file and expected answer, as they are written."""
    return (
        f"{entry.id}: {entry.title}\n\n{entry.narrative}\n\n--- case file ({entry.path.name})\n{entry.text()}"
        f"\n--- expected answer ({entry.expected.name})\n{entry.expected_text()}"
    )


def case_json(entry: Entry) -> dict[str, Any]:
    return {**entry.to_dict(), "case": entry.text(), "expected": entry.expected_text()}


def valid_line(path: Path, case: Case) -> str:
    """`jurex validate`'s line for a file that is a valid case."""
    offences = f"{len(case.offences)} offence{'s' if len(case.offences) != 1 else ''}"
    return f"{path}: valid ({case.id}: {len(case.people)} people, {offences})\n"
