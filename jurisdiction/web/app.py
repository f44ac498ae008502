"""The web application: the workbench's pages and the HTTP API on one FastAPI app, on the same library and the
same words as the command line. This module only assembles: each page or group of pages is a router in
web/pages/, the API is web/api.py; what they share (the workspace, the templates, running a solve under the
limits, the errors) is in web/common.py."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from jurisdiction import __version__
from jurisdiction.web import common
from jurisdiction.web.guard import Guard

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
STATIC = Path(__file__).parent / "static"


def create_app(workspace: Path, *, host: str = "127.0.0.1", timeout: float = 30.0) -> FastAPI:
    """The app serving `workspace` (created if missing). `host`: the address it is bound to (also accepted as a
    Host header); `timeout`: seconds a solve may take before the answer is 503."""
    from jurisdiction.data.states import bundled
    from jurisdiction.web import api
    from jurisdiction.web.pages import ROUTERS

    data = bundled()
    app = FastAPI(
        title="jurex",
        version=__version__,
        summary="Jurisdiction and extradition reasoning under the OPSC and related instruments.",
        docs_url=None,  # FastAPI's page loads Swagger UI from a CDN by an inline script: pages.api_docs serves it
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.jurex = common.State.make(workspace, data, timeout)
    common.install_error_handlers(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    for router in ROUTERS:  # pages are HTML for people: the OpenAPI document describes the API alone
        app.include_router(router, include_in_schema=False)
    hosts = LOCAL_HOSTS | {host}  # (tests: TestClient(app, base_url="http://127.0.0.1"))
    app.add_middleware(Guard, hosts=hosts, data_version=data.version)
    return app
