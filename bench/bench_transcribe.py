"""Seed notes from audio: how well `studio transcribe` hears melodies we render ourselves.

    .venv/bin/python bench/bench_transcribe.py

Songs come from the real pipeline (shipped models, seed 1), one lyric of each half of the
songcraft set per style: 16 vocal lines. Each is heard back three ways: played on the
SoundFont's piano and flute (the melody track's own notes), and sung by the guide vocal
(the dry Vocal stem: consonants before each vowel, vibrato, slides, the hardest case and
the nearest to a hummed take). A note is right when its onset is within 50 ms and its
pitch within 50 cents of a note of the melody (mir_eval's note F-measure, offsets
ignored). Fails if the instruments' median F-measure is under 0.8.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import machine  # noqa: E402

STYLES = ("ballad", "celtic", "chorale", "electronic", "folk", "hip-hop", "pop", "rock")
LYRICS = {"tune": "morning-train", "held-out": "paper-boats"}
INSTRUMENTS = {"piano": 0, "flute": 73}
TARGET = 0.8


def f_measure(reference, heard) -> float:
    """Note onset and pitch F-measure: (start s, pitch) pairs, 50 ms and 50 cents."""
    import mir_eval

    def arrays(notes):
        intervals = np.array([[s, s + 0.1] for s, _ in notes]).reshape(-1, 2)
        hz = np.array([440.0 * 2 ** ((p - 69) / 12) for _, p in notes])
        return intervals, hz

    ref_i, ref_p = arrays(reference)
    est_i, est_p = arrays(heard)
    _, _, f, _ = mir_eval.transcription.precision_recall_f1_overlap(
        ref_i, ref_p, est_i, est_p, onset_tolerance=0.05, pitch_tolerance=50.0, offset_ratio=None
    )
    return float(f)


def main() -> int:
    import soundfile

    from studio.app.engine import Engine
    from studio.audio.transcribe import Transcriber, read_mono
    from studio.compose.request import SongRequest
    from studio.core.settings import load_settings

    engine = Engine(load_settings()[0], audio_folder=tempfile.mkdtemp(prefix="transcribe-bench-"))
    transcriber = Transcriber()
    scores: dict[str, list[float]] = {name: [] for name in (*INSTRUMENTS, "guide vocal")}
    seconds_heard, seconds_taken = 0.0, 0.0
    rows = []
    folder = Path(tempfile.mkdtemp(prefix="transcribe-bench-"))
    for style in STYLES:
        for half, name in LYRICS.items():
            text = (Path(__file__).parent / "lyrics" / half / f"{name}.txt").read_text(encoding="utf-8")
            song, rendering = engine.generate_and_render(SongRequest(text, style, seed=1, title=name))
            melody = song.melody_track()
            reference = [(song.tempo_map.tick_to_seconds(n.start), n.pitch) for n in melody.notes]
            takes = {"guide vocal": np.asarray(rendering.stems[melody.name])}
            end = max(n.end for n in melody.notes)
            frames = int((song.tempo_map.tick_to_seconds(end) + 1.0) * rendering.rate)
            for instrument, program in INSTRUMENTS.items():
                played = replace(melody, program=program)
                takes[instrument] = engine.synth().render_track(played, song.tempo_map, frames)
            row = [f"{style} / {name} ({half})"]
            for source in scores:
                audio = takes[source]
                path = folder / f"{style}-{name}-{source}.wav"
                soundfile.write(path, audio, rendering.rate)
                started = time.perf_counter()
                heard = transcriber.notes(read_mono(path))
                seconds_taken += time.perf_counter() - started
                seconds_heard += len(audio) / rendering.rate
                score = f_measure(reference, [(h.start, h.pitch) for h in heard])
                scores[source].append(score)
                row.append(f"{score:.2f}")
            rows.append("| " + " | ".join(row) + " |")
            print(rows[-1], file=sys.stderr, flush=True)  # progress; the table comes at the end
    print(f"Machine: {machine()}\n")
    print("| melody | " + " | ".join(scores) + " |")
    print("|---" * (len(scores) + 1) + "|")
    print("\n".join(rows))
    medians = {source: statistics.median(values) for source, values in scores.items()}
    print("| **median** | " + " | ".join(f"**{medians[s]:.2f}**" for s in scores) + " |")
    speed = seconds_heard / seconds_taken
    print(f"\n{seconds_heard:.0f} s of audio heard in {seconds_taken:.1f} s ({speed:.0f}x real time)")
    worst = min(medians[name] for name in INSTRUMENTS)
    if worst < TARGET:
        print(f"FAIL: instrument median F-measure {worst:.2f} < {TARGET}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
