"""The harmony and the band, read from the Chords, Bass and Drums tracks.

Chords are named per half bar (a bar in triple meters), or per beat where the chords change
by the beat: the pitch classes the Chords track sounds there, weighted by how long they
sound, matched to chord templates (the bass's lowest note breaks ties), and written as
roman numerals relative to the key's own scale.
"""

from __future__ import annotations

from collections import Counter

from bench.songcraft.melody import section_endings
from bench.songcraft.phrasing import FRAME_SECTIONS
from bench.songcraft.prosody import position
from bench.songcraft.score import Piece

TEMPLATES = {
    "": (0, 4, 7), "m": (0, 3, 7), "dim": (0, 3, 6), "aug": (0, 4, 8), "7": (0, 4, 7, 10),
    "maj7": (0, 4, 7, 11), "m7": (0, 3, 7, 10), "m7b5": (0, 3, 6, 10), "sus2": (0, 2, 7),
    "sus4": (0, 5, 7), "add9": (0, 2, 4, 7), "6": (0, 4, 7, 9), "5": (0, 7),
}  # fmt: skip
NAMES = ("C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")
SCALE_DEGREES = {
    "major": {0: "I", 2: "II", 4: "III", 5: "IV", 7: "V", 9: "VI", 11: "VII"},
    "minor": {0: "I", 2: "II", 3: "III", 5: "IV", 7: "V", 8: "VI", 10: "VII"},
}
CHORD_TRACKS = ("chords", "piano", "keys", "guitar", "choir", "organ")
MINOR_QUALITIES = ("m", "dim", "m7", "m7b5")
SPAN_BARS = 8


def chord_slot(piece: Piece) -> int:
    beats = piece.bar // piece.beat
    return piece.bar // 2 if beats % 2 == 0 else piece.bar


def chord_track(piece: Piece) -> list[tuple[int, int, int]]:
    for name, notes in piece.band.items():
        if name.lower() in CHORD_TRACKS:
            return notes
    return []


def name_chord(weights: dict[int, float], bass: int | None) -> tuple[tuple[int, str, frozenset[int]] | None, float]:
    """(root, quality, its pitch classes) of the template nearest the weighted pitch
    classes, and how well it fits (Jaccard similarity, 1 for an exact match)."""
    if not weights:
        return None, 0.0
    top = max(weights.values())
    present = {pc for pc, w in weights.items() if w >= 0.25 * top}
    best, best_score, best_fit = None, -1.0, 0.0
    for root in range(12):
        for quality, shape in TEMPLATES.items():
            tones = frozenset((root + s) % 12 for s in shape)
            fit = len(tones & present) / len(tones | present)
            score = fit + (0.05 if root == bass else 0.0) - 0.01 * (len(shape) - 3)  # a triad unless the 7th is there
            if score > best_score:
                best, best_score, best_fit = (root, quality, tones), score, fit
    return best, best_fit


def roman(root: int, quality: str, tonic: int, mode: str) -> str:
    """Degree relative to the key's own scale: in A minor, C is III and F is VI."""
    degree = (root - tonic) % 12
    scale = SCALE_DEGREES[mode]
    if degree in scale:
        numeral = scale[degree]
    else:
        flat = (degree + 1) % 12
        numeral = "b" + scale[flat] if flat in scale and flat else "#" + scale[(degree - 1) % 12]
    if quality in MINOR_QUALITIES:
        numeral = numeral.lower()
    return numeral + {"m": "", "dim": "°", "m7": "7", "m7b5": "ø7"}.get(quality, quality)


def _named(chords, bass_notes, start: int, end: int):
    weights: dict[int, float] = {}
    for pitch, s, e in chords:
        overlap = min(e, end) - max(s, start)
        if overlap > 0:
            weights[pitch % 12] = weights.get(pitch % 12, 0.0) + overlap
    low = [p for p, s, e in bass_notes if s < end and e > start]
    return name_chord(weights, min(low) % 12 if low else None)


def chord_slots(piece: Piece) -> list[tuple[int, int, tuple[int, str, frozenset[int]] | None]]:
    """(start, end, chord or None) over the whole song: half bars, or the beats of a half
    bar where each beat holds a full chord that fits better (a chorale changes per beat;
    an arpeggio's single beat is too few notes to name)."""
    size, chords = chord_slot(piece), chord_track(piece)
    bass_notes = next((n for name, n in piece.band.items() if name.lower() == "bass"), [])
    slots = []
    for start in range(0, piece.end_tick, size):
        whole, fit = _named(chords, bass_notes, start, start + size)
        beats = [(b, b + piece.beat) for b in range(start, start + size, piece.beat)]
        parts = [_named(chords, bass_notes, a, b) for a, b in beats]
        full = all(c and len(c[2]) >= 3 and f == 1.0 for c, f in parts)
        if len(beats) > 1 and full and fit < 1.0 and len({c[:2] for c, _ in parts}) > 1:
            slots += [(a, b, c) for (a, b), (c, _) in zip(beats, parts)]
        else:
            slots.append((start, start + size, whole))
    return slots


