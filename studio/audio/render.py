"""Song -> stems and mix: every audible track through the SoundFont, then the mixdown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from studio.audio.mixdown import mix_stems
from studio.audio.synth import SoundFontSynth
from studio.core.errors import AudioError, Cancelled
from studio.core.song import Song


@dataclass(frozen=True)
class Rendering:
    rate: int
    mix: np.ndarray  # float32 (frames, 2)
    stems: dict[str, np.ndarray]  # track name -> float32 (frames, 2), as mixed

    @property
    def seconds(self) -> float:
        return len(self.mix) / self.rate


def render_song(
    song: Song,
    synth: SoundFontSynth,
    on_progress: Callable[[str, float], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Rendering:
    tracks = [t for t in song.tracks if t.notes and not t.muted]
    if not tracks:
        raise AudioError("nothing to render: the song has no notes (or every track is muted)")
    frames = synth.song_frames(song.duration_seconds)
    stems = {}
    for i, track in enumerate(tracks):
        if on_progress:
            on_progress(f"rendering {track.name}", i / len(tracks))
        stems[_unique(track.name, stems)] = synth.render_track(track, song.tempo_map, frames, should_stop)
        if should_stop and should_stop():  # checked after the track too: a stopped stem is partial
            raise Cancelled("rendering was cancelled")
    faders = {name: (t.volume, t.pan) for name, t in zip(stems, tracks)}
    mix, mixed = mix_stems(stems, faders, synth.rate)
    if on_progress:
        on_progress("mixed", 1.0)
    return Rendering(synth.rate, mix, mixed)


def _unique(name: str, taken: dict) -> str:
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name} {n}", n + 1
    return candidate
