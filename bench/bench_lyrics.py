"""Lyrics analysis speed: the first call (loads the CMU dictionary) and warm calls.

    .venv/bin/python bench/bench_lyrics.py

Fails if the demo lyric does not come out as 4 sections of 4 lines.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import machine, timed  # noqa: E402
from studio.core.lyrics import analyse_lyrics  # noqa: E402
from studio.core.paths import resource_path  # noqa: E402
from studio.core.syllables import Lexicon  # noqa: E402


def main() -> None:
    demo = resource_path("lyrics", "demo.txt").read_text(encoding="utf-8")
    started = time.perf_counter()
    first = analyse_lyrics(demo)
    cold = time.perf_counter() - started
    if [len(s.lines) for s in first.sections] != [4, 4, 4, 4]:
        raise SystemExit(f"wrong result: {[s.label for s in first.sections]}")
    load, _, _ = timed(Lexicon.from_cmudict, runs=3)
    print(f"Machine: {machine()}\n")
    print("| what | median s (min-max) | per line |")
    print("|---|---|---|")
    print(f"| CMU dictionary load (once per process) | {load:.3f} | - |")
    print(f"| first analysis of the demo lyric, dictionary load included | {cold:.3f} | - |")
    for copies in (1, 4, 16):  # the demo sings 16 lines
        text = "\n\n".join([demo] * copies)
        median, (low, high), result = timed(lambda text=text: analyse_lyrics(text))
        count = len(result.lines)
        print(
            f"| warm analysis, {count} lines | {median:.4f} ({low:.4f}-{high:.4f}) | {median / count * 1000:.2f} ms |"
        )


if __name__ == "__main__":
    main()
