"""Mandarin tones against the melody: does the tune move the way the words' tones do?

The pitch-direction principle of tone-language song (Chan 1986 for Cantonese; Schellenberg
2013 and Wee 2007 on Mandarin pop, see shared musicality notes): within a line, the step
into a rising-tone syllable (tone 2) should not fall, the step into a falling-tone syllable
(tone 4) should not rise, and a tone-3 (low) syllable should not be reached by a rise.
Tones 1 and 5 (level, neutral) are not counted. The same melody with the line's tones
shuffled gives the chance level beside it.
"""

from __future__ import annotations

import random

from bench.songcraft.score import Piece

SHUFFLES = 20


def _agrees(tone: int, step: int) -> bool | None:
    if tone == 2:
        return step >= 0
    if tone in (3, 4):
        return step <= 0
    return None


def _share(pairs: list[tuple[int, int]]) -> tuple[int, int]:
    verdicts = [v for v in (_agrees(t, s) for t, s in pairs) if v is not None]
    return sum(verdicts), len(verdicts)


def tone_agreement(piece: Piece) -> dict:
    from studio.core.cjk import is_han, mandarin_tones

    lines = []  # per line: (tone, step into it) for each Han syllable after the first
    for indices in piece.lines:
        notes = [piece.notes[i] for i in indices if piece.notes[i].syllable]
        if not notes or not all(len(n.syllable) == 1 and is_han(n.syllable) for n in notes):
            continue
        tones = mandarin_tones("".join(n.syllable for n in notes))
        lines.append([(tone, b.pitch - a.pitch) for tone, a, b in zip(tones[1:], notes, notes[1:])])
    hits, total = _share([pair for line in lines for pair in line])
    if not total:
        return {}
    rng = random.Random(0)
    chance = []
    for _ in range(SHUFFLES):
        shuffled = []
        for line in lines:
            tones = [t for t, _ in line]
            rng.shuffle(tones)
            shuffled += [(t, s) for t, (_, s) in zip(tones, line)]
        h, n = _share(shuffled)
        chance.append(h / n)
    return {"tone_agreement": hits / total, "tone_agreement_chance": sum(chance) / len(chance), "tone_pairs": total}
