"""The workbench's pages: one module per page or group of pages, each a router; this list only registers them
(the order is that of the routes' matching)."""

from __future__ import annotations

from fastapi import APIRouter

from jurisdiction.web.pages import answer, api_docs, cases, states, trainers

ROUTERS: list[APIRouter] = [cases.router, answer.router, trainers.router, states.router, api_docs.router]
