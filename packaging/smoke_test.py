"""Smoke test of the built app: it starts, generates a song in the window, and writes a
song with the guide vocal from the command line (English in the male neural voice and in the
female Festival voice, Mandarin in eSpeak NG) and hears a take back as seed notes, with no
import or resource error.

    .venv/bin/python packaging/smoke_test.py dist/studio/studio

Runs offscreen with a fresh settings folder; fails loudly (exit 1) on anything wrong.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile

from studio.audio.voice.box import ESPEAK_FALLBACK, FEMALE_FALLBACK

# The last two are the take's notices when a bundled voice could not load
TROUBLE = (
    "Traceback",
    "ModuleNotFoundError",
    "ImportError",
    "FileNotFoundError",
    "studio: error",
    ESPEAK_FALLBACK,
    FEMALE_FALLBACK,
)


def run(app: Path, args: list[str], folder: Path, timeout: int = 300) -> str:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "STUDIO_CONFIG_DIR": str(folder / "config")}
    started = time.perf_counter()
    result = subprocess.run([str(app), *args], env=env, capture_output=True, text=True, timeout=timeout)
    output = result.stdout + result.stderr
    print(f"  {' '.join(args)}: exit {result.returncode} in {time.perf_counter() - started:.1f} s")
    if result.returncode != 0 or any(word in output for word in TROUBLE):
        raise SystemExit(f"smoke test failed on `{' '.join(args)}`:\n{output}")
    return output


def main() -> None:
    app = Path(sys.argv[1]).resolve()
    if not app.is_file():
        raise SystemExit(f"no app at {app}: build it with ./dev bundle")
    print(f"smoke test of {app}")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        run(app, ["--version"], folder)
        shot = folder / "window.png"
        run(app, ["--screenshot", str(shot), "--generate"], folder)
        if shot.stat().st_size < 20_000:
            raise SystemExit("the screenshot is too small to show a song")
        lyrics = folder / "song.txt"
        lyrics.write_text("[Verse]\nsing a song of love\n\n[Chorus]\n我爱你\n", encoding="utf-8")
        out = folder / "song"
        run(app, ["generate", str(lyrics), "--out", str(out), "--style", "folk"], folder)
        vocal, _ = soundfile.read(out / "stems" / "Vocal.wav")
        if np.sqrt(np.mean(vocal**2)) < 0.01:
            raise SystemExit("the guide vocal is silent in the app (the voice, eSpeak or Praat missing?)")
        for name in ("song.mid", "song.musicxml", "song.studio", "song.wav"):
            if not (out / name).is_file():
                raise SystemExit(f"the app did not write {name}")
        # The female part: Festival's slt voice, bundled with its data (a notice if it cannot start)
        female = folder / "female"
        run(app, ["generate", str(lyrics), "--out", str(female), "--style", "ballad"], folder)
        vocal, _ = soundfile.read(female / "stems" / "Vocal.wav")
        if np.sqrt(np.mean(vocal**2)) < 0.01:
            raise SystemExit("the female guide vocal is silent in the app")
        # Seed notes from a take: the bundled Basic Pitch model hears the song's own vocal back
        seed = folder / "seed.mid"
        said = run(app, ["transcribe", str(out / "stems" / "Vocal.wav"), "--out", str(seed)], folder)
        if not seed.is_file() or " 0 notes" in said:
            raise SystemExit(f"the app heard no notes in a sung take: {said}")
    print("smoke test passed")


if __name__ == "__main__":
    main()
