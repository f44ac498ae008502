"""The regimes jurex reasons with: one rule module each in logic/regimes/, on the shared vocabulary."""

from __future__ import annotations

from dataclasses import dataclass

from jurisdiction.engine.solver import Function, Symbol
from jurisdiction.errors import CaseError, Problem, nearest
from jurisdiction.resources import logic_dir, read_yaml


@dataclass(frozen=True)
class Regime:
    """One row of logic/regimes.yaml."""

    name: str  # as the command line and the JSON write it
    asp: str  # the constant in the rules
    title: str
    instrument: str  # how a sentence names it
    rule_file: str
    verified: bool = True  # False where our copy of the text is unverified
    options: tuple[str, ...] = ()  # the universal-jurisdiction options it takes, the first the default
    option: str | None = None  # the option chosen
    recommended: bool = False  # not a treaty: its "obligatory" is what the Committee recommends

    @property
    def label(self) -> str:
        return f"{self.name}:{self.option}" if self.option else self.name

    @property
    def term(self) -> Symbol:
        return Function(self.asp, [Function(self.option)] if self.option else [])

    @property
    def key(self) -> str:
        """The regime as the rules print it (the first argument of their conclusions)."""
        return str(self.term)


def _read() -> dict[str, Regime]:
    table = read_yaml((logic_dir() / "regimes.yaml").read_bytes()) or {}
    out = {}
    for name, row in table.items():  # type: ignore[union-attr]
        options = tuple(row.get("options", ()))
        out[name] = Regime(
            name,
            row["asp"],
            row["title"],
            row["instrument"],
            row["rules"],
            verified=row.get("verified", True),
            options=options,
            option=options[0] if options else None,
            recommended=row.get("recommended", False),
        )
    return out


REGIMES = _read()
OPSC = REGIMES["opsc"]  # the default regime: the treaty itself


def parse(spec: str) -> Regime:
    """ "opsc", "lanzarote", "opsc-guidelines", "opsc-guidelines:absolute" ... -> Regime."""
    from dataclasses import replace

    name, _, option = spec.strip().partition(":")
    regime = REGIMES.get(name)
    if regime is None:
        raise CaseError(
            "--regime",
            [Problem(spec, f"unknown regime {name!r}", nearest(name, set(REGIMES), "one of: " + ", ".join(REGIMES)))],
        )
    if option:
        if not regime.options:
            raise CaseError("--regime", [Problem(spec, f"{name} takes no option", f"write {name}")])
        if option not in regime.options:
            raise CaseError(
                "--regime",
                [
                    Problem(
                        spec,
                        f"unknown universal-jurisdiction option {option!r}",
                        "one of: " + ", ".join(regime.options),
                    )
                ],
            )
        regime = replace(regime, option=option)
    return regime


def parse_list(text: str) -> list[Regime]:
    regimes = [parse(part) for part in text.split(",") if part.strip()]
    if not regimes:
        raise CaseError("--regimes", [Problem(text, "no regime named", "e.g. --regimes opsc,lanzarote")])
    if len({r.key for r in regimes}) != len(regimes):
        raise CaseError("--regimes", [Problem(text, "a regime is named twice", "name each once")])
    return regimes
