"""Lyric-to-rhythm: every syllable of a line placed inside its phrase by search.

The search runs over the style's grid (sixteenths in 4/4 and 6/8) from the line's pickup to
its phrase's end and scores each placement: primary stresses on strong beats and unstressed
syllables between beats (``PROSODY``), the style's onset and length vocabulary
(``[rhythm]`` in its TOML), natural lengths (function words short, the line's last syllable
long and in the phrase's last bar), a breath before the next line, and, for a line that
answers an earlier one, the earlier line's onsets (a rhythmic motif). Rather than taking the
single best rhythm it samples among the near-best (forward filtering, backward sampling),
with the style's ``focus`` over the request's temperature as the sharpness: songs vary, and
the same seed gives the same song.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from studio.compose.style_melody import RhythmStyle
from studio.core.lyrics import Line, Syllable
from studio.core.theory import Meter

# log-weight of a syllable starting at a metrical level (from the shared musicality notes:
# in sung English about 0.9 of primary stresses fall on strong beats and 0.65 of unstressed
# syllables on a beat, the weak beats 2 and 4 most: at -0.9 on a weak beat only 0.12-0.18
# of ours did, every "-ing" pushed onto an off-beat "and"; at +0.3 0.53 do, stresses held).
#            level:  sub   half  beat  strong down
PROSODY = {
    "primary": (-3.5, -2.8, -2.0, 1.0, 1.2),  # the stressed syllable of a longer word
    "secondary": (-1.0, 0.0, 0.3, 0.0, 0.0),
    "content": (-1.5, -0.3, 0.4, 0.8, 0.9),  # a one-syllable noun, verb, adjective
    "unstressed": (0.0, 0.4, 0.3, -2.2, -2.6),  # the weak syllables of a longer word
    "function": (0.0, 0.5, 0.0, -1.0, -1.4),  # the, a, of, to, and, I ...
}
MOTIF_BONUS = 0.9  # for an onset where the line it answers had one
LAST_BAR_BONUS = 1.0  # the line's last syllable lands in its phrase's last bar
EARLY_END_COST = 1.5  # per bar the last syllable lands before the phrase's last bar
WEAK_LONG_COST = 2.0  # per doubling beyond a beat: a weak syllable or a function word held long is heard as
# a stretched "-ing" or "a"
LONG_BEFORE_WEAK_END = 0.8  # per doubling beyond a beat: a line ending on a weak syllable holds the stress before it
HOOK_OPENING = 3  # notes of a returning line's rhythm that carry the hook: changed only if nothing else fits
OPENING_CHANGE_COST = 3.0  # against a split or join there, in the prosody score's units
DELIVERY_SLACK = 1.15  # a line may run this much faster than the style's delivery before it takes more bars
NEG = -1e9


@dataclass(frozen=True)
class SyllableSlot:
    syllable: Syllable
    kind: str  # a key of PROSODY

    @property
    def notes(self) -> int:
        return max(1, self.syllable.notes)


def opens_weak(slots: list[SyllableSlot]) -> bool:
    """A line whose first syllable is weak: it wants a pickup before its bar line."""
    return bool(slots) and slots[0].kind in ("function", "unstressed")


def line_slots(line: Line) -> list[SyllableSlot]:
    """The line's syllables with the prosodic class each brings to the search."""
    slots = []
    for word in line.words:
        long_word = len(word.syllables) > 1
        for syllable in word.syllables:
            if word.function_word:
                kind = "function"
            elif not long_word:
                kind = "content" if syllable.stress else "unstressed"
            else:
                kind = {1: "primary", 2: "secondary"}.get(syllable.stress, "unstressed")
            slots.append(SyllableSlot(syllable, kind))
    return slots


