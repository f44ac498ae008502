"""What every request and answer of `jurex serve` passes through: the version stamp, the request's size, where
it comes from, and the headers that keep a page's case data where it is.

The server is the user's own, on 127.0.0.1; the threat is another site's page in the same browser (a form or a
script aimed at http://127.0.0.1:8000 that would read or change the workspace) and a name that rebinds to
127.0.0.1 (DNS rebinding). So: only the local host names are served; a change (POST, PUT, PATCH, DELETE) is
refused when the browser says it comes from another site (Origin, Sec-Fetch-Site); the workbench's forms carry
a token that other sites cannot read (pages.checked_form); and every page forbids framing and outside scripts.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from jurisdiction import __version__, words
from jurisdiction.input.reader import MAX_BYTES

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGI = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_REQUEST = MAX_BYTES + 200_000  # one case file at its largest, and a form's other fields
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
PROBLEM = "application/problem+json"
HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",  # a page's address never goes to another site
    "x-frame-options": "DENY",
    "cache-control": "no-store",  # case data is not kept in the browser's cache
    "content-security-policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
}


def version_headers(data_version: str) -> dict[str, str]:
    """Every answer says which rules and which data gave it (OpenFisca's Web API does the same)."""
    return {"x-jurex-version": __version__, "x-jurex-data-version": data_version}


def problem_body(status: int, title: str, problems: list[dict[str, Any]], detail: str = "") -> dict[str, Any]:
    """An error as RFC 9457 problem details, with jurex's list of problems (field, line, problem, fix)."""
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body["problems"] = problems
    return body


class Guard:
    """ASGI middleware: the checks above, and the headers on every answer."""

    def __init__(self, app: ASGI, *, hosts: set[str], data_version: str, max_request: int = MAX_REQUEST) -> None:
        self.app, self.hosts, self.max_request = app, hosts, max_request
        self.stamp = [(k.encode(), v.encode()) for k, v in {**version_headers(data_version), **HEADERS}.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host = headers.get("host", "")
        if _host_name(host) not in self.hosts:
            await self._refuse(send, 421, "unknown host", words.WEB_UNKNOWN_HOST, words.WEB_UNKNOWN_HOST_FIX)
            return
        if scope["method"] in UNSAFE and not self._same_site(headers, host):
            await self._refuse(send, 403, "forbidden", words.WEB_FORBIDDEN_ORIGIN, words.WEB_FORBIDDEN_FIX)
            return
        length = headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > self.max_request:
            await self._too_large(send)
            return

        seen = 0
        started = False

        async def bounded_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_request:
                    raise _TooLarge
            return message

        async def stamped_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                given = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *((k, v) for k, v in self.stamp if k not in given)]
            await send(message)

        try:
            await self.app(scope, bounded_receive, stamped_send)
        except _TooLarge:
            if not started:
                await self._too_large(send)

    def _same_site(self, headers: dict[str, str], host: str) -> bool:
        site = headers.get("sec-fetch-site")
        if site in {"cross-site", "same-site"}:
            return False
        if site == "same-origin":  # the browser's own word, which no page can forge; it is needed because a
            return True  # page under Referrer-Policy: no-referrer sends its form posts with Origin: null
        origin = headers.get("origin")
        if origin is None:  # not sent by a browser's cross-site request (curl, TestClient, an old form)
            return True
        return origin != "null" and urlsplit(origin).netloc == host  # "null": a sandboxed frame, a file:// page

    async def _too_large(self, send: Send) -> None:
        message = words.WEB_TOO_LARGE.format(limit=self.max_request)
        await self._refuse(send, 413, "request too large", message, words.WEB_TOO_LARGE_FIX.format(limit=MAX_BYTES))

    async def _refuse(self, send: Send, status: int, title: str, message: str, fix: str) -> None:
        body = json.dumps(problem_body(status, title, [{"field": "", "problem": message, "fix": fix}])).encode()
        headers = [(b"content-type", PROBLEM.encode()), (b"content-length", str(len(body)).encode()), *self.stamp]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass


def _host_name(host: str) -> str:
    """The host of a Host header, without its port ("127.0.0.1:8000" -> "127.0.0.1", "[::1]:80" -> "::1")."""
    if host.startswith("["):
        return host[1 : host.find("]")]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
