"""How the notes are sung rather than spoken, by a style's Singing (studio.core.singing):
the pitch curve (glides between joined notes, vibrato that starts late on long notes), a
phrase's dynamics, the inhale before a phrase that follows a rest, and breathiness.

Each is a small sum over numpy arrays of a take or its notes; the noises are seeded, so a
song renders the same file every time.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from studio.audio.voice.envelope import moving_mean, sung_rms
from studio.core.singing import Singing

MELISMA_GAP = 0.03  # seconds: notes this close are joined (a melisma, a legato line)
PHRASE_REST = 0.15  # seconds of silence between two notes that end a sung phrase
BREATH_REST = 0.3  # a rest at least this long has an audible inhale at its end
BREATH_LONGEST = 0.45  # seconds: an inhale takes at most this much of the rest ...
BREATH_SHARE = 0.6  # ... and at most this share of it
BREATH_BAND = (700.0, 5000.0)  # Hz: an inhale's noise, an open "h" through the mouth
AIR_FROM_HZ = 1800.0  # breathiness: aspiration noise above this follows the voice's level
AIR_DB = -14.0  # aspiration at breathiness 1 against the voice
ENVELOPE_SECONDS = 0.01
_SEED = 20261202


class Timed(Protocol):
    start: float
    end: float
    pitch: float


def f0_curve(t: np.ndarray, notes: list[Timed], singing: Singing) -> np.ndarray:
    """Hz at song times t: the notes' pitches, a glide across each joined boundary (a third
    as long over a leap wider than ``glide_interval``), vibrato on long notes."""
    starts = np.array([n.start for n in notes])
    ends = np.array([n.end for n in notes])
    pitches = np.array([n.pitch for n in notes])
    lengths = ends - starts
    index = np.clip(np.searchsorted(starts, t, side="right") - 1, 0, len(notes) - 1)
    pitch = pitches[index]
    # Portamento across each joined boundary j (note j-1 into note j), centred on the beat.
    glide = np.zeros(len(notes))
    joined = np.zeros(len(notes), bool)
    joined[1:] = starts[1:] - ends[:-1] <= MELISMA_GAP
    leap = np.zeros(len(notes))
    leap[1:] = np.abs(np.diff(pitches))
    longest = np.where(leap > singing.glide_interval, singing.glide / 3, singing.glide)
    glide[1:] = np.minimum(longest[1:], 0.3 * np.minimum(lengths[:-1], lengths[1:]))
    for boundary in (index, np.minimum(index + 1, len(notes) - 1)):  # the one behind t and the one ahead
        x = (t - starts[boundary] + glide[boundary] / 2) / np.maximum(glide[boundary], 1e-9)
        near = joined[boundary] & (boundary > 0) & (x >= 0) & (x < 1) & (glide[boundary] > 0)
        before, after = pitches[np.maximum(boundary - 1, 0)], pitches[boundary]
        pitch = np.where(near, before + (after - before) * (1 - np.cos(np.pi * x)) / 2, pitch)
    since = t - starts[index] - singing.vibrato_delay
    vibrato = (lengths[index] >= singing.vibrato_delay + singing.vibrato_ramp) & (since >= 0) & (t < ends[index])
    depth = singing.vibrato_depth * np.clip(since / max(singing.vibrato_ramp, 1e-9), 0, 1)
    pitch = pitch + np.where(vibrato, depth * np.sin(2 * np.pi * singing.vibrato_rate * since), 0.0)
    return 440.0 * 2 ** ((pitch - 69) / 12)


def phrase_dynamics(notes: list[Timed], swell_db: float) -> list[float]:
    """A linear gain per note: a phrase (notes between rests) grows towards its middle and
    its high notes and eases off at its end, ``swell_db`` from its quietest to its loudest
    note. Singers crescendo to a phrase's peak and lean on its high notes."""
    gains = np.ones(len(notes))
    first = 0
    for k in range(1, len(notes) + 1):
        if k < len(notes) and notes[k].start - notes[k - 1].end <= PHRASE_REST:
            continue
        phrase = range(first, k)
        pitches = np.array([notes[i].pitch for i in phrase])
        span = pitches.max() - pitches.min()
        height = (pitches - pitches.min()) / span if span else np.full(len(pitches), 0.5)
        arc = np.sin(np.pi * (np.arange(len(pitches)) + 0.5) / len(pitches))
        level = 0.5 * arc + 0.5 * height  # 0 (quietest) .. 1 (the peak)
        gains[first:k] = 10 ** (swell_db * (level - 1) / 20)
        first = k
    return [float(g) for g in gains]


def breath_times(phrases: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """(start, end) in song seconds of an inhale before each phrase that follows a rest of
    BREATH_REST or more (the song's first phrase too, when it does not start at once).
    ``phrases``: (start, end) of each stretch of sound, in order."""
    breaths, previous_end = [], 0.0
    for start, end in phrases:
        rest = start - previous_end
        if rest >= BREATH_REST:
            length = min(BREATH_LONGEST, BREATH_SHARE * rest)
            breaths.append((start - length, start))
        previous_end = end
    return breaths


def add_breaths(take: np.ndarray, rate: int, breaths: list[tuple[float, float]], level_db: float) -> np.ndarray:
    """Inhales written into the silences of ``take``, ``level_db`` against its sung RMS:
    band-limited noise that swells and stops just before the phrase."""
    voice = sung_rms(take)
    if not breaths or not voice:
        return take
    out = take.copy()
    rng = np.random.default_rng(_SEED)
    for start, end in breaths:
        a, b = max(0, int(start * rate)), min(len(out), int(end * rate))
        if b - a < 16:
            continue
        noise = _band_noise(rng, b - a, rate, *BREATH_BAND)
        x = np.linspace(0, 1, b - a)
        shape = np.sin(np.pi * x**1.6) ** 2  # slow in, quick out: the breath is taken, then held
        out[a:b] += (noise * shape * voice * 10 ** (level_db / 20)).astype(np.float32)
    return out


def add_air(take: np.ndarray, rate: int, breathiness: float) -> np.ndarray:
    """Aspiration under the voice: high noise at the voice's own level, by ``breathiness``."""
    if breathiness <= 0 or not len(take):
        return take
    power = np.maximum(moving_mean(np.square(take, dtype=np.float64), ENVELOPE_SECONDS * rate), 0.0)
    noise = _band_noise(np.random.default_rng(_SEED + 1), len(take), rate, AIR_FROM_HZ, rate / 2)
    return (take + noise * np.sqrt(power) * breathiness * 10 ** (AIR_DB / 20)).astype(np.float32)


def _band_noise(rng: np.random.Generator, count: int, rate: int, low: float, high: float) -> np.ndarray:
    """White noise kept to [low, high] Hz, at unit RMS."""
    spectrum = np.fft.rfft(rng.standard_normal(count))
    freqs = np.fft.rfftfreq(count, 1 / rate)
    spectrum[(freqs < low) | (freqs > high)] = 0
    noise = np.fft.irfft(spectrum, count)
    rms = float(np.sqrt(np.mean(noise**2)))
    return noise / rms if rms else noise