def metrical_levels(meter: Meter, step_ticks: int, steps: int, origin: int) -> np.ndarray:
    """Level 0-4 (sub, half beat, beat, strong beat, downbeat) of grid steps from ``origin``
    (a step index, negative for a pickup) relative to the bar line at step 0."""
    bar, beat = meter.bar_ticks, meter.beat_ticks
    half = beat // 3 if meter.is_compound else beat // 2
    strong = meter.strong_beats()
    levels = np.zeros(steps, dtype=int)
    for k in range(steps):
        tick = ((origin + k) * step_ticks) % bar
        if tick == 0:
            levels[k] = 4
        elif tick % beat == 0:
            levels[k] = 3 if tick // beat in strong else 2
        elif tick % half == 0:
            levels[k] = 1
    return levels


def is_weak(slot: SyllableSlot) -> bool:
    return slot.kind in ("function", "unstressed")


def _length_score(slot: SyllableSlot, steps: int, grid: int, weights: dict[int, float], before_weak_end=False) -> float:
    """Log-weight of a syllable lasting ``steps`` inside a line: the style's vocabulary and
    natural lengths (function words and weak syllables short, never held past a beat for
    long; stressed ones not clipped, and long before a line's weak last syllable, so that
    "RING-ing" holds its "ring" rather than its "-ing")."""
    score = float(np.log(weights[steps]))
    short, long = steps * 2 <= grid, steps > grid
    doublings = max(0.0, float(np.log2(steps / grid)))
    if is_weak(slot):
        score += 0.4 * short - 0.4 * long - WEAK_LONG_COST * doublings
    elif slot.kind in ("primary", "content"):
        score += 0.3 * (not short) + LONG_BEFORE_WEAK_END * doublings * before_weak_end
    return score


