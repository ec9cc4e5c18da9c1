"""Exports run in the worker: render what is audible (muted tracks left out), then write."""

from __future__ import annotations

from pathlib import Path

from studio.core.errors import StudioError
from studio.core.song import Song


def export_job(kind: str, song: Song, target: Path, engine, report, should_stop) -> str:
    """Write ``kind`` (audio, stems, midi, musicxml, folder) for ``song`` at ``target``;
    returns what was written, for the status bar."""
    from studio.export import stem_file_name, write_song_folder
    from studio.formats.audiofile import write_audio
    from studio.formats.midi_export import write_midi
    from studio.formats.musicxml import write_musicxml

    if kind == "midi":
        write_midi(song, target)
        return target.name
    if kind == "musicxml":
        write_musicxml(song, target)
        return target.name
    rendering = engine.render(song, report, should_stop)
    if kind == "audio":
        write_audio(target, rendering.mix, rendering.rate, 24 if target.suffix.lower() == ".flac" else 16)
        return target.name
    if kind == "stems":
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StudioError(f"cannot create {target}: {exc.strerror or exc}") from None
        for name, stem in rendering.stems.items():
            write_audio(target / f"{stem_file_name(name)}.wav", stem, rendering.rate, 16)
        return f"{len(rendering.stems)} stems to {target}"
    if kind == "folder":
        written = write_song_folder(song, rendering, target)
        return f"{len(written)} files to {target}"
    raise StudioError(f"unknown export {kind!r}")
