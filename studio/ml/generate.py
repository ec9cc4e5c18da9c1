"""generate_melody: the vocal line for the musician's lyrics, decoded token by token.

Plain Python with callbacks (DESIGN rule 3). The model proposes; the masks in
``constraints`` dispose: every syllable gets its notes in order, a held syllable gets
more, stressed syllables of longer words start on a beat, each line ends on a long note,
and the line stays in key within a singable range. Same request and seed, same melody.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

import torch

from studio.core.errors import Cancelled, StudioError
from studio.core.lyrics import LyricsAnalysis, Syllable
from studio.core.song import Note
from studio.core.theory import Key, Meter
from studio.ml import constraints
from studio.ml.model import MelodyTransformer
from studio.ml.tokens import BAR, STEP, TOKEN_ID, VOCABULARY, meter_token

STRONG_BEAT_BONUS = 1.5  # logits added to strong-beat onsets for stressed syllables
GUIDE_BONUS = 8.0  # logits toward the earlier verse or chorus note when the words changed (e^8: ~98%)
INSTRUMENTAL_BARS = 8


@dataclass(frozen=True)
class MelodyRequest:
    lyrics: LyricsAnalysis | None = None
    style: str = "essen"
    key: Key = field(default_factory=lambda: Key(0, "major"))
    meter: Meter = field(default_factory=Meter)
    tempo: float = 100.0
    temperature: float = 0.9
    top_p: float = 0.95
    seed: int = 0
    seed_notes: tuple[Note, ...] = ()
    range_semitones: int = 17  # a tenth to a twelfth is what an untrained voice sings
    in_key: bool = True
    density: float = 1.0  # >1 favours shorter notes (hip-hop), <1 longer ones (ballad)


@dataclass(frozen=True)
class _Slot:
    """One note to write: the syllable it starts (None for a held or melisma note)."""

    syllable: Syllable | None
    word_is_long: bool = False
    section: int = 0  # index into the lyrics' sections
    opens_section: bool = False


@dataclass(frozen=True)
class MelodyResult:
    notes: tuple[Note, ...]
    sections: tuple[tuple[str, int], ...] = ()  # (label, start tick on a bar line) per lyric section


def _plan(lyrics: LyricsAnalysis | None) -> list[_Slot]:
    slots: list[_Slot] = []
    if lyrics is None:
        return slots
    for number, section in enumerate(lyrics.sections):
        first = True
        for line in section.lines:
            for word in line.words:
                for syllable in word.syllables:
                    slots.append(_Slot(syllable, len(word.syllables) > 1, number, first))
                    slots += [_Slot(None, section=number)] * (syllable.notes - 1)
                    first = False
    return slots


def tonic_pitch(key: Key) -> int:
    """The tonic in the octave a guide vocal sits in: F#3..F4."""
    pitch = 60 + key.tonic
    return pitch - 12 if pitch > 65 else pitch


