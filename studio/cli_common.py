"""What several commands share: the vocal options, the scratch folder audio is rendered
into, and how warnings are printed."""

from __future__ import annotations

import contextlib
import sys
import tempfile


def add_vocal_options(command) -> None:
    from studio.core.song import VOICES

    command.add_argument("--no-vocal", action="store_true", help="leave the sung melody out (a backing track)")
    command.add_argument("--voice", choices=VOICES, help="who sings the guide vocal (default: the song's or style's)")


def vocal_setup(song, voice: str | None, no_vocal: bool):
    """The song as the vocal options want it (``--voice``, ``--no-vocal``), and the singer
    (None with --no-vocal)."""
    from dataclasses import replace

    from studio.audio.singer import Singer

    if voice:
        song = replace(song, voice=voice)
    if not no_vocal:
        return song, Singer()
    melody = song.melody_track()
    if melody is not None:
        song = song.with_track(song.tracks.index(melody), replace(melody, muted=True))
    return song, None


@contextlib.contextmanager
def scratch_stems():
    """Somewhere to render a song's stems while they are written out (removed after), so a
    long song is never whole in memory (studio.audio.stems)."""
    from studio.formats.frame_files import FrameFiles

    with tempfile.TemporaryDirectory(prefix="studio-render-", ignore_cleanup_errors=True) as folder:
        yield FrameFiles(folder)


def print_warnings(warnings) -> None:
    for warning in warnings:
        print(f"studio: warning: {warning}", file=sys.stderr)
