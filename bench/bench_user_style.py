"""A style of your own from a 50-file folder: reading it, the time estimate, fine-tuning
(tokens per second, seconds, bits per note on the held-out tenth before and after), and the
window's longest GUI stall while a style learns in its process.

    .venv/bin/python bench/bench_user_style.py [--files 50] [--steps N]

Two folders of 50 MIDI files: Scottish airs (music21's airdsAirs) from the melody model's
*test* split, which it never trained on but whose collection it knows; and minor-pentatonic
riffs in one rhythmic cell, an idiom the corpus lacks, for the model to learn.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import machine  # noqa: E402

TICK_MS = 5


def airs_folder(folder: Path, count: int) -> Path:
    """``count`` held-out airs as MIDI files."""
    from studio.core.paths import model_path
    from studio.core.song import KeyChange, MeterChange, Note, Song, TempoChange, Track
    from studio.core.theory import Key, Meter
    from studio.formats.midi_export import write_midi
    from studio.ml.corpus import melodies_in_file, source_files
    from studio.ml.split import read_split

    test, _ = read_split(model_path("splits"))
    written = 0
    folder.mkdir(parents=True, exist_ok=True)
    for path in source_files("airds"):
        if written >= count:
            break
        for melody in melodies_in_file(path, "airds"):
            if melody.id not in test or written >= count:
                continue
            notes = tuple(Note(p, start, duration) for p, start, duration, _ in melody.notes)
            song = Song(title=melody.id, tracks=(Track("Melody", 73, 0, notes),), tempos=(TempoChange(0, 84.0),),
                        meters=(MeterChange(0, Meter(*melody.meter)),),
                        keys=(KeyChange(0, Key(*melody.key)),))  # fmt: skip
            write_midi(song, folder / f"air{written:02d}.mid")
            written += 1
    return folder


def riffs_folder(folder: Path, count: int) -> Path:
    """``count`` melodies in an idiom the corpus does not have: minor-pentatonic riffs in a
    dotted-eighth, sixteenth, quarter cell, a random walk of one or two scale steps (seeded):
    a musician's own habit, for the model to learn."""
    import random

    from studio.core.song import KeyChange, Note, Song, TempoChange, Track
    from studio.core.theory import Key
    from studio.formats.midi_export import write_midi

    scale = [0, 3, 5, 7, 10]
    cell = [360, 120, 480]  # ticks: dotted eighth, sixteenth, quarter
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(count):
        rng = random.Random(k)
        degree, tick, notes = rng.randrange(5, 10), 0, []
        for i in range(48):
            degree = max(0, min(14, degree + rng.choice((-2, -1, -1, 1, 1, 2))))
            octave, step = divmod(degree, 5)
            length = cell[i % 3]
            notes.append(Note(57 + 12 * (octave - 1) + scale[step], tick, length))
            tick += length
        song = Song(tracks=(Track("Melody", 29, 0, tuple(notes)),), tempos=(TempoChange(0, 96.0),),
                    keys=(KeyChange(0, Key(9, "minor")),))  # fmt: skip
        write_midi(song, folder / f"riff{k:02d}.mid")
    return folder


def learn(folder: Path, name: str, base: str, steps: int | None, threads: int) -> dict:
    """One style learned from ``folder``: the figures its card reports, and the estimate."""
    from studio.app.user_styles import default_steps, estimate_seconds, make_user_style, read_sources

    began = time.perf_counter()
    source = read_sources([folder])
    read = time.perf_counter() - began
    steps = steps or default_steps(source)
    estimate = estimate_seconds(source, steps, "cpu", threads=threads)
    began = time.perf_counter()
    style = make_user_style(source, name, base, steps, device="cpu", threads=threads)
    return get_learned(style) | {"summary": source.summary(), "read": read, "estimate": estimate,
                                 "took": time.perf_counter() - began}  # fmt: skip


def gui_stall(folder: Path, steps: int) -> tuple[float, float]:
    """The longest gap of a 5 ms timer in the dialog's process while it learns a style
    (``steps`` steps), and how long that took."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from studio.compose.styles import list_styles
    from studio.ui import new_style_dialog

    app = QApplication.instance() or QApplication([])
    command = new_style_dialog.training_command
    new_style_dialog.training_command = lambda *a, **k: command(*a, **k) + ["--steps", str(steps)]
    dialog = new_style_dialog.NewStyleDialog(list_styles())
    dialog.show()
    dialog.choose([folder])
    wait = QEventLoop()
    timer = QTimer(interval=200, timeout=lambda: dialog.learn.isEnabled() and wait.quit())
    timer.start()
    wait.exec()
    dialog.name.setText("bench airs (window)")
    gaps, last = [], [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000 - TICK_MS)
        last[0] = now

    meter = QTimer(interval=TICK_MS, timeout=tick)
    done = QEventLoop()
    dialog.finished.connect(done.quit)
    began = time.perf_counter()
    meter.start()
    dialog.start_learning()
    done.exec()
    meter.stop()
    app.processEvents()
    return max(gaps), time.perf_counter() - began


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--steps", type=int, help="fine-tuning steps (default: what the folder gets)")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from studio.cli.user_style import training_threads

    print(f"Machine: {machine()}")
    threads = training_threads()
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["STUDIO_DATA_DIR"] = str(Path(scratch) / "data")
        airs = airs_folder(Path(scratch) / "airs", args.files)
        riffs = riffs_folder(Path(scratch) / "riffs", args.files)
        rows = [
            ("held-out Scottish airs", learn(airs, "bench airs", "celtic", args.steps, threads)),
            ("pentatonic riffs (an idiom the corpus lacks)", learn(riffs, "bench riffs", "rock", args.steps, threads)),
        ]
        stall, window_seconds = gui_stall(airs, 30)
    print(f"Fine-tuning on the CPU, {threads} thread(s), batch 16:\n")
    print("| folder | melodies | read s | steps | tokens/s | estimated s | took s | held-out bits/note before | after "
          "| weights kept |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|")
    for label, r in rows:
        kept = "shipped" if r["kept_step"] == 0 else f"step {r['kept_step']}"
        print(f"| {label} | {r['summary']} | {r['read']:.1f} | {r['steps']} | {r['tokens_per_second']} "
              f"| {r['estimate']:.0f} | {r['took']:.0f} | {r['bits_before']:.3f} ({r['held_out']} melodies) "
              f"| {r['bits_after']:.3f} | {kept} |")  # fmt: skip
    print(f"\nWindow: longest GUI stall while a style learns (30 steps, {window_seconds:.0f} s, its own process): "
          f"{stall:.0f} ms (target: under 50 ms)")  # fmt: skip
    return 0


def get_learned(style) -> dict:
    from studio.compose.styles import read_style_table

    return read_style_table(style.folder / "style.toml")["learned"]


if __name__ == "__main__":
    raise SystemExit(main())
