"""Exercises for trainers (`jurex exercise`): what was written, and a trainee's marks, question by question."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jurisdiction import words

if TYPE_CHECKING:
    from rich.table import Table

    from jurisdiction.apps.exercise import Exercise, Mark
    from jurisdiction.apps.exercise_report import ClassReport, QuestionSummary, Trainee


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


# --- A class's report (`jurex exercise check ex/ answers/`)


def _common(q: QuestionSummary) -> str:
    return "; ".join(f"{a} ({n})" for a, n in q.common_wrong) or words.CLASS_NONE


def class_tables(report: ClassReport) -> list[Table]:
    """Two tables: per question (how many got it, the common wrong answers), per trainee (score, reasons)."""
    from rich.table import Table

    n = len(report.trainees)
    question_rows, trainee_rows = class_rows(report)
    questions = Table(title=words.CLASS_QUESTIONS_TITLE.format(n=n), title_justify="left")
    for col in words.CLASS_QUESTION_COLUMNS:
        questions.add_column(col, overflow="fold")
    for cells in question_rows:
        questions.add_row(*cells)
    trainees = Table(title=words.CLASS_TRAINEES_TITLE, title_justify="left", show_lines=True)
    for col in words.CLASS_TRAINEE_COLUMNS:
        trainees.add_column(col, overflow="fold")
    for cells in trainee_rows:
        trainees.add_row(*cells)
    return [questions, trainees]


def class_rows(report: ClassReport) -> tuple[list[list[str]], list[list[str]]]:
    """The cells of the report's two tables (CLASS_QUESTION_COLUMNS, CLASS_TRAINEE_COLUMNS), as the terminal, the
    HTML page and the workbench show them."""
    n = len(report.trainees)
    questions = [
        [q.id, ", ".join(q.expected), f"{q.right}/{n}", str(q.partly), str(q.wrong + q.unanswered), _common(q)]
        for q in report.questions
    ]
    trainees = [[t.name, f"{t.points}/{report.out_of}", _trainee_reasons(t)] for t in report.trainees]
    return questions, trainees


def _trainee_reasons(t: Trainee) -> str:
    if t.problem:
        return words.CLASS_UNREADABLE.format(problem=t.problem)
    lost = [f"{m.question} {m.points}/{m.out_of}: " + "; ".join(m.reasons) for m in t.marks if m.points < m.out_of]
    return "\n".join(lost) or words.CLASS_ALL_RIGHT


def class_csv(report: ClassReport) -> str:
    """One row per trainee and question: a spreadsheet sorts and pivots it; a trainee whose file could not be
    read has one row with the reason."""
    import csv
    import io

    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(words.CLASS_CSV_COLUMNS)
    for t in report.trainees:
        if t.problem:
            unread = words.CLASS_UNREADABLE.format(problem=t.problem)
            w.writerow([t.name, t.file.name, "", 0, report.out_of, "", "", unread])
        for m in t.marks:
            w.writerow([t.name, t.file.name, m.question, m.points, m.out_of, "; ".join(m.answer), "; ".join(m.wrong),
                        "; ".join(m.reasons)])  # fmt: skip
    return out.getvalue()


def class_html(report: ClassReport) -> str:
    """The report as a self-contained page: both tables, every reason."""
    import html

    def row(cells: list[str], tag: str = "td") -> str:
        return "<tr>" + "".join(f"<{tag}>{html.escape(c).replace(chr(10), '<br>')}</{tag}>" for c in cells) + "</tr>"

    n = len(report.trainees)
    question_rows, trainee_rows = class_rows(report)
    questions = [row(list(words.CLASS_QUESTION_COLUMNS), "th")] + [row(cells) for cells in question_rows]
    texts = "".join(f"<li><b>{html.escape(q.id)}.</b> {html.escape(q.text)}</li>" for q in report.questions)
    trainees = [row(list(words.CLASS_TRAINEE_COLUMNS), "th")] + [row(cells) for cells in trainee_rows]
    style = (
        "body{font:15px/1.5 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}"
        "table{border-collapse:collapse;margin-bottom:1.5em}td,th{border:1px solid #ccc;padding:.3em .5em;"
        "vertical-align:top;text-align:left}th{background:#f3f3f3}"
    )
    title = html.escape(words.CLASS_TITLE.format(folder=report.folder))
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{style}</style></head><body>\n<h1>{title}</h1>\n"
        f"<h2>{html.escape(words.CLASS_QUESTIONS_TITLE.format(n=n))}</h2>\n<table>{''.join(questions)}</table>\n"
        f"<ol style='list-style:none;padding:0'>{texts}</ol>\n"
        f"<h2>{html.escape(words.CLASS_TRAINEES_TITLE)}</h2>\n<table>{''.join(trainees)}</table>\n</body></html>\n"
    )


def class_json(report: ClassReport) -> dict[str, Any]:
    return report.to_dict()
