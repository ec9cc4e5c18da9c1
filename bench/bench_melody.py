"""Melody generation speed with the shipped weights.

    .venv/bin/python bench/bench_melody.py [--weights models/melody.pt]

Times the vocal line of the demo lyric (16 lines) and of 4, 8, 16 and 32 lines in the pop
style: the form and the words' rhythm (studio.compose.form, numpy) and then the pitches
(generate_melody, one sampled token per note), with one and two torch threads, and the raw
sampling rate of the model with its KV cache (tokens per second, batch 1). Fails if a
melody breaks a guarantee (a syllable missing or out of order).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import machine, timed  # noqa: E402
from studio.compose.form import plan_vocal  # noqa: E402
from studio.compose.styles import get_style  # noqa: E402
from studio.core.lyrics import analyse_lyrics  # noqa: E402
from studio.core.paths import model_path, resource_path  # noqa: E402
from studio.ml.generate import MelodyRequest, generate_melody  # noqa: E402
from studio.ml.model import load_checkpoint  # noqa: E402


@torch.inference_mode()
def sampling_rate(model, tokens: int = 200) -> float:
    """Plain ancestral sampling with the KV cache: tokens per second."""
    import time

    generator = torch.Generator().manual_seed(0)
    idx = torch.tensor([[1]])
    logits, caches = model.step(idx, None)
    started = time.perf_counter()
    for position in range(1, tokens):
        choice = torch.multinomial(torch.softmax(logits[0, -1], -1), 1, generator=generator)
        logits, caches = model.step(choice.view(1, 1), caches, start=position)
    return (tokens - 1) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--weights", type=Path, default=model_path("melody.pt"))
    args = parser.parse_args()
    model, _ = load_checkpoint(args.weights)
    demo = resource_path("lyrics", "demo.txt").read_text(encoding="utf-8")
    line = "I walked along the river in the morning light"
    print(f"Machine: {machine()}")
    print(f"Model: {args.weights.name}, {model.parameter_count():,} parameters, context {model.config.context}\n")
    style = get_style("pop")
    print("| what | threads | form and rhythm, median s | pitches, median s (min-max) of 5 | notes | notes/s |")
    print("|---|---|---|---|---|---|")
    for threads in (1, 2):
        torch.set_num_threads(threads)
        rate = sampling_rate(model, min(200, model.config.context))
        print(f"| sampling with KV cache, batch 1 | {threads} | - | - | - | {rate:.0f} tokens/s |")
        cases = [("demo lyric, 16 lines", demo)] + [(f"{n} lines", "\n".join([line] * n)) for n in (4, 8, 16, 32)]
        for name, text in cases:
            lyrics = analyse_lyrics(text)
            planning, _, (_, rhythm) = timed(lambda lyrics=lyrics: plan_vocal(lyrics, style, 0, 1, style.temperature))
            request = MelodyRequest(lyrics=lyrics, seed=1, rhythm=rhythm, meter=style.meter)
            median, (low, high), result = timed(lambda request=request: generate_melody(model, request))
            sung = [n.lyric for n in result.notes if n.lyric]
            if sung != [s.text for s in lyrics.syllables]:
                raise SystemExit(f"wrong result: syllables out of order in {name}")
            notes = len(result.notes)
            print(
                f"| vocal line, {name} | {threads} | {planning:.3f} | {median:.3f} ({low:.3f}-{high:.3f}) | {notes} "
                f"| {notes / (planning + median):.0f} |"
            )


if __name__ == "__main__":
    main()
