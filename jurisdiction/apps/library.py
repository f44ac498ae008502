"""The case files bundled with jurex (scenarios/), each with its expected answer beside it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jurisdiction.resources import read_yaml, scenarios_dir

EXPECTED_SUFFIX = ".expected.yaml"
COMPARISON_SUFFIX = ".comparison.yaml"  # the golden regime comparison, for the cases that have one


def case_files() -> list[Path]:
    return sorted(
        p for p in scenarios_dir().glob("*.yaml") if not p.name.endswith((EXPECTED_SUFFIX, COMPARISON_SUFFIX))
    )


def expected_file(case_file: Path) -> Path:
    return case_file.with_name(case_file.stem + EXPECTED_SUFFIX)


def comparison_file(case_file: Path) -> Path:
    return case_file.with_name(case_file.stem + COMPARISON_SUFFIX)


@dataclass(frozen=True)
class Entry:
    """A bundled case, read without full validation (fast)."""

    id: str
    title: str
    narrative: str
    topics: tuple[str, ...]
    path: Path

    @property
    def expected(self) -> Path:
        return expected_file(self.path)

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    def expected_text(self) -> str:
        return self.expected.read_text(encoding="utf-8") if self.expected.exists() else ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "narrative": self.narrative,
            "topics": list(self.topics),
            "file": self.path.name,
        }


def library() -> list[Entry]:
    out = []
    for path in case_files():
        head = read_yaml(path.read_text(encoding="utf-8")) or {}
        out.append(
            Entry(
                str(head.get("id", path.stem)),
                str(head.get("title", "")),
                " ".join(str(head.get("narrative", "")).split()),
                tuple(head.get("topics") or ()),
                path,
            )
        )
    return out
