"""How well a rendered vocal sings its notes: F0 estimated back from the audio by Praat.

The one measure the app's tests, the guide-vocal benchmarks and the songcraft benchmark
use: of the frames Praat finds voiced inside the notes (each note's glide in and release
left out), the share within 50 cents of the note, and the share an octave off.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

TOLERANCE_CENTS = 50.0
FRAME_STEP = 0.01  # seconds between pitch frames
FLOOR, CEILING = 60.0, 1100.0  # Hz: a low bass to a high soprano
SKIP_START, SKIP_END = 0.08, 0.03  # seconds of each note left out: the glide in, the release


@dataclass(frozen=True)
class PitchReport:
    voiced_frames: int
    within: int  # voiced frames within TOLERANCE_CENTS of their note
    octave_off: int  # voiced frames within TOLERANCE_CENTS of an octave above or below it
    median_cents: float  # signed: below the notes when negative
    notes_heard: int  # notes with at least one voiced frame
    notes: int

    @property
    def share(self) -> float:
        return self.within / self.voiced_frames if self.voiced_frames else 0.0

    @property
    def octave_share(self) -> float:
        return self.octave_off / self.voiced_frames if self.voiced_frames else 0.0


def f0_track(samples: np.ndarray, rate: int) -> tuple[np.ndarray, np.ndarray]:
    """(times, Hz with 0 where unvoiced) of a mono or (frames, channels) signal."""
    import parselmouth

    mono = samples.mean(axis=1) if samples.ndim == 2 else samples
    pitch = parselmouth.Sound(mono.astype(np.float64), rate).to_pitch(FRAME_STEP, FLOOR, CEILING)
    return pitch.xs(), pitch.selected_array["frequency"]


def agreement(notes: Iterable[tuple[float, float, float]], times: np.ndarray, hz: np.ndarray) -> PitchReport:
    """``notes`` as (start, end seconds, MIDI pitch as sung) against an F0 track."""
    errors, heard, count = [], 0, 0
    for start, end, pitch in notes:
        count += 1
        inside = (times >= start + SKIP_START) & (times < end - SKIP_END) & (hz > 0)
        if inside.any():
            heard += 1
            errors.append(1200 * np.log2(hz[inside] / (440.0 * 2 ** ((pitch - 69) / 12))))
    cents = np.concatenate(errors) if errors else np.zeros(0)
    return PitchReport(
        voiced_frames=len(cents),
        within=int(np.sum(np.abs(cents) < TOLERANCE_CENTS)),
        octave_off=int(np.sum(np.abs(np.abs(cents) - 1200) < TOLERANCE_CENTS)),
        median_cents=float(np.median(cents)) if len(cents) else float("nan"),
        notes_heard=heard,
        notes=count,
    )


def pitch_report(samples: np.ndarray, rate: int, notes) -> PitchReport:
    """``samples`` mono (or (frames, channels), averaged); ``notes`` with start/end seconds
    and a MIDI ``pitch`` as sung (SungNote)."""
    return agreement(((n.start, n.end, n.pitch) for n in notes), *f0_track(samples, rate))
