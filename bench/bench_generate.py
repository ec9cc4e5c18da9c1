"""Song generation end to end: melody, harmony, arrangement and rendering.

    .venv/bin/python bench/bench_generate.py

In one process with the models and the SoundFont loaded once (what the window does), for
lyrics of 4, 8, 16, 32 and 64 lines; the `studio generate` command itself is
bench/bench_cli.py. Fails if a song misses a syllable, renders silent or leaves the vocal
out.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import machine, timed  # noqa: E402
from studio.audio.peaks import MIX  # noqa: E402
from studio.audio.render import render_song  # noqa: E402
from studio.audio.soundfont import find_soundfont  # noqa: E402
from studio.audio.synth import SoundFontSynth  # noqa: E402
from studio.audio.voice.singer import Singer  # noqa: E402
from studio.compose.harmony import HarmonyModel  # noqa: E402
from studio.compose.pipeline import Models, SongRequest, generate  # noqa: E402
from studio.core.lyrics import analyse_lyrics  # noqa: E402
from studio.core.paths import model_path, resource_path  # noqa: E402
from studio.formats.frame_files import FrameFiles  # noqa: E402
from studio.ml.model import load_shipped_model  # noqa: E402

STYLE = "pop"


def _demo_lines() -> list[str]:
    demo = resource_path("lyrics", "demo.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in demo if line.strip() and not line.startswith("[")]


def lyric(lines: int) -> str:
    """The demo lyric's lines in verse and chorus sections, repeated as a long song repeats
    them (a repeated chorus is sung to the same notes: the melody model writes it once)."""
    sung = _demo_lines()
    out = []
    for i in range(lines):
        if i % 4 == 0:  # four-line sections, verse and chorus in turn
            out += ["", "[Verse]" if (i // 4) % 2 == 0 else "[Chorus]"]
        out.append(sung[i % len(sung)])
    return "\n".join(out)


def unique_lyric(lines: int, seed: int = 7) -> str:
    """Lines that never repeat (words of the demo lyric in a seeded random order), all in
    verses: every note is sampled, none copied. The worst case for growth."""
    import random

    words = sorted({w.strip(",.!?").lower() for line in _demo_lines() for w in line.split()} - {""})
    words = ["I" if w == "i" else w for w in words]
    rng = random.Random(seed)
    out, seen = [], set()
    while len(seen) < lines:
        line = " ".join(rng.choice(words) for _ in range(rng.randint(6, 9)))
        line = line[0].upper() + line[1:]
        if line in seen:
            continue
        if len(seen) % 4 == 0:
            out += ["", "[Verse]"]
        seen.add(line)
        out.append(line)
    return "\n".join(out)


ROOT = Path(__file__).resolve().parent.parent


def plot_growth(series: dict[str, list], path: Path) -> None:
    """Seconds of work against seconds of music, per lyric kind: a straight line is linear."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(6.4, 3.6), dpi=100)
    longest = 0.0
    for (name, points), marker in zip(series.items(), "os"):
        lines, music, gen, sung = (np.array(column) for column in zip(*points))
        axis.plot(music, gen, marker + ":", label=f"{name}: melody + harmony + arrangement")
        axis.plot(music, gen + sung, marker + "-", label=f"{name}: ... + render with the guide vocal")
        for x, y, n in zip(music, gen + sung, lines):
            axis.annotate(f"{n}", (x, y), textcoords="offset points", xytext=(4, -12), fontsize=7)
        longest = max(longest, music.max())
    axis.plot([0, longest], [0, longest / 30], "--", color="grey", label="30x real time")
    axis.set_xlabel("seconds of music (points: lyric lines)")
    axis.set_ylabel("seconds of work")
    axis.legend(fontsize=7)
    axis.grid(alpha=0.3)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)


def rendered_in_files(song, synth, singer=None):
    """render_song as the engine does it: stems written to .npy files block by block."""
    with tempfile.TemporaryDirectory() as folder:
        rendering = render_song(song, synth, singer=singer, store=FrameFiles(folder))
        loud = float(np.abs(rendering.peaks[MIX].high).max())
        vocal = float(np.abs(rendering.peaks["Vocal"].high).max()) if "Vocal" in rendering.peaks else 0.0
        return rendering.seconds, loud, vocal, rendering.warnings


def main() -> None:
    models = Models(load_shipped_model()[0], HarmonyModel.load(model_path("harmony.json")))
    font = find_soundfont()
    synth = SoundFontSynth(font)
    print(f"Machine: {machine()}")
    print(f"Style {STYLE}, SoundFont {font.name}; models and SoundFont loaded once; audio rendered into files")
    print("Lyrics: 'demo' is the demo lyric's lines in verse/chorus turns (a repeated chorus is written once); "
          "'unique' never repeats a line (every note sampled)\n")  # fmt: skip
    print("| lyric | lines | syllables | music s | generate s (melody, harmony, arrangement) |", end="")
    print(" render s, band only |", end="")
    print(" render s, with vocal | total s, no vocal | x real time | total s, with vocal | x real time |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    singer = Singer()
    series = {}
    for name, make_lyric in (("demo", lyric), ("unique", unique_lyric)):
        points = series[name] = []  # (lines, music seconds, generate, render with vocal)
        for lines in (4, 8, 16, 32, 64):
            text = make_lyric(lines)
            request = SongRequest(text, STYLE, seed=1)
            gen, _, song = timed(lambda request=request: generate(request, models), runs=3)
            ren, _, (seconds, loud, _, _) = timed(lambda song=song: rendered_in_files(song, synth), runs=3)
            sung, _, (_, _, vocal, warnings) = timed(lambda song=song: rendered_in_files(song, synth, singer), runs=3)
            syllables = [n.lyric for n in song.tracks[0].notes if n.lyric]
            if syllables != [s.text for s in analyse_lyrics(text).syllables] or loud < 0.01:
                raise SystemExit(f"wrong result at {lines} lines")
            if warnings or vocal < 0.01:
                raise SystemExit(f"the vocal is missing or incomplete at {lines} lines: {warnings}")
            points.append((lines, seconds, gen, sung))
            print(
                f"| {name} | {lines} | {len(syllables)} | {seconds:.1f} | {gen:.2f} | {ren:.2f} | {sung:.2f} "
                f"| {gen + ren:.2f} | {seconds / (gen + ren):.0f}x | {gen + sung:.2f} | {seconds / (gen + sung):.0f}x |"
            )
    plot_growth(series, ROOT / "docs" / "growth.png")
    print("\nHow the time grows with the lyric: docs/growth.png ![growth](growth.png)")


if __name__ == "__main__":
    main()
