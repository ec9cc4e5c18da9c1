"""``studio eval``: the model and the PPM baseline on the same held-out notes.

Token NLL, perplexity and next-token accuracy are over every predicted token of each test
melody; pitch bits per note is -log2 P(the written pitch) at each note's pitch token, for
the model (given everything before it: rhythm, bar, lyrics) and for the baseline (given
the pitches before it), so both are scored on exactly the same notes.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable

import torch

from studio.ml.baseline import PPM, combine, pitch_bits
from studio.ml.corpus import Melody
from studio.ml.model import MelodyTransformer
from studio.ml.tokens import PITCH_HIGH, PITCH_LOW, TOKEN_ID, VOCABULARY, encode

BASELINE_ORDER = 5


PITCH_IDS = [TOKEN_ID[f"pitch:{p:+d}"] for p in range(PITCH_LOW, PITCH_HIGH + 1)]


@torch.no_grad()
def token_log_probs(
    model: MelodyTransformer, tokens: list[int], pitch_positions: Iterable[int] = ()
) -> tuple[list[float], list[int], dict[int, list[float]]]:
    """ln P(token i | tokens before it) and the arg-max guess, for i = 1..n-1, and the
    model's distribution over pitches at each of ``pitch_positions`` (renormalised over
    the pitch tokens, for mixing with the short-term model).

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
    wanted = set(pitch_positions)
    pitch_distributions: dict[int, list[float]] = {}
    pitch_index = torch.tensor(PITCH_IDS)
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
            if start + offset + 1 in wanted:  # the target at offset is token start + offset + 1
                pitch = torch.softmax(lp[offset, pitch_index], dim=0)
                pitch_distributions[start + offset + 1] = pitch.tolist()
        scored_to = start + len(targets)
        start += stride
    return log_probs, guesses, pitch_distributions


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
    excluding = PPM(alphabet, BASELINE_ORDER, update_exclusion=True)
    for melody in train:
        encoded = encode(melody)
        if encoded:
            for ppm in (long_term, excluding):
                ppm.fit([pitch_symbols(encoded.tokens, encoded.pitch_positions)])
    totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for done, melody in enumerate(test):
        encoded = encode(melody)
        if encoded is None:
            continue
        log_probs, guesses, distributions = token_log_probs(model, encoded.tokens, encoded.pitch_positions)
        targets = encoded.tokens[1:]
        symbols = pitch_symbols(encoded.tokens, encoded.pitch_positions)
        model_bits = [-log_probs[i - 1] / math.log(2) for i in encoded.pitch_positions]
        baseline_bits = pitch_bits(long_term, symbols)
        excluded_bits = pitch_bits(excluding, symbols)
        mixed_bits = _with_short_term([distributions[i] for i in encoded.pitch_positions], symbols, alphabet)
        for group in ("all", melody.collection):
            t = totals[group]
            t["melodies"] += 1
            t["tokens"] += len(targets)
            t["nll"] -= sum(log_probs)
            t["correct"] += sum(1 for g, y in zip(guesses, targets) if g == y)
            t["notes"] += len(model_bits)
            t["model_bits"] += sum(model_bits)
            t["baseline_bits"] += sum(baseline_bits)
            t["excluded_bits"] += sum(excluded_bits)
            t["mixed_bits"] += sum(mixed_bits)
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
        "baseline_update_exclusion_pitch_bits_per_note": round(t["excluded_bits"] / t["notes"], 4),
        "model_with_short_term_pitch_bits_per_note": round(t["mixed_bits"] / t["notes"], 4),
    }


def _with_short_term(model_distributions: list[list[float]], symbols: list[int], alphabet: int) -> list[float]:
    """Bits per pitch when the transformer (as IDyOM's long-term model) is mixed with a
    short-term PPM of the current melody by IDyOM's entropy weighting: the same short-term
    model the baseline has, so this isolates what the transformer adds over PPM."""
    short_term = PPM(alphabet, BASELINE_ORDER)
    bits = []
    for position, (distribution, symbol) in enumerate(zip(model_distributions, symbols)):
        if position > 0:
            distribution = combine([distribution, short_term.distribution(symbols[:position])])
        bits.append(-math.log2(max(distribution[symbol], 1e-12)))
        short_term.update(symbols, position)
    return bits


def melody_bits(model: MelodyTransformer, melodies: list[Melody], style: str | None = None) -> float | None:
    """Mean pitch bits per note the model gives these melodies, each heard as ``style`` (a
    musician's held-out tenth, before and after fine-tuning on the rest); None for none."""
    notes, bits = 0, 0.0
    for melody in melodies:
        encoded = encode(melody, style)
        if encoded is None:
            continue
        log_probs, _, _ = token_log_probs(model, encoded.tokens)
        bits += sum(-log_probs[i - 1] / math.log(2) for i in encoded.pitch_positions)
        notes += len(encoded.pitch_positions)
    return round(bits / notes, 4) if notes else None
