"""Harmony training data: the Bach chorales, beat by beat, as (chord, melody) pairs.

Each chorale is chordified by music21; every beat's sounding pitch classes (weighted by
how long they sound, the bass counted double) are matched against triad and dominant-
seventh templates to name the chord, and the soprano's pitch classes in that beat are the
melody. Everything is relative to the chorale's key, so one table serves every key. The
result is a small JSON file of numbers, rebuilt by ``studio harmony``.
"""

from __future__ import annotations

from pathlib import Path

from studio.core.theory import CHORD_STEPS, chord_state
from studio.ml.corpus import source_files


def label_chord(weights: list[float], bass: int | None) -> int:
    """The template chord that best explains a beat's pitch-class weights.

    Score: weight inside the template minus weight outside it, plus a bonus when the bass is
    the root (root position is the common case); a seventh chord must earn its extra tone.
    """
    best, best_score = 0, float("-inf")
    total = sum(weights) or 1.0
    for quality, template in CHORD_STEPS.items():
        for root in range(12):
            members = {(root + step) % 12 for step in template}
            inside = sum(weights[pc] for pc in members)
            score = inside - (total - inside) - (0.15 * total if quality == "7" else 0.0)
            if bass == root:
                score += 0.3 * total
            if score > best_score:
                best, best_score = chord_state(root, quality), score
    return best


def chorale_beats(path: Path) -> dict | None:
    """{"work", "mode", "beats": [[chord, [12 melody weights], strength, melody pc at the beat], ...]}.

    strength is music21's beat strength of the beat (1 downbeat, 0.5 beat 3 of 4/4, ...);
    the melody pc is the soprano's pitch class sounding at the beat, or -1.
    """
    from music21 import converter

    score = converter.parse(str(path), forceSource=True, storePickle=False)
    parts = list(score.parts)
    if len(parts) != 4:
        return None
    key = score.analyze("key")
    tonic = key.tonic.pitchClass
    soprano = parts[0].flatten().notes
    chords = score.chordify().flatten().getElementsByClass("Chord")
    end = int(score.highestTime)
    sounding: list[list[float]] = [[0.0] * 12 for _ in range(end)]
    bass: list[int | None] = [None] * end
    strength: list[float] = [0.0] * end
    for chord in chords:
        start, stop = float(chord.offset), float(chord.offset + chord.quarterLength)
        low = min(chord.pitches, key=lambda p: p.ps).pitchClass
        for beat in range(int(start), min(end, int(stop + 0.999))):
            overlap = min(stop, beat + 1) - max(start, beat)
            if overlap <= 0:
                continue
            for pitch in chord.pitches:
                pc = (pitch.pitchClass - tonic) % 12
                sounding[beat][pc] += overlap * (2.0 if pitch.pitchClass == low else 1.0)
            if start <= beat:
                bass[beat] = (low - tonic) % 12
            if start == beat:
                strength[beat] = float(chord.beatStrength)
    melody: list[list[float]] = [[0.0] * 12 for _ in range(end)]
    at_beat = [-1] * end
    for note in soprano:
        start, stop = float(note.offset), float(note.offset + note.quarterLength)
        pc = (note.pitches[-1].pitchClass - tonic) % 12
        for beat in range(int(start), min(end, int(stop + 0.999))):
            overlap = min(stop, beat + 1) - max(start, beat)
            if overlap > 0:
                melody[beat][pc] += overlap
            if start <= beat < stop:
                at_beat[beat] = pc
    beats = [
        [label_chord(sounding[b], bass[b]), [round(w, 3) for w in melody[b]], strength[b], at_beat[b]]
        for b in range(end)
        if sum(melody[b]) > 0 and sum(sounding[b]) > 0
    ]
    return {"work": f"bach/{path.stem}", "mode": key.mode, "beats": beats} if beats else None


def chorale_files() -> list[Path]:
    return [p for p in source_files("bach") if p.suffix == ".mxl"]
