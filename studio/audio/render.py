"""Song -> stems and mix: every audible track through the SoundFont, then the mixdown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from studio.audio.mixdown import mix_stems
from studio.audio.singer import Singer
from studio.audio.synth import SoundFontSynth
from studio.audio.vocal_fx import finish_vocal
from studio.core.errors import AudioError, Cancelled
from studio.core.song import Song


@dataclass(frozen=True)
class Rendering:
    rate: int
    mix: np.ndarray  # float32 (frames, 2)
    stems: dict[str, np.ndarray]  # track name -> float32 (frames, 2), as mixed
    warnings: tuple[str, ...] = ()  # what was left out, e.g. lyrics no voice can sing

    @property
    def seconds(self) -> float:
        return len(self.mix) / self.rate


def render_song(
    song: Song,
    synth: SoundFontSynth,
    on_progress: Callable[[str, float], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    singer: Singer | None = None,
) -> Rendering:
    """Every unmuted track as a stem, and their mix. With a ``singer`` the melody track's
    lyrics are sung by the guide vocal; without one (or when nothing in it can be sung)
    the track plays on its SoundFont instrument."""
    tracks = [t for t in song.tracks if t.notes and not t.muted]
    if not tracks:
        raise AudioError("nothing to render: the song has no notes (or every track is muted)")
    frames = synth.song_frames(song.duration_seconds)
    sung = song.melody_track() if singer else None
    stems, warnings = {}, []
    for i, track in enumerate(tracks):
        report = (lambda stage, f, i=i: on_progress(stage, (i + f) / len(tracks))) if on_progress else None
        name = _unique(track.name, stems)
        if report:
            report(f"rendering {track.name}", 0.0)
        if track is sung and any(n.lyric for n in track.notes):
            try:
                take = singer.sing(track, song.tempo_map, song.voice, report, should_stop)
            except AudioError as exc:  # e.g. nothing singable: the melody still plays
                warnings.append(f"the guide vocal was left out: {exc}")
            else:
                warnings += take.warnings
                stem = finish_vocal(take.samples, take.rate, synth.rate)
                stems[name] = np.pad(stem, ((0, max(0, frames - len(stem))), (0, 0)))[:frames]
                continue
        stems[name] = synth.render_track(track, song.tempo_map, frames, should_stop)
        if should_stop and should_stop():  # checked after the track too: a stopped stem is partial
            raise Cancelled("rendering was cancelled")
    faders = {name: (t.volume, t.pan) for name, t in zip(stems, tracks)}
    mix, mixed = mix_stems(stems, faders, synth.rate)
    if on_progress:
        on_progress("mixed", 1.0)
    return Rendering(synth.rate, mix, mixed, tuple(warnings))


def _unique(name: str, taken: dict) -> str:
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name} {n}", n + 1
    return candidate
