"""A style of your own from a 50-file folder: reading it, the time estimate, fine-tuning
(tokens per second, seconds, bits per note on the held-out tenth before and after), and the
window's longest GUI stall while a style learns in its process.

    .venv/bin/python bench/bench_user_style.py [--files 50] [--steps N]

The folder: 50 Scottish airs (music21's airdsAirs) from the melody model's *test* split, which
it never trained on, written as MIDI files as a musician's folder would hold them.
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
    from studio.app.user_styles import default_steps, estimate_seconds, make_user_style, read_sources
    from studio.cli.user_style import training_threads

    print(f"Machine: {machine()}")
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["STUDIO_DATA_DIR"] = str(Path(scratch) / "data")
        folder = airs_folder(Path(scratch) / "airs", args.files)
        began = time.perf_counter()
        source = read_sources([folder])
        read = time.perf_counter() - began
        steps = args.steps or default_steps(source)
        threads = training_threads()
        estimate = estimate_seconds(source, steps, "cpu", threads=threads)
        began = time.perf_counter()
        style = make_user_style(source, "bench airs", "celtic", steps, device="cpu", threads=threads)
        took = time.perf_counter() - began
        learned = get_learned(style)
        stall, window_seconds = gui_stall(folder, 30)
    print(f"Folder: {source.summary()}; read in {read:.1f} s")
    print(f"Fine-tuning on the CPU, {threads} thread(s): {learned['steps']} steps, batch 16, "
          f"{learned['tokens_per_second']} tokens/s; estimated {estimate:.0f} s, took {took:.0f} s")  # fmt: skip
    print(f"Pitch bits per note on the {learned['held_out']} held-out airs: {learned['bits_before']:.3f} with the "
          f"shipped weights, {learned['bits_after']:.3f} after fine-tuning")  # fmt: skip
    print(f"Window: longest GUI stall while a style learns (30 steps, {window_seconds:.0f} s, its own process): "
          f"{stall:.0f} ms (target: under 50 ms)")  # fmt: skip
    return 0


def get_learned(style) -> dict:
    from studio.compose.styles import read_style_table

    return read_style_table(style.folder / "style.toml")["learned"]


if __name__ == "__main__":
    raise SystemExit(main())
