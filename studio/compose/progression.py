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

from dataclasses import replace

import numpy as np

from studio.compose.arrange import ChordSlot, Span
from studio.compose.styles import Style
from studio.core.theory import Key, chord_from_symbol, chord_state, chord_symbol


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


def another_loop(style: Style, key: Key, song_chords, kind: str, start: int, end: int, rng: np.random.Generator):
    """New chords for the section in ticks [start, end): another of the style's loops for its
    kind over the same chord slots, its last chord kept (the section still comes home or
    turns around as before). ``song_chords`` are the song's ChordLabels; the answer is the
    whole song's, for ``regenerate.rechord``. Empty when the style has no loops."""
    options = style.loops.get(kind) or style.loops.get("verse") or ()
    inside = [c for c in song_chords if start <= c.start < end]
    if not options or len(inside) < 2:
        return ()
    playing = tuple(chord_from_symbol(c.symbol, key.tonic) for c in inside)
    fresh = [loop for loop in options if tuple(loop[k % len(loop)] for k in range(len(inside) - 1)) != playing[:-1]]
    if not fresh:  # one loop only: the same loop from another of its chords
        fresh = [options[0][1:] + options[0][:1]]
    loop = fresh[int(rng.integers(len(fresh)))]
    changed = [
        replace(c, symbol=chord_symbol(loop[k % len(loop)], key.tonic, key.uses_flats))
        for k, c in enumerate(inside[:-1])
    ]
    return tuple(
        sorted([c for c in song_chords if not start <= c.start < end] + changed + inside[-1:], key=lambda c: c.start)
    )
