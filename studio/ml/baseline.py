"""The classic baseline: a variable-order Markov model of pitch (PPM), IDyOM style.

Pearce's IDyOM predicts each pitch from the ones before it with PPM: counts of what
followed each context of up to ``max_order`` pitches, blended from the longest context
down to a uniform guess, with escape method C. A long-term model learns the training
set; a short-term model learns the current melody as it goes (the repeats inside a tune);
the two are mixed by weighting each with the inverse of its uncertainty (entropy), as
IDyOM's "both" configuration does. Pitch is key-normalised, the same alphabet the
transformer sees, so the comparison is like for like.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence


class PPM:
    def __init__(self, alphabet: int, max_order: int = 5, update_exclusion: bool = False):
        self.alphabet = alphabet
        self.max_order = max_order
        # Update exclusion (Moffat 1990; the variant Pearce found best for melody, with escape
        # C and blending): a symbol is counted in its contexts from the longest down to the
        # first that had already seen it, not in every shorter one.
        self.update_exclusion = update_exclusion
        self.counts: dict[tuple, Counter] = defaultdict(Counter)

    def update(self, sequence: Sequence[int], position: int) -> None:
        """Count sequence[position] after each of its contexts."""
        symbol = sequence[position]
        for order in range(min(self.max_order, position), -1, -1):
            seen = self.counts[tuple(sequence[position - order : position])]
            known = seen[symbol] > 0
            seen[symbol] += 1
            if known and self.update_exclusion:
                break

    def fit(self, sequences: Iterable[Sequence[int]]) -> PPM:
        for sequence in sequences:
            for position in range(len(sequence)):
                self.update(sequence, position)
        return self

    def distribution(self, history: Sequence[int]) -> list[float]:
        """P(next symbol) for every symbol, blended from order -1 (uniform) up."""
        probabilities = [1.0 / self.alphabet] * self.alphabet
        for order in range(min(self.max_order, len(history)) + 1):
            context = tuple(history[len(history) - order :])
            seen = self.counts.get(context)
            if not seen:
                break  # a longer context cannot have been seen either
            total = sum(seen.values())
            weight = total / (total + len(seen))  # escape method C
            probabilities = [(1 - weight) * p for p in probabilities]
            for symbol, count in seen.items():
                probabilities[symbol] += weight * count / total
        return probabilities


def _entropy(probabilities: list[float]) -> float:
    return -sum(p * math.log2(p) for p in probabilities if p > 0)


def combine(distributions: list[list[float]], bias: float = 1.0) -> list[float]:
    """IDyOM's entropy-weighted arithmetic mean: the more certain model counts more."""
    top = math.log2(len(distributions[0]))
    weights = [(max(_entropy(d), 1e-6) / top) ** -bias for d in distributions]
    total = sum(weights)
    return [sum(w * d[i] for w, d in zip(weights, distributions)) / total for i in range(len(distributions[0]))]


def pitch_bits(long_term: PPM, melody: Sequence[int], short_term: bool = True) -> list[float]:
    """-log2 P(pitch) for each note of a melody, predicting left to right."""
    stm = PPM(long_term.alphabet, long_term.max_order, long_term.update_exclusion) if short_term else None
    bits = []
    for position, symbol in enumerate(melody):
        history = melody[:position]
        distribution = long_term.distribution(history)
        if stm is not None and position > 0:
            distribution = combine([distribution, stm.distribution(history)])
        bits.append(-math.log2(distribution[symbol]))
        if stm is not None:
            stm.update(melody, position)
    return bits
