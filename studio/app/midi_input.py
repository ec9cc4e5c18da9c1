"""Seed notes played on a MIDI keyboard: mido with the python-rtmidi backend.

A take listens on one input port while the musician plays; mido calls back on its own
thread with each message, which is only stamped and stored here. When the take stops, its
notes (paired note-on and note-off) go to ``core.takes`` like a transcribed recording: the
song's tempo, the snap grid, one line.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from studio.core.errors import MidiError
from studio.core.takes import TakeNote, top_line

BACKEND = "mido.backends.rtmidi"


def _backend():
    import mido

    try:
        return mido.Backend(BACKEND, load=True)
    except ImportError as exc:
        raise MidiError("MIDI input needs python-rtmidi, which is not installed: run ./dev setup") from exc


def input_ports() -> list[str]:
    """The MIDI inputs there are now; MidiError with one line when there is no MIDI system."""
    try:
        return list(_backend().get_input_names())
    except MidiError:
        raise
    except Exception as exc:  # rtmidi raises SystemError when ALSA has no sequencer (/dev/snd/seq)
        raise MidiError(f"no MIDI system to listen to ({exc})") from None


def open_port(name: str, callback: Callable):
    """An input port that calls ``callback(message)`` for each message (on mido's thread)."""
    ports = input_ports()
    if not ports:
        raise MidiError("no MIDI keyboard is connected: plug one in, then choose it in Settings")
    name = name or ports[0]  # none chosen in Settings: the first keyboard there is
    if name not in ports:
        raise MidiError(f"the MIDI input {name!r} is not there (there are: {', '.join(ports)})")
    try:
        return _backend().open_input(name, callback=callback)
    except Exception as exc:
        raise MidiError(f"cannot listen to {name}: {exc}") from None


class KeyboardTake:
    """What is played on a port from now until ``stop``, in seconds from now."""

    def __init__(self, port_name: str, opener: Callable | None = None, clock: Callable[[], float] = time.perf_counter):
        self._clock = clock
        self._lock = threading.Lock()
        self._events: list[tuple[float, int, int]] = []  # (seconds, pitch, velocity; 0 = released)
        self._started = clock()
        self._port = (opener or open_port)(port_name, self.received)
        self.port_name = getattr(self._port, "name", port_name)

    def received(self, message) -> None:
        """mido's callback: note-ons and note-offs, stamped (a note-on at velocity 0 is a release)."""
        if message.type not in ("note_on", "note_off"):
            return
        velocity = message.velocity if message.type == "note_on" else 0
        with self._lock:
            self._events.append((self._clock() - self._started, message.note, velocity))

    def stop(self) -> list[TakeNote]:
        """Stop listening; the notes played, as one line. A key still held ends now."""
        self._port.close()
        now = self._clock() - self._started
        with self._lock:
            events = list(self._events)
        held: dict[int, tuple[float, int]] = {}
        notes = []
        for seconds, pitch, velocity in events:
            if pitch in held:
                start, struck = held.pop(pitch)
                notes.append(TakeNote(pitch, start, seconds, velocity=struck))
            if velocity:
                held[pitch] = (seconds, velocity)
        notes += [TakeNote(pitch, start, now, velocity=struck) for pitch, (start, struck) in held.items()]
        return top_line(notes)
