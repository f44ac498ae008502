"""Generated gaps (`jurex gaps`): the patterns in which a regime leaves impunity, simplest first."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jurisdiction.apps.gaps import GapSearch


def gaps_text(result: GapSearch, saved: Sequence[Path] = (), width: int | None = None) -> str:
    """A numbered paragraph per pattern (with the file it was saved to), and why the list is empty or may be short;
    with a width, each paragraph wrapped under its number."""
    from jurisdiction import words
    from jurisdiction.render.wrap import wrapped

    chosen, other = result.regime, result.vs
    head = (
        f"Gaps under {chosen.label}"
        + (f" that {other.label} closes" if other else "")
        + f", {words.category(result.category)}, at most {result.states} states"
        + (", all parties" if result.parties_only else "")
    )
    lines = [head + f" ({result.seconds:.2f} s)", ""]
    for i, p in enumerate(result.patterns, start=1):
        number = f"{i}. "
        lines += wrapped(f"{number}[{len(p.states())} state(s)] {p.words(chosen.key)}", width, " " * len(number))
        if saved:
            confirm = f"saved: {saved[i - 1]}  (confirm: jurex analyse {saved[i - 1]} --regime {chosen.label})"
            lines += wrapped(" " * len(number) + confirm, width, " " * len(number))
    if not result.patterns:
        lines.append(
            "No pattern: "
            + (
                "the search was cut short by --timeout."
                if result.cut_short
                else f"no such gap exists with {result.states} states or fewer (search complete)."
            )
        )
    elif result.cut_short:
        lines.append("Cut short by --timeout: simpler patterns may exist; allow more time.")
    return "\n".join(line for text in lines for line in wrapped(text, width)) + "\n"


def gaps_json(result: GapSearch, saved: Sequence[Path] = ()) -> dict[str, Any]:
    payload = result.to_dict()
    payload["saved"] = [str(p) for p in saved]
    return payload
