"""Does the vocal stem sing the MIDI's own Vocal notes? Praat's F0 of the dry stem against
each note's frequency, octave included: a musician imports both into a DAW."""

from __future__ import annotations

import numpy as np

from bench.songcraft.score import Piece

TOLERANCE_CENTS = 50.0
STEP = 0.01  # seconds between pitch frames
FLOOR, CEILING = 60.0, 1100.0  # Hz: a low bass to a high soprano
SKIP_START, SKIP_END = 0.08, 0.03  # seconds of each note left out: the glide in, the release


def f0_track(samples: np.ndarray, rate: int) -> tuple[np.ndarray, np.ndarray]:
    """(times, Hz with 0 where unvoiced) of a mono or (frames, channels) signal."""
    import parselmouth

    mono = samples.mean(axis=1) if samples.ndim == 2 else samples
    pitch = parselmouth.Sound(mono.astype(np.float64), rate).to_pitch(STEP, FLOOR, CEILING)
    return pitch.xs(), pitch.selected_array["frequency"]


def agreement(piece: Piece, times: np.ndarray, hz: np.ndarray) -> dict:
    """Of the voiced frames inside the notes: the share within 50 cents of the note, and the
    share an octave away (within 50 cents of 12 semitones up or down)."""
    cents = []
    for note in piece.notes:
        start, end = piece.seconds(note.start) + SKIP_START, piece.seconds(note.end) - SKIP_END
        inside = (times >= start) & (times < end) & (hz > 0)
        if inside.any():
            target = 440.0 * 2 ** ((note.pitch - 69) / 12)
            cents.append(1200 * np.log2(hz[inside] / target))
    if not cents:
        return {"f0_within_50c": None, "f0_octave_off": None, "voiced_frames": 0}
    c = np.concatenate(cents)
    return {
        "f0_within_50c": float(np.mean(np.abs(c) < TOLERANCE_CENTS)),
        "f0_octave_off": float(np.mean(np.abs(np.abs(c) - 1200) < TOLERANCE_CENTS)),
        "f0_median_cents": float(np.median(c)),
        "voiced_frames": int(len(c)),
    }


def vocal_agreement(piece: Piece, stem_path) -> dict:
    import soundfile

    samples, rate = soundfile.read(str(stem_path), dtype="float32")
    return agreement(piece, *f0_track(samples, rate))
