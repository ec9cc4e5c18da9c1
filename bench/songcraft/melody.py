"""Rhythm and pitch of the sung line: note lengths, syncopation, density, intervals, range,
the chorus against the verse, and where sections end."""

from __future__ import annotations

import math
from collections import Counter

from bench.songcraft.phrasing import FRAME_SECTIONS
from bench.songcraft.score import Piece

LEAP = 7  # semitones: a leap "over a fifth" is larger than this
CHANT = 5  # the fifth note in a row on one pitch and those after it are heard as a chant


def length_unit(piece: Piece) -> int:
    """Quarter-beats (a sixteenth in 4/4); a sixth of the dotted-quarter beat (a sixteenth)
    in compound meters, so that eighths and sixteenths stay apart there too."""
    return piece.beat // 6 if piece.meter.compound else piece.beat // 4


def length_entropy(lengths: list[int]) -> tuple[float, float]:
    """(entropy in bits, share of the most common value)."""
    counts = Counter(lengths)
    total = sum(counts.values())
    entropy = -sum(c / total * math.log2(c / total) for c in counts.values())
    return entropy, max(counts.values()) / total


def rhythm(piece: Piece) -> dict:
    notes = piece.notes
    if not notes:
        return {}
    unit = length_unit(piece)
    lengths = [max(1, round((n.end - n.start) / unit)) for n in notes]
    entropy, common = length_entropy(lengths)
    span_beats = (max(n.end for n in notes) - notes[0].start) / piece.beat
    syllables = sum(1 for n in notes if n.syllable)
    return {
        "length_entropy": entropy,
        "common_length_share": common,
        "syncopation": sum(1 for n in notes if n.start % piece.beat) / len(notes),
        "notes_per_beat": len(notes) / span_beats if span_beats else None,
        "syllables_per_beat": syllables / span_beats if span_beats else None,
        "notes_per_syllable": len(notes) / syllables if syllables else None,
    }


def _section_of(piece: Piece, tick: int) -> str:
    label = ""
    for start, name in piece.sections:
        if start > tick:
            break
        label = name
    return label


def _kind(label: str) -> str:
    return label.split()[0].lower() if label else ""


def section_endings(piece: Piece) -> list[tuple[str, int, int]]:
    """(section label, tick, pitch) of the last sung note of each sung section."""
    last: dict[str, tuple[int, int]] = {}
    for note in piece.notes:
        label = _section_of(piece, note.start)
        if _kind(label) not in FRAME_SECTIONS:
            last[label] = (note.start, note.pitch)
    return [(label, tick, pitch) for label, (tick, pitch) in last.items()]


def endings_by_step(piece: Piece, endings: list[tuple[str, int, int]]) -> int:
    """Section ends whose last note is reached by a step (one or two semitones): the line
    comes home 2-1 or 7-1 rather than falling onto it from a third or a fifth."""
    index = {note.start: i for i, note in enumerate(piece.notes)}
    steps = 0
    for _, tick, pitch in endings:
        i = index[tick]
        steps += i > 0 and 1 <= abs(pitch - piece.notes[i - 1].pitch) <= 2
    return steps


def chanted(pitches: list[int]) -> int:
    """Notes sung as the CHANT-th or later in a row on one pitch."""
    count, run = 0, 1
    for a, b in zip(pitches, pitches[1:]):
        run = run + 1 if a == b else 1
        count += run >= CHANT
    return count


def trilled(pitches: list[int]) -> int:
    """Notes sung as the CHANT-th or later of a run that alternates two pitches (C D C D C)."""
    count, run = 0, 1
    for i in range(1, len(pitches)):
        alternates = pitches[i] != pitches[i - 1] and (run < 2 or pitches[i] == pitches[i - 2])
        run = run + 1 if alternates else 2 if pitches[i] != pitches[i - 1] else 1
        count += run >= CHANT
    return count


def held_moves(notes) -> dict:
    """Melisma notes (a vowel held on from the note before) and those reached by a step;
    nothing for a tune without words (Essen's), whose notes are all "held"."""
    if not any(n.syllable is not None for n in notes):
        return {}
    held = [(a, b) for a, b in zip(notes, notes[1:]) if b.syllable is None and b.start == a.end]
    return {"n_held": len(held), "n_held_by_step": sum(1 <= abs(b.pitch - a.pitch) <= 2 for a, b in held)}


def pitch(piece: Piece) -> dict:
    pitches = [n.pitch for n in piece.notes]
    if len(pitches) < 2:
        return {}
    steps = [abs(b - a) for a, b in zip(pitches, pitches[1:])]
    by_kind: dict[str, list[int]] = {}
    for note in piece.notes:
        by_kind.setdefault(_kind(_section_of(piece, note.start)), []).append(note.pitch)
    mean = lambda xs: sum(xs) / len(xs)  # noqa: E731
    chorus, verse = by_kind.get("chorus"), by_kind.get("verse")
    chorus_lift = mean(chorus) - mean(verse) if chorus and verse else None
    endings = section_endings(piece)
    return {
        "mean_interval": mean(steps),
        "repeated_notes": sum(s == 0 for s in steps) / len(steps),
        "n_chanted": chanted(pitches),
        "n_trilled": trilled(pitches),
        **held_moves(piece.notes),
        "n_pitched": len(pitches),
        "leaps_over_fifth": sum(s > LEAP for s in steps) / len(steps),
        "range": max(pitches) - min(pitches),
        "lowest": min(pitches),
        "highest": max(pitches),
        "chorus_minus_verse": chorus_lift,
        "n_endings_by_step": endings_by_step(piece, endings),
        "n_endings": len(endings),
        "song_ends_on_tonic": float((pitches[-1] - piece.tonic) % 12 == 0),
        "sections_end_on_tonic": sum((p - piece.tonic) % 12 == 0 for _, _, p in endings) / len(endings)
        if endings
        else None,
    }
