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
import resource, sys, tempfile
sys.path.insert(0, ".")
from bench.bench_generate import lyric
from studio.app.engine import Engine
from studio.compose.request import SongRequest
from studio.core.settings import Settings
engine = Engine(Settings(), audio_folder=tempfile.mkdtemp())  # as in the engine process
engine.warm_up()
loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
song, rendering = engine.generate_and_render(SongRequest(lyric(LINES), "pop", seed=1))
assert "Vocal" in rendering.stems and not rendering.warnings
print(loaded / 1024, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, rendering.seconds)
"""

WINDOW_PROBE = """
import re, resource, sys
sys.path.insert(0, ".")
from bench.bench_generate import lyric
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
from studio.core.settings import Settings
from studio.core.paths import resource_path
from studio.ui.app import build_window
app = QApplication([])
window = build_window(Settings(), LYRIC)
window.show()
loop = QEventLoop()
window.song_ready.connect(loop.quit)
QTimer.singleShot(180_000, loop.quit)
window.generate()
loop.exec()
assert window.rendering is not None
window.player.load(list(window.rendering.stems.values()), window.rendering.rate)
for stem in window.rendering.stems.values():
    for at in range(0, len(stem), 65536):
        float(abs(stem[at : at + 65536]).max())  # read every page, as playing the song through would
status = open("/proc/self/status").read()
anon, file = (int(re.search(key + r":\\s+(\\d+)", status).group(1)) / 1024 for key in ("RssAnon", "RssFile"))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, anon, file, window.rendering.seconds)
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
    print()
    print("The window's process (the engine is a separate one), after a song is generated and every page of its "
          "stems read, as playing it through would. The stems are memory-mapped files: their pages are the "
          "system's file cache, counted in the peak and dropped when memory is short.\n")  # fmt: skip
    print("| window | peak MB | of which file-backed (the stems) | anonymous | song s |")
    print("|---|---|---|---|---|")
    for name, text in (("the demo lyric", "resource_path('lyrics', 'demo.txt').read_text(encoding='utf-8')"),
                       ("64 lines", "lyric(64)")):  # fmt: skip
        peak, anon, file, seconds = probe(WINDOW_PROBE.replace("LYRIC", text))
        print(f"| {name} | {peak:.0f} | {file:.0f} | {anon:.0f} | {seconds:.0f} |")


if __name__ == "__main__":
    main()
