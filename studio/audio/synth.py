"""SoundFont synthesis with TinySoundFont: one Track in, one stereo stem out.

Why TinySoundFont and not FluidSynth: see docs/decisions.md (it installs from PyPI with no
system library and renders about twice as fast). Its one trap: channel 10 is not a drum
kit unless bank 128 is selected on it, which ``render_track`` does for drum tracks.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import numpy as np

from studio.audio.stems import CHUNK_FRAMES, chunks
from studio.core.errors import AudioError
from studio.core.song import Track
from studio.core.timing import TempoMap

DRUM_BANK = 128
GENERATE_SLICE = 4096  # frames per TinySoundFont call (93 ms of sound, about 1 ms of work)
TAIL_SECONDS = 2.0  # room for the last notes' release and the cymbals to ring out


class SoundFontSynth:
    """A loaded SoundFont. Loading costs 0.02 s (TimGM6mb) to 1 s (FluidR3); do it once."""

    def __init__(self, path: str | os.PathLike, rate: int = 44100, gain_db: float = -6.0):
        import tinysoundfont  # a C extension; imported here so `studio lyrics` starts fast

        self.path = str(path)
        self.rate = rate
        # At 0 dB a full arrangement clips inside the synth, before our limiter can help.
        self._synth = tinysoundfont.Synth(gain=gain_db, samplerate=rate)
        try:
            self._font = self._synth.sfload(self.path)
        except Exception as exc:  # tinysoundfont raises a bare Exception on a bad file
            raise AudioError(f"cannot load the SoundFont {path}: {exc or 'not a SoundFont 2 file'}") from None

    def render_track(
        self,
        track: Track,
        tempo_map: TempoMap,
        frames: int,
        should_stop: Callable[[], bool] | None = None,
    ) -> np.ndarray:
        """The track alone as float32 (frames, 2), dry, at full fader (short sounds: the
        note previews). Songs are rendered with ``stream_track``."""
        out = np.zeros((frames, 2), dtype=np.float32)
        for start, block in self.stream_track(track, tempo_map, frames, should_stop):
            out[start : start + len(block)] = block
        return out

    def stream_track(
        self,
        track: Track,
        tempo_map: TempoMap,
        frames: int,
        should_stop: Callable[[], bool] | None = None,
        chunk: int = CHUNK_FRAMES,
    ) -> Iterator[tuple[int, np.ndarray]]:
        """The track alone, dry, at full fader, as (first frame, float32 (n, 2) block) in
        order, ``chunk`` frames each but the last. The block is reused: use it before asking
        for the next. Stops early (with fewer frames) when ``should_stop`` says so."""
        synth, channel = self._synth, track.channel
        synth.sounds_off()
        if track.is_drums:
            synth.program_select(channel, self._font, DRUM_BANK, track.program, is_drums=True)
        else:
            synth.program_select(channel, self._font, 0, track.program)
        events = []
        for note in track.notes:
            events.append((self._frame(tempo_map, note.start), 1, note.pitch, note.velocity))
            events.append((self._frame(tempo_map, note.end), 0, note.pitch, 0))
        events.sort()  # at one frame, releases (0) before attacks (1): repeated notes re-strike
        buffer = np.zeros((chunk, 2), np.float32)
        next_event = 0
        try:
            for start, stop in chunks(frames, chunk):
                block = buffer[: stop - start]
                position = start
                while next_event < len(events) and events[next_event][0] < stop:
                    frame, is_on, pitch, velocity = events[next_event]
                    position = self._generate(block, position - start, frame - start) + start
                    if is_on:
                        synth.noteon(channel, pitch, velocity)
                    else:
                        synth.noteoff(channel, pitch)
                    next_event += 1
                self._generate(block, position - start, stop - start)
                if should_stop and should_stop():
                    return
                yield start, block
        finally:
            synth.sounds_off()

    def _generate(self, out: np.ndarray, start: int, end: int) -> int:
        # In slices: TinySoundFont holds Python's lock while it renders, and a held pad note
        # rendered in one call froze the window's thread for 40 ms.
        for at in range(start, end, GENERATE_SLICE):
            stop = min(end, at + GENERATE_SLICE)
            self._synth.generate(stop - at, buffer=memoryview(out[at:stop]))
        return max(start, end)

    def _frame(self, tempo_map: TempoMap, tick: int) -> int:
        return round(tempo_map.tick_to_seconds(tick) * self.rate)

    def song_frames(self, end_seconds: float) -> int:
        return int((end_seconds + TAIL_SECONDS) * self.rate)
