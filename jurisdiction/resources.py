"""Where the rules, bundled scenarios and data live, installed or in a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    # Installed: the wheel maps logic/ and scenarios/ into the package. Source checkout: they are siblings.
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"jurex cannot find its {name}/ folder next to {_PACKAGE}; reinstall jurex")


@cache
def logic_dir() -> Path:
    return _find("logic")


@cache
def scenarios_dir() -> Path:
    return _find("scenarios")


def data_dir() -> Path:
    return _PACKAGE / "data"
