"""The case files bundled with jurex (scenarios/), each with its expected answer beside it."""

from __future__ import annotations

from pathlib import Path

import yaml

from jurisdiction.resources import scenarios_dir

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


def bundled_cases() -> list[tuple[str, str]]:
    """(id, title) of every bundled case, read without full validation (fast)."""
    out = []
    for path in case_files():
        head = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        out.append((str(head.get("id", path.stem)), str(head.get("title", ""))))
    return out
