"""Peak memory: the engine with the models loaded while it generates and renders, and the
window's own process showing a generated song. Each in a fresh process (ru_maxrss).

    .venv/bin/python bench/bench_memory.py

Fails if a song comes back without its vocal or the probes fail.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import machine  # noqa: E402

ENGINE_PROBE = """
import resource, sys
sys.path.insert(0, ".")
from bench.bench_generate import lyric
from studio.compose.engine import Engine
from studio.compose.request import SongRequest
from studio.core.settings import Settings
engine = Engine(Settings())
engine.warm_up()
loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
song, rendering = engine.generate_and_render(SongRequest(lyric(LINES), "pop", seed=1))
assert "Vocal" in rendering.stems and not rendering.warnings
print(loaded / 1024, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, rendering.seconds)
"""

WINDOW_PROBE = """
import resource
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
from studio.core.settings import Settings
from studio.paths import resource_path
from studio.ui.main_window import MainWindow
app = QApplication([])
window = MainWindow(Settings(), resource_path("lyrics", "demo.txt").read_text(encoding="utf-8"))
window.show()
loop = QEventLoop()
window.song_ready.connect(loop.quit)
QTimer.singleShot(180_000, loop.quit)
window.generate()
loop.exec()
assert window.rendering is not None
window.player.load(list(window.rendering.stems.values()), window.rendering.rate)
for stem in window.rendering.stems.values():
    float(abs(stem).max())  # touch every page, as playback would
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, window.rendering.seconds)
window.document.undo_stack.setClean()
window.close()
"""


def probe(code: str) -> list[float]:
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "STUDIO_CONFIG_DIR": folder}
        out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True,
                             cwd=Path(__file__).resolve().parent.parent).stdout  # fmt: skip
    return [float(x) for x in out.strip().splitlines()[-1].split()]


def main() -> None:
    print(f"Machine: {machine()}")
    print("Peak resident memory (ru_maxrss) of a fresh process; target under 1 GB with the models loaded\n")
    print("| process | what it holds | peak MB | song s |")
    print("|---|---|---|---|")
    for lines in (8, 64):
        loaded, peak, seconds = probe(ENGINE_PROBE.replace("LINES", str(lines)))
        if lines == 8:
            print(f"| engine | models, SoundFont, singer loaded | {loaded:.0f} | |")
        print(f"| engine | after generating and rendering {lines} lines | {peak:.0f} | {seconds:.0f} |")
    peak, seconds = probe(WINDOW_PROBE)
    print(f"| window (the engine is a separate process) | the demo song generated, its audio loaded | "
          f"{peak:.0f} | {seconds:.0f} |")  # fmt: skip


if __name__ == "__main__":
    main()
