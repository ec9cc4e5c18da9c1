"""Write a finished song as the files a DAW wants, all or nothing.

Everything is written into a hidden folder beside the target first; only when every file
is complete are they moved into place (the project file last, so a folder with a
song.studio in it is a complete one). A failure leaves the target as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from studio.audio.render import Rendering
from studio.core.errors import StudioError
from studio.core.project import save_project
from studio.core.song import Song
from studio.formats.audiofile import write_audio
from studio.formats.midi_export import write_midi
from studio.formats.musicxml import write_musicxml


def file_name(name: str, fallback: str = "track") -> str:
    """A track or song name made safe as a file name on every system: 'Bass (ch 2)' ->
    'Bass_ch_2'; '../../etc' -> 'etc'."""
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in name).strip("_")
    while "__" in safe:
        safe = safe.replace("__", "_")
    return safe or fallback


def write_song_folder(song: Song, rendering: Rendering, folder: Path, bits: int = 16) -> list[Path]:
    """song.mid, song.wav, stems/<track>.wav, song.musicxml, song.studio in ``folder``."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.partial-", dir=folder))
    except OSError as exc:
        raise StudioError(f"cannot write into {folder}: {exc.strerror or exc}") from None
    try:
        write_midi(song, staging / "song.mid")
        write_audio(staging / "song.wav", rendering.mix, rendering.rate, bits)
        (staging / "stems").mkdir()
        for name, stem in rendering.stems.items():
            write_audio(staging / "stems" / f"{file_name(name)}.wav", stem, rendering.rate, bits)
        write_musicxml(song, staging / "song.musicxml")
        save_project(song, staging / "song.studio")
        written = []
        stems = folder / "stems"
        stems.mkdir(exist_ok=True)
        for path in sorted(staging.rglob("*"), key=lambda p: p.name == "song.studio"):
            if path.is_file():
                target = folder / path.relative_to(staging)
                os.replace(path, target)
                written.append(target)
        return written
    except OSError as exc:
        raise StudioError(f"cannot write into {folder}: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def export_kind(kind: str, song: Song, target: Path, render, report=None, should_stop=None) -> str:
    """Write ``kind`` (audio, stems, midi, musicxml, folder) for ``song`` at ``target``,
    rendering what is audible with ``render(song, report, should_stop)`` when the kind
    needs audio; returns what was written, for a status line."""

    if kind == "midi":
        write_midi(song, target)
        return target.name
    if kind == "musicxml":
        write_musicxml(song, target)
        return target.name
    rendering = render(song, report, should_stop)
    if kind == "audio":
        write_audio(target, rendering.mix, rendering.rate, 24 if target.suffix.lower() == ".flac" else 16)
        return target.name
    if kind == "stems":
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StudioError(f"cannot create {target}: {exc.strerror or exc}") from None
        for name, stem in rendering.stems.items():
            write_audio(target / f"{file_name(name)}.wav", stem, rendering.rate, 16)
        return f"{len(rendering.stems)} stems to {target}"
    if kind == "folder":
        written = write_song_folder(song, rendering, target)
        return f"{len(written)} files to {target}"
    raise StudioError(f"unknown export {kind!r}")
