"""No rule names a specific state: what a real state did (its reservations, with the provision each cites) is
data (jurisdiction/data/), so a rule holds for every state alike and a case's states can be renamed."""

from __future__ import annotations

import re
from functools import cache

import pycountry

from jurisdiction.resources import logic_dir

# Codes are upper case and ASP constants lower case, so a code is looked for only as an upper-case token: words
# that are codes in capitals only (can, and, per) pass as the constants and words they are.
TOKEN = re.compile(r"\b[A-Z]{3}\b")


@cache
def codes() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.countries)


def code_of(text: str) -> str:
    """The code of an ASP program: its comments (`%` to the end of the line, `%* ... *%` blocks) blanked, its
    strings kept (a `%` in a string starts no comment), and every line where it was."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        if text[i] == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i : j + 1])
            i = j + 1
        elif text.startswith("%*", i):
            end = text.find("*%", i + 2)
            j = n if end < 0 else end + 2
            out.append("\n" * text.count("\n", i, j))  # keep the line numbers
            i = j
        elif text[i] == "%":
            end = text.find("\n", i)
            i = n if end < 0 else end
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def state_codes(text: str) -> list[tuple[int, str]]:
    """The ISO 3166 alpha-3 codes in a program's code (not its comments), with their line numbers."""
    return [
        (number, m.group())
        for number, line in enumerate(code_of(text).split("\n"), 1)
        for m in TOKEN.finditer(line)
        if m.group() in codes()
    ]


def test_no_rule_names_a_state() -> None:
    found = {
        str(path.relative_to(logic_dir())): hits
        for path in sorted(logic_dir().rglob("*.lp"))
        if (hits := state_codes(path.read_text(encoding="utf-8")))
    }
    assert not found, f"a state's reservation or law is data (jurisdiction/data/), not a rule: {found}"


def test_the_check_finds_a_state_put_back_in_a_rule() -> None:
    rule = (
        "% OPSC reservation: LAO, art. 5(2): a comment may name the state\n"
        "%* and so may a block: DNK, SLV\n *%\n"
        'route(opsc, P, R, Q, O, internal_law, none, "OPSC reservation: LAO, art. 5(2)") :- candidate(P, R, Q, O).\n'
        'obstacle(opsc, P, R, "SLV", O, nationality) :- candidate(opsc, P, R, "SLV", O, _). % SLV again\n'
        'note("50% of DNK").\n'
    )
    assert state_codes(rule) == [(4, "LAO"), (5, "SLV"), (5, "SLV"), (6, "DNK")]


def test_the_check_lets_through_what_is_no_state() -> None:
    rule = (
        'clause(budapest, territory, "ETS 185 art. 22(1)(a)").\n'  # ETS, CRC: no state's code
        'warning(Reg, victim_not_a_child, of(V, O), "CRC art. 1") :- regime(Reg), adult_victim(O, V).\n'
        "can(and, per, usa) :- lao(X), X = dnk.\n"  # lower case: constants, not codes
        "% USA, LAO %* DNK *%\n"
    )
    assert state_codes(rule) == []
    assert state_codes('x("USAF").') == [] and state_codes('x("USA").') == [(1, "USA")]
