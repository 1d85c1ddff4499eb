"""VoID's dump sizes are measured by producing every dump: that work is rationed (found by the soak, issue 7).

While articles are being published the triple count changes every second, and each VoID request used to start
a new measurement (three whole dumps, gzipped) as soon as the previous one ended: under `make soak` a core
was kept busy measuring, and a dump-sizes file piled up per state. Now a measurement starts at most once per
SIZES_DUTY times the last one's duration, across the workers of an instance, and only the newest file is kept.
"""

from __future__ import annotations

import json
import time

from kg.config import Settings
from kg.web import Endpoints, create_app
from kg.web import void as void_module


class FakeStore:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.dumps = 0

    def dump(self, media: str):
        self.dumps += 1
        time.sleep(self.seconds / 3)  # three dumps per measurement
        yield b"<http://x/s> <http://x/p> <http://x/o> .\n" * 100


class FakeEndpoints(Endpoints):
    def __init__(self, fake: FakeStore):
        super().__init__("http://127.0.0.1:9/query", "http://127.0.0.1:9/update", None, 2.0)
        self.fake = fake

    def store(self):
        return self.fake


def _settle() -> None:
    deadline = time.monotonic() + 10
    while void_module._sizing.locked() and time.monotonic() < deadline:
        time.sleep(0.01)


def test_dump_sizes_are_measured_at_most_once_per_twenty_measurement_durations(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(void_module, "SIZES_MIN_GAP", 0.0, raising=False)
    fake = FakeStore(seconds=0.15)
    app = create_app(
        Settings(store=str(tmp_path / "store"), cache_dir=str(tmp_path / "cache")),
        FakeEndpoints(fake),
    )
    with app.test_request_context("/.well-known/void"):
        assert void_module.dump_sizes("1000") is None  # not known yet: a measurement starts
        _settle()
        assert fake.dumps == 3
        sizes = void_module.dump_sizes("1000")
        assert sizes and sizes["dump.nt"] == 4100 and sizes["dump.nq.gz"] > 0

        took = json.loads((tmp_path / "cache" / "dump-sizes-last.json").read_text())["seconds"]
        assert took >= 0.15
        for n in range(
            1001, 1011
        ):  # the count moves on (an ingest): no new measurement for 20 × `took`
            assert void_module.dump_sizes(str(n)) is None
            _settle()
        assert fake.dumps == 3

        time.sleep(void_module.SIZES_DUTY * took - (time.time() - _last_start(tmp_path)) + 0.1)
        assert void_module.dump_sizes("2000") is None  # due again: measured once more
        _settle()
        assert fake.dumps == 6
        assert void_module.dump_sizes("2000")["dump.nt"] == 4100
        kept = sorted(p.name for p in (tmp_path / "cache").glob("dump-sizes-*.json"))
        assert kept == [
            "dump-sizes-2000.json",
            "dump-sizes-last.json",
        ]  # older states' files are removed


def _last_start(tmp_path) -> float:
    return json.loads((tmp_path / "cache" / "dump-sizes-last.json").read_text())["at"]
