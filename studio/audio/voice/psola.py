"""Praat's PSOLA: one phrase's laid-out source re-timed and re-pitched into song time.

The singer (studio.audio.voice.singer) decides everything before this: a Layout holds the
phrase's spoken pieces end to end, how much each is stretched and the pitch it is sung
at. See docs/decisions.md for why PSOLA over WORLD.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass

import numpy as np

# Hz: the lowest pitch Praat looks for in the spoken source. The neural voice ends a phrase
# near 62 Hz; with a 75 Hz floor PSOLA lost those periods and long notes sang an octave low.
PITCH_FLOOR = 50.0


@dataclass(frozen=True)
class Layout:
    """One phrase: a source signal and the maps that put it in song time."""

    offset: float  # song time where the phrase starts
    source: np.ndarray  # the sung pieces end to end
    durations: list[tuple[float, float, float]]  # (source start s, source end s, stretch factor)
    pitch_points: tuple[np.ndarray, np.ndarray]  # (source times, Hz)
    length: float  # seconds of song the phrase spans


def psola(layout: Layout, rate: int) -> np.ndarray:
    """The laid-out source re-timed and re-pitched by Praat's overlap-add."""
    import parselmouth  # here, not at import: the window starts without it
    from parselmouth.praat import call

    eps = 0.5 / rate
    duration_points = []
    source = layout.source
    for s0, s1, factor in layout.durations:
        duration_points += [(s0 + eps, factor), (s1 - eps, factor)] if s1 - s0 > 2 * eps else [(s0, factor)]
    total = len(source) / rate
    sound = parselmouth.Sound(source.astype(np.float64), rate)
    manipulation = call(sound, "To Manipulation", 0.01, PITCH_FLOOR, 600)
    # The glottal pulses PSOLA moves, found with lower silence and voicing thresholds than
    # "To Manipulation" uses: an unstressed vowel 20 dB under the phrase's loudest was
    # taken for silence, kept its spoken pitch, and sang two octaves under its note.
    pitch = call(sound, "To Pitch (ac)", 0.01, PITCH_FLOOR, 15, "no", 0.005, 0.3, 0.01, 0.35, 0.14, 600)
    call([manipulation, call([sound, pitch], "To PointProcess (cc)")], "Replace pulses")
    call([manipulation, _tier("DurationTier", total, duration_points)], "Replace duration tier")
    call([manipulation, _tier("PitchTier", total, zip(*layout.pitch_points))], "Replace pitch tier")
    # PSOLA fills voiceless stretches with randomly chosen periods: seeded, the same song
    # gives the same file.
    parselmouth.praat.run("random_initializeWithSeedUnsafelyButPredictably (1)")
    sung = call(manipulation, "Get resynthesis (overlap-add)").values[0].astype(np.float32)
    frames = int(round(layout.length * rate))
    return np.pad(sung, (0, max(0, frames - len(sung))))[:frames]


def _tier(kind: str, total: float, points) -> object:
    """A Praat tier read from a short text file: thousands of points in one call, where
    adding them one by one through parselmouth costs 80 us each."""
    import parselmouth

    rows = [f"{t:.7f} {v:.5f}" for t, v in points]
    text = f'File type = "ooTextFile"\nObject class = "{kind}"\n\n0\n{total:.7f}\n{len(rows)}\n' + "\n".join(rows)
    fd, path = tempfile.mkstemp(suffix=f".{kind}")
    try:
        with os.fdopen(fd, "w") as file:
            file.write(text + "\n")
        return parselmouth.Data.read(path)
    finally:
        os.unlink(path)
