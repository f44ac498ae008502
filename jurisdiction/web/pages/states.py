"""States: each state's party status under every regime on a date (`jurex states`), and one state's records,
reservations and national law, every value with its source (`jurex states show CODE`).

The date, the regime and the status are query parameters: they are not case data (a page about a real state's
law on a day, the same for every user)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from jurisdiction import words
from jurisdiction.web.common import render, run, state

router = APIRouter()


def _with_fix(message: str, fix: str) -> str:
    return f"{message} (fix: {fix})"


def _day(at: str, errors: dict[str, str]) -> dt.date | None:
    """The date of `?at=` (today when empty, as `jurex states` without --at); None and an error otherwise."""
    if not at.strip():
        return dt.date.today()
    try:
        return dt.date.fromisoformat(at.strip())
    except ValueError:
        errors["at"] = _with_fix(words.STATES_NOT_A_DATE.format(value=at), words.STATES_DATE_FIX)
        return None


@router.get("/states", response_class=HTMLResponse)
async def states(request: Request, at: str = "", regime: str = "", status: str = "") -> HTMLResponse:
    from jurisdiction.apps.states import SHOWN, status_at
    from jurisdiction.vocabulary import PARTY_STATUSES

    errors: dict[str, str] = {}
    day = _day(at, errors)
    one = next((r for r in SHOWN if r.name == regime), None)
    if regime and one is None:
        names = ", ".join(r.name for r in SHOWN)
        errors["regime"] = _with_fix(words.STATES_NO_REGIME, words.STATES_ONE_OF.format(names=names))
    if status and status not in PARTY_STATUSES:
        one_of = words.STATES_ONE_OF.format(names=", ".join(PARTY_STATUSES))
        errors["status"] = _with_fix(words.STATES_NO_STATUS.format(value=status), one_of)
    rows: list[Any] = []
    if day is not None and not errors:
        rows = await run(request, status_at, day, state(request).data)
        if status:
            rows = [r for r in rows if r.status_under(one.name if one else "opsc") == status]
    context = {
        "day": day,
        "at": day.isoformat() if day else at,
        "regimes": SHOWN,
        "one": one,
        "status": status,
        "statuses": PARTY_STATUSES,
        "rows": rows,
        "errors": errors,
    }
    return render(request, "states.html", context, status=400 if errors else 200)


@router.get("/states/{code}", response_class=HTMLResponse)
async def state_page(request: Request, code: str, at: str = "") -> HTMLResponse:
    from jurisdiction.apps.states import SHOWN, describe
    from jurisdiction.input.countries import is_state_code
    from jurisdiction.render.states import RECORD_FIELDS

    if not (len(code) == 3 and code.isascii() and code.isupper() and is_state_code(code)):
        raise HTTPException(404, words.WEB_STATES_UNKNOWN.format(code=code[:20]))
    errors: dict[str, str] = {}
    day = _day(at, errors) or dt.date.today()
    profile = await run(request, describe, code, day, state(request).data)
    context = {
        "p": profile,
        "at": at if errors else day.isoformat(),
        "errors": errors,
        "opsc": SHOWN[0],
        "fields": RECORD_FIELDS,
        "period": _period,
    }
    return render(request, "states_show.html", context, status=400 if errors else 200)


def _period(value: dict[str, Any]) -> str:
    """When a bundled value holds, as `jurex states show` says it."""
    return words.period(value["from"], value["until"] or "") if value.get("from") else words.UNDATED
