"""State codes: ISO 3166-1 alpha-3, checked against pycountry."""

from __future__ import annotations

from functools import cache

from pydantic_core import PydanticCustomError


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


def name_of(code: str) -> str:
    if is_user_assigned(code):
        return f"abstract state {code}"
    country = _countries().get(alpha_3=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def is_state_code(code: str) -> bool:
    return is_user_assigned(code) or _countries().get(alpha_3=code) is not None


# ISO 3166 "exceptionally reserved" codes people write for the UK and Greece; pycountry does not list them.
_RESERVED = {"UK": "GB", "EL": "GR"}


def suggest(code: str) -> str:
    """The fix for a code that is not alpha-3: a matching alpha-2 code or country name, else the rule."""
    countries = _countries()
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
            hit = None
    if hit is not None:
        return f"did you mean {hit.alpha_3} ({name_of(hit.alpha_3)})?"
    return (
        "use an ISO 3166-1 alpha-3 code in capitals, e.g. GBR for the United Kingdom "
        "(or a user-assigned code such as XAA for an abstract state)"
    )


def check_state_code(code: str) -> str:
    if not is_state_code(code):
        raise PydanticCustomError("state_code", "unknown state code '{value}'", {"value": code, "fix": suggest(code)})
    return code
