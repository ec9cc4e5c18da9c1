"""``studio transcribe``: a hummed, sung or played melody (WAV/FLAC) in, seed notes out as a
MIDI file, the one ``studio generate --seed-midi`` takes."""

from __future__ import annotations

from pathlib import Path

from studio.core.errors import StudioError

SNAPS = {"1/4": 480, "1/8": 240, "1/16": 120}  # ticks at PPQ 480


def add_parser(commands) -> None:
    transcribe = commands.add_parser(
        "transcribe", help="hear a hummed, sung or played melody and write it as seed notes"
    )
    transcribe.add_argument("input", type=Path, help="a WAV or FLAC take of one melody line, up to 5 minutes")
    transcribe.add_argument("--out", type=Path, required=True, help="the seed file (.mid) for generate --seed-midi")
    transcribe.add_argument("--tempo", type=float, default=120.0, help="the take's BPM (default 120)")
    transcribe.add_argument("--key", default="C", help="the song's key, for notes between two keys (default C)")
    transcribe.add_argument("--snap", default="1/16", choices=tuple(SNAPS), help="the grid notes go on")


def cmd_transcribe(args) -> int:
    from studio.audio.transcribe import transcribe_file
    from studio.core.song import Song, TempoChange, Track
    from studio.core.theory import Key
    from studio.formats.midi_export import write_midi

    try:
        key = Key.parse(args.key)
    except ValueError as exc:
        raise StudioError(str(exc)) from None
    if not 20 <= args.tempo <= 300:
        raise StudioError(f"--tempo {args.tempo:g} is not a song's tempo (20-300 BPM)")
    if args.out.suffix.lower() not in (".mid", ".midi"):
        raise StudioError("--out writes a MIDI file (.mid)")
    song = Song(title=args.input.stem, tempos=(TempoChange(0, args.tempo),))
    notes = transcribe_file(args.input, song.tempo_map, key, SNAPS[args.snap])
    song = Song(title=args.input.stem, tempos=song.tempos, tracks=(Track("Vocal", 53, 0, notes),))
    write_midi(song, args.out)
    print(f"{len(notes)} notes from {args.input.name} into {args.out}")
    return 0
