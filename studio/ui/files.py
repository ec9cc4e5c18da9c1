"""Files from the window: open, save, autosave and recovery, imports and exports.

Saves are atomic (core.atomic); an autosave sits beside the project (hidden) or, for a
song never saved, in the settings folder, and is offered back after a crash. Exports that
need audio render in the worker so the window never waits.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from studio.compose.request import DEFAULT_INTRO_BARS
from studio.core.project import EXTENSION, autosave_path, save_project
from studio.core.settings import Settings, config_dir, save_settings
from studio.core.song import Note, Song

RECENT_MAX = 8


def untitled_autosave() -> Path:
    return config_dir() / "autosave" / f"untitled{EXTENSION}"


def autosave_for(path: Path | None) -> Path:
    return autosave_path(path) if path else untitled_autosave()


def write_autosave(song: Song, path: Path | None) -> Path:
    target = autosave_for(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    save_project(song, target)
    return target


def discard_autosave(path: Path | None) -> None:
    try:
        autosave_for(path).unlink(missing_ok=True)
    except OSError:
        pass  # a stale autosave is offered again next time; nothing is lost


def recoverable(path: Path | None) -> Path | None:
    """An autosave newer than the project it belongs to (or any untitled one)."""
    candidate = autosave_for(path)
    if not candidate.is_file():
        return None
    if path is not None and path.is_file() and path.stat().st_mtime > candidate.stat().st_mtime:
        return None
    return candidate


def seed_request_notes(song: Song) -> tuple[Note, ...]:
    """The musician's seed notes in the melody track, as the pipeline wants them: from 0."""
    melody = song.melody_track()
    seeds = sorted((n for n in melody.notes if n.seed), key=lambda n: n.start) if melody else []
    if not seeds:
        return ()
    first = seeds[0].start
    return tuple(replace(n.moved(-first), lyric="", joins_next=False) for n in seeds)


def add_recent(settings: Settings, path: Path) -> Settings:
    recent = [str(path)] + [p for p in settings.recent_files if p != str(path)]
    updated = replace(settings, recent_files=tuple(recent[:RECENT_MAX]))
    try:
        save_settings(updated)
    except OSError:
        pass  # the recent list is a convenience; failing to store it loses no work
    return updated


def drag_folder() -> Path:
    """A private folder for files dragged out of the window (the DAW copies them)."""
    folder = Path(tempfile.gettempdir()) / "studio-drag"
    folder.mkdir(exist_ok=True)
    return folder


def seed_start(song: Song) -> int:
    """Where seed notes go in an empty song: after the intro Generate writes by default."""
    return DEFAULT_INTRO_BARS * song.meter.bar_ticks


def sound_of(song: Song, faders: bool = True) -> Song:
    """What a song's rendered audio depends on: not its title, lyric text or phrases; with
    ``faders`` False not its volumes and mutes either (the window applies those at playback)."""
    song = replace(song, title="", lyrics="", phrases=())
    return song if faders else replace(song, tracks=tuple(replace(t, volume=1.0, muted=False) for t in song.tracks))
