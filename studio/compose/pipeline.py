"""The one-call pipeline: lyrics + style (+ seed notes) -> an arranged Song.

lyrics analysis -> song form and the words' rhythm -> pitches -> harmony -> arrangement. Plain Python with
``on_progress(stage, fraction)`` and ``should_stop()`` (DESIGN rule 3); the models are
passed in, loaded once by whoever owns them (the CLI, the window's worker).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from studio.compose.arrange import CHANNELS, ChordSlot, Span, arrange
from studio.compose.form import plan_vocal
from studio.compose.harmony import HarmonyModel
from studio.compose.progression import plan_chords, slot_ticks, tonic_state
from studio.compose.request import SongRequest
from studio.compose.styles import Style, get_style
from studio.core.errors import Cancelled, LyricsError
from studio.core.lyrics import analyse_lyrics
from studio.core.progress import part, silent
from studio.core.song import (
    DEFAULT_KEYS,
    VOICE_RANGES,
    VOICES,
    ChordLabel,
    KeyChange,
    MeterChange,
    Note,
    Section,
    Song,
    TempoChange,
    Track,
)
from studio.core.theory import CHORD_STATES, Key, chord_state, chord_symbol, chord_tones, estimate_key
from studio.ml.generate import MelodyRequest, generate_melody

# The song's last note comes home over the tonic from the slot it is struck in: on the last
# slot alone, a chorale's final note held over four one-beat slots was struck over V.
CADENCE_BONUS = 6.0
# A note struck on a strong beat counts this many times its length when a melody-first
# style chooses a chord for a slot of several beats: the listener hears the chord against
# the accented note, and duration alone let a bar's passing notes outvote it (folk songs
# had 0.77 of their strong-beat notes on chord tones, jigs 0.67; counted triple, 0.94 and
# 0.84). A chorale's one-beat slots need no accent: there it only made the chords restless.
STRONG_NOTE_WEIGHT = 3.0
MAX_SYLLABLES = 2000  # beyond this a song would run for over an hour


@dataclass(frozen=True)
class Models:
    melody: object  # studio.ml.model.MelodyTransformer
    harmony: HarmonyModel


def _stop_check(should_stop: Callable[[], bool] | None, stage: str) -> None:
    if should_stop and should_stop():
        raise Cancelled(f"generation was cancelled during {stage}")


def generate(
    request: SongRequest,
    models: Models,
    on_progress: Callable[[str, float], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    chords: list[ChordSlot] | None = None,
) -> Song:
    """The song for ``request``; ``chords`` (song ticks) replaces a loop style's planned
    progression, so a regenerated stretch follows the chords the song already has."""
    report = on_progress or silent
    report("lyrics", 0.0)
    analysis = analyse_lyrics(request.lyrics)
    if analysis.is_empty:
        raise LyricsError("the lyrics have nothing to sing: type some words first")
    if len(analysis.syllables) > MAX_SYLLABLES:
        raise LyricsError(f"the lyrics have {len(analysis.syllables)} syllables; Studio sings up to {MAX_SYLLABLES}")
    style = get_style(request.style)
    minor_style = style.harmony_bonus.get(chord_state(0, "min"), 0.0) > 0  # the style prefers i over I
    voice = request.voice or style.voice
    key = request.key or _key_for(request.seed_notes, voice, "minor" if minor_style else "major")
    meter, bar = style.meter, style.meter.bar_ticks
    tempo = float(request.tempo or style.default_tempo)
    _stop_check(should_stop, "the lyrics")

    temperature = request.temperature if request.temperature is not None else style.temperature
    report("form", 0.05)
    form, rhythm = plan_vocal(analysis, style, 0, request.seed, temperature, request.seed_notes, tempo)
    shift = request.intro_bars * bar
    framing = [Span(0, shift, "intro", "Intro")] if shift else []
    song_spans = framing + [Span(s.start + shift, s.end + shift, s.kind, s.label) for s in form.sections]
    # chords first in loop styles: the progression (the intro playing the verse's loop) is
    # planned now, in song ticks, and the melody follows it
    plan: list[ChordSlot] = []
    if style.loops:
        planned_end = song_spans[-1].end
        rng = np.random.default_rng(request.seed)
        cadences = tuple(t.start + shift for t in rhythm if t.cadence == "full")
        plan = [c for c in chords if c.start < planned_end] if chords else plan_chords(style, key, song_spans, rng,
                                                                                       cadences)  # fmt: skip
    melody_request = MelodyRequest(
        lyrics=analysis,
        style=style.melody_style,
        key=key,
        meter=meter,
        tempo=tempo,
        temperature=temperature,
        seed=request.seed,
        seed_notes=request.seed_notes,
        range_semitones=style.melody_range,
        density=style.density,
        rhythm=rhythm,
        repeat_penalty=style.repeat_penalty,
        run_cost=style.run_cost,
        chords=tuple((c.start - shift, c.end - shift, chord_tones(c.state)) for c in plan if c.end > shift),
        voice_range=VOICE_RANGES.get(voice),
        leap=style.shape.leap,
    )
    melody_report = part(report, 0.1, 0.7)
    result = generate_melody(models.melody, melody_request, lambda _, f: melody_report("melody", f), should_stop)
    # Written in the voice's range (the melody request holds it): the Vocal track then holds
    # what the vocal stem sings. The musician's seed notes stay exactly where they were drawn.
    melody = tuple(
        Note(n.pitch, n.start + shift, n.duration, n.velocity, n.lyric, n.joins_next, n.seed) for n in result.notes
    )
    sung_end = max(form.end + shift, -(-max(n.end for n in melody) // bar) * bar)
    spans = list(song_spans)
    if spans and spans[-1].end < sung_end:
        spans[-1] = Span(spans[-1].start, sung_end, spans[-1].kind, spans[-1].label)
    if request.outro_bars:
        spans.append(Span(sung_end, sung_end + request.outro_bars * bar, "outro", "Outro"))
    _stop_check(should_stop, "the melody")

    report("harmony", 0.75)
    if plan:  # the intro is in the plan already: only the outro is framed
        slots = framed(plan, key, 0, sung_end, bar, request.outro_bars)
    else:
        slots = harmonize(models.harmony, style, key, melody, shift, sung_end, bar, request.outro_bars)
    _stop_check(should_stop, "the harmony")

    report("arrangement", 0.85)
    tracks = arrange(style, key, melody, spans, slots, bar)
    # Without the vocal (a backing track) the melody stays in the song, muted.
    vocal = Track("Vocal", style.instruments.get("vocal", 53), CHANNELS["vocal"], melody, muted=not request.vocal)
    song = Song(
        title=request.title,
        tracks=(vocal, *tracks),
        tempos=(TempoChange(0, tempo),),
        meters=(MeterChange(0, meter),),
        keys=(KeyChange(0, key),),
        sections=tuple(Section(s.start, s.kind, s.label) for s in spans),
        chords=tuple(_chord_labels(slots, key)),
        lyrics=request.lyrics,
        style=style.id,
        voice=voice,
        phrases=tuple(phrase.start + shift for phrase in form.phrases),
    )
    report("done", 1.0)
    return song


def harmonize(
    model: HarmonyModel,
    style: Style,
    key: Key,
    melody: tuple[Note, ...],
    start: int,
    end: int,
    bar: int,
    outro_bars: int = 1,
) -> list[ChordSlot]:
    """Chord slots for the whole song: the tonic under the intro and the ending, the HMM's
    choice (with the style's colour and a cadence home) under the sung part."""
    size = slot_ticks(style)
    edges = list(range(start, end, size))
    weights = np.zeros((len(edges), 12))
    beat, strong_beats = style.meter.beat_ticks, style.meter.strong_beats()
    accent = STRONG_NOTE_WEIGHT if size > beat else 1.0
    for note in melody:  # only the slots a note overlaps, not every slot for every note
        first = max(0, (note.start - start) // size)
        accented = note.start % beat == 0 and (note.start % bar) // beat in strong_beats
        for i in range(first, min(len(edges), (note.end - 1 - start) // size + 1)):
            overlap = min(note.end, edges[i] + size) - max(note.start, edges[i])
            weight = accent if accented and i == first else 1.0
            weights[i, (note.pitch - key.tonic) % 12] += weight * overlap / size
    preference = np.zeros((len(edges), CHORD_STATES))
    for state, bonus in style.harmony_bonus.items():
        preference[:, state] += bonus
    last = max((n.start for n in melody), default=end - 1)  # an edited melody may be out of order
    preference[max(0, min(len(edges) - 1, (last - start) // size)) :, tonic_state(key)] += CADENCE_BONUS
    states = model.harmonize(weights, key.mode, preference)
    return framed([ChordSlot(edge, edge + size, state) for edge, state in zip(edges, states)], key, start, end, bar,
                  outro_bars)  # fmt: skip


def _key_for(seed_notes, voice: str, mode: str) -> Key:
    """The key of a song the musician gave none: the seed notes' (Krumhansl-Schmuckler over
    their lengths, read in the style's mode, so C-E-G under a minor style is A minor), else
    the voice's (``DEFAULT_KEYS``: G major for a man, C for a woman)."""
    if not seed_notes:
        return DEFAULT_KEYS.get(voice, DEFAULT_KEYS[VOICES[0]])[mode]
    heard = estimate_key((n.pitch, n.duration) for n in seed_notes)
    return heard if heard.mode == mode else heard.relative


def framed(slots: list[ChordSlot], key: Key, start: int, end: int, bar: int, outro_bars: int) -> list[ChordSlot]:
    """The sung part's chords with the tonic under the intro (before ``start``) and the
    outro (after ``end``), and the sung part's last chord held to ``end``."""
    tonic = tonic_state(key)
    framed_slots = [ChordSlot(0, start, tonic)] if start else []
    framed_slots += slots
    if slots and slots[-1].end < end:  # a new list: the caller's slots stay as they were
        framed_slots[-1] = ChordSlot(slots[-1].start, end, slots[-1].state)
    if outro_bars:
        framed_slots.append(ChordSlot(end, end + outro_bars * bar, tonic))
    return framed_slots


def _chord_labels(slots: list[ChordSlot], key: Key) -> list[ChordLabel]:
    labels: list[ChordLabel] = []
    for slot in slots:
        symbol = chord_symbol(slot.state, key.tonic, key.uses_flats)
        if labels and labels[-1].symbol == symbol and labels[-1].start + labels[-1].duration == slot.start:
            last = labels.pop()
            labels.append(ChordLabel(last.start, last.duration + slot.end - slot.start, symbol))
        else:
            labels.append(ChordLabel(slot.start, slot.end - slot.start, symbol))
    return labels
