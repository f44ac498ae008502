"""Cases: the workspace's case files and the bundled library."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from jurisdiction.web.common import render, state

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def cases(request: Request) -> HTMLResponse:
    from jurisdiction.apps.library import library

    return render(request, "cases.html", {"workspace": state(request).workspace.entries(), "library": library()})
