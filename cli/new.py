"""`jurex new`: a case file written by answering questions, checked whole before it is written."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from jurisdiction.cli.common import guarded


@guarded
def new(
    ctx: typer.Context,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Where to write the case (default: ID.yaml).")
    ] = None,
) -> None:
    """Write a case file by answering questions: people, vessels, offences and acts, requests. States by name or
    code ("Philippines" or PHL); each answer is checked at once; the file is checked whole before it is written."""
    import yaml

    from jurisdiction.apps.guided import Interview
    from jurisdiction.apps.output import write_atomically
    from jurisdiction.input.loader import load_text

    _enable_completion()

    def ask(question: str, default: str) -> str:
        return str(typer.prompt(question, default=default, show_default=bool(default)))

    case = Interview(ask, typer.echo).run()
    text = yaml.safe_dump(case, sort_keys=False, allow_unicode=True, width=110)
    target = output or Path(f"{case['id']}.yaml")
    load_text(text, str(target))  # the whole case, cross-references and all, before anything is written
    write_atomically(target, text)
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
