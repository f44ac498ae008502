"""The README's example outputs, checked against what jurex prints, and rewritten from it.

A fenced block of the README whose first line is `$ jurex ARGS` is a terminal transcript: each line that begins
with `$ ` is a command, and the lines after it, up to the next command, quote what it printed (standard output, as
piped: 140 columns). A line that begins with `…` stands for the rest of the output: the block then quotes its
beginning. A last line `(exit N)` says the command fails with exit code N: its lines are then standard output,
then standard error. A command other than `jurex` is one of a few fixed readers of a file an earlier command
wrote, as a person would read it (nothing else is run):

    $ head -N FILE                                    the first N lines of a text file (Markdown, CSV)
    $ pdftotext -layout FILE - | head -N              a PDF's text (poppler-utils)
    $ python -c "import docx; [print(p.text) for p in docx.Document('FILE').paragraphs[:N]]"
                                                      a Word document's first N paragraphs (python-docx)

`| head -N` may follow `jurex ...` too. The blocks run in the README's order, in one scratch folder that starts
as a copy of tests/data/readme/ (the files the examples read), so a file one block writes can be read by a
later one, and nothing is written into the clone.

`python tools/readme_outputs.py` says which quotes no longer match; `--write` rewrites them from the bundled
cases (a quoted beginning keeps as many tables and paragraphs as before, or as many lines where it has none).
A reader whose program is not installed (Chromium for `-f pdf`, pdftotext, python-docx) is skipped, and said.
tests/test_readme.py fails when a quote does not match.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
EXAMPLES = ROOT / "tests" / "data" / "readme"  # what the examples read: copied into the scratch folder
FENCE = re.compile(r"^```[a-z]*\n(?=\$ jurex )(.*?)^```$", re.MULTILINE | re.DOTALL)
COMMAND = re.compile(r"^\$ ([^\n]*)\n", re.MULTILINE)
MORE = "…"  # a line starting so: the output goes on
EXIT = re.compile(r"\(exit (\d+)\)")  # a last line so: the command fails with that code
SHELL = set("|;&<>`$")  # a jurex command is run in-process, so these could only mean a shell it does not have

HEAD = re.compile(r"(?P<reader>.+?) \| head -(?P<n>\d+)")
HEAD_FILE = re.compile(r"head -(?P<n>\d+) (?P<file>\S+)")
PDF = re.compile(r"pdftotext -layout (?P<file>\S+) -")
DOCX = re.compile(
    r"""python -c "import docx; \[print\(p\.text\) for p in docx\.Document\('(?P<file>[^']+)'\)"""
    r"""\.paragraphs\[:(?P<n>\d+)\]\]\""""
)


class Unavailable(Exception):
    """A reader's program is not installed here: the quote cannot be checked (not that it is wrong)."""


@dataclass(frozen=True)
class Step:
    command: str  # as written after `$ `
    lines: list[str]  # the quoted output, its `…` and `(exit N)` lines included
    block: int  # which transcript of the README it is in
    start: int  # where the quoted output starts and ends in the README's text
    end: int

    @property
    def code(self) -> int:
        """The exit code the quote says."""
        found = EXIT.fullmatch(self.lines[-1]) if self.lines else None
        return int(found.group(1)) if found else 0

    @property
    def body(self) -> list[str]:
        """The quoted lines, without the `(exit N)` line."""
        return self.lines[:-1] if self.code else self.lines

    @property
    def excerpt(self) -> bool:
        return bool(self.body) and self.body[-1].startswith(MORE)


@dataclass(frozen=True)
class Output:
    command: str
    lines: list[str]  # standard output, then (on failure) standard error, each line without trailing blanks
    code: int = 0
    unavailable: str | None = None  # why it could not be run here


@dataclass
class Checked:
    wrong: list[tuple[Step, list[str]]] = field(default_factory=list)  # each with the lines it should have
    unavailable: list[tuple[Step, str]] = field(default_factory=list)


def steps(text: str) -> list[Step]:
    """Every command of every transcript block, in the README's order."""
    found = []
    for number, block in enumerate(FENCE.finditer(text)):
        commands = list(COMMAND.finditer(text, block.start(1), block.end(1)))
        for i, command in enumerate(commands):
            end = commands[i + 1].start() if i + 1 < len(commands) else block.end(1)
            lines = text[command.end() : end].split("\n")[:-1]  # blank lines at the end are quoted lines too
            found.append(Step(command.group(1), lines, number, command.end(), end))
    return found


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.rstrip("\n").split("\n")] if text.strip() else []


def _first(lines: list[str], count: int) -> list[str]:
    """The first lines, as a quote can show them: without blank lines at the end."""
    shown = lines[:count]
    while shown and not shown[-1]:
        shown.pop()
    return shown


def _inside(name: str) -> Path:
    """A file the examples wrote or read: only inside the scratch folder."""
    path = Path(name)
    if path.is_absolute() or ".." in path.parts:
        raise ValueError(f"README: a reader may only read inside the examples' folder, not {name}")
    return path


def _jurex(command: str) -> Output:
    from typer.testing import CliRunner

    from jurisdiction.cli.app import app

    args = shlex.split(command)[1:]
    if "pdf" in args and not any(shutil.which(name) for name in _chromium()):
        return Output(command, [], unavailable="headless Chromium is not installed (it prints the PDF memo)")
    result = CliRunner().invoke(app, args, env={"COLUMNS": None})
    if result.exit_code == 0:
        return Output(command, _lines(result.stdout))
    return Output(command, _lines(result.stdout) + _lines(result.stderr), result.exit_code)


def _chromium() -> tuple[str, ...]:
    from jurisdiction.render.printed import CHROMIUM

    return CHROMIUM


