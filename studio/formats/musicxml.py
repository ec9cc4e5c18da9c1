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
    from music21 import harmony, instrument, key, metadata, meter, note, stream, tempo

    track = melody_track(song)
    part = stream.Part()
    part.partName = track.name
    voice = instrument.Instrument()
    voice.partId, voice.partName = "P1", track.name  # else a random id: same song, same file
    part.insert(0, voice)
    for change in song.meters:
        part.insert(change.tick / PPQ, meter.TimeSignature(str(change.meter)))
    for change in song.keys:
        part.insert(change.tick / PPQ, key.Key(change.key.name.split()[0].replace("b", "-"), change.key.mode))
    for change in song.tempos:
        part.insert(change.tick / PPQ, tempo.MetronomeMark(number=round(change.bpm, 2)))
    joins = False
    for written, length in monophonic(track.notes):
        n = note.Note(written.pitch, quarterLength=length / PPQ)
        if written.lyric:
            n.lyric = written.lyric
            n.lyrics[0].syllabic = _syllabic(joins, written.joins_next)
            joins = written.joins_next
        part.insert(written.start / PPQ, n)
    for chord in song.chords:
        try:
            symbol = harmony.ChordSymbol(chord.symbol)
        except Exception:  # music21 raises several kinds on a symbol it cannot read
            continue
        symbol.quarterLength = chord.duration / PPQ
        part.insert(chord.start / PPQ, symbol)
    part = part.quantize(_GRID, processOffsets=True, processDurations=True, inPlace=False)
    for n in part.recurse().notes:
        if n.quarterLength == 0:
            n.quarterLength = 1 / _GRID[0]
    score = stream.Score()
    score.metadata = metadata.Metadata(title=song.title)
    score.insert(0, part.makeNotation())
    return score


def write_musicxml(song: Song, path: str | os.PathLike) -> None:
    score = build_score(song)
    try:
        atomic_write(path, lambda tmp: score.write("musicxml", fp=str(tmp)))
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
