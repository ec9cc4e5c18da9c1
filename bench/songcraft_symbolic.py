"""Songcraft figures from the MIDI alone, without rendering: a fast loop for melody work.

    .venv/bin/python bench/songcraft_symbolic.py [--seeds 2] [--styles pop,rock] [--half held-out]

Generates every style x lyric x seed in this process (no audio), reads each song.mid back
the way the benchmark does and prints the benchmark's symbolic figures per style and over
all. The full benchmark (bench/bench_songcraft.py) is what docs/MUSICALITY.md quotes.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.songcraft.measure import load_lyric, lyric_set, symbolic, written_piece  # noqa: E402
from bench.songcraft.summary import FIGURES, aggregate, style_distinctness  # noqa: E402

SHOWN = ("words_sung", "stressed_on_strong", "unstressed_on_beat", "syllables_on_strong", "strong_beats_sung",
         "breath_after_line",
         "lines_on_grid", "notes_per_syllable", "weak_held_long", "weak_longest_in_line", "leaps_over_fifth",
         "leaps_resolved", "range", "chorus_peak", "hook_varied", "sequence", "heard_chord_tones",
         "phrases_of_2_or_4_bars", "sections_whole", "long_rest_in_section", "length_entropy", "common_length_share",
         "syncopation",
         "mean_interval", "repeated_notes", "chanted_notes", "chorus_minus_verse", "sections_end_on_tonic",
         "sections_end_on_chord_tone", "tone_agreement", "tone_agreement_chance", "distinct_chords",
         "top_chord_share", "strong_beat_chord_tones", "chorus_minus_verse_notes_per_bar",
         "chorus_minus_verse_drum_hits", "repeated_8_bar_spans", "drum_hits_per_bar", "bass_notes_per_bar")  # fmt: skip


def _clock(seen: dict[str, float], stage: str) -> None:
    """When each stage of the pipeline began."""
    seen.setdefault(stage, time.perf_counter())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=1)
    parser.add_argument("--styles", default="")
    parser.add_argument("--half", default="", help="tune or held-out (default: both)")
    parser.add_argument("--lyrics", type=Path, help="a folder of lyric .txt files instead of bench/lyrics")
    args = parser.parse_args(argv)
    from studio.app.engine import Engine
    from studio.compose.pipeline import generate
    from studio.compose.request import SongRequest
    from studio.compose.styles import list_styles
    from studio.core.settings import load_settings

    models = Engine(load_settings()[0]).models()
    styles = [s for s in args.styles.split(",") if s] or [s.id for s in list_styles()]
    if args.lyrics:
        lyrics = [load_lyric(path, "unseen") for path in sorted(args.lyrics.glob("*.txt"))]
    else:
        lyrics = [ly for ly in lyric_set() if not args.half or ly.half == args.half]
    rows: dict[str, list[dict]] = {}
    songs = []  # (style, seed, figures) for the style classifier
    seconds = []
    band_seconds = []  # from the harmony stage to the finished song: harmony and arrangement
    with tempfile.TemporaryDirectory() as scratch:
        for style in styles:
            for lyric in lyrics:
                for seed in range(args.seeds):
                    started = time.perf_counter()
                    stages: dict[str, float] = {}
                    request = SongRequest(lyric.text, style, seed=seed, title=lyric.name)
                    song = generate(request, models, lambda stage, _, seen=stages: _clock(seen, stage))
                    seconds.append(time.perf_counter() - started)
                    band_seconds.append(stages["done"] - stages["harmony"])
                    figures = symbolic(written_piece(song, lyric, Path(scratch)))
                    rows.setdefault(style, []).append(figures)
                    songs.append((style, seed, figures))
    names = {f.key: f for f in FIGURES}
    table = {style: aggregate(r) for style, r in rows.items()}
    table["all"] = aggregate([row for r in rows.values() for row in r])
    print(f"{'figure':26s}" + "".join(f"{s[:9]:>10s}" for s in table))
    for key in SHOWN:
        if key not in names:
            continue
        cells = "".join(
            f"{table[s].get(key):>10.2f}" if table[s].get(key) is not None else f"{'-':>10s}" for s in table
        )
        print(f"{key:26s}{cells}")
    if args.seeds > 1:
        distinct = style_distinctness(songs)
        print(f"style classifier (leave one seed out): {distinct.get('accuracy')}, {distinct.get('confusions')}")
    print(f"generate: median {sorted(seconds)[len(seconds) // 2]:.2f} s per song over {len(seconds)} songs")
    band_ms = sorted(1000 * s for s in band_seconds)
    print(f"harmony and arrangement: median {band_ms[len(band_ms) // 2]:.1f} ms, longest {band_ms[-1]:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
