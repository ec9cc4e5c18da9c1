"""``studio train --from-midi DIR --style NAME [--from STYLE]``: a style of your own from your
MIDI files, written into your data folder (app.user_styles). The window runs the same
command in a process of its own (``--progress json``: one JSON object a line)."""

from __future__ import annotations

import json
import os
import signal
import sys
import time

from studio.core.errors import StudioError


def training_threads(asked: int = 0) -> int:
    """CPU threads for training: all but one, so the window (or the shell) keeps a core."""
    return asked if asked > 0 else max(1, (os.cpu_count() or 2) - 1)


def cmd_learn_style(args) -> int:
    from studio.app.user_styles import check_name, default_steps, estimate_seconds, make_user_style, read_sources

    if not args.style:
        raise StudioError("name the new style: --style NAME")
    check_name(args.style, args.replace or args.dry_run)  # before minutes of reading files (a dry run asks nothing)
    as_json = args.progress == "json"
    say = _json_line if as_json else _text_line
    source = read_sources(args.from_midi, lambda done, total: say({"reading": done, "files": total}))
    for reason in source.skipped:
        print(f"studio: warning: {reason}; skipped", file=sys.stderr)
    steps = args.steps or default_steps(source)
    found = {"found": source.summary(), "melodies": len(source.melodies), "steps": steps}
    if args.dry_run:  # what the window shows before the musician commits to minutes of training
        seconds = estimate_seconds(source, steps, args.device, args.init, training_threads(args.threads))
        say(found | {"seconds": round(seconds)})
        return 0
    say(found)
    stop = {"asked": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(asked=True))  # the window's Cancel
    started = time.perf_counter()

    def progress(entry: dict) -> None:
        done = entry["step"]
        left = (time.perf_counter() - started) / done * (steps - done)
        say({"step": done, "steps": steps, "loss": entry["train_loss"], "seconds_left": round(left)})

    style = make_user_style(source, args.style, args.base, steps, progress, lambda: stop["asked"], args.device,
                            args.init, training_threads(args.threads), args.replace)  # fmt: skip
    learned = style.folder / "card.md"
    say({"done": style.id, "name": style.name, "card": str(learned)})
    return 0


def _json_line(entry: dict) -> None:
    print(json.dumps(entry), flush=True)


def _text_line(entry: dict) -> None:
    if "reading" in entry:
        if entry["reading"] == entry["files"]:
            print(f"read {entry['files']} MIDI files", flush=True)
    elif "found" in entry:
        about = f", about {entry['seconds']} s" if "seconds" in entry else ""
        print(f"learning from {entry['found']}: {entry['steps']} steps{about}", flush=True)
    elif "step" in entry:
        print(f"step {entry['step']}/{entry['steps']}  loss {entry['loss']:.3f}  "
              f"{entry['seconds_left']} s left", flush=True)  # fmt: skip
    elif "done" in entry:
        print(f"made the style {entry['done']!r} ({entry['name']}); its card: {entry['card']}", flush=True)
