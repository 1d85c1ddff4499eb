"""The shared shape of the soak's side activities: a daemon thread started at t0 and stopped on demand."""

from __future__ import annotations

import threading


class Background:
    """Subclasses are dataclasses with a `_loop` method that checks `self._stop`."""

    thread_name = "soak-background"

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=self.thread_name, daemon=True)

    def start(self, t0: float):
        self._t0 = t0
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:  # pragma: no cover - interface
        raise NotImplementedError
