"""Songs in and out of files, for both faces: generate a song into a folder of files (what
`studio generate` and the songcraft benchmark do) and open a song file (the window's Open,
`studio render`)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from studio.app.engine import Engine
from studio.app.export import SongFolder
from studio.app.helper import Helper
from studio.audio.render import Rendering
from studio.compose.request import SongRequest
from studio.core.errors import StudioError
from studio.core.progress import Progress, part
from studio.core.project import EXTENSION, load_project
from studio.core.song import Song, Track

MIDI_SUFFIXES = (".mid", ".midi", ".kar", ".smf")


def generate_into(
    engine: Engine, request: SongRequest, folder: Path, on_progress: Progress | None = None,
    helper: Helper | None = None,
) -> tuple[Song, Rendering]:  # fmt: skip
    """Generate, render and write song.mid, song.wav, stems/, song.musicxml and song.studio
    into ``folder``, all or nothing. With a ``helper`` process the notation files are
    written and the vocal sung there while the band renders here."""
    out: list[SongFolder] = []  # made once the song exists: a failed generation writes nothing
    written: list = []  # the helper's notation job

    def begin(song: Song) -> None:
        out.append(SongFolder(folder))
        if helper:
            written.extend(helper.start(song, out[0].staging))

    try:
        song, rendering = engine.generate_and_render(
            request, part(on_progress, 0.0, 0.95), on_song=begin, singer=helper.singer() if helper else None
        )
        if on_progress:
            on_progress("writing files", 0.95)
        out[0].write_audio(rendering)
        if written:
            written[0].result()  # a failure there (a full disk) is raised here, as if it were ours
        else:
            out[0].write_notation(song)
        out[0].commit()
    except BaseException:
        if written:
            _settled(written[0])  # the helper may still be writing into the staging folder
        if out:
            out[0].close(failed=True)
        raise
    out[0].close()
    return song, rendering


def _settled(job) -> None:
    """Wait for a helper job to end, however it ends: a folder it writes into is removed only
    once nothing writes there any more (removed while the helper wrote its song.mid, the
    target folder stayed behind with the file in it)."""
    try:
        job.result()
    except Exception:
        pass  # its own failure, if any, is not the one being raised


def open_song(path: Path) -> Song:
    """A .studio project (or its autosave), or a MIDI file as a whole song (its sung
    lyrics become the lyric text)."""
    suffix = path.suffix.lower()
    if suffix in MIDI_SUFFIXES:
        from studio.formats.midi_import import read_midi

        song = read_midi(path)
        melody = song.melody_track()
        if melody is not None and not song.lyrics:
            song = replace(song, lyrics=lyrics_of(melody))
        return replace(song, title=path.stem)
    if suffix == EXTENSION or path.name.endswith(".autosave"):
        return load_project(path)
    kind = suffix or "files without an extension"
    raise StudioError(f"{path.name}: Studio opens .studio projects and MIDI files, not {kind}")


def lyrics_of(track: Track) -> str:
    """The sung text of a track, words joined, as a lyric sheet of one line."""
    words, current = [], ""
    for note in sorted(track.notes, key=lambda n: n.start):
        if note.lyric:
            current += note.lyric
            if not note.joins_next:
                words.append(current)
                current = ""
    return " ".join(words + ([current] if current else []))
