"""What the window asks of its engine: one frozen dataclass per command, and a table from
command type to the engine call that answers it. The same commands run in the engine
process (app.engine_process) and in-process (tests, tools without a window)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from studio.app.engine import Engine
from studio.app.wire import files_in
from studio.compose.request import SongRequest
from studio.core.errors import StudioError
from studio.core.progress import Progress, Stop
from studio.core.settings import Settings
from studio.core.song import Song


@dataclass(frozen=True)
class WarmUp:
    """Load models, SoundFont and voice now, before the first Generate."""


@dataclass(frozen=True)
class UseSettings:
    settings: Settings


@dataclass(frozen=True)
class Generate:
    request: SongRequest


@dataclass(frozen=True)
class Regenerate:
    song: Song
    request: SongRequest
    start: int  # ticks: the syllables that start in [start, end) get new notes
    end: int


@dataclass(frozen=True)
class Rechord:
    song: Song
    chords: tuple  # ChordLabel, the whole song's: the band plays them again in ticks [start, end)
    start: int
    end: int


@dataclass(frozen=True)
class Transcribe:
    path: Path  # a WAV/FLAC take: its notes as seed notes of ``song`` from tick ``at``
    song: Song
    snap: int
    at: int


@dataclass(frozen=True)
class Render:
    song: Song


@dataclass(frozen=True)
class Export:
    kind: str  # audio, stems, midi, musicxml, folder (app.export.export_kind)
    song: Song
    target: Path


Command = WarmUp | UseSettings | Generate | Regenerate | Rechord | Transcribe | Render | Export


def _export(engine: Engine, command: Export, report: Progress, should_stop: Stop) -> str:
    from studio.app.export import export_kind

    rendered = []

    def render(song, report, should_stop):
        rendered.append(engine.render(song, report, should_stop))
        return rendered[-1]

    try:
        return export_kind(command.kind, command.song, command.target, render, report, should_stop)
    finally:  # the exported files are written: the engine's own copies go
        for path in files_in(tuple(rendered)):
            Path(path).unlink(missing_ok=True)


HANDLERS: dict[type, Callable] = {
    WarmUp: lambda engine, c, report, stop: engine.warm_up(),
    UseSettings: lambda engine, c, report, stop: engine.use_settings(c.settings),
    # the window shows a new song's notes before its audio: it asks for the Render itself
    Generate: lambda engine, c, report, stop: engine.generate(c.request, report, stop),
    Regenerate: lambda engine, c, report, stop: engine.regenerate(c.song, c.request, c.start, c.end, report, stop),
    Rechord: lambda engine, c, report, stop: engine.rechord(c.song, c.chords, c.start, c.end),
    Transcribe: lambda engine, c, report, stop: engine.transcribe(c.path, c.song, c.snap, c.at),
    Render: lambda engine, c, report, stop: engine.render(c.song, report, stop),
    Export: _export,
}


def run_command(engine: Engine, command: Command, report: Progress, should_stop: Stop):
    """One command on an engine; the answer as the window wants it."""
    handler = HANDLERS.get(type(command))
    if handler is None:
        raise StudioError(f"unknown engine command {type(command).__name__}")
    return handler(engine, command, report, should_stop)
