"""Exercises for trainers (`jurex exercise`): what was written, and a trainee's marks, question by question."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jurisdiction.apps.exercise import Exercise, Mark


def written_text(exercise: Exercise, files: Sequence[Path]) -> str:
    """What `jurex exercise new` wrote: the case, the questions, the level, and the files."""
    head = f"exercise on {exercise.case.id} ({len(exercise.questions)} questions, level {exercise.level}):\n"
    return head + "".join(f"  {p}\n" for p in files)


def _width() -> int:
    import shutil

    return max(60, shutil.get_terminal_size((100, 24)).columns)


def marks_text(marks: Sequence[Mark]) -> str:
    import textwrap

    lines = [f"{sum(m.points for m in marks)}/{sum(m.out_of for m in marks)} points"]
    for m in marks:
        lines.append(f"  {m.question}: {m.points}/{m.out_of}")
        for r in m.reasons:  # a reason wraps under itself, so a long one stays readable at 80 columns
            lines += textwrap.wrap(r, _width() - 1, initial_indent="      - ", subsequent_indent="        ")
    return "\n".join(lines) + "\n"


def marks_json(marks: Sequence[Mark]) -> dict[str, Any]:
    return {
        "points": sum(m.points for m in marks),
        "out_of": sum(m.out_of for m in marks),
        "marks": [m.to_dict() for m in marks],
    }