def _chord_at(slots, tick: int):
    for start, end, chord in slots:
        if start <= tick < end:
            return chord
    return None


def harmony(piece: Piece) -> dict:
    slots = chord_slots(piece)
    named = [c for _, _, c in slots if c]
    if not named:
        return {}
    symbols = [NAMES[r] + q for r, q, _ in named]
    numerals = Counter(roman(r, q, piece.tonic, piece.mode) for r, q, _ in named)
    changes = sum(a != b for a, b in zip(symbols, symbols[1:]))
    strong = [n for n in piece.notes if position(piece, n.start)[1]]
    fits = [(n.pitch % 12) in chord[2] for n in strong if (chord := _chord_at(slots, n.start))]
    endings = [(p % 12) in chord[2] for _, t, p in section_endings(piece) if (chord := _chord_at(slots, t))]
    return {
        "distinct_chords": len(set(symbols)),
        "chord_changes_per_bar": changes / (slots[-1][1] / piece.bar),
        "top_chord_share": max(Counter(symbols).values()) / len(symbols),
        "strong_beat_chord_tones": sum(fits) / len(fits) if fits else None,
        "sections_end_on_chord_tone": sum(endings) / len(endings) if endings else None,
        "vocabulary": dict(numerals.most_common()),
        "progression": " ".join(_runs(symbols)),
    }


def _runs(symbols: list[str]) -> list[str]:
    runs = []
    for symbol in symbols:
        if not runs or runs[-1] != symbol:
            runs.append(symbol)
    return runs


def _section_spans(piece: Piece) -> list[tuple[str, int, int]]:
    end = piece.end_tick
    marks = piece.sections
    return [(label, tick, marks[i + 1][0] if i + 1 < len(marks) else end) for i, (tick, label) in enumerate(marks)]


def arrangement(piece: Piece) -> dict:
    """How full each kind of section is, the groove's density, and repeated 8-bar spans."""
    by_kind: dict[str, dict[str, float]] = {}
    for label, start, end in _section_spans(piece):
        kind = label.split()[0].lower()
        bars = (end - start) / piece.bar
        if bars <= 0:
            continue
        notes = sum(1 for part in piece.band.values() for _, s, _ in part if start <= s < end)
        hits = sum(1 for _, s in piece.drums if start <= s < end)
        players = sum(1 for part in piece.band.values() if any(start <= s < end for _, s, _ in part))
        players += 1 if hits else 0
        row = by_kind.setdefault(kind, {"bars": 0.0, "notes": 0, "hits": 0, "players": 0.0, "count": 0})
        row["bars"] += bars
        row["notes"] += notes + hits
        row["hits"] += hits
        row["players"] += players
        row["count"] += 1
    fullness = {
        kind: {"notes_per_bar": r["notes"] / r["bars"], "drum_hits_per_bar": r["hits"] / r["bars"],
               "instruments": r["players"] / r["count"]}
        for kind, r in by_kind.items()
    }  # fmt: skip
    sung_bars = sum(r["bars"] for k, r in by_kind.items() if k not in FRAME_SECTIONS) or 1.0
    bass = next((n for name, n in piece.band.items() if name.lower() == "bass"), [])
    result = {
        "fullness": fullness,
        "drum_hits_per_bar": len(piece.drums) / max(1.0, piece.end_tick / piece.bar),
        "bass_notes_per_bar": len(bass) / max(1.0, piece.end_tick / piece.bar),
        "repeated_8_bar_spans": _repeated_spans(piece, bass),
        "sung_bars": sung_bars,
    }
    if "chorus" in fullness and "verse" in fullness:
        chorus, verse = fullness["chorus"], fullness["verse"]
        result["chorus_minus_verse_notes_per_bar"] = chorus["notes_per_bar"] - verse["notes_per_bar"]
        result["chorus_minus_verse_instruments"] = chorus["instruments"] - verse["instruments"]
        result["chorus_minus_verse_drum_hits"] = chorus["drum_hits_per_bar"] - verse["drum_hits_per_bar"]
    return result


def _repeated_spans(piece: Piece, bass) -> float | None:
    """Share of consecutive 8-bar spans whose drums and bass are identical."""
    span = SPAN_BARS * piece.bar
    count = piece.end_tick // span
    if count < 2:
        return None

    def signature(k: int) -> tuple:
        lo, hi = k * span, (k + 1) * span
        drums = tuple((p, s - lo) for p, s in piece.drums if lo <= s < hi)
        low = tuple((p, s - lo, e - s) for p, s, e in bass if lo <= s < hi)
        return drums, low

    signatures = [signature(k) for k in range(count)]
    return sum(a == b for a, b in zip(signatures, signatures[1:])) / (count - 1)
