"""What if: change facts of a case (`--set people.viewer.present_in=THA`), rerun, and compare the answers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from jurisdiction.errors import CaseError, Problem
from jurisdiction.findings.types import Analysis
from jurisdiction.input.reader import MAX_BYTES, Kind, parse
from jurisdiction.render.golden import jurisdiction_line, obligation_line, route_line

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


@dataclass(frozen=True)
class Setting:
    """One `--set path=value`: the path in the case file's own field names, the value in YAML."""

    text: str
    path: tuple[str | int, ...]
    value: Any

    @classmethod
    def parse(cls, text: str) -> Setting:
        if "=" not in text:
            raise _bad(text, "a setting is PATH=VALUE", "e.g. --set people.viewer.present_in=THA")
        path_text, _, value_text = text.partition("=")
        steps: list[str | int] = []
        pos = 0
        for m in _STEP.finditer(path_text):
            if m.start() != pos and path_text[pos : m.start()] != ".":
                raise _bad(text, f"cannot read the path {path_text!r}", "write it like offences[0].acts[1].in")
            # a number between dots (offences.0.acts.1) is an item's index, as offences[0].acts[1] is
            name = m.group(1)
            steps.append(int(m.group(2)) if m.group(2) is not None else int(name) if name.isdigit() else name)
            pos = m.end()
        if not steps or pos != len(path_text):
            raise _bad(text, f"cannot read the path {path_text!r}", "write it like people.viewer.present_in")
        return cls(text, tuple(steps), _value(text, value_text) if value_text.strip() else None)

    def apply(self, data: dict[str, Any]) -> None:
        target: Any = data
        for i, step in enumerate(self.path[:-1]):
            nxt = self.path[i + 1]
            if isinstance(step, int) and isinstance(target, dict):
                step = str(step)  # a mapping's key written as digits (a person named 1), not an index
            if isinstance(step, int):
                if not isinstance(target, list) or step >= len(target):
                    raise _bad(
                        self.text,
                        f"there is no item {step} at {_show(self.path[: i + 1])}",
                        "count from 0, within the list",
                    )
                target = target[step]
            else:
                if not isinstance(target, dict):
                    raise _bad(self.text, f"{_show(self.path[:i])} is not a mapping", "check the path")
                target = target.setdefault(step, [] if isinstance(nxt, int) else {})
        last = self.path[-1]
        if isinstance(last, int) and isinstance(target, dict):
            last = str(last)
        if isinstance(last, int):
            if not isinstance(target, list) or last > len(target):
                raise _bad(self.text, f"there is no item {last} at {_show(self.path)}", "count from 0")
            if last == len(target):
                target.append(self.value)
            else:
                target[last] = self.value
        elif isinstance(target, dict):
            if self.value is None:
                target.pop(last, None)
            else:
                target[last] = self.value
        else:
            raise _bad(self.text, f"{_show(self.path[:-1])} is not a mapping", "check the path")


# A value is read as a case file is (input.reader): bounded in size and in values after alias expansion, keys as
# text, duplicate keys refused. It goes into the case before validation, so unbounded it would reach pydantic.
SET_VALUE = Kind(
    name="a --set value",
    where="on the command line",
    noun="the value",
    empty_fix="give a value after =, or nothing to remove the field",
    aliases_fix="write the value out, without anchors and aliases",
)


def _value(text: str, value_text: str) -> Any:
    if len(value_text) > MAX_BYTES:
        raise _bad(text[:60] + "...", f"the value is more than {MAX_BYTES:,} characters", "edit the case file instead")
    try:
        value, _ = parse(value_text, "--set", SET_VALUE)
    except CaseError as exc:
        problems = [
            Problem(
                text,
                f"in the value, {p.path}: {p.message}" if p.path else p.message,
                "quote it, e.g. 'text'" if p.message.startswith("not valid YAML") else p.fix,
            )
            for p in exc.problems
        ]
        raise CaseError("--set", problems) from None
    return value


def _show(path: tuple[str | int, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".") or "(top)"


def _bad(text: str, message: str, fix: str) -> CaseError:
    return CaseError("--set", [Problem(text, message, fix)])


def editor(settings: list[Setting]):  # type: ignore[no-untyped-def]
    def edit(data: dict[str, Any]) -> None:
        for s in settings:
            s.apply(data)

    return edit


@dataclass(frozen=True)
class Change:
    section: str  # jurisdiction | extradition | obligations | warnings
    kind: str  # added | removed | changed
    before: str | None
    after: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"section": self.section, "kind": self.kind, "before": self.before, "after": self.after}


def _keyed(analysis: Analysis) -> dict[str, dict[tuple[Any, ...], str]]:
    """Each conclusion under the key that names it, so that a changed modality shows as a change."""
    return {
        "jurisdiction": {(j.state, j.basis, j.offence, j.person): jurisdiction_line(j) for j in analysis.jurisdiction},
        "extradition": {
            (r.person, r.requesting, r.requested, r.offence, r.basis): route_line(r) for r in analysis.extradition
        },
        "obligations": {
            (o.state, o.duty, o.person, o.offence, o.requesting): obligation_line(o) for o in analysis.obligations
        },
        "warnings": {(w.code, w.subject): w.message for w in analysis.warnings},
    }


def compare(before: Analysis, after: Analysis) -> list[Change]:
    changes: list[Change] = []
    old, new = _keyed(before), _keyed(after)
    for section in old:
        a, b = old[section], new[section]
        for key in sorted(set(a) | set(b), key=str):
            if key not in b:
                changes.append(Change(section, "removed", a[key], None))
            elif key not in a:
                changes.append(Change(section, "added", None, b[key]))
            elif a[key] != b[key]:
                changes.append(Change(section, "changed", a[key], b[key]))
    return changes
