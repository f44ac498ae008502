"""A template case swept over states: `--vary people.offender.nationality=ALL --vary acts[0].in=GBR,PHL,THA`.

Every combination of the values becomes one case (the template with those fields changed), answered by the
batch engine; the tally counts, per regime, the combinations that raise each warning (impunity and the rest)
and those that raise none.
"""

from __future__ import annotations

import bisect
import itertools
import json
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
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


def items(template: dict[str, Any], source: str, varies: list[Vary], texts: bool = True) -> Iterator[Item]:
    """Each combination as a batch item, made only when asked for (38,025 for two states swept over ALL).
    `texts=False`: the items carry their number and label only, for sweep_engine, which makes the case of each
    combination it answers (a case's text costs a copy of the template)."""
    for index, choice in enumerate(itertools.product(*(v.values for v in varies))):
        if texts:
            yield item_of(template, source, varies, index, choice)
        else:
            yield Item(index, label_of(source, varies, choice), None)


def item_of(template: dict[str, Any], source: str, varies: list[Vary], index: int, choice: tuple[str, ...]) -> Item:
    case = json.loads(json.dumps(template, default=str))  # a deep copy, dates as text
    for vary, value in zip(varies, choice, strict=True):
        Setting(vary.text, vary.path, [value] if vary.as_list else value).apply(case)
    return Item(index, label_of(source, varies, choice), json.dumps(case))


def label_of(source: str, varies: list[Vary], choice: tuple[str, ...]) -> str:
    label = ",".join(f"{_path_text(v.path)}={value}" for v, value in zip(varies, choice, strict=True))
    return f"{source}[{label}]"


def choice_of(varies: list[Vary], index: int) -> tuple[str, ...]:
    """The values of combination `index`, in itertools.product's order (the last field varies fastest)."""
    out: list[str] = []
    for vary in reversed(varies):
        index, at = divmod(index, len(vary.values))
        out.append(vary.values[at])
    return tuple(reversed(out))


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


# --- answers reused across the sweep (apps/canonical.py), with keys computed from the varied values


@dataclass
class Classes:
    """What a sweep's combinations can differ in, once the template is fixed: the varied states' data, where
    each sorts, and which are equal. Two combinations with the same signature have the same canonical form up to
    the renaming of their varied states (README, Performance), so one of them is answered and the others are its
    answer renamed.

    A varied state is `special` (it stands for itself in the signature) if the template has it elsewhere, if it
    has a profile (its own law: universal jurisdiction reaches cases that do not name it), or if a profile names
    it (extradites_nationals_except_to). Every other state is known by what the rules derive from its data in
    this template (its party status under each regime at each of the template's dates, and whatever of its data
    the rest of the rules read themselves, such as reservations: `classes`), by the greatest string of the case
    it sorts after, and by how it compares with the template's states and the other varied values."""

    fixed: tuple[str, ...]  # the template's states outside the varied fields, sorted
    special: frozenset[str]
    fingerprints: dict[str, int]  # a plain state -> the number of its facts' class
    references: tuple[str, ...]  # sorted: the strings a placeholder is placed after (canonical.placeholders)

    def signature(self, choice: tuple[str, ...]) -> tuple[Any, ...]:
        in_case = set(self.fixed).union(choice)
        parts: list[Any] = []
        for value in choice:
            if value in self.special:
                parts.append(value)
                continue
            at = bisect.bisect_left(self.references, value)
            while at and self.references[at - 1] in in_case:
                at -= 1
            parts.append((self.fingerprints[value], at))
        for i, value in enumerate(choice):
            parts.append(tuple((value > f) - (value < f) for f in self.fixed))
            parts.append(tuple((value > w) - (value < w) for w in choice[i + 1 :]))
        return tuple(parts)


