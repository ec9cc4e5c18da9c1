"""The guide vocal's voices side by side: what the recogniser understands, pitch and speed.

    .venv/bin/python bench/bench_voice.py [--voices espeak,neural] [--styles pop,rock] [--lyrics 4]
    .venv/bin/python bench/bench_voice.py --styles ballad --sing breathiness=0   # hear a change first
    .venv/bin/python bench/bench_voice.py --tune onset_max=0.1
    .venv/bin/python bench/bench_voice.py --voices neural --transpose 0,-3   # the cost of register

Each English lyric of the songcraft set is composed once per style (the shipped models,
seed 1, or --seeds); each voice then sings the same Vocal track, the way the style sings (its [vocal]
table, with --sing overriding a setting; --tune another value of the singer's SingerTuning), and
re-pitched by Praat PSOLA or, with --engine world, by WORLD. The vocal goes through the channel
strip (EQ and reverb, as in stems/Vocal.wav) and Whisper base transcribes it (the songcraft
benchmark's recogniser, the ``bench`` extra). Per voice: mean and worst word error rate,
the share of voiced frames within 50 cents of the notes, and the vocal's speed as seconds
of song per second of singing (planning, speaking and PSOLA; the voice's loading is left
out and given once). With ``--transpose 0,-3`` each voice also sings every Vocal track moved
by each number of semitones after the voice's octave (timing, words and F0 shape unchanged,
``SingerTuning.transpose``): a paired test of what the register alone costs the listener,
the first transposition the baseline. Voices:

  espeak          eSpeak NG, the style's voice (the fallback)
  neural          Piper's joe voice for English, re-timed and re-pitched by PSOLA
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import machine  # noqa: E402
from bench.songcraft.asr import WhisperTranscriber, intelligibility  # noqa: E402
from bench.songcraft.measure import lyric_set  # noqa: E402
from bench.songcraft.vocal import agreement  # noqa: E402
from studio.audio.voice.pitch import f0_track  # noqa: E402

STEM_RATE = 44100


def voice_boxes(names: list[str]) -> dict:
    from studio.audio.voice.box import VoiceBox

    boxes = {}
    for name in names:
        started = time.perf_counter()
        if name == "espeak":
            box = VoiceBox(use_neural=False)
            box.say("la", "en-us")
        elif name == "neural":
            box = VoiceBox()
            if box.neural() is None:
                raise SystemExit(f"bench_voice: {box.notice}")
        else:
            raise SystemExit(f"bench_voice: unknown voice {name!r}")
        boxes[name] = (box, time.perf_counter() - started)
    return boxes


def songs(styles: list[str], count: int, seeds: list[int], names: list[str] | None = None):
    from studio.compose.harmony import HarmonyModel
    from studio.compose.pipeline import Models, SongRequest, generate
    from studio.core.paths import model_path
    from studio.ml.model import load_shipped_model

    models = Models(load_shipped_model()[0], HarmonyModel.load(model_path("harmony.json")))
    english = [lyric for lyric in lyric_set() if lyric.english]
    if names:
        unknown = set(names) - {lyric.name for lyric in english}
        if unknown:
            raise SystemExit(f"bench_voice: no English lyric named {', '.join(sorted(unknown))}")
        english = [lyric for lyric in english if lyric.name in names]
    english = english[:count]
    for style in styles:
        for lyric in english:
            for seed in seeds:
                yield style, lyric, seed, generate(SongRequest(lyric.text, style, seed=seed), models)


def tuned(settings: list[str]):
    """The singer's tuning with ``onset_max=0.1`` and the like: another value to hear a change
    before making it, handed to the Singer (nothing global is changed)."""
    from studio.audio.voice.singer import TUNING

    kinds = {f.name: type(getattr(TUNING, f.name)) for f in dataclasses.fields(TUNING)}
    values = {}
    for setting in settings:
        name, _, value = setting.partition("=")
        if name not in kinds or not value:
            raise SystemExit(f"bench_voice: no tuning {name!r} (choose from {', '.join(kinds)}) or no value")
        values[name] = kinds[name](value)
    return dataclasses.replace(TUNING, **values)


def paired(rows: dict[tuple[str, int], list[tuple]]) -> list[str]:
    """Per voice and transposition after the first: the mean change of each song's WER
    from its first-transposition take, its standard error, songs better and worse."""
    lines = []
    for (name, shift), figures in rows.items():
        base = next(v for (n, _), v in rows.items() if n == name)
        if figures is base:
            continue
        change = np.array([f[0] - b[0] for f, b in zip(figures, base, strict=True)])
        error = change.std(ddof=1) / np.sqrt(len(change)) if len(change) > 1 else float("nan")
        lines.append(
            f"| {name} | {shift:+d} | {len(change)} | {change.mean():+.3f} +- {error:.3f} | "
            f"{(change < 0).sum()} | {(change > 0).sum()} |"
        )
    return lines


class _Piece:
    """What bench.songcraft.vocal.agreement reads: notes in ticks (``semitones`` from the
    track's, where the take was sung transposed) and a clock."""

    def __init__(self, song, track, semitones: int = 0):
        self.notes = [dataclasses.replace(n, pitch=n.pitch + semitones) for n in track.notes]
        self.seconds = song.tempo_map.tick_to_seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voices", default="espeak,neural")
    parser.add_argument("--styles", default="pop,rock,folk,ballad,hip-hop,electronic,celtic,chorale")
    parser.add_argument("--lyrics", type=int, default=6, help="how many English lyrics of the set")
    parser.add_argument("--names", help="only these lyrics of the set, e.g. odd-lines,lantern-hymn")
    parser.add_argument("--seeds", default="1", help="the songs' seeds, e.g. 1,2,3")
    parser.add_argument("--voice", choices=("female", "male"), help="every song in this voice (default: the style's)")
    parser.add_argument("--keep", type=Path, help="a folder for the vocals (default: a temporary one)")
    parser.add_argument("--tune", action="append", default=[], metavar="NAME=VALUE",
                        help="another value of the singer's tuning, e.g. onset_max=0.1")  # fmt: skip
    parser.add_argument("--engine", choices=("psola", "world"), default="psola",
                        help="the resynthesis: Praat PSOLA (shipped) or WORLD (pyworld)")  # fmt: skip
    parser.add_argument("--sing", action="append", default=[], metavar="NAME=VALUE",
                        help="another value for the style's [vocal] setting, e.g. breathiness=0")  # fmt: skip
    parser.add_argument("--transpose", default="0",
                        help="semitones each Vocal track is sung from where it is written, e.g. 0,-3")  # fmt: skip
    args = parser.parse_args(argv)
    shifts = [int(s) for s in args.transpose.split(",")]
    tuning = tuned(args.tune)
    sung_as = {name: float(value) for name, _, value in (s.partition("=") for s in args.sing)}
    from studio.audio.voice.fx import finish_vocal
    from studio.audio.voice.singer import Singer
    from studio.compose.styles import singing_for

    boxes = voice_boxes(args.voices.split(","))
    transcriber = WhisperTranscriber(Path.home() / ".cache" / "studio")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-voice-"))
    folder.mkdir(parents=True, exist_ok=True)
    rows = {(name, shift): [] for name in boxes for shift in shifts}
    import soundfile

    seeds = [int(s) for s in args.seeds.split(",")]
    names = args.names.split(",") if args.names else None
    for style, lyric, seed, song in songs(args.styles.split(","), args.lyrics, seeds, names):
        track = song.melody_track()
        voice = args.voice or song.voice
        for (name, shift), (box, _) in ((key, boxes[key[0]]) for key in rows):
            started = time.perf_counter()
            singing = dataclasses.replace(singing_for(style), **sung_as)
            singer = Singer(box, dataclasses.replace(tuning, transpose=float(shift)))
            if args.engine == "world":
                from bench.bench_vocal import world
                from studio.audio.voice.singer import VocalTake, assemble

                plan = singer.plan(track, song.tempo_map, voice, singing=singing)
                take = VocalTake(plan.rate, assemble(plan, world), plan.notes)
            else:
                take = singer.sing(track, song.tempo_map, voice, singing=singing)
            spent = time.perf_counter() - started
            stem = finish_vocal(take.samples, take.rate, STEM_RATE)
            path = folder / f"{style}-{lyric.name}-{seed}-{name}{shift:+d}.wav"
            soundfile.write(str(path), stem, STEM_RATE)
            heard = intelligibility(transcriber, path, lyric.sung_text)
            pitch = agreement(_Piece(song, track, shift), *f0_track(stem, STEM_RATE))
            sung_seconds = len(take.samples) / take.rate
            rows[name, shift].append((heard["wer"], pitch["f0_within_50c"], sung_seconds / spent))
            print(
                f"{style:10} {lyric.name:16} {voice:6} {name:8} {shift:+3d} WER {heard['wer']:.2f}  "
                f"F0 {pitch['f0_within_50c']:.3f}  {sung_seconds / spent:5.0f}x  | {heard['heard'][:70]}",
                flush=True,
            )
    print(f"\n{machine()}; vocals in {folder}")
    print("| voice | semitones | songs | mean WER | worst WER | F0 within 50 c (min) | speed (median) | load s |")
    print("|---|---|---|---|---|---|---|---|")
    for (name, shift), figures in rows.items():
        wer, f0, speed = (np.array(column) for column in zip(*figures))
        print(
            f"| {name} | {shift:+d} | {len(wer)} | {wer.mean():.3f} | {wer.max():.2f} | "
            f"{f0.mean():.3f} ({f0.min():.3f}) | {statistics.median(speed):.0f}x | {boxes[name][1]:.1f} |"
        )
    if len(shifts) > 1:
        print("\n| voice | semitones | songs | WER change (paired) | better | worse |\n|---|---|---|---|---|---|")
        print("\n".join(paired(rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
