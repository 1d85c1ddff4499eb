"""`/health`: whether this instance can reach its engine — for load balancers and supervisors."""

from __future__ import annotations

import time

from flask import Blueprint, jsonify

from . import settings, store

bp = Blueprint("health", __name__)


@bp.get("/health")
def health():
    started = time.perf_counter()
    ok = store().ping()
    body = {
        "status": "ok" if ok else "unavailable",
        "engine": "remote" if settings().is_remote else "embedded",
        "engine_answers": ok,
        "latency_ms": round((time.perf_counter() - started) * 1000, 1),
    }
    resp = jsonify(body)
    resp.status_code = 200 if ok else 503
    resp.headers["Cache-Control"] = "no-store"
    if not ok:
        resp.headers["Retry-After"] = "5"
    return resp
