"""The README's example outputs, checked against what jurex prints, and rewritten from it.

A fenced block of the README whose first line is `$ jurex ARGS` quotes that command's output (standard output, as
piped: 140 columns) in its other lines. A line that begins with `…` stands for the rest of the output: the block
then quotes its beginning. `python tools/readme_outputs.py` says which blocks no longer match;
`--write` rewrites them from the bundled cases (a quoted beginning keeps as many tables and paragraphs as
before). tests/test_readme.py fails when a block does not match.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
FENCE = re.compile(r"^```[a-z]*\n(\$ jurex [^\n]*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
MORE = "…"  # a line starting so: the output goes on


@dataclass(frozen=True)
class Block:
    command: str  # as written after `$ `
    lines: list[str]  # the quoted output
    start: int  # where the quoted output starts and ends in the README's text
    end: int

    @property
    def excerpt(self) -> bool:
        return bool(self.lines) and self.lines[-1].startswith(MORE)


def blocks(text: str) -> list[Block]:
    return [
        Block(m.group(1)[2:], m.group(2).rstrip("\n").split("\n"), m.start(2), m.end(2)) for m in FENCE.finditer(text)
    ]


def run(command: str) -> list[str]:
    """What `command` prints on standard output when piped (COLUMNS unset), each line without trailing blanks."""
    from typer.testing import CliRunner

    from jurisdiction.cli.app import app

    args = shlex.split(command)
    assert args[0] == "jurex", command
    result = CliRunner().invoke(app, args[1:], env={"COLUMNS": None})
    if result.exit_code != 0:
        raise RuntimeError(f"{command}: exit {result.exit_code}\n{result.stderr}")
    return [line.rstrip() for line in result.stdout.rstrip("\n").split("\n")]


def _boundaries(lines: list[str]) -> int:
    """The ends of tables and paragraphs among lines: where a quoted beginning may stop."""
    return sum(1 for line in lines if not line or line.startswith("└"))


def expected(block: Block, output: list[str]) -> list[str]:
    """The block as it should read: the whole output, or its beginning up to as many tables and paragraphs as the
    block quotes now, then the block's own `…` line."""
    if not block.excerpt:
        return output
    wanted, seen = _boundaries(block.lines[:-1]), 0
    for i, line in enumerate(output):
        seen += not line or line.startswith("└")
        if seen == wanted:
            return [*output[: i + 1], block.lines[-1]]
    return [*output, block.lines[-1]]


def matches(block: Block, output: list[str]) -> bool:
    shown = [line.rstrip() for line in block.lines]
    if block.excerpt:
        body = shown[:-1]
        return output[: len(body)] == body and len(output) > len(body)
    return shown == output


def check(text: str) -> list[tuple[Block, list[str]]]:
    """Each block that does not match, with the lines it should have."""
    wrong = []
    for block in blocks(text):
        output = run(block.command)
        if not matches(block, output):
            wrong.append((block, expected(block, output)))
    return wrong


def rewrite(text: str) -> str:
    for block, lines in sorted(check(text), key=lambda b: -b[0].start):  # from the end: offsets stay valid
        text = text[: block.start] + "\n".join(lines) + "\n" + text[block.end :]
    return text


def main() -> int:
    os.environ.pop("COLUMNS", None)
    text = README.read_text(encoding="utf-8")
    if "--write" in sys.argv[1:]:
        README.write_text(rewrite(text), encoding="utf-8")
        return 0
    wrong = check(text)
    for block, _ in wrong:
        print(f"README.md: the output of `{block.command}` no longer matches", file=sys.stderr)
    return 1 if wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
