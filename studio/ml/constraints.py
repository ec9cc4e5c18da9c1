"""What the melody decoder may say next: masks over the vocabulary.

The hard limits of generation (a singable range in key, onsets that move forward, lengths
the vocabulary spells) are enforced here, token by token, by removing what would break
them, not by sampling again until lucky. Where the words go is decided before decoding
(studio.compose.rhythm), not by masks.
"""

from __future__ import annotations

from studio.core.theory import MAJOR_SCALE, MINOR_SCALE, Meter
from studio.ml.tokens import DURATIONS, PITCH_HIGH, PITCH_LOW, STEP, TOKEN_ID

POSITION_TOKENS = [TOKEN_ID[f"pos:{p}"] for p in range(192)]
PITCH_TOKENS = {p: TOKEN_ID[f"pitch:{p:+d}"] for p in range(PITCH_LOW, PITCH_HIGH + 1)}
DURATION_TOKENS = {d: TOKEN_ID[f"dur:{d}"] for d in DURATIONS}


def positions(meter: Meter, earliest_step: int) -> list[int]:
    """pos tokens inside the current bar at or after ``earliest_step`` (in 20-tick steps)."""
    return [POSITION_TOKENS[p] for p in range(max(0, earliest_step), meter.bar_ticks // STEP)]


def pitches(mode: str, low: int, high: int, in_key: bool = True) -> list[int]:
    """pitch tokens (semitones from the tonic) from ``low`` to ``high``, in the scale if asked."""
    scale = set(MAJOR_SCALE if mode == "major" else MINOR_SCALE)
    if mode == "minor":
        scale.add(11)  # the raised leading tone of harmonic minor, which cadences need
    return [
        PITCH_TOKENS[p] for p in range(max(low, PITCH_LOW), min(high, PITCH_HIGH) + 1) if not in_key or p % 12 in scale
    ]


def durations(min_ticks: int = 1, max_ticks: int | None = None) -> list[int]:
    """dur tokens whose length lies in [min_ticks, max_ticks]; at least the nearest one."""
    allowed = [
        DURATION_TOKENS[d] for d in DURATIONS if d * STEP >= min_ticks and (max_ticks is None or d * STEP <= max_ticks)
    ]
    if allowed:
        return allowed
    target = max_ticks if max_ticks is not None else min_ticks
    return [DURATION_TOKENS[min(DURATIONS, key=lambda d: abs(d * STEP - target))]]
