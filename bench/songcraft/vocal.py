"""Does the vocal stem sing the MIDI's own Vocal notes? Praat's F0 of the dry stem against
each note's frequency, octave included: a musician imports both into a DAW. The measure is
the app's own (studio.audio.voice.pitch)."""

from __future__ import annotations

import numpy as np

from bench.songcraft.score import Piece
from studio.audio.voice.pitch import agreement as pitch_agreement
from studio.audio.voice.pitch import f0_track


def agreement(piece: Piece, times: np.ndarray, hz: np.ndarray) -> dict:
    """Of the voiced frames inside the notes: the share within 50 cents of the note, and the
    share an octave away (within 50 cents of 12 semitones up or down)."""
    notes = ((piece.seconds(n.start), piece.seconds(n.end), n.pitch) for n in piece.notes)
    report = pitch_agreement(notes, times, hz)
    if not report.voiced_frames:
        return {"f0_within_50c": None, "f0_octave_off": None, "voiced_frames": 0}
    return {
        "f0_within_50c": report.share,
        "f0_octave_off": report.octave_share,
        "f0_median_cents": report.median_cents,
        "voiced_frames": report.voiced_frames,
    }


def vocal_agreement(piece: Piece, stem_path) -> dict:
    import soundfile

    samples, rate = soundfile.read(str(stem_path), dtype="float32")
    return agreement(piece, *f0_track(samples, rate))
