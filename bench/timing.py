"""Timing shared by the benchmarks: wall-clock and CPU seconds, best of several runs."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Timing:
    """Wall-clock and CPU seconds (CPU: this process's, all threads): CPU is steadier on a busy machine."""

    wall: float
    cpu: float

    def __or__(self, other: Timing) -> Timing:
        """The faster of two measurements of the same work, each figure on its own."""
        return Timing(min(self.wall, other.wall), min(self.cpu, other.cpu))

    def __add__(self, other: Timing) -> Timing:
        return Timing(self.wall + other.wall, self.cpu + other.cpu)


NO_TIME = Timing(0.0, 0.0)


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[Any, Timing]:
    """The value of the last run and the best timing of ``repeat`` runs."""
    best: Timing | None = None
    value = None
    for _ in range(max(1, repeat)):
        wall, cpu = time.perf_counter(), time.process_time()
        value = fn()
        took = Timing(time.perf_counter() - wall, time.process_time() - cpu)
        best = took if best is None else best | took
    assert best is not None
    return value, best
