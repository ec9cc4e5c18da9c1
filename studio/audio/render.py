"""Song -> stems and mix: every audible track through the SoundFont, then the mixdown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from studio.audio.mixdown import mix_down, pan_gains
from studio.audio.peaks import MIX, Peaks
from studio.audio.stems import MemoryStems, Stem, StemStore, chunks
from studio.audio.synth import SoundFontSynth
from studio.audio.voice.fx import LEVEL_DBFS, vocal_blocks
from studio.audio.voice.singer import PLAIN_SINGING, Singer
from studio.core.errors import AudioError, Cancelled
from studio.core.progress import part
from studio.core.singing import Singing
from studio.core.song import Song

# The guide vocal's RMS above the band's while it sings. At 3 dB the recogniser missed 0.31
# of the words in the mix (16 songs of rock, pop, folk and ballad), at 6 dB 0.24, at 9 dB
# 0.20 but the band shrinks behind the voice (docs/decisions.md).
VOCAL_OVER_BAND_DB = 6.0
VOCAL_GAIN_RANGE_DB = 12.0  # at most this much up or down from the channel strip's level


@dataclass(frozen=True)
class Rendering:
    rate: int
    mix: np.ndarray  # float32 (frames, 2)
    stems: dict[str, np.ndarray]  # track name -> float32 (frames, 2), as mixed
    warnings: tuple[str, ...] = ()  # what was left out, e.g. lyrics no voice can sing
    peaks: dict[str, Peaks] = field(default_factory=dict)  # for the waveform: MIX and each stem

    @property
    def seconds(self) -> float:
        return len(self.mix) / self.rate


def render_song(
    song: Song,
    synth: SoundFontSynth,
    on_progress: Callable[[str, float], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    singer: Singer | None = None,
    store: StemStore | None = None,
    singing: Singing = PLAIN_SINGING,
) -> Rendering:
    """Every unmuted track as a stem, and their mix. With a ``singer`` the melody track's
    lyrics are sung by the guide vocal; without one (or when nothing in it can be sung)
    the track plays on its SoundFont instrument, sung as ``singing`` says (the style's
    [vocal] table). The audio is made block by block into ``store`` (in memory unless the
    caller gives files)."""
    tracks = [t for t in song.tracks if t.notes and not t.muted]
    if not tracks:
        raise AudioError("nothing to render: the song has no notes (or every track is muted)")
    store = store or MemoryStems()
    frames = synth.song_frames(song.duration_seconds)
    sung = song.melody_track() if singer else None
    names: list[str] = []  # one stem name per track: "Guitar", "Guitar 2"
    for track in tracks:
        names.append(_unique(track.name, names))
    # The sung track last: a helper process may still be singing it (app.helper).
    order = sorted(range(len(tracks)), key=lambda i: tracks[i] is sung)
    rendered: dict[int, Stem] = {}
    warnings: list[str] = []
    made: list[Stem] = []  # everything written so far, removed again if the render fails
    try:
        for step, i in enumerate(order):
            track = tracks[i]
            report = part(on_progress, step / len(tracks), (step + 1) / len(tracks))
            report(f"rendering {track.name}", 0.0)
            blocks = None
            if track is sung and any(n.lyric for n in track.notes):
                blocks = _sung(track, song, singer, singing, synth.rate, frames, report, should_stop, warnings)
            if blocks is None:
                blocks = synth.stream_track(track, song.tempo_map, frames, should_stop)
            stem = rendered[i] = store.new(frames)
            made.append(stem)
            faders = np.array(pan_gains(track.volume, track.pan), np.float32)
            if track is sung and blocks is not None:  # the band is rendered: set the vocal above it
                faders *= _vocal_gain(song, track, [rendered[k] for k in rendered if k != i], synth.rate, frames)
            for start, block in blocks:
                stem.write(start, block * faders)
            if should_stop and should_stop():  # checked after the track too: a stopped stem is partial
                raise Cancelled("rendering was cancelled")
        stems = {names[i]: rendered[i] for i in range(len(tracks))}  # the song's track order
        mix = store.new(frames)
        made.append(mix)
        peaks = mix_down(stems, mix, synth.rate)
    except BaseException:  # cancelled or failed: no half-made files left behind
        for stem in made:
            stem.discard()
        raise
    if on_progress:
        on_progress("mixed", 1.0)
    audio = {name: stem.audio() for name, stem in stems.items()}
    return Rendering(synth.rate, mix.audio(), audio, tuple(warnings), peaks)


def _vocal_gain(song: Song, track, band: list[Stem], rate: int, frames: int) -> float:
    """Linear gain that puts the vocal ``VOCAL_OVER_BAND_DB`` above the band's RMS over the
    sung stretch. The vocal leaves its channel strip at LEVEL_DBFS; a quiet ballad needs it
    no louder, a rock band with a crash on every chorus buries it 3 dB under (measured)."""
    if not band or not track.notes:
        return 1.0
    tempo = song.tempo_map
    start = min(frames, int(tempo.tick_to_seconds(min(n.start for n in track.notes)) * rate))
    stop = min(frames, int(tempo.tick_to_seconds(max(n.end for n in track.notes)) * rate))
    energy, count = 0.0, 0
    for a, b in chunks(stop - start):
        block = sum(stem.read(start + a, start + b).astype(np.float64) for stem in band)
        energy += float(np.sum(block * block))
        count += block.size
    if not energy or not count:
        return 1.0
    band_db = 10 * np.log10(energy / count)
    gain_db = np.clip(band_db + VOCAL_OVER_BAND_DB - LEVEL_DBFS, -VOCAL_GAIN_RANGE_DB, VOCAL_GAIN_RANGE_DB)
    return float(10 ** (gain_db / 20))


def _sung(track, song: Song, singer: Singer, singing: Singing, rate: int, frames: int, report, should_stop, warnings):
    """The guide vocal's blocks for the sung track, or None when nothing in it can be sung
    (the melody then plays on its instrument, and a warning says why)."""
    try:
        take = singer.sing(track, song.tempo_map, song.voice, report, should_stop, singing=singing)
    except AudioError as exc:
        warnings.append(f"the guide vocal was left out: {exc}")
        return None
    warnings.extend(take.warnings)
    return vocal_blocks(take.samples, take.rate, rate, frames)


def _unique(name: str, taken) -> str:
    candidate, n = name, 2
    while candidate in taken or candidate == MIX:  # the mix's peaks go by that name
        candidate, n = f"{name} {n}", n + 1
    return candidate
