"""State codes: ISO 3166-1 alpha-3, checked against pycountry."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic_core import PydanticCustomError

from jurisdiction import words


@cache
def _countries():  # type: ignore[no-untyped-def]
    import pycountry  # imported on first use: it loads a database

    return pycountry.countries


def is_user_assigned(code: str) -> bool:
    """ISO 3166-1 alpha-3 user-assigned codes (AAA-AAZ, QMA-QZZ, XAA-XZZ, ZZA-ZZZ): abstract states for
    exercises and generated gap cases; jurex holds no data on them."""
    return (
        len(code) == 3
        and code.isalpha()
        and code.isupper()
        and (code.startswith(("AA", "X")) or ("QMA" <= code <= "QZZ") or code.startswith("ZZ"))
    )


@cache
def _names() -> dict[str, str] | None:
    """Each ISO 3166-1 state's name as `name_of` gives it, by its alpha-3 code in lower case (pycountry's lookups
    ignore case), read from pycountry's own database file: importing pycountry costs a run some 10 ms (it reads
    its package's metadata), where a case only needs its codes checked and named. None if the file is not where
    pycountry keeps it; pycountry is then asked."""
    import json
    from importlib.util import find_spec

    try:
        spec = find_spec("pycountry")
        folder = Path(next(iter(spec.submodule_search_locations or [])))  # type: ignore[union-attr]
        rows = json.loads((folder / "databases" / "iso3166-1.json").read_text(encoding="utf-8"))["3166-1"]
        return {row["alpha_3"].lower(): row.get("common_name") or row["name"] for row in rows}
    except (OSError, ValueError, LookupError, TypeError, AttributeError, StopIteration):
        return None


def name_of(code: str) -> str:
    if is_user_assigned(code):
        return f"abstract state {code}"
    names = _names()
    if names is not None:
        return names.get(code.lower(), code)
    country = _countries().get(alpha_3=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def is_state_code(code: str) -> bool:
    if is_user_assigned(code):
        return True
    names = _names()
    return code.lower() in names if names is not None else _countries().get(alpha_3=code) is not None


# ISO 3166 "exceptionally reserved" codes people write for the UK and Greece; pycountry does not list them.
_RESERVED = {"UK": "GB", "EL": "GR"}


def suggest(code: str) -> str:
    """The fix for a code that is not alpha-3: a matching alpha-2 code or country name, else the rule."""
    countries = _countries()
    if len(several := states_named(code)) > 1:  # a short name of several states: say which, guess none
        return f"{code!r} " + words.could_be([f"{name_of(c)} ({c})" for c in several])
    hit = None
    if len(code) == 2:
        code = _RESERVED.get(code.upper(), code)
        hit = countries.get(alpha_2=code.upper())
    if hit is None and len(code) == 3:
        hit = countries.get(alpha_3=code.upper())
    if hit is None and len(code) > 3:
        try:
            hit = countries.search_fuzzy(code)[0]
        except LookupError:
            hit = _nearest_name(code)  # a misspelt name ("Swden"), which pycountry's search does not find
    if hit is not None:
        return f"did you mean {hit.alpha_3} ({name_of(hit.alpha_3)})?"
    return (
        "use an ISO 3166-1 alpha-3 code in capitals, e.g. GBR for the United Kingdom "
        "(or a user-assigned code such as XAA for an abstract state)"
    )


def _nearest_name(text: str):  # type: ignore[no-untyped-def]
    import difflib

    by_name = {}
    for c in _countries():
        for n in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if n:
                by_name.setdefault(n.casefold(), c)
    close = difflib.get_close_matches(text.casefold(), list(by_name), n=1, cutoff=0.75)
    return by_name[close[0]] if close else None


def check_state_code(code: str) -> str:
    if not is_state_code(code):
        raise PydanticCustomError("state_code", "unknown state code '{value}'", {"value": code, "fix": suggest(code)})
    return code


# Names in common English use that ISO 3166 does not hold, each to the ISO name of the same state (as compared:
# lower case, single spaces; full stops dropped, so "U.K." is "uk").
_OTHER_NAMES = {
    "uk": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "us": "United States",
    "usa": "United States",
    "america": "United States",
    "holland": "Netherlands",
    "czech republic": "Czechia",
    "brunei": "Brunei Darussalam",
    "burma": "Myanmar",
    "cape verde": "Cabo Verde",
    "democratic republic of the congo": "Congo, The Democratic Republic of the",
    "dr congo": "Congo, The Democratic Republic of the",
    "east timor": "Timor-Leste",
    "ivory coast": "Côte d'Ivoire",
    "macedonia": "North Macedonia",
    "micronesia": "Micronesia, Federated States of",
    "palestine": "Palestine, State of",
    "russia": "Russian Federation",
    "swaziland": "Eswatini",
    "turkey": "Türkiye",
    "holy see": "Holy See (Vatican City State)",
    "vatican": "Holy See (Vatican City State)",
    "vatican city": "Holy See (Vatican City State)",
}


# Short names in common use for more than one state: never resolved to one of them, each to the ISO names of all.
_AMBIGUOUS = {
    "korea": ("Korea, Republic of", "Korea, Democratic People's Republic of"),
}


def _compared(text: str) -> str:
    wanted = " ".join(text.replace(".", "").split()).casefold()
    return wanted[4:] if wanted.startswith("the ") else wanted


def _code_named(name: str) -> str | None:
    for c in _countries():
        names = (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None))
        if name in {_compared(n) for n in names if n}:
            return str(c.alpha_3)
    return None


def states_named(text: str) -> tuple[str, ...]:
    """The alpha-3 codes of the states `text` may name: one for a whole name (ISO name, common or official name,
    or a name in common use such as UK, Turkey or Russia; any case, with or without "the"), several for a short
    name of more than one state ("Korea"), none for anything else."""
    wanted = _compared(text)
    if wanted in _AMBIGUOUS:
        return tuple(code for n in _AMBIGUOUS[wanted] if (code := _code_named(_compared(n))))
    code = _code_named(_compared(_OTHER_NAMES.get(wanted, wanted)))
    return (code,) if code else ()


def alpha_2(code: str) -> tuple[str, ...]:
    """The alpha-3 code of the state with this ISO alpha-2 code (in any case), as a tuple of one, or none."""
    hit = _countries().get(alpha_2=code.upper()) if len(code) == 2 else None
    return (str(hit.alpha_3),) if hit else ()


def state_named(text: str) -> str | None:
    """The alpha-3 code of the state `text` is the name of (see `states_named`), or None: for a name of several
    states too. Only whole names: a near miss gets the did-you-mean of `suggest`, never a silent guess."""
    codes = states_named(text)
    return codes[0] if len(codes) == 1 else None


def state_argument(text: str, argument: str) -> str:
    """A state given on the command line (`argument`: the option or argument, e.g. --from): an alpha-3 code (in
    any case) or a state's name ("Sweden", "Thailand"); else a CaseError naming the argument, with the fix a case
    file gets (the matching code, or the rule)."""
    from jurisdiction.errors import CaseError, Problem

    code = text.strip().upper()
    if len(code) == 3 and is_state_code(code):
        return code
    named = state_named(text)
    if named is not None:
        return named
    raise CaseError(
        argument, [Problem("", f"unknown state {text!r}", suggest(text.strip()))], where="on the command line"
    )
