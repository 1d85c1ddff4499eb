"""The endpoint paths of each engine, as a table (kept for callers and docs; profiles.py is the source)."""

from __future__ import annotations

from .profiles import PROFILES, Target, target_for

PRESETS: dict[str, tuple[str, str, str | None]] = {n: p.paths for n, p in PROFILES.items()}

remote_endpoints = target_for

__all__ = ["PRESETS", "Target", "remote_endpoints"]
