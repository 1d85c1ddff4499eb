"""Memory of the server over time, sampled from /proc: the master, the gunicorn workers and the engine.

RSS double-counts pages the forked workers share with each other; PSS (from smaps_rollup) shares them out,
so the sum of PSS is what the processes together really take. PSS is split into anonymous memory (heap,
caches: where a leak shows) and file-backed pages (the engine maps its database files: those pages grow
with the part of the database read so far, are bounded by its size and are reclaimable). All per role.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path


def rss_pss_kb(pid: int) -> tuple[int, int, int]:
    """(RSS, PSS, anonymous PSS) in KiB."""
    rss = pss = anon = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
            elif line.startswith("Pss_Anon:"):
                anon = int(line.split()[1])
    except (OSError, ValueError):
        pass
    return rss, pss, anon


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (its own threads; reaped children not included)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


@dataclass
class Sample:
    t: float  # seconds since the sampler started
    rss: dict[str, int]  # role -> KiB
    pss: dict[str, int]
    anon: dict[str, int]
    pids: dict[str, list[int]]
    load1: float
    cpu: dict[str, float] = field(
        default_factory=dict
    )  # role -> CPU seconds used so far by its live processes

    def total_pss_mb(self, roles=("master", "workers", "engine")) -> float:
        return sum(self.pss.get(r, 0) for r in roles) / 1024

    def total_anon_mb(self, roles=("master", "workers", "engine")) -> float:
        return sum(self.anon.get(r, 0) for r in roles) / 1024

    def mb(self, role: str, kind: str = "pss") -> float:
        return getattr(self, kind).get(role, 0) / 1024


@dataclass
class MemorySampler:
    """Samples `roles()` (role -> pids) every `every` seconds in a background thread."""

    roles: callable
    every: float = 5.0
    samples: list[Sample] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="soak-memory", daemon=True)
        self._t0 = time.monotonic()

    def start(self) -> MemorySampler:
        self._t0 = time.monotonic()
        self._thread.start()
        return self

    def stop(self) -> list[Sample]:
        self._stop.set()
        self._thread.join()
        self.sample()
        return self.samples

    def sample(self) -> Sample:
        pids = self.roles()
        rss, pss, anon = {}, {}, {}
        for role, group in pids.items():
            rss[role] = pss[role] = anon[role] = 0
            for pid in group:
                r, p, a = rss_pss_kb(pid)
                rss[role] += r
                pss[role] += p
                anon[role] += a
        cpu = {role: sum(cpu_seconds(pid) for pid in group) for role, group in pids.items()}
        s = Sample(time.monotonic() - self._t0, rss, pss, anon, pids, os.getloadavg()[0], cpu)
        self.samples.append(s)
        return s

    def _loop(self) -> None:
        while not self._stop.wait(0 if not self.samples else self.every):
            self.sample()


def slope_mb_per_min(
    samples: list[Sample], role_set=("master", "workers", "engine"), anon: bool = False
) -> float:
    """Least-squares slope of the summed PSS (or its anonymous part), MB per minute."""
    if len(samples) < 2:
        return 0.0
    xs = [s.t / 60 for s in samples]
    ys = [s.total_anon_mb(role_set) if anon else s.total_pss_mb(role_set) for s in samples]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else 0.0
