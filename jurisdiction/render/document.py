"""The memo's document model: blocks of text with provisions cited, written out as Markdown, HTML, PDF or Word
by the renderers, so that every format says the same thing."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cite:
    provision: str


@dataclass(frozen=True)
class Strong:
    """A lead label in bold (the bottom line's "Must act:")."""

    text: str


Cell = list["str | Cite | Strong"]


@dataclass
class Table:
    id: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)


@dataclass
class Heading:
    level: int
    text: str


@dataclass
class Paragraph:
    parts: Cell
    meta: bool = False  # the line under the title: case, date, regime, versions


@dataclass
class Items:
    """A bulleted list (the bottom line, the limits)."""

    id: str
    items: list[Cell] = field(default_factory=list)


Block = Heading | Paragraph | Table | Items


@dataclass
class Document:
    title: str
    case_id: str
    blocks: list[Block] = field(default_factory=list)
    cited: list[str] = field(default_factory=list)  # footnote order

    def number(self, provision: str) -> int:
        if provision not in self.cited:
            self.cited.append(provision)
        return self.cited.index(provision) + 1


def cells(block: Block) -> list[Cell]:
    if isinstance(block, Table):
        return [cell for row in block.rows for cell in row]
    if isinstance(block, Paragraph):
        return [block.parts]
    if isinstance(block, Items):
        return list(block.items)
    return []
