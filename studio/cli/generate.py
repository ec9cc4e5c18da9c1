"""``studio generate``: lyrics file in, a folder of song files out, through the same
engine as the window (studio.app.songs.generate_into)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from studio.cli.common import add_vocal_options, print_warnings, read_text_file, scratch_engine
from studio.core.errors import StudioError

RENDER_STAGES = ("rendering", "singing", "mixed")  # progress stages that are all "render"


def add_parser(commands) -> None:
    from studio.compose.request import DEFAULT_INTRO_BARS, DEFAULT_OUTRO_BARS, MAX_FRAME_BARS

    frame = f"0-{MAX_FRAME_BARS}"
    generate = commands.add_parser("generate", help="write a whole song for a lyrics file")
    generate.add_argument("lyrics", type=Path)
    generate.add_argument("--style", default="pop", help="a style id (see `studio styles`)")
    generate.add_argument("--out", type=Path, required=True, help="folder for the song's files")
    generate.add_argument("--seed", type=int, default=0, help="same seed, same song")
    generate.add_argument(
        "--key",
        help="for example C, Am, F# minor (default: the seed notes', else C major or A minor, G major for a man)",
    )
    generate.add_argument("--tempo", type=float, help="BPM (default: the middle of the style's range)")
    generate.add_argument("--temperature", type=float, help="0.1 (safe) to 2 (wild); default: the style's")
    generate.add_argument("--seed-midi", type=Path, help="start the melody with this file's melody notes")
    generate.add_argument(
        "--intro-bars", type=int, default=DEFAULT_INTRO_BARS, help=f"bars of band before the singing ({frame})"
    )
    generate.add_argument("--outro-bars", type=int, default=DEFAULT_OUTRO_BARS, help=f"bars of band after it ({frame})")
    generate.add_argument("--soundfont", help="a .sf2 file (default: settings, then a system font)")
    add_vocal_options(generate)


class StageClock:
    """Seconds per stage, from the progress reports: a stage lasts until the next begins."""

    def __init__(self):
        self.started = time.perf_counter()
        self.stages: list[tuple[str, float]] = []

    def lap(self, stage: str) -> None:
        if not self.stages or self.stages[-1][0] != stage:
            self.stages.append((stage, time.perf_counter()))

    def report(self, stage: str, fraction: float) -> None:
        self.lap("render" if stage.startswith(RENDER_STAGES) else stage)

    def seconds(self) -> list[tuple[str, float]]:
        ends = [t for _, t in self.stages[1:]] + [time.perf_counter()]
        return [(name, end - begun) for (name, begun), end in zip(self.stages, ends) if name != "done"]


def cmd_generate(args, settings) -> int:
    clock = StageClock()
    clock.lap("import libraries")
    from studio.app.helper import Helper
    from studio.app.songs import generate_into
    from studio.compose.request import SongRequest
    from studio.core.theory import Key
    from studio.formats.midi_import import read_seed_notes

    lyrics = read_text_file(args.lyrics)
    try:
        key = Key.parse(args.key) if args.key else None
    except ValueError as exc:
        raise StudioError(str(exc)) from None
    seed_notes = read_seed_notes(args.seed_midi) if args.seed_midi else ()
    request = SongRequest(
        lyrics, args.style, key, args.tempo, args.temperature, args.seed, seed_notes, args.lyrics.stem,
        args.voice, args.intro_bars, args.outro_bars, vocal=not args.no_vocal,
    )  # fmt: skip  # checks every setting, with the message the window shows too
    helper = Helper()  # the second core: notation and vocal meanwhile (app.helper)
    try:
        with scratch_engine(settings, args.soundfont) as engine:
            clock.lap("load models and SoundFont")
            engine.models(), engine.synth()
            song, rendering = generate_into(engine, request, args.out, clock.report, helper)
    finally:
        helper.close()
    print_warnings(rendering.warnings)
    timings = clock.seconds()
    stems = ", ".join(rendering.stems)
    print(f"wrote {args.out}/: song.mid, song.wav, song.musicxml, song.studio and stems/ ({stems})")
    total = sum(t for _, t in timings)
    print(f"{rendering.seconds:.1f} s of music in {total:.2f} s: " + ", ".join(f"{s} {t:.2f} s" for s, t in timings))
    sys.stdout.flush()
    return 0
