"""The HTTP API under /api/v1/: JSON in and out, the same JSON as `jurex ... -f json`, errors as problem details."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api/v1", tags=["api"])
