"""How much a case will ground, told from its facts before clingo sees them, by the dimensions that multiply.

The ground program does not grow with the size of the file but with products: each offender of each offence
is linked to states (territory, nationality, residence, victims...), and each of those states could ask each
state the offender may be in (present_in, else every state a request went to) to extradite them; every such
pair carries its routes, obstacles and duties, under every regime asked for. A 24 KB case of 22 offenders in
9 offences, 32 states and 374 requests grounds 2.2 million atoms (54 s, 1.8 GB on 2 cores): far more than its
1,400 facts suggest.

`Shape` counts those dimensions from the input facts (name and plain arguments: a case number last, for many
cases in one run) and `Dimensions.atoms` turns them into ground atoms with coefficients measured on the rules
(bench/calibrate.py fits them again; tests/test_limits.py checks that the estimate stays above the real count
for every bundled case, for networks and for generated cases). It is a model of logic/, kept honest by those
tests; the solver also counts the real ground rules of a large case as they are made (solver.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

# Ground atoms per unit of each dimension: a least-squares fit on some 500 generated cases of every shape
# (bench/calibrate.py; clingo 5.8, the rules of this version), raised by about a third so that the estimate
# stayed above the real count of every one of them (by 1.1 to 2.8 times; 1.3 to 1.5 on large cases).
FIXED = 1_000  # the offence catalogue, the calendar of art. 14(2), the regime tables
PER_FACT = 15
PER_ACT_REACH = 8  # each act of an offence, as to each of its offenders (link_because, act_reaches)
PER_STATE = 16  # profile values and defaults of each state in the case, per regime
PER_LINK = 19  # each (basis, state) linking an offender of an offence, per regime (jurisdiction, established)
PER_ROUTE = 27  # each (offender, offence, requesting, requested) pair, per regime (routes, obstacles, duties)
PER_NATIONAL_ROUTE = 13  # of those, each that asks a state for its own national (the obstacle, the duties)
PER_UNIVERSAL = 5  # each offender of each offence, per state whose law claims universal jurisdiction
EXPLAIN_FACTOR = 1.8  # explain.lp adds a reason to nearly every conclusion

_NAMES = frozenset(
    {
        "state",
        "regime",
        "offender",
        "act",
        "act_in",
        "act_in_waters",
        "act_on_board",
        "vessel",
        "nationality",
        "habitual_residence",
        "present_in",
        "victim",
        "request",
        "profile",
        "profile_period",
    }
)


@dataclass
class Shape:
    """The dimensions of one case, read from its facts (add), and what they multiply to (the properties)."""

    facts: int = 0
    regimes: int = 0
    states: set[Any] = field(default_factory=set)
    offenders: dict[Any, set[Any]] = field(default_factory=lambda: defaultdict(set))  # offence -> people
    acts: dict[Any, set[Any]] = field(default_factory=lambda: defaultdict(set))  # offence -> act numbers
    places: dict[Any, set[Any]] = field(default_factory=lambda: defaultdict(set))  # offence -> territory states
    boards: dict[Any, set[Any]] = field(default_factory=lambda: defaultdict(set))  # offence -> vessels
    flags: dict[Any, Any] = field(default_factory=dict)  # vessel -> state
    nationality: dict[Any, set[Any]] = field(default_factory=lambda: defaultdict(set))
    residence: dict[Any, set[Any]] = field(default_factory=lambda: defaultdict(set))
    present: dict[Any, set[Any]] = field(default_factory=lambda: defaultdict(set))
    victims: dict[Any, set[Any]] = field(default_factory=lambda: defaultdict(set))
    requests: set[tuple[Any, Any, Any]] = field(default_factory=set)
    universal: set[Any] = field(default_factory=set)  # states whose profile claims universal jurisdiction

    def add(self, name: str, args: Sequence[Any]) -> None:
        """One input fact: its predicate name and its arguments as plain values (strings, numbers, names)."""
        self.facts += 1
        if name not in _NAMES:
            return
        if name in ("profile", "profile_period"):  # a value for every date, or for a period
            if args[1] == "universal_jurisdiction":
                self.universal.add(args[0])
        elif name == "offender":
            self.offenders[args[0]].add(args[1])
        elif name == "act":
            self.acts[args[0]].add(args[1])
        elif name in ("act_in", "act_in_waters"):
            self.places[args[0]].add(args[2])
        elif name == "act_on_board":
            self.boards[args[0]].add(args[2])
        elif name == "vessel":
            self.flags[args[0]] = args[2]
        elif name == "nationality":
            self.nationality[args[0]].add(args[1])
        elif name == "habitual_residence":
            self.residence[args[0]].add(args[1])
        elif name == "present_in":
            self.present[args[0]].add(args[1])
        elif name == "victim":
            self.victims[args[0]].add(args[1])
        elif name == "request":
            self.requests.add((args[0], args[1], args[2]))
        elif name == "state":
            self.states.add(args[0])
        else:  # regime
            self.regimes += 1

    # --- What the dimensions multiply to

    def _sought_in(self) -> dict[Any, set[Any]]:
        """Where each person may be asked for: where they are, else every state a request went to."""
        sought: dict[Any, set[Any]] = defaultdict(set)
        for _, requested, person in self.requests:
            sought[person].add(requested)
        for person, states in self.present.items():
            sought[person] = set(states)
        return sought

    def _linked(self, offence: Any, person: Any) -> tuple[int, set[Any]]:
        """The (basis, state) links of an offender as to an offence, and the distinct states among them. Every act
        is taken to reach every offender (an act of a secondary participant reaches only them: fewer)."""
        victims = self.victims.get(offence, ())
        nationality = self.nationality.get(person, set())
        bases = [
            self.places.get(offence, set()),
            {self.flags[v] for v in self.boards.get(offence, ()) if v in self.flags},
            nationality,
            self.residence.get(person, set()),
            set().union(*(self.nationality.get(v, set()) for v in victims)),
            set().union(*(self.residence.get(v, set()) for v in victims)),
            self.present.get(person, set()) & nationality,
        ]
        return sum(len(b) for b in bases), set().union(*bases)

    def dimensions(self) -> Dimensions:
        sought = self._sought_in()
        offences_of: dict[Any, int] = defaultdict(int)
        pairs = links = reach = routes = to_nationals = 0
        widest_links = widest_sought = 0
        for offence, people in self.offenders.items():
            n_acts = len(self.acts.get(offence, ()))
            for person in people:
                offences_of[person] += 1
                n_links, states = self._linked(offence, person)
                where = sought.get(person, set())
                pairs += 1
                links += n_links
                reach += n_acts
                routes += len(states) * len(where) - len(states & where)  # a state does not ask itself
                # Asked of a state whose national they are: the nationality obstacle, and the duties it brings.
                to_nationals += sum(len(states - {q}) for q in where & self.nationality.get(person, set()))
                widest_links = max(widest_links, len(states))
                widest_sought = max(widest_sought, len(where))
        for _, requested, person in self.requests:  # requests as made
            routes += offences_of.get(person, 0)
            if requested in self.nationality.get(person, ()):
                to_nationals += offences_of.get(person, 0)
        return Dimensions(
            facts=self.facts,
            regimes=max(1, self.regimes),
            states=len(self.states),
            offences=len(self.offenders),
            people=len(offences_of),
            requests=len(self.requests),
            pairs=pairs,
            links=links,
            reach=reach,
            routes=routes,
            to_nationals=to_nationals,
            universal=pairs * len(self.universal),
            widest_links=widest_links,
            widest_sought=widest_sought,
        )


@dataclass(frozen=True)
class Dimensions:
    facts: int
    regimes: int
    states: int
    offences: int
    people: int  # offenders, each counted once
    requests: int
    pairs: int  # (offence, offender)
    links: int  # (offence, offender, basis, state)
    reach: int  # (offence, offender, act)
    routes: int  # (offence, offender, requesting state, requested state)
    to_nationals: int  # the routes that ask a state to extradite its own national
    universal: int  # (offence, offender, state claiming universal jurisdiction)
    widest_links: int  # the most states linked to one offender as to one offence
    widest_sought: int  # the most states one offender may be asked for in

    def atoms(self, *, explain: bool = False) -> int:
        """The estimated number of ground atoms."""
        per_regime = PER_STATE * self.states + PER_LINK * self.links + PER_ROUTE * self.routes
        per_regime += PER_NATIONAL_ROUTE * self.to_nationals
        total = FIXED + PER_FACT * self.facts + PER_ACT_REACH * self.reach + PER_UNIVERSAL * self.universal
        total += self.regimes * per_regime
        return int(total * (EXPLAIN_FACTOR if explain else 1))

    def refusal(self, estimate: int, bound: int, *, counted: bool = False) -> tuple[str, str]:
        """What a case refused for its size is told: the figures that multiply, and which of them to reduce.
        `counted`: the atoms were counted while grounding, not estimated."""
        scope = f"{_count(self.people, 'offender')} in {_count(self.offences, 'offence')}"
        scope += f", each linked to up to {_count(self.widest_links, 'state')}"
        if self.requests:
            scope += f" and sought in up to {self.widest_sought} ({_count(self.requests, 'request')})"
        if self.regimes > 1:
            scope += f", under {self.regimes} regimes at once"
        message = (
            f"the case {'grounds more than' if counted else 'would ground about'} {estimate:,} atoms; "
            f"jurex grounds at most {bound:,} "
            f"(each atom costs memory and time: a million take about a gigabyte): {scope}, "
            f"which makes {self.routes:,} possible extradition routes (offender, offence, requesting and requested "
            f"state) and {self.links:,} jurisdiction links"
        )
        routes = self.regimes * (PER_ROUTE * self.routes + PER_NATIONAL_ROUTE * self.to_nationals)
        links = PER_LINK * self.regimes * self.links + PER_ACT_REACH * self.reach
        if routes >= links and self.widest_sought > 1:
            fix = (
                "say where each wanted person is now (present_in), rather than requests to every state they may be "
                "in; or split the case: one offence, or one group of offenders, per file"
            )
        elif max(routes, links) >= (estimate - FIXED) / 3:
            fix = (
                "split the case: one offence, or one group of offenders, per file (each offender is linked to every "
                "state an act of the offence took place in)"
            )
        else:
            fix = "split the case into smaller files: fewer states, people and acts in each"
        if self.regimes > 1:
            fix += "; or compare fewer regimes at once"
        return message, fix


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def shape_of(facts: Iterable[tuple[str, Sequence[Any]]]) -> Shape:
    shape = Shape()
    for name, args in facts:
        shape.add(name, args)
    return shape


def _plain(form: Any) -> Any:
    """A JSON form of a term (terms.json_forms) as a plain value: a string, a number, or a function's name."""
    return form[0] if type(form) is list else form


def shapes_of_forms(forms: Iterable[list[Any]], tagged: bool = False) -> dict[int, Shape]:
    """The shape of each case from the JSON forms of its facts (["name", arg, ...]); with `tagged`, the last
    argument is the case number (many cases in one run) and there is one shape per number."""
    out: dict[int, Shape] = defaultdict(Shape)
    for form in forms:
        args = [_plain(a) for a in form[1:]]
        number = args.pop() if tagged else 0
        out[number].add(form[0], args)
    return out
