"""``studio generate``: lyrics file in, a folder of song files out."""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path

from studio.cli_common import add_vocal_options
from studio.core.errors import StudioError


def add_parser(commands) -> None:
    generate = commands.add_parser("generate", help="write a whole song for a lyrics file")
    generate.add_argument("lyrics", type=Path)
    generate.add_argument("--style", default="pop", help="a style id (see `studio styles`)")
    generate.add_argument("--out", type=Path, required=True, help="folder for the song's files")
    generate.add_argument("--seed", type=int, default=0, help="same seed, same song")
    generate.add_argument("--key", help="for example C, Am, F# minor (default: C major or A minor)")
    generate.add_argument("--tempo", type=float, help="BPM (default: the middle of the style's range)")
    generate.add_argument("--temperature", type=float, help="0.1 (safe) to 2 (wild); default: the style's")
    generate.add_argument("--seed-midi", type=Path, help="start the melody with this file's melody notes")
    generate.add_argument("--intro-bars", type=int, default=2, help="bars of band before the singing (0-16)")
    generate.add_argument("--outro-bars", type=int, default=1, help="bars of band after it (0-16)")
    generate.add_argument("--soundfont", help="a .sf2 file (default: settings, then a system font)")
    add_vocal_options(generate)


def cmd_generate(args, settings) -> int:
    started = time.perf_counter()
    from studio.cli import read_text_file
    from studio.compose.engine import Engine
    from studio.compose.pipeline import SongRequest
    from studio.compose.styles import get_style
    from studio.core.theory import Key
    from studio.formats.midi_import import read_seed_notes

    clock = time.perf_counter()
    timings: list[tuple[str, float]] = [("import libraries", clock - started)]

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings.append((stage, now - clock))
        clock = now

    lyrics = read_text_file(args.lyrics)
    try:
        key = Key.parse(args.key) if args.key else None
    except ValueError as exc:
        raise StudioError(str(exc)) from None
    if args.tempo is not None and not 30 <= args.tempo <= 300:
        raise StudioError(f"tempo {args.tempo:g} is out of range (30-300 BPM)")
    if args.temperature is not None and not 0.1 <= args.temperature <= 2.0:
        raise StudioError(f"temperature {args.temperature:g} is out of range (0.1-2)")
    get_style(args.style)  # an unknown style is reported before any work is done
    seed_notes = read_seed_notes(args.seed_midi) if args.seed_midi else ()
    try:
        request = SongRequest(
            lyrics, args.style, key, args.tempo, args.temperature, args.seed, seed_notes, args.lyrics.stem,
            args.voice, args.intro_bars, args.outro_bars,
        )  # fmt: skip
    except ValueError as exc:
        raise StudioError(str(exc)) from None
    engine = Engine(replace(settings, soundfont=args.soundfont or settings.soundfont))
    engine.models(), engine.synth()
    lap("load models and SoundFont")
    rendering = generate_song_folder(engine, request, args.out, args.voice, args.no_vocal, timings)
    total = sum(t for _, t in timings)
    stems = ", ".join(rendering.stems)
    print(f"wrote {args.out}/: song.mid, song.wav, song.musicxml, song.studio and stems/ ({stems})")
    print(f"{rendering.seconds:.1f} s of music in {total:.2f} s: " + ", ".join(f"{s} {t:.2f} s" for s, t in timings))
    sys.stdout.flush()
    return 0


def generate_song_folder(engine, request, out: Path, voice=None, no_vocal=False, timings=None):
    """What `studio generate` does once it has a request: compose, sing, render and write
    the song's folder. The songcraft benchmark calls this too (with one engine for many
    songs), so what it measures is what the command writes. Appends (stage, seconds) to
    ``timings``; returns the Rendering (its audio is gone, its facts are not)."""
    from studio.audio.render import render_song
    from studio.cli_common import print_warnings, scratch_stems, vocal_setup
    from studio.compose.pipeline import generate
    from studio.export import write_song_folder

    timings = [] if timings is None else timings
    stage_started = {}

    def progress(stage: str, fraction: float) -> None:
        if stage not in stage_started:
            stage_started[stage] = time.perf_counter()

    song = generate(request, engine.models(), progress)
    marks = sorted(stage_started.items(), key=lambda item: item[1]) + [("end", time.perf_counter())]
    for (stage, began), (_, ended) in zip(marks, marks[1:]):
        if stage != "done":
            timings.append((stage, ended - began))
    clock = time.perf_counter()
    song, singer = vocal_setup(song, voice, no_vocal)
    with scratch_stems() as store:
        rendering = render_song(song, engine.synth(), singer=singer, store=store)
        print_warnings(rendering.warnings)
        timings.append(("render", time.perf_counter() - clock))
        clock = time.perf_counter()
        write_song_folder(song, rendering, out)
        timings.append(("write files", time.perf_counter() - clock))
    return rendering
