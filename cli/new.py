"""`jurex new`: a case file written by answering questions, checked whole before it is written."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from jurisdiction.cli.common import EXIT_INTERRUPTED, fail, guarded


@guarded
def new(
    ctx: typer.Context,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Where to write the case (default: ID.yaml).")
    ] = None,
    resume: Annotated[
        Path | None,
        typer.Option(
            "--resume",
            metavar="DRAFT",
            help="Go on with an entry that stopped: its answers (kept in DRAFT) are checked again, then the rest "
            "asked.",
        ),
    ] = None,
    edit: Annotated[
        Path | None,
        typer.Option(
            "--edit",
            metavar="CASE",
            help="Walk an existing case: each question shows its value (empty keeps it, - clears it or ends a "
            "list there); what no question asks about is kept. Written back to CASE unless -o says elsewhere.",
        ),
    ] = None,
) -> None:
    """Write a case file by answering questions: people, vessels, offences and acts, requests. States by name or
    code ("Philippines" or PHL); each answer is checked at once; the file is checked whole before it is written.
    Each answer is kept in a draft beside the output (case.yaml -> case.draft.yaml) until the case is written:
    if the entry stops, `jurex new --resume DRAFT` goes on from there."""
    import yaml

    from jurisdiction import words
    from jurisdiction.apps.guided import Interview, draft_path, draft_text, read_draft
    from jurisdiction.apps.output import write_atomically
    from jurisdiction.errors import CaseError, Problem
    from jurisdiction.input.loader import load_text

    replay: list[str] = []
    if resume is not None:
        kept_output, kept_edit, replay = read_draft(resume)
        output, edit = output or kept_output, edit or kept_edit
        draft = resume
        typer.echo(words.DRAFT_RESUMING.format(draft=draft, answers=words.count(len(replay), "answer")))
    else:
        output = output or edit  # an edited case goes back where it came from
        draft = draft_path(output)
        if draft.exists():  # never overwrite the answers of an entry that stopped
            _, _, kept = read_draft(draft)
            message = words.DRAFT_EXISTS.format(answers=words.count(len(kept), "answer"))
            raise CaseError(str(draft), [Problem("", message, words.DRAFT_EXISTS_FIX.format(draft=draft))],
                            where=words.DRAFT_WHERE)  # fmt: skip

    _enable_completion()

    def ask(question: str, default: str) -> str:
        shown = " ".join(default.split())  # a long narrative, when editing: its start, on one line
        if len(shown) > 60:
            question, shown = f"{question} [{shown[:57]}...]", ""
        return str(typer.prompt(question, default=default, show_default=bool(shown)))

    def record(answers: list[str]) -> None:
        write_atomically(draft, draft_text(output, answers, edit))

    base = None
    if edit is not None:
        from jurisdiction.input.loader import load

        load(edit)  # a case to edit is a valid one: its problems are said now, each with its fix
        base = yaml.safe_load(edit.read_text(encoding="utf-8"))
    interview = Interview(ask, typer.echo, replay=replay, record=record, base=base)
    try:
        case = interview.run()
    except (typer.Abort, KeyboardInterrupt):  # the end of input or Ctrl-C: the draft keeps every answer given
        if not draft.exists():
            raise
        _, _, kept = read_draft(draft)
        fail(words.DRAFT_KEPT.format(answers=words.count(len(kept), "answer"), draft=draft), EXIT_INTERRUPTED)
    text = yaml.safe_dump(case, sort_keys=False, allow_unicode=True, width=110)
    target = output or Path(f"{case['id']}.yaml")
    answered = load_text(text, str(target))  # the whole case, cross-references and all, before anything is written
    if edit is not None:  # the file as its author wrote it, comments and all, with the changed values
        from jurisdiction.input.writer import edited_yaml

        original = edit.read_text(encoding="utf-8")
        text = edited_yaml(original, load_text(original, str(edit)), answered)
        load_text(text, str(target))
    write_atomically(target, text)
    draft.unlink(missing_ok=True)  # the case is written: its answers are in it
    typer.echo(f"wrote {target}: check it with `jurex validate {target}`, analyse it with `jurex analyse {target}`")


def _enable_completion() -> None:
    """Tab-completes state names at the prompts, where the terminal allows it."""
    if not sys.stdin.isatty():
        return
    try:
        import readline

        import pycountry
    except ImportError:
        return
    names = sorted(
        {c.name for c in pycountry.countries} | {getattr(c, "common_name", c.name) for c in pycountry.countries}
    )

    def complete(text: str, state: int) -> str | None:
        hits = [n for n in names if n.lower().startswith(text.lower())]
        return hits[state] if state < len(hits) else None

    readline.set_completer(complete)
    readline.parse_and_bind("tab: complete")
