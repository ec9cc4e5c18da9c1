"""Ticks <-> seconds through a tempo map, in the spirit of mido's tick2second."""

from __future__ import annotations

from bisect import bisect_right

from studio.core.theory import PPQ


def tick_seconds(bpm: float) -> float:
    """Length of one tick in seconds at a tempo."""
    return 60.0 / (bpm * PPQ)


class TempoMap:
    """Piecewise-constant tempo: a list of (tick, bpm) changes, the first at tick 0."""

    def __init__(self, changes: list[tuple[int, float]]):
        if not changes:
            changes = [(0, 120.0)]
        changes = sorted(changes)
        if changes[0][0] != 0:
            changes.insert(0, (0, changes[0][1]))
        for tick, bpm in changes:
            if not 1.0 <= bpm <= 1000.0:
                raise ValueError(f"tempo must be 1-1000 BPM, not {bpm}")
            if tick < 0:
                raise ValueError(f"tempo change at a negative tick ({tick})")
        self._ticks = [t for t, _ in changes]
        self._bpms = [b for _, b in changes]
        # Seconds at each change, so a lookup is one bisect and one multiply.
        self._seconds = [0.0]
        for i in range(1, len(changes)):
            span = self._ticks[i] - self._ticks[i - 1]
            self._seconds.append(self._seconds[-1] + span * tick_seconds(self._bpms[i - 1]))

    def __eq__(self, other) -> bool:
        return isinstance(other, TempoMap) and (self._ticks, self._bpms) == (other._ticks, other._bpms)

    def __hash__(self) -> int:
        return hash((tuple(self._ticks), tuple(self._bpms)))

    def tick_to_seconds(self, tick: float) -> float:
        i = max(bisect_right(self._ticks, tick) - 1, 0)
        return self._seconds[i] + (tick - self._ticks[i]) * tick_seconds(self._bpms[i])

    def seconds_to_tick(self, seconds: float) -> float:
        i = max(bisect_right(self._seconds, seconds) - 1, 0)
        return self._ticks[i] + (seconds - self._seconds[i]) / tick_seconds(self._bpms[i])