def classes(
    template: dict[str, Any],
    varies: list[Vary],
    regime_names: Sequence[str] = ("opsc",),
    assume_all_parties: bool = False,
) -> Classes | None:
    """The classes of a sweep's varied states, or None where its keys cannot be read off the values (a varied
    field that is not a state, a template that is not valid with other states in those fields).

    A plain state's class is what the rules derive from its data at the template's dates, under the regimes
    asked for (canonical.derived_status): the party-status part of the program, found in the rules, solved once
    for all the varied states, each over its own facts and the template's dates; with whatever of its data the
    rest of the program reads itself. The part's other conclusions (the premise of a status, which carries the
    state's own dates: in_force_since(E)) are read by no rule the answer needs and shown in no summary line
    (batch.summary_hidden): two states alike in what the part gives the rest are alike in the answer."""
    from jurisdiction.apps.analysis import encode_case
    from jurisdiction.apps.batch import summary_hidden
    from jurisdiction.apps.canonical import MARK, derived_status, rename_symbol, strings_of
    from jurisdiction.data.states import bundled
    from jurisdiction.engine import facts
    from jurisdiction.engine.multicase import status_part
    from jurisdiction.engine.regimes import parse
    from jurisdiction.engine.solver import program
    from jurisdiction.errors import CaseError
    from jurisdiction.input.countries import is_user_assigned
    from jurisdiction.input.loader import load_text

    if not all(_holds_a_state(_current(template, v.path)) and all(is_state_code(x) for x in v.values) for v in varies):
        return None
    every = {x for v in varies for x in v.values}
    spare = [c for c in (f"XZ{chr(c)}" for c in range(ord("Z"), ord("A") - 1, -1)) if c not in every]
    probes = []
    for k in range(2):
        choice = tuple(spare[k * len(varies) + i] for i in range(len(varies)))
        try:
            probes.append(load_text(item_of(template, "probe", varies, 0, choice).text or "", "probe"))
        except (CaseError, IndexError):
            return None
    case = probes[0]
    fixed = probes[0].states() & probes[1].states()
    data = bundled()
    # A state another's extradition law names (extradites_nationals_except_to) is known by who names it and how:
    # the namer's fact about it is sent when both are in the case (facts._profile_facts). The namer, whose facts
    # thus depend on which states the case has, stands for itself; so does a state the template's assume names.
    named: set[str] = set()
    lists: set[str] = set()
    named_by: dict[str, list[Any]] = {}
    for state in sorted(data.profiled):
        for _, entries in sorted(facts._data_layer(data, state).items()):
            field_term = entries[0][0]
            if field_term.name == "extradites_nationals_except_to" and field_term.arguments[0].string in every:
                lists.add(state)
                code = field_term.arguments[0].string
                named_by.setdefault(code, []).append(
                    (state, [(str(v), since, until, pv.origin, pv.since, pv.until, pv.verified)
                             for _, v, pv, _, since, until in entries])
                )  # fmt: skip
    for assumed in case.assume.values():
        named.update(assumed.extradites_nationals_except_to or [])
    alone = facts.Encoding()

    class _NoStates:  # the template with no state: whose universal jurisdiction reaches it anyway
        offences = case.offences

        @staticmethod
        def states() -> set[str]:
            return set()

    facts.universal_facts(alone, _NoStates(), data)  # type: ignore[arg-type]
    universal = strings_of(alone.symbols)  # in the case or not, such a state changes the facts: itself
    special = {x for x in every if x in fixed or x in named or x in lists or x in universal or is_user_assigned(x)}
    regimes = [parse(name) for name in regime_names]
    files = program([r.rule_file for r in regimes])
    whole = encode_case(case, data, regimes, (), assume_all_parties)
    in_case = case.states()
    common = [s for s in whole.symbols if not strings_of([s]) & in_case]  # the dates, the acts, the regimes
    part = status_part(files, summary_hidden(files))
    # A varied state's facts: those of its place in the template that the status part reads (state/1), the same
    # in every varied field (or the class would depend on the field), and its own data.
    def place_of(code: str) -> list[Any]:
        facts_here = (rename_symbol(s, {code: MARK}) for s in whole.symbols if code in strings_of([s]))
        return sorted((s for s in facts_here if (s.name, len(s.arguments)) in part.inputs), key=str)

    places = {"\n".join(map(str, place_of(c))): place_of(c) for c in sorted(in_case - fixed)}
    if len(places) != 1:
        return None
    (here,) = places.values()
    own: dict[str, list[Any]] = {}
    provenance: dict[str, str] = {}  # where each profile value came from: the summary prints it (golden._fact)
    for state in sorted(every - special):
        enc = facts.Encoding()
        facts._party_facts(enc, case, data, state)
        facts._profile_facts(enc, case, data, state)
        if strings_of(enc.symbols) - fixed - {state}:
            special.add(state)  # its data name a string no placeholder is placed against (references)
            continue
        own[state] = [*(rename_symbol(s, {MARK: state}) for s in here), *enc.symbols]
        provenance[state] = repr(sorted(
            (key, since, pv.origin, pv.since, pv.until, pv.verified)
            for (_, key, since), pv in enc.profile_values.items()
        )) + repr(named_by.get(state, []))  # fmt: skip
    texts = derived_status(part, common, own)
    kinds: dict[str, int] = {}
    fingerprints = {s: kinds.setdefault(f"{text}\n{provenance[s]}", len(kinds)) for s, text in texts.items()}
    references = (strings_of(whole.symbols) - in_case) | universal
    return Classes(tuple(sorted(fixed)), frozenset(special), fingerprints, tuple(sorted(references)))


BLOCK = 65_536  # combinations read before their lines are given: a sweep's memory is flat in its size
MAX_KEPT = 50_000  # answers of classes kept across blocks (a few KB each): a sweep's memory is bounded


