"""Chords for a melody: a hidden Markov model decoded with Viterbi.

Hidden states are chords relative to the key (root x {maj, min, dim, 7}); what is observed
is the melody's pitch classes in each chord slot, weighted by duration. Transition and
emission tables are counted from the Bach chorales (``studio harmony``), one set per
mode, with add-k smoothing, and stored as plain JSON numbers. A style can prefer or avoid
chords (a log-bonus per state), which is how pop's I-V-vi-IV colour differs from a
chorale's without a second model.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from studio.core.theory import CHORD_STATES

STATES = CHORD_STATES
SMOOTHING = 0.5


@dataclass
class HarmonyModel:
    """log-probability tables per mode: start (S), transition (S x S), emission (S x 12)."""

    tables: dict[str, dict[str, np.ndarray]]

    @classmethod
    def fit(cls, chorales: list[dict]) -> HarmonyModel:
        tables = {}
        for mode in ("major", "minor"):
            start = np.full(STATES, SMOOTHING)
            transition = np.full((STATES, STATES), SMOOTHING)
            emission = np.full((STATES, 12), SMOOTHING)
            for chorale in (c for c in chorales if c["mode"] == mode):
                states = [b[0] for b in chorale["beats"]]
                start[states[0]] += 1
                for a, b in zip(states, states[1:]):
                    transition[a, b] += 1
                for state, weights, *_ in chorale["beats"]:
                    emission[state] += weights
            tables[mode] = {
                "start": np.log(start / start.sum()),
                "transition": np.log(transition / transition.sum(axis=1, keepdims=True)),
                "emission": np.log(emission / emission.sum(axis=1, keepdims=True)),
                "prior": np.log(emission.sum(axis=1) / emission.sum()),
            }
        return cls(tables)

    def to_json(self) -> str:
        return json.dumps(
            {"format": "studio-harmony", "version": 1,
             "tables": {m: {k: np.round(v, 5).tolist() for k, v in t.items()} for m, t in self.tables.items()}}
        )  # fmt: skip

    @classmethod
    def load(cls, path: str | Path) -> HarmonyModel:
        from studio.core.errors import StudioError

        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            if data.get("format") != "studio-harmony":
                raise ValueError("not a harmony model")
            tables = {m: {k: np.asarray(v, dtype=float) for k, v in t.items()} for m, t in data["tables"].items()}
            for t in tables.values():
                if t["transition"].shape != (STATES, STATES) or t["emission"].shape != (STATES, 12):
                    raise ValueError("wrong table shapes")
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise StudioError(f"the harmony model {Path(path).name} is missing or damaged ({exc})") from None
        return cls(tables)

    def _scores(self, melody: np.ndarray, mode: str) -> np.ndarray:
        """(slots, S) log-likelihood of each slot's melody under each chord."""
        return melody @ self.tables[mode]["emission"].T

    def harmonize(self, melody: np.ndarray, mode: str, preference: np.ndarray | None = None) -> list[int]:
        """Viterbi: the most likely chord per slot. melody: (slots, 12) pitch-class weights
        relative to the tonic; preference: optional log-bonus, (S,) for every slot (the
        style's colour) or (slots, S) (say, a cadence on the last slot)."""
        t = self.tables[mode]
        emit = self._scores(melody, mode) + (preference if preference is not None else 0.0)
        slots = len(melody)
        score = t["start"] + emit[0]
        back = np.zeros((slots, STATES), dtype=int)
        for i in range(1, slots):
            candidates = score[:, None] + t["transition"]  # (from, to)
            back[i] = candidates.argmax(axis=0)
            score = candidates.max(axis=0) + emit[i]
        path = [int(score.argmax())]
        for i in range(slots - 1, 0, -1):
            path.append(int(back[i, path[-1]]))
        return path[::-1]

    def most_likely_each(self, melody: np.ndarray, mode: str) -> list[int]:
        """The baseline: the best chord for each slot's notes on its own (no progression)."""
        return [int(s) for s in (self._scores(melody, mode) + self.tables[mode]["prior"]).argmax(axis=1)]


def harmony_metrics(model: HarmonyModel, chorales: list[dict]) -> dict:
    """Chord accuracy against the chorales' own harmony, and the share of melody notes on
    strong beats (strength >= 0.5) that are tones of the chosen chord, for the HMM, the
    per-beat baseline and, as the ceiling, Bach's chords."""
    from studio.core.theory import chord_tones

    counts = {"beats": 0, "hmm_right": 0, "baseline_right": 0, "strong": 0}
    tone_hits = {"hmm": 0, "baseline": 0, "bach": 0}
    for chorale in chorales:
        beats = chorale["beats"]
        melody = np.array([b[1] for b in beats])
        guesses = {
            "hmm": model.harmonize(melody, chorale["mode"]),
            "baseline": model.most_likely_each(melody, chorale["mode"]),
            "bach": [b[0] for b in beats],
        }
        for i, (truth, _, strength, pc) in enumerate(beats):
            counts["beats"] += 1
            counts["hmm_right"] += guesses["hmm"][i] == truth
            counts["baseline_right"] += guesses["baseline"][i] == truth
            if strength >= 0.5 and pc >= 0:
                counts["strong"] += 1
                for name, chosen in guesses.items():
                    tone_hits[name] += pc in chord_tones(chosen[i])
    beats, strong = max(1, counts["beats"]), max(1, counts["strong"])
    return {
        "chorales": len(chorales),
        "beats": counts["beats"],
        "hmm_chord_accuracy": round(counts["hmm_right"] / beats, 4),
        "baseline_chord_accuracy": round(counts["baseline_right"] / beats, 4),
        "strong_beat_notes": counts["strong"],
        "hmm_strong_chord_tone_share": round(tone_hits["hmm"] / strong, 4),
        "baseline_strong_chord_tone_share": round(tone_hits["baseline"] / strong, 4),
        "bach_strong_chord_tone_share": round(tone_hits["bach"] / strong, 4),
    }
