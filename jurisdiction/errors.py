"""Problems in a case file, each naming the file, the field, the line where known, and the fix."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    path: str  # dotted field path, e.g. "people.viewer.nationality[0]"
    message: str
    fix: str = ""
    line: int | None = None

    def render(self, file: str) -> str:
        where = f"{file}:{self.line}" if self.line else file
        text = f"{where}: {self.path + ': ' if self.path else ''}{self.message}"
        return f"{text}\n    fix: {self.fix}" if self.fix else text


@dataclass
class CaseError(Exception):
    """The case file cannot be used as it is. Exit code 2 on the command line."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    where: str = ""  # what `file` is, when not a case file or an option: e.g. "with this path"

    def __str__(self) -> str:
        n = len(self.problems)
        where = self.where or ("on the command line" if self.file.startswith("--") else "in the case file")
        head = f"{self.file}: {n} problem{'s' if n != 1 else ''} {where}"
        return "\n".join([head, *(p.render(self.file) for p in self.problems)])


def visible(text: str) -> str:
    """A message for a terminal: a control character quoted from a case file (an escape sequence, a bell) is shown
    as its code, never sent for the terminal to obey; line breaks and tabs stay."""
    import unicodedata

    def shown(c: str) -> str:
        if c in "\n\t" or unicodedata.category(c) != "Cc":
            return c
        return f"\\x{ord(c):02x}"  # every Cc character is below U+00A0

    return "".join(shown(c) for c in text)


def nearest(word: str, choices: list[str] | set[str], otherwise: str) -> str:
    """A fix that names the closest known spelling, or the general advice."""
    import difflib

    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else otherwise


def dotted(path: tuple[Any, ...]) -> str:
    """A field path as a person writes it: people.viewer.nationality[0]."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
