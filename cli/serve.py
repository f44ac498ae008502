"""`jurex serve`: the workbench in the browser, and the HTTP API, on this computer."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from jurisdiction.cli.common import fail


def serve(
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace",
            "-w",
            metavar="DIR",
            help="The folder of case files the workbench reads and saves (ordinary YAML case files, the CLI's "
            "schema). Default: jurex-cases in your home folder.",
        ),
    ] = None,
    port: Annotated[
        int, typer.Option("--port", "-p", min=1, max=65535, metavar="PORT", help="The port to listen on.")
    ] = 8000,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            metavar="ADDRESS",
            help="The address to listen on. 127.0.0.1 (the default) is this computer alone; any other is warned "
            "about: the cases concern child victims.",
        ),
    ] = "127.0.0.1",
    timeout: Annotated[
        float,
        typer.Option("--timeout", min=1.0, metavar="SECONDS", help="Seconds a solve may take before it is a 503."),
    ] = 30.0,
) -> None:
    """Start the workbench: open the address it prints in a browser. Cases are built in a form, answered with
    their reasons, changed in a what-if, compared across regimes and printed as memos; trainers build and grade
    exercises. The same is served as JSON under /api/v1/ (OpenAPI at /openapi.json, docs at /api/docs). Nothing
    leaves this computer; no case data goes into addresses or logs."""
    from jurisdiction import words

    for module, package in (("fastapi", "FastAPI"), ("uvicorn", "uvicorn"), ("jinja2", "Jinja2"),
                            ("python_multipart", "python-multipart")):  # fmt: skip
        try:
            __import__(module)
        except ImportError:
            fail(f"jurex serve: {words.WEB_MISSING.format(package=package)}\n    fix: {words.WEB_MISSING_FIX}", 2)
    import uvicorn

    from jurisdiction.web.app import LOCAL_HOSTS, create_app
    from jurisdiction.web.workspace import default_folder

    _check_port(host, port)
    folder = (workspace or default_folder()).expanduser()
    if host not in LOCAL_HOSTS:
        typer.echo(words.WEB_NOT_LOCAL.format(host=host), err=True)
    app = create_app(folder, host=host, timeout=timeout)
    shown = f"[{host}]" if ":" in host else host
    typer.echo(words.WEB_SERVING.format(url=f"http://{shown}:{port}/", workspace=folder.resolve()))
    # No access log: a request's path and query are not written anywhere (they carry no case data by design,
    # and a log is where such data would leak first).
    uvicorn.run(app, host=host, port=port, access_log=False, log_level="warning")


def _check_port(host: str, port: int) -> None:
    """Refuse at once, with the fix, an address that cannot be listened on (uvicorn would log and exit 1)."""
    import socket

    from jurisdiction import words

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            reason = exc.strerror or str(exc)
            fail(f"jurex serve: {words.WEB_CANNOT_LISTEN.format(host=host, port=port, reason=reason)}\n"
                 f"    fix: {words.WEB_CANNOT_LISTEN_FIX.format(port=port + 1)}", 2)  # fmt: skip
