"""The guide vocal: pitch accuracy and speed, Praat PSOLA (shipped) beside WORLD (pyworld).

English is spoken by Piper's joe voice (eSpeak NG where it cannot load), Mandarin by eSpeak
NG; each style sings its own way (its [vocal] table).

    .venv/bin/python bench/bench_vocal.py

Songs come from the real pipeline (shipped melody model, seed 1): the 16-line demo lyric
in the pop style (female voice) and the rock style (male voice), and an 8-line Mandarin
lyric. Both engines render the same plan: the same spoken words, the same time map and
the same F0 curve. The pitch is estimated back from the dry vocal with Praat (10 ms
frames): the share of voiced frames within 50 cents of the note sung then. WORLD runs
only where pyworld is installed (`pip install "setuptools<81" pyworld`; it builds from
source). Fails if the shipped engine misses the target (90%) or leaves a note unsung.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import machine  # noqa: E402
from studio.audio.voice.fx import finish_vocal  # noqa: E402
from studio.audio.voice.pitch import pitch_report  # noqa: E402
from studio.audio.voice.psola import Layout, psola  # noqa: E402
from studio.audio.voice.singer import Singer, assemble  # noqa: E402
from studio.compose.harmony import HarmonyModel  # noqa: E402
from studio.compose.pipeline import Models, SongRequest, generate  # noqa: E402
from studio.compose.styles import singing_for  # noqa: E402
from studio.core.paths import model_path, resource_path  # noqa: E402
from studio.ml.model import load_shipped_model  # noqa: E402

MANDARIN = "\n".join(
    ["[Verse]", "月亮代表我的心", "你问我爱你有多深", "我爱你有几分", "我的情也真"]
    + ["", "[Chorus]", "轻轻的一个吻", "已经打动我的心", "深深的一段情", "教我思念到如今"]
)
RUNS = 3
TARGET_SHARE = 0.9
FRAME = 0.005  # WORLD frame period, seconds


def world(layout: Layout, rate: int) -> np.ndarray:
    """The same phrase through WORLD: analyse the source, map its frames to song time, put
    the planned F0 on the voiced frames, synthesise."""
    import pyworld

    x = layout.source.astype(np.float64)
    f0, t = pyworld.dio(x, rate, frame_period=FRAME * 1000)
    f0 = pyworld.stonemask(x, f0, t, rate)
    envelope = pyworld.cheaptrick(x, f0, t, rate)
    aperiodicity = pyworld.d4c(x, f0, t, rate)
    starts = np.cumsum([0.0] + [(s1 - s0) * factor for s0, s1, factor in layout.durations])
    song_t = np.arange(0, layout.length, FRAME)
    piece = np.clip(np.searchsorted(starts, song_t, side="right") - 1, 0, len(layout.durations) - 1)
    s0 = np.array([d[0] for d in layout.durations])[piece]
    factor = np.array([d[2] for d in layout.durations])[piece]
    source_t = s0 + (song_t - starts[piece]) / factor
    frame = np.clip(np.round(source_t / FRAME).astype(int), 0, len(f0) - 1)
    voiced = f0[frame] > 0
    planned = np.interp(source_t, *layout.pitch_points)
    out = pyworld.synthesize(
        np.where(voiced, planned, 0.0),
        np.ascontiguousarray(envelope[frame]),
        np.ascontiguousarray(aperiodicity[frame]),
        rate,
        FRAME * 1000,
    ).astype(np.float32)
    frames = int(round(layout.length * rate))
    return np.pad(out, (0, max(0, frames - len(out))))[:frames]


def songs():
    models = Models(load_shipped_model()[0], HarmonyModel.load(model_path("harmony.json")))
    demo = resource_path("lyrics", "demo.txt").read_text(encoding="utf-8")
    for label, lyric, style in (
        ("demo, pop, female", demo, "pop"),
        ("demo, rock, male", demo, "rock"),
        ("Mandarin, ballad, female", MANDARIN, "ballad"),
    ):
        yield label, style, generate(SongRequest(lyric, style, seed=1), models)


def main() -> None:
    try:
        import pyworld  # noqa: F401

        engines = {"Praat PSOLA (shipped)": psola, "WORLD": world}
    except ImportError:
        engines = {"Praat PSOLA (shipped)": psola}
    print(f"Machine: {machine()}")
    print("Time is the resynthesis alone (s per s of song); `plan` is speaking plus the layout, shared by both engines")
    print("The channel strip (EQ, reverb, resampling to 44.1 kHz) is timed separately; accuracy is on the dry vocal\n")
    print("| song | engine | song s | plan s | engine s per s | x real time | voiced frames |", end="")
    print(" within 50 cents | median error | notes sung |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    singer = Singer()
    failures = []
    for label, style, song in songs():
        track = song.melody_track()
        started = time.perf_counter()
        plan = singer.plan(track, song.tempo_map, song.voice, singing=singing_for(style))
        planned = time.perf_counter() - started
        for name, engine in engines.items():
            times = []
            for _ in range(RUNS):
                started = time.perf_counter()
                samples = assemble(plan, engine)
                times.append(time.perf_counter() - started)
            seconds = len(samples) / plan.rate
            per_second = float(np.median(times)) / seconds
            report = pitch_report(samples, plan.rate, plan.notes)
            print(
                f"| {label} | {name} | {seconds:.1f} | {planned:.2f} | {per_second:.4f} | {1 / per_second:.0f}x "
                f"| {report.voiced_frames} | {100 * report.share:.1f}% | {report.median_cents:+.1f} cents "
                f"| {report.notes_heard}/{report.notes} |"
            )
            if engine is psola and (report.share < TARGET_SHARE or report.notes_heard < report.notes):
                failures.append(f"{label}: {report}")
    fx_times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        stem = finish_vocal(samples, plan.rate, 44100)
        fx_times.append(time.perf_counter() - started)
    print(f"\nChannel strip on the last song ({seconds:.0f} s): median {np.median(fx_times):.2f} s")
    if not np.isfinite(stem).all():
        failures.append("the channel strip made non-finite samples")
    if failures:
        raise SystemExit("guide vocal below target: " + "; ".join(failures))


if __name__ == "__main__":
    main()
