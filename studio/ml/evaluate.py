"""``studio eval``: the model and the PPM baseline on the same held-out notes.

Token NLL, perplexity and next-token accuracy are over every predicted token of each test
melody; pitch bits per note is -log2 P(the written pitch) at each note's pitch token, for
the model (given everything before it: rhythm, bar, lyrics) and for the baseline (given
the pitches before it), so both are scored on exactly the same notes.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable

import torch

from studio.ml.baseline import PPM, pitch_bits
from studio.ml.corpus import Melody
from studio.ml.model import MelodyTransformer
from studio.ml.tokens import PITCH_HIGH, PITCH_LOW, VOCABULARY, encode

BASELINE_ORDER = 5


@torch.no_grad()
def token_log_probs(model: MelodyTransformer, tokens: list[int]) -> tuple[list[float], list[int]]:
    """ln P(token i | tokens before it) and the arg-max guess, for i = 1..n-1.

    Sequences longer than the context are scored in sliding windows that move an eighth of
    the context at a time: each token is counted once, with at least 7/8 of a context
    before it (with half-overlapping windows the model lost up to half its memory, which
    hurts most on long reels whose second half repeats the first).
    """
    context = model.config.context
    stride = max(1, context // 8)
    data = torch.tensor(tokens, dtype=torch.long)
    log_probs: list[float] = [0.0] * (len(tokens) - 1)
    guesses: list[int] = [0] * (len(tokens) - 1)
    start, scored_to = 0, 0  # scored_to: targets before this index are done
    while scored_to < len(tokens) - 1:
        window = data[start : start + context + 1]
        logits, _ = model(window[:-1].unsqueeze(0))
        lp = torch.log_softmax(logits[0], dim=-1)
        targets = window[1:]
        picked = lp.gather(1, targets.unsqueeze(1)).squeeze(1)
        best = lp.argmax(dim=1)
        for offset in range(scored_to - start, len(targets)):
            log_probs[start + offset] = picked[offset].item()
            guesses[start + offset] = best[offset].item()
        scored_to = start + len(targets)
        start += stride
    return log_probs, guesses


def evaluate(
    model: MelodyTransformer,
    train: list[Melody],
    test: list[Melody],
    on_progress: Callable[[str, float], None] | None = None,
) -> dict:
    alphabet = PITCH_HIGH - PITCH_LOW + 1

    def pitch_symbols(tokens, positions):
        return [int(VOCABULARY[tokens[i]][6:]) - PITCH_LOW for i in positions]

    long_term = PPM(alphabet, BASELINE_ORDER)
    for melody in train:
        encoded = encode(melody)
        if encoded:
            long_term.fit([pitch_symbols(encoded.tokens, encoded.pitch_positions)])
    totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for done, melody in enumerate(test):
        encoded = encode(melody)
        if encoded is None:
            continue
        log_probs, guesses = token_log_probs(model, encoded.tokens)
        targets = encoded.tokens[1:]
        model_bits = [-log_probs[i - 1] / math.log(2) for i in encoded.pitch_positions]
        baseline_bits = pitch_bits(long_term, pitch_symbols(encoded.tokens, encoded.pitch_positions))
        for group in ("all", melody.collection):
            t = totals[group]
            t["melodies"] += 1
            t["tokens"] += len(targets)
            t["nll"] -= sum(log_probs)
            t["correct"] += sum(1 for g, y in zip(guesses, targets) if g == y)
            t["notes"] += len(model_bits)
            t["model_bits"] += sum(model_bits)
            t["baseline_bits"] += sum(baseline_bits)
        if on_progress:
            on_progress("scoring test melodies", (done + 1) / len(test))
    return {group: _summary(t) for group, t in totals.items()}


def _summary(t: dict[str, float]) -> dict:
    nll = t["nll"] / t["tokens"]
    return {
        "test_melodies": int(t["melodies"]),
        "test_notes": int(t["notes"]),
        "test_tokens": int(t["tokens"]),
        "model_token_nll": round(nll, 4),
        "model_perplexity": round(math.exp(nll), 3),
        "model_token_accuracy": round(t["correct"] / t["tokens"], 4),
        "model_pitch_bits_per_note": round(t["model_bits"] / t["notes"], 4),
        "baseline_pitch_bits_per_note": round(t["baseline_bits"] / t["notes"], 4),
    }
