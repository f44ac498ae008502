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


@cache
def child_age() -> tuple[int, str]:
    """The age under which a person is a child, and the provision that says so (logic/child.yaml)."""
    table = read_yaml((logic_dir() / "child.yaml").read_bytes())
    return int(table["under"]), str(table["provision"])  # type: ignore[index]


def read_yaml(text: str | bytes) -> object:
    """One of jurex's own YAML files (data, provisions, bundled cases): libyaml's safe loader where the
    platform has it (several times faster, and these files are read on every start), else PyYAML's."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
