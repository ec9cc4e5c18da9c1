"""Lead sheet export: the melody with its lyrics and chord symbols, as MusicXML.

music21 does the notation work (bars, ties across barlines, rests, beaming) that a hand
writer would get wrong; it is imported here only, because it takes a second to load.
"""

from __future__ import annotations

import contextlib
import io
import os

from studio.core.atomic import atomic_write
from studio.core.errors import ExportError
from studio.core.song import Song, Track, monophonic
from studio.core.theory import PPQ

_GRID = (8, 6)  # quantise to 32nd notes or sixteenth triplets: what notation can spell


def melody_track(song: Song) -> Track:
    track = song.melody_track()
    if track is None:
        raise ExportError("the song has no melody to write as a lead sheet")
    return track


def _syllabic(previous_joins: bool, joins_next: bool) -> str:
    if previous_joins:
        return "middle" if joins_next else "end"
    return "begin" if joins_next else "single"


def _music21():
    """music21, imported quietly: without matplotlib (left out of the app bundle) it prints
    a warning about plotting, which Studio never does."""
    with contextlib.redirect_stderr(io.StringIO()):
        import music21
    return music21


def build_score(song: Song):
    _music21()
    from music21 import clef, expressions, harmony, instrument, key, metadata, meter, note, pitch, stream, tempo

    track = melody_track(song)
    part = stream.Part()
    part.partName = track.name
    voice = instrument.Vocalist()  # MuseScore wants a named instrument in the part list
    voice.partId, voice.partName, voice.instrumentId = "P1", track.name, "P1-I1"  # else random ids
    part.insert(0, voice)
    # a sung line reads in the treble clef; a man's voice sounds an octave lower, as tenors read
    part.insert(0, clef.Treble8vbClef() if song.voice == "male" else clef.TrebleClef())
    for change in song.meters:
        part.insert(change.tick / PPQ, meter.TimeSignature(str(change.meter)))
    for change in song.keys:
        part.insert(change.tick / PPQ, key.Key(change.key.name.split()[0].replace("b", "-"), change.key.mode))
    for change in song.tempos:
        part.insert(change.tick / PPQ, tempo.MetronomeMark(number=round(change.bpm, 2)))
    flats = song.key.uses_flats
    joins = False
    for written, length in monophonic(track.notes):
        n = note.Note(_spelled(pitch, written.pitch, flats), quarterLength=length / PPQ)
        if written.lyric:
            n.lyric = written.lyric
            n.lyrics[0].syllabic = _syllabic(joins, written.joins_next)
            joins = written.joins_next
        part.insert(written.start / PPQ, n)
    part = part.quantize(_GRID, processOffsets=True, processDurations=True, inPlace=False)
    for n in part.recurse().notes:
        if n.quarterLength == 0:
            n.quarterLength = 1 / _GRID[0]
    for chord in song.chords:  # after quantising: a chord symbol has no length to round
        try:
            # music21 spells a flat root with "-": "Bb" -> "B-" (it reads "Bb" as nothing)
            written = chord.symbol[0] + "-" + chord.symbol[2:] if chord.symbol[1:2] == "b" else chord.symbol
            symbol = harmony.ChordSymbol(written)
        except Exception:  # music21 raises several kinds on a symbol it cannot read
            continue
        part.insert(chord.start / PPQ, symbol)  # no length: a lasting symbol is repeated in every bar
    part = part.makeNotation()
    _slur_held_syllables(part)
    for section in song.sections:  # rehearsal marks, in the bar where each section starts
        measure = part.getElementsByClass("Measure").stream().getElementAtOrBefore(section.start / PPQ)
        if measure is not None:
            mark = expressions.RehearsalMark(section.label)
            mark.placement = "above"
            measure.insert(section.start / PPQ - measure.offset, mark)
    score = stream.Score()
    score.metadata = metadata.Metadata(title=display_title(song.title))
    score.metadata.composer = ""  # music21 writes "Music21" for a missing composer
    score.insert(0, part)
    return score


def _slur_held_syllables(part) -> None:
    """A syllable sung over several notes (a melisma, ``love_``) is slurred from its first
    note to its last, as a singer reads one vowel carried across them; a tie inside it (a
    note across a bar line) is the same note, not another."""
    from music21 import spanner

    groups, current = [], []
    for element in part.recurse().notesAndRests:
        if element.isRest or element.lyric:
            groups.append(current)
            current = [] if element.isRest else [element]
        elif current and not (element.tie is not None and element.tie.type in ("stop", "continue")):
            current.append(element)
    groups.append(current)
    for group in groups:
        if len(group) > 1:
            part.insert(0, spanner.Slur(group))


def display_title(title: str) -> str:
    """'paper-boats' (a file's name) -> 'Paper Boats'; a title with capitals stays as typed."""
    if title and title == title.lower() and " " not in title:
        return title.replace("-", " ").replace("_", " ").title()
    return title or "Untitled"


def _spelled(pitch_module, midi: int, flats: bool):
    """The pitch as the key spells it: no natural sign on a white key, flats in flat keys."""
    spelled = pitch_module.Pitch(midi=midi)
    if spelled.accidental is not None and spelled.accidental.name == "natural":
        spelled.accidental = None
    if flats and spelled.accidental is not None and spelled.accidental.name == "sharp":
        spelled = spelled.getEnharmonic()
    return spelled


def write_musicxml(song: Song, path: str | os.PathLike) -> None:
    score = build_score(song)
    try:
        atomic_write(path, lambda tmp: score.write("musicxml", fp=str(tmp)))
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
