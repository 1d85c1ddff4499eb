"""Who may write: the holder of KG_WRITE_TOKEN, shown as `Authorization: Bearer T` (CONTRACT.md §2)."""

from __future__ import annotations

import hmac

from flask import request

from . import settings
from .errors import error_response


def write_refusal():
    """None when the request may write; otherwise the 401/403 answer to send back.

    The comparison is constant-time so the token cannot be guessed byte by byte from response times.
    """
    token = settings().write_token
    if not token:
        return error_response(
            403,
            "Forbidden",
            "this service is read-only: writes are disabled (no KG_WRITE_TOKEN is set)",
        )
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    if not header or scheme.lower() != "bearer" or not given.strip():
        return error_response(
            401,
            "Unauthorized",
            "writing needs a token: send 'Authorization: Bearer <token>'",
            {"WWW-Authenticate": 'Bearer realm="kg"'},
        )
    if not hmac.compare_digest(given.strip().encode("utf-8"), token.encode("utf-8")):
        return error_response(
            403,
            "Forbidden",
            "the bearer token is not valid for writing",
            {"WWW-Authenticate": 'Bearer realm="kg", error="invalid_token"'},
        )
    return None
