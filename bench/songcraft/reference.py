"""Human reference rows, measured by the same code as Studio's songs: the held-out Essen
folksongs and Bach chorale sopranos of the melody model's split, and the English songs
music21 ships (the only English lyric melodies in its corpus).

Parsing takes a few minutes, so the rows are kept in reference.json beside this file and
made again by ``bench/bench_songcraft.py --reference``.
"""

from __future__ import annotations

import json
from pathlib import Path

from bench.songcraft.melody import pitch, rhythm
from bench.songcraft.phrasing import phrasing
from bench.songcraft.prosody import prosody
from bench.songcraft.score import Meter, Piece, SungNote
from bench.songcraft.shape import leaps, weak_lengths
from bench.songcraft.summary import aggregate

REFERENCE_FILE = Path(__file__).resolve().parent / "reference.json"
ENGLISH_SONGS = (
    "leadSheet/fosterBrownHair.mxl", "leadSheet/berlinAlexandersRagtime.mxl",
    "johnson_j_r/lift_every_voice.mxl", "beach/prayer_of_a_tired_child.musicxml",
)  # fmt: skip
ROWS = {"essen": "Essen folksongs (held out)", "bach": "Bach chorale sopranos (held out)",
        "english": "English songs in music21"}  # fmt: skip


def piece_from_melody(melody) -> Piece:
    """A corpus melody (studio.ml.corpus.Melody); chorale lines end at the fermatas."""
    from studio.core.theory import PPQ
    from studio.ml.corpus import LINE_END, SYLLABLE

    notes = [SungNote(p, s, s + d, "x" if flags & SYLLABLE else None, flags) for p, s, d, flags in melody.notes]
    piece = Piece(melody.id, PPQ, Meter(*melody.meter), melody.key[0], melody.key[1], notes)
    if melody.collection == "bach":
        start = 0
        for i, note in enumerate(notes):
            if note.flags & LINE_END:
                piece.lines.append(list(range(start, i + 1)))
                start = i + 1
    return piece


def piece_from_part(part, name: str) -> Piece:
    """A music21 part with lyrics: each note's first lyric, "-" where the word goes on."""
    from studio.core.theory import PPQ
    from studio.ml.corpus import key_of, meter_of, timed_notes

    notes = []
    for element, start in timed_notes(part):
        if notes and start <= notes[-1].start:
            continue
        lyric = element.lyrics[0] if element.lyrics else None
        text = None
        if lyric is not None and lyric.text and lyric.text.strip():
            text = lyric.text.strip() + ("-" if lyric.syllabic in ("begin", "middle") else "")
        top = max(p.midi for p in element.pitches)
        notes.append(SungNote(top, start, start + round(element.quarterLength * PPQ), text))
    tonic, mode = key_of(part)
    return Piece(name, PPQ, Meter(*meter_of(part)), tonic, mode, notes)


def figures_of(piece: Piece) -> dict:
    figures = {}
    for part in (prosody, rhythm, pitch, leaps, weak_lengths) + ((phrasing,) if piece.lines else ()):
        figures.update(part(piece))
    return figures


def _held_out(collection: str) -> list:
    from studio.core.paths import model_path
    from studio.ml.corpus import COLLECTIONS, corpus_root, melodies_in_file
    from studio.ml.split import read_split

    test, _ = read_split(model_path("splits"))
    wanted = {i for i in test if i.startswith(collection + "/")}
    files = sorted({i.split("/")[1] for i in wanted})
    folder = corpus_root() / COLLECTIONS[collection]
    melodies = []
    for stem in files:
        for path in folder.rglob(f"{stem}.*"):
            melodies += [m for m in melodies_in_file(path, collection) if m.id in wanted]
    return melodies


def _english_pieces() -> list[Piece]:
    from music21 import converter

    from studio.ml.corpus import corpus_root

    pieces = []
    for relative in ENGLISH_SONGS:
        score = converter.parse(str(corpus_root() / relative), forceSource=True, storePickle=False)
        for index, part in enumerate(score.parts):
            notes = list(part.recurse().notes)
            if notes and sum(1 for n in notes if n.lyric) / len(notes) >= 0.5:
                pieces.append(piece_from_part(part, f"{relative}/{index}"))
                break  # the tune: one part per song
    return pieces


def build_reference() -> dict:
    """Every row, and the English songs' stressed/unstressed onset places for the plot."""
    groups = {
        "essen": [piece_from_melody(m) for m in _held_out("essen")],
        "bach": [piece_from_melody(m) for m in _held_out("bach")],
        "english": _english_pieces(),
    }
    rows, places = {}, {"stressed": [], "unstressed": []}
    for name, pieces in groups.items():
        figures = [figures_of(p) for p in pieces]
        if name == "english":
            for f in figures:
                for kind in places:
                    places[kind] += f["places"][kind]
        plain = [{k: v for k, v in f.items() if k != "places"} for f in figures]
        rows[name] = {"label": ROWS[name], **aggregate(plain)}
    return {"rows": rows, "english_places": places}


def load_reference(rebuild: bool = False) -> dict:
    if rebuild or not REFERENCE_FILE.is_file():
        reference = build_reference()
        REFERENCE_FILE.write_text(json.dumps(reference, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return json.loads(REFERENCE_FILE.read_text(encoding="utf-8"))
