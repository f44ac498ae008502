"""A template case swept over states: `--vary people.offender.nationality=ALL --vary acts[0].in=GBR,PHL,THA`.

Every combination of the values becomes one case (the template with those fields changed), answered by the
batch engine; the tally counts, per regime, the combinations that raise each warning (impunity and the rest)
and those that raise none.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from jurisdiction.apps.batch import Item
from jurisdiction.apps.whatif import Setting
from jurisdiction.errors import CaseError, Problem
from jurisdiction.input.countries import is_state_code, state_argument


@dataclass(frozen=True)
class Vary:
    """One `--vary PATH=VALUES`: the field, in the case file's names, and the values it takes."""

    text: str
    path: tuple[str | int, ...]
    values: tuple[str, ...]
    as_list: bool  # the field holds a list (nationality): each value becomes a one-item list


ALL = "ALL"  # the states: the 195 of the OPSC's list (jurisdiction/data/opsc_parties.csv), parties or not
ALL_ISO = "ALL_ISO"  # every ISO 3166-1 entry, territories too (Antarctica, Bouvet Island...): 249


def every_state() -> tuple[str, ...]:
    """The states a sweep over ALL ranges over: every state of the OPSC's list, party or not (not the territories
    ISO 3166 also codes, which would inflate every count)."""
    from jurisdiction.data.states import bundled

    return tuple(sorted(bundled().parties))


def every_iso_code() -> tuple[str, ...]:
    import pycountry

    return tuple(sorted(c.alpha_3 for c in pycountry.countries))


def parse_vary(text: str, template: dict[str, Any]) -> Vary:
    """PATH=ALL (every state of the OPSC's list), PATH=ALL_ISO (every ISO 3166 entry) or PATH=A,B,C. A path may
    start with a person's name (`offender.nationality` for people.offender.nationality) or, in a case with one
    offence, with `acts`. Where the template holds a state there, each value is a state's code or name (Sweden),
    refused with the nearest state if it is neither."""
    if "=" not in text:
        raise _bad(text, "a variation is PATH=VALUES", "e.g. --vary people.offender.nationality=ALL")
    path_text, _, values_text = text.partition("=")
    path = Setting.parse(f"{path_text}=x").path
    people = template.get("people") or {}
    offences = template.get("offences") or []
    if path and path[0] in people and path[0] != "people":
        path = ("people", *path)
    elif path and path[0] == "acts":
        if len(offences) != 1:
            raise _bad(text, "`acts` is short for offences[0].acts only in a case with one offence", "write the path")
        path = ("offences", 0, *path)
    values_text = values_text.strip()
    current = _current(template, path)
    if values_text.upper() == ALL:
        values = every_state()
    elif values_text.upper() == ALL_ISO:
        values = every_iso_code()
    else:
        values = tuple(v.strip() for v in values_text.split(",") if v.strip())
        if _holds_a_state(current):
            values = tuple(state_argument(v, f"--vary {path_text}") for v in values)
    if not values:
        raise _bad(text, "no values to vary over", "write ALL, or values separated by commas: GBR,PHL,THA")
    return Vary(text, path, values, isinstance(current, list))


def _holds_a_state(value: Any) -> bool:
    """Whether a template's field holds a state (`in: PHL`, `nationality: [GBR]`): its values are then states."""
    items = value if isinstance(value, list) else [value]
    return bool(items) and all(isinstance(v, str) and len(v) == 3 and is_state_code(v) for v in items)


def _current(data: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _bad(text: str, message: str, fix: str) -> CaseError:
    return CaseError("--vary", [Problem(text, message, fix)])


def combinations(varies: list[Vary]) -> int:
    count = 1
    for vary in varies:
        count *= len(vary.values)
    return count


def items(template: dict[str, Any], source: str, varies: list[Vary]) -> Iterator[Item]:
    """Each combination as a batch item, made only when asked for (38,025 for two states swept over ALL)."""
    for index, choice in enumerate(itertools.product(*(v.values for v in varies))):
        case = json.loads(json.dumps(template, default=str))  # a deep copy, dates as text
        for vary, value in zip(varies, choice, strict=True):
            Setting(vary.text, vary.path, [value] if vary.as_list else value).apply(case)
        label = ",".join(f"{_path_text(v.path)}={value}" for v, value in zip(varies, choice, strict=True))
        yield Item(index, f"{source}[{label}]", json.dumps(case))


def _path_text(path: tuple[str | int, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


NO_WARNING = "(no warning)"
INVALID = "(not a valid case)"


@dataclass
class Tally:
    regimes: list[str]
    combinations: int = 0
    counts: dict[str, Counter[str]] = field(default_factory=dict)  # regime -> outcome -> combinations
    invalid: Counter[str] = field(default_factory=Counter)  # first problem -> combinations

    def add(self, line: dict[str, Any]) -> None:
        self.combinations += 1
        if "error" in line:
            problems = line["error"].get("problems") or [{"problem": line["error"].get("message", "")}]
            self.invalid[problems[0].get("problem", "")] += 1
            for regime in self.regimes:
                self.counts.setdefault(regime, Counter())[INVALID] += 1
            return
        for regime, answer in line["answers"].items():
            codes = {w.split(" ", 1)[0] for w in answer["warnings"]}
            counter = self.counts.setdefault(regime, Counter())
            counter.update(codes or {NO_WARNING})

    def outcomes(self) -> list[str]:
        seen = {o for c in self.counts.values() for o in c}
        return sorted(seen - {NO_WARNING, INVALID}) + [o for o in (NO_WARNING, INVALID) if o in seen]

    def to_dict(self) -> dict[str, Any]:
        return {
            "combinations": self.combinations,
            "regimes": self.regimes,
            "outcomes": {
                outcome: {r: self.counts.get(r, Counter())[outcome] for r in self.regimes}
                for outcome in self.outcomes()
            },
            "invalid": dict(self.invalid.most_common()),
        }
