"""A TestClient on a fresh workspace, for the web tests (jurex serve's app, as 127.0.0.1 serves it)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from jurisdiction.web.app import create_app
from jurisdiction.web.common import CSRF_COOKIE, CSRF_FIELD

BASE = "http://127.0.0.1:8000"


def client(workspace: Path, **options: object) -> TestClient:
    return TestClient(create_app(workspace, **options), base_url=BASE)  # type: ignore[arg-type]


def token(c: TestClient) -> dict[str, str]:
    """The form token a page gave this browser, as a form field to send back."""
    if CSRF_COOKIE not in c.cookies:
        c.get("/")
    return {CSRF_FIELD: c.cookies[CSRF_COOKIE]}
