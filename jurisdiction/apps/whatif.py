"""What if: change facts of a case (`--set people.viewer.present_in=THA`), rerun, and compare the answers."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from jurisdiction.errors import CaseError, Problem, nearest
from jurisdiction.findings.types import Analysis
from jurisdiction.input.model import Case
from jurisdiction.input.reader import MAX_BYTES, Kind, parse
from jurisdiction.render.golden import jurisdiction_line, obligation_line, route_line

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


@dataclass(frozen=True)
class Setting:
    """One `--set path=value` (or `--add path=value`): the path in the case file's own field names, the value in
    YAML."""

    text: str
    path: tuple[str | int, ...]
    value: Any
    adds: bool = False  # --add: the path may name what the case does not have yet (a person, a list item)

    @classmethod
    def parse(cls, text: str, adds: bool = False) -> Setting:
        option = "--add" if adds else "--set"
        if "=" not in text:
            raise _bad(text, "a setting is PATH=VALUE", f"e.g. {option} people.viewer.present_in=THA", option)
        path_text, _, value_text = text.partition("=")
        steps: list[str | int] = []
        pos = 0
        for m in _STEP.finditer(path_text):
            if m.start() != pos and path_text[pos : m.start()] != ".":
                raise _bad(text, f"cannot read the path {path_text!r}", "write it like offences[0].acts[1].in", option)
            # a number between dots (offences.0.acts.1) is an item's index, as offences[0].acts[1] is
            name = m.group(1)
            steps.append(int(m.group(2)) if m.group(2) is not None else int(name) if name.isdigit() else name)
            pos = m.end()
        if not steps or pos != len(path_text):
            raise _bad(text, f"cannot read the path {path_text!r}", "write it like people.viewer.present_in", option)
        if adds and not value_text.strip():
            raise _bad(text, "--add needs a value after =", "to remove a field, write --set PATH= instead", option)
        return cls(text, tuple(steps), _value(text, value_text, option) if value_text.strip() else None, adds)

    @property
    def option(self) -> str:
        return "--add" if self.adds else "--set"

    @property
    def label(self) -> str:
        """The setting as the user wrote it, an addition marked as one."""
        return f"--add {self.text}" if self.adds else self.text

    def apply(self, data: dict[str, Any], *, checked: bool = False) -> None:
        """Write the value into the parsed case, before validation.

        checked (what-if): every step must be something the case has or a field its model defines there; any other
        name or index is taken for a typo, and refused with the nearest spelling, unless the setting adds (--add).
        Unchecked (a sweep's variations), the path makes whatever it lacks."""
        free = self.adds or not checked
        target: Any = data
        shape: Any = Case if checked else Any  # the model's type at this place: its fields are not typos
        made = False  # the names in a mapping this setting itself made are new by intent, not typos
        for i, step in enumerate(self.path):
            at, last = self.path[:i], i == len(self.path) - 1
            if isinstance(target, list):
                if not isinstance(step, int):
                    raise self._bad(f"{_show(at)} is a list", f"name an item by its number, e.g. {_show(at)}[0]")
                exists = step < len(target)
                if step > len(target) or (checked and not exists and not self.adds):
                    raise self._bad(_no_item(at, step, len(target)), self._index_fix(i, len(target)))
                inner = _inside(shape, list, step)
            elif isinstance(target, dict):
                step = str(step)  # digits on a mapping are a key (a person named 1), not an index
                exists = target.get(step) is not None  # `field: null` in the file is the field left out
                fields = _fields(shape)
                if checked and not exists:
                    self._check_new(target, at, step, fields, free or made)
                inner = _inside(shape, dict, step) if fields is None else fields.get(step, Any)
            else:
                raise self._bad(
                    f"{_show(at)} is a single value, {_brief(target)}: it has no parts",
                    f"set it whole: {self.option} {_show(at)}=VALUE",
                )
            if last:
                if checked and self.adds and exists:
                    raise self._bad(
                        f"{_show(self.path)} is already in the case", f"to change it, write --set {self.text}"
                    )
                _write(target, step, self.value, exists)
                return
            if not exists:
                if self.value is None:
                    return  # nothing there to remove
                _write(target, step, [] if isinstance(self.path[i + 1], int) else {}, exists)
                made = True
            target, shape = target[step], inner

    def _check_new(
        self, target: dict[str, Any], at: tuple[str | int, ...], step: str, fields: dict[str, Any] | None, free: bool
    ) -> None:
        """A name the case does not have at this place: a field of the model is fine; a name in a mapping of
        names (people, vessels, assume) only with --add; anything else is a typo."""
        if fields is not None:
            if step not in fields:
                hint = nearest(step, list(fields), "")
                known = "fields here: " + ", ".join(fields)
                raise self._bad(
                    f"{_show(at) if at else 'the case'} has no field {step!r}",
                    f"{hint} ({known})" if hint else f"use one of the {known}",
                )
            return
        if free:
            return
        names = list(target)
        hint = nearest(step, names, "")
        here = f"in {_show(at)}: {', '.join(names)}" if names else f"{_show(at)} is empty"
        fix = f"{hint} ({here})" if hint else here
        if self.value is not None:  # adding is the way out only for a setting that sets something
            fix += f"; to add {step!r}, write --add {self.text}"
        raise self._bad(f"the case has no {_show((*at, step))}", fix)

    def _index_fix(self, i: int, n: int) -> str:
        count = f"count from 0: the items are 0 to {n - 1}" if n > 1 else "count from 0" if n else "the list is empty"
        if self.value is None:
            return count
        path_text, _, value_text = self.text.partition("=")
        path = _show((*self.path[:i], n, *self.path[i + 1 :]))
        if "[" not in path_text:  # in the user's own style: dotted numbers need no quoting in a shell
            path = re.sub(r"\[(\d+)\]", r".\1", path)
        return f"{count}; to add one after the last, write --add {path}={value_text}"

    def _bad(self, message: str, fix: str) -> CaseError:
        return _bad(self.text, message, fix, self.option)


def _write(target: dict[str, Any] | list[Any], step: str | int, value: Any, exists: bool) -> None:
    """Set, add (a list: after the last item) or, for an empty value, remove."""
    if isinstance(target, list):
        assert isinstance(step, int)
        if value is None:
            if exists:
                del target[step]
        elif exists:
            target[step] = value
        else:
            target.append(value)
    elif value is None:
        target.pop(str(step), None)
    else:
        target[str(step)] = value


def _no_item(at: tuple[str | int, ...], step: int, n: int) -> str:
    has = f"it has {n} item{'s' if n != 1 else ''}" if n else "it is empty"
    return f"there is no item {step} in {_show(at)}: {has}"


def _brief(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _alternatives(shape: Any) -> list[Any]:
    """The types a place may hold: Annotated unwrapped, a union (X | None, a place's three shapes) spread out."""
    origin = get_origin(shape)
    if origin is Annotated:
        return _alternatives(get_args(shape)[0])
    if origin in (Union, UnionType):
        return [a for arg in get_args(shape) for a in _alternatives(arg)]
    return [shape]


def _fields(shape: Any) -> dict[str, Any] | None:
    """The fields the model defines at a place, under the names a case file uses (`in`, not `in_`); None where
    the place is not a model (a mapping of names, or a place the model does not describe)."""
    models = [a for a in _alternatives(shape) if isinstance(a, type) and issubclass(a, BaseModel)]
    if not models:
        return None
    return {f.alias or name: f.annotation for m in models for name, f in m.model_fields.items()}


def _inside(shape: Any, container: type, step: str | int) -> Any:
    """The type of a mapping's value or a list's item at a place; Any where the model does not say."""
    for a in _alternatives(shape):
        origin, args = get_origin(a), get_args(a)
        if container is dict and origin is dict and len(args) == 2:
            return args[1]
        if container is list and origin is list and args:
            return args[0]
        if container is list and origin is tuple and args:
            if len(args) == 2 and args[1] is Ellipsis:
                return args[0]
            return args[step] if isinstance(step, int) and step < len(args) else Any
    return Any


# A value is read as a case file is (input.reader): bounded in size and in values after alias expansion, keys as
# text, duplicate keys refused. It goes into the case before validation, so unbounded it would reach pydantic.
SET_VALUE = Kind(
    name="a --set value",
    where="on the command line",
    noun="the value",
    empty_fix="give a value after =, or nothing to remove the field",
    aliases_fix="write the value out, without anchors and aliases",
)


def _value(text: str, value_text: str, option: str = "--set") -> Any:
    if len(value_text) > MAX_BYTES:
        raise _bad(
            text[:60] + "...", f"the value is more than {MAX_BYTES:,} characters", "edit the case file instead", option
        )
    try:
        value, _ = parse(value_text, option, SET_VALUE)
    except CaseError as exc:
        problems = [
            Problem(
                text,
                f"in the value, {p.path}: {p.message}" if p.path else p.message,
                "quote it, e.g. 'text'" if p.message.startswith("not valid YAML") else p.fix,
            )
            for p in exc.problems
        ]
        raise CaseError(option, problems) from None
    return value


def _show(path: tuple[str | int, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".") or "(top)"


def _bad(text: str, message: str, fix: str, option: str = "--set") -> CaseError:
    return CaseError(option, [Problem(text, message, fix)])


def editor(settings: list[Setting]) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        for s in settings:
            s.apply(data, checked=True)

    return edit


@dataclass(frozen=True)
class Change:
    section: str  # jurisdiction | extradition | obligations | warnings
    kind: str  # added | removed | changed
    before: str | None
    after: str | None
    # the findings themselves, for a renderer to say them in words (render.whatif); not in the JSON
    was: Any = field(default=None, compare=False, repr=False)
    now: Any = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {"section": self.section, "kind": self.kind, "before": self.before, "after": self.after}


def _keyed(analysis: Analysis) -> dict[str, dict[tuple[Any, ...], tuple[str, Any]]]:
    """Each conclusion under the key that names it, so that a changed modality shows as a change: its reviewed
    line, and the finding."""
    return {
        "jurisdiction": {
            (j.state, j.basis, j.offence, j.person): (jurisdiction_line(j), j) for j in analysis.jurisdiction
        },
        "extradition": {
            (r.person, r.requesting, r.requested, r.offence, r.basis): (route_line(r), r) for r in analysis.extradition
        },
        "obligations": {
            (o.state, o.duty, o.person, o.offence, o.requesting): (obligation_line(o), o) for o in analysis.obligations
        },
        "warnings": {(w.code, w.subject): (w.message, w) for w in analysis.warnings},
    }


def compare(before: Analysis, after: Analysis) -> list[Change]:
    changes: list[Change] = []
    old, new = _keyed(before), _keyed(after)
    for section in old:
        a, b = old[section], new[section]
        for key in sorted(set(a) | set(b), key=str):
            if key not in b:
                changes.append(Change(section, "removed", a[key][0], None, was=a[key][1]))
            elif key not in a:
                changes.append(Change(section, "added", None, b[key][0], now=b[key][1]))
            elif a[key][0] != b[key][0]:
                changes.append(Change(section, "changed", a[key][0], b[key][0], was=a[key][1], now=b[key][1]))
    return changes
