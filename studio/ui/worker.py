"""Background work on one QThread: generation, rendering and exports never run on the GUI
thread. A job gets ``report(stage, fraction)`` and ``should_stop()`` (DESIGN rule 3) and
answers with exactly one of done / failed / cancelled, delivered on the GUI thread."""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from studio.core.errors import Cancelled, StudioError

PROGRESS_INTERVAL = 0.05  # seconds between progress signals: the GUI needs no more


class Job(QObject):
    progress = Signal(str, float)
    done = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, name: str, work: Callable[[Callable[[str, float], None], Callable[[], bool]], object]):
        super().__init__()
        self.name = name
        self._work = work
        self._stop = threading.Event()
        self._last = (None, 0.0)

    def cancel(self) -> None:
        self._stop.set()

    @property
    def cancelling(self) -> bool:
        return self._stop.is_set()

    def _report(self, stage: str, fraction: float) -> None:
        now = time.perf_counter()
        if stage != self._last[0] or now - self._last[1] >= PROGRESS_INTERVAL:
            self._last = (stage, now)
            self.progress.emit(stage, fraction)

    @Slot()
    def run(self) -> None:
        try:
            result = self._work(self._report, self._stop.is_set)
        except Cancelled:
            self.cancelled.emit()
        except StudioError as exc:
            self.failed.emit(str(exc))
        except MemoryError:
            self.failed.emit(f"{self.name} ran out of memory")
        except Exception as exc:  # a bug: say it in one line, keep the details for a report
            traceback.print_exc()
            self.failed.emit(f"{self.name} failed unexpectedly: {type(exc).__name__}: {exc}")
        else:
            if self._stop.is_set():
                self.cancelled.emit()
            else:
                self.done.emit(result)


class _Executor(QObject):
    @Slot(object)
    def execute(self, job: Job) -> None:
        job.run()


class Worker(QObject):
    """One thread, jobs in order. ``busy`` while a job runs."""

    _submit = Signal(object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("studio-worker")
        self._executor = _Executor()
        self._executor.moveToThread(self._thread)
        self._submit.connect(self._executor.execute)
        self._thread.start()
        self.jobs: list[Job] = []
        app = QCoreApplication.instance()
        if app is not None:  # a running thread must not outlive the application
            app.aboutToQuit.connect(self.shutdown)

    def submit(self, job: Job) -> Job:
        self.jobs.append(job)
        for signal in (job.done, job.failed, job.cancelled):
            signal.connect(lambda *_, job=job: self._finished(job))
        self._submit.emit(job)
        return job

    def _finished(self, job: Job) -> None:
        if job in self.jobs:
            self.jobs.remove(job)

    @property
    def busy(self) -> bool:
        return bool(self.jobs)

    def cancel_all(self) -> None:
        for job in self.jobs:
            job.cancel()

    def shutdown(self, timeout_ms: int = 10000) -> None:
        self.cancel_all()
        self._thread.quit()
        self._thread.wait(timeout_ms)
