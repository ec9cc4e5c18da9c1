"""Write a finished song as the files a DAW wants, all or nothing.

Everything is written into a hidden folder beside the target first (SongFolder); only
when every file is complete are they moved into place (the project file last, so a folder
with a song.studio in it is a complete one). A failure leaves the target as it was.
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


def write_notation(song: Song, staging: str | os.PathLike) -> None:
    """song.mid, song.musicxml and song.studio into a folder: the files that need no audio
    (so another process may write them while this one renders)."""
    staging = Path(staging)
    write_midi(song, staging / "song.mid")
    write_musicxml(song, staging / "song.musicxml")
    save_project(song, staging / "song.studio")


class SongFolder:
    """A song's files, staged in a hidden folder beside the target and moved into place
    together (the project file last, so a folder with a song.studio in it is complete).
    Leaving the ``with`` block by an exception leaves the target as it was."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._made = not self.folder.exists()  # then a failure takes it away again
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.staging = Path(tempfile.mkdtemp(prefix=f".{self.folder.name}.partial-", dir=self.folder))
        except OSError as exc:
            raise StudioError(f"cannot write into {self.folder}: {exc.strerror or exc}") from None

    def __enter__(self) -> SongFolder:
        return self

    def __exit__(self, kind, *exc_info) -> None:
        self.close(failed=kind is not None)

    def close(self, failed: bool = False) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
        if failed and self._made:
            try:
                self.folder.rmdir()  # only if nothing else came into it meanwhile
            except OSError:
                pass

    def write_notation(self, song: Song) -> None:
        self._guarded(write_notation, song, self.staging)

    def write_audio(self, rendering: Rendering, bits: int = 16) -> None:
        def write() -> None:
            write_audio(self.staging / "song.wav", rendering.mix, rendering.rate, bits)
            (self.staging / "stems").mkdir()
            for name, stem in rendering.stems.items():
                write_audio(self.staging / "stems" / f"{file_name(name)}.wav", stem, rendering.rate, bits)

        self._guarded(write)

    def commit(self) -> list[Path]:
        def move() -> list[Path]:
            written = []
            (self.folder / "stems").mkdir(exist_ok=True)
            for path in sorted(self.staging.rglob("*"), key=lambda p: p.name == "song.studio"):
                if path.is_file():
                    target = self.folder / path.relative_to(self.staging)
                    os.replace(path, target)
                    written.append(target)
            return written

        return self._guarded(move)

    def _guarded(self, work, *args):
        try:
            return work(*args)
        except OSError as exc:
            raise StudioError(f"cannot write into {self.folder}: {exc.strerror or exc}") from None


def write_song_folder(song: Song, rendering: Rendering, folder: Path, bits: int = 16) -> list[Path]:
    """song.mid, song.wav, stems/<track>.wav, song.musicxml, song.studio in ``folder``."""
    with SongFolder(folder) as out:
        out.write_notation(song)
        out.write_audio(rendering, bits)
        return out.commit()


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
