"""The headless face of Studio: the same core as the window, driven from a terminal.

Every failure a user can cause prints one line ``studio: error: ...`` and exits 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from studio import __version__
from studio.core.errors import StudioError

EXIT_USAGE = 2
MAX_LYRICS_BYTES = 1024 * 1024


class _Parser(argparse.ArgumentParser):
    """argparse prints a usage block and exits 2; we print one line, as every error does."""

    def error(self, message: str):
        raise StudioError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="studio", description="Lyrics in, an arranged song out. No arguments: open the window.")
    parser.add_argument("--version", action="version", version=f"studio {__version__}")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    lyrics = commands.add_parser("lyrics", help="show how lyrics split into syllables and where the stress falls")
    lyrics.add_argument("file", type=Path)

    render = commands.add_parser("render", help="render a .mid or .studio file to audio with a SoundFont")
    render.add_argument("input", type=Path)
    render.add_argument("--out", type=Path, required=True, help="the mix, .wav or .flac")
    render.add_argument("--stems", type=Path, help="also write one file per track into this folder")
    render.add_argument("--soundfont", help="a .sf2 file (default: settings, then a system General MIDI font)")
    render.add_argument("--bits", type=int, choices=(16, 24), default=16)
    corpus = commands.add_parser("corpus", help="parse the music21 corpus into the training cache")
    corpus.add_argument("--collections", nargs="+", help="only these collections (default: all)")
    corpus.add_argument("--write-split", action="store_true", help="fix the held-out ids in models/splits")
    train = commands.add_parser("train", help="train the melody model from the corpus cache")
    train.add_argument("--steps", type=int, default=2800)
    train.add_argument("--batch", type=int, default=32)
    train.add_argument("--out", type=Path, help="weights file (default: models/melody.pt)")
    train.add_argument("--debug", action="store_true", help="a tiny model, for a smoke run")
    train.add_argument("--from-midi", type=Path, help="fine-tune on the melodies of the MIDI files in this folder")
    train.add_argument("--style", default="user1", help="style slot a fine-tuned model learns (user1..user8)")
    train.add_argument("--init", type=Path, help="weights to start fine-tuning from (default: models/melody.pt)")
    commands.add_parser("styles", help="list the styles, one line each, id first")

    harmony = commands.add_parser("harmony", help="learn the harmony model from the Bach chorales and score it")
    harmony.add_argument("--out", type=Path, help="model file (default: models/harmony.json)")

    evaluate = commands.add_parser("eval", help="score the melody model and the PPM baseline on the test set")
    evaluate.add_argument("--weights", type=Path, help="weights file (default: models/melody.pt)")
    evaluate.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def read_text_file(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise StudioError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_LYRICS_BYTES or b"\0" in data:
        raise StudioError(f"{path} is not a lyrics text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # old editors on Windows


def cmd_lyrics(args) -> int:
    from studio.core.lyrics import analyse_lyrics, format_syllables

    analysis = analyse_lyrics(read_text_file(args.file))
    for warning in analysis.warnings:
        print(f"studio: warning: {warning}", file=sys.stderr)
    if analysis.is_empty:
        raise StudioError(f"{args.file} has no singable lyrics")
    for section in analysis.sections:
        repeat = f"  (repeats {section.repeat_of})" if section.repeat_of else ""
        print(f"[{section.label}]{repeat}")
        for line in section.lines:
            print(f"{format_syllables(line)}  ({len(line.syllables)})")
    return 0


def load_song(path: Path):
    from studio.core.project import EXTENSION, load_project
    from studio.formats.midi_import import read_midi

    suffix = path.suffix.lower()
    if suffix in (".mid", ".midi", ".kar", ".smf"):
        return read_midi(path)
    if suffix == EXTENSION:
        return load_project(path)
    raise StudioError(f"{path.name}: Studio opens .mid and .studio files, not {suffix or 'files without an extension'}")


def cmd_render(args, settings) -> int:
    from studio.audio.render import render_song
    from studio.audio.soundfont import find_soundfont
    from studio.audio.synth import SoundFontSynth
    from studio.formats.audiofile import write_audio

    started = time.perf_counter()
    song = load_song(args.input)
    if args.stems:
        try:
            args.stems.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StudioError(f"cannot create {args.stems}: {exc.strerror or exc}") from None
    synth = SoundFontSynth(find_soundfont(args.soundfont or settings.soundfont))
    rendering = render_song(song, synth)
    write_audio(args.out, rendering.mix, rendering.rate, args.bits)
    if args.stems:
        for name, stem in rendering.stems.items():
            write_audio(
                args.stems / f"{stem_file_name(name)}{args.out.suffix.lower()}", stem, rendering.rate, args.bits
            )
    elapsed = time.perf_counter() - started
    stems = f" and {len(rendering.stems)} stems to {args.stems}" if args.stems else ""
    print(f"wrote {args.out}{stems}: {rendering.seconds:.1f} s of audio in {elapsed:.2f} s ({Path(synth.path).name})")
    return 0


def cmd_corpus(args) -> int:
    from collections import Counter

    from studio.core.settings import cache_dir
    from studio.ml.corpus import CACHE_VERSION, COLLECTIONS, build_cache, read_cache
    from studio.ml.split import make_split, write_split
    from studio.paths import model_path

    unknown = set(args.collections or ()) - set(COLLECTIONS)
    if unknown:
        raise StudioError(f"unknown collection {sorted(unknown)[0]} (choose from {', '.join(COLLECTIONS)})")
    target = cache_dir() / f"corpus-v{CACHE_VERSION}.jsonl.gz"
    started = time.perf_counter()

    def progress(stage: str, fraction: float) -> None:
        print(f"{stage} ({fraction:.0%})", file=sys.stderr, flush=True)

    report = build_cache(target, tuple(args.collections or COLLECTIONS), on_progress=progress)
    melodies = list(read_cache(target))
    counts = Counter(m.collection for m in melodies)
    print(
        f"wrote {target}: {report['melodies']} melodies from {report['files']} files in "
        f"{time.perf_counter() - started:.0f} s ({len(report['problems'])} files skipped)"
    )
    for collection, count in sorted(counts.items()):
        print(f"  {collection}: {count}")
    if args.write_split:
        split = make_split(melodies)
        write_split(split, model_path("splits"))
        share = Counter(split.values())
        print(f"split: {share['train']} train, {share['valid']} valid, {share['test']} test -> {model_path('splits')}")
    return 0


def _user_melodies(folder: Path, style: str) -> list:
    """Melodies from a musician's MIDI files; files that cannot be read are skipped, said once each."""
    from studio.core.errors import MidiError
    from studio.formats.midi_import import read_midi
    from studio.ml.corpus import melody_from_song

    if not folder.is_dir():
        raise StudioError(f"{folder} is not a folder of MIDI files")
    melodies = []
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in (".mid", ".midi", ".kar")):
        try:
            melody = melody_from_song(read_midi(path), path.stem, style)
        except MidiError as exc:
            print(f"studio: warning: {exc}; skipped", file=sys.stderr)
            continue
        if melody is None:
            print(f"studio: warning: {path.name} has no melody of 8 notes or more; skipped", file=sys.stderr)
        else:
            melodies.append(melody)
    if not melodies:
        raise StudioError(f"no usable melodies in {folder}")
    return melodies


