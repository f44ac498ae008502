"""The API's interactive documentation: Swagger UI, vendored, on the OpenAPI document at /openapi.json."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from jurisdiction.web.common import state

router = APIRouter()


@router.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
def api_docs(request: Request) -> HTMLResponse:
    return state(request).templates.TemplateResponse(request, "api_docs.html", {})
