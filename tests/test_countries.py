"""State codes are checked and named from pycountry's database file, without importing pycountry
(input/countries.py): the same answers as pycountry's own lookups, for every code it has and for codes it has not."""

from __future__ import annotations

import pycountry
import pytest

from jurisdiction.input import countries
from jurisdiction.input.countries import is_state_code, name_of

CODES = [c.alpha_3 for c in pycountry.countries]
NOT_CODES = ["XYZ", "GB", "UK", "", "gbr", "Gbr", "GBRR", " GBR", "ǅǅǅ", "İTA", "ita", "XAA", "QZZ", "AAA"]


def by_pycountry(code: str) -> tuple[bool, str]:
    if countries.is_user_assigned(code):
        return True, f"abstract state {code}"
    country = pycountry.countries.get(alpha_3=code)
    return country is not None, (getattr(country, "common_name", None) or country.name) if country else code


def test_the_database_file_is_read() -> None:
    names = countries._names()
    assert names is not None and len(names) == len(CODES) == 249


@pytest.mark.parametrize("code", CODES + [c.lower() for c in CODES] + NOT_CODES)
def test_codes_are_checked_and_named_as_pycountry_does(code: str) -> None:
    assert (is_state_code(code), name_of(code)) == by_pycountry(code)


def test_without_the_file_pycountry_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(countries, "_names", lambda: None)
    for code in ["GBR", "gbr", "TWN", "XYZ", "XAA"]:
        assert (is_state_code(code), name_of(code)) == by_pycountry(code)