def sweep_engine(
    template: dict[str, Any], source: str, varies: list[Vary]
) -> Callable[..., Iterator[dict[str, Any]]]:
    """batch.run for a sweep's items, answering one combination per signature (Classes) and renaming its answer
    for the others; the lines are those of batch.run, byte for byte, in the same order. The items' texts are not
    read (items(texts=False) makes none): the engine makes the case of each combination it answers itself.

    The combinations are read a block at a time: the new signatures of a block are answered, then the block's
    lines given, so that what is held is a block's combinations and one answer per signature, at any size."""

    def engine(
        items: Iterable[Item],
        regime_names: Sequence[str],
        *,
        stats: Any = None,
        progress: Callable[[int], None] | None = None,
        **options: Any,
    ) -> Iterator[dict[str, Any]]:
        from jurisdiction.apps.batch import BatchStats, peak_mb, run

        stats = stats if stats is not None else BatchStats()
        plan = classes(template, varies, regime_names, bool(options.get("assume_all_parties")))
        whole = (item_of(template, source, varies, item.index, choice_of(varies, item.index)) for item in items)
        if plan is None:
            yield from run(whole, regime_names, stats=stats, progress=progress, **options)
            return
        started = time.perf_counter()
        signatures: dict[tuple[Any, ...], int] = {}
        answered: dict[int, Representative] = {}  # signature -> its combination's line, once answered
        inner = BatchStats()
        done = 0
        for block in _blocks(items, BLOCK):
            members: list[tuple[int, str, int, tuple[str, ...]]] = []
            first: dict[int, tuple[Item, tuple[str, ...]]] = {}  # the block's new signatures, one item each
            for item in block:
                choice = choice_of(varies, item.index)
                number = signatures.setdefault(plan.signature(choice), len(signatures))
                if number not in answered and number not in first:
                    first[number] = (item_of(template, source, varies, item.index, choice), choice)
                members.append((item.index, item.source, number, choice))
            if first:  # read whole: the run ends (and its workers with it) before the block's lines are given
                lines = list(run((i for i, _ in first.values()), regime_names, stats=inner, templates=True, **options))
                for (number, (item, choice)), line in zip(first.items(), lines, strict=False):
                    answered[number] = Representative(item.index, choice, line)
            if any(n not in answered for n in first):  # batch.run gives one line per item; a stand-in may give none
                return
            alone = [m for m in members if not answered[m[2]].canonical and m[0] != answered[m[2]].index]
            by_index = {}
            if alone:  # a combination not put in canonical form (or not valid): each answered for itself
                again = (item_of(template, source, varies, index, choice) for index, _, _, choice in alone)
                by_index = {line["index"]: line for line in run(again, regime_names, stats=inner, **options)}
            for index, label, number, choice in members:
                line = by_index.get(index) or answered[number].line_for(index, label, choice)
                stats.cases += 1
                stats.errors += "error" in line
                stats.internal += "error" in line and "internal error" in line["error"]["message"]
                done += 1
                if progress and done % 500 == 0:
                    progress(500)
                yield line
            if len(answered) > MAX_KEPT:  # the oldest half forgotten: answered again if their class comes back
                for number in list(answered)[: len(answered) // 2]:
                    del answered[number]
        if progress and done % 500:
            progress(done % 500)
        stats.chunks += inner.chunks
        stats.clingo_seconds += inner.clingo_seconds
        stats.worker_seconds += inner.worker_seconds
        stats.isolated += inner.isolated
        stats.retried += inner.retried
        stats.worker_peak_mb = max(stats.worker_peak_mb, inner.worker_peak_mb)
        stats.peak_mb = peak_mb()
        stats.seconds = time.perf_counter() - started

    return engine


def _blocks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    block: list[Item] = []
    for item in items:
        block.append(item)
        if len(block) >= size:
            yield block
            block = []
    if block:
        yield block


class Representative:
    """The combination answered for a signature, and how its line is renamed for the signature's others. Its own
    line is kept only until it is given (in its block); then what is kept is the answer as a format string."""

    def __init__(self, index: int, choice: tuple[str, ...], line: dict[str, Any]) -> None:
        from jurisdiction.apps.batch import TEMPLATE
        from jurisdiction.apps.canonical import Renamer

        self.index, self.choice = index, choice
        template = line.get(TEMPLATE)
        self.canonical = template is not None  # else each other combination is answered for itself
        self.line: dict[str, Any] | None = {k: v for k, v in line.items() if k != TEMPLATE}
        self.renamer = Renamer(*template) if template is not None else None
        self.head = {"case": line.get("case"), "as_of": line.get("as_of")}

    def line_for(self, index: int, label: str, choice: tuple[str, ...]) -> dict[str, Any]:
        """The line of a combination with this signature: the answers in placeholders, each placeholder renamed
        to the code this combination has where the representative has the code it stands for."""
        if index == self.index and self.line is not None:
            line, self.line = self.line, None
            return line
        from jurisdiction.apps.batch import Line

        assert self.renamer is not None
        mine = dict(zip(self.choice, choice, strict=True))
        text = self.renamer.rename(mine)
        line = {"index": index, "source": label, **self.head, "answers": json.loads(text)}
        return Line(line, text)