class _Decoder:
    def __init__(self, model: MelodyTransformer, request: MelodyRequest):
        self.model = model
        self.request = request
        self.generator = torch.Generator().manual_seed(request.seed)
        self.header = [
            TOKEN_ID["<bos>"],
            TOKEN_ID[f"style:{request.style}"] if f"style:{request.style}" in TOKEN_ID else TOKEN_ID["style:essen"],
            meter_token(request.meter.numerator, request.meter.denominator),
            TOKEN_ID[f"mode:{request.key.mode}"],
        ]
        self.tokens: list[int] = []
        self.caches = None
        self.fed = 0  # tokens already in the cache
        self.logits = None

    def _sync(self) -> None:
        """Bring the cache up to date with self.tokens, sliding the window when it is full."""
        context = self.model.config.context
        if len(self.tokens) >= context:
            # keep the header and the most recent half context, starting on a bar line
            recent = self.tokens[-(context // 2) :]
            if BAR in recent:
                recent = recent[recent.index(BAR) :]
            self.tokens = self.header + recent
            self.caches, self.fed = None, 0
        if self.fed < len(self.tokens):
            device = self.model.head.weight.device  # CUDA or MPS when the studio runs there
            new = torch.tensor([self.tokens[self.fed :]], dtype=torch.long, device=device)
            logits, self.caches = self.model.step(new, self.caches, start=self.fed)
            self.logits = logits[0, -1].float().cpu()  # sampling stays on the CPU: same seed, same melody
            self.fed = len(self.tokens)

    def push(self, token: int) -> None:
        self.tokens.append(token)

    def choose(self, allowed: list[int], bonus: dict[int, float] | None = None) -> int:
        """Sample one of ``allowed`` from the model's distribution (temperature, top-p)."""
        if len(allowed) == 1:
            self.push(allowed[0])
            return allowed[0]
        self._sync()
        index = torch.tensor(allowed)
        logits = self.logits[index] / max(self.request.temperature, 1e-3)
        if bonus:
            logits = logits + torch.tensor([bonus.get(t, 0.0) for t in allowed])
        probabilities = torch.softmax(logits, dim=0)
        ordered, order = torch.sort(probabilities, descending=True)
        keep = torch.cumsum(ordered, 0) - ordered < self.request.top_p  # nucleus, always >= 1
        ordered = ordered * keep
        choice = order[torch.multinomial(ordered / ordered.sum(), 1, generator=self.generator)].item()
        self.push(allowed[choice])
        return allowed[choice]


@contextmanager
def _one_thread():
    """Decoding is one token at a time with small matrices: a second thread gains nothing
    and, on a busy machine, oversubscription made a 2 s melody take 60 s (measured)."""
    before = torch.get_num_threads()
    if before == 1:  # already (the window's worker sets it once): changing it rebuilds the
        yield  # thread pool while holding Python's lock, a 100 ms freeze of the GUI thread
        return
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def generate_melody(
    model: MelodyTransformer,
    request: MelodyRequest,
    on_progress: Callable[[str, float], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> MelodyResult:
    """The melody as Notes carrying the syllable each starts (lyric text, joins_next).

    Each lyric section starts on a bar line; a section that repeats an earlier one (a
    chorus) sings the same notes again, which the model then hears as context.
    """
    with _one_thread(), torch.inference_mode():
        return _generate(model, request, on_progress, should_stop)


def _generate(model, request, on_progress, should_stop) -> MelodyResult:
    slots = _plan(request.lyrics)
    if request.lyrics is not None and not slots:
        raise StudioError("the lyrics have nothing to sing")
    meter = request.meter
    bar_steps = meter.bar_ticks // STEP
    tonic = tonic_pitch(request.key)
    low = -5 if request.key.mode == "major" else -7  # a fourth or fifth below the tonic
    if request.seed_notes:  # the musician's opening sets the register: centre the range on it
        seed_pitches = sorted(n.pitch - tonic for n in request.seed_notes)
        low = seed_pitches[len(seed_pitches) // 2] - request.range_semitones // 2
    high = low + request.range_semitones
    allowed_pitches = constraints.pitches(request.key.mode, low, high, request.in_key)
    decoder = _Decoder(model, request)
    for token in decoder.header:
        decoder.push(token)
    notes: list[Note] = []
    written: dict[int, list[tuple[int, int, int]]] = {}  # section -> (onset, pitch, length) steps
    starts: dict[int, int] = {}  # section -> start step
    bar, now = -1, 0  # current bar index; earliest onset in steps from the song start
    seed = list(request.seed_notes)
    total = len(slots) if slots else INSTRUMENTAL_BARS * bar_steps
    index = 0
    source = None  # (earlier section to copy or follow, same words?) for the current section
    while (index < len(slots)) if slots else now < total:
        if should_stop and should_stop():
            raise Cancelled("melody generation was cancelled")
        slot = slots[index] if slots else _Slot(None)
        if slot.opens_section:
            if notes:
                now = -(-now // bar_steps) * bar_steps  # the next bar line
            starts[slot.section] = now
            # every earlier section is written by now, so this is decided once per section
            source = _repeated_section(request.lyrics, slot.section, written)
        if seed:
            note = seed.pop(0)
            onset, pitch_rel, length = round(note.start / STEP), note.pitch - tonic, max(1, round(note.duration / STEP))
            bar = _force(decoder, slot, bar, bar_steps, onset, pitch_rel, length)
        elif source is not None and source[1] and len(written.get(slot.section, [])) < len(written[source[0]]):
            copied = written[source[0]][len(written.get(slot.section, []))]
            onset = copied[0] - starts[source[0]] + starts[slot.section]
            pitch_rel, length = copied[1], copied[2]
            bar = _force(decoder, slot, bar, bar_steps, onset, pitch_rel, length)
        else:
            # Same kind of section with other words: follow the earlier one where the new
            # words allow (a guide, not a copy), so verse 2 is recognisably verse 1's tune.
            guide = None
            if source is not None and len(written.get(slot.section, [])) < len(written[source[0]]):
                g = written[source[0]][len(written.get(slot.section, []))]
                guide = (g[0] - starts[source[0]] + starts[slot.section], g[1], g[2])
            stressed = slot.syllable is not None and slot.syllable.stress == 1
            on_beat = stressed and slot.word_is_long
            onset = _choose_onset(decoder, meter, bar, now, on_beat, stressed, guide[0] if guide else None)
            bar = onset // bar_steps
            _push_syllable(decoder, slot)
            pitch_bonus = {constraints.PITCH_TOKENS.get(guide[1]): GUIDE_BONUS} if guide else None
            pitch_rel = int(VOCABULARY[decoder.choose(allowed_pitches, pitch_bonus)][6:])
            line_end = slot.syllable is not None and slot.syllable.line_end and _last_note_of(slots, index)
            min_ticks = meter.beat_ticks if line_end else STEP
            allowed_lengths = constraints.durations(min_ticks, 2 * meter.bar_ticks)
            length_bonus = _density_bonus(allowed_lengths, request.density, meter.beat_ticks)
            if guide:
                length_bonus[constraints.DURATION_TOKENS.get(guide[2])] = GUIDE_BONUS
            length = int(VOCABULARY[decoder.choose(allowed_lengths, length_bonus)][4:])
        written.setdefault(slot.section, []).append((onset, pitch_rel, length))
        syllable = slot.syllable
        notes.append(
            Note(
                max(0, min(127, tonic + pitch_rel)),
                onset * STEP,
                length * STEP,
                90,
                syllable.text if syllable else "",
                bool(syllable and not syllable.word_end),
                seed=len(notes) < len(request.seed_notes),
            )
        )
        now = onset + length
        index += 1
        if on_progress:
            on_progress("melody", index / total if slots else min(1.0, now / total))
    labels = [s.label for s in request.lyrics.sections] if request.lyrics else []
    return MelodyResult(tuple(notes), tuple((labels[k], v * STEP) for k, v in sorted(starts.items()) if labels))


def _repeated_section(lyrics: LyricsAnalysis | None, section: int, written: dict) -> tuple[int, bool] | None:
    """(earlier section to follow, whether its words are the same) once its notes are written.

    A section that repeats word for word sings the same notes; a later section of the same
    kind with new words (verse 2) is guided by the first one of its kind.
    """
    if lyrics is None:
        return None
    current = lyrics.sections[section]
    if current.repeat_of is not None:
        source = next(i for i, s in enumerate(lyrics.sections) if s.label == current.repeat_of)
        if source in written and source != section:
            return source, True
    earlier = [i for i, s in enumerate(lyrics.sections[:section]) if s.kind == current.kind and i in written]
    return (earlier[0], False) if earlier else None


def _force(decoder: _Decoder, slot: _Slot, bar: int, bar_steps: int, onset: int, pitch: int, length: int) -> int:
    """Write a note that is already decided (a seed note, a repeated chorus); returns the bar."""
    while bar < onset // bar_steps:
        decoder.push(BAR)
        bar += 1
    decoder.push(TOKEN_ID[f"pos:{onset - bar * bar_steps}"])
    _push_syllable(decoder, slot)
    decoder.push(constraints.PITCH_TOKENS[max(-24, min(35, pitch))])
    decoder.push(constraints.durations(length * STEP, length * STEP)[0])
    return bar


def _density_bonus(allowed: list[int], density: float, beat_ticks: int) -> dict[int, float]:
    """Logit bonus per duration: log(density) per halving of the note against the beat."""
    if density == 1.0:
        return {}
    weight = math.log(density)
    return {t: -weight * math.log2(int(VOCABULARY[t][4:]) * STEP / beat_ticks) for t in allowed}


def _last_note_of(slots: list[_Slot], index: int) -> bool:
    """True when no held note of the same syllable follows."""
    return index + 1 >= len(slots) or slots[index + 1].syllable is not None


def _push_syllable(decoder: _Decoder, slot: _Slot) -> None:
    if slot.syllable is None:
        return
    decoder.push(TOKEN_ID["syl:word" if slot.syllable.word_start else "syl:cont"])
    if slot.syllable.line_end:
        decoder.push(TOKEN_ID["eol"])


def _choose_onset(
    decoder: _Decoder, meter: Meter, bar: int, now: int, on_beat: bool, stressed: bool, guide: int | None = None
) -> int:
    """Write <bar> and pos tokens; returns the onset in steps from the song start.

    The model may rest to the next bar line once per note (a <bar> instead of a pos), never
    for several empty bars in a row.
    """
    bar_steps = meter.bar_ticks // STEP
    rested = False
    while True:
        allowed = constraints.positions(meter, now - bar * bar_steps, on_beat) if bar >= 0 else []
        if not allowed:  # before the first bar, or nothing left in this one
            decoder.push(BAR)
            bar += 1
            now = max(now, bar * bar_steps)
            continue
        bonus = {}
        if stressed:
            bonus = {t: STRONG_BEAT_BONUS for t in allowed if meter.beat_strength(_pos(t) * STEP) >= 0.5}
        if guide is not None:  # the earlier section's onset: in this bar, or a later one
            if guide // bar_steps == bar:
                bonus[constraints.POSITION_TOKENS[guide - bar * bar_steps]] = GUIDE_BONUS
            elif guide // bar_steps > bar:
                bonus[BAR] = GUIDE_BONUS
        token = decoder.choose(allowed + ([] if rested else [BAR]), bonus)
        if token != BAR:
            return bar * bar_steps + _pos(token)
        rested = True
        bar += 1
        now = max(now, bar * bar_steps)


def _pos(token: int) -> int:
    return int(VOCABULARY[token][4:])
