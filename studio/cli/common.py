"""What several commands share: reading a text file, the vocal options, an engine that
renders into a scratch folder, and how warnings are printed."""

from __future__ import annotations

import contextlib
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from studio.core.errors import StudioError

MAX_LYRICS_BYTES = 1024 * 1024


def read_text_file(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise StudioError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_LYRICS_BYTES or b"\0" in data:
        raise StudioError(f"{path} is not a lyrics text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # old editors on Windows


def add_vocal_options(command) -> None:
    from studio.core.song import VOICES

    command.add_argument("--no-vocal", action="store_true", help="leave the sung melody out (a backing track)")
    command.add_argument("--voice", choices=VOICES, help="who sings the guide vocal (default: the song's or style's)")


def vocal_setup(song, voice: str | None, no_vocal: bool):
    """A song from a file as the vocal options want it: its singer changed (``--voice``),
    its melody muted (``--no-vocal``)."""
    if voice:
        song = replace(song, voice=voice)
    melody = song.melody_track()
    if no_vocal and melody is not None:
        song = song.with_track(song.tracks.index(melody), replace(melody, muted=True))
    return song


@contextlib.contextmanager
def scratch_engine(settings, soundfont: str | None = None):
    """An engine (studio.app.engine) that renders into a scratch folder, removed after, so a
    long song is never whole in memory while its files are written."""
    from studio.app.engine import Engine

    settings = replace(settings, soundfont=soundfont or settings.soundfont)
    with tempfile.TemporaryDirectory(prefix="studio-render-", ignore_cleanup_errors=True) as folder:
        yield Engine(settings, audio_folder=folder)


def print_warnings(warnings) -> None:
    for warning in warnings:
        print(f"studio: warning: {warning}", file=sys.stderr)
