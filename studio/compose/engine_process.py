"""The engine in a process of its own, so the window's process stays responsive.

Measured: with generation on a thread of the window's own process, the GUI thread waited
60-120 ms at a time for Python's lock while the melody was decoded (the decoder is Python
between small torch calls). The same generation in another process left it waiting at
most 6-15 ms. So the window talks to this process through a pipe: commands go in,
progress and one answer per command come back. The engine renders audio straight into
.npy files in a folder the window owns (studio.formats.frame_files), and the window reads
them with memory mapping: no copy of a hundred megabytes through a pipe, and no song-long
audio in the engine's memory.

Commands (tuples): ("warm_up",), ("generate", request), ("regenerate", song, request,
start, end), ("render", song), ("export", kind, song, target), ("settings", settings).
The same commands run in-process with ``run_command`` (the tests use that).
"""

from __future__ import annotations

import multiprocessing
import shutil
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np

from studio.audio.render import Rendering
from studio.compose.engine import Engine
from studio.core.errors import Cancelled, StudioError
from studio.core.settings import Settings

POLL_SECONDS = 0.05


def run_command(engine: Engine, command: tuple, report: Callable, should_stop: Callable):
    """One command on an engine; the answer as the window wants it."""
    kind, *args = command
    if kind == "warm_up":
        engine.warm_up()
        return None
    if kind == "settings":
        engine.use_settings(args[0])
        return None
    if kind == "generate":
        return engine.generate_and_render(args[0], report, should_stop)
    if kind == "regenerate":
        song, request, start, end = args
        song = engine.regenerate(song, request, start, end, lambda s, f: report(s, 0.6 * f), should_stop)
        return song, engine.render(song, lambda s, f: report(s, 0.6 + 0.4 * f), should_stop)
    if kind == "render":
        return engine.render(args[0], report, should_stop)
    if kind == "export":
        from studio.export import export_kind

        rendered = []

        def render(song, report, should_stop):
            rendered.append(engine.render(song, report, should_stop))
            return rendered[-1]

        try:
            return export_kind(*args, render, report, should_stop)
        finally:  # the exported files are written: the engine's own copies go
            for path in _files_in(tuple(rendered)):
                Path(path).unlink(missing_ok=True)
    raise StudioError(f"unknown engine command {kind!r}")


class InProcessEngine:
    """The engine on the caller's thread: for tests and for tools without a window."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def call(self, command: tuple, report: Callable, should_stop: Callable):
        return run_command(self.engine, command, report, should_stop)

    def close(self) -> None:
        pass


class EngineProcess:
    """The engine in a child process (started on first use, again if it died)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._context = multiprocessing.get_context("spawn")  # no fork of a Qt process
        self._process = None
        self._connection = None
        self._cancel = None
        self._folder = Path(tempfile.mkdtemp(prefix="studio-audio-"))
        self._kept: list[list[str]] = []

    def _start(self) -> None:
        ours, theirs = self._context.Pipe()
        self._cancel = self._context.Event()
        self._process = self._context.Process(
            target=serve, args=(theirs, self._cancel, self.settings, str(self._folder)), daemon=True,
            name="studio-engine",
        )  # fmt: skip
        self._process.start()
        theirs.close()
        self._connection = ours

    def call(self, command: tuple, report: Callable, should_stop: Callable):
        if command[0] == "settings":
            self.settings = command[1]
        if self._process is None or not self._process.is_alive():
            self._start()
        self._cancel.clear()
        try:
            self._connection.send(command)
            while True:
                if should_stop() and not self._cancel.is_set():
                    self._cancel.set()
                if not self._connection.poll(POLL_SECONDS):
                    continue
                kind, *payload = self._connection.recv()
                if kind == "progress":
                    report(*payload)
                elif kind == "done":
                    return self._keep(_loaded(payload[0]))
                elif kind == "cancelled":
                    raise Cancelled(payload[0])
                else:
                    raise StudioError(payload[0])
        except (EOFError, OSError, BrokenPipeError):
            self.close()
            raise StudioError("the engine stopped unexpectedly; it starts again on the next try") from None

    def _keep(self, result):
        """Audio files of the last two answers stay (the player may still read the older);
        earlier ones are deleted."""
        paths = _files_in(result)
        if paths:
            self._kept.append(paths)
            while len(self._kept) > 2:
                for path in self._kept.pop(0):
                    Path(path).unlink(missing_ok=True)
        return result

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.send(("quit",))
            except (OSError, BrokenPipeError):
                pass
            self._connection.close()
        if self._process is not None:
            self._process.join(2)
            if self._process.is_alive():
                self._process.terminate()
        self._process = self._connection = None
        shutil.rmtree(self._folder, ignore_errors=True)
        self._folder.mkdir(exist_ok=True)


def serve(connection, cancel, settings: Settings, folder: str) -> None:
    """The child's loop: one command at a time until told to quit or the window is gone."""
    engine = Engine(settings, audio_folder=folder)
    while True:
        try:
            command = connection.recv()
        except (EOFError, OSError):
            return
        if command[0] == "quit":
            return
        try:
            connection.send(_answer(engine, command, connection, cancel))
        except (EOFError, OSError):  # the window is gone: nobody to answer
            return


def _answer(engine: Engine, command: tuple, connection, cancel) -> tuple:
    try:
        result = run_command(engine, command, lambda stage, f: connection.send(("progress", stage, f)), cancel.is_set)
        return ("done", _stored(result))
    except Cancelled as exc:
        return ("cancelled", str(exc))
    except StudioError as exc:
        return ("failed", str(exc))
    except MemoryError:
        return ("failed", "the engine ran out of memory")
    except (BrokenPipeError, EOFError):
        raise  # a progress report found the window gone
    except Exception as exc:  # a bug: one line to the window, the details on stderr
        traceback.print_exc()
        return ("failed", f"unexpected error: {type(exc).__name__}: {exc}")


def _stored(result):
    """Renderings in an answer are sent as the paths of their files; the rest as it is."""
    if isinstance(result, tuple):
        return tuple(_stored(item) for item in result)
    if isinstance(result, Rendering):
        if not isinstance(result.mix, np.memmap):  # the engine renders into files: anything else is a bug
            raise StudioError("the engine rendered into memory instead of its audio folder")
        mix, *stems = _audio_files(result)
        return replace(result, mix=mix, stems=dict(zip(result.stems, stems)))
    return result


def _audio_files(rendering: Rendering) -> list[str]:
    """The files behind a rendering's mix and stems, in that order (none when in memory)."""
    arrays = (rendering.mix, *rendering.stems.values())
    return [str(audio.filename) for audio in arrays if isinstance(audio, np.memmap)]


def _loaded(result):
    if isinstance(result, tuple):
        return tuple(_loaded(item) for item in result)
    if isinstance(result, Rendering) and isinstance(result.mix, str):
        stems = {name: np.load(path, mmap_mode="r") for name, path in result.stems.items()}
        return replace(result, mix=np.load(result.mix, mmap_mode="r"), stems=stems)
    return result


def _files_in(answer) -> list[str]:
    """The audio files behind the renderings anywhere in an answer."""
    if isinstance(answer, tuple):
        return [path for item in answer for path in _files_in(item)]
    return _audio_files(answer) if isinstance(answer, Rendering) else []
