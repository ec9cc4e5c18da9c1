"""The corpus's rhythm vocabulary: onset places in the beat and note lengths, per collection
and meter, on the grids the style files use. What the folk, celtic and chorale styles'
``[rhythm]`` tables are read from (docs/decisions.md says which numbers came from here).

    .venv/bin/python bench/rhythm_vocabulary.py    # needs `studio corpus` run once

Prints, for Essen 3/4, O'Neill's 6/8 and the Bach chorale sopranos in 4/4, the share of note
onsets on each grid step of a beat and of inter-onset intervals in grid steps (the length a
syllable holds before the next one starts), both relative to the most common one, as TOML.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CASES = (("essen", (3, 4), 4), ("oneills", (6, 8), 6), ("bach", (4, 4), 2))  # collection, meter, steps per beat
PPQ = 480


def vocabulary(melodies, meter, grid):
    numerator, denominator = meter
    beat = PPQ * 4 // denominator * (3 if numerator % 3 == 0 and denominator == 8 else 1)
    step = beat // grid
    onsets, lengths, tunes = Counter(), Counter(), 0
    for melody in melodies:
        starts = [s for _, s, _, _ in melody.notes]
        if any(s % step for s in starts):
            continue  # finer than the grid (ornaments, triplets): not this vocabulary
        tunes += 1
        onsets.update((s % beat) // step for s in starts)
        lengths.update((b - a) // step for a, b in zip(starts, starts[1:]) if 0 < b - a <= 2 * beat * 2)
    return tunes, onsets, lengths


def main() -> int:
    from studio.core.settings import cache_dir
    from studio.ml.corpus import CACHE_VERSION, read_cache

    melodies = list(read_cache(cache_dir() / f"corpus-v{CACHE_VERSION}.jsonl.gz"))
    for collection, meter, grid in CASES:
        chosen = [m for m in melodies if m.collection == collection and tuple(m.meter) == meter]
        tunes, onsets, lengths = vocabulary(chosen, meter, grid)
        top_onset, top_length = max(onsets.values()), max(lengths.values())
        share = sum(lengths.values())
        onset_row = ", ".join(f"{onsets[k] / top_onset:.2f}" for k in range(grid))
        kept = sorted(k for k, v in lengths.items() if v / share >= 0.005)
        length_row = ", ".join(f"{k} = {lengths[k] / top_length:.2f}" for k in kept)
        print(f"# {collection} {meter[0]}/{meter[1]}: {tunes} tunes on a {grid}-step beat grid, "
              f"{sum(onsets.values())} onsets")  # fmt: skip
        print(f"onsets = [{onset_row}]")
        print(f"lengths = {{ {length_row} }}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
