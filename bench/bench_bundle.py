"""The PyInstaller app: size on disk and start-up, measured on dist/studio (./dev bundle).

    .venv/bin/python bench/bench_bundle.py

Prints a note and no table when the app is not built.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import machine  # noqa: E402

APP = Path(__file__).resolve().parent.parent / "dist" / "studio" / "studio"
RUNS = 3


def timed(args: list[str]) -> list[float]:
    times = []
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "STUDIO_CONFIG_DIR": folder}
        for _ in range(RUNS):
            started = time.perf_counter()
            subprocess.run([str(APP), *[a.replace("{dir}", folder) for a in args]], env=env, check=True,
                           capture_output=True)  # fmt: skip
            times.append(time.perf_counter() - started)
    return sorted(times)


def main() -> None:
    print(f"Machine: {machine()}")
    if not APP.is_file():
        print("The app is not built here; `./dev bundle` builds and smoke-tests it.")
        return
    files = [p for p in APP.parent.rglob("*") if p.is_file() and not p.is_symlink()]  # links: counted once
    size = sum(p.stat().st_size for p in files)
    biggest = {}
    for p in files:
        top = p.relative_to(APP.parent / "_internal").parts[0] if "_internal" in p.parts else p.name
        biggest[top] = biggest.get(top, 0) + p.stat().st_size
    parts = ", ".join(f"{name} {b / 2**20:.0f} MB" for name, b in sorted(biggest.items(), key=lambda x: -x[1])[:5])
    print(f"dist/studio: {size / 2**20:.0f} MB in {len(files)} files; largest parts: {parts}\n")
    print("| what | median s | min s | max s |")
    print("|---|---|---|---|")
    lyrics_dir = tempfile.mkdtemp()
    lyrics = Path(lyrics_dir) / "eight.txt"
    demo = (APP.parent / "_internal" / "resources" / "lyrics" / "demo.txt").read_text(encoding="utf-8")
    lyrics.write_text("\n".join(demo.splitlines()[:10]), encoding="utf-8")
    for label, args in (
        ("`studio --version`", ["--version"]),
        ("`studio --screenshot` (window up, PNG, exit)", ["--screenshot", "{dir}/s.png"]),
        ("`studio generate` on 8 lines, all files", ["generate", str(lyrics), "--out", "{dir}/o"]),
    ):
        times = timed(args)
        print(f"| {label} | {times[1]:.2f} | {times[0]:.2f} | {times[-1]:.2f} |")


if __name__ == "__main__":
    main()
