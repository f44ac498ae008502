"""`jurex exercise`: exercises for trainers, written from a case, and a trainee's answers graded."""

from __future__ import annotations

import sys
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
    answers: Annotated[
        Path,
        typer.Argument(
            help="A trainee's answers (YAML: q1: [GBR, Philippines] ...), or a folder of them, one file per trainee."
        ),
    ],
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            help="For a folder of answers: where to write class-report.csv and class-report.html "
            "(default: the exercise folder).",
        ),
    ] = None,
    format: FormatOpt = Format.table,
) -> None:
    """Grade a trainee's answers question by question, with the reason for each point lost; given a folder, grade
    every trainee in it and write a class report (per question: how many got it, the common wrong answers; per
    trainee: score and reasons) as tables, a CSV and an HTML page."""
    if answers.is_dir():
        _check_class(folder, answers, report or folder, format)
        return
    from jurisdiction.apps.exercise import check
    from jurisdiction.render.exercise import marks_json, marks_text

    marks = check(folder, answers)
    if format is Format.json:
        from jurisdiction.render.as_json import to_json

        terminal.write(to_json(marks_json(marks)), None)
        return
    terminal.write(marks_text(marks), None)


def _check_class(folder: Path, answers: Path, out: Path, format: Format) -> None:
    from jurisdiction import words
    from jurisdiction.apps.exercise_report import check_class
    from jurisdiction.apps.output import write_atomically
    from jurisdiction.render.exercise import class_csv, class_html, class_json, class_tables

    report = check_class(folder, answers)
    out.mkdir(parents=True, exist_ok=True)
    files = [out / "class-report.csv", out / "class-report.html"]
    write_atomically(files[0], class_csv(report))
    write_atomically(files[1], class_html(report))
    if format is Format.json:
        from jurisdiction.render.as_json import to_json

        terminal.write(to_json(class_json(report)), None)
        return
    terminal.show(*class_tables(report))
    sys.stderr.write(words.CLASS_WRITTEN.format(files=", ".join(map(str, files))) + "\n")
