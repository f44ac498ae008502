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


def marks_text(marks: Sequence[Mark]) -> str:
    lines = [f"{sum(m.points for m in marks)}/{sum(m.out_of for m in marks)} points"]
    for m in marks:
        lines.append(f"  {m.question}: {m.points}/{m.out_of}")
        lines += [f"      - {r}" for r in m.reasons]
    return "\n".join(lines) + "\n"


def marks_json(marks: Sequence[Mark]) -> dict[str, Any]:
    return {
        "points": sum(m.points for m in marks),
        "out_of": sum(m.out_of for m in marks),
        "marks": [m.to_dict() for m in marks],
    }