def cmd_train(args) -> int:
    from dataclasses import asdict

    from studio.ml.model import MelodyConfig, load_checkpoint, save_checkpoint
    from studio.ml.tokens import STYLES
    from studio.ml.train import TrainConfig, new_model, token_streams, train
    from studio.paths import model_path

    if args.from_midi:
        if args.style not in STYLES or not args.style.startswith("user"):
            raise StudioError(f"a fine-tuned style goes in a user slot (user1..user8), not {args.style!r}")
        melodies = _user_melodies(args.from_midi, args.style)
        train_streams = token_streams(melodies, args.style)
        valid_streams = None
        model, _ = load_checkpoint(args.init or model_path("melody.pt"))
        config = TrainConfig(steps=args.steps, batch=args.batch, learning_rate=3e-4, warmup=20,
                             eval_every=max(1, min(50, args.steps)))  # fmt: skip
        out = args.out or model_path(f"melody-{args.style}.pt")
    else:
        train_melodies, valid_melodies, _ = _corpus_sides()  # the test side is never touched here
        train_streams = token_streams(train_melodies)
        valid_streams = token_streams(valid_melodies)
        model = new_model(MelodyConfig.debug() if args.debug else MelodyConfig())
        config = TrainConfig(steps=args.steps, batch=args.batch, eval_every=max(1, min(200, args.steps)))
        out = args.out or model_path("melody.pt")
    tokens = sum(map(len, train_streams))
    print(f"training {model.parameter_count():,} parameters on {len(train_streams)} melodies ({tokens:,} tokens)")
    log_so_far: list[dict] = []

    def progress(entry: dict) -> None:
        print(" ".join(f"{k}={v}" for k, v in entry.items()), flush=True)
        log_so_far.append(entry)
        meta = {"train": asdict(config), "log": log_so_far, "train_melodies": len(train_streams),
                "train_tokens": tokens}  # fmt: skip
        save_checkpoint(model, out, meta)  # every evaluation: a stopped run keeps its progress

    train(model, config, train_streams, valid_streams, on_progress=progress)
    print(f"wrote {out}")
    return 0


def cmd_styles() -> int:
    from studio.compose.styles import list_styles

    for style in list_styles():
        low, high = style.tempo
        print(f"{style.id:<11} {style.name}: {style.description} ({style.meter}, {low}-{high} BPM)")
    return 0


