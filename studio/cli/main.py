"""The headless face of Studio: the same core as the window, driven from a terminal.

Every failure a user can cause prints one line ``studio: error: ...`` and exits 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from studio import __version__
from studio.cli import generate as cli_generate
from studio.cli import transcribe as cli_transcribe
from studio.cli.common import add_vocal_options, print_warnings, read_text_file
from studio.core.errors import StudioError

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse prints a usage block and exits 2; we print one line, as every error does."""

    def error(self, message: str):
        raise StudioError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="studio", description="Lyrics in, an arranged song out. No arguments: open the window.")
    parser.add_argument("--version", action="version", version=f"studio {__version__}")
    window = parser.add_argument_group("the window (no command)")
    window.add_argument("--screenshot", type=Path, metavar="FILE.png", help="save a picture of the window and exit")
    window.add_argument("--lyrics", type=Path, help="open the window with these lyrics")
    window.add_argument("--style", help="open the window with this style chosen")
    window.add_argument("--generate", action="store_true", help="generate a song at once (with --screenshot)")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    lyrics = commands.add_parser("lyrics", help="show how lyrics split into syllables and where the stress falls")
    lyrics.add_argument("file", type=Path)

    render = commands.add_parser("render", help="render a .mid or .studio file to audio with a SoundFont")
    render.add_argument("input", type=Path)
    render.add_argument("--out", type=Path, required=True, help="the mix, .wav or .flac")
    render.add_argument("--stems", type=Path, help="also write one file per track into this folder")
    render.add_argument("--soundfont", help="a .sf2 file (default: settings, then a system General MIDI font)")
    render.add_argument("--bits", type=int, choices=(16, 24), default=16)
    add_vocal_options(render)
    corpus = commands.add_parser("corpus", help="parse the music21 corpus into the training cache")
    corpus.add_argument("--collections", nargs="+", help="only these collections (default: all)")
    corpus.add_argument("--write-split", action="store_true", help="fix the held-out ids in models/splits")
    train = commands.add_parser("train", help="train the melody model, or learn a style of your own from MIDI files")
    train.add_argument("--from-midi", type=Path, nargs="+", metavar="DIR",
                       help="learn a new style from the MIDI files in these folders (or these files)")  # fmt: skip
    train.add_argument("--style", help="the new style's name (with --from-midi)")
    train.add_argument("--from", dest="base", default="pop", help="the style it starts from: band, groove, voice")
    train.add_argument("--replace", action="store_true", help="retrain a style of yours that has this name")
    train.add_argument("--steps", type=int, help="training steps (default: 2800; with --from-midi, by the files)")
    train.add_argument("--batch", type=int, default=32)
    train.add_argument("--out", type=Path, help="weights file (default: models/melody.pt)")
    train.add_argument("--debug", action="store_true", help="a tiny model, for a smoke run")
    train.add_argument("--init", type=Path, help="weights to start fine-tuning from (default: models/melody.pt)")
    train.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda", "mps"), help="where to train")
    train.add_argument("--threads", type=int, default=0, help="CPU threads (default: all but one)")
    train.add_argument(
        "--dry-run", action="store_true", help="with --from-midi: say what would be learned, and how long"
    )
    train.add_argument("--progress", choices=("text", "json"), default="text", help=argparse.SUPPRESS)
    styles = commands.add_parser("styles", help="list the styles, one line each, id first; yours are marked")
    styles.add_argument("--delete", metavar="ID", help="delete a style of yours")
    styles.add_argument("--rename", nargs=2, metavar=("ID", "NAME"), help="give a style of yours a new name")
    cli_generate.add_parser(commands)
    cli_transcribe.add_parser(commands)

    harmony = commands.add_parser("harmony", help="learn the harmony model from the Bach chorales and score it")
    harmony.add_argument("--out", type=Path, help="model file (default: models/harmony.json)")

    evaluate = commands.add_parser("eval", help="score the melody model and the PPM baseline on the test set")
    evaluate.add_argument("--weights", type=Path, help="weights file (default: models/melody.pt)")
    evaluate.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def window_options(args) -> dict:
    """What the window should start with, checked before Qt loads."""
    if args.generate and not args.screenshot:
        raise StudioError("--generate works with --screenshot (in the window, press Generate)")
    if args.style:
        from studio.compose.styles import get_style

        get_style(args.style)  # an unknown style is one line now, not a window later
    if args.screenshot and args.screenshot.suffix.lower() != ".png":
        raise StudioError("--screenshot writes a .png file")
    lyrics = read_text_file(args.lyrics) if args.lyrics else None
    return {"screenshot": args.screenshot, "lyrics": lyrics, "style": args.style, "generate": args.generate}


def cmd_lyrics(args) -> int:
    from studio.core.lyrics import analyse_lyrics, format_syllables

    analysis = analyse_lyrics(read_text_file(args.file))
    print_warnings(analysis.warnings)
    if analysis.is_empty:
        raise StudioError(f"{args.file} has no singable lyrics")
    for section in analysis.sections:
        repeat = f"  (repeats {section.repeat_of})" if section.repeat_of else ""
        print(f"[{section.label}]{repeat}")
        for line in section.lines:
            print(f"{format_syllables(line)}  ({len(line.syllables)})")
    return 0


def cmd_styles(args) -> int:
    from studio.app.user_styles import delete_user_style, rename_user_style
    from studio.compose.styles import list_styles, user_style_problems

    if args.delete:
        delete_user_style(args.delete)
        print(f"deleted your style {args.delete!r}")
        return 0
    if args.rename:
        style = rename_user_style(*args.rename)
        print(f"{style.id} is now called {style.name!r}")
        return 0
    for style in list_styles():
        low, high = style.tempo
        yours = " [yours]" if style.folder is not None else ""
        print(f"{style.id:<11} {style.name}{yours}: {style.description} ({style.meter}, {low}-{high} BPM)")
    for problem in user_style_problems():
        print(f"studio: warning: {problem}; left out", file=sys.stderr)
    return 0


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
            from studio.cli.render import cmd_render

            return cmd_render(args, settings)
        if args.command == "train" and args.from_midi:
            from studio.cli.user_style import cmd_learn_style

            return cmd_learn_style(args)
        if args.command in ("corpus", "train", "eval", "harmony"):
            if getattr(sys, "frozen", False):  # the bundle leaves the corpus and the trainers out
                raise StudioError(f"`studio {args.command}` needs a source install (./dev setup), not the app bundle")
            from studio.cli import models as cli_models

            return getattr(cli_models, f"cmd_{args.command}")(args)
        if args.command == "styles":
            return cmd_styles(args)
        if args.command == "generate":
            return cli_generate.cmd_generate(args, settings)
        if args.command == "transcribe":
            return cli_transcribe.cmd_transcribe(args)
        return launch_window(settings, window_options(args)) if launch_window else 0
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
