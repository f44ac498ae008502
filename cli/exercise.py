"""`jurex exercise`: exercises for trainers, written from a case, and a trainee's answers graded."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from jurisdiction.cli import terminal
from jurisdiction.cli.common import Format, FormatOpt, guarded

group = typer.Typer(help="Exercises for trainers: a handout and an answer key, and the grading of answers.")


@group.command("new")
@guarded
def exercise_new(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o", help="The folder to write the exercise into.")],
    seed: Annotated[int, typer.Option("--seed", help="The same seed gives the same exercise.")] = 0,
    level: Annotated[
        int,
        typer.Option(
            "--level", min=1, max=3, help="1: jurisdiction; 2: + extradition; 3: + prosecution duty, impunity."
        ),
    ] = 1,
    topic: Annotated[
        str | None, typer.Option("--topic", help="Draw the case from this topic (jurex cases --topic).")
    ] = None,
    case: Annotated[str | None, typer.Option("--case", help="Use this bundled case.")] = None,
) -> None:
    """Write a handout (Markdown and HTML: narrative, facts, questions), a separate answer key with the reasons,
    the key as YAML for `jurex exercise check`, and an answers template for the trainee."""
    from jurisdiction.apps.exercise import new, write
    from jurisdiction.render.exercise import written_text

    exercise = new(seed=seed, level=level, topic=topic, case_id=case)
    terminal.write(written_text(exercise, write(exercise, output)), None)


@group.command("check")
@guarded
def exercise_check(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help="The exercise folder (from `jurex exercise new`).")],
    answers: Annotated[Path, typer.Argument(help="The trainee's answers (YAML: q1: [GBR, PHL] ...).")],
    format: FormatOpt = Format.table,
) -> None:
    """Grade a trainee's answers question by question, with the reason for each point lost."""
    from jurisdiction.apps.exercise import check
    from jurisdiction.render.exercise import marks_json, marks_text

    marks = check(folder, answers)
    if format is Format.json:
        from jurisdiction.render.as_json import to_json

        terminal.write(to_json(marks_json(marks)), None)
        return
    terminal.write(marks_text(marks), None)
