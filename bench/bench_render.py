"""SoundFont rendering speed: Studio's TinySoundFont path beside the fluidsynth program.

    .venv/bin/python bench/bench_render.py

Renders one 4-track song (vocal line, chords, bass, drums; 32 bars at 120 BPM) to stems
and a mix, five times per SoundFont, and the same MIDI file with Debian's `fluidsynth -F`
as the reference. Fails if a rendering is silent, clips or its stems do not add up.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import machine, timed  # noqa: E402
from studio.audio.render import render_song  # noqa: E402
from studio.audio.soundfont import SYSTEM_FONTS, bundled_font  # noqa: E402
from studio.audio.synth import SoundFontSynth  # noqa: E402
from studio.core.song import Note, Song, Track  # noqa: E402
from studio.formats.midi_export import write_midi  # noqa: E402

BARS = 32


def bench_song() -> Song:
    bar = 1920
    scale = [60, 62, 64, 65, 67, 69, 71, 72]
    roots = [57, 53, 48, 55]  # Am F C G
    vocal = tuple(Note(scale[(i * 3) % 8], i * 480, 440, 90) for i in range(BARS * 4))
    chords = tuple(Note(roots[b % 4] + iv, b * bar, bar, 70) for b in range(BARS) for iv in (0, 4, 7))
    bass = tuple(Note(roots[b % 4] - 24, b * bar + k * 960, 900, 100) for b in range(BARS) for k in range(2))
    kit = [36, 42, 38, 42]
    drums = tuple(Note(kit[i % 4], i * 240, 120, 110) for i in range(BARS * 8))
    return Song(
        title="bench",
        tracks=(
            Track("Vocal", 53, 0, vocal),
            Track("Chords", 0, 1, chords),
            Track("Bass", 33, 2, bass),
            Track("Drums", 0, 9, drums),
        ),
    )


def check(rendering) -> None:
    peak = float(np.abs(rendering.mix).max())
    if not 0.01 < peak < 1.0:
        raise SystemExit(f"wrong result: mix peak {peak}")
    for name, stem in rendering.stems.items():
        if np.sqrt(np.mean(stem**2)) < 1e-4:
            raise SystemExit(f"wrong result: stem {name} is silent")
    if np.abs(sum(rendering.stems.values()) - rendering.mix).max() > 1e-5:
        raise SystemExit("wrong result: stems do not add up to the mix")


def main() -> None:
    song = bench_song()
    seconds = song.duration_seconds + 2.0
    fonts = [bundled_font()] + [Path(f) for f in SYSTEM_FONTS if Path(f).is_file()][:1]
    print(f"Machine: {machine()}")
    print(f"Song: 4 tracks, {BARS} bars, {seconds:.1f} s of 44.1 kHz stereo per stem\n")
    print("| renderer | SoundFont | load s | render s, median (min-max) of 5 | x real time |")
    print("|---|---|---|---|---|")
    for font in fonts:
        load, _, synth = timed(lambda font=font: SoundFontSynth(font), runs=1)
        median, (low, high), rendering = timed(lambda synth=synth: render_song(song, synth))
        check(rendering)
        print(
            f"| Studio (TinySoundFont), 4 stems + mix + limiter | {font.name} | {load:.3f} "
            f"| {median:.3f} ({low:.3f}-{high:.3f}) | {seconds / median:.0f}x |"
        )
    program = shutil.which("fluidsynth")
    if not program:
        print("| fluidsynth -F (reference) | - | - | not installed: apt install fluidsynth | - |")
        return
    with tempfile.TemporaryDirectory() as folder:
        midi, wav = Path(folder) / "bench.mid", Path(folder) / "bench.wav"
        write_midi(song, midi)
        for font in fonts:
            command = [program, "-ni", "-q", "-g", "0.5", "-r", "44100", "-F", str(wav), str(font), str(midi)]
            median, (low, high), _ = timed(lambda cmd=command: subprocess.run(cmd, check=True, capture_output=True))
            print(
                f"| fluidsynth -F, one stereo mix, load included (reference) | {font.name} | - "
                f"| {median:.3f} ({low:.3f}-{high:.3f}) | {seconds / median:.0f}x |"
            )


if __name__ == "__main__":
    main()
