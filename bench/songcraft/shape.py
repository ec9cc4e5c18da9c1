"""The melody's shape as a songwriter hears it: what sounds on the strong beats against the
lead sheet's chords, leaps and how they resolve, where the high note falls, how long weak
syllables are held, and whether the chorus's hook comes back varied or sequenced.

Chords are read from the lead-sheet symbols (the text events of song.mid), the way a
musician reads them; the sung note at a strong beat is whatever note sounds there, started
on the beat or held over it.
"""

from __future__ import annotations

import re

from bench.songcraft.band import TEMPLATES
from bench.songcraft.melody import LEAP, _kind, _section_of
from bench.songcraft.prosody import stress_pattern
from bench.songcraft.score import Piece, normalise_word, sung_words

WEAK_HELD_SECONDS = 1.5  # a weak syllable held longer than this is heard as a stretched "-ing"
HOOK_NOTES = 3  # a line that starts with the hook's first notes (pitch and rhythm) brings it back
SEQUENCE_NOTES = 4  # notes of a line that, moved by a scale step, open another line
_SYMBOL = re.compile(r"^([A-G])([#b]?)(.*)$")
_LETTERS = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}


def symbol_tones(symbol: str) -> frozenset[int] | None:
    """Pitch classes of a lead-sheet symbol such as 'F#m', 'Bb7' or 'Cdim'; None if it is not one."""
    match = _SYMBOL.match(symbol.strip())
    if not match or match.group(3) not in TEMPLATES:
        return None
    root = (_LETTERS[match.group(1)] + {"#": 1, "b": -1}.get(match.group(2), 0)) % 12
    return frozenset((root + step) % 12 for step in TEMPLATES[match.group(3)])


def _lead_sheet(piece: Piece) -> list[tuple[int, frozenset[int]]]:
    return [(tick, tones) for tick, text in piece.chord_symbols if (tones := symbol_tones(text)) is not None]


def heard_chord_tones(piece: Piece) -> float | None:
    """Share of strong beats under the singing whose sounding note is a tone of the chord there."""
    chords = _lead_sheet(piece)
    if not chords or not piece.notes:
        return None
    strong = piece.meter.strong_beats()
    hits = total = 0
    k = 0
    for note in piece.notes:
        first = -(-note.start // piece.beat) * piece.beat
        for tick in range(first, note.end, piece.beat):
            if (tick % piece.bar) // piece.beat not in strong:
                continue
            while k + 1 < len(chords) and chords[k + 1][0] <= tick:
                k += 1
            if chords[k][0] > tick:
                continue
            total += 1
            hits += note.pitch % 12 in chords[k][1]
    return hits / total if total else None


def leaps(piece: Piece) -> dict:
    """Leaps over a fifth, and the share followed by a step (1-2 semitones) the other way."""
    pitches = [n.pitch for n in piece.notes]
    steps = [b - a for a, b in zip(pitches, pitches[1:])]
    found = [i for i, s in enumerate(steps) if abs(s) > LEAP]
    resolved = [i for i in found if i + 1 < len(steps) and 1 <= abs(steps[i + 1]) <= 2 and steps[i + 1] * steps[i] < 0]
    return {"leaps_resolved": len(resolved) / len(found) if found else None}


def _held_lengths(piece: Piece) -> list[float]:
    """Seconds each syllable is sung, its held continuation notes included."""
    lengths = [0.0] * len(piece.notes)
    owner = None
    for i, note in enumerate(piece.notes):
        if note.syllable is not None:
            owner = i
        if owner is not None:
            lengths[owner] = piece.seconds(note.end) - piece.seconds(piece.notes[owner].start)
    return lengths


def weak_lengths(piece: Piece) -> dict:
    """Weak syllables (unstressed in the CMU dictionary) held over 1.5 s, and lines whose
    longest syllable is a weak one."""
    lengths = _held_lengths(piece)
    weak: set[int] = set()
    for word, indices in sung_words(piece.notes):
        pattern = stress_pattern(normalise_word(word), len(indices)) if len(indices) > 1 else None
        weak.update(i for digit, i in zip(pattern or "", indices) if digit == "0")
    long_weak = sum(1 for i in weak if lengths[i] > WEAK_HELD_SECONDS)
    lines = [[i for i in line if piece.notes[i].syllable is not None] for line in piece.lines]
    lines = [line for line in lines if len(line) > 1]
    weak_longest = 0
    for line in lines:
        longest = max(lengths[i] for i in line)
        top = [i for i in line if lengths[i] >= longest - 1e-6]
        weak_longest += all(i in weak for i in top)
    return {
        "weak_held_long": long_weak,
        "weak_longest_in_line": weak_longest / len(lines) if lines else None,
    }


def chorus_peak(piece: Piece) -> float | None:
    """1 when the song's highest sung note is in a chorus, 0 when not; None without a chorus."""
    kinds = [_kind(_section_of(piece, n.start)) for n in piece.notes]
    if "chorus" not in kinds:
        return None
    top = max(n.pitch for n in piece.notes)
    return float(any(n.pitch == top and kind == "chorus" for n, kind in zip(piece.notes, kinds)))


def _line_shape(piece: Piece, line: list[int]) -> list[tuple[int, int]]:
    """(pitch, onset from the line's first note) of a line's notes."""
    first = piece.notes[line[0]].start
    return [(piece.notes[i].pitch, piece.notes[i].start - first) for i in line]


def _degree(piece: Piece, pitch: int) -> int | None:
    """Scale steps from the tonic (a diatonic index), None off the scale."""
    scale = (0, 2, 4, 5, 7, 9, 11) if piece.mode == "major" else (0, 2, 3, 5, 7, 8, 10)
    octave, pc = divmod(pitch - piece.tonic, 12)
    return octave * 7 + scale.index(pc) if pc in scale else None


def hooks(piece: Piece) -> dict:
    """Whether the first chorus's first line returns varied (its first notes, pitch and
    rhythm, opening a line that then goes elsewhere), and whether any line's opening is
    sung again a scale step or more higher or lower (a sequence)."""
    shapes = [_line_shape(piece, line) for line in piece.lines]
    chorus = [k for k, label in enumerate(piece.line_sections) if label.split()[0].lower() == "chorus"]
    result: dict = {"hook_varied": None, "sequence": 0.0 if shapes else None}
    if chorus:
        hook = shapes[chorus[0]]
        head = hook[:HOOK_NOTES]
        result["hook_varied"] = float(any(
            k != chorus[0] and shape[:HOOK_NOTES] == head and shape != hook for k, shape in enumerate(shapes)
        ))  # fmt: skip
    for a, b in zip(shapes, shapes[1:]):
        if len(a) < SEQUENCE_NOTES or len(b) < SEQUENCE_NOTES:
            continue
        if [t for _, t in a[:SEQUENCE_NOTES]] != [t for _, t in b[:SEQUENCE_NOTES]]:
            continue
        da = [_degree(piece, p) for p, _ in a[:SEQUENCE_NOTES]]
        db = [_degree(piece, p) for p, _ in b[:SEQUENCE_NOTES]]
        if None in da or None in db:
            continue
        moves = {y - x for x, y in zip(da, db)}
        if len(moves) == 1 and moves != {0}:
            result["sequence"] = 1.0
            break
    return result


def shape(piece: Piece) -> dict:
    return {
        "heard_chord_tones": heard_chord_tones(piece),
        **leaps(piece),
        **weak_lengths(piece),
        "chorus_peak": chorus_peak(piece),
        **hooks(piece),
    }
