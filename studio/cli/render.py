"""``studio render``: a .mid or .studio file to audio, sung where it has lyrics."""

from __future__ import annotations

import time
from pathlib import Path

from studio.cli.common import print_warnings, scratch_engine, vocal_setup
from studio.core.errors import StudioError


def cmd_render(args, settings) -> int:
    from studio.app.export import file_name
    from studio.app.songs import open_song
    from studio.formats.audiofile import write_audio

    started = time.perf_counter()
    song = vocal_setup(open_song(args.input), args.voice, args.no_vocal)
    if args.stems:
        try:
            args.stems.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StudioError(f"cannot create {args.stems}: {exc.strerror or exc}") from None
    with scratch_engine(settings, args.soundfont) as engine:
        rendering = engine.render(song)
        print_warnings(rendering.warnings)
        write_audio(args.out, rendering.mix, rendering.rate, args.bits)
        for name, stem in rendering.stems.items() if args.stems else ():
            target = args.stems / f"{file_name(name)}{args.out.suffix.lower()}"
            write_audio(target, stem, rendering.rate, args.bits)
        font = Path(engine.synth().path).name
    elapsed = time.perf_counter() - started
    stems = f" and {len(rendering.stems)} stems to {args.stems}" if args.stems else ""
    print(f"wrote {args.out}{stems}: {rendering.seconds:.1f} s of audio in {elapsed:.2f} s ({font})")
    return 0
