"""Playback through the sound card with sounddevice (PortAudio), no Qt.

The player holds the rendered stems and mixes them in the audio callback with per-stem
gains, so mute, solo and volume act at once without re-rendering. Every PortAudio failure
(no library, no device, a device that disappears) becomes an AudioError with one line.
"""

from __future__ import annotations

import threading

import numpy as np

from studio.core.errors import AudioError

BLOCK = 1024  # frames per callback: 23 ms at 44.1 kHz


def _sounddevice():
    try:
        import sounddevice
    except OSError:  # the PortAudio library itself is missing
        raise AudioError("no audio output: the PortAudio library is not installed (libportaudio2)") from None
    return sounddevice


def output_devices() -> list[str]:
    """Names of the output devices; [] when there are none (or no PortAudio)."""
    try:
        sd = _sounddevice()
        return [d["name"] for d in sd.query_devices() if d["max_output_channels"] >= 2]
    except Exception:  # AudioError, or PortAudioError (no stable import path across versions)
        return []


class Player:
    """Play, pause, seek and loop over stems. Position is read from any thread."""

    def __init__(self, device: str = ""):
        self.device = device
        self._lock = threading.Lock()
        self._stems: list[np.ndarray] = []
        self._gains = np.zeros(0, np.float32)
        self.rate = 44100
        self._frame = 0
        self._frames = 0
        self._loop: tuple[int, int] | None = None
        self._stream = None
        self.failure: str | None = None  # set from the audio thread when the device went away
        self._pausing = False

    def load(self, stems: list[np.ndarray], rate: int) -> None:
        """New audio (after a render). The position stays where it was, as in a DAW."""
        with self._lock:
            if rate != self.rate:
                self.close()
            self._stems = [np.ascontiguousarray(s, np.float32) for s in stems]
            self._gains = np.ones(len(stems), np.float32)
            self.rate = rate
            self._frames = max((len(s) for s in stems), default=0)
            self._frame = min(self._frame, self._frames)

    def set_gains(self, gains) -> None:
        with self._lock:
            self._gains = np.asarray(gains, np.float32)

    def set_loop(self, start: float | None, end: float | None = None) -> None:
        with self._lock:
            if start is None or end is None or end <= start:
                self._loop = None
            else:
                self._loop = (int(start * self.rate), int(end * self.rate))

    @property
    def seconds(self) -> float:
        return self._frames / self.rate

    @property
    def position(self) -> float:
        return self._frame / self.rate

    def seek(self, seconds: float) -> None:
        with self._lock:
            self._frame = int(min(max(seconds, 0.0), self.seconds) * self.rate)

    @property
    def playing(self) -> bool:
        return self._stream is not None and self._stream.active

    def play(self) -> None:
        if not self._stems:
            raise AudioError("nothing to play yet: generate or open a song")
        if self._frame >= self._frames:
            self._frame = 0
        sd = _sounddevice()
        if self._stream is None:
            try:
                self._stream = sd.OutputStream(
                    samplerate=self.rate,
                    channels=2,
                    dtype="float32",
                    blocksize=BLOCK,
                    device=self.device or None,
                    callback=self._callback,
                    finished_callback=self._finished,
                )
            except Exception as exc:  # PortAudioError, ValueError for an unknown device name
                self._stream = None
                raise AudioError(f"no audio output device ({_first_line(exc)}); playback is off") from None
        self.failure, self._pausing = None, False
        try:
            self._stream.start()
        except Exception as exc:
            self.close()
            raise AudioError(f"the audio device failed to start ({_first_line(exc)})") from None

    def pause(self) -> None:
        self._pausing = True
        if self._stream is not None:
            try:
                self._stream.stop()
            except Exception:  # a device that vanished cannot be stopped; it is stopped
                self.close()

    def stop(self) -> None:
        self.pause()
        self.seek(0.0)

    def close(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.close()
            except Exception:
                pass

    def _callback(self, out, frames, _time, status) -> None:
        with self._lock:
            out.fill(0)
            written = 0
            while written < frames:
                end = self._frames if self._loop is None else min(self._loop[1], self._frames)
                count = min(frames - written, end - self._frame)
                if count <= 0:
                    if self._loop is None:
                        raise _stop()
                    self._frame = self._loop[0]
                    continue
                for stem, gain in zip(self._stems, self._gains):
                    if gain and self._frame < len(stem):
                        piece = stem[self._frame : self._frame + count]
                        out[written : written + len(piece)] += gain * piece
                self._frame += count
                written += count

    def _finished(self) -> None:
        if not self._pausing and self._frame < self._frames and self._loop is None:
            self.failure = "playback stopped: the audio device went away"


def _stop():
    return _sounddevice().CallbackStop()


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


_preview_synth = None


def preview(pitch: int, program: int = 0, device: str = "", seconds: float = 0.45) -> bool:
    """Play one note at once, as a click on a key does; False when there is no sound card.
    A small SoundFont of its own keeps this off the worker's synth (which may be busy)."""
    global _preview_synth
    from studio.audio.soundfont import bundled_font
    from studio.audio.synth import SoundFontSynth
    from studio.core.song import Note, Track
    from studio.core.timing import TempoMap

    try:
        sd = _sounddevice()
        if _preview_synth is None:
            _preview_synth = SoundFontSynth(bundled_font())
        tempo = TempoMap([(0, 120.0)])
        note = Track("preview", program, 0, (Note(pitch, 0, int(seconds * 960), 100),))
        audio = _preview_synth.render_track(note, tempo, int(_preview_synth.rate * (seconds + 0.3)))
        sd.play(audio, _preview_synth.rate, device=device or None)
        return True
    except Exception:  # no device, no PortAudio: previews are a nicety, never an error
        return False
