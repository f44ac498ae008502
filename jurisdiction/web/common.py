"""What the pages and the API share: the app's state (workspace, state data, templates), running the library
under the limits, errors as problem details or as a page, and the forms' token.

A solve runs in a worker thread under engine.solver.limited: the engine checks its deadline while grounding,
solving and decoding, and the request waits at most a few seconds longer, then answers 503 (never a hang). A
case over the size bounds is refused before grounding: 413. A case file's problems are a 400 listing each with
its field, line and fix, the messages of the command line.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException as StarletteHTTPException

from jurisdiction import __version__, words
from jurisdiction.data.states import StateData
from jurisdiction.engine.solver import LimitReached, Limits, limited
from jurisdiction.errors import CaseError
from jurisdiction.web.guard import PROBLEM, problem_body
from jurisdiction.web.workspace import Workspace

T = TypeVar("T")
TEMPLATES = Path(__file__).parent / "templates"
CSRF_COOKIE = "jurex_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
MAX_FORM_FIELDS = 20_000  # a case form of hundreds of acts (Starlette's default, 1,000, refuses a large case)
GRACE = 5.0  # seconds past the engine's deadline before the request gives up on its thread


@dataclass
class State:
    workspace: Workspace
    data: StateData
    timeout: float
    templates: Jinja2Templates

    @classmethod
    def make(cls, folder: Path, data: StateData, timeout: float) -> State:
        templates = Jinja2Templates(directory=TEMPLATES)  # autoescape on: a title of <script> shows as text
        templates.env.globals.update(version=__version__, data_version=data.version, words=words)
        return cls(Workspace(folder), data, timeout, templates)


def state(request: Request) -> State:
    return request.app.state.jurex  # type: ignore[no-any-return]


async def run(request: Request, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`work(*args, **kwargs)` in a thread, under the app's time limit: LimitReached when it is reached."""
    seconds = state(request).timeout

    def bounded() -> T:
        with limited(Limits(timeout=seconds)):
            return work(*args, **kwargs)

    try:
        return await asyncio.wait_for(asyncio.to_thread(bounded), seconds + GRACE)
    except TimeoutError:
        raise LimitReached(words.WEB_TIMEOUT.format(seconds=seconds), words.WEB_TIMEOUT_FIX, cut_short=True) from None


def case_problems(exc: CaseError) -> list[dict[str, Any]]:
    """A case file's problems as the API lists them (the same fields as `jurex batch`'s error lines)."""
    return [{"field": p.path, "line": p.line, "problem": p.message, "fix": p.fix} for p in exc.problems]


def problem(status: int, title: str, problems: list[dict[str, Any]], detail: str = "") -> JSONResponse:
    return JSONResponse(problem_body(status, title, problems, detail), status_code=status, media_type=PROBLEM)


def wants_page(request: Request) -> bool:
    return not request.url.path.startswith("/api/")


def install_error_handlers(app: FastAPI) -> None:
    """Errors as problem details under /api/, as a page elsewhere; the server stays up whatever a file holds."""

    @app.exception_handler(CaseError)
    async def bad_case(request: Request, exc: CaseError) -> Response:
        if wants_page(request):
            return error_page(request, 400, str(exc))
        head = str(exc).split("\n", 1)[0]
        return problem(400, "the case cannot be used as it is", case_problems(exc), head)

    @app.exception_handler(LimitReached)
    async def limit(request: Request, exc: LimitReached) -> Response:
        status = 503 if exc.cut_short else 413
        if wants_page(request):
            return error_page(request, status, f"{exc.message}\nfix: {exc.fix}")
        title = "no answer within the time limit" if exc.cut_short else "the case is too large to solve"
        return problem(status, title, [{"field": "", "line": None, "problem": exc.message, "fix": exc.fix}])

    @app.exception_handler(StarletteHTTPException)  # FastAPI's own, and the router's 404 and 405
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = str(exc.detail)
        if wants_page(request):
            return error_page(request, exc.status_code, detail)
        return problem(exc.status_code, detail, [{"field": "", "line": None, "problem": detail, "fix": ""}])


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", {"status": status, "message": message}, status=status)


def not_found() -> HTTPException:
    return HTTPException(404, words.WEB_NOT_FOUND)


# --- Pages: rendering with the form token, and reading a form that must carry it


def csrf_token(request: Request) -> str:
    """The browser's token: kept in a cookie that only this site's pages can read (SameSite=Strict)."""
    token = request.cookies.get(CSRF_COOKIE)
    if not token:
        token = getattr(request.state, "new_csrf", None) or secrets.token_urlsafe(24)
        request.state.new_csrf = token
    return token


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, *, status: int = 200
) -> HTMLResponse:
    """A page (or an htmx fragment) from templates/, with the form token and the navigation's current page."""
    token = csrf_token(request)
    response = state(request).templates.TemplateResponse(
        request, template, {"csrf_token": token, "csrf_field": CSRF_FIELD, **(context or {})}, status_code=status
    )
    if request.cookies.get(CSRF_COOKIE) != token:
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict")
    return response


async def checked_form(request: Request) -> FormData:
    """The form a page sent, once its token matches the browser's: another site's page cannot send one (FastAPI
    dependency for every route that changes the workspace from a page)."""
    form = await request.form(max_fields=MAX_FORM_FIELDS)
    cookie = request.cookies.get(CSRF_COOKIE)
    sent = form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER)
    if not cookie or not isinstance(sent, str) or not secrets.compare_digest(cookie, sent):
        raise HTTPException(403, f"{words.WEB_CSRF}; {words.WEB_CSRF_FIX}")
    return form


# A page route that changes the workspace takes its form so: the token is checked before the route runs.
CheckedForm = Annotated[FormData, Depends(checked_form)]


# --- A case, as the pages and the API name it: in the workspace (w, by key) or in the bundled library (b, by id)


@dataclass(frozen=True)
class Opened:
    where: str  # "w" or "b"
    key: str  # the workspace key, or the bundled case's id
    name: str  # the file's name (shown on the page, never put in a URL)
    text: str  # the file as written

    @property
    def url(self) -> str:
        return f"/cases/{self.where}/{self.key}"

    @property
    def editable(self) -> bool:
        return self.where == "w"


def open_case(request: Request, where: str, key: str) -> Opened:
    """The case file a URL names, as text; 404 for anything else (an unknown key, a path, another folder)."""
    if where == "w":
        entry = state(request).workspace.find(key)
        if entry is None:
            raise not_found()
        return Opened("w", key, entry.name, state(request).workspace.read(entry))
    if where == "b":
        from jurisdiction.apps.library import library

        found = next((e for e in library() if e.id == key), None)
        if found is None:
            raise not_found()
        return Opened("b", key, found.path.name, found.text())
    raise not_found()


def load_opened(opened: Opened) -> Any:
    """The case, validated as the CLI validates it (CaseError with each problem otherwise)."""
    from jurisdiction.input.loader import load_text

    return load_text(opened.text, opened.name)
