"""Chords first: a progression per section from the style's loops (``[harmony.loops]``).

Loop styles (pop, rock, electronic, hip-hop, ballad) decide the harmony before the melody,
as songwriters in those styles do: each section kind plays one of its loops, chosen once
per kind so that every verse has the same chords and the chorus its own, repeated over the
section's chord slots; an intro plays the verse's loop. An intro and a pre-chorus end on the
dominant (the turnaround, the half cadence that sets the chorus up); every other section
ends on the tonic (de Clercq and
Temperley's rock corpus: IV and V most often lead to I, and I is by far the commonest chord).
Degrees are relative to the key's own tonic: in a minor-key style "bVI" is the sixth of
the minor scale (F in A minor), written with the flat as the rock corpus notation does.
"""

from __future__ import annotations

import numpy as np

from studio.compose.arrange import ChordSlot, Span
from studio.compose.styles import Style
from studio.core.theory import Key, chord_state


def slot_ticks(style: Style) -> int:
    """Ticks per chord: a beat, half a bar or a bar (the style's harmonic rhythm)."""
    meter = style.meter
    if style.chord_rhythm == "beat":
        return meter.beat_ticks
    if style.chord_rhythm == "half" and (meter.bar_ticks // meter.beat_ticks) % 2 == 0:
        return meter.bar_ticks // 2
    return meter.bar_ticks


def tonic_state(key: Key) -> int:
    return chord_state(0, "maj" if key.mode == "major" else "min")


def plan_chords(
    style: Style, key: Key, sections: list[Span], rng: np.random.Generator, cadences: tuple[int, ...] = ()
) -> list[ChordSlot]:
    """Chord slots covering ``sections`` (the intro and the sung sections, in time order, on
    bar lines). ``cadences`` are the ticks where sung lines come home (their last notes): a
    section whose singing ends before its last slot is home from the slot of that note on,
    so that the melody's cadence and the chords' arrive together."""
    size = slot_ticks(style)
    chosen: dict[str, tuple[int, ...]] = {}
    slots: list[ChordSlot] = []
    dominant = chord_state(7, "maj")
    for index, section in enumerate(sections):
        kind = section.kind if section.kind in style.loops else "verse"
        if kind not in chosen:
            options = style.loops[kind]
            chosen[kind] = options[int(rng.integers(len(options)))]
        loop = chosen[kind]
        edges = list(range(section.start, section.end, size))
        states = [loop[k % len(loop)] for k in range(len(edges))]
        following = sections[index + 1].kind if index + 1 < len(sections) else None
        turnaround = section.kind == "intro" or (following == "chorus" and section.kind == "prechorus")
        ending = len(states) - 1
        home = [k for k, edge in enumerate(edges) for tick in cadences if edge <= tick < edge + size]
        if home and not turnaround:
            ending = home[-1]
        states[ending:] = [dominant if turnaround else tonic_state(key)] * (len(states) - ending)
        slots += [ChordSlot(edge, min(edge + size, section.end), state) for edge, state in zip(edges, states)]
    return slots
