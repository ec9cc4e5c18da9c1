"""How well a rendered vocal sings its notes: F0 estimated back from the audio.

The measure the guide-vocal benchmark and tests use: of the frames Praat finds voiced
inside the notes, the share whose F0 lies within 50 cents of the note sounding then.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

TOLERANCE_CENTS = 50.0
FRAME_STEP = 0.01  # seconds


@dataclass(frozen=True)
class PitchReport:
    voiced_frames: int
    within: int  # voiced frames within TOLERANCE_CENTS of their note
    median_abs_cents: float
    notes_heard: int  # notes with at least one voiced frame
    notes: int

    @property
    def share(self) -> float:
        return self.within / self.voiced_frames if self.voiced_frames else 0.0


def pitch_report(samples: np.ndarray, rate: int, notes) -> PitchReport:
    """``samples`` mono (or (frames, channels), averaged); ``notes`` with start/end seconds
    and a MIDI ``pitch`` as sung (SungNote)."""
    import parselmouth

    mono = samples.mean(axis=1) if samples.ndim == 2 else samples
    pitch = parselmouth.Sound(mono.astype(np.float64), rate).to_pitch(FRAME_STEP, 60.0, 1000.0)
    hz, times = pitch.selected_array["frequency"], pitch.xs()
    errors, heard = [], 0
    for note in notes:
        inside = (times >= note.start) & (times < note.end) & (hz > 0)
        if inside.any():
            heard += 1
            target = 440.0 * 2 ** ((note.pitch - 69) / 12)
            errors.append(1200 * np.log2(hz[inside] / target))
    cents = np.abs(np.concatenate(errors)) if errors else np.zeros(0)
    return PitchReport(
        voiced_frames=len(cents),
        within=int(np.sum(cents < TOLERANCE_CENTS)),
        median_abs_cents=float(np.median(cents)) if len(cents) else float("nan"),
        notes_heard=heard,
        notes=len(notes),
    )
