"""The engine in a process of its own, so the window's process stays responsive.

Measured: with generation on a thread of the window's own process, the GUI thread waited
60-120 ms at a time for Python's lock while the melody was decoded (the decoder is Python
between small torch calls). The same generation in another process left it waiting at
most 6-15 ms. So the window talks to this process through a pipe: commands go in,
progress and one answer per command come back. The engine renders audio straight into
.npy files in a folder the window owns (studio.formats.frame_files), and the window reads
them with memory mapping: no copy of a hundred megabytes through a pipe, and no song-long
audio in the engine's memory.

The commands are the dataclasses of app.commands; the same commands run in-process with
``InProcessEngine`` (the tests use that). Renderings cross the pipe as their files
(app.wire.RenderingFiles).
"""

from __future__ import annotations

import multiprocessing
import shutil
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

from studio.app.commands import Command, UseSettings, run_command
from studio.app.engine import Engine
from studio.app.wire import files_in, from_wire, to_wire
from studio.core.errors import Cancelled, StudioError
from studio.core.settings import Settings

POLL_SECONDS = 0.05
QUIT = "quit"  # the one message that is not a command: the child leaves its loop


class InProcessEngine:
    """The engine on the caller's thread: for tests and for tools without a window."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def call(self, command: Command, report: Callable, should_stop: Callable):
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

    def call(self, command: Command, report: Callable, should_stop: Callable):
        if isinstance(command, UseSettings):
            self.settings = command.settings
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
                    return self._keep(from_wire(payload[0]))
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
        paths = files_in(result)
        if paths:
            self._kept.append(paths)
            while len(self._kept) > 2:
                for path in self._kept.pop(0):
                    Path(path).unlink(missing_ok=True)
        return result

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.send(QUIT)
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
        if command == QUIT:
            return
        try:
            connection.send(_answer(engine, command, connection, cancel))
        except (EOFError, OSError):  # the window is gone: nobody to answer
            return


def _answer(engine: Engine, command: Command, connection, cancel) -> tuple:
    try:
        result = run_command(engine, command, lambda stage, f: connection.send(("progress", stage, f)), cancel.is_set)
        return ("done", to_wire(result))
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
