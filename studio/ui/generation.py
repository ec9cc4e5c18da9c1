"""Generate and regenerate through the engine on the worker thread, one at a time, and say
how it goes with signals; the window only connects them to its widgets (DESIGN rule 3:
Qt appears at the wrapper)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from studio.app.commands import Generate, Regenerate
from studio.compose.request import SongRequest
from studio.core.song import Song
from studio.ui.worker import Job, Worker


class GenerationController(QObject):
    started = Signal()
    progress = Signal(str, float)
    finished = Signal(object, str, bool)  # the song (notes, not yet audio), undo step's name, whole song
    failed = Signal(str)  # a message for the status bar
    cancelled = Signal()

    def __init__(self, engine, worker: Worker, parent: QObject | None = None):
        super().__init__(parent)
        self._engine = engine
        self._worker = worker
        self._job: Job | None = None

    @property
    def running(self) -> bool:
        return self._job is not None

    def generate(self, request: SongRequest) -> None:
        """A whole new song, one undo step named "Generate song"."""
        self._start(Generate(request), "Generate song", whole_song=True)

    def regenerate(self, song: Song, request: SongRequest, start: int, end: int) -> None:
        """New notes for the syllables that start in ticks [start, end) of ``song``."""
        bar = song.meter.bar_ticks
        self._start(Regenerate(song, request, start, end), f"Regenerate bars {start // bar + 1}-{(end - 1) // bar + 1}")

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()

    def _start(self, command, description: str, whole_song: bool = False) -> None:
        if self._job is not None:
            return
        job = Job("generation", lambda report, should_stop: self._engine.call(command, report, should_stop))
        job.progress.connect(self.progress)
        job.done.connect(lambda song: self._over(self.finished, song, description, whole_song))
        job.failed.connect(lambda message: self._over(self.failed, f"could not generate: {message}"))
        job.cancelled.connect(lambda: self._over(self.cancelled))
        self._job = job
        self.started.emit()
        self._worker.submit(job)

    def _over(self, signal, *args) -> None:
        self._job = None
        signal.emit(*args)