def place_line(
    slots: list[SyllableSlot],
    style: RhythmStyle,
    meter: Meter,
    bars: int,
    rng: np.random.Generator,
    sharpness: float,
    earliest: int | None = None,
    motif: frozenset[int] = frozenset(),
    reserve: int = 0,
) -> list[tuple[int, int]]:
    """(onset, length) in grid steps from the phrase's bar line for each syllable.

    ``earliest`` is the first step free (the previous line's end plus its breath, relative to
    this phrase); the line may start up to ``style.pickup`` steps before its bar line, or
    anywhere after ``earliest`` when that lies inside the phrase (a line continuing seed
    notes). ``reserve`` steps at the phrase's end stay free for the next line's pickup.
    Raises ValueError when the syllables cannot fit.
    """
    grid = style.grid
    step_ticks = meter.beat_ticks // grid
    bar_steps = meter.bar_ticks // step_ticks
    low = -style.pickup if earliest is None else max(-style.pickup, earliest)
    last_end = bars * bar_steps - style.breath - reserve  # the line's last note ends by here
    size = last_end - low
    n = len(slots)
    if size < sum(s.notes for s in slots) or n == 0:
        raise ValueError(f"{n} syllables do not fit in {bars} bars")
    levels = metrical_levels(meter, step_ticks, size, low)
    onset_weights = np.log(np.maximum(np.asarray(style.onsets), 1e-3))
    in_beat = np.array([(low + k) % grid for k in range(size)])
    style_onset = onset_weights[in_beat]
    motif_bonus = np.array([MOTIF_BONUS * ((low + k) in motif) for k in range(size)])
    onset = np.array([np.asarray(PROSODY[s.kind])[levels] for s in slots]) + style_onset + motif_bonus
    lengths = sorted(style.lengths)
    # each syllable's length scores, once: the forward pass and the sampling both read them
    weak_end = slots[-1].kind == "unstressed" and n > 1
    length_scores = [{steps: sharpness * _length_score(slot, steps, grid, style.lengths, weak_end and i == n - 2)
                      for steps in lengths} for i, slot in enumerate(slots)]  # fmt: skip

    # the first syllable opens the line: on the bar line or in the pickup before it
    first = np.full(size, NEG)
    first_high = max(0, low + grid) if low > 0 else 0  # continuing: within a beat of the seed
    first[: first_high - low + 1] = 0.0
    alpha = np.full((n, size), NEG)
    alpha[0] = sharpness * (onset[0] + first)
    for i in range(1, n):
        previous = slots[i - 1]
        best = np.full(size, NEG)
        terms = []
        for steps in lengths:
            if steps < previous.notes or steps >= size:
                continue
            shifted = np.full(size, NEG)
            shifted[steps:] = alpha[i - 1, :-steps] + length_scores[i - 1][steps]
            terms.append(shifted)
        if terms:
            best = np.logaddexp.reduce(np.array(terms), axis=0)
        alpha[i] = best + sharpness * onset[i]

    # the last syllable: long, held to the phrase's end (at most a bar), in the last bar; a
    # weak one (the "-ing" of "ringing") at most a beat, the stress before it holds instead
    positions = np.arange(size) + low
    need = slots[-1].notes
    final_steps = np.minimum(last_end - positions, bar_steps)
    least = max(need, min(style.line_end, last_end - low))
    if weak_end:
        least = min(least, max(need, grid))
        final_steps = np.minimum(final_steps, least)
    bars_early = np.maximum(0, (bars - 1) - positions // bar_steps)
    final = np.where(
        final_steps >= least,
        LAST_BAR_BONUS * (bars_early == 0) - EARLY_END_COST * bars_early + 0.5 * np.log(np.maximum(final_steps, 1)),
        NEG,
    )
    total = alpha[-1] + sharpness * final
    if total.max() <= NEG / 2:
        raise ValueError(f"{n} syllables do not fit in {bars} bars")
    k = _sample(total, rng)
    placed = [(int(positions[k]), int(final_steps[k]))]
    for i in range(n - 1, 0, -1):
        previous = slots[i - 1]
        options, scores = [], []
        for steps in lengths:
            if steps < previous.notes or k - steps < 0:
                continue
            options.append(steps)
            scores.append(alpha[i - 1, k - steps] + length_scores[i - 1][steps])
        steps = options[_sample(np.array(scores), rng)]
        k -= steps
        placed.append((int(positions[k]), steps))
    return _weak_not_longest(slots, placed[::-1], grid)


def _weak_not_longest(slots: list[SyllableSlot], placed: list[tuple[int, int]], grid: int) -> list[tuple[int, int]]:
    """A weak syllable is never the line's long note: where the search made one the longest
    ("GAR-den" with its "-den" held), the stressed syllable before it takes the extra length
    and the weak one starts later, as a singer would hold "gaaar-den"."""
    placed = list(placed)
    strong = [length for slot, (_, length) in zip(slots, placed) if not is_weak(slot)]
    if not strong:
        return placed
    for i, slot in enumerate(slots):
        onset, length = placed[i]
        keep = max(slot.notes, max(strong) - 1)
        if slot.kind != "unstressed" or length < max(strong) or keep >= length:
            continue
        if i > 0 and not is_weak(slots[i - 1]):
            before, held = placed[i - 1]
            placed[i - 1] = (before, held + length - keep)
            placed[i] = (onset + length - keep, keep)
            strong = [n for s, (_, n) in zip(slots, placed) if not is_weak(s)]
        else:  # nothing stressed to hold instead: the weak syllable is cut short, a rest follows
            placed[i] = (onset, keep)
    return _stress_holds(slots, placed, grid)


def augmented(slots: list[SyllableSlot], placed: list[tuple[int, int]], grid: int, bar_steps: int):
    """The rhythm at twice its lengths, for a short line in a phrase twice as long as it
    needs (a ballad's "Lou-der, lou-der" stretched over four bars rather than sung in two and
    followed by two empty ones): every onset doubled keeps its metrical weight (a strong beat
    becomes a downbeat). A weak syllable keeps its own length (a beat at least) and the
    stressed syllable before it holds the rest (a bar at most, as the style's own lengths),
    so the length goes to stressed vowels; what is left is a rest after the weak syllable,
    and the last note is held a bar at most."""
    out = [(2 * onset, 2 * length) for onset, length in placed]
    for i, slot in enumerate(slots):
        onset, length = out[i]
        keep = max(placed[i][1], min(length, grid))
        if not is_weak(slot) or keep >= length:
            continue
        if i > 0 and not is_weak(slots[i - 1]):
            before, held = out[i - 1]
            grown = min(held + length - keep, max(bar_steps, held))
            out[i - 1], out[i] = (before, grown), (before + grown, keep)
        else:  # nothing stressed before it to hold: the weak syllable stays short, a rest follows
            out[i] = (onset, keep)
    onset, length = out[-1]
    out[-1] = (onset, min(length, max(bar_steps, slots[-1].notes)))
    return out


def _stress_holds(slots: list[SyllableSlot], placed: list[tuple[int, int]], grid: int) -> list[tuple[int, int]]:
    """Inside a line too, a weak syllable held past a beat and longer than the stressed one
    before it ("sail-iiing") gives its length to that stress ("saaail-ing"): the two swap
    lengths, so only the weak syllable's onset moves."""
    placed = list(placed)
    for i in range(1, len(slots)):
        (before, held), (_, length) = placed[i - 1], placed[i]
        swap = is_weak(slots[i]) and not is_weak(slots[i - 1]) and length > max(grid, held)
        if swap and held >= slots[i].notes and length >= slots[i - 1].notes:
            placed[i - 1], placed[i] = (before, length), (before + length, held)
    return placed


def _sample(log_weights: np.ndarray, rng: np.random.Generator) -> int:
    weights = np.exp(log_weights - log_weights.max())
    weights[log_weights <= NEG / 2] = 0.0
    return int(rng.choice(len(weights), p=weights / weights.sum()))


def bars_for(slots: list[SyllableSlot], style: RhythmStyle, meter: Meter) -> int:
    """Bars the line's phrase takes: the shortest of the style's phrase lengths that holds the
    syllables at the style's delivery (up to ``DELIVERY_SLACK`` faster), after the line's last
    note and its breath; a longer line takes whole multiples of the longest phrase (it never
    drops a syllable), as many as make its delivery nearest the style's: a line a little too
    long for four bars sings a little faster rather than leave four of eight bars empty (its
    notes are the style's lengths, so a line cannot slow down to fill a phrase)."""
    beats_per_bar = meter.bar_ticks // meter.beat_ticks
    notes = sum(s.notes for s in slots)
    ending = (style.line_end + style.breath) / style.grid
    rate = style.syllables_per_beat * DELIVERY_SLACK
    for bars in style.phrase_bars:
        if (bars * beats_per_bar - ending) * rate >= notes:
            return bars
    longest = style.phrase_bars[-1]
    span = longest * beats_per_bar
    more = -(-int(np.ceil(notes / rate + ending)) // span)
    off = lambda m: abs(np.log(notes / ((m * span - ending) * style.syllables_per_beat)))  # noqa: E731
    return longest * min((m for m in (more - 1, more) if m >= 1), key=off)


def _with_model_lengths(style: RhythmStyle, model: list[tuple[int, int]]) -> dict[int, float]:
    """The style's lengths and their weights, with those inside the model line (a hook that
    swapped a dotted pair sings it again) added at the style's rarest weight."""
    rarest = min(style.lengths.values())
    return {length: rarest for _, length in model[:-1]} | dict(style.lengths)


def _fits(slots, candidate, levels, low: int, style: RhythmStyle, lengths, ends_line: bool = True) -> bool:
    """Stresses on strong beats, no weak syllable on a downbeat, no weak syllable longer than
    a beat (a function word two), every length inside the line one of ``lengths`` (the line's
    last syllable, when ``candidate`` ends the line, may be held as long as it likes)."""
    for i, (slot, (onset, length)) in enumerate(zip(slots, candidate)):
        level, inside = levels[onset - low], i < len(slots) - 1 or not ends_line
        if (slot.kind == "primary" and level < 3) or (slot.kind == "unstressed" and level == 4):
            return False
        longest = style.grid * (2 if slot.kind == "function" else 1)
        if (inside and length not in lengths) or (is_weak(slot) and length > longest):
            return False
    return True


def _weak_held_longest(slots: list[SyllableSlot], candidate: list[tuple[int, int]]) -> bool:
    """A weak syllable would be the line's longest note (a hook's long note on the "-ing" of
    "morning"): those words do not fit that rhythm."""
    weak = [length for slot, (_, length) in zip(slots, candidate) if slot.kind == "unstressed"]
    strong = [length for slot, (_, length) in zip(slots, candidate) if not is_weak(slot)]
    return bool(weak) and max(weak) > max(strong, default=0)


def fit_opening(rhythm: list[tuple[int, int]], slots: list[SyllableSlot], style: RhythmStyle, meter: Meter,
                notes: int) -> list[tuple[int, int]] | None:  # fmt: skip
    """The first ``notes`` (onset, length) of another line's rhythm for these syllables' first
    ``notes`` (a sequence moves a line's opening; the rest of the line goes its own way);
    None when the words do not fit it or either line is too short to have an opening."""
    if min(len(rhythm), len(slots) - 1) < notes or any(s.notes > 1 for s in slots[:notes]):
        return None
    opening = list(rhythm[:notes])
    step_ticks = meter.beat_ticks // style.grid
    low = opening[0][0]
    levels = metrical_levels(meter, step_ticks, opening[-1][0] + opening[-1][1] - low + 1, low)
    fits = _fits(slots[:notes], opening, levels, low, style, _with_model_lengths(style, rhythm), ends_line=False)
    return opening if fits and not _weak_held_longest(slots[:notes], opening) else None


def fit_rhythm(rhythm: list[tuple[int, int]], slots: list[SyllableSlot], style: RhythmStyle, meter: Meter):
    """Another line's rhythm for these syllables (a returning hook, a sequence): as it is for
    as many syllables, with one note split for one more or two joined for one fewer, choosing
    the split or join where the words' stresses land best; None when the words do not fit it
    (a stressed syllable off the strong beats, a weak one on a downbeat, a held syllable)."""
    if len(slots) not in (len(rhythm) - 1, len(rhythm), len(rhythm) + 1) or any(s.notes > 1 for s in slots):
        return None
    step_ticks = meter.beat_ticks // style.grid
    low = min(onset for onset, _ in rhythm)
    span = max(onset + length for onset, length in rhythm) - low + 1
    levels = metrical_levels(meter, step_ticks, span, low)
    candidates = [(list(rhythm), len(rhythm))] if len(slots) == len(rhythm) else []  # (rhythm, first change)
    for j, (onset, length) in enumerate(rhythm):
        if len(slots) > len(rhythm) and length >= 2:  # split at the strongest step inside the note
            cut = max(range(1, length), key=lambda a: (levels[onset + a - low], -abs(2 * a - length)))
            candidates.append((rhythm[:j] + [(onset, cut), (onset + cut, length - cut)] + rhythm[j + 1 :], j))
        if len(slots) < len(rhythm) and j + 1 < len(rhythm) and rhythm[j + 1][0] == onset + length:
            candidates.append((rhythm[:j] + [(onset, length + rhythm[j + 1][1])] + rhythm[j + 2 :], j))
    # a function word held long gives its length to the stress before it ("at" after "wind's")
    candidates += [(_stress_holds(slots, c, style.grid), j) for c, j in candidates]

    weights = _with_model_lengths(style, rhythm)

    def score(option) -> float:
        """How well the words sit in it, and a hook's opening kept: a change inside its first
        notes is heard as a different tune."""
        candidate, changed = option
        inside = zip(slots[:-1], candidate[:-1])
        return (
            sum(PROSODY[s.kind][levels[onset - low]] for s, (onset, _) in zip(slots, candidate))
            + sum(_length_score(s, length, style.grid, weights) for s, (_, length) in inside)
            - OPENING_CHANGE_COST * (changed < HOOK_OPENING)
        )

    def sits(candidate) -> bool:
        return _fits(slots, candidate, levels, low, style, weights) and not _weak_held_longest(slots, candidate)

    good = [option for option in candidates if sits(option[0])]
    return max(good, key=score)[0] if good else None