def _pdf_text(name: str) -> list[str]:
    if shutil.which("pdftotext") is None:
        raise Unavailable("pdftotext is not installed (Debian: apt-get install poppler-utils)")
    done = subprocess.run(["pdftotext", "-layout", str(_inside(name)), "-"], capture_output=True, check=True)
    return _lines(done.stdout.decode("utf-8"))


def _docx_paragraphs(name: str, count: int) -> list[str]:
    try:
        import docx
    except ImportError as missing:
        raise Unavailable("python-docx is not installed (pip install 'jurex[print]')") from missing
    return [p.text.rstrip() for p in docx.Document(str(_inside(name))).paragraphs[:count]]


def run(command: str) -> Output:
    """What `command` prints, read in the current folder; a command that is not one of the readers is refused."""
    if piped := HEAD.fullmatch(command):
        inner = run(piped.group("reader"))
        return Output(command, _first(inner.lines, int(piped.group("n"))), inner.code, inner.unavailable)
    try:
        if command.startswith("jurex ") and not set(command) & SHELL:
            return _jurex(command)
        if found := HEAD_FILE.fullmatch(command):
            text = _inside(found.group("file")).read_text(encoding="utf-8")
            return Output(command, _first(_lines(text), int(found.group("n"))))
        if found := PDF.fullmatch(command):
            return Output(command, _pdf_text(found.group("file")))
        if found := DOCX.fullmatch(command):
            return Output(command, _first(_docx_paragraphs(found.group("file"), int(found.group("n"))), int(found.group("n"))))
    except Unavailable as why:
        return Output(command, [], unavailable=str(why))
    raise ValueError(f"README: `{command}` is not a command the README may quote (see tools/readme_outputs.py)")


@contextlib.contextmanager
def scratch() -> Iterator[Path]:
    """A fresh copy of the examples' folder, as the current folder."""
    with tempfile.TemporaryDirectory(prefix="jurex-readme-") as folder:
        here = Path(folder) / "examples"
        shutil.copytree(EXAMPLES, here)
        with contextlib.chdir(here):
            yield here


def outputs(text: str) -> list[Output]:
    """What each command of the README prints, run in order in one scratch folder. A command after one that
    could not run here, in the same block, is not run either (it may read what that one would have written)."""
    results: list[Output] = []
    skipped: dict[int, str] = {}  # block -> why a command in it could not run
    with scratch():
        for step in steps(text):
            if step.block in skipped:
                results.append(Output(step.command, [], unavailable=skipped[step.block]))
                continue
            result = run(step.command)
            if result.unavailable:
                skipped[step.block] = result.unavailable
            results.append(result)
    return results


def _boundaries(lines: list[str]) -> int:
    """The ends of tables and paragraphs among lines: where a quoted beginning may stop."""
    return sum(1 for line in lines if not line or line.startswith("└"))


def _printed(output: Output) -> list[str]:
    return [*output.lines, f"(exit {output.code})"] if output.code else output.lines


def expected(step: Step, output: Output) -> list[str]:
    """The quote as it should read: the whole output, or its beginning up to as many tables and paragraphs as the
    quote has now (as many lines, where it has none), then its own `…` line; then the exit code, if not 0."""
    if not step.excerpt:
        return _printed(output)
    body, more = step.body[:-1], step.body[-1]
    exit_line = [f"(exit {output.code})"] if output.code else []
    wanted, seen = _boundaries(body), 0
    if not wanted:
        return [*output.lines[: len(body)], more, *exit_line]
    for i, line in enumerate(output.lines):
        seen += not line or line.startswith("└")
        if seen == wanted:
            return [*output.lines[: i + 1], more, *exit_line]
    return [*output.lines, more, *exit_line]


def matches(step: Step, output: Output) -> bool:
    if step.code != output.code:
        return False
    shown = [line.rstrip() for line in step.body]
    if step.excerpt:
        body = shown[:-1]
        return output.lines[: len(body)] == body and len(output.lines) > len(body)
    return shown == output.lines


def check(text: str, ran: list[Output] | None = None) -> Checked:
    """Each quote that does not match, with the lines it should have; and each that could not be checked here.
    `ran`: the outputs of the same commands, run before (an edited copy of the README need not run them again)."""
    found = steps(text)
    ran = outputs(text) if ran is None else ran
    if [s.command for s in found] != [o.command for o in ran]:
        raise ValueError("README: the outputs given are not of these commands")
    checked = Checked()
    for step, output in zip(found, ran, strict=True):
        if output.unavailable:
            checked.unavailable.append((step, output.unavailable))
        elif output.code and not step.code:  # a broken example: not to be rewritten into the README unseen
            raise RuntimeError(f"{step.command}: exit {output.code}\n" + "\n".join(output.lines))
        elif not matches(step, output):
            checked.wrong.append((step, expected(step, output)))
    return checked


def rewrite(text: str, ran: list[Output] | None = None) -> str:
    wrong = check(text, ran).wrong
    for step, lines in sorted(wrong, key=lambda s: -s[0].start):  # from the end: offsets stay valid
        text = text[: step.start] + "".join(f"{line}\n" for line in lines) + text[step.end :]
    return text


def main() -> int:
    os.environ.pop("COLUMNS", None)
    text = README.read_text(encoding="utf-8")
    ran = outputs(text)
    checked = check(text, ran)
    for step, why in checked.unavailable:
        print(f"README.md: `{step.command}` not checked: {why}", file=sys.stderr)
    if "--write" in sys.argv[1:]:
        README.write_text(rewrite(text, ran), encoding="utf-8")
        return 0
    for step, _ in checked.wrong:
        print(f"README.md: the output of `{step.command}` no longer matches", file=sys.stderr)
    return 1 if checked.wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
