"""The regimes jurex reasons with: one rule module each in logic/regimes/, on the shared vocabulary."""

from __future__ import annotations

from dataclasses import dataclass

from jurisdiction.engine.solver import Function, Symbol
from jurisdiction.errors import CaseError, Problem, nearest

UNIVERSAL_OPTIONS = ("absolute", "presence", "subsidiary")


@dataclass(frozen=True)
class Regime:
    name: str  # as the command line and the JSON write it
    asp: str  # the constant in the rules
    title: str
    rule_file: str
    verified: bool = True  # False where our copy of the text is unverified
    option: str | None = None  # opsc-guidelines: the universal-jurisdiction option
    short: str = ""  # the regime in a sentence: "what the OPSC says", "the Lanzarote Convention gives no basis"
    party_to: str = ""  # whose parties a sentence means: "an OPSC party" (the guidelines' parties are the OPSC's)

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


REGIMES = {
    "opsc": Regime(
        "opsc",
        "opsc",
        "Optional Protocol on the sale of children (OPSC, 2000)",
        "regimes/opsc.lp",
        short="OPSC",
        party_to="OPSC",
    ),
    "opsc-guidelines": Regime(
        "opsc-guidelines",
        "opsc_guidelines",
        "OPSC as CRC/C/156 (2019) asks it to be implemented",
        "regimes/opsc_guidelines.lp",
        option="presence",
        short="OPSC as read by CRC/C/156",
        party_to="OPSC",
    ),
    "lanzarote": Regime(
        "lanzarote",
        "lanzarote",
        "Lanzarote Convention (CETS 201, 2007)",
        "regimes/lanzarote.lp",
        short="Lanzarote Convention",
        party_to="Lanzarote Convention",
    ),
    "budapest": Regime(
        "budapest",
        "budapest",
        "Budapest Convention on Cybercrime (ETS 185, 2001)",
        "regimes/budapest.lp",
        short="Budapest Convention",
        party_to="Budapest Convention",
    ),
    "eu-2011-93": Regime(
        "eu-2011-93",
        "eu_2011_93",
        "Directive 2011/93/EU, art. 17 (text unverified)",
        "regimes/eu_2011_93.lp",
        verified=False,
        short="EU Directive 2011/93",
        party_to="EU Directive 2011/93",
    ),
}


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
        if regime.option is None:
            raise CaseError("--regime", [Problem(spec, f"{name} takes no option", f"write {name}")])
        if option not in UNIVERSAL_OPTIONS:
            raise CaseError(
                "--regime",
                [
                    Problem(
                        spec,
                        f"unknown universal-jurisdiction option {option!r}",
                        "one of: " + ", ".join(UNIVERSAL_OPTIONS),
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
