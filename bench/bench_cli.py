"""`studio generate` itself, as a musician runs it: a fresh process, start-up, loading,
composing, singing, rendering and every file, on the demo's first 8 lines.

    .venv/bin/python bench/bench_cli.py

Five runs; the median, min and max wall time, and the stages the command reports for the
median run. The command uses a helper process (studio/app/helper.py) for the notation
files and the vocal while the band renders; fails if a run fails or writes no song.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_generate import STYLE, lyric  # noqa: E402
from bench.common import machine  # noqa: E402

RUNS = 5


def main() -> None:
    print(f"Machine: {machine()}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "eight.txt"
        path.write_text(lyric(8), encoding="utf-8")
        out = Path(folder) / "song"
        command = [sys.executable, "-m", "studio", "generate", str(path), "--style", STYLE, "--out", str(out)]
        runs = []
        for _ in range(RUNS):
            started = time.perf_counter()
            done = subprocess.run(command, check=True, capture_output=True, text=True)
            runs.append((time.perf_counter() - started, done.stdout.strip().splitlines()[-1]))
            if not (out / "song.studio").is_file():
                raise SystemExit("studio generate wrote no song")
    runs.sort()
    middle = runs[len(runs) // 2]
    print("| command | median s | min s | max s | stages of the median run |")
    print("|---|---|---|---|---|")
    print(f"| `studio generate` 8 lines ({STYLE}) | {middle[0]:.2f} | {runs[0][0]:.2f} | {runs[-1][0]:.2f} "
          f"| {middle[1]} |")  # fmt: skip


if __name__ == "__main__":
    main()
