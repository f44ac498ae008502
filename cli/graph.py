"""`jurex graph`: the case as a picture (SVG, PNG or Graphviz source)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from jurisdiction.cli.common import EXIT_INPUT, CaseArg, Session, TimeoutOpt, fail, guarded


@guarded
def graph(
    ctx: typer.Context,
    case: CaseArg,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="case.svg, case.png or case.dot (the suffix decides).")
    ],
    timeout: TimeoutOpt = 60.0,
) -> None:
    """A picture of the case: states, people where they are, acts where they happened, nationality and
    residence, jurisdiction (green: must, blue: may, amber: encouraged, grey: not bound), extradition routes
    (red: with obstacles). SVG and PNG need Graphviz's `dot` (apt-get install graphviz)."""
    from jurisdiction.apps.analysis import analyse as run
    from jurisdiction.apps.output import write_atomically
    from jurisdiction.errors import CaseError, Problem
    from jurisdiction.input.loader import load
    from jurisdiction.render.graph import GraphvizMissing, render

    session = Session.of(ctx)
    fmt = output.suffix.lower().lstrip(".")
    if fmt not in ("svg", "png", "dot"):
        raise CaseError(
            "--output", [Problem(str(output), "unknown picture format", "end the name in .svg, .png or .dot")]
        )
    try:
        with session.limited():
            picture = render(run(load(session.resolve(case))), fmt)
    except GraphvizMissing as exc:
        fail(f"jurex graph: {exc}", EXIT_INPUT)
    write_atomically(output, picture)
    sys.stderr.write(f"wrote {output}\n")