def cmd_harmony(args) -> int:
    from studio.compose.harmony import HarmonyModel, harmony_metrics
    from studio.core.atomic import atomic_write_text
    from studio.ml.harmony_data import chorale_beats, chorale_files
    from studio.ml.split import read_split
    from studio.paths import model_path

    started = time.perf_counter()
    test_ids, _ = read_split(model_path("splits"))
    # The harmony has nothing to tune, so it learns from train and validation chorales alike.
    test_works = {i.rsplit("/", 2)[0] for i in test_ids if i.startswith("bach/")}  # "bach/bwv115.6"
    train, test = [], []
    files = chorale_files()
    for done, path in enumerate(files, start=1):
        if done % 50 == 0 or done == len(files):
            print(f"reading chorales {done}/{len(files)}", file=sys.stderr, flush=True)
        chorale = chorale_beats(path)
        if chorale:
            (test if chorale["work"] in test_works else train).append(chorale)
    model = HarmonyModel.fit(train)
    out = args.out or model_path("harmony.json")
    atomic_write_text(out, model.to_json())
    metrics = harmony_metrics(model, test)
    metrics["train_chorales"] = len(train)
    print(json.dumps(metrics))
    print(f"wrote {out} in {time.perf_counter() - started:.0f} s")
    return 0


def _corpus_sides():
    """(train, valid, test) melodies from the corpus cache and the committed split."""
    from studio.core.settings import cache_dir
    from studio.ml.corpus import CACHE_VERSION, read_cache
    from studio.ml.split import read_split
    from studio.paths import model_path

    cache = cache_dir() / f"corpus-v{CACHE_VERSION}.jsonl.gz"
    if not cache.is_file():
        raise StudioError(f"no corpus cache at {cache}; run `studio corpus` first")
    test, valid = read_split(model_path("splits"))
    melodies = list(read_cache(cache))
    train = [m for m in melodies if m.id not in test and m.id not in valid]
    return train, [m for m in melodies if m.id in valid], [m for m in melodies if m.id in test]


def cmd_eval(args) -> int:
    from studio.ml.evaluate import evaluate
    from studio.ml.model import load_checkpoint
    from studio.paths import model_path

    started = time.perf_counter()
    model, _ = load_checkpoint(args.weights or model_path("melody.pt"))
    train, _, test = _corpus_sides()
    report = evaluate(model, train, test)
    overall = dict(report.pop("all"))
    overall["per_collection"] = report
    overall["seconds"] = round(time.perf_counter() - started, 1)
    if args.json:
        print(json.dumps(overall))
        return 0
    print("collection   melodies  notes   model bits/note  baseline bits/note  token NLL  accuracy")
    for name, row in [("all", overall), *sorted(report.items())]:
        print(
            f"{name:<12} {row['test_melodies']:>8} {row['test_notes']:>6} {row['model_pitch_bits_per_note']:>17.3f}"
            f" {row['baseline_pitch_bits_per_note']:>19.3f} {row['model_token_nll']:>10.3f}"
            f" {row['model_token_accuracy']:>9.3f}"
        )
    print(f"({overall['seconds']:.0f} s)")
    return 0


def stem_file_name(track_name: str) -> str:
    """A track name made safe as a file name on every system: 'Bass (ch 2)' -> 'Bass_ch_2'."""
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in track_name).strip("_")
    while "__" in safe:
        safe = safe.replace("__", "_")
    return safe or "track"


def run(argv: list[str] | None = None, launch_window=None) -> int:
    """Parse and run a command; ``launch_window`` starts the GUI when no command is given."""
    from studio.core.settings import load_settings

    try:
        args = build_parser().parse_args(argv)
        settings, warning = load_settings()
        if warning:
            print(f"studio: warning: {warning}", file=sys.stderr)
        if args.command == "lyrics":
            return cmd_lyrics(args)
        if args.command == "render":
            return cmd_render(args, settings)
        if args.command == "corpus":
            return cmd_corpus(args)
        if args.command == "train":
            return cmd_train(args)
        if args.command == "eval":
            return cmd_eval(args)
        if args.command == "harmony":
            return cmd_harmony(args)
        if args.command == "styles":
            return cmd_styles()
        return launch_window(settings) if launch_window else 0
    except StudioError as exc:
        print(f"studio: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("studio: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `studio lyrics song.txt | head`: the reader left, that is fine
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps Python's exit flush quiet
        return 0
    except Exception as exc:
        # A bug, not bad input: still one line for the user; the traceback on request.
        if os.environ.get("STUDIO_DEBUG"):
            raise
        reason = f"{type(exc).__name__}: {exc}"
        print(f"studio: error: internal error ({reason}); rerun with STUDIO_DEBUG=1", file=sys.stderr)
        return 1
